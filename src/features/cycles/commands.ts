import type { RawInput } from "../../kit/parsing/text-command.js";

/** A stage of a sales cycle: the cycle's code or name (default cycle when absent), the stage's id or name. */
type StageTarget = { readonly cycle?: string; readonly stage: string };

export type CycleCommand =
  | { readonly kind: "cycle.show"; readonly cycle?: string }
  /** The stage form: adding to the cycle without a stage, editing the stage with one. */
  | { readonly kind: "cycle.stage.form"; readonly cycle?: string; readonly stage?: string }
  | { readonly kind: "cycle.stage.add"; readonly cycle?: string; readonly input: RawInput }
  | ({ readonly kind: "cycle.stage.update"; readonly input: RawInput } & StageTarget)
  /** `to`: one step, or a 1-based position. */
  | ({ readonly kind: "cycle.stage.move"; readonly to: "up" | "down" | number } & StageTarget)
  | ({
      readonly kind: "cycle.stage.default" | "cycle.activities.form" | "cycle.stage.delete.form";
    } & StageTarget)
  | ({
      readonly kind: "cycle.activities.save";
      readonly rows: readonly { readonly name: string; readonly days: string; readonly reminder: boolean }[];
    } & StageTarget)
  /** `replacement`: a stage, "none" to leave the opportunities without a stage, "" when not chosen yet. */
  | ({
      readonly kind: "cycle.stage.delete";
      readonly replacement: string;
      readonly moveActivities: boolean;
    } & StageTarget)
  | { readonly kind: "closecode.form" }
  | { readonly kind: "closecode.add"; readonly input: RawInput }
  | { readonly kind: "closecode.list" };

/** A command's cycle, present only when one was named (the default cycle otherwise). */
export const withCycle = (cycle: string | undefined) => (cycle ? { cycle } : {});

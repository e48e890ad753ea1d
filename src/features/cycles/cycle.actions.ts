import * as z from "zod";
import { withCycle, type CycleCommand } from "./commands.js";
import { activityFieldSchema, activityRowsSchema, yesNo } from "./cycle.input.js";

// Card verbs: one schema each. Field values stay raw here (the stage and close-code input schemas read them
// when the command runs, so a form can show each problem next to its field); shapes and sizes are checked.

const cycleCode = z.string().trim().min(1).max(60);
const stageRef = z.string().trim().min(1).max(80);
const field = activityFieldSchema.optional();
const stageFields = { name: field, completed: field, chance: field, skip: field, quote: field };
const target = { cycle: cycleCode.optional(), stage: stageRef };

const defined = (input: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));

const stageTarget = (kind: "cycle.stage.default" | "cycle.activities.form" | "cycle.stage.delete.form") =>
  z.object(target).transform(({ cycle, stage }): CycleCommand => ({ kind, stage, ...withCycle(cycle) }));

/** The card verbs of the cycles feature, each with a maker of its submission's schema (built at first press). */
export const cycleActions = {
  "cycle.show": () =>
    z
      .object({ cycle: cycleCode.optional() })
      .transform(({ cycle }): CycleCommand => ({ kind: "cycle.show", ...withCycle(cycle) })),
  "cycle.stage.form": () =>
    z
      .object({ cycle: cycleCode.optional(), stage: stageRef.optional() })
      .transform(({ cycle, stage }): CycleCommand => ({
        kind: "cycle.stage.form",
        ...withCycle(cycle),
        ...(stage ? { stage } : {}),
      })),
  "cycle.stage.add": () =>
    z
      .object({ cycle: cycleCode.optional(), ...stageFields, position: field })
      .transform(({ cycle, ...input }): CycleCommand => ({
        kind: "cycle.stage.add",
        ...withCycle(cycle),
        input: defined(input),
      })),
  "cycle.stage.update": () =>
    z.object({ ...target, ...stageFields }).transform(({ cycle, stage, ...input }): CycleCommand => ({
      kind: "cycle.stage.update",
      stage,
      ...withCycle(cycle),
      input: defined(input),
    })),
  "cycle.stage.move": () =>
    z
      .object({ ...target, direction: z.enum(["up", "down"]) })
      .transform(({ cycle, stage, direction }): CycleCommand => ({
        kind: "cycle.stage.move",
        stage,
        to: direction,
        ...withCycle(cycle),
      })),
  "cycle.stage.default": () => stageTarget("cycle.stage.default"),
  "cycle.activities.form": () => stageTarget("cycle.activities.form"),
  "cycle.activities.save": () =>
    z.looseObject(target).transform(({ cycle, stage, ...rest }, ctx): CycleCommand => {
      const rows = activityRowsSchema.safeParse(rest);
      if (!rows.success) {
        ctx.addIssue({ code: "custom", message: "activity rows" });
        return z.NEVER;
      }
      return { kind: "cycle.activities.save", stage, ...withCycle(cycle), rows: rows.data };
    }),
  "cycle.stage.delete.form": () => stageTarget("cycle.stage.delete.form"),
  "cycle.stage.delete": () =>
    z
      .object({ ...target, replacement: z.string().trim().max(80).default(""), activities: yesNo })
      .transform(({ cycle, stage, replacement, activities }): CycleCommand => ({
        kind: "cycle.stage.delete",
        stage,
        ...withCycle(cycle),
        replacement,
        moveActivities: activities ?? false,
      })),
  "closecode.form": () => z.object({}).transform((): CycleCommand => ({ kind: "closecode.form" })),
  "closecode.add": () =>
    z
      .object({ code: field, type: field, description: field })
      .transform((input): CycleCommand => ({ kind: "closecode.add", input: defined(input) })),
  "closecode.list": () => z.object({}).transform((): CycleCommand => ({ kind: "closecode.list" })),
} satisfies Record<CycleCommand["kind"], () => z.ZodType<CycleCommand>>;

import { cycleName, stageName } from "../../kit/rendering/built-in-names.js";
import { splitKeyValues } from "../../kit/parsing/arguments.js";
import { withCycle, type CycleCommand } from "./commands.js";
import { cycleActions } from "./cycle.actions.js";
import {
  activitiesOf,
  newStageDraft,
  parseCloseCodeInput,
  parseStageInput,
  stageAddKeys,
  stageEditKeys,
  yesNo,
} from "./cycle.input.js";
import {
  missing,
  noArguments,
  parsed,
  usage,
  type CommandName,
  type ParsedText,
  staff,
  managers,
} from "../../kit/parsing/text-command.js";
import {
  activitiesFormView,
  closeCodeFormView,
  closeCodeListView,
  cycleProblemsText,
  cycleView,
  deleteFormView,
  stageFormView,
} from "./cycle.views.js";
import type { ViewContext } from "../../kit/rendering/view-context.js";
import type { SalesCycle } from "../../domain/cycles/cycle.js";
import type { CycleState, StageDeletion, StageState } from "../../domain/setup/cycle-admin.service.js";
import { mayCustomiseCycles } from "../../domain/setup/tenant-setup.js";
import type { Actor } from "../../domain/shared/actor.js";
import type { Failure, FieldProblem } from "../../domain/shared/result.js";
import { failureText } from "../../kit/replies/failure-text.js";
import type { Feature, FeatureContext, Handlers, OfKind, View } from "../../kit/feature.js";

// ---------------------------------------------------------------------------------------------------------
// Text commands. Words before the first key=value name the stage (`cycle stage edit Needs analysis chance=30`).

function stageWords(
  name: CommandName,
  args: readonly string[],
  keys: readonly string[],
  make: (stage: string, values: Readonly<Record<string, string>>) => ParsedText<CycleCommand>,
): ParsedText<CycleCommand> {
  const split = splitKeyValues(args, keys);
  if (!split.ok) return usage(name, split.error);
  const stage = split.args.words.join(" ");
  if (!stage) return missing(name);
  return make(stage, split.args.values);
}

const withoutCycle = (values: Readonly<Record<string, string>>) => {
  const { cycle: _cycle, ...rest } = values;
  return rest;
};

const textCommands = [
  {
    name: "cycle show",
    usage: "cycle show [‹cycle›]",
    roles: staff,
    parse: (args: readonly string[]) =>
      parsed({ kind: "cycle.show", ...withCycle(args.join(" ") || undefined) }),
  },
  {
    name: "cycle stage add",
    usage: "cycle stage add ‹name› [completed=‹n›] [chance=‹n›] [skip=yes|no] [quote=yes|no] [position=‹n›]",
    roles: ["admin"],
    parse(args: readonly string[]): ParsedText<CycleCommand> {
      if (args.length === 0) return parsed({ kind: "cycle.stage.form" });
      const split = splitKeyValues(args, stageAddKeys);
      if (!split.ok) return usage("cycle stage add", split.error);
      const { values, words } = split.args;
      return parsed({
        kind: "cycle.stage.add",
        ...withCycle(values.cycle),
        input: { ...withoutCycle(values), name: words.join(" ") },
      });
    },
  },
  {
    name: "cycle stage edit",
    usage:
      "cycle stage edit ‹stage› [name=‹new name›] [completed=‹n›] [chance=‹n›] [skip=yes|no] [quote=yes|no]",
    roles: ["admin"],
    parse: (args: readonly string[]) =>
      stageWords("cycle stage edit", args, stageEditKeys, (stage, values) => {
        const input = withoutCycle(values);
        return Object.keys(input).length === 0
          ? parsed({ kind: "cycle.stage.form", stage, ...withCycle(values.cycle) })
          : parsed({ kind: "cycle.stage.update", stage, ...withCycle(values.cycle), input });
      }),
  },
  {
    name: "cycle stage move",
    usage: "cycle stage move ‹stage› up|down|‹position›",
    roles: ["admin"],
    parse(args: readonly string[]): ParsedText<CycleCommand> {
      const split = splitKeyValues(args, ["cycle"]);
      if (!split.ok) return usage("cycle stage move", split.error);
      const words = [...split.args.words];
      const direction = words.pop()?.toLowerCase();
      if (direction === undefined || words.length === 0) return missing("cycle stage move");
      const position = /^\d{1,3}$/.test(direction) ? Number(direction) : undefined;
      if (direction !== "up" && direction !== "down" && !position) {
        return usage("cycle stage move", { code: "cycle.move_direction", params: { value: direction } });
      }
      return parsed({
        kind: "cycle.stage.move",
        stage: words.join(" "),
        to: position ?? (direction as "up" | "down"),
        ...withCycle(split.args.values.cycle),
      });
    },
  },
  {
    name: "cycle stage default",
    usage: "cycle stage default ‹stage›",
    roles: ["admin"],
    parse: (args: readonly string[]) =>
      stageWords("cycle stage default", args, ["cycle"], (stage, values) =>
        parsed({ kind: "cycle.stage.default", stage, ...withCycle(values.cycle) }),
      ),
  },
  {
    name: "cycle stage activities",
    usage: "cycle stage activities ‹stage›",
    roles: ["admin"],
    parse: (args: readonly string[]) =>
      stageWords("cycle stage activities", args, ["cycle"], (stage, values) =>
        parsed({ kind: "cycle.activities.form", stage, ...withCycle(values.cycle) }),
      ),
  },
  {
    name: "cycle stage delete",
    usage: "cycle stage delete ‹stage› [replace=‹stage›|none] [activities=yes|no]",
    roles: ["admin"],
    parse: (args: readonly string[]) =>
      stageWords("cycle stage delete", args, ["replace", "activities", "cycle"], (stage, values) => {
        if (values.replace === undefined)
          return parsed({ kind: "cycle.stage.delete.form", stage, ...withCycle(values.cycle) });
        const activities = yesNo.safeParse(values.activities);
        if (!activities.success) {
          return usage("cycle stage delete", {
            code: "reply.bad_choice",
            params: { value: values.activities ?? "", choices: "yes, no" },
          });
        }
        return parsed({
          kind: "cycle.stage.delete",
          stage,
          ...withCycle(values.cycle),
          replacement: values.replace.trim() || "none",
          moveActivities: activities.data ?? false,
        });
      }),
  },
  {
    name: "closecode list",
    usage: "closecode list",
    roles: staff,
    parse: noArguments("closecode list", { kind: "closecode.list" }),
  },
  {
    name: "closecode add",
    usage: "closecode add ‹code› won|lost ‹description›",
    roles: managers,
    parse(args: readonly string[]): ParsedText<CycleCommand> {
      if (args.length === 0) return parsed({ kind: "closecode.form" });
      const [code, type, ...description] = args;
      if (type === undefined) return missing("closecode add");
      return parsed({ kind: "closecode.add", input: { code, type, description: description.join(" ") } });
    },
  },
] as const;

// ---------------------------------------------------------------------------------------------------------

const stageOf = (state: CycleState | StageState) => ("stage" in state ? state.stage : undefined);

/** A refusal as a sentence; refused edits say who may make them instead of naming the command. */
function refusal(view: ViewContext, error: Failure): string {
  const { t } = view;
  if (error.code === "forbidden" && error.params?.action === "cycle") return t.t("cycle.forbidden");
  if (error.code === "forbidden" && error.params?.action === "closecode add")
    return t.t("closecode.forbidden");
  if (error.code === "invalid") return cycleProblemsText(t, error.fields ?? []);
  return failureText(t, error);
}

function cycleCard(view: ViewContext, actor: Actor, cycle: SalesCycle, notice = ""): View {
  return {
    ...(notice ? { message: notice, messageInCard: true } : {}),
    card: {
      name: "cycle",
      data: cycleView(view, cycle, { canEdit: mayCustomiseCycles(actor) }, notice),
      summary: notice || cycleName(view.t, cycle),
    },
  };
}

function deletionNotice(view: ViewContext, d: StageDeletion): string {
  const { t } = view;
  const sentences = [t.t("cycle.stage.deleted", { stage: stageName(t, d.deleted) })];
  if (d.moved > 0) {
    sentences.push(
      d.replacement
        ? t.t("cycle.stage.moved_to", { count: d.moved, replacement: stageName(t, d.replacement) })
        : t.t("cycle.stage.cleared", { count: d.moved }),
    );
  }
  if (d.activitiesMoved > 0 && d.replacement) {
    sentences.push(
      t.t("cycle.stage.activities_moved", {
        count: d.activitiesMoved,
        replacement: stageName(t, d.replacement),
      }),
    );
  }
  if (d.unmoved > 0) sentences.push(t.t("cycle.stage.unmoved", { count: d.unmoved }));
  if (d.stopped === "unavailable") sentences.push(t.t("cycle.stage.move_stopped"));
  if (d.stopped === "unknown") sentences.push(t.t("cycle.stage.move_stopped_unknown"));
  return sentences.join(" ");
}

const handlers: Handlers<CycleCommand> = {
  "cycle.show": async (command, ctx) => {
    const { actor, view, services } = ctx;
    const cycles = services.cycles;
    const result = await cycles.show(actor, command.cycle);
    return result.ok ? cycleCard(view, actor, result.value.cycle) : { message: refusal(view, result.error) };
  },
  "cycle.stage.form": async (command, ctx) => {
    const { actor, view, services } = ctx;
    const cycles = services.cycles;
    const state = command.stage
      ? await cycles.stageForEditing(actor, command.cycle, command.stage)
      : await cycles.forEditing(actor, command.cycle);
    if (!state.ok) return { message: refusal(view, state.error) };
    const stage = stageOf(state.value);
    const data = stageFormView(view, state.value.cycle, stage ? { stage } : {});
    return { card: { name: "cycle-stage-form", data, summary: data.title } };
  },
  "cycle.stage.add": saveStage,
  "cycle.stage.update": saveStage,
  "cycle.stage.move": async (command, ctx) => {
    const { actor, view, services } = ctx;
    const { t } = view;
    const cycles = services.cycles;
    const to = typeof command.to === "number" ? command.to - 1 : command.to;
    const result = await cycles.moveStage(actor, command.cycle, command.stage, to);
    if (!result.ok) return { message: refusal(view, result.error) };
    const { cycle, stage } = result.value;
    const position = cycle.stages.findIndex((s) => s.id === stage.id) + 1;
    return cycleCard(view, actor, cycle, t.t("cycle.stage.moved", { stage: stageName(t, stage), position }));
  },
  "cycle.stage.default": async (command, ctx) => {
    const { actor, view, services } = ctx;
    const { t } = view;
    const cycles = services.cycles;
    const result = await cycles.setDefaultStage(actor, command.cycle, command.stage);
    if (!result.ok) return { message: refusal(view, result.error) };
    const { cycle, stage } = result.value;
    return cycleCard(view, actor, cycle, t.t("cycle.stage.default_set", { stage: stageName(t, stage) }));
  },
  "cycle.activities.form": async (command, ctx) => {
    const { actor, view, services } = ctx;
    const cycles = services.cycles;
    const state = await cycles.stageForEditing(actor, command.cycle, command.stage);
    if (!state.ok) return { message: refusal(view, state.error) };
    const data = activitiesFormView(view, state.value.cycle, state.value.stage);
    return { card: { name: "cycle-activities-form", data, summary: data.title } };
  },
  "cycle.activities.save": async (command, ctx) => {
    const { actor, view, services } = ctx;
    const { t } = view;
    const cycles = services.cycles;
    const state = await cycles.stageForEditing(actor, command.cycle, command.stage);
    if (!state.ok) return { message: refusal(view, state.error) };
    const result = await cycles.setActivities(
      actor,
      command.cycle,
      command.stage,
      activitiesOf(command.rows),
    );
    if (result.ok) {
      const notice = t.t("cycle.activities.saved", { stage: stageName(t, result.value.stage) });
      return cycleCard(view, actor, result.value.cycle, notice);
    }
    if (result.error.code !== "invalid") return { message: refusal(view, result.error) };
    const problems = result.error.fields ?? [];
    const data = activitiesFormView(view, state.value.cycle, state.value.stage, {
      rows: command.rows,
      problems,
    });
    return {
      message: cycleProblemsText(t, problems),
      messageInCard: true,
      card: { name: "cycle-activities-form", data, summary: data.title },
    };
  },
  "cycle.stage.delete.form": deleteStage,
  "cycle.stage.delete": deleteStage,
  "closecode.form": async (_command, ctx) => {
    const { actor, view, services } = ctx;
    const cycles = services.cycles;
    const allowed = cycles.closeCodeForm(actor);
    if (!allowed.ok) return { message: refusal(view, allowed.error) };
    const data = closeCodeFormView(view);
    return { card: { name: "closecode-form", data, summary: data.title } };
  },
  "closecode.add": async (command, ctx) => {
    const { actor, view, services } = ctx;
    const { t } = view;
    const cycles = services.cycles;
    const allowed = cycles.closeCodeForm(actor);
    if (!allowed.ok) return { message: refusal(view, allowed.error) };
    const input = parseCloseCodeInput(command.input);
    if (!input.ok) {
      const data = closeCodeFormView(view, command.input, input.problems);
      return {
        message: cycleProblemsText(t, input.problems),
        messageInCard: true,
        card: { name: "closecode-form", data, summary: data.title },
      };
    }
    const result = await cycles.addCloseCode(actor, input.code);
    if (!result.ok) return { message: refusal(view, result.error) };
    const notice = t.t("closecode.added", { code: result.value.code.code });
    const data = closeCodeListView(view, result.value.setup, true, notice);
    return {
      message: notice,
      messageInCard: true,
      card: { name: "closecode-list", data, summary: notice },
    };
  },
  "closecode.list": async (_command, ctx) => {
    const { actor, view, services } = ctx;
    const cycles = services.cycles;
    const result = await cycles.closeCodes(actor);
    if (!result.ok) return { message: refusal(view, result.error) };
    const data = closeCodeListView(view, result.value, cycles.closeCodeForm(actor).ok);
    return { card: { name: "closecode-list", data, summary: data.title } };
  },
};

/** Sales cycles and close codes: `cycle show`, the admin's stage edits, and `closecode add|list`. */
export const cyclesFeature: Feature<CycleCommand> = {
  textCommands,
  actions: cycleActions,

  handlers,
};

async function saveStage(
  command: OfKind<CycleCommand, "cycle.stage.add" | "cycle.stage.update">,
  ctx: FeatureContext,
): Promise<View> {
  const { actor, view, services } = ctx;
  const { t } = view;
  const cycles = services.cycles;
  const isAdd = command.kind === "cycle.stage.add";
  const state = isAdd
    ? await cycles.forEditing(actor, command.cycle)
    : await cycles.stageForEditing(actor, command.cycle, command.stage);
  if (!state.ok) return { message: refusal(view, state.error) };
  const stage = stageOf(state.value);
  const form = (problems: readonly FieldProblem[]): View => {
    const data = stageFormView(view, state.value.cycle, {
      ...(stage ? { stage } : {}),
      values: command.input,
      problems,
    });
    return {
      message: cycleProblemsText(t, problems),
      messageInCard: true,
      card: { name: "cycle-stage-form", data, summary: data.title },
    };
  };
  const input = parseStageInput(command.input);
  if (!input.ok) return form(input.problems);
  const result = isAdd
    ? await cycles.addStage(
        actor,
        command.cycle,
        newStageDraft(input.patch),
        input.position === undefined ? undefined : input.position - 1,
      )
    : await cycles.updateStage(actor, command.cycle, command.stage, input.patch);
  if (result.ok) {
    const notice = t.t(isAdd ? "cycle.stage.added" : "cycle.stage.updated", {
      stage: stageName(t, result.value.stage),
    });
    return cycleCard(view, actor, result.value.cycle, notice);
  }
  if (result.error.code === "invalid") return form(result.error.fields ?? []);
  return { message: refusal(view, result.error) };
}

async function deleteStage(
  command: OfKind<CycleCommand, "cycle.stage.delete.form" | "cycle.stage.delete">,
  ctx: FeatureContext,
): Promise<View> {
  const { actor, view, services } = ctx;
  const { t } = view;
  const cycles = services.cycles;
  const state = await cycles.stageForEditing(actor, command.cycle, command.stage);
  if (!state.ok) return { message: refusal(view, state.error) };
  const { cycle, stage } = state.value;
  if (command.kind === "cycle.stage.delete" && command.replacement !== "") {
    const result = await cycles.deleteStage(actor, command.cycle, command.stage, {
      ...(command.replacement.toLowerCase() === "none" ? {} : { replacement: command.replacement }),
      moveActivities: command.moveActivities,
    });
    if (!result.ok) return { message: refusal(view, result.error) };
    return cycleCard(view, actor, result.value.cycle, deletionNotice(view, result.value));
  }
  const count = await cycles.opportunitiesInStage(actor, cycle.code, stage.id);
  if (!count.ok) return { message: refusal(view, count.error) };
  const unchosen = command.kind === "cycle.stage.delete";
  const problems = unchosen ? [{ field: "replacement", problem: "choose" }] : [];
  const data = deleteFormView(view, cycle, stage, count.value, { problems });
  return {
    ...(unchosen ? { message: cycleProblemsText(t, problems), messageInCard: true } : {}),
    card: { name: "cycle-delete-form", data, summary: data.title },
  };
}

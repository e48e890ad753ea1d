import { stageLimits, type SalesCycle, type Stage, type StageActivity } from "../../domain/cycles/cycle.js";
import {
  activityName,
  closeCodeDescription,
  cycleName,
  stageName,
} from "../../kit/rendering/built-in-names.js";
import type { CloseCode, CloseType, TenantSetup } from "../../domain/setup/tenant-setup.js";
import type { FieldProblem } from "../../domain/shared/result.js";
import type { MessageKey, Translator } from "../../i18n/index.js";
import type { ViewContext } from "../../kit/rendering/view-context.js";

/**
 * View models of the sales-cycle cards (cycle, stage form, activities form, delete form, close codes): plain
 * data, every text translated and every key the template reads present.
 */

/**
 * The cycle card stays under Teams' 40 KB: the largest cycle the domain allows (20 stages) needs about 30 KB
 * without activity lists, so past this many bytes of activity text each stage shows a count instead.
 */
const activityTextBudget = 6000;
const utf8 = new TextEncoder();

const fieldLabelKeys: Readonly<Record<string, MessageKey>> = {
  name: "cycle.field.name",
  completed: "cycle.field.completed",
  chance: "cycle.field.chance",
  skip: "cycle.field.skip",
  quote: "cycle.field.quote",
  position: "cycle.field.position",
  activities: "cycle.field.activities",
  replacement: "cycle.field.replacement",
  code: "cycle.field.code",
  type: "cycle.field.type",
  description: "cycle.field.description",
};

const fieldLabel = (t: Translator, field: string) => {
  const key = fieldLabelKeys[field];
  return key ? t.t(key) : field;
};

/** One sentence per problem, with this feature's field names and problem texts. */
export function cycleProblemText(t: Translator, problem: FieldProblem): string {
  const params = { field: fieldLabel(t, problem.field), ...problem.params };
  const own = `cycle.problem.${problem.problem}`;
  const shared = `problem.${problem.problem}`;
  if (t.has(own)) return t.t(own, params);
  return t.has(shared) ? t.t(shared, params) : t.t("problem.text", params);
}

export const cycleProblemsText = (t: Translator, problems: readonly FieldProblem[]) =>
  t.t("reply.invalid", { problems: problems.map((p) => cycleProblemText(t, p)).join(" ") });

function errorsFor<F extends string>(t: Translator, fields: readonly F[], problems: readonly FieldProblem[]) {
  return Object.fromEntries(
    fields.map((f) => {
      const problem = problems.find((p) => p.field === f);
      return [f, problem ? cycleProblemText(t, problem) : ""];
    }),
  ) as Record<F, string>;
}

const text = (v: unknown) => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
/** A number input's value: the number, or null (an empty input) when it is not one. */
const numberOrNull = (v: unknown): number | null => {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && /^\s*-?\d+(\.\d+)?\s*%?\s*$/.test(v)) return Number.parseFloat(v);
  return null;
};
const toggle = (v: unknown): "true" | "false" =>
  v === true || (typeof v === "string" && ["yes", "true", "on", "1"].includes(v.trim().toLowerCase()))
    ? "true"
    : "false";

function activityLine(t: Translator, a: StageActivity): string {
  const line = t.t("cycle.card.activity", { name: activityName(t, a), days: a.durationDays });
  return a.reminder ? `${line} · ${t.t("cycle.card.reminder")}` : line;
}

function stageDetails(t: Translator, stage: Stage): string {
  return [
    t.t("cycle.card.details", { completed: stage.completedPct, chance: stage.chancePct }),
    ...(stage.allowSkip ? [t.t("cycle.card.skip")] : []),
    ...(stage.quoteRequired ? [t.t("cycle.card.quote")] : []),
  ].join(" · ");
}

export interface CycleViewer {
  /** Admins: edit buttons on every stage and "Add stage". */
  readonly canEdit: boolean;
}

export function cycleView(ctx: ViewContext, cycle: SalesCycle, viewer: CycleViewer, notice = "") {
  const { t } = ctx;
  const last = cycle.stages.length - 1;
  const lists = cycle.stages.map((s) => s.activities.map((a) => `- ${activityLine(t, a)}`).join("\n"));
  const full = lists.reduce((sum, l) => sum + utf8.encode(l).length, 0) <= activityTextBudget;
  const defaultStage = cycle.stages.find((s) => s.id === cycle.defaultStageId);
  return {
    title: cycleName(t, cycle),
    notice,
    summary: t.t("cycle.card.summary", {
      count: cycle.stages.length,
      stage: defaultStage ? stageName(t, defaultStage) : "",
    }),
    canEdit: viewer.canEdit,
    cycle: cycle.code,
    stages: cycle.stages.map((stage, i) => {
      const isDefault = stage.id === cycle.defaultStageId;
      return {
        id: stage.id,
        heading: `${i + 1}. ${stageName(t, stage)}`,
        defaultText: isDefault ? t.t("cycle.card.default") : "",
        details: stageDetails(t, stage),
        activities:
          stage.activities.length === 0
            ? t.t("cycle.card.no_activities")
            : full
              ? (lists[i] ?? "")
              : t.t("cycle.card.activity_count", { count: stage.activities.length }),
        showUp: viewer.canEdit && i > 0,
        showDown: viewer.canEdit && i < last,
        showDefault: viewer.canEdit && !isDefault,
        // The default stage and the last stage cannot be deleted, so their cards offer no Delete.
        showDelete: viewer.canEdit && !isDefault && cycle.stages.length > 1,
      };
    }),
    terminal: [
      { name: t.t("cycle.terminal.won"), details: t.t("cycle.terminal.won.details") },
      { name: t.t("cycle.terminal.lost"), details: t.t("cycle.terminal.lost.details") },
    ],
    labels: {
      terminal: t.t("cycle.card.terminal"),
      edit: t.t("cycle.button.edit"),
      activities: t.t("cycle.button.activities"),
      up: t.t("cycle.button.up"),
      down: t.t("cycle.button.down"),
      setDefault: t.t("cycle.button.default"),
      delete: t.t("cycle.button.delete"),
      add: t.t("cycle.button.add"),
      closeCodes: t.t("cycle.button.closecodes"),
    },
  };
}

export const stageFormFields = ["name", "completed", "chance", "skip", "quote", "position"] as const;
type StageFormField = (typeof stageFormFields)[number];

/**
 * The stage form: adding (no stage) or editing (prefilled from the stage). `values` are what was submitted,
 * shown again with `problems` next to their fields; `error` is a refusal that belongs to no single field.
 */
export function stageFormView(
  ctx: ViewContext,
  cycle: SalesCycle,
  options: {
    readonly stage?: Stage;
    readonly values?: Readonly<Record<string, unknown>>;
    readonly problems?: readonly FieldProblem[];
    readonly error?: string;
  } = {},
) {
  const { t } = ctx;
  const { stage, problems = [] } = options;
  const base: Record<StageFormField, unknown> = stage
    ? {
        name: stageName(t, stage),
        completed: stage.completedPct,
        chance: stage.chancePct,
        skip: stage.allowSkip,
        quote: stage.quoteRequired,
        position: cycle.stages.findIndex((s) => s.id === stage.id) + 1,
      }
    : { name: "", completed: 0, chance: 0, skip: false, quote: false, position: cycle.stages.length + 1 };
  const value = (f: StageFormField) =>
    options.values && Object.hasOwn(options.values, f) ? options.values[f] : base[f];
  // The toggles have no line of their own for a problem: theirs are said at the top, with the summary.
  const loose = problems.filter((p) => !stageFieldsWithError.has(p.field)).map((p) => cycleProblemText(t, p));
  const summary =
    options.error ?? (problems.length > 0 ? [t.t("cycle.form.errors"), ...loose].join(" ") : "");
  return {
    title: stage
      ? t.t("cycle.form.edit.title", { stage: stageName(t, stage) })
      : t.t("cycle.form.add.title", { cycle: cycleName(t, cycle) }),
    intro: t.t("cycle.form.intro"),
    errorSummary: summary,
    isEdit: stage !== undefined,
    cycle: cycle.code,
    stage: stage?.id ?? "",
    positionMax: cycle.stages.length + 1,
    labels: {
      ...(Object.fromEntries(stageFormFields.map((f) => [f, fieldLabel(t, f)])) as Record<
        StageFormField,
        string
      >),
      skipTitle: t.t("cycle.field.skip.title"),
      quoteTitle: t.t("cycle.field.quote.title"),
      submit: t.t(stage ? "cycle.form.edit.submit" : "cycle.form.add.submit"),
      cancel: t.t("cycle.button.cancel"),
    },
    requiredName: t.t("problem.required", { field: fieldLabel(t, "name") }),
    values: {
      name: text(value("name")),
      completed: numberOrNull(value("completed")),
      chance: numberOrNull(value("chance")),
      skip: toggle(value("skip")),
      quote: toggle(value("quote")),
      position: numberOrNull(value("position")),
    },
    errors: errorsFor(t, stageFormFields, problems),
  };
}

export interface ActivityRowValues {
  readonly name: string;
  readonly days: string;
  readonly reminder: boolean;
}

/** The activities form: the stage's activities, then empty rows up to the limit. */
export function activitiesFormView(
  ctx: ViewContext,
  cycle: SalesCycle,
  stage: Stage,
  options: { readonly rows?: readonly ActivityRowValues[]; readonly problems?: readonly FieldProblem[] } = {},
) {
  const { t } = ctx;
  const problems = options.problems ?? [];
  const given: readonly ActivityRowValues[] =
    options.rows ??
    stage.activities.map((a) => ({
      name: activityName(t, a),
      days: String(a.durationDays),
      reminder: a.reminder,
    }));
  return {
    title: t.t("cycle.activities.title", { stage: stageName(t, stage) }),
    intro: t.t("cycle.activities.intro", { max: stageLimits.activities }),
    errorSummary: problems.map((p) => cycleProblemText(t, p)).join(" "),
    cycle: cycle.code,
    stage: stage.id,
    rows: Array.from({ length: stageLimits.activities }, (_, i) => {
      const row = given[i];
      return {
        n: i + 1,
        nameLabel: t.t("cycle.activities.name", { n: i + 1 }),
        name: row?.name ?? "",
        days: row ? numberOrNull(row.days) : null,
        reminder: row?.reminder ? "true" : "false",
      };
    }),
    labels: {
      days: t.t("cycle.activities.days"),
      reminder: t.t("cycle.activities.reminder"),
      reminderTitle: t.t("cycle.activities.reminder.title"),
      submit: t.t("cycle.activities.submit"),
      cancel: t.t("cycle.button.cancel"),
    },
    maxName: stageLimits.activityName,
    maxDays: stageLimits.maxDuration,
  };
}

/** Asks where a deleted stage's opportunities go, and whether its activities go along. */
export function deleteFormView(
  ctx: ViewContext,
  cycle: SalesCycle,
  stage: Stage,
  opportunities: number,
  options: { readonly problems?: readonly FieldProblem[]; readonly error?: string } = {},
) {
  const { t } = ctx;
  const problems = options.problems ?? [];
  return {
    title: t.t("cycle.delete.title", { stage: stageName(t, stage) }),
    intro:
      opportunities === 0
        ? t.t("cycle.delete.intro.none")
        : t.t("cycle.delete.intro", { count: opportunities }),
    errorSummary: options.error ?? problems.map((p) => cycleProblemText(t, p)).join(" "),
    cycle: cycle.code,
    stage: stage.id,
    choices: [
      ...cycle.stages.filter((s) => s.id !== stage.id).map((s) => ({ title: stageName(t, s), value: s.id })),
      { title: t.t("cycle.delete.leave"), value: "none" },
    ],
    hasActivities: stage.activities.length > 0,
    labels: {
      replacement: fieldLabel(t, "replacement"),
      activities: fieldLabel(t, "activities"),
      activitiesTitle: t.t("cycle.delete.activities.title", { count: stage.activities.length }),
      submit: t.t("cycle.delete.submit"),
      cancel: t.t("cycle.button.cancel"),
    },
    requiredReplacement: t.t("cycle.problem.choose"),
  };
}

/** The stage form's fields that show their own problem under them (cards/cycle-stage-form.json). */
const stageFieldsWithError: ReadonlySet<string> = new Set(["name", "completed", "chance", "position"]);

export const closeCodeFormFields = ["code", "type", "description"] as const;

export function closeCodeFormView(
  ctx: ViewContext,
  values: Readonly<Record<string, unknown>> = {},
  problems: readonly FieldProblem[] = [],
  error = "",
) {
  const { t } = ctx;
  return {
    title: t.t("closecode.form.title"),
    intro: t.t("closecode.form.intro"),
    errorSummary: error || (problems.length > 0 ? t.t("cycle.form.errors") : ""),
    labels: {
      ...(Object.fromEntries(closeCodeFormFields.map((f) => [f, fieldLabel(t, f)])) as Record<
        (typeof closeCodeFormFields)[number],
        string
      >),
      submit: t.t("closecode.form.submit"),
    },
    required: Object.fromEntries(
      closeCodeFormFields.map((f) => [f, t.t("problem.required", { field: fieldLabel(t, f) })]),
    ),
    values: {
      code: text(values.code),
      type: text(values.type).toLowerCase(),
      description: text(values.description),
    },
    errors: errorsFor(t, closeCodeFormFields, problems),
    typeChoices: (["won", "lost"] as const).map((type) => ({
      value: type,
      title: t.t(`closecode.type.${type}`),
    })),
    placeholder: "LOST-PRICE",
  };
}

export function closeCodeListView(ctx: ViewContext, setup: TenantSetup, canAdd: boolean, notice = "") {
  const { t } = ctx;
  const facts = (type: CloseType) =>
    setup.closeCodes
      .filter((c: CloseCode) => c.type === type)
      .map((c) => ({ title: c.code, value: closeCodeDescription(t, c) }));
  const won = facts("won");
  const lost = facts("lost");
  return {
    title: t.t("closecode.list.title"),
    notice,
    canAdd,
    groups: [
      { heading: t.t("closecode.list.won"), facts: won, empty: won.length === 0 },
      { heading: t.t("closecode.list.lost"), facts: lost, empty: lost.length === 0 },
    ],
    labels: { empty: t.t("closecode.list.empty"), add: t.t("closecode.button.add") },
  };
}

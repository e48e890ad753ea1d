import {
  activitiesFormView,
  closeCodeFormView,
  closeCodeListView,
  cycleProblemText,
  cycleView,
  deleteFormView,
  stageFormView,
} from "../../src/features/cycles/cycle.views.js";
import type { CardName } from "../../src/kit/rendering/renderer.js";
import type { ViewContext } from "../../src/kit/rendering/view-context.js";
import { defaultCycle, stageLimits, type SalesCycle, type Stage } from "../../src/domain/cycles/cycle.js";
import { defaultSetup } from "../../src/domain/setup/tenant-setup.js";
import type { FieldProblem } from "../../src/domain/shared/result.js";

/**
 * Samples of the sales-cycle cards for test/cards.test.ts: every card, the admin's and the rep's view, the
 * largest cycle the domain allows, and forms showing problems. Fixed data only.
 */
export interface CardSample {
  readonly card: CardName;
  readonly variant: string;
  readonly data: object;
  readonly verbs: string[];
  readonly shows: string[];
}

const cycle = defaultCycle();
const [qualify, develop, propose, negotiate] = cycle.stages as [Stage, Stage, Stage, Stage];

/** The largest cycle the domain allows: 20 stages of 10 activities with the longest names, all flags on. */
const stageName = (i: number) =>
  `${i + 1}. ${"Sikkerhedsgennemgang og prøvekørsel på løsningen ".repeat(2)}`.slice(0, stageLimits.name);
const largest: SalesCycle = {
  code: "enterprise-renewals",
  name: "Enterprise renewals — Nordic region (Denmark, Norway, Sweden, Finland)",
  defaultStageId: "stage-1",
  stages: Array.from({ length: stageLimits.stages }, (_, i) => ({
    id: `stage-${i + 1}`,
    name: stageName(i),
    completedPct: Math.min(100, 5 * (i + 1)),
    chancePct: Math.min(100, 4 * (i + 1)),
    allowSkip: true,
    quoteRequired: true,
    activities: Array.from({ length: stageLimits.activities }, (_, j) => ({
      name: `${j + 1}. ${"Bekræft beslutningstagere, budget og indkøbsforløb ærligt og åbent ".repeat(2)}`.slice(
        0,
        stageLimits.activityName,
      ),
      durationDays: stageLimits.maxDuration,
      reminder: true,
    })),
  })),
};

/** Edit, Activities and Delete in one row; Move up, Move down and Set as default in the next. */
/** As many stages, with as much activity text as the cycle card still lists in full. */
const listed: SalesCycle = {
  ...largest,
  stages: largest.stages.map((stage) => ({
    ...stage,
    activities: stage.activities.slice(0, 3).map((a) => ({ ...a, name: a.name.slice(0, 58) })),
  })),
};

const stageVerbs = (first: boolean, last: boolean, isDefault: boolean) => [
  "cycle.stage.form",
  "cycle.activities.form",
  ...(isDefault ? [] : ["cycle.stage.delete.form"]),
  ...(first ? [] : ["cycle.stage.move"]),
  ...(last ? [] : ["cycle.stage.move"]),
  ...(isDefault ? [] : ["cycle.stage.default"]),
];

export function cycleCardSamples(ctx: ViewContext): CardSample[] {
  const { t } = ctx;
  const stageProblems: FieldProblem[] = [
    { field: "name", problem: "terminal_stage", params: { name: "Closed won" } },
    { field: "completed", problem: "percent" },
    { field: "position", problem: "position" },
  ];
  const activityProblems: FieldProblem[] = [
    { field: "activities", problem: "too_many", params: { max: 10 } },
  ];
  const closeCodeProblems: FieldProblem[] = [
    { field: "code", problem: "close_code" },
    { field: "type", problem: "choice", params: { choices: "won, lost" } },
    { field: "description", problem: "required" },
  ];
  const notice = t.t("cycle.stage.added", { stage: "Demo" });
  const setup = defaultSetup("72f988bf-86f1-41af-91ab-2d7cd011db47");
  return [
    {
      card: "cycle",
      variant: "default cycle, admin",
      data: cycleView(ctx, cycle, { canEdit: true }),
      verbs: [
        ...stageVerbs(true, false, true),
        ...stageVerbs(false, false, false),
        ...stageVerbs(false, false, false),
        ...stageVerbs(false, true, false),
        "cycle.stage.form",
        "closecode.list",
      ],
      shows: [
        qualify.name,
        t.t("cycle.card.default"),
        t.t("cycle.terminal.won"),
        t.t("cycle.terminal.lost"),
        t.t("cycle.button.up"),
        t.t("cycle.card.quote"),
      ],
    },
    {
      card: "cycle",
      variant: "default cycle, rep, with a notice",
      data: cycleView(ctx, cycle, { canEdit: false }, notice),
      verbs: ["closecode.list"],
      shows: [notice, `4. ${negotiate.name}`, t.t("cycle.card.details", { completed: 90, chance: 80 })],
    },
    {
      card: "cycle",
      variant: "20 stages of 10 activities, admin",
      data: cycleView(ctx, largest, { canEdit: true }),
      verbs: largest.stages
        .flatMap((_, i) => stageVerbs(i === 0, i === largest.stages.length - 1, i === 0))
        .concat(["cycle.stage.form", "closecode.list"]),
      shows: [largest.name, t.t("cycle.card.activity_count", { count: 10 })],
    },
    {
      card: "cycle",
      variant: "20 stages of 3 activities listed in full, admin",
      data: cycleView(ctx, listed, { canEdit: true }),
      verbs: listed.stages
        .flatMap((_, i) => stageVerbs(i === 0, i === listed.stages.length - 1, i === 0))
        .concat(["cycle.stage.form", "closecode.list"]),
      shows: [listed.stages[19]?.activities[2]?.name ?? "?"],
    },
    {
      card: "cycle-stage-form",
      variant: "adding",
      data: stageFormView(ctx, cycle),
      verbs: ["cycle.stage.add", "cycle.show"],
      shows: [t.t("cycle.form.add.title", { cycle: cycle.name }), t.t("cycle.field.position")],
    },
    {
      card: "cycle-stage-form",
      variant: "editing, prefilled",
      data: stageFormView(ctx, cycle, { stage: negotiate }),
      verbs: ["cycle.stage.update", "cycle.show"],
      shows: [t.t("cycle.form.edit.title", { stage: negotiate.name }), negotiate.name],
    },
    {
      card: "cycle-stage-form",
      variant: "adding, with problems",
      data: stageFormView(ctx, cycle, {
        values: { name: "Closed won", completed: "150", chance: "abc", skip: "yes", position: "0" },
        problems: stageProblems,
      }),
      verbs: ["cycle.stage.add", "cycle.show"],
      shows: [t.t("cycle.form.errors"), ...stageProblems.map((p) => cycleProblemText(t, p))],
    },
    {
      card: "cycle-activities-form",
      variant: "two activities",
      data: activitiesFormView(ctx, cycle, qualify),
      verbs: ["cycle.activities.save", "cycle.show"],
      shows: [t.t("cycle.activities.title", { stage: qualify.name }), "Confirm budget and decision maker"],
    },
    {
      card: "cycle-activities-form",
      variant: "eleven rows refused",
      data: activitiesFormView(ctx, cycle, develop, {
        rows: Array.from({ length: 11 }, (_, i) => ({
          name: `Step ${i + 1}`,
          days: "2",
          reminder: i % 2 === 0,
        })),
        problems: activityProblems,
      }),
      verbs: ["cycle.activities.save", "cycle.show"],
      shows: [cycleProblemText(t, activityProblems[0] as FieldProblem), "Step 10"],
    },
    {
      card: "cycle-delete-form",
      variant: "3 opportunities, with activities",
      data: deleteFormView(ctx, cycle, propose, 3),
      verbs: ["cycle.stage.delete", "cycle.show"],
      shows: [
        t.t("cycle.delete.intro", { count: 3 }),
        t.t("cycle.delete.leave"),
        t.t("cycle.delete.activities.title", { count: 1 }),
      ],
    },
    {
      card: "cycle-delete-form",
      variant: "1 opportunity, no replacement chosen, no activities",
      data: deleteFormView(ctx, cycle, { ...develop, activities: [] }, 1, {
        problems: [{ field: "replacement", problem: "choose" }],
      }),
      verbs: ["cycle.stage.delete", "cycle.show"],
      shows: [t.t("cycle.delete.intro", { count: 1 }), t.t("cycle.problem.choose")],
    },
    {
      card: "closecode-form",
      variant: "empty",
      data: closeCodeFormView(ctx),
      verbs: ["closecode.add"],
      shows: [t.t("closecode.form.intro"), t.t("closecode.type.lost")],
    },
    {
      card: "closecode-form",
      variant: "with problems",
      data: closeCodeFormView(ctx, { code: "no spaces", type: "maybe", description: "" }, closeCodeProblems),
      verbs: ["closecode.add"],
      shows: ["no spaces", ...closeCodeProblems.map((p) => cycleProblemText(t, p))],
    },
    {
      card: "closecode-list",
      variant: "manager, with a notice",
      data: closeCodeListView(ctx, setup, true, t.t("closecode.added", { code: "LOST-NOBUDGET" })),
      verbs: ["closecode.form"],
      shows: ["WON-PRICE", "LOST-NODECISION", t.t("closecode.added", { code: "LOST-NOBUDGET" })],
    },
    {
      card: "closecode-list",
      variant: "rep, no lost codes",
      data: closeCodeListView(
        ctx,
        { ...setup, closeCodes: setup.closeCodes.filter((c) => c.type === "won") },
        false,
      ),
      verbs: [],
      shows: [t.t("closecode.list.empty")],
    },
  ];
}

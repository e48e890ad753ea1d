import type { FieldProblem } from "../shared/result.js";
import { builtInStageNames, isBuiltInName } from "../setup/built-ins.js";

/** A task expected in a stage, e.g. "Send proposal" within 5 days, with or without a reminder. */
export interface StageActivity {
  readonly name: string;
  readonly durationDays: number;
  readonly reminder: boolean;
  /** A default activity's key (built-ins.ts): shown in the reader's language until renamed. */
  readonly builtIn?: string;
}

export interface Stage {
  /** Stable id within the cycle; survives renames and reorders. */
  readonly id: string;
  readonly name: string;
  /** How far the sale is when in this stage (0–100). */
  readonly completedPct: number;
  /** Chances of success an opportunity gets on entering this stage (0–100). */
  readonly chancePct: number;
  /** Whether `skip` may jump over this stage. */
  readonly allowSkip: boolean;
  /** Whether an opportunity needs a quote before it may enter this stage. */
  readonly quoteRequired: boolean;
  readonly activities: readonly StageActivity[];
  /** A default stage's key (built-ins.ts): shown in the reader's language until an admin renames it. */
  readonly builtIn?: string;
}

/** An ordered list of stages. `Closed won` and `Closed lost` are terminal states of every cycle, not stages. */
export interface SalesCycle {
  readonly code: string;
  readonly name: string;
  readonly stages: readonly Stage[];
  /** The stage new opportunities start in. */
  readonly defaultStageId: string;
  /** The default cycle's key (built-ins.ts): its name is shown in the reader's language. */
  readonly builtIn?: string;
}

export const stageLimits = {
  name: 60,
  stages: 20,
  activities: 10,
  activityName: 80,
  maxDuration: 365,
} as const;

/** A sensible cycle for a new tenant (Qualify → Develop → Propose → Negotiate), as in Dynamics 365. */
export function defaultCycle(): SalesCycle {
  return {
    code: "standard",
    name: "Standard sales cycle",
    builtIn: "standard",
    defaultStageId: "qualify",
    stages: [
      {
        id: "qualify",
        name: "Qualify",
        builtIn: "qualify",
        completedPct: 10,
        chancePct: 20,
        allowSkip: false,
        quoteRequired: false,
        activities: [
          {
            name: "Confirm budget and decision maker",
            durationDays: 3,
            reminder: true,
            builtIn: "qualify.budget",
          },
          { name: "Identify the customer need", durationDays: 5, reminder: false, builtIn: "qualify.need" },
        ],
      },
      {
        id: "develop",
        name: "Develop",
        builtIn: "develop",
        completedPct: 40,
        chancePct: 40,
        allowSkip: true,
        quoteRequired: false,
        activities: [
          {
            name: "Present the proposed solution",
            durationDays: 7,
            reminder: true,
            builtIn: "develop.present",
          },
        ],
      },
      {
        id: "propose",
        name: "Propose",
        builtIn: "propose",
        completedPct: 70,
        chancePct: 60,
        allowSkip: true,
        quoteRequired: false,
        activities: [{ name: "Send the quote", durationDays: 3, reminder: true, builtIn: "propose.quote" }],
      },
      {
        id: "negotiate",
        name: "Negotiate",
        builtIn: "negotiate",
        completedPct: 90,
        chancePct: 80,
        allowSkip: false,
        quoteRequired: true,
        activities: [
          { name: "Agree terms and close", durationDays: 10, reminder: true, builtIn: "negotiate.close" },
        ],
      },
    ],
  };
}

export const stageIndex = (cycle: SalesCycle, stageId: string | undefined): number =>
  stageId === undefined ? -1 : cycle.stages.findIndex((s) => s.id === stageId);

/**
 * Finds a stage by name (case-insensitive, also by a unique prefix) or by id. A default stage not renamed is
 * also found by its name in any of the bot's languages ("opp skip O-1001 Foreslå").
 */
export function findStage(cycle: SalesCycle, name: string): Stage | undefined {
  const wanted = name.trim().toLowerCase();
  const exact = cycle.stages.find(
    (s) =>
      s.name.toLowerCase() === wanted ||
      s.id === wanted ||
      isBuiltInName(builtInStageNames, s.builtIn, wanted),
  );
  if (exact) return exact;
  const prefixed = cycle.stages.filter((s) => s.name.toLowerCase().startsWith(wanted));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

/**
 * Names of the terminal pseudo-stages `Closed won` and `Closed lost` (and plain "won" / "lost", which stage
 * history uses for them), in every language the bot speaks — as the cards label them and as Business Contact
 * Manager calls them (seed 003: "Lukket/avtale inngått", "Lukket/ingen avtale"). No stage may be named so.
 */
const terminalStageNames: ReadonlySet<string> = new Set(
  [
    ["closed won", "closed lost", "won", "lost"],
    ["lukket vundet", "lukket tabt", "vundet", "tabt"],
    ["lukket avtale inngått", "lukket ingen avtale", "vunnet", "tapt"],
    ["stängd vunnen", "stängd förlorad", "vunnen", "förlorad"],
  ].flat(),
);

const comparableName = (name: string) =>
  name
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{Letter}\p{Number}]+/gu, " ")
    .trim();

/** Whether a name is (in any case or punctuation) one of the terminal pseudo-stages, which cannot be edited. */
export const isTerminalStageName = (name: string): boolean => terminalStageNames.has(comparableName(name));

/** Stage ids stage history uses for the terminal states; no stage may have them. */
const terminalStageIds: readonly string[] = ["won", "lost"];

export function stageDraftProblems(stage: Omit<Stage, "id">): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!stage.name.trim()) problems.push({ field: "name", problem: "required" });
  else if (isTerminalStageName(stage.name))
    problems.push({ field: "name", problem: "terminal_stage", params: { name: stage.name.trim() } });
  if (stage.name.length > stageLimits.name)
    problems.push({ field: "name", problem: "too_long", params: { max: stageLimits.name } });
  for (const [field, value] of [
    ["completed", stage.completedPct],
    ["chance", stage.chancePct],
  ] as const) {
    if (!Number.isInteger(value) || value < 0 || value > 100) problems.push({ field, problem: "percent" });
  }
  if (stage.activities.length > stageLimits.activities) {
    problems.push({ field: "activities", problem: "too_many", params: { max: stageLimits.activities } });
  }
  for (const activity of stage.activities) {
    if (!activity.name.trim() || activity.name.length > stageLimits.activityName) {
      problems.push({
        field: "activities",
        problem: "activity_name",
        params: { max: stageLimits.activityName },
      });
      break;
    }
    if (
      !Number.isInteger(activity.durationDays) ||
      activity.durationDays < 0 ||
      activity.durationDays > stageLimits.maxDuration
    ) {
      problems.push({ field: "activities", problem: "duration", params: { max: stageLimits.maxDuration } });
      break;
    }
  }
  return problems;
}

/** A stage id from its name: lower case, words joined by dashes, made unique within the cycle. */
export function newStageId(cycle: SalesCycle, name: string): string {
  const base =
    name
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^\p{Letter}\p{Number}]+/gu, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40) || "stage";
  let id = base;
  const taken = (candidate: string) =>
    terminalStageIds.includes(candidate) || cycle.stages.some((s) => s.id === candidate);
  for (let n = 2; taken(id); n++) id = `${base}-${n}`;
  return id;
}

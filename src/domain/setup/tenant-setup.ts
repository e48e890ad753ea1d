import { digestLimits } from "../digest/digest.js";
import { canonicalZone } from "../digest/zoned-time.js";
import type { Topic } from "../notify/event.js";
import type { Actor } from "../shared/actor.js";
import { fail, ok, type Result } from "../shared/result.js";
import {
  defaultCycle,
  newStageId,
  stageLimits,
  stageDraftProblems,
  type SalesCycle,
  type Stage,
  type StageActivity,
} from "../cycles/cycle.js";
import { builtInActivityNames, builtInStageNames, isBuiltInName, stageText } from "./built-ins.js";

export type CloseType = "won" | "lost";

/** Why an opportunity was won or lost (seed 000: code, type, description). */
export interface CloseCode {
  readonly code: string;
  readonly type: CloseType;
  readonly description: string;
  /** A default close code's key (built-ins.ts): its description is shown in the reader's language. */
  readonly builtIn?: string;
}

/** A tenant's configuration: sales cycles, close codes, pick lists and the qualify setting. One document. */
export interface TenantSetup {
  readonly tenantId: string;
  readonly cycles: readonly SalesCycle[];
  readonly defaultCycleCode: string;
  readonly closeCodes: readonly CloseCode[];
  readonly lists: {
    readonly types: readonly string[];
    readonly sources: readonly string[];
    readonly paymentTerms: readonly string[];
  };
  /** Qualifying a lead creates account, contact and opportunity at once (default), or the user chooses. */
  readonly qualifyCreatesAll: boolean;
  /** Currency of opportunities created without one. */
  readonly defaultCurrency: string;
  /**
   * Topics at least one channel of the tenant subscribes to. Kept here, in the document every change reads
   * anyway, so a change nobody listens for costs nothing extra: its events are not even written.
   */
  readonly listenedTopics?: readonly Topic[];
  /** IANA zone digests and nudges are timed in (`setting timezone`); absent: the first admin's client's, else UTC. */
  readonly timeZone?: string;
  /** Days without a change after which an open opportunity counts as stale (`setting stale`); default 14. */
  readonly staleDays?: number;
}

export const closeCodePattern = /^[A-Z0-9][A-Z0-9_-]{0,19}$/;

export function defaultSetup(tenantId: string): TenantSetup {
  return {
    tenantId,
    cycles: [defaultCycle()],
    defaultCycleCode: "standard",
    closeCodes: [
      { code: "WON-PRICE", type: "won", description: "Best price", builtIn: "WON-PRICE" },
      { code: "WON-PRODUCT", type: "won", description: "Best product fit", builtIn: "WON-PRODUCT" },
      { code: "WON-RELATION", type: "won", description: "Existing relationship", builtIn: "WON-RELATION" },
      { code: "LOST-PRICE", type: "lost", description: "Price too high", builtIn: "LOST-PRICE" },
      {
        code: "LOST-COMPETITOR",
        type: "lost",
        description: "Went with a competitor",
        builtIn: "LOST-COMPETITOR",
      },
      { code: "LOST-NOBUDGET", type: "lost", description: "No budget", builtIn: "LOST-NOBUDGET" },
      { code: "LOST-NODECISION", type: "lost", description: "No decision made", builtIn: "LOST-NODECISION" },
    ],
    lists: {
      types: ["New business", "Existing business", "Renewal"],
      sources: ["Campaign", "Website", "Referral", "Partner", "Trade show", "Other"],
      paymentTerms: ["14 days net", "30 days net", "60 days net", "Prepaid"],
    },
    qualifyCreatesAll: true,
    defaultCurrency: "EUR",
  };
}

/**
 * A stage after an edit. A default stage keeps its key (and so its name in every language) while the name
 * submitted is one of its default names — the form shows it in the admin's language; any other name is a
 * rename, shown as typed from then on. Activities likewise: a row still named as one of the stage's
 * default activities keeps its key.
 */
function editedStage(stage: Stage, draft: StageDraft): Stage {
  const name = draft.name.trim();
  const keep = stage.builtIn !== undefined && isBuiltInName(builtInStageNames, stage.builtIn, name);
  const activities = draft.activities.map((a) => {
    const before = stage.activities.find((old) => isBuiltInName(builtInActivityNames, old.builtIn, a.name));
    const { builtIn: _dropped, ...typed } = a;
    return before ? { ...typed, name: before.name, builtIn: before.builtIn } : typed;
  });
  const edited: Stage = {
    id: stage.id,
    name,
    completedPct: draft.completedPct,
    chancePct: draft.chancePct,
    allowSkip: draft.allowSkip,
    quoteRequired: draft.quoteRequired,
    activities,
  };
  return keep ? { ...edited, name: stage.name, builtIn: stage.builtIn } : edited;
}

/**
 * Marks the defaults of a setup stored before defaults had keys (migrate on read): a stage, activity, cycle
 * or close code still exactly as the English default was written gets its key, so it is shown in the reader's
 * language from now on; anything an admin changed stays as typed.
 */
export function withBuiltInKeys(setup: TenantSetup): TenantSetup {
  const defaults = defaultSetup(setup.tenantId);
  const standard = defaults.cycles[0];
  const cycles = setup.cycles.map((cycle) => {
    const isStandard = standard !== undefined && cycle.code === standard.code && cycle.name === standard.name;
    const stages = cycle.stages.map((stage) => {
      const original = standard?.stages.find((d) => d.id === stage.id);
      const activities = stage.activities.map((a) => {
        const same = original?.activities.find((d) => d.name === a.name);
        return a.builtIn === undefined && same?.builtIn ? { ...a, builtIn: same.builtIn } : a;
      });
      const same = stage.builtIn === undefined && original?.builtIn && original.name === stage.name;
      return same ? { ...stage, activities, builtIn: original.builtIn } : { ...stage, activities };
    });
    return isStandard && cycle.builtIn === undefined
      ? { ...cycle, stages, builtIn: standard.builtIn }
      : { ...cycle, stages };
  });
  const closeCodes = setup.closeCodes.map((c) => {
    const same = defaults.closeCodes.find((d) => d.code === c.code && d.description === c.description);
    return c.builtIn === undefined && same?.builtIn ? { ...c, builtIn: same.builtIn } : c;
  });
  return { ...setup, cycles, closeCodes };
}

export const findCycle = (setup: TenantSetup, code?: string): SalesCycle | undefined =>
  setup.cycles.find((c) => c.code === (code ?? setup.defaultCycleCode));

export const findCloseCode = (setup: TenantSetup, code: string): CloseCode | undefined =>
  setup.closeCodes.find((c) => c.code === code.trim().toUpperCase());

/** Only admins customise sales cycles (PRODUCT.md, Roles). */
export const mayCustomiseCycles = (actor: Actor): boolean => actor.role === "admin";

/** Managers and admins manage close codes (they may also add one while closing). */
export const mayManageCloseCodes = (actor: Actor): boolean =>
  actor.role === "admin" || actor.role === "manager";

const adminOnly = (actor: Actor): Result<true> =>
  mayCustomiseCycles(actor) ? ok(true) : fail("forbidden", { action: "cycle" });

/** The admin check and the stage lookup every stage edit starts with. */
function adminStage(
  setup: TenantSetup,
  actor: Actor,
  cycleCode: string,
  stageId: string,
): Result<{ readonly cycle: SalesCycle; readonly stage: Stage }> {
  const allowed = adminOnly(actor);
  if (!allowed.ok) return allowed;
  const cycle = findCycle(setup, cycleCode);
  const stage = cycle?.stages.find((s) => s.id === stageId);
  return cycle && stage ? ok({ cycle, stage }) : fail("cycle.stage_not_found", { stage: stageId });
}

function withCycle(setup: TenantSetup, cycle: SalesCycle): TenantSetup {
  return { ...setup, cycles: setup.cycles.map((c) => (c.code === cycle.code ? cycle : c)) };
}

export interface StageDraft {
  readonly name: string;
  readonly completedPct: number;
  readonly chancePct: number;
  readonly allowSkip: boolean;
  readonly quoteRequired: boolean;
  readonly activities: readonly StageActivity[];
}

/** Admin edits of a cycle's stages. Each returns the new setup; the caller stores it guarded by version. */
export const cycleEdits = {
  addStage(
    setup: TenantSetup,
    actor: Actor,
    cycleCode: string,
    draft: StageDraft,
    position?: number,
  ): Result<TenantSetup> {
    const allowed = adminOnly(actor);
    if (!allowed.ok) return allowed;
    const cycle = findCycle(setup, cycleCode);
    if (!cycle) return fail("cycle.not_found", { cycle: cycleCode });
    if (cycle.stages.length >= stageLimits.stages)
      return fail("cycle.too_many_stages", { max: stageLimits.stages });
    const problems = stageDraftProblems(draft);
    if (problems.length > 0) return fail("invalid", undefined, problems);
    if (cycle.stages.some((s) => s.name.toLowerCase() === draft.name.trim().toLowerCase())) {
      return fail("cycle.stage_exists", { stage: draft.name.trim() });
    }
    const stage: Stage = { ...draft, name: draft.name.trim(), id: newStageId(cycle, draft.name) };
    const at =
      position === undefined ? cycle.stages.length : Math.max(0, Math.min(position, cycle.stages.length));
    const stages = [...cycle.stages.slice(0, at), stage, ...cycle.stages.slice(at)];
    return ok(withCycle(setup, { ...cycle, stages }));
  },

  updateStage(
    setup: TenantSetup,
    actor: Actor,
    cycleCode: string,
    stageId: string,
    draft: StageDraft,
  ): Result<TenantSetup> {
    const found = adminStage(setup, actor, cycleCode, stageId);
    if (!found.ok) return found;
    const { cycle } = found.value;
    const problems = stageDraftProblems(draft);
    if (problems.length > 0) return fail("invalid", undefined, problems);
    const clash = cycle.stages.find(
      (s) => s.id !== stageId && s.name.toLowerCase() === draft.name.trim().toLowerCase(),
    );
    if (clash) return fail("cycle.stage_exists", { stage: stageText(clash) });
    const stages = cycle.stages.map((s) => (s.id === stageId ? editedStage(s, draft) : s));
    return ok(withCycle(setup, { ...cycle, stages }));
  },

  moveStage(
    setup: TenantSetup,
    actor: Actor,
    cycleCode: string,
    stageId: string,
    position: number,
  ): Result<TenantSetup> {
    const found = adminStage(setup, actor, cycleCode, stageId);
    if (!found.ok) return found;
    const { cycle, stage } = found.value;
    const rest = cycle.stages.filter((s) => s.id !== stageId);
    const at = Math.max(0, Math.min(position, rest.length));
    return ok(withCycle(setup, { ...cycle, stages: [...rest.slice(0, at), stage, ...rest.slice(at)] }));
  },

  setDefaultStage(setup: TenantSetup, actor: Actor, cycleCode: string, stageId: string): Result<TenantSetup> {
    const found = adminStage(setup, actor, cycleCode, stageId);
    if (!found.ok) return found;
    return ok(withCycle(setup, { ...found.value.cycle, defaultStageId: stageId }));
  },

  /**
   * Deletes a stage. Its opportunities move to `replacementId` (and, when asked, its activities are put at the
   * top of the replacement's list, as in seed 003), or are left without a stage when no replacement is given.
   * The default stage must be changed first; the last stage cannot be deleted. Moving the opportunities is
   * the caller's next step (CycleAdminService.deleteStage).
   */
  deleteStage(
    setup: TenantSetup,
    actor: Actor,
    cycleCode: string,
    stageId: string,
    replacement: { readonly stageId?: string; readonly moveActivities: boolean },
  ): Result<TenantSetup> {
    const found = adminStage(setup, actor, cycleCode, stageId);
    if (!found.ok) return found;
    const { cycle, stage } = found.value;
    if (cycle.stages.length === 1) return fail("cycle.last_stage", { stage: stageText(stage) });
    if (cycle.defaultStageId === stageId) return fail("cycle.default_stage", { stage: stageText(stage) });
    if (replacement.stageId === stageId) return fail("cycle.replace_self", { stage: stageText(stage) });
    const target = replacement.stageId ? cycle.stages.find((s) => s.id === replacement.stageId) : undefined;
    if (replacement.stageId && !target) return fail("cycle.stage_not_found", { stage: replacement.stageId });
    if (replacement.moveActivities && !target)
      return fail("cycle.activities_need_replacement", { stage: stageText(stage) });
    const moving = target && replacement.moveActivities ? stage.activities : [];
    if (target && target.activities.length + moving.length > stageLimits.activities) {
      // Never drop activities silently: the admin trims them first, or deletes them with the stage.
      return fail("cycle.too_many_activities", {
        stage: stageText(stage),
        target: stageText(target),
        max: stageLimits.activities,
      });
    }
    const stages = cycle.stages
      .filter((s) => s.id !== stageId)
      .map((s) => (target && s.id === target.id ? { ...s, activities: [...moving, ...s.activities] } : s));
    return ok(withCycle(setup, { ...cycle, stages }));
  },

  addCloseCode(setup: TenantSetup, actor: Actor, code: CloseCode): Result<TenantSetup> {
    if (!mayManageCloseCodes(actor)) return fail("forbidden", { action: "closecode add" });
    const normalised = code.code.trim().toUpperCase();
    if (!closeCodePattern.test(normalised)) return fail("closecode.bad_code", { code: code.code });
    if (!code.description.trim() || code.description.length > 100)
      return fail("closecode.bad_description", { max: 100 });
    if (findCloseCode(setup, normalised)) return fail("closecode.exists", { code: normalised });
    if (setup.closeCodes.length >= 100) return fail("closecode.too_many", { max: 100 });
    return ok({
      ...setup,
      closeCodes: [
        ...setup.closeCodes,
        { code: normalised, type: code.type, description: code.description.trim() },
      ],
    });
  },
} as const;

export interface TenantSetupRepository {
  /** The tenant's setup, or undefined before the first one is stored. */
  get(tenantId: string): Promise<{ readonly value: TenantSetup; readonly version: string } | undefined>;
  /** Stores the setup: creates it when `version` is undefined, else replaces it if still at `version`. */
  save(
    setup: TenantSetup,
    version: string | undefined,
  ): Promise<{ readonly value: TenantSetup; readonly version: string }>;
}

export const listNames = ["types", "sources", "terms"] as const;
export type ListName = (typeof listNames)[number];
const listField: Readonly<Record<ListName, keyof TenantSetup["lists"]>> = {
  types: "types",
  sources: "sources",
  terms: "paymentTerms",
};
export const listLimits = { entries: 50, entry: 60 } as const;

export const listEntries = (setup: TenantSetup, list: ListName): readonly string[] =>
  setup.lists[listField[list]];

/** Admin edits of the pick lists (opportunity types, sources, payment terms) and the tenant settings. */
export const settingEdits = {
  addToList(setup: TenantSetup, actor: Actor, list: ListName, value: string): Result<TenantSetup> {
    if (actor.role !== "admin") return fail("forbidden", { action: "list add" });
    const entry = value.trim();
    if (!entry) return fail("list.empty");
    if (entry.length > listLimits.entry) return fail("list.too_long", { max: listLimits.entry });
    const current = listEntries(setup, list);
    if (current.some((e) => e.toLowerCase() === entry.toLowerCase()))
      return fail("list.exists", { value: entry });
    if (current.length >= listLimits.entries) return fail("list.full", { max: listLimits.entries });
    return ok({ ...setup, lists: { ...setup.lists, [listField[list]]: [...current, entry] } });
  },

  removeFromList(setup: TenantSetup, actor: Actor, list: ListName, value: string): Result<TenantSetup> {
    if (actor.role !== "admin") return fail("forbidden", { action: "list remove" });
    const current = listEntries(setup, list);
    const kept = current.filter((e) => e.toLowerCase() !== value.trim().toLowerCase());
    if (kept.length === current.length)
      return fail("list.not_found", { value: value.trim(), values: current.join(", ") });
    return ok({ ...setup, lists: { ...setup.lists, [listField[list]]: kept } });
  },

  setQualifyCreatesAll(setup: TenantSetup, actor: Actor, createsAll: boolean): Result<TenantSetup> {
    if (actor.role !== "admin") return fail("forbidden", { action: "setting" });
    return ok({ ...setup, qualifyCreatesAll: createsAll });
  },

  setDefaultCurrency(setup: TenantSetup, actor: Actor, currency: string): Result<TenantSetup> {
    if (actor.role !== "admin") return fail("forbidden", { action: "setting" });
    const code = currency.trim().toUpperCase();
    if (!/^[A-Z]{3}$/.test(code)) return fail("setting.bad_currency", { value: currency });
    return ok({ ...setup, defaultCurrency: code });
  },

  setTimeZone(setup: TenantSetup, actor: Actor, zone: string): Result<TenantSetup> {
    if (actor.role !== "admin") return fail("forbidden", { action: "setting" });
    const canonical = canonicalZone(zone.trim());
    if (!canonical) return fail("setting.bad_timezone", { value: zone });
    return ok({ ...setup, timeZone: canonical });
  },

  setStaleDays(setup: TenantSetup, actor: Actor, days: number): Result<TenantSetup> {
    if (actor.role !== "admin") return fail("forbidden", { action: "setting" });
    const { min, max } = digestLimits.staleDays;
    if (!Number.isInteger(days) || days < min || days > max) return fail("setting.bad_stale", { min, max });
    return ok({ ...setup, staleDays: days });
  },
} as const;

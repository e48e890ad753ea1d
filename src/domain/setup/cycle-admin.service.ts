import { findStage, type SalesCycle, type Stage, type StageActivity } from "../cycles/cycle.js";
import { withAttention } from "../opportunities/attention.js";
import { stampAttention } from "../opportunities/attention.stamp.js";
import { stageText } from "./built-ins.js";
import type { Opportunity } from "../opportunities/opportunity.js";
import type { OpportunityRepository } from "../opportunities/opportunity.repository.port.js";
import { isStaff, type Actor } from "../shared/actor.js";
import {
  ConcurrencyConflict,
  stoppedBy,
  type Clock,
  type StoppedBy,
  type Versioned,
} from "../shared/ports.js";
import { fail, ok, type Result } from "../shared/result.js";
import {
  cycleEdits,
  mayCustomiseCycles,
  mayManageCloseCodes,
  type CloseCode,
  type StageDraft,
  type TenantSetup,
} from "./tenant-setup.js";
import type { TenantSetupService } from "./tenant-setup.service.js";

export interface CycleAdminDeps {
  readonly setup: TenantSetupService;
  readonly opportunities: OpportunityRepository;
  readonly clock: Clock;
  /** Page size when going through a deleted stage's opportunities (small in tests, to exercise paging). */
  readonly pageSize?: number;
}

/** A cycle as stored after a read or an edit, with the setup it belongs to. */
export interface CycleState {
  readonly setup: TenantSetup;
  readonly cycle: SalesCycle;
}

export interface StageState extends CycleState {
  readonly stage: Stage;
}

export interface StageDeletion extends CycleState {
  readonly deleted: Stage;
  /** Where its opportunities went; undefined when they were left without a stage. */
  readonly replacement?: Stage;
  readonly activitiesMoved: number;
  /** Opportunities moved to the replacement (or left without a stage). */
  readonly moved: number;
  /** Opportunities that kept changing under us and still point at the deleted stage. */
  readonly unmoved: number;
  /**
   * The storage failed while its opportunities were being moved (the stage itself was already deleted): the
   * rest still point at the deleted stage, and the one being moved may have moved ("unknown") or not.
   */
  readonly stopped?: StoppedBy;
}

/** Where a stage moves: one step up or down, or to a position (0-based). */
export type StageMove = "up" | "down" | number;

/** Changes the cycle may need several tries when another admin saves the setup at the same moment. */
const editAttempts = 3;
/** An opportunity that keeps changing while its stage is deleted is re-read and tried this many times. */
const moveAttempts = 4;
/** Scans of the deleted stage: the second catches opportunities moved into it from a stale cached setup. */
const sweepRounds = 3;

/**
 * The sales-cycle administration use cases: stage edits (admins), close codes (managers and admins), and
 * deleting a stage, which also moves that stage's opportunities. Text commands and card buttons call these.
 */
export class CycleAdminService {
  constructor(private readonly deps: CycleAdminDeps) {}

  /** A cycle with its stages, for anyone on the sales team. `cycle` is a code or name; default cycle if absent. */
  async show(actor: Actor, cycle?: string): Promise<Result<CycleState>> {
    if (!isStaff(actor)) return fail("forbidden", { action: "cycle show" });
    const setup = await this.deps.setup.load(actor.tenantId);
    const found = resolveCycle(setup, cycle);
    return found.ok ? ok({ setup, cycle: found.value }) : found;
  }

  /** A cycle for an admin about to edit it (the add-stage form). */
  async forEditing(actor: Actor, cycle?: string): Promise<Result<CycleState>> {
    if (!mayCustomiseCycles(actor)) return forbidden;
    return this.show(actor, cycle);
  }

  /** One stage for an admin about to edit it (edit, activities and delete forms). */
  async stageForEditing(actor: Actor, cycle: string | undefined, stage: string): Promise<Result<StageState>> {
    const state = await this.forEditing(actor, cycle);
    if (!state.ok) return state;
    const found = resolveStage(state.value.cycle, stage);
    return found.ok ? ok({ ...state.value, stage: found.value }) : found;
  }

  /** How many opportunities (open or closed) are in a stage: what deleting it would move. */
  async opportunitiesInStage(actor: Actor, cycleCode: string, stageId: string): Promise<Result<number>> {
    if (!mayCustomiseCycles(actor)) return forbidden;
    let count = 0;
    await this.scan(actor.tenantId, cycleCode, stageId, () => void count++);
    return ok(count);
  }

  addStage(
    actor: Actor,
    cycle: string | undefined,
    draft: StageDraft,
    position?: number,
  ): Promise<Result<StageState>> {
    return this.editCycle(actor, cycle, (setup, c) => {
      const changed = cycleEdits.addStage(setup, actor, c.code, draft, position);
      if (!changed.ok) return changed;
      const before = new Set(c.stages.map((s) => s.id));
      const added = resolveCycleByCode(changed.value, c.code)?.stages.find((s) => !before.has(s.id));
      return added ? ok({ setup: changed.value, stageId: added.id }) : fail("cycle.stage_not_found");
    });
  }

  /**
   * Renames or changes a stage; fields not given keep their values. New activities give the stage's open
   * opportunities new attention dates (attention.ts), written before this returns.
   */
  async updateStage(
    actor: Actor,
    cycle: string | undefined,
    stage: string,
    patch: Partial<StageDraft>,
  ): Promise<Result<StageState>> {
    const updated = await this.editStage(actor, cycle, stage, (setup, c, s) => {
      const draft: StageDraft = {
        name: patch.name ?? s.name,
        completedPct: patch.completedPct ?? s.completedPct,
        chancePct: patch.chancePct ?? s.chancePct,
        allowSkip: patch.allowSkip ?? s.allowSkip,
        quoteRequired: patch.quoteRequired ?? s.quoteRequired,
        activities: patch.activities ?? s.activities,
      };
      const changed = cycleEdits.updateStage(setup, actor, c.code, s.id, draft);
      return changed.ok ? ok({ setup: changed.value, stageId: s.id }) : changed;
    });
    if (!updated.ok || patch.activities === undefined) return updated;
    const { setup } = updated.value;
    const cycleOf = (o: Opportunity) => setup.cycles.find((c) => c.code === o.cycleCode);
    await stampAttention(
      this.deps.opportunities,
      actor.tenantId,
      cycleOf,
      {
        stageId: updated.value.stage.id,
      },
      this.deps.pageSize,
    );
    return updated;
  }

  setActivities(
    actor: Actor,
    cycle: string | undefined,
    stage: string,
    activities: readonly StageActivity[],
  ): Promise<Result<StageState>> {
    return this.updateStage(actor, cycle, stage, { activities });
  }

  moveStage(
    actor: Actor,
    cycle: string | undefined,
    stage: string,
    to: StageMove,
  ): Promise<Result<StageState>> {
    return this.editStage(actor, cycle, stage, (setup, c, s) => {
      const from = c.stages.findIndex((x) => x.id === s.id);
      const last = c.stages.length - 1;
      if ((to === "up" || to === 0) && from === 0)
        return fail("cycle.already_first", { stage: stageText(s) });
      if ((to === "down" || to === last) && from === last)
        return fail("cycle.already_last", { stage: stageText(s) });
      const position = to === "up" ? from - 1 : to === "down" ? from + 1 : to;
      const changed = cycleEdits.moveStage(setup, actor, c.code, s.id, position);
      return changed.ok ? ok({ setup: changed.value, stageId: s.id }) : changed;
    });
  }

  setDefaultStage(actor: Actor, cycle: string | undefined, stage: string): Promise<Result<StageState>> {
    return this.editStage(actor, cycle, stage, (setup, c, s) => {
      const changed = cycleEdits.setDefaultStage(setup, actor, c.code, s.id);
      return changed.ok ? ok({ setup: changed.value, stageId: s.id }) : changed;
    });
  }

  /**
   * Deletes a stage, then moves every opportunity of the cycle that was in it: to `replacement` (a stage name
   * or id), or out of any stage when there is none. The setup is saved first, so no new opportunity enters
   * the stage while its opportunities are moved; each move is a guarded write that records a "replace" row in
   * the opportunity's stage history.
   */
  async deleteStage(
    actor: Actor,
    cycle: string | undefined,
    stage: string,
    options: { readonly replacement?: string; readonly moveActivities: boolean },
  ): Promise<Result<StageDeletion>> {
    if (!mayCustomiseCycles(actor)) return forbidden;
    let plan: { cycleCode: string; deleted: Stage; replacement?: Stage } | undefined;
    const saved = await this.editWithRetry(actor, (setup) => {
      const c = resolveCycle(setup, cycle);
      if (!c.ok) return c;
      const s = resolveStage(c.value, stage);
      if (!s.ok) return s;
      let replacement: Stage | undefined;
      if (options.replacement !== undefined) {
        const r = resolveStage(c.value, options.replacement);
        if (!r.ok) return r;
        replacement = r.value;
      }
      plan = { cycleCode: c.value.code, deleted: s.value, ...(replacement ? { replacement } : {}) };
      return cycleEdits.deleteStage(setup, actor, c.value.code, s.value.id, {
        ...(replacement ? { stageId: replacement.id } : {}),
        moveActivities: options.moveActivities,
      });
    });
    if (!saved.ok) return saved;
    if (!plan) throw new Error("deleteStage saved without a plan");
    const { cycleCode, deleted, replacement } = plan;
    const after = resolveCycleByCode(saved.value, cycleCode);
    if (!after) throw new Error(`cycle ${cycleCode} vanished while deleting a stage`);
    const counts = await this.moveOpportunities(
      actor,
      saved.value,
      cycleCode,
      deleted,
      replacement && findById(after, replacement.id),
    );
    return ok({
      setup: saved.value,
      cycle: after,
      deleted,
      ...(replacement ? { replacement: findById(after, replacement.id) ?? replacement } : {}),
      activitiesMoved: replacement && options.moveActivities ? deleted.activities.length : 0,
      ...counts,
    });
  }

  /** The close codes, for anyone on the sales team. */
  async closeCodes(actor: Actor): Promise<Result<TenantSetup>> {
    if (!isStaff(actor)) return fail("forbidden", { action: "closecode list" });
    return ok(await this.deps.setup.load(actor.tenantId));
  }

  /** Whether the actor may open the close-code form (the same rule `addCloseCode` enforces). */
  closeCodeForm(actor: Actor): Result<true> {
    return mayManageCloseCodes(actor) ? ok(true) : fail("forbidden", { action: "closecode add" });
  }

  async addCloseCode(
    actor: Actor,
    code: CloseCode,
  ): Promise<Result<{ setup: TenantSetup; code: CloseCode }>> {
    const allowed = this.closeCodeForm(actor);
    if (!allowed.ok) return allowed;
    const saved = await this.editWithRetry(actor, (setup) => cycleEdits.addCloseCode(setup, actor, code));
    if (!saved.ok) return saved;
    const added = saved.value.closeCodes.find((c) => c.code === code.code.trim().toUpperCase());
    if (!added) throw new Error("the close code was saved but is not in the setup");
    return ok({ setup: saved.value, code: added });
  }

  // -------------------------------------------------------------------------------------------------------

  /** Resolves the cycle on the freshly read setup, applies the edit, and returns the edited stage after it. */
  private async editCycle(
    actor: Actor,
    cycle: string | undefined,
    apply: (setup: TenantSetup, cycle: SalesCycle) => Result<{ setup: TenantSetup; stageId: string }>,
  ): Promise<Result<StageState>> {
    if (!mayCustomiseCycles(actor)) return forbidden;
    let target: { cycleCode: string; stageId: string } | undefined;
    const saved = await this.editWithRetry(actor, (setup) => {
      const c = resolveCycle(setup, cycle);
      if (!c.ok) return c;
      const changed = apply(setup, c.value);
      if (!changed.ok) return changed;
      target = { cycleCode: c.value.code, stageId: changed.value.stageId };
      return ok(changed.value.setup);
    });
    if (!saved.ok) return saved;
    const after = target && resolveCycleByCode(saved.value, target.cycleCode);
    const edited = target && after && findById(after, target.stageId);
    if (!after || !edited) throw new Error("the edited stage is not in the saved setup");
    return ok({ setup: saved.value, cycle: after, stage: edited });
  }

  /** As `editCycle`, for an edit of an existing stage named by id, name or unique prefix. */
  private editStage(
    actor: Actor,
    cycle: string | undefined,
    stage: string,
    apply: (
      setup: TenantSetup,
      cycle: SalesCycle,
      stage: Stage,
    ) => Result<{ setup: TenantSetup; stageId: string }>,
  ): Promise<Result<StageState>> {
    return this.editCycle(actor, cycle, (setup, c) => {
      const s = resolveStage(c, stage);
      return s.ok ? apply(setup, c, s.value) : s;
    });
  }

  /** The setup edit re-applied to a fresh read when another save won the race; the change is idempotent. */
  private async editWithRetry(
    actor: Actor,
    change: (setup: TenantSetup) => Result<TenantSetup>,
  ): Promise<Result<TenantSetup>> {
    let result: Result<TenantSetup> = fail("conflict");
    for (let attempt = 0; attempt < editAttempts; attempt++) {
      result = await this.deps.setup.edit(actor, change);
      if (result.ok || result.error.code !== "conflict") return result;
    }
    return result;
  }

  /**
   * Moves the opportunities of a deleted stage. The stage's opportunities are listed completely before any is
   * changed, because a change takes an opportunity out of the filtered list and would shift the pages under
   * the cursor. A second sweep catches any opportunity another instance moved into the stage from its cached
   * setup while the first ran.
   */
  private async moveOpportunities(
    actor: Actor,
    setup: TenantSetup,
    cycleCode: string,
    deleted: Stage,
    replacement: Stage | undefined,
  ): Promise<{ moved: number; unmoved: number; stopped?: StoppedBy }> {
    const seen = new Set<string>();
    let moved = 0;
    let unmoved = 0;
    try {
      for (let round = 0; round < sweepRounds; round++) {
        const found: Versioned<Opportunity>[] = [];
        await this.scan(actor.tenantId, cycleCode, deleted.id, (o) => {
          if (!seen.has(o.value.ref)) found.push(o);
        });
        if (found.length === 0) break;
        for (const item of found) {
          seen.add(item.value.ref);
          const outcome = await this.moveOne(actor, setup, item, cycleCode, deleted, replacement);
          if (outcome === "moved") moved++;
          else if (outcome === "unmoved") unmoved++;
        }
      }
    } catch (error) {
      // The stage is deleted already: the user is told that, and how far the moves got, not "nothing was
      // changed". What is left in the deleted stage is moved with opp goto.
      const stopped = stoppedBy(error);
      if (!stopped) throw error;
      return { moved, unmoved, stopped };
    }
    return { moved, unmoved };
  }

  private async moveOne(
    actor: Actor,
    setup: TenantSetup,
    listed: Versioned<Opportunity>,
    cycleCode: string,
    deleted: Stage,
    replacement: Stage | undefined,
  ): Promise<"moved" | "gone" | "unmoved"> {
    let current: Versioned<Opportunity> | undefined = listed;
    for (let attempt = 0; attempt < moveAttempts; attempt++) {
      if (!current) return "gone";
      if (current.value.cycleCode !== cycleCode || current.value.stageId !== deleted.id) return "gone";
      try {
        await this.deps.opportunities.update(
          withAttention(
            replaceStage(current.value, deleted, replacement, actor, this.deps.clock.now()),
            setup,
          ),
          current.version,
          current.value,
        );
        return "moved";
      } catch (error) {
        if (!(error instanceof ConcurrencyConflict)) throw error;
        current = await this.deps.opportunities.get(actor.tenantId, listed.value.ref);
      }
    }
    return "unmoved";
  }

  /** Every opportunity of the cycle in the stage, page by page (the list filter knows stages, not cycles). */
  private async scan(
    tenantId: string,
    cycleCode: string,
    stageId: string,
    visit: (o: Versioned<Opportunity>) => void,
  ): Promise<void> {
    let cursor: string | undefined;
    do {
      const page = await this.deps.opportunities.list(
        tenantId,
        { stageId },
        { limit: this.deps.pageSize ?? 200, ...(cursor ? { cursor } : {}) },
      );
      for (const item of page.items) if (item.value.cycleCode === cycleCode) visit(item);
      cursor = page.cursor;
    } while (cursor);
  }
}

const forbidden = fail<never>("forbidden", { action: "cycle" });

/**
 * An opportunity leaves a deleted stage: into the replacement (taking its chances of success, as entering
 * any stage does, unless it is closed), or out of any stage. Closed ones move too, so a reopen lands in a
 * stage that exists. The history row keeps the deleted stage's name, since its id no longer resolves.
 */
export function replaceStage(
  opportunity: Opportunity,
  deleted: Stage,
  replacement: Stage | undefined,
  actor: Actor,
  now: Date,
): Opportunity {
  const by = { id: actor.userId, name: actor.name };
  const { stageId: _old, ...rest } = opportunity;
  return {
    ...rest,
    ...(replacement ? { stageId: replacement.id } : {}),
    ...(replacement && opportunity.status === "open" ? { chancePct: replacement.chancePct } : {}),
    history: [
      ...opportunity.history,
      {
        action: "replace",
        from: deleted.id,
        ...(replacement ? { to: replacement.id } : {}),
        by,
        at: now.toISOString(),
        note: deleted.name,
      },
    ],
    revision: opportunity.revision + 1,
    updatedBy: by,
    updatedAt: now.toISOString(),
  };
}

const findById = (cycle: SalesCycle, stageId: string) => cycle.stages.find((s) => s.id === stageId);

const resolveCycleByCode = (setup: TenantSetup, code: string) => setup.cycles.find((c) => c.code === code);

/** A cycle by code or name (any case); the default cycle when none is named. */
function resolveCycle(setup: TenantSetup, wanted: string | undefined): Result<SalesCycle> {
  const name = wanted?.trim().toLowerCase();
  const cycle = name
    ? setup.cycles.find((c) => c.code.toLowerCase() === name || c.name.toLowerCase() === name)
    : setup.cycles.find((c) => c.code === setup.defaultCycleCode);
  return cycle
    ? ok(cycle)
    : fail("cycle.no_such_cycle", {
        cycle: wanted ?? "",
        cycles: setup.cycles.map((c) => c.code).join(", "),
      });
}

/** A stage by id, name or unique name prefix; an unknown one is answered with the cycle's stages. */
function resolveStage(cycle: SalesCycle, wanted: string): Result<Stage> {
  const stage = wanted.trim() ? findStage(cycle, wanted) : undefined;
  return stage
    ? ok(stage)
    : fail("cycle.no_such_stage", { stage: wanted, stages: cycle.stages.map(stageText).join(", ") });
}

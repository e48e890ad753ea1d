import { stageText } from "../setup/built-ins.js";
import type { Actor } from "../shared/actor.js";
import { fail, ok, type Result } from "../shared/result.js";
import { stageIndex, type SalesCycle, type Stage } from "../cycles/cycle.js";
import { openOnly, touched, withHistory, type Opportunity, type StageAction } from "./opportunity.js";

/** Seed 000's stage moves of an opportunity: the rules (`stageMoves`) and the moves (`stageActions`). */

/**
 * The stages skipped after a move to `target`: those it jumped over (a skip), and none at or after where it
 * stands now (a move back makes them stages still ahead).
 */
function skippedAfter(opportunity: Opportunity, cycle: SalesCycle, target: Stage, action: StageAction) {
  const from = stageIndex(cycle, opportunity.stageId);
  const to = stageIndex(cycle, target.id);
  const over = action === "skip" ? cycle.stages.slice(from + 1, to).map((s) => s.id) : [];
  return [...(opportunity.skipped ?? []), ...over].filter((id) => {
    const at = stageIndex(cycle, id);
    return at >= 0 && at < to;
  });
}

function moveTo(
  opportunity: Opportunity,
  cycle: SalesCycle,
  target: Stage,
  action: StageAction,
  actor: Actor,
  now: Date,
): Opportunity {
  const { skipped: _before, ...rest } = opportunity;
  const skipped = skippedAfter(opportunity, cycle, target, action);
  return touched(rest, actor, now, {
    ...(skipped.length > 0 ? { skipped: [...new Set(skipped)] } : {}),
    stageId: target.id,
    chancePct: target.chancePct,
    history: withHistory(opportunity, action, opportunity.stageId, target.id, actor, now),
  });
}

/** A stage that needs a quote is entered only with one. */
const quoteMissing = (opportunity: Opportunity, target: Stage): boolean =>
  target.quoteRequired && !opportunity.quote;

const quoteIn = (opportunity: Opportunity, target: Stage): Result<Stage> =>
  quoteMissing(opportunity, target)
    ? fail("opp.quote_required", { ref: opportunity.ref, stage: stageText(target) })
    : ok(target);

/**
 * The last stage a skip from the stage at `from` may lead to: forward over stages that allow skipping only, so
 * up to the first that does not (it may be skipped to, not over), else the last stage. A skip to a stage
 * beyond it is refused, and that first stage is what stands in the way.
 */
function skipReach(cycle: SalesCycle, from: number): number {
  const last = cycle.stages.length - 1;
  for (let i = from + 1; i < last; i++) if (cycle.stages[i]?.allowSkip !== true) return i;
  return last;
}

/** The last stage a go-to from the stage at `from` may lead to: the one before it; from none, any stage. */
const gotoReach = (cycle: SalesCycle, from: number): number =>
  from < 0 ? cycle.stages.length - 1 : from - 1;

/**
 * The rules of seed 000's stage moves, without making one: the stage a move would lead to, or why it may
 * not. A card asks these for its Next and Previous buttons, so they build nothing but the answer
 * (`stageChoices` answers Skip and Go back for all stages at once); `stageActions` makes the move.
 */
export const stageMoves = {
  next(opportunity: Opportunity, cycle: SalesCycle): Result<Stage> {
    const open = openOnly(opportunity);
    if (!open.ok) return open;
    const at = stageIndex(cycle, opportunity.stageId);
    const target = cycle.stages[at + 1];
    if (!target) return fail("opp.last_stage", { ref: opportunity.ref });
    return quoteIn(opportunity, target);
  },

  previous(opportunity: Opportunity, cycle: SalesCycle): Result<Stage> {
    const open = openOnly(opportunity);
    if (!open.ok) return open;
    const at = stageIndex(cycle, opportunity.stageId);
    const target = at > 0 ? cycle.stages[at - 1] : undefined;
    if (!target) return fail("opp.first_stage", { ref: opportunity.ref });
    return quoteIn(opportunity, target);
  },

  skip(opportunity: Opportunity, cycle: SalesCycle, target: Stage): Result<Stage> {
    const open = openOnly(opportunity);
    if (!open.ok) return open;
    const from = stageIndex(cycle, opportunity.stageId);
    const to = stageIndex(cycle, target.id);
    if (to <= from) return fail("opp.skip_backwards", { ref: opportunity.ref, stage: stageText(target) });
    const reach = skipReach(cycle, from);
    const blocking = to > reach ? cycle.stages[reach] : undefined;
    if (blocking)
      return fail("opp.skip_not_allowed", {
        ref: opportunity.ref,
        stage: stageText(blocking),
        target: stageText(target),
      });
    return quoteIn(opportunity, target);
  },

  goto(opportunity: Opportunity, cycle: SalesCycle, target: Stage): Result<Stage> {
    const open = openOnly(opportunity);
    if (!open.ok) return open;
    const from = stageIndex(cycle, opportunity.stageId);
    const to = stageIndex(cycle, target.id);
    if (to > gotoReach(cycle, from))
      return fail("opp.goto_forward", { ref: opportunity.ref, stage: stageText(target) });
    return quoteIn(opportunity, target);
  },
} as const;

/**
 * Whether `skip` or `goto` would allow a move now to some stage other than the one at index `except`: their
 * rules (the same reach and quote test), asked in one pass over the stages with nothing built. A card asks
 * this for its "Skip to…" and "Go back to…" buttons on every show; `stageMoves` asked for each stage in turn
 * made a refusal (its params and a stage text) for most of them.
 */
export const stageChoices = {
  skip(opportunity: Opportunity, cycle: SalesCycle, except: number): boolean {
    if (opportunity.status !== "open") return false;
    const from = stageIndex(cycle, opportunity.stageId);
    return anyEnterable(opportunity, cycle, from + 1, skipReach(cycle, from), except);
  },

  goto(opportunity: Opportunity, cycle: SalesCycle, except: number): boolean {
    if (opportunity.status !== "open") return false;
    return anyEnterable(
      opportunity,
      cycle,
      0,
      gotoReach(cycle, stageIndex(cycle, opportunity.stageId)),
      except,
    );
  },
} as const;

/** Whether a stage from `first` to `last` (inclusive) other than `except` may be entered as to its quote. */
function anyEnterable(
  o: Opportunity,
  cycle: SalesCycle,
  first: number,
  last: number,
  except: number,
): boolean {
  for (let i = first; i <= last; i++) {
    const stage = cycle.stages[i];
    if (i !== except && stage && !quoteMissing(o, stage)) return true;
  }
  return false;
}

const moved = (
  move: Result<Stage>,
  opportunity: Opportunity,
  cycle: SalesCycle,
  action: StageAction,
  actor: Actor,
  now: Date,
): Result<Opportunity> => (move.ok ? ok(moveTo(opportunity, cycle, move.value, action, actor, now)) : move);

/** The stage actions of seed 000: next, previous, skip (forward over skippable stages), go to (back). */
export const stageActions = {
  next: (opportunity: Opportunity, cycle: SalesCycle, actor: Actor, now: Date): Result<Opportunity> =>
    moved(stageMoves.next(opportunity, cycle), opportunity, cycle, "next", actor, now),

  previous: (opportunity: Opportunity, cycle: SalesCycle, actor: Actor, now: Date): Result<Opportunity> =>
    moved(stageMoves.previous(opportunity, cycle), opportunity, cycle, "previous", actor, now),

  skip: (
    opportunity: Opportunity,
    cycle: SalesCycle,
    target: Stage,
    actor: Actor,
    now: Date,
  ): Result<Opportunity> =>
    moved(stageMoves.skip(opportunity, cycle, target), opportunity, cycle, "skip", actor, now),

  goto: (
    opportunity: Opportunity,
    cycle: SalesCycle,
    target: Stage,
    actor: Actor,
    now: Date,
  ): Result<Opportunity> =>
    moved(stageMoves.goto(opportunity, cycle, target), opportunity, cycle, "goto", actor, now),
} as const;

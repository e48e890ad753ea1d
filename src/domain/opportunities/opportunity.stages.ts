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
const quoteIn = (opportunity: Opportunity, target: Stage): Result<Stage> =>
  target.quoteRequired && !opportunity.quote
    ? fail("opp.quote_required", { ref: opportunity.ref, stage: stageText(target) })
    : ok(target);

/**
 * The rules of seed 000's stage moves, without making one: the stage a move would lead to, or why it may
 * not. A card asks these for every button and every stage it might offer, so they build nothing but the
 * answer; `stageActions` makes the move.
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
    const blocking = cycle.stages.slice(from + 1, to).find((s) => !s.allowSkip);
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
    if (from >= 0 && to >= from)
      return fail("opp.goto_forward", { ref: opportunity.ref, stage: stageText(target) });
    return quoteIn(opportunity, target);
  },
} as const;

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

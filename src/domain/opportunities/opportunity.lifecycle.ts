import type { Actor } from "../shared/actor.js";
import { fail, ok, type Result } from "../shared/result.js";
import type { SalesCycle } from "../cycles/cycle.js";
import type { TimelineEntry, UserStamp } from "../shared/timeline.js";
import {
  linesTotal,
  openOnly,
  opportunityLimits,
  round2,
  touched,
  withHistory,
  type Opportunity,
  type OpportunityLine,
  type StageHistoryEntry,
} from "./opportunity.js";

/**
 * What happens to an opportunity besides its stage moves (opportunity.stages.ts): value and lines, notes,
 * closing and reopening, its quote and order, and a new owner. Each returns the changed opportunity or why not.
 */

export interface OpportunityUpdate {
  readonly estimatedValue?: number;
  readonly chancePct?: number;
  readonly expectedCloseDate?: string;
}

/** Update without moving: value (only when there are no lines), chances of success, expected close date. */
export function updateOpportunity(
  opportunity: Opportunity,
  update: OpportunityUpdate,
  actor: Actor,
  now: Date,
): Result<Opportunity> {
  const open = openOnly(opportunity);
  if (!open.ok) return open;
  if (update.estimatedValue !== undefined && opportunity.lines.length > 0) {
    return fail("opp.value_from_lines", { ref: opportunity.ref });
  }
  return ok(
    touched(opportunity, actor, now, {
      ...(update.estimatedValue !== undefined ? { estimatedValue: round2(update.estimatedValue) } : {}),
      ...(update.chancePct !== undefined ? { chancePct: update.chancePct } : {}),
      ...(update.expectedCloseDate !== undefined ? { expectedCloseDate: update.expectedCloseDate } : {}),
      history: withHistory(opportunity, "update", opportunity.stageId, opportunity.stageId, actor, now),
    }),
  );
}

export function addLine(
  opportunity: Opportunity,
  line: OpportunityLine,
  actor: Actor,
  now: Date,
): Result<Opportunity> {
  const open = openOnly(opportunity);
  if (!open.ok) return open;
  if (opportunity.lines.length >= opportunityLimits.lines) {
    return fail("opp.too_many_lines", { ref: opportunity.ref, max: opportunityLimits.lines });
  }
  const lines = [...opportunity.lines, line];
  return ok(touched(opportunity, actor, now, { lines, estimatedValue: linesTotal(lines) }));
}

export function addTimelineEntry(
  opportunity: Opportunity,
  entry: TimelineEntry,
  actor: Actor,
  now: Date,
): Result<Opportunity> {
  return ok(touched(opportunity, actor, now, { timeline: [...opportunity.timeline, entry] }));
}

export function closeOpportunity(
  opportunity: Opportunity,
  outcome: "won" | "lost",
  closeCode: string,
  closedOn: string,
  actor: Actor,
  now: Date,
): Result<Opportunity> {
  const open = openOnly(opportunity);
  if (!open.ok) return open;
  return ok(
    touched(opportunity, actor, now, {
      status: outcome,
      closeCode,
      closedOn,
      chancePct: outcome === "won" ? 100 : 0,
      history: withHistory(opportunity, "close", opportunity.stageId, outcome, actor, now),
    }),
  );
}

export function reopenOpportunity(
  opportunity: Opportunity,
  cycle: SalesCycle,
  actor: Actor,
  now: Date,
): Result<Opportunity> {
  if (opportunity.status === "open") return fail("opp.not_closed", { ref: opportunity.ref });
  const stage = cycle.stages.find((s) => s.id === opportunity.stageId);
  const { closeCode: _code, closedOn: _on, ...rest } = opportunity;
  return ok(
    touched(rest, actor, now, {
      status: "open",
      chancePct: stage?.chancePct ?? 0,
      history: withHistory(opportunity, "reopen", opportunity.status, opportunity.stageId, actor, now),
    }),
  );
}

/** The party facts quoting and ordering depend on (seed 000). */
export interface PartyTerms {
  readonly kind: "account" | "company-contact" | "person-contact";
  readonly isCustomer: boolean;
  readonly name: string;
}

/** A sales quote copies the lines; only for a company (an account or a contact of kind company). */
export function makeQuote(
  opportunity: Opportunity,
  party: PartyTerms,
  number: string,
  actor: Actor,
  now: Date,
): Result<Opportunity> {
  const open = openOnly(opportunity);
  if (!open.ok) return open;
  if (party.kind === "person-contact")
    return fail("opp.quote_person", { ref: opportunity.ref, contact: party.name });
  if (opportunity.lines.length === 0) return fail("opp.quote_no_lines", { ref: opportunity.ref });
  const me = { id: actor.userId, name: actor.name };
  return ok(
    touched(opportunity, actor, now, {
      quote: {
        number,
        createdAt: now.toISOString(),
        createdBy: me,
        lines: opportunity.lines,
        total: linesTotal(opportunity.lines),
      },
    }),
  );
}

/** A sales order is made from the quote, and only for a customer. */
export function makeOrder(
  opportunity: Opportunity,
  party: PartyTerms,
  number: string,
  actor: Actor,
  now: Date,
): Result<Opportunity> {
  if (opportunity.status === "lost")
    return fail("opp.closed", { ref: opportunity.ref, status: opportunity.status });
  if (!opportunity.quote) return fail("opp.order_no_quote", { ref: opportunity.ref });
  if (opportunity.order)
    return fail("opp.already_ordered", { ref: opportunity.ref, order: opportunity.order.number });
  if (!party.isCustomer) return fail("opp.order_not_customer", { ref: opportunity.ref, party: party.name });
  const me = { id: actor.userId, name: actor.name };
  return ok(
    touched(opportunity, actor, now, {
      order: {
        number,
        createdAt: now.toISOString(),
        createdBy: me,
        quoteNumber: opportunity.quote.number,
        total: opportunity.quote.total,
      },
    }),
  );
}

/** Gives the opportunity to another salesperson; recorded in the history as who assigned it to whom. */
export function assignOpportunity(
  opportunity: Opportunity,
  assignee: UserStamp,
  actor: Actor,
  now: Date,
): Result<Opportunity> {
  const open = openOnly(opportunity);
  if (!open.ok) return open;
  if (opportunity.owner.id === assignee.id)
    return fail("opp.already_owner", { ref: opportunity.ref, owner: assignee.name });
  const row: StageHistoryEntry = {
    action: "assign",
    by: { id: actor.userId, name: actor.name },
    at: now.toISOString(),
    note: `${opportunity.owner.name} → ${assignee.name}`,
  };
  return ok(touched(opportunity, actor, now, { owner: assignee, history: [...opportunity.history, row] }));
}

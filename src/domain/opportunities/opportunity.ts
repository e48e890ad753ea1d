import type { NotificationEvent } from "../notify/event.js";
import { stageText } from "../setup/built-ins.js";
import { isManager, isStaff, type Actor } from "../shared/actor.js";
import { fail, ok, type Result } from "../shared/result.js";
import { stageIndex, type SalesCycle, type Stage } from "../cycles/cycle.js";
import type { TimelineEntry, UserStamp } from "../leads/lead.js";
import type { PartyLink } from "../parties/party.js";

export type OpportunityStatus = "open" | "won" | "lost";

export interface OpportunityLine {
  readonly product: string;
  readonly quantity: number;
  readonly unitPrice: number;
}

export type StageAction =
  | "create"
  | "next"
  | "previous"
  | "skip"
  | "goto"
  | "update"
  | "close"
  | "reopen"
  | "replace"
  | "assign"
  | "distribute"
  | "accept"
  | "decline"
  | "recall"
  | "register"
  | "approve"
  | "reject";

/** One row of the stage history: who moved it, when, from which stage to which, by which action. */
export interface StageHistoryEntry {
  readonly action: StageAction;
  /** Stage ids, or "won" / "lost" for the terminal states; undefined where there was none. */
  readonly from?: string;
  readonly to?: string;
  readonly by: UserStamp;
  readonly at: string;
  readonly note?: string;
}

export interface Quote {
  readonly number: string;
  readonly createdAt: string;
  readonly createdBy: UserStamp;
  readonly lines: readonly OpportunityLine[];
  readonly total: number;
}

export interface SalesOrder {
  readonly number: string;
  readonly createdAt: string;
  readonly createdBy: UserStamp;
  readonly quoteNumber: string;
  readonly total: number;
}

/** Where a distribution to one partner stands (seed 004). */
export type DistributionStatus = "delivered" | "accepted" | "declined" | "recalled";

/** The partner still holds it: waiting for its answer, or working on it. */
export const isHolding = (status: DistributionStatus): boolean =>
  status === "delivered" || status === "accepted";

export interface DistributionEntry {
  /** The partner's ref ("P-1001") and its name when distributed. */
  readonly partner: string;
  readonly name: string;
  readonly status: DistributionStatus;
  /** When it got this status, and who gave it (the accepting partner user, the recalling manager…). */
  readonly at: string;
  readonly by: UserStamp;
  readonly reason?: string;
}

export interface Distribution {
  /** Several partners work it together: none of them may close it. */
  readonly collaboration: boolean;
  readonly partners: readonly DistributionEntry[];
  /** Why automatic distribution chose these partners. */
  readonly explanation?: string;
}

/** Deal registration: a partner asks for exclusivity on an opportunity it created; a manager decides. */
export interface DealRegistration {
  readonly status: "requested" | "approved" | "rejected";
  readonly requestedBy: UserStamp;
  readonly requestedAt: string;
  readonly decidedBy?: UserStamp;
  readonly decidedAt?: string;
  readonly reason?: string;
}

export interface Opportunity {
  /** "O-1001", unique per tenant. */
  readonly ref: string;
  readonly tenantId: string;
  readonly title: string;
  readonly party: PartyLink;
  /** The person the deal is worked with, when the customer (`party`) is an account. */
  readonly primaryContact?: { readonly ref: string; readonly name: string };
  readonly owner: UserStamp;
  readonly type?: string;
  readonly source?: string;
  readonly currency: string;
  /** Entered by the user, unless lines exist: then the sum of the lines. */
  readonly estimatedValue: number;
  readonly chancePct: number;
  readonly cycleCode: string;
  /** Undefined when an admin deleted its stage without a replacement. */
  readonly stageId?: string;
  /** Stages a `skip` jumped over and it has not been back to since: the card marks them skipped, not done. */
  readonly skipped?: readonly string[];
  readonly status: OpportunityStatus;
  readonly closeCode?: string;
  readonly closedOn?: string;
  readonly lines: readonly OpportunityLine[];
  readonly expectedCloseDate?: string;
  readonly customerSituation?: string;
  readonly customerNeed?: string;
  readonly proposedSolution?: string;
  readonly leadRef?: string;
  /**
   * The latest timeline entries and stage history rows (a read gives at most the last five of each), plus
   * those a change appends. Every entry is stored as a document of its own; the counts say how many were
   * stored when it was read (set by the repository, absent on an opportunity not stored yet).
   */
  readonly timeline: readonly TimelineEntry[];
  readonly history: readonly StageHistoryEntry[];
  readonly timelineCount?: number;
  readonly historyCount?: number;
  /**
   * Set by the repository: its figures are in its owner's pipeline totals. Opportunities stored before the
   * totals existed are not, until the first `pipeline` of their tenant counts them.
   */
  readonly counted?: boolean;
  /**
   * The first day it needs its owner's attention (attention.ts), set at every write; absent on records
   * stored before it existed, until the first `inbox` of their tenant stamps them.
   */
  readonly attentionDate?: string;
  readonly quote?: Quote;
  readonly order?: SalesOrder;
  /** Used by automatic distribution to partners. Lower case. */
  readonly region?: string;
  readonly industry?: string;
  readonly distribution?: Distribution;
  /** Created by a partner organisation (its ref and name): such an opportunity waits for a manager's approval. */
  readonly origin?: { readonly partner: string; readonly name: string };
  readonly approval?: "pending" | "approved" | "rejected";
  readonly deal?: DealRegistration;
  /** Counts every change; a card carries the revision it shows, so a stale card is recognised. */
  readonly revision: number;
  /** Notifications committed with the change that caused them, until the relay has fanned them out. */
  readonly outbox?: readonly NotificationEvent[];
  readonly createdBy: UserStamp;
  readonly createdAt: string;
  readonly updatedBy: UserStamp;
  readonly updatedAt: string;
}

export const opportunityRefPattern = /^O-\d{1,9}$/;
export const opportunityLimits = {
  title: 200,
  lines: 50,
  product: 120,
  maxMoney: 1e12,
  maxQuantity: 1e6,
  text: 2000,
} as const;

const round2 = (n: number) => Math.round(n * 100) / 100;

export const linesTotal = (lines: readonly OpportunityLine[]): number =>
  round2(lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0));

/** Completed % comes from the stage; a won opportunity is complete, a lost one is not. */
export function completedPct(opportunity: Opportunity, cycle: SalesCycle | undefined): number {
  if (opportunity.status === "won") return 100;
  if (opportunity.status === "lost") return 0;
  const stage = cycle?.stages.find((s) => s.id === opportunity.stageId);
  return stage?.completedPct ?? 0;
}

/** Probability % = chances of success × completed % / 100. */
export function probabilityPct(opportunity: Opportunity, cycle: SalesCycle | undefined): number {
  if (opportunity.status === "won") return 100;
  if (opportunity.status === "lost") return 0;
  return round2((opportunity.chancePct * completedPct(opportunity, cycle)) / 100);
}

/** Calculated current value = estimated value × probability / 100. */
export function currentValue(opportunity: Opportunity, cycle: SalesCycle | undefined): number {
  return round2((opportunity.estimatedValue * probabilityPct(opportunity, cycle)) / 100);
}

export interface NewOpportunity {
  readonly title: string;
  readonly party: PartyLink;
  readonly primaryContact?: { readonly ref: string; readonly name: string };
  /** Lines it starts with (copied from another opportunity); none otherwise. */
  readonly lines?: readonly OpportunityLine[];
  readonly currency: string;
  readonly estimatedValue?: number;
  readonly chancePct?: number;
  readonly type?: string;
  readonly source?: string;
  readonly expectedCloseDate?: string;
  readonly owner?: UserStamp;
  readonly leadRef?: string;
  readonly timeline?: readonly TimelineEntry[];
  readonly customerSituation?: string;
  readonly customerNeed?: string;
  readonly proposedSolution?: string;
  readonly region?: string;
  readonly industry?: string;
  /** Created by a partner user: pending a manager's approval. */
  readonly origin?: { readonly partner: string; readonly name: string };
}

export function newOpportunity(
  input: NewOpportunity,
  ref: string,
  cycle: SalesCycle,
  actor: Actor,
  now: Date,
): Opportunity {
  const me: UserStamp = { id: actor.userId, name: actor.name };
  const at = now.toISOString();
  const stage = cycle.stages.find((s) => s.id === cycle.defaultStageId) ?? cycle.stages[0];
  return {
    ref,
    tenantId: actor.tenantId,
    title: input.title,
    party: input.party,
    ...(input.primaryContact ? { primaryContact: input.primaryContact } : {}),
    owner: input.owner ?? me,
    ...(input.type ? { type: input.type } : {}),
    ...(input.source ? { source: input.source } : {}),
    currency: input.currency,
    estimatedValue: round2(input.estimatedValue ?? 0),
    chancePct: input.chancePct ?? stage?.chancePct ?? 0,
    cycleCode: cycle.code,
    ...(stage ? { stageId: stage.id } : {}),
    status: "open",
    lines: input.lines ? [...input.lines] : [],
    ...(input.expectedCloseDate ? { expectedCloseDate: input.expectedCloseDate } : {}),
    ...(input.customerSituation ? { customerSituation: input.customerSituation } : {}),
    ...(input.customerNeed ? { customerNeed: input.customerNeed } : {}),
    ...(input.proposedSolution ? { proposedSolution: input.proposedSolution } : {}),
    ...(input.region ? { region: input.region.trim().toLowerCase() } : {}),
    ...(input.industry ? { industry: input.industry.trim().toLowerCase() } : {}),
    ...(input.origin ? { origin: input.origin, approval: "pending" as const } : {}),
    ...(input.leadRef ? { leadRef: input.leadRef } : {}),
    timeline: input.timeline ?? [],
    history: [{ action: "create", ...(stage ? { to: stage.id } : {}), by: me, at }],
    revision: 1,
    createdBy: me,
    createdAt: at,
    updatedBy: me,
    updatedAt: at,
  };
}

/**
 * What a partner user's organisation has to do with an opportunity: it created it ("origin"), or it was
 * distributed to it with this status. Undefined for everybody else.
 */
export function partnerAccess(
  actor: Actor,
  opportunity: Opportunity,
): "origin" | DistributionStatus | undefined {
  if (actor.role !== "partner" || !actor.partner) return undefined;
  if (opportunity.origin?.partner === actor.partner) return "origin";
  return opportunity.distribution?.partners.find((p) => p.partner === actor.partner)?.status;
}

/** Partners see only what was distributed to their organisation (and not taken back) or created by it. */
export function mayView(actor: Actor, opportunity: Opportunity): boolean {
  if (isStaff(actor)) return true;
  const access = partnerAccess(actor, opportunity);
  return access === "origin" || access === "delivered" || access === "accepted";
}

/**
 * Who may change an opportunity: its owner, managers and admins; a partner that manages it alone (accepted,
 * no collaboration) or created it and had it approved. Collaborating partners only add notes.
 */
export function mayChange(actor: Actor, opportunity: Opportunity): boolean {
  if (actor.role === "admin" || actor.role === "manager") return true;
  if (actor.role === "rep") return opportunity.owner.id === actor.userId;
  const access = partnerAccess(actor, opportunity);
  if (access === "origin") return opportunity.approval === "approved";
  return access === "accepted" && opportunity.distribution?.collaboration === false;
}

/** Timeline notes: whoever may change it, and every partner working on it (collaborating partners too). */
export function mayNote(actor: Actor, opportunity: Opportunity): boolean {
  if (mayChange(actor, opportunity)) return true;
  const access = partnerAccess(actor, opportunity);
  return access === "accepted" || (access === "origin" && opportunity.approval !== "rejected");
}

/** Assigning opportunities to a salesperson is for managers and admins (seed 001). */
export const mayAssign = (actor: Actor): boolean => isManager(actor);

/** Reopening a closed opportunity is for managers and admins (seed 000: a closed opportunity is read-only). */
export const mayReopen = (actor: Actor): boolean => actor.role === "manager" || actor.role === "admin";

/** Deleting closed opportunities in bulk is for managers and admins. */
export const mayPurge = (actor: Actor): boolean => actor.role === "manager" || actor.role === "admin";

export function touched(
  opportunity: Opportunity,
  actor: Actor,
  now: Date,
  change: Partial<Opportunity>,
): Opportunity {
  return {
    ...opportunity,
    ...change,
    revision: opportunity.revision + 1,
    updatedBy: { id: actor.userId, name: actor.name },
    updatedAt: now.toISOString(),
  };
}

/** The history with one more row: who, when, from which stage (or state) to which, by which action. */
export function withHistory(
  opportunity: Opportunity,
  action: StageAction,
  from: string | undefined,
  to: string | undefined,
  actor: Actor,
  now: Date,
): readonly StageHistoryEntry[] {
  const row: StageHistoryEntry = {
    action,
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    by: { id: actor.userId, name: actor.name },
    at: now.toISOString(),
  };
  return [...opportunity.history, row];
}

export function openOnly(opportunity: Opportunity): Result<Opportunity> {
  return opportunity.status === "open"
    ? ok(opportunity)
    : fail("opp.closed", { ref: opportunity.ref, status: opportunity.status });
}

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

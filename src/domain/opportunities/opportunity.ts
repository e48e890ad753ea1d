import type { NotificationEvent } from "../notify/event.js";
import { isManager, isStaff, type Actor } from "../shared/actor.js";
import { fail, ok, type Result } from "../shared/result.js";
import type { SalesCycle } from "../cycles/cycle.js";
import type { TimelineEntry, UserStamp } from "../shared/timeline.js";
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

/**
 * What a list shows of an opportunity (`opp list`, a partner's dashboard, the decisions in a manager's inbox):
 * the row, without its lines, latest entries, texts, quote and order. Lists read only these fields from the
 * store, not whole records.
 */
export const opportunityRowFields = [
  "ref",
  "title",
  "party",
  "owner",
  "cycleCode",
  "stageId",
  "status",
  "currency",
  "estimatedValue",
  "approval",
  "deal",
  "distribution",
  "origin",
  "createdAt",
  "updatedAt",
] as const satisfies readonly (keyof Opportunity)[];

export type OpportunityRow = Pick<Opportunity, (typeof opportunityRowFields)[number]>;

export const opportunityRefPattern = /^O-\d{1,9}$/;
export const opportunityLimits = {
  title: 200,
  lines: 50,
  product: 120,
  maxMoney: 1e12,
  maxQuantity: 1e6,
  text: 2000,
} as const;

/** Money and percentages are kept to two decimals. */
export const round2 = (n: number) => Math.round(n * 100) / 100;

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

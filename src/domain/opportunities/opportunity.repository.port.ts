import type { Page, Versioned } from "../shared/ports.js";
import type { Opportunity, OpportunityRow, OpportunityStatus } from "./opportunity.js";
import type { Account } from "../parties/party.js";
import type { PipelineTotals } from "./pipeline-totals.js";
import type { SalesCycle } from "../cycles/cycle.js";

/** The sales cycle an opportunity follows, in the tenant's current setup. */
export type CycleOf = (o: Opportunity) => SalesCycle | undefined;

/**
 * Whether a tenant's opportunities stored before pipeline totals and attention dates existed are all counted
 * and dated; while not, how many open ones are so far.
 */
export type Preparation = { readonly ready: true } | { readonly ready: false; readonly prepared: number };

export interface OpportunityListFilter {
  /** "closed" means won or lost. Absent: any status. */
  readonly status?: OpportunityStatus | "closed";
  readonly ownerId?: string;
  readonly partyRef?: string;
  readonly stageId?: string;
  readonly closeCode?: string;
  /** Opportunities a partner has with this access: distributed to it (delivered, accepted) or created by it. */
  readonly partner?: { readonly ref: string; readonly access: "delivered" | "accepted" | "origin" };
  /** Waiting for a manager: a partner-created opportunity's approval, or a deal registration's decision. */
  readonly awaiting?: "approval" | "deal";
}

/** Which closed opportunities `opp purge` deletes. */
export interface PurgeCandidates {
  /** Closed on or before this day (YYYY-MM-DD). Absent: whenever. */
  readonly closedOnOrBefore?: string;
  readonly ownerId?: string;
  /** Won or lost only. Absent: both. */
  readonly outcome?: "won" | "lost";
  readonly closeCode?: string;
}

export interface OpportunityRepository {
  nextRef(tenantId: string): Promise<string>;
  /** Quote and order numbers ("Q-1001", "SO-1001"), per tenant. */
  nextNumber(tenantId: string, prefix: "Q" | "SO"): Promise<string>;
  /**
   * Creates it; `withAccount`, a new account it names (a partner's customer), is created in the same
   * all-or-none write, so a failure never leaves the account without its opportunity.
   */
  create(opportunity: Opportunity, withAccount?: Account): Promise<Versioned<Opportunity>>;
  get(tenantId: string, ref: string): Promise<Versioned<Opportunity> | undefined>;
  /**
   * Replaces it if still at `version` (the version `previous` was read at); else throws ConcurrencyConflict.
   * Its history rows and notes added since `previous`, and its owners' pipeline totals, are written with it.
   */
  update(opportunity: Opportunity, version: string, previous: Opportunity): Promise<Versioned<Opportunity>>;
  /** Deletes it if still at `version`; else throws ConcurrencyConflict. */
  delete(tenantId: string, ref: string, version: string): Promise<void>;
  /**
   * The pipeline's figures of one owner (a point read) or of every owner (a query page per 1,000 owners),
   * however many opportunities the tenant has; undefined while the tenant is not prepared (see prepare).
   */
  pipelineTotals(tenantId: string, ownerId?: string): Promise<readonly PipelineTotals[] | undefined>;
  /**
   * The owner's open opportunities, earliest attention date first (attention.ts): one page, however many
   * the owner has.
   */
  needingAttention(
    tenantId: string,
    ownerId: string,
    limit: number,
  ): Promise<readonly Versioned<Opportunity>[]>;
  /** Whether every opportunity of the tenant stored before attention dates existed has been given one. */
  attentionStamped(tenantId: string): Promise<boolean>;
  /**
   * Counts and dates the tenant's opportunities stored before totals and attention dates existed. Never
   * more than one page in the caller's turn: when none was prepared yet it does the first page here (a new
   * or small tenant is ready at once); otherwise the background step goes on and this says how far it is.
   */
  prepare(tenantId: string, cycleOf: CycleOf): Promise<Preparation>;
  /**
   * The first `limit` closed opportunities matching the filter, earliest close date first. The filter is the
   * query's (the store walks only the matching ones), and there is no cursor: a purge deletes what it got, so
   * asking again gives the next ones, and a rerun after a stop starts where the last one ended.
   */
  purgeCandidates(
    tenantId: string,
    filter: PurgeCandidates,
    limit: number,
  ): Promise<readonly Versioned<Opportunity>[]>;
  /**
   * The same list as `list` (the same filter, order, pages and cursors), of rows: only what a list shows of
   * each, read as such from the store (fields of the documents), never whole records.
   */
  listRows(
    tenantId: string,
    filter: OpportunityListFilter,
    page: { readonly limit: number; readonly cursor?: string },
  ): Promise<Page<Versioned<OpportunityRow>>>;
  /** Most recently changed first; one page per call. */
  list(
    tenantId: string,
    filter: OpportunityListFilter,
    page: { readonly limit: number; readonly cursor?: string },
  ): Promise<Page<Versioned<Opportunity>>>;
}

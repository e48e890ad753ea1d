import type { Page, Versioned } from "../shared/ports.js";
import type { Opportunity, OpportunityStatus } from "./opportunity.js";
import type { PipelineTotals } from "./pipeline-totals.js";

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

export interface OpportunityRepository {
  nextRef(tenantId: string): Promise<string>;
  /** Quote and order numbers ("Q-1001", "SO-1001"), per tenant. */
  nextNumber(tenantId: string, prefix: "Q" | "SO"): Promise<string>;
  create(opportunity: Opportunity): Promise<Versioned<Opportunity>>;
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
   * however many opportunities the tenant has.
   */
  pipelineTotals(tenantId: string, ownerId?: string): Promise<readonly PipelineTotals[]>;
  /** Most recently changed first; one page per call. */
  list(
    tenantId: string,
    filter: OpportunityListFilter,
    page: { readonly limit: number; readonly cursor?: string },
  ): Promise<Page<Versioned<Opportunity>>>;
}

import type { Page, Versioned } from "../shared/ports.js";
import type { TimelineEntry } from "../shared/timeline.js";
import type { Lead, LeadRow, LeadStatus } from "./lead.js";

export interface LeadListFilter {
  /** Absent: every status. */
  readonly status?: LeadStatus;
  readonly ownerId?: string;
}

export interface LeadRepository {
  /** Allocates the next reference of the tenant ("L-1001", "L-1002", …); never hands one out twice. */
  nextRef(tenantId: string): Promise<string>;
  /** Stores a new lead; throws ConcurrencyConflict if the reference is taken. */
  create(lead: Lead): Promise<Versioned<Lead>>;
  get(tenantId: string, ref: string): Promise<Versioned<Lead> | undefined>;
  /** Replaces the lead if it is still at `version`; else throws ConcurrencyConflict. */
  update(lead: Lead, version: string): Promise<Versioned<Lead>>;
  /** Deletes it if still at `version`; else throws ConcurrencyConflict. */
  delete(tenantId: string, ref: string, version: string): Promise<void>;
  /** The latest `limit` timeline entries (the lead itself keeps only a few), oldest first. */
  timeline(tenantId: string, ref: string, limit: number): Promise<readonly TimelineEntry[]>;
  /** Newest first: rows (only what a list shows of each, read as such from the store), not whole leads. */
  list(
    tenantId: string,
    filter: LeadListFilter,
    page: { readonly limit: number; readonly cursor?: string },
  ): Promise<Page<Versioned<LeadRow>>>;
}

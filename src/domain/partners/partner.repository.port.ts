import type { Page, Versioned } from "../shared/ports.js";
import type { Partner } from "./partner.js";

/** Partner organisations per tenant. Writes are guarded by the version read (ConcurrencyConflict). */
export interface PartnerRepository {
  nextRef(tenantId: string): Promise<string>;
  /** Throws ConcurrencyConflict when a partner of that name (compared by `partnerKey`) exists. */
  create(partner: Partner): Promise<Versioned<Partner>>;
  get(tenantId: string, ref: string): Promise<Versioned<Partner> | undefined>;
  /** By name, compared by `partnerKey`. */
  findByName(tenantId: string, name: string): Promise<Versioned<Partner> | undefined>;
  update(partner: Partner, version: string): Promise<Versioned<Partner>>;
  /** By name; one page per call. */
  list(
    tenantId: string,
    page: { readonly limit: number; readonly cursor?: string },
  ): Promise<Page<Versioned<Partner>>>;
}

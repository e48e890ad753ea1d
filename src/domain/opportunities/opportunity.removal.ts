import type { CloseType } from "../setup/tenant-setup.js";
import { isStaff, type Actor } from "../shared/actor.js";
import { ConcurrencyConflict, type Versioned } from "../shared/ports.js";
import { fail, ok, type Result } from "../shared/result.js";
import { mayChange, mayPurge, type Opportunity } from "./opportunity.js";
import type { OpportunityListFilter } from "./opportunity.repository.port.js";
import type { OpportunityChanges, OpportunityServiceDeps } from "./opportunity.change.js";

/** Pages of this size are read when `opp purge` goes through many opportunities. */
const scanPage = 200;
/**
 * The most opportunities one purge looks at. (Pipeline and inbox once scanned too; they read kept-current
 * totals and attention dates now, so purge is the only user.)
 */
const scanLimit = 20_000;

/** What `opp purge` deletes: closed opportunities, optionally by close date, owner, outcome and code. */
export interface PurgeFilter {
  readonly before?: string;
  readonly ownerId?: string;
  readonly outcome?: CloseType;
  readonly closeCode?: string;
}

/** `opp delete` and `opp purge`: closed opportunities removed, one or many. */
export class OpportunityRemoval {
  constructor(
    private readonly deps: OpportunityServiceDeps,
    private readonly core: OpportunityChanges,
  ) {}

  /** Deletes one closed opportunity; from a card, only the revision the card showed (never a stale one). */
  async delete(actor: Actor, ref: string, revision?: number): Promise<Result<{ ref: string }>> {
    if (!isStaff(actor))
      return actor.role === "partner"
        ? fail("opp.partner_forbidden")
        : fail("forbidden", { action: "opp delete" });
    const found = await this.core.find(actor, ref);
    if (!found.ok) return found;
    const o = found.value.value;
    if (!mayChange(actor, o)) return fail("opp.not_yours", { ref: o.ref, owner: o.owner.name });
    if (revision !== undefined && revision !== o.revision) return fail("opp.stale", { ref: o.ref });
    if (o.status === "open") return fail("opp.delete_open", { ref: o.ref });
    try {
      await this.deps.opportunities.delete(actor.tenantId, o.ref, found.value.version);
    } catch (error) {
      if (error instanceof ConcurrencyConflict) return fail("opp.changed", { ref: o.ref });
      throw error;
    }
    return ok({ ref: o.ref });
  }

  /** Deletes closed opportunities matching the filters; managers and admins only. Reports how many. */
  async purge(actor: Actor, filter: PurgeFilter): Promise<Result<{ deleted: number; skipped: number }>> {
    if (!mayPurge(actor)) return fail("forbidden", { action: "opp purge" });
    const query: OpportunityListFilter = {
      status: filter.outcome ?? "closed",
      ...(filter.ownerId ? { ownerId: filter.ownerId } : {}),
      ...(filter.closeCode ? { closeCode: filter.closeCode.toUpperCase() } : {}),
    };
    const victims: Versioned<Opportunity>[] = [];
    await this.scan(actor.tenantId, query, (o) => {
      if (!filter.before || (o.value.closedOn ?? "") <= filter.before) victims.push(o);
    });
    let deleted = 0;
    let skipped = 0;
    for (const o of victims) {
      try {
        await this.deps.opportunities.delete(actor.tenantId, o.value.ref, o.version);
        deleted++;
      } catch (error) {
        // Changed (e.g. reopened) since it was listed: leave it, and say so in the count.
        if (!(error instanceof ConcurrencyConflict)) throw error;
        skipped++;
      }
    }
    return ok({ deleted, skipped });
  }

  /** Pages through a filtered list; returns true when it stopped at the scan limit. */
  private async scan(
    tenantId: string,
    filter: OpportunityListFilter,
    visit: (o: Versioned<Opportunity>) => void,
  ): Promise<boolean> {
    let cursor: string | undefined;
    let seen = 0;
    do {
      const page = await this.deps.opportunities.list(tenantId, filter, {
        limit: scanPage,
        ...(cursor ? { cursor } : {}),
      });
      for (const item of page.items) visit(item);
      seen += page.items.length;
      cursor = page.cursor;
      if (seen >= scanLimit && cursor) return true;
    } while (cursor);
    return false;
  }
}

import type { CloseType } from "../setup/tenant-setup.js";
import { isStaff, type Actor } from "../shared/actor.js";
import { ConcurrencyConflict, stoppedBy, type StoppedBy, type Versioned } from "../shared/ports.js";
import { fail, ok, type Result } from "../shared/result.js";
import { mayChange, mayPurge, type Opportunity } from "./opportunity.js";
import type { PurgeCandidates } from "./opportunity.repository.port.js";
import type { OpportunityChanges, OpportunityServiceDeps } from "./opportunity.change.js";

/** The most a store query returns in one page (the DocumentStore port's bound). */
const maxQueryLimit = 1_000;

/** Deletes a purge has going at once. */
const deletesInFlight = 10;

/** How `opp purge` goes through what it deletes; configuration sets `perRun` (PURGE_BATCH, compose.ts). */
export interface PurgeOptions {
  /** The most opportunities one purge deletes: its memory and time in one turn stay bounded. */
  readonly perRun: number;
  /** Opportunities read per store query. */
  readonly pageSize: number;
}

/** A purge of at most `perRun` (PURGE_BATCH), read in pages of up to 100. */
export const purgeOptions = (perRun: number): PurgeOptions => ({ perRun, pageSize: Math.min(100, perRun) });

export const defaultPurgeOptions: PurgeOptions = purgeOptions(1_000);

/** What `opp purge` deletes: closed opportunities, optionally by close date, owner, outcome and code. */
export interface PurgeFilter {
  readonly before?: string;
  readonly ownerId?: string;
  readonly outcome?: CloseType;
  readonly closeCode?: string;
}

/** What one purge did: deleted, left because changed meanwhile, and whether more match past its `batch`. */
export interface PurgeOutcome {
  readonly deleted: number;
  readonly skipped: number;
  readonly more: boolean;
  /** The most one purge deletes (PurgeOptions.perRun). */
  readonly batch: number;
  /** The storage failed after `deleted` were deleted: the run stopped there (and may have deleted more). */
  readonly stopped?: StoppedBy;
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

  /**
   * Deletes closed opportunities matching the filters, earliest closed first, at most `perRun` of them;
   * managers and admins only. Reports how many, and whether more match (then the user runs it again, and that
   * run goes on with the next ones: what this one deleted is gone, what it left is skipped below).
   */
  async purge(actor: Actor, filter: PurgeFilter): Promise<Result<PurgeOutcome>> {
    if (!mayPurge(actor)) return fail("forbidden", { action: "opp purge" });
    const { perRun, pageSize } = this.deps.purge ?? defaultPurgeOptions;
    const candidates: PurgeCandidates = {
      ...(filter.before ? { closedOnOrBefore: filter.before } : {}),
      ...(filter.outcome ? { outcome: filter.outcome } : {}),
      ...(filter.ownerId ? { ownerId: filter.ownerId } : {}),
      ...(filter.closeCode ? { closeCode: filter.closeCode.toUpperCase() } : {}),
    };
    // Changed since read (e.g. reopened, or noted on): left as they are this run, and read past below.
    const passed = new Set<string>();
    // The page is asked for from the start each time: what was deleted is gone from it, and only the ones
    // passed over come back, so a page asks for that many more (a store query returns at most 1,000).
    const next = async (count: number) => {
      const limit = Math.min(maxQueryLimit, count + passed.size);
      const page = await this.deps.opportunities.purgeCandidates(actor.tenantId, candidates, limit);
      return { fresh: page.filter((o) => !passed.has(o.value.ref)), full: page.length === limit };
    };
    let deleted = 0;
    try {
      for (;;) {
        const room = perRun - deleted - passed.size;
        const page = await next(Math.min(pageSize, Math.max(room, 1)));
        // Nothing new to delete: done, unless the page was full of passed-over ones hiding more behind them.
        if (page.fresh.length === 0)
          return ok({ deleted, skipped: passed.size, more: page.full, batch: perRun });
        if (room <= 0) return ok({ deleted, skipped: passed.size, more: true, batch: perRun });
        const victims = page.fresh.slice(0, room);
        // A few at a time: the embedded store then makes them durable in one commit (group-commit.ts), and
        // Cosmos DB gets a handful of requests in flight rather than a page's worth.
        for (let i = 0; i < victims.length; i += deletesInFlight) {
          const chunk = victims.slice(i, i + deletesInFlight);
          // Each settles on its own: those of a chunk deleted before another failed are counted.
          const gone = await Promise.allSettled(chunk.map((o) => this.deleteOne(actor.tenantId, o)));
          for (const [j, o] of chunk.entries()) {
            const result = gone[j];
            if (result?.status !== "fulfilled") continue;
            if (result.value) deleted++;
            else passed.add(o.value.ref);
          }
          const failure = gone.find((r) => r.status === "rejected");
          if (failure) throw failure.reason;
        }
      }
    } catch (error) {
      // Some were deleted before the storage failed: that is said, not "nothing was changed". Running the
      // purge again goes on from there, as any run does.
      const stopped = stoppedBy(error);
      if (!stopped || deleted === 0) throw error;
      return ok({ deleted, skipped: passed.size, more: true, batch: perRun, stopped });
    }
  }

  /** Deletes it if unchanged since read; false when it changed meanwhile. */
  private async deleteOne(tenantId: string, o: Versioned<Opportunity>): Promise<boolean> {
    try {
      await this.deps.opportunities.delete(tenantId, o.value.ref, o.version);
      return true;
    } catch (error) {
      if (!(error instanceof ConcurrencyConflict)) throw error;
      return false;
    }
  }
}

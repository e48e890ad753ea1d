import type { SalesCycle } from "../domain/cycles/cycle.js";
import type { Preparation } from "../domain/opportunities/opportunity.repository.port.js";
import type { Logger } from "../log.js";
import type { DocumentStore } from "./document-store.port.js";
import { preparationOf, preparedTenants, recordPreparedTenants } from "./opportunity-preparation.js";
import { StoreOpportunityRepository } from "./opportunity.repository.js";
import { ReferenceAllocator } from "./reference-allocator.js";
import { waitBeforeRetry, type RetryWaitOptions } from "./retry-wait.js";

/**
 * The background step that prepares tenants whose opportunities were stored before pipeline totals and
 * attention dates existed (opportunity-preparation.ts: one page, one all-or-none batch that also stores
 * the cursor). At start it reads one document, the number of registered tenants last seen all prepared
 * (`allPrepared`): when the registry holds no more tenants than that, nothing is left to look at, however
 * many tenants there are. Otherwise it goes through every known tenant (three point reads each for those
 * already prepared) and, when every one of them is through, writes the new number. The registry only grows,
 * so a tenant that joined since the number was written makes it too small and the next start looks again:
 * an old tenant is never skipped. A `pipeline` or `inbox` of a tenant that is not ready asks for it too
 * (`request`).
 *
 * It runs beside the bot like the search backfill: after each page it pauses at least as long as the page
 * took (and `pauseMs`), so it holds the thread and the store at most half the time, and a slower (throttled)
 * store slows it down; between a page's steps it yields to waiting turns. When the store is unavailable it
 * waits `retryMs` and tries the page again; a throttled Cosmos DB (a 429 that outlasted the SDK's own
 * retries) that said how long to wait is waited for that long instead, within `throttleWaitMs`.
 * Every instance sharing a Cosmos DB store runs it: the pages are idempotent and claimed by a guarded write,
 * so two instances on one tenant only cost a repeated read now and then.
 */
export interface OpportunityBackfillOptions extends RetryWaitOptions {
  /** Every tenant that has records (the directory's registry). */
  readonly tenants: () => Promise<readonly string[]>;
  /** Where the tenant stands, without work (a few point reads). */
  readonly state: (tenantId: string) => Promise<Preparation>;
  /** Prepares the tenant's next page. */
  readonly page: (tenantId: string) => Promise<Preparation | "raced">;
  /** How many registered tenants were last seen all prepared (one point read), and recording a new count. */
  readonly allPrepared?: {
    readonly read: () => Promise<number | undefined>;
    readonly write: (tenants: number) => Promise<void>;
  };
  /** Resolves after `ms`, or at once when `signal` aborts. */
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly log: Logger;
  /** Least pause between two pages (default 10 ms). */
  readonly pauseMs?: number;
  /** Milliseconds, for timing pages (default performance.now). */
  readonly now?: () => number;
}

/**
 * The step's `state` and `page` over `store`: each page reads the tenant's own sales cycles (`cycles`), which
 * the records' attention dates depend on. One wiring for the bot (compose.ts), its tests and bench:first.
 */
export function preparationOver(
  store: DocumentStore,
  cycles: (tenantId: string) => Promise<readonly SalesCycle[]>,
): Pick<OpportunityBackfillOptions, "state" | "page" | "allPrepared"> {
  const preparer = new StoreOpportunityRepository(store, new ReferenceAllocator(store));
  return {
    state: (tenantId) => preparationOf(store, tenantId),
    page: async (tenantId) => {
      const known = await cycles(tenantId);
      return preparer.preparePage(tenantId, (o) => known.find((c) => c.code === o.cycleCode));
    },
    allPrepared: { read: () => preparedTenants(store), write: (n) => recordPreparedTenants(store, n) },
  };
}

export class OpportunityBackfill {
  private readonly stopping = new AbortController();
  private readonly queue: string[] = [];
  private readonly queued = new Set<string>();
  private running: Promise<void> | undefined;
  /** The start's tenants not yet seen prepared, and how many there were; undefined: no count to write. */
  private pass: { readonly pending: Set<string>; readonly tenants: number } | undefined;

  constructor(private readonly options: OpportunityBackfillOptions) {}

  /** Queues every known tenant; the work goes on in the background (`idle()` awaits it). */
  async start(): Promise<void> {
    let tenants: readonly string[];
    let covered: number | undefined;
    try {
      [tenants, covered] = await Promise.all([this.options.tenants(), this.options.allPrepared?.read()]);
    } catch (error) {
      // Never a reason not to start the bot: a tenant's next `pipeline` or `inbox` asks again.
      this.options.log.warn("opportunity_backfill.not_started", { error: describe(error) });
      return;
    }
    if (covered !== undefined && covered >= tenants.length) return;
    if (this.options.allPrepared) this.pass = { pending: new Set(tenants), tenants: tenants.length };
    for (const tenant of [...tenants].sort()) this.request(tenant);
  }

  /** Prepares the tenant in the background unless it is queued or being prepared already. */
  request(tenantId: string): void {
    if (this.stopping.signal.aborted || this.queued.has(tenantId)) return;
    this.queued.add(tenantId);
    this.queue.push(tenantId);
    this.drainSoon();
  }

  private drainSoon(): void {
    if (this.running) return;
    this.running = this.drain().finally(() => {
      this.running = undefined;
      // A request that came between the last look at the queue and now is not left waiting.
      if (this.queue.length > 0 && !this.stopping.signal.aborted) this.drainSoon();
    });
  }

  /** Resolves when nothing is queued any more. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Stops after the page in hand; the next start resumes where each tenant stood. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.stopping.signal.aborted) {
      const tenant = this.queue[0]!;
      let ready = false;
      try {
        ready = await this.prepare(tenant);
      } catch (error) {
        // A bug or a record that cannot be read: logged; the tenant is asked for again by its next turn.
        this.options.log.error("opportunity_backfill.failed", { tenant, error: describe(error) });
      }
      this.queue.shift();
      this.queued.delete(tenant);
      await this.passed(tenant, ready);
    }
  }

  /** Writes the start's count once every tenant it found is prepared; a failed one leaves it for next time. */
  private async passed(tenant: string, ready: boolean): Promise<void> {
    const pass = this.pass;
    if (!pass?.pending.has(tenant)) return;
    if (!ready) {
      this.pass = undefined;
      return;
    }
    pass.pending.delete(tenant);
    if (pass.pending.size > 0) return;
    this.pass = undefined;
    try {
      await this.options.allPrepared?.write(pass.tenants);
      this.options.log.info("opportunity_backfill.all_prepared", { tenants: pass.tenants });
    } catch (error) {
      // Only costs the next start its look at every tenant.
      this.options.log.warn("opportunity_backfill.count_not_written", { error: describe(error) });
    }
  }

  /** True once the tenant is prepared; false when stopped first. */
  private async prepare(tenant: string): Promise<boolean> {
    const { log, sleep } = this.options;
    const signal = this.stopping.signal;
    const state = await this.options.state(tenant);
    if (state.ready) return true;
    log.info("opportunity_backfill.tenant_started", { tenant, prepared: state.prepared });
    while (!signal.aborted) {
      const started = this.now();
      let outcome: Preparation | "raced";
      try {
        outcome = await this.options.page(tenant);
      } catch (error) {
        const waitMs = waitBeforeRetry(error, this.options);
        if (waitMs === undefined) throw error;
        log.warn("opportunity_backfill.store_unavailable", { tenant, waitMs, error: describe(error) });
        await sleep(waitMs, signal);
        continue;
      }
      if (outcome !== "raced" && outcome.ready) {
        log.info("opportunity_backfill.tenant_done", { tenant });
        return true;
      }
      // A raced page is read again from the same cursor after the pause: the racing change counted itself.
      await sleep(Math.max(this.options.pauseMs ?? 10, this.now() - started), signal);
    }
    return false;
  }

  private now(): number {
    return this.options.now?.() ?? performance.now();
  }
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

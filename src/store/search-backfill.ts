import * as z from "zod";
import type { Logger } from "../log.js";
import {
  StoreError,
  maxBatchOperations,
  type BatchOperation,
  type DocumentStore,
  type StoredDocument,
} from "./document-store.port.js";
import { fromLeadDocument } from "./lead.repository.js";
import { fromOpportunityDocument } from "./opportunity.repository.js";
import { fromAccountDocument, fromContactDocument } from "./party.repository.js";
import { waitBeforeRetry, type RetryWaitOptions } from "./retry-wait.js";
import {
  accountSearchFields,
  contactSearchFields,
  leadSearchFields,
  opportunitySearchFields,
  searchableTypes,
  type SearchFields,
} from "./search-fields.js";

/**
 * Gives every lead, opportunity, account and contact stored before the search fields existed its fields
 * (search-fields.ts), so the message extension finds a team's old records, not only those changed since.
 *
 * One pass over each tenant's records of the four types, a query page (50) at a time, in the tenant's own
 * partition; a record without the fields is replaced with them added (nothing else changes: not its revision
 * nor its last-changed time), guarded by the ETag it was read at, so a user's change in between wins and
 * writes the fields itself. Where it has got to is stored after every page (`~pipeline/search-backfill`),
 * so a restart resumes there, and `done` when every tenant is through: a later start reads one document.
 *
 * It runs beside the bot: after each page it pauses at least as long as the page took (and `pauseMs`), so
 * it never holds the store for more than half the time, and a slower (throttled) store slows it down. When
 * the store is unavailable it waits and tries the page again: what a throttled Cosmos DB asked for, within
 * bounds, or `retryMs` (retry-wait.ts, as the opportunity preparation step does).
 */

/** The system partition the directory's tenant registry lives in. */
const systemTenant = "~pipeline";
export const backfillProgressId = "search-backfill";
/** Records per query page: reading them as records and writing them back each hold the thread a few ms. */
const defaultPageSize = 50;

const progressSchema = z.object({
  id: z.literal(backfillProgressId),
  type: z.literal("migration"),
  done: z.boolean(),
  /** Every tenant sorted before this one is through; absent: none started. */
  tenant: z.string().optional(),
  /** Index into searchableTypes of the type being walked in `tenant`. */
  step: z.number().int().min(0).optional(),
  /** The store's continuation within that type; absent: its first page. */
  continuation: z.string().optional(),
  /** How many records were given their fields so far (for people reading the document). */
  filled: z.number().int().min(0),
});
type Progress = z.infer<typeof progressSchema>;

export interface SearchBackfillOptions extends RetryWaitOptions {
  readonly store: DocumentStore;
  /** Every tenant that has records (the directory's registry). */
  readonly tenants: () => Promise<readonly string[]>;
  /** Resolves after `ms`, or at once when `signal` aborts. */
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly log: Logger;
  /** Records per page (default 50; at most the store's batch limit, 100). */
  readonly pageSize?: number;
  /** Least pause between two pages (default 10 ms). */
  readonly pauseMs?: number;
  /** Milliseconds, for timing pages (default performance.now). */
  readonly now?: () => number;
}

export interface BackfillOutcome {
  readonly done: boolean;
  /** Records given their fields by this run. */
  readonly filled: number;
}

export class SearchBackfill {
  private readonly stopping = new AbortController();
  private running: Promise<BackfillOutcome> | undefined;
  private filledHere = 0;

  constructor(private readonly options: SearchBackfillOptions) {}

  /**
   * Reads where the backfill stands. On a store with no tenants yet (a new installation) it is done at once
   * (stored, awaited: one read, one write); otherwise the pass runs in the background — `finished()` awaits it.
   */
  async start(): Promise<void> {
    try {
      const stored = await this.readProgress();
      if (stored?.progress.done) return;
      if (!stored && (await this.options.tenants()).length === 0) {
        await this.save({ ...fresh(), done: true }, undefined).catch(ignoreConflict);
        return;
      }
    } catch (error) {
      // Never a reason not to start the bot: the next start tries again.
      this.options.log.warn("search_backfill.not_started", { error: describe(error) });
      return;
    }
    this.running = this.run().catch((error: unknown) => {
      this.options.log.error("search_backfill.failed", { error: describe(error) });
      return { done: false, filled: this.filledHere };
    });
  }

  /** The background pass's outcome (done at once when there was none to run). */
  finished(): Promise<BackfillOutcome> {
    return this.running ?? Promise.resolve({ done: true, filled: 0 });
  }

  /** Stops after the page in hand; the next start resumes where it stood. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  private async run(): Promise<BackfillOutcome> {
    const { log } = this.options;
    const signal = this.stopping.signal;
    const stored = await this.readProgress();
    let progress = stored?.progress ?? fresh();
    let etag = stored?.etag;
    const tenants = [...(await this.options.tenants())].sort();
    log.info("search_backfill.started", { tenants: tenants.length, from: progress.tenant ?? null });
    for (const tenant of tenants) {
      if (progress.tenant !== undefined && tenant < progress.tenant) continue;
      if (progress.tenant !== tenant) progress = { ...progress, tenant, step: 0, continuation: undefined };
      while ((progress.step ?? 0) < searchableTypes.length) {
        if (signal.aborted) return { done: false, filled: this.filledHere };
        const started = this.now();
        let next: Progress;
        try {
          next = await this.page(tenant, progress);
        } catch (error) {
          const waitMs = waitBeforeRetry(error, this.options);
          if (waitMs === undefined) throw error;
          log.warn("search_backfill.store_unavailable", { tenant, waitMs, error: describe(error) });
          await this.options.sleep(waitMs, signal);
          continue;
        }
        const saved = await this.saveOrAdopt(next, etag);
        progress = saved.progress;
        etag = saved.etag;
        if (progress.done) return { done: true, filled: this.filledHere };
        if (progress.tenant !== tenant) break; // another instance went past this tenant meanwhile
        const took = this.now() - started;
        await this.options.sleep(Math.max(this.options.pauseMs ?? 10, took), signal);
      }
    }
    if (signal.aborted) return { done: false, filled: this.filledHere };
    await this.saveOrAdopt({ ...progress, done: true, continuation: undefined }, etag);
    log.info("search_backfill.done", { filled: this.filledHere });
    return { done: true, filled: this.filledHere };
  }

  /** One query page of one type in one tenant: the records on it without fields get them. */
  private async page(tenant: string, progress: Progress): Promise<Progress> {
    const step = progress.step ?? 0;
    const type = searchableTypes[step]!;
    let page;
    try {
      page = await this.options.store.query(tenant, {
        type,
        limit: Math.min(maxBatchOperations, this.options.pageSize ?? defaultPageSize),
        ...(progress.continuation ? { continuation: progress.continuation } : {}),
      });
    } catch (error) {
      // A token from another version of the store: this type again from its start (done records are skipped).
      if (!(error instanceof StoreError && error.code === "invalid_continuation")) throw error;
      return { ...progress, continuation: undefined };
    }
    await turnsFirst();
    const writes = page.items.flatMap((stored) => this.fill(tenant, stored));
    await turnsFirst();
    const filled = await this.write(tenant, writes);
    this.filledHere += filled;
    const base = { ...progress, filled: progress.filled + filled };
    return page.continuation
      ? { ...base, continuation: page.continuation }
      : { ...base, step: step + 1, continuation: undefined };
  }

  /** The replace that adds the fields, or none when the record has them (or cannot be read as its type). */
  private fill(tenant: string, stored: StoredDocument): BatchOperation[] {
    if (typeof stored.body["search"] === "string" && typeof stored.body["searchAt"] === "string") return [];
    let fields: SearchFields;
    try {
      fields = searchFieldsOf(tenant, stored);
    } catch (error) {
      this.options.log.warn("search_backfill.unreadable_record", {
        tenant,
        id: stored.body.id,
        error: describe(error),
      });
      return [];
    }
    return [{ op: "replace", body: { ...stored.body, ...fields }, ifMatch: stored.etag }];
  }

  /** All in one batch; when one of them changed meanwhile (it has its fields now), the others one by one. */
  private async write(tenant: string, writes: readonly BatchOperation[]): Promise<number> {
    if (writes.length === 0) return 0;
    try {
      await this.options.store.batch(tenant, writes);
      return writes.length;
    } catch (error) {
      if (!isRaced(error)) throw error;
    }
    let filled = 0;
    for (const write of writes) {
      if (write.op !== "replace") continue;
      try {
        await this.options.store.replace(tenant, write.body, write.ifMatch);
        filled++;
      } catch (error) {
        if (!isRaced(error)) throw error;
      }
    }
    return filled;
  }

  /** Stores the progress; when another instance stored its own meanwhile, goes on from the further one. */
  private async saveOrAdopt(
    next: Progress,
    etag: string | undefined,
  ): Promise<{ progress: Progress; etag: string | undefined }> {
    try {
      return { progress: next, etag: await this.save(next, etag) };
    } catch (error) {
      if (!isRaced(error)) throw error;
    }
    const theirs = await this.readProgress();
    if (!theirs) return { progress: next, etag: await this.save(next, undefined) };
    return further(theirs.progress, next) === next
      ? { progress: next, etag: await this.save(next, theirs.etag) }
      : theirs;
  }

  private async save(progress: Progress, etag: string | undefined): Promise<string> {
    const { continuation, ...rest } = progress;
    const body = { ...rest, ...(continuation ? { continuation } : {}) };
    const stored =
      etag === undefined
        ? await this.options.store.create(systemTenant, body)
        : await this.options.store.replace(systemTenant, body, etag);
    return stored.etag;
  }

  private async readProgress(): Promise<{ progress: Progress; etag: string } | undefined> {
    const stored = await this.options.store.read(systemTenant, backfillProgressId);
    return stored ? { progress: progressSchema.parse(stored.body), etag: stored.etag } : undefined;
  }

  private now(): number {
    return this.options.now?.() ?? performance.now();
  }
}

/** Lets waiting turns run between the synchronous steps of a page (the embedded store works synchronously). */
const turnsFirst = () => new Promise<void>((resolve) => setImmediate(resolve));

const fresh = (): Progress => ({ id: backfillProgressId, type: "migration", done: false, filled: 0 });

function searchFieldsOf(tenant: string, stored: StoredDocument): SearchFields {
  switch (stored.body.type) {
    case "lead":
      return leadSearchFields(fromLeadDocument(tenant, stored).value);
    case "opportunity":
      return opportunitySearchFields(fromOpportunityDocument(tenant, stored).value);
    case "account":
      return accountSearchFields(fromAccountDocument(tenant, stored).value);
    case "contact":
      return contactSearchFields(fromContactDocument(tenant, stored).value);
    default:
      throw new Error(`no search fields for type ${JSON.stringify(stored.body.type)}`);
  }
}

/** The progress that has got further (done, then a later tenant, type or any continuation). */
function further(a: Progress, b: Progress): Progress {
  if (a.done !== b.done) return a.done ? a : b;
  if ((a.tenant ?? "") !== (b.tenant ?? "")) return (a.tenant ?? "") > (b.tenant ?? "") ? a : b;
  if ((a.step ?? 0) !== (b.step ?? 0)) return (a.step ?? 0) > (b.step ?? 0) ? a : b;
  return b; // same type: continuation tokens do not compare; ours is as good as theirs
}

const isRaced = (error: unknown) =>
  error instanceof StoreError && (error.code === "conflict" || error.code === "not_found");

const ignoreConflict = (error: unknown) => {
  if (!isRaced(error)) throw error;
};

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

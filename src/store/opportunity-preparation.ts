import * as z from "zod";
import { attentionDate } from "../domain/opportunities/attention.js";
import type { Opportunity } from "../domain/opportunities/opportunity.js";
import type { CycleOf, Preparation } from "../domain/opportunities/opportunity.repository.port.js";
import { applyContribution, totalsByOwner } from "../domain/opportunities/pipeline-totals.js";
import { ConcurrencyConflict, InvalidCursor, type Page, type Versioned } from "../domain/shared/ports.js";
import {
  StoreError,
  maxBatchOperations,
  type BatchOperation,
  type DocumentBody,
  type DocumentStore,
} from "./document-store.port.js";
import { allCountedId, parseTotals, totalsDocument, totalsId } from "./pipeline-totals.store.js";

/**
 * Preparing a tenant's opportunities stored before pipeline totals and attention dates existed: each open one
 * is counted in its owner's totals and given its attention date, a page at a time, and when the last page is
 * through the tenant is marked (`allCountedId`, `allStampedId`), after which `pipeline` and `inbox` read only
 * the totals and one page ordered by the date.
 *
 * One page is ONE all-or-none batch in the tenant's partition: the page's records (each replaced only if
 * still at the ETag it was read at, with `counted` and its date; nothing a person sees changes), their
 * owners' totals (guarded by their ETags) and the tenant's progress document (`migration:opportunities`,
 * guarded too) holding the cursor after the page. So the cursor moves exactly when the page's counting is
 * stored: a restart or a SIGKILL resumes at the next page, never counts a page twice and never skips one.
 * A user's change racing the page makes the batch fail (its record's ETag moved); that change counted the
 * record itself (every write counts an uncounted record), and the page is read again from the same cursor.
 * Two instances walking the same tenant race on the progress document the same way: one page wins, the
 * other reads the progress again and goes on from there. The work is idempotent; nothing is elected.
 */

export const preparationId = "migration:opportunities";
/** Written once every opportunity of a tenant stored before attention dates existed has one. */
export const allStampedId = "attention:all-stamped";

/**
 * Records per page: with one totals document per owner on the page and the progress and two markers, a page
 * is at most 2 × 40 + 3 operations, within a batch's 100 (maxBatchOperations). On Cosmos DB a page so costs
 * at most one query page, 41 point reads and one batch of 83 writes, whatever the tenant's size.
 */
export const preparationPage = 40;

const progressSchema = z.object({
  id: z.literal(preparationId),
  type: z.literal("migration"),
  /** Open opportunities walked so far (for the reply that says how far it is). */
  prepared: z.number().int().min(0),
  /** The list's cursor after the last page stored; absent: from the first page. */
  cursor: z.string().optional(),
  finished: z.boolean(),
});
type Progress = z.infer<typeof progressSchema>;

/** Reads of the opportunities (the repository's list, which also brings old-shaped records up to date). */
export type OpenPage = (
  tenantId: string,
  page: { readonly limit: number; readonly cursor?: string },
) => Promise<Page<Versioned<Opportunity>>>;

/**
 * The repository's records as the preparation reads and writes them: a page of the open ones, and the document
 * a record is stored as (with its latest entries). Handed in by the repository, whose mapping they are.
 */
export interface PreparedRecords {
  readonly page: OpenPage;
  readonly document: (o: Opportunity) => DocumentBody;
}

export async function readPreparation(
  store: DocumentStore,
  tenantId: string,
): Promise<{ progress: Progress; etag: string } | undefined> {
  const stored = await store.read(tenantId, preparationId);
  return stored ? { progress: progressSchema.parse(stored.body), etag: stored.etag } : undefined;
}

/**
 * Where a tenant stands, without doing any of the work: three point reads. Ready also when an earlier version
 * counted and dated it in a user's turn (both markers, no progress document).
 */
export async function preparationOf(store: DocumentStore, tenantId: string): Promise<Preparation> {
  const [stored, counted, stamped] = await Promise.all([
    readPreparation(store, tenantId),
    store.read(tenantId, allCountedId),
    store.read(tenantId, allStampedId),
  ]);
  if (stored?.progress.finished || (counted && stamped)) return { ready: true };
  return { ready: false, prepared: stored?.progress.prepared ?? 0 };
}

/**
 * Prepares the next page of the tenant's open opportunities (see above). Returns where the tenant stands
 * after it; "raced" when another write came between the page's reads and its batch (nothing was stored:
 * try again).
 */
export async function preparePage(
  store: DocumentStore,
  records: PreparedRecords,
  tenantId: string,
  cycleOf: CycleOf,
  options: { readonly pageSize?: number; readonly background?: boolean } = {},
): Promise<Preparation | "raced"> {
  const pageSize = options.pageSize ?? preparationPage;
  // In the background the page lets waiting turns in between its steps; in a turn it is the turn's own work.
  const turnsFirst = options.background ? nextTurn : () => Promise.resolve();
  const stored = await readPreparation(store, tenantId);
  if (stored?.progress.finished) return { ready: true };
  const progress = stored?.progress ?? { id: preparationId, type: "migration", prepared: 0, finished: false };
  let page: Page<Versioned<Opportunity>>;
  try {
    page = await records.page(tenantId, {
      limit: Math.min(pageSize, preparationPage),
      ...(progress.cursor ? { cursor: progress.cursor } : {}),
    });
  } catch (error) {
    // Bringing an old-shaped record up to date raced a change of it: the page again.
    if (error instanceof ConcurrencyConflict) return "raced";
    // A cursor from another version of the store: from the first page again (prepared ones are skipped).
    if (!(error instanceof InvalidCursor)) throw error;
    page = await records.page(tenantId, { limit: Math.min(pageSize, preparationPage) });
  }
  await turnsFirst();
  const operations = recordOperations(records, page.items, cycleOf);
  operations.push(...(await totalsOperations(store, tenantId, page.items)));
  const finished = !page.cursor;
  const next: Progress = {
    id: preparationId,
    type: "migration",
    prepared: progress.prepared + page.items.length,
    ...(page.cursor ? { cursor: page.cursor } : {}),
    finished,
  };
  operations.push(
    stored ? { op: "replace", body: next, ifMatch: stored.etag } : { op: "create", body: next },
  );
  if (finished) operations.push(...(await markerCreates(store, tenantId)));
  await turnsFirst();
  try {
    await store.batch(tenantId, operations);
  } catch (error) {
    if (error instanceof StoreError && (error.code === "conflict" || error.code === "not_found"))
      return "raced";
    throw error;
  }
  return finished ? { ready: true } : { ready: false, prepared: next.prepared };
}

/** The replaces that count each record and give it its date; none for one that has both already. */
function recordOperations(
  records: PreparedRecords,
  items: readonly Versioned<Opportunity>[],
  cycleOf: CycleOf,
): BatchOperation[] {
  const operations: BatchOperation[] = [];
  for (const { value: o, version } of items) {
    const date = attentionDate(o, cycleOf(o));
    if (o.counted && o.attentionDate === date) continue;
    // The record as every write through the repository stores it: counted.
    const body = Object.assign(records.document({ ...o, attentionDate: date }), { counted: true });
    operations.push({ op: "replace", body, ifMatch: version });
  }
  return operations;
}

/** Each owner's totals with the page's uncounted records added: one point read and one guarded write each. */
async function totalsOperations(
  store: DocumentStore,
  tenantId: string,
  items: readonly Versioned<Opportunity>[],
): Promise<BatchOperation[]> {
  const added = totalsByOwner(items.filter((i) => !i.value.counted).map((i) => i.value));
  const stored = await Promise.all(added.map(({ ownerId }) => store.read(tenantId, totalsId(ownerId))));
  return added.map(({ ownerId, rows: page }, i): BatchOperation => {
    const was = stored[i];
    let rows = was ? parseTotals(was.body).rows : {};
    for (const [key, figures] of Object.entries(page)) rows = applyContribution(rows, 1, { key, figures });
    const body = totalsDocument(ownerId, rows);
    return was ? { op: "replace", body, ifMatch: was.etag } : { op: "create", body };
  });
}

/** The markers not yet written (a tenant counted by an earlier version has the first already). */
async function markerCreates(
  store: DocumentStore,
  tenantId: string,
): Promise<{ op: "create"; body: DocumentBody }[]> {
  const [counted, stamped] = await Promise.all([
    store.read(tenantId, allCountedId),
    store.read(tenantId, allStampedId),
  ]);
  return [
    ...(counted ? [] : [{ op: "create" as const, body: { ...totalsDocument("", {}), id: allCountedId } }]),
    ...(stamped ? [] : [{ op: "create" as const, body: { id: allStampedId, type: "marker" } }]),
  ];
}

/** Writes the markers of a tenant known to have nothing to prepare (each at most once). */
export async function markPrepared(store: DocumentStore, tenantId: string): Promise<void> {
  for (const operation of await markerCreates(store, tenantId)) {
    await store.create(tenantId, operation.body).catch((error: unknown) => {
      if (!(error instanceof StoreError && error.code === "conflict")) throw error;
    });
  }
}

/** The system partition's document counting the registered tenants last seen all prepared (the start's look). */
const preparedTenantsPartition = "~pipeline";
export const preparedTenantsId = "opportunities-prepared";
const preparedTenantsSchema = z.object({
  id: z.literal(preparedTenantsId),
  type: z.literal("migration"),
  tenants: z.number().int().min(0),
});

export async function preparedTenants(store: DocumentStore): Promise<number | undefined> {
  const stored = await store.read(preparedTenantsPartition, preparedTenantsId);
  return stored ? preparedTenantsSchema.parse(stored.body).tenants : undefined;
}

/**
 * Records that `tenants` registered tenants are all prepared, unless a larger count is stored already (two
 * instances finishing at once: the larger one covers more). A lost race is left to the next start.
 */
export async function recordPreparedTenants(store: DocumentStore, tenants: number): Promise<void> {
  const body = { id: preparedTenantsId, type: "migration", tenants };
  const stored = await store.read(preparedTenantsPartition, preparedTenantsId);
  try {
    if (!stored) await store.create(preparedTenantsPartition, body);
    else if (preparedTenantsSchema.parse(stored.body).tenants < tenants)
      await store.replace(preparedTenantsPartition, body, stored.etag);
  } catch (error) {
    if (!(error instanceof StoreError && (error.code === "conflict" || error.code === "not_found")))
      throw error;
  }
}

/** Lets waiting turns run between the synchronous steps of a page (the embedded store works synchronously). */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

// Keeps the batch limit honest if the page size above is ever raised.
if (2 * preparationPage + 3 > maxBatchOperations) throw new Error("preparationPage too large for one batch");

import {
  StoreError,
  maxBatchOperations,
  type BatchOperation,
  type DocumentBody,
  type DocumentStore,
  type StoredDocument,
} from "./document-store.port.js";

/**
 * A record's stage history and timeline as documents of their own (type `entry`, in the record's tenant
 * partition), so a record's document stays the same size after 10 or 10,000 changes and notes.
 *
 * The record document keeps the latest `tailSize` entries of each kind (what its card shows, so `show` and the
 * card after a change need no second request) and counts how many are stored (`historyCount`,
 * `timelineCount`). Invariant: the record's array holds the last min(count, tailSize) entries, so entries the
 * domain appended since the read are exactly those after that many. A change writes the record and its new
 * entries in one batch, all or none.
 *
 * Records written before entries existed (arrays with everything, no counts) are migrated on read: see
 * `migrateRecord`.
 */
export type EntryKind = "history" | "timeline";
const entryKinds: readonly EntryKind[] = ["history", "timeline"];

/** How many of each kind the record document keeps (the card shows five). */
export const tailSize = 5;

export interface EntryDocument extends DocumentBody {
  readonly type: "entry";
  /** The record's document id ("opportunity:O-1001"). */
  readonly record: string;
  readonly kind: EntryKind;
  /** 1, 2, 3… per record and kind: the order they were written in. */
  readonly seq: number;
  readonly entry: Readonly<Record<string, unknown>>;
}

const entryId = (record: string, kind: EntryKind, seq: number) => `${record}:${kind[0]}${seq}`;

/** The entries of `all` that are not stored yet, given how many the record had when it was read. */
export function appendedEntries<E>(all: readonly E[], storedCount: number): readonly E[] {
  return all.slice(Math.min(storedCount, tailSize));
}

/** Creates for new entries, numbered after `storedCount`. */
export function entryCreates(
  record: string,
  kind: EntryKind,
  storedCount: number,
  entries: readonly object[],
): BatchOperation[] {
  return entries.map((entry, i) => {
    const seq = storedCount + i + 1;
    const body: EntryDocument = {
      id: entryId(record, kind, seq),
      type: "entry",
      record,
      kind,
      seq,
      entry: entry as Record<string, unknown>,
    };
    return { op: "create", body };
  });
}

/**
 * Writes a record (create or guarded replace) and the creates of its new entries, in one batch when there are
 * entries. Returns the stored record.
 */
export async function writeRecord(
  store: DocumentStore,
  tenantId: string,
  record: BatchOperation & { readonly op: "create" | "replace" },
  extra: readonly BatchOperation[],
): Promise<StoredDocument> {
  if (extra.length === 0) {
    return record.op === "create"
      ? store.create(tenantId, record.body)
      : store.replace(tenantId, record.body, record.ifMatch);
  }
  if (extra.length + 1 > maxBatchOperations) {
    throw new RangeError(`One change may add at most ${maxBatchOperations - 1} entries and totals.`);
  }
  // The record first: on Cosmos its guard decides the batch before anything else is attempted.
  const [stored] = await store.batch(tenantId, [record, ...extra]);
  if (!stored) throw new Error("The batch returned no record.");
  return stored;
}

/** The latest entries of a kind, newest first, one query page (the paged history). */
export async function latestEntries(
  store: DocumentStore,
  tenantId: string,
  record: string,
  kind: EntryKind,
  page: { readonly limit: number; readonly cursor?: string },
): Promise<{ readonly items: readonly Readonly<Record<string, unknown>>[]; readonly cursor?: string }> {
  const result = await store.query<EntryDocument>(tenantId, {
    type: "entry",
    where: { record, kind },
    orderBy: { field: "seq", direction: "desc" },
    limit: page.limit,
    ...(page.cursor ? { continuation: page.cursor } : {}),
  });
  return {
    items: result.items.map((i) => i.body.entry),
    ...(result.continuation ? { cursor: result.continuation } : {}),
  };
}

/**
 * The entries of a record whose delete has just been saved. That delete is what the user asked for, and it
 * happened: a storage failure after it only leaves entries behind that nothing reads any more (entries are
 * reached through their record), so it does not fail the delete — it used to, and the user was told that
 * nothing was changed about a record that was gone. The leftovers are not cleaned up later.
 */
export async function deleteEntriesOfDeleted(
  store: DocumentStore,
  tenantId: string,
  record: string,
): Promise<void> {
  try {
    await deleteEntries(store, tenantId, record);
  } catch (error) {
    if (!(error instanceof StoreError && error.code === "unavailable")) throw error;
  }
}

/**
 * After a record was deleted: its entries go too, a kind at a time and a page at a time, by the query a
 * history or timeline page makes (so the embedded store keeps one index on entries, not a second one that
 * every entry written would have to update). A failure leaves unreachable entries only.
 */
export async function deleteEntries(store: DocumentStore, tenantId: string, record: string): Promise<void> {
  for (const kind of entryKinds) {
    let continuation: string | undefined;
    do {
      const page = await store.query<EntryDocument>(tenantId, {
        type: "entry",
        where: { record, kind },
        orderBy: { field: "seq", direction: "desc" },
        limit: maxBatchOperations,
        ...(continuation ? { continuation } : {}),
      });
      if (page.items.length > 0) {
        await store.batch(
          tenantId,
          page.items.map((i) => ({ op: "delete", id: i.body.id, ifMatch: i.etag })),
        );
      }
      // The next page goes on after this one's last entry, which is gone now; nothing after it is touched.
      continuation = page.continuation;
    } while (continuation);
  }
}

/**
 * Migrate on read: a record document of the old shape (every history row and note inside it, no counts) gets
 * its entries written as documents, then is replaced by the new shape (latest entries and counts), guarded by
 * the ETag read. Entry ids are numbered, so a migration interrupted half way, or run by two readers at once,
 * creates each entry once. Returns the record as stored now (re-read when somebody else changed it meanwhile).
 */
export async function migrateRecord(
  store: DocumentStore,
  tenantId: string,
  stored: StoredDocument,
  kinds: readonly EntryKind[],
): Promise<StoredDocument | undefined> {
  const body = stored.body as DocumentBody & Record<string, unknown>;
  const creates = kinds.flatMap((kind) =>
    entryCreates(body.id, kind, 0, (body[kind] as readonly object[] | undefined) ?? []),
  );
  for (let start = 0; start < creates.length; start += maxBatchOperations) {
    await createAll(store, tenantId, creates.slice(start, start + maxBatchOperations));
  }
  const migrated: Record<string, unknown> = { ...body };
  for (const kind of kinds) {
    const all = (body[kind] as readonly unknown[] | undefined) ?? [];
    migrated[kind] = all.slice(-tailSize);
    migrated[`${kind}Count`] = all.length;
  }
  try {
    return await store.replace(tenantId, migrated as DocumentBody, stored.etag);
  } catch (error) {
    if (!(error instanceof StoreError) || error.code !== "conflict") throw error;
    return store.read(tenantId, body.id);
  }
}

/** Creates each entry once: the whole chunk in one batch, or one by one when some exist already. */
async function createAll(store: DocumentStore, tenantId: string, creates: BatchOperation[]): Promise<void> {
  try {
    await store.batch(tenantId, creates);
  } catch (error) {
    if (!(error instanceof StoreError) || error.code !== "conflict") throw error;
    for (const create of creates) {
      if (create.op !== "create") continue;
      await store.create(tenantId, create.body).catch((e: unknown) => {
        if (!(e instanceof StoreError) || e.code !== "conflict") throw e;
      });
    }
  }
}

/** True for a record document of the old shape (no counts): it needs `migrateRecord`. */
export const isLegacyRecord = (body: Readonly<Record<string, unknown>>, kinds: readonly EntryKind[]) =>
  kinds.some((kind) => body[`${kind}Count`] === undefined);

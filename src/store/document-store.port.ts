/**
 * A tenant-scoped document store: the one port both storage adapters implement (embedded SQLite, Cosmos DB).
 * Typed repositories for leads, opportunities and the rest are built on it, so every rule about tenancy,
 * ETags and paging is written and tested once, in the shared contract suite.
 *
 * Rules every adapter keeps:
 * - Every call names the tenant; a document of another tenant is never read, listed, replaced or deleted,
 *   even when its id is known (Cosmos: partition key = tenantId AND `c.tenantId = @tenantId` in every WHERE).
 * - Every write is guarded: `create` fails with `conflict` when the id exists; `replace` and `delete` take
 *   the ETag the caller read and fail with `conflict` when the stored document has changed since
 *   (never a silent overwrite), and with `not_found` when it is gone.
 * - Documents are plain JSON objects; the adapter adds nothing visible to them apart from returning the ETag
 *   beside the body. The body given back never contains adapter fields such as `_etag`, `_rid`, `_ts`.
 */

export type Scalar = string | number | boolean | null;

/** The stored body. `id` is unique per tenant; `type` separates kinds of documents in the one container. */
export interface DocumentBody {
  readonly id: string;
  readonly type: string;
  readonly [field: string]: unknown;
}

export interface StoredDocument<T extends DocumentBody = DocumentBody> {
  readonly body: T;
  /** Opaque version token. Pass it back to `replace`/`delete` to guard the write. */
  readonly etag: string;
}

/** `invalid_continuation`: a continuation token that this store did not hand out (forged or corrupted). */
export type StoreErrorCode = "conflict" | "not_found" | "unavailable" | "invalid_continuation";

/** Expected storage failures; adapters translate 404/409/412 (or their own equivalents) into these. */
export class StoreError extends Error {
  /**
   * For `unavailable`: the write was sent and its answer lost, so it may or may not have been saved (a
   * connection that broke under it). False when nothing was written: a read, or a write refused or rolled back.
   */
  readonly outcomeUnknown: boolean;
  /** For `unavailable` because the store is throttling (a 429): how long it asked to wait, when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options: { readonly outcomeUnknown?: boolean; readonly retryAfterMs?: number } = {},
  ) {
    super(message);
    this.name = "StoreError";
    this.outcomeUnknown = options.outcomeUnknown ?? false;
    this.retryAfterMs = options.retryAfterMs;
  }
}

export interface DocumentQuery {
  readonly type: string;
  /** Equality filters on top-level fields, ANDed. Values must be scalars. */
  readonly where?: Readonly<Record<string, Scalar>>;
  /**
   * One top-level field to order by (adapters support a single-field ORDER BY). Default: `id` ascending.
   * Every document of the type must have the field (Cosmos leaves out documents that lack it).
   */
  readonly orderBy?: { readonly field: string; readonly direction: "asc" | "desc" };
  /**
   * Only documents whose order field (`orderBy`, which must be given) holds a string at most this one, compared
   * as strings (ISO dates compare in time order). A document without the field, or with a non-string in it,
   * never matches. The index of the order field serves it, so a page walks only the documents in range.
   */
  readonly atMost?: string;
  /**
   * Only these top-level fields of each document (1..maxQueryFields distinct names), for a list that shows a
   * few of them: the body given back holds `id`, `type` and each named field the document has; a field it
   * lacks (an older document) is left out, never given as null. The ETag is given as always. Which documents
   * match, their order and the pages are those of the same query without `fields`. Cosmos DB projects them in
   * the query (`SELECT VALUE {…}`: the rest never crosses the network); the embedded store picks them from the
   * parsed text (cheaper than extracting them in SQLite, see embedded-document-store.ts). Either way the
   * caller's schema parse, the bulk of a list's cost, is of the row alone.
   */
  readonly fields?: readonly string[];
  /** Page size, 1..1000. */
  readonly limit: number;
  /** Token from a previous page of the same query; absent for the first page. */
  readonly continuation?: string;
}

/** The most fields one query may name (`DocumentQuery.fields`). */
export const maxQueryFields = 32;

export interface DocumentPage<T extends DocumentBody = DocumentBody> {
  readonly items: readonly StoredDocument<T>[];
  /** Present when more items may follow. */
  readonly continuation?: string;
}

/**
 * A text search over the documents that carry the search fields (src/store/search-fields.ts): `search`, a
 * lower-case text of what the record is found by; `searchAt`, when it last changed (ISO); `searchBy`, who
 * last changed it. Most recently changed first (`searchAt` then `id`, descending). At most one store
 * request: the embedded store walks one tenant-first index, Cosmos DB runs one query page.
 */
export interface SearchQuery {
  /** Document types to search (1..8). */
  readonly types: readonly string[];
  /** Lower-case words (0..8, each 1..100 characters); a document matches when its `search` contains each. */
  readonly words: readonly string[];
  /** Only documents last changed by this user. */
  readonly changedBy?: string;
  /** Only documents whose top-level `field` holds one of these strings (1..8). */
  readonly oneOf?: { readonly field: string; readonly values: readonly string[] };
  /** Results to pass over (0..maxSearchSkip) and to return (1..maxSearchCount). */
  readonly skip: number;
  readonly count: number;
}

export const maxSearchSkip = 500;
export const maxSearchCount = 50;

export interface StoreHealth {
  readonly ok: boolean;
  readonly kind: "embedded" | "cosmos";
  readonly detail: string;
}

/** One write of a `batch`: the same guards as the single-document methods, and `increment`. */
export type BatchOperation =
  | { readonly op: "create"; readonly body: DocumentBody }
  | { readonly op: "replace"; readonly body: DocumentBody; readonly ifMatch: string }
  | { readonly op: "delete"; readonly id: string; readonly ifMatch: string }
  | IncrementOperation;

/**
 * Adds signed amounts to numbers inside one document, unguarded and without the caller reading it: additions
 * commute, so writers that only add (pipeline totals) never refuse each other, and none is lost or applied
 * twice — the batch around it is all or none. A missing document is created as `create` with the additions
 * applied; a missing field counts as 0, and missing objects on its path are created. A field that holds
 * something other than a number fails the batch (TypeError). Its result in the batch is undefined.
 *
 * How each store applies it: the embedded store reads, adds and writes inside the batch's own transaction
 * (nothing can come between); Cosmos DB by a point read and a guarded replace or create in the batch, sent
 * again after a fresh read when only such a guard was refused (cosmos-increments.ts says why not a Patch).
 */
export interface IncrementOperation {
  readonly op: "increment";
  /** The document as created when missing (before the additions); its id and type name the document. */
  readonly create: DocumentBody;
  /** 1..maxIncrements additions, each to a distinct path (property names, outermost first; never `id`/`type`). */
  readonly add: readonly { readonly path: readonly string[]; readonly by: number }[];
}

/** The most additions one increment may hold. */
export const maxIncrements = 30;

/** The id of the document a batch operation writes. */
export const operationId = (op: BatchOperation): string =>
  op.op === "delete" ? op.id : op.op === "increment" ? op.create.id : op.body.id;

/** The most operations one batch may hold (Cosmos DB's transactional batch limit). */
export const maxBatchOperations = 100;

export interface DocumentStore {
  read<T extends DocumentBody>(tenantId: string, id: string): Promise<StoredDocument<T> | undefined>;
  create<T extends DocumentBody>(tenantId: string, body: T): Promise<StoredDocument<T>>;
  replace<T extends DocumentBody>(tenantId: string, body: T, ifMatch: string): Promise<StoredDocument<T>>;
  delete(tenantId: string, id: string, ifMatch: string): Promise<void>;
  query<T extends DocumentBody>(tenantId: string, query: DocumentQuery): Promise<DocumentPage<T>>;
  /** One page of a text search (see SearchQuery); throws TypeError/RangeError on a malformed query. */
  search(tenantId: string, query: SearchQuery): Promise<readonly StoredDocument[]>;
  /**
   * Hands out the next number of the counter document `counterId` (type `counter`, field `next`), starting
   * at `first` when the counter does not exist yet. Atomic: concurrent callers, also in other processes on
   * the same store, never get the same number, and a race is never refused.
   */
  nextNumber(tenantId: string, counterId: string, first: number): Promise<number>;
  /**
   * Applies the operations, in order, in one tenant, all or none: on a conflict / not_found of any operation it
   * throws that StoreError and nothing is applied. 1..100 operations. One result per operation: the stored
   * document for create/replace, undefined for delete and increment.
   */
  batch(
    tenantId: string,
    operations: readonly BatchOperation[],
  ): Promise<readonly (StoredDocument | undefined)[]>;
  health(): Promise<StoreHealth>;
  close(): Promise<void>;
}

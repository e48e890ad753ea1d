import { nextNumberByGuardedWrite } from "../../src/store/counter.js";
import { assertIncrement, incremented } from "../../src/store/increments.js";
import {
  assertSearchQuery,
  assertTenantId,
  assertUsableDocumentId,
  pickFields,
  queryFields,
} from "../../src/store/document-rules.js";
import {
  StoreError,
  type BatchOperation,
  type DocumentBody,
  type DocumentPage,
  type DocumentQuery,
  type DocumentStore,
  type Scalar,
  type SearchQuery,
  type StoredDocument,
} from "../../src/store/document-store.port.js";

const fieldName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A fake DocumentStore for unit tests of use cases: a map, versioned by a counter, no paging tricks (the
 * continuation is an offset). It keeps the port's rules, so the shared contract suite runs on it too
 * (test/fakes/in-memory-document-store.test.ts).
 */
export class InMemoryDocumentStore implements DocumentStore {
  private readonly docs = new Map<string, StoredDocument>();
  private version = 0;
  reads = 0;
  /** Documents written, one per operation of a batch too. */
  writes = 0;
  batches = 0;
  /** Query pages read. */
  queries = 0;

  async read<T extends DocumentBody>(tenantId: string, id: string): Promise<StoredDocument<T> | undefined> {
    assertTenantId(tenantId);
    assertUsableDocumentId(id);
    this.reads++;
    const found = this.docs.get(`${tenantId}/${id}`);
    return found ? (structuredClone(found) as StoredDocument<T>) : undefined;
  }

  async create<T extends DocumentBody>(tenantId: string, body: T): Promise<StoredDocument<T>> {
    return this.apply(tenantId, { op: "create", body }) as StoredDocument<T>;
  }

  async replace<T extends DocumentBody>(
    tenantId: string,
    body: T,
    ifMatch: string,
  ): Promise<StoredDocument<T>> {
    return this.apply(tenantId, { op: "replace", body, ifMatch }) as StoredDocument<T>;
  }

  async delete(tenantId: string, id: string, ifMatch: string): Promise<void> {
    this.apply(tenantId, { op: "delete", id, ifMatch });
  }

  /** All or none: applied synchronously to a copy of the map, which replaces it only when all succeeded. */
  async batch(
    tenantId: string,
    operations: readonly BatchOperation[],
  ): Promise<(StoredDocument | undefined)[]> {
    if (operations.length < 1 || operations.length > 100)
      throw new RangeError("A batch holds 1..100 operations.");
    this.batches++;
    const before = new Map(this.docs);
    const versionBefore = this.version;
    try {
      return operations.map((op) => this.apply(tenantId, op));
    } catch (error) {
      this.docs.clear();
      for (const [key, doc] of before) this.docs.set(key, doc);
      this.version = versionBefore;
      throw error;
    }
  }

  async query<T extends DocumentBody>(tenantId: string, query: DocumentQuery): Promise<DocumentPage<T>> {
    assertTenantId(tenantId);
    this.queries++;
    const order = query.orderBy ?? { field: "id", direction: "asc" as const };
    for (const field of [order.field, ...Object.keys(query.where ?? {})]) {
      if (!fieldName.test(field))
        throw new TypeError(`Invalid field name in query: ${JSON.stringify(field)}`);
    }
    if (query.atMost !== undefined && (query.orderBy === undefined || order.field === "id"))
      throw new TypeError("Query atMost needs an orderBy field other than id.");
    const sign = order.direction === "asc" ? 1 : -1;
    const matches = [...this.docs.entries()]
      .filter(([key, d]) => key.startsWith(`${tenantId}/`) && d.body.type === query.type)
      .filter(([, d]) => Object.entries(query.where ?? {}).every(([f, v]) => d.body[f] === v))
      .filter(([, d]) => {
        const value = d.body[order.field];
        return query.atMost === undefined || (typeof value === "string" && value <= query.atMost);
      })
      .map(([, d]) => d)
      .sort(
        (a, b) => sign * (compare(a.body[order.field], b.body[order.field]) || compare(a.body.id, b.body.id)),
      );
    const fields = queryFields(query);
    const start = query.continuation === undefined ? 0 : offsetOf(query.continuation);
    const items = matches
      .slice(start, start + query.limit)
      .map(
        (d) =>
          structuredClone(
            fields ? { body: pickFields(d.body, fields), etag: d.etag } : d,
          ) as StoredDocument<T>,
      );
    const next = start + query.limit;
    return { items, ...(next < matches.length ? { continuation: `offset:${next}` } : {}) };
  }

  /** The port's search, by brute force: the reference the stores' search is compared with. */
  async search(tenantId: string, query: SearchQuery): Promise<readonly StoredDocument[]> {
    assertTenantId(tenantId);
    assertSearchQuery(query);
    const text = (d: StoredDocument) => d.body.search;
    return [...this.docs.entries()]
      .filter(([key, d]) => key.startsWith(`${tenantId}/`) && query.types.includes(d.body.type))
      .map(([, d]) => d)
      .filter((d) => typeof text(d) === "string")
      .filter((d) => query.changedBy === undefined || d.body.searchBy === query.changedBy)
      .filter((d) => !query.oneOf || query.oneOf.values.some((v) => d.body[query.oneOf?.field ?? ""] === v))
      .filter((d) => query.words.every((w) => String(text(d)).includes(w)))
      .sort((a, b) => compare(b.body.searchAt, a.body.searchAt) || compare(b.body.id, a.body.id))
      .slice(query.skip, query.skip + query.count)
      .map((d) => structuredClone(d));
  }

  /** Every stored document with its version, by "tenant/id": to check that a refusal changed nothing. */
  dump(): Record<string, StoredDocument> {
    return Object.fromEntries([...this.docs.entries()].map(([key, d]) => [key, structuredClone(d)]));
  }

  async nextNumber(tenantId: string, counterId: string, first: number): Promise<number> {
    return nextNumberByGuardedWrite(this, tenantId, counterId, first);
  }

  async health() {
    return { ok: true, kind: "embedded" as const, detail: "in memory" };
  }

  async close(): Promise<void> {}

  private apply(tenantId: string, op: BatchOperation): StoredDocument | undefined {
    assertTenantId(tenantId);
    if (op.op === "increment") {
      assertIncrement(op);
      const key = `${tenantId}/${op.create.id}`;
      this.writes++;
      const found = this.docs.get(key);
      this.put(key, incremented(op, found?.body));
      return undefined;
    }
    const id = op.op === "delete" ? op.id : op.body.id;
    assertUsableDocumentId(id);
    this.writes++;
    const key = `${tenantId}/${id}`;
    const found = this.docs.get(key);
    if (op.op === "create") {
      if (found) throw new StoreError("conflict", "exists");
      return this.put(key, op.body);
    }
    if (!found) throw new StoreError("not_found", "missing");
    if (found.etag !== op.ifMatch) throw new StoreError("conflict", "changed");
    if (op.op === "replace") return this.put(key, op.body);
    this.docs.delete(key);
    return undefined;
  }

  private put(key: string, body: DocumentBody): StoredDocument {
    const stored = { body: structuredClone(body), etag: String(++this.version) };
    this.docs.set(key, stored);
    return structuredClone(stored);
  }
}

function offsetOf(token: string): number {
  const match = /^offset:(\d+)$/.exec(token);
  if (!match) throw new StoreError("invalid_continuation", "bad token");
  return Number(match[1]);
}

/** Numbers before strings, each in their own order, as the real stores order one field's values. */
function compare(a: unknown, b: unknown): number {
  const rank = (v: unknown) => (typeof v === "number" ? 1 : typeof v === "string" ? 2 : 0);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  const x = a as Scalar;
  const y = b as Scalar;
  return x === y ? 0 : (x ?? 0) < (y ?? 0) ? -1 : 1;
}

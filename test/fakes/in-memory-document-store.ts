import { nextNumberByGuardedWrite } from "../../src/store/counter.js";
import {
  StoreError,
  maxBatchOperations,
  type BatchOperation,
  type DocumentBody,
  type DocumentPage,
  type DocumentQuery,
  type DocumentStore,
  type StoredDocument,
} from "../../src/store/document-store.port.js";
import { assertTenantId, assertUsableDocumentId } from "../../src/store/document-rules.js";

/**
 * A fake DocumentStore for unit tests of use cases: a map, versioned by a counter, no paging tricks (the
 * continuation is an offset). The real adapters are tested by the shared contract suite.
 */
export class InMemoryDocumentStore implements DocumentStore {
  private readonly docs = new Map<string, StoredDocument>();
  private version = 0;
  reads = 0;
  writes = 0;
  batches = 0;

  async read<T extends DocumentBody>(tenantId: string, id: string): Promise<StoredDocument<T> | undefined> {
    this.reads++;
    assertTenantId(tenantId);
    assertUsableDocumentId(id);
    const found = this.docs.get(`${tenantId}/${id}`);
    return found ? (structuredClone(found) as StoredDocument<T>) : undefined;
  }

  async create<T extends DocumentBody>(tenantId: string, body: T): Promise<StoredDocument<T>> {
    this.writes++;
    assertTenantId(tenantId);
    assertUsableDocumentId(body.id);
    const key = `${tenantId}/${body.id}`;
    if (this.docs.has(key)) throw new StoreError("conflict", "exists");
    return this.put(key, body);
  }

  async replace<T extends DocumentBody>(
    tenantId: string,
    body: T,
    ifMatch: string,
  ): Promise<StoredDocument<T>> {
    this.writes++;
    assertTenantId(tenantId);
    assertUsableDocumentId(body.id);
    const key = `${tenantId}/${body.id}`;
    const found = this.docs.get(key);
    if (!found) throw new StoreError("not_found", "missing");
    if (found.etag !== ifMatch) throw new StoreError("conflict", "changed");
    return this.put(key, body);
  }

  async delete(tenantId: string, id: string, ifMatch: string): Promise<void> {
    this.writes++;
    assertTenantId(tenantId);
    assertUsableDocumentId(id);
    const found = this.docs.get(`${tenantId}/${id}`);
    if (!found) throw new StoreError("not_found", "missing");
    if (found.etag !== ifMatch) throw new StoreError("conflict", "changed");
    this.docs.delete(`${tenantId}/${id}`);
  }

  async query<T extends DocumentBody>(tenantId: string, query: DocumentQuery): Promise<DocumentPage<T>> {
    const order = query.orderBy ?? { field: "id", direction: "asc" as const };
    const sign = order.direction === "asc" ? 1 : -1;
    const matches = [...this.docs.entries()]
      .filter(([key, d]) => key.startsWith(`${tenantId}/`) && d.body.type === query.type)
      .filter(([, d]) => Object.entries(query.where ?? {}).every(([f, v]) => d.body[f] === v))
      .map(([, d]) => d)
      .sort((a, b) => {
        const x = String(a.body[order.field]);
        const y = String(b.body[order.field]);
        return sign * (x < y ? -1 : x > y ? 1 : a.body.id < b.body.id ? -1 : 1);
      });
    const start = query.continuation ? Number(query.continuation) : 0;
    if (!Number.isInteger(start) || start < 0) throw new StoreError("invalid_continuation", "bad token");
    const items = matches
      .slice(start, start + query.limit)
      .map((d) => structuredClone(d) as StoredDocument<T>);
    const next = start + query.limit;
    return { items, ...(next < matches.length ? { continuation: String(next) } : {}) };
  }

  async batch(
    tenantId: string,
    operations: readonly BatchOperation[],
  ): Promise<readonly (StoredDocument | undefined)[]> {
    if (operations.length < 1 || operations.length > maxBatchOperations)
      throw new RangeError("1..100 operations");
    this.batches++;
    // Check every guard against the state the earlier operations leave, then apply them all.
    const state = new Map<string, string | undefined>();
    const etagOf = (id: string) => {
      const key = `${tenantId}/${id}`;
      return state.has(key) ? state.get(key) : this.docs.get(key)?.etag;
    };
    for (const [index, o] of operations.entries()) {
      const id = o.op === "delete" ? o.id : o.body.id;
      const etag = etagOf(id);
      if (o.op === "create" && etag !== undefined) throw new StoreError("conflict", "exists");
      if (o.op !== "create") {
        if (etag === undefined) throw new StoreError("not_found", "missing");
        if (etag !== o.ifMatch) throw new StoreError("conflict", "changed");
      }
      state.set(`${tenantId}/${id}`, o.op === "delete" ? undefined : `pending-${index}`);
    }
    this.writes += operations.length;
    return operations.map((o) => {
      if (o.op === "delete") {
        this.docs.delete(`${tenantId}/${o.id}`);
        return undefined;
      }
      return this.put(`${tenantId}/${o.body.id}`, o.body);
    });
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

  private put<T extends DocumentBody>(key: string, body: T): StoredDocument<T> {
    const stored = { body: structuredClone(body), etag: String(++this.version) };
    this.docs.set(key, stored);
    return structuredClone(stored);
  }
}

import { mkdir, open, readFile, rename, stat, truncate, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import {
  StoreError,
  maxBatchOperations,
  type BatchOperation,
  type DocumentBody,
  type DocumentPage,
  type DocumentQuery,
  type DocumentStore,
  type Scalar,
  type StoreHealth,
  type StoredDocument,
} from "../document-store.port.js";
import { nextNumberByGuardedWrite } from "../counter.js";
import { assertTenantId, assertUsableDocumentId } from "../document-rules.js";

/**
 * The embedded store: every document lives in memory and in an append-only journal on local disk.
 *
 * Why a journal and not a database package: the bot needs single-document writes guarded by a version,
 * durability and crash safety, nothing more. An append-only file gives all three with one `write` + one
 * `fdatasync` per batch of writes, has no native build step, and is easy to reason about:
 * - each line is `<crc32 hex> <json>\n`; a write is acknowledged only after its line is synced to disk;
 * - on open, a torn or partial last line (a crash mid-write) fails its checksum and is cut off, so a
 *   half-written record is never read back; damage before the last line stops start-up instead of
 *   silently dropping data;
 * - when most of the journal is superseded records, it is rewritten to a temporary file, synced and
 *   atomically renamed over the old one.
 * Concurrent writes that arrive while a sync is under way are committed together (group commit).
 */

interface JournalRecord {
  /** tenant */
  readonly t: string;
  readonly id: string;
  /** etag; absent for a delete */
  readonly e?: string;
  /** body; absent for a delete */
  readonly b?: DocumentBody;
}

interface Entry {
  readonly body: DocumentBody;
  readonly etag: string;
}

/** A batch is one journal line holding all its records, so a crash keeps all of them or none. */
interface JournalBatch {
  readonly ops: readonly JournalRecord[];
}

interface StagedWrite {
  readonly key: string;
  readonly record: JournalRecord;
  /** The state after this write; undefined for a delete. */
  readonly entry: Entry | undefined;
}

interface PendingWrite {
  /** One write, or the writes of one batch (committed together). */
  readonly writes: readonly StagedWrite[];
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export interface EmbeddedStoreOptions {
  /** Folder for the journal; created when missing. */
  readonly dir: string;
  /** Rewrite the journal when it holds at least this many superseded records… */
  readonly compactAfterGarbage?: number;
  /** …and they make up at least this share of it. */
  readonly compactRatio?: number;
}

const journalName = "journal.log";
const maxLimit = 1000;
const fieldName = /^[A-Za-z_][A-Za-z0-9_]*$/;

export class EmbeddedDocumentStore implements DocumentStore {
  /** Committed state: what is on disk. Reads see only this. */
  private readonly committed = new Map<string, Entry>();
  /** Keys of the committed documents by tenant and type, so a query reads its kind only, not the whole store. */
  private readonly byType = new Map<string, Set<string>>();
  /** Writes accepted but not yet synced; guards (ETag checks) see these so two writers cannot both win. */
  private readonly staged = new Map<string, Entry | undefined>();
  private queue: PendingWrite[] = [];
  private flushing: Promise<void> | undefined;
  private journalRecords = 0;
  private etagCounter = 0;
  private failure: Error | undefined;
  private closed = false;
  private counters: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly path: string,
    private handle: FileHandle,
    private readonly compactAfterGarbage: number,
    private readonly compactRatio: number,
  ) {}

  static async open(options: EmbeddedStoreOptions): Promise<EmbeddedDocumentStore> {
    await mkdir(options.dir, { recursive: true });
    const path = join(options.dir, journalName);
    const { records, validBytes, totalBytes } = await readJournal(path);
    if (validBytes < totalBytes) await truncate(path, validBytes);
    const handle = await open(path, "a");
    const store = new EmbeddedDocumentStore(
      path,
      handle,
      options.compactAfterGarbage ?? 10_000,
      options.compactRatio ?? 0.5,
    );
    for (const record of records) store.apply(record);
    store.journalRecords = records.length;
    if (store.garbageIsWorthCompacting()) await store.compact();
    return store;
  }

  async read<T extends DocumentBody>(tenantId: string, id: string): Promise<StoredDocument<T> | undefined> {
    this.assertUsable();
    assertTenantId(tenantId);
    assertUsableDocumentId(id);
    const k = key(tenantId, id);
    // A write of this document is on its way to disk, and a writer that lost to it has already been told
    // "conflict": answer once it is durable, so that writer reads the change that beat it (as with Cosmos).
    while (this.staged.has(k) && this.flushing) await this.flushing;
    const entry = this.committed.get(k);
    return entry ? toStored<T>(entry) : undefined;
  }

  async create<T extends DocumentBody>(tenantId: string, body: T): Promise<StoredDocument<T>> {
    this.assertUsable();
    assertTenantId(tenantId);
    assertUsableDocumentId(body.id);
    const k = key(tenantId, body.id);
    if (this.current(k)) throw new StoreError("conflict", `Document ${body.id} already exists.`);
    return this.write(k, tenantId, body);
  }

  async replace<T extends DocumentBody>(
    tenantId: string,
    body: T,
    ifMatch: string,
  ): Promise<StoredDocument<T>> {
    this.assertUsable();
    assertTenantId(tenantId);
    assertUsableDocumentId(body.id);
    const k = key(tenantId, body.id);
    const existing = this.current(k);
    if (!existing) throw new StoreError("not_found", `Document ${body.id} does not exist.`);
    if (existing.etag !== ifMatch) throw new StoreError("conflict", `Document ${body.id} has changed.`);
    return this.write(k, tenantId, body);
  }

  async delete(tenantId: string, id: string, ifMatch: string): Promise<void> {
    this.assertUsable();
    assertTenantId(tenantId);
    assertUsableDocumentId(id);
    const k = key(tenantId, id);
    const existing = this.current(k);
    if (!existing) throw new StoreError("not_found", `Document ${id} does not exist.`);
    if (existing.etag !== ifMatch) throw new StoreError("conflict", `Document ${id} has changed.`);
    await this.enqueue(k, { t: tenantId, id }, undefined);
  }

  async batch(
    tenantId: string,
    operations: readonly BatchOperation[],
  ): Promise<readonly (StoredDocument | undefined)[]> {
    this.assertUsable();
    if (operations.length < 1 || operations.length > maxBatchOperations) {
      throw new RangeError(`A batch holds 1..${maxBatchOperations} operations, got ${operations.length}.`);
    }
    // Every guard is checked against the state the earlier operations leave, before anything is staged.
    const after = new Map<string, Entry | undefined>();
    const state = (k: string) => (after.has(k) ? after.get(k) : this.current(k));
    const writes: StagedWrite[] = [];
    for (const o of operations) {
      const id = o.op === "delete" ? o.id : o.body.id;
      const k = key(tenantId, id);
      const existing = state(k);
      if (o.op === "create" && existing) throw new StoreError("conflict", `Document ${id} already exists.`);
      if (o.op !== "create") {
        if (!existing) throw new StoreError("not_found", `Document ${id} does not exist.`);
        if (existing.etag !== o.ifMatch) throw new StoreError("conflict", `Document ${id} has changed.`);
      }
      if (o.op === "delete") {
        writes.push({ key: k, record: { t: tenantId, id }, entry: undefined });
        after.set(k, undefined);
        continue;
      }
      const copy = deepFreeze(structuredClone(o.body));
      const entry: Entry = { body: copy, etag: `"${++this.etagCounter}"` };
      writes.push({ key: k, record: { t: tenantId, id, e: entry.etag, b: copy }, entry });
      after.set(k, entry);
    }
    await this.enqueueAll(writes);
    return writes.map((w) => (w.entry ? toStored(w.entry) : undefined));
  }

  async nextNumber(tenantId: string, counterId: string, first: number): Promise<number> {
    // One process owns the journal, so serialising increments here makes each guarded write win first time.
    const turn = this.counters.then(() => nextNumberByGuardedWrite(this, tenantId, counterId, first));
    this.counters = turn.catch(() => undefined);
    return turn;
  }

  async query<T extends DocumentBody>(tenantId: string, query: DocumentQuery): Promise<DocumentPage<T>> {
    this.assertUsable();
    assertTenantId(tenantId);
    const order = query.orderBy ?? { field: "id", direction: "asc" as const };
    const where = Object.entries(query.where ?? {});
    for (const field of [order.field, ...where.map(([f]) => f)]) {
      if (!fieldName.test(field)) throw new Error(`Invalid field name in query: ${JSON.stringify(field)}`);
    }
    if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > maxLimit) {
      throw new Error(`Query limit must be 1..${maxLimit}, got ${query.limit}`);
    }
    const after = query.continuation === undefined ? undefined : decodeContinuation(query.continuation);
    const sign = order.direction === "asc" ? 1 : -1;
    const matches: Entry[] = [];
    for (const k of this.byType.get(key(tenantId, query.type)) ?? []) {
      const entry = this.committed.get(k);
      if (entry && where.every(([f, v]) => entry.body[f] === v)) matches.push(entry);
    }
    const sortKey = (e: Entry): [Scalar, string] => [asScalar(e.body[order.field]), e.body.id];
    matches.sort((a, b) => sign * compareKeys(sortKey(a), sortKey(b)));
    const start = after ? matches.findIndex((e) => sign * compareKeys(sortKey(e), after) > 0) : 0;
    const page = start < 0 ? [] : matches.slice(start, start + query.limit);
    const last = page.at(-1);
    const more = start >= 0 && start + query.limit < matches.length;
    return {
      items: page.map((e) => toStored<T>(e)),
      ...(more && last ? { continuation: encodeContinuation(sortKey(last)) } : {}),
    };
  }

  async health(): Promise<StoreHealth> {
    if (this.failure)
      return { ok: false, kind: "embedded", detail: `journal write failed: ${this.failure.message}` };
    if (this.closed) return { ok: false, kind: "embedded", detail: "closed" };
    return {
      ok: true,
      kind: "embedded",
      detail: `${this.committed.size} documents, journal ${this.path} (${this.journalRecords} records)`,
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    while (this.flushing) await this.flushing;
    this.closed = true;
    await this.handle.close();
  }

  private assertUsable(): void {
    if (this.closed) throw new StoreError("unavailable", "The embedded store is closed.");
    if (this.failure)
      throw new StoreError("unavailable", `The embedded store failed: ${this.failure.message}`);
  }

  private current(k: string): Entry | undefined {
    return this.staged.has(k) ? this.staged.get(k) : this.committed.get(k);
  }

  private async write<T extends DocumentBody>(
    k: string,
    tenantId: string,
    body: T,
  ): Promise<StoredDocument<T>> {
    const copy = deepFreeze(structuredClone(body));
    const entry: Entry = { body: copy, etag: `"${++this.etagCounter}"` };
    await this.enqueue(k, { t: tenantId, id: body.id, e: entry.etag, b: copy }, entry);
    return toStored<T>(entry);
  }

  private enqueue(k: string, record: JournalRecord, entry: Entry | undefined): Promise<void> {
    return this.enqueueAll([{ key: k, record, entry }]);
  }

  private enqueueAll(writes: readonly StagedWrite[]): Promise<void> {
    for (const w of writes) this.staged.set(w.key, w.entry);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ writes, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  /** Writes everything queued in one append + one sync, then makes it visible; repeats while work arrives. */
  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      const text = batch
        .map((p) =>
          journalLine(p.writes.length === 1 ? p.writes[0]!.record : { ops: p.writes.map((w) => w.record) }),
        )
        .join("");
      try {
        await this.handle.write(text);
        await this.handle.datasync();
      } catch (error) {
        this.failure = error instanceof Error ? error : new Error(String(error));
        for (const p of [...batch, ...this.queue]) {
          for (const w of p.writes) this.staged.delete(w.key);
          p.reject(new StoreError("unavailable", `Could not write the journal: ${this.failure.message}`));
        }
        this.queue = [];
        break;
      }
      for (const p of batch) {
        this.journalRecords += p.writes.length;
        for (const w of p.writes) {
          this.commit(w.key, w.entry);
          if (this.staged.get(w.key) === w.entry) this.staged.delete(w.key);
        }
        p.resolve();
      }
      if (this.queue.length === 0 && this.garbageIsWorthCompacting()) {
        await this.compact().catch((error: unknown) => {
          this.failure = error instanceof Error ? error : new Error(String(error));
        });
      }
    }
    this.flushing = undefined;
  }

  private garbageIsWorthCompacting(): boolean {
    const garbage = this.journalRecords - this.committed.size;
    return garbage >= this.compactAfterGarbage && garbage >= this.journalRecords * this.compactRatio;
  }

  /** Rewrites the journal with live documents only: temp file, sync, atomic rename, sync the folder. */
  private async compact(): Promise<void> {
    const temp = `${this.path}.compact`;
    const out = await open(temp, "w");
    try {
      let chunk = "";
      for (const [k, entry] of this.committed) {
        const tenant = k.slice(0, k.indexOf("\u0000"));
        chunk += journalLine({ t: tenant, id: entry.body.id, e: entry.etag, b: entry.body });
        if (chunk.length > 1 << 20) {
          await out.write(chunk);
          chunk = "";
        }
      }
      await out.write(chunk);
      await out.sync();
    } finally {
      await out.close();
    }
    await rename(temp, this.path);
    await syncFolder(join(this.path, ".."));
    const old = this.handle;
    this.handle = await open(this.path, "a");
    await old.close();
    this.journalRecords = this.committed.size;
  }

  private apply(record: JournalRecord): void {
    const k = key(record.t, record.id);
    if (record.b && record.e) {
      this.commit(k, { body: deepFreeze(record.b), etag: record.e });
      const n = Number(record.e.replaceAll('"', ""));
      if (n > this.etagCounter) this.etagCounter = n;
    } else {
      this.commit(k, undefined);
    }
  }

  /** Makes a write visible, keeping the type index in step. */
  private commit(k: string, entry: Entry | undefined): void {
    const old = this.committed.get(k);
    const tenant = k.slice(0, k.indexOf("\u0000"));
    if (old && old.body.type !== entry?.body.type) this.byType.get(key(tenant, old.body.type))?.delete(k);
    if (entry) {
      this.committed.set(k, entry);
      const typeKey = key(tenant, entry.body.type);
      let keys = this.byType.get(typeKey);
      if (!keys) this.byType.set(typeKey, (keys = new Set()));
      keys.add(k);
    } else {
      this.committed.delete(k);
    }
  }
}

const key = (tenantId: string, id: string) => `${tenantId}\u0000${id}`;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * Stored bodies are frozen when written, so readers can share them: a read costs no copy, and no caller can
 * change what is stored by mutating what it was given.
 */
function toStored<T extends DocumentBody>(entry: Entry): StoredDocument<T> {
  return { body: entry.body as T, etag: entry.etag };
}

function journalLine(record: JournalRecord | JournalBatch): string {
  const json = JSON.stringify(record);
  return `${crc32(json).toString(16).padStart(8, "0")} ${json}\n`;
}

/** Reads every intact line; reports how many leading bytes are intact so a torn tail can be cut off. */
async function readJournal(
  path: string,
): Promise<{ records: JournalRecord[]; validBytes: number; totalBytes: number }> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT")
      return { records: [], validBytes: 0, totalBytes: 0 };
    throw error;
  }
  const records: JournalRecord[] = [];
  let offset = 0;
  while (offset < data.length) {
    const end = data.indexOf(0x0a, offset);
    const line = end < 0 ? undefined : data.subarray(offset, end).toString("utf8");
    const record = line === undefined ? undefined : parseLine(line);
    if (!record) {
      // Only the very last line may be damaged: that is a write the crash interrupted, never acknowledged.
      const isLastLine = end < 0 || end === data.length - 1;
      if (!isLastLine) {
        throw new Error(
          `The journal ${path} is damaged at byte ${offset} (not at its end). Restore it from a backup; ` +
            `the store will not start on a damaged journal.`,
        );
      }
      return { records, validBytes: offset, totalBytes: data.length };
    }
    records.push(...record);
    offset = end + 1;
  }
  return { records, validBytes: offset, totalBytes: data.length };
}

function parseLine(line: string): readonly JournalRecord[] | undefined {
  const space = line.indexOf(" ");
  if (space !== 8) return undefined;
  const json = line.slice(9);
  if (crc32(json).toString(16).padStart(8, "0") !== line.slice(0, 8)) return undefined;
  try {
    const parsed = JSON.parse(json) as JournalRecord | JournalBatch;
    return "ops" in parsed ? parsed.ops : [parsed];
  } catch {
    return undefined;
  }
}

async function syncFolder(path: string): Promise<void> {
  const dir = await open(path, "r");
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

function asScalar(value: unknown): Scalar {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? value : null;
}

/** Cosmos-like ordering: null < booleans < numbers < strings; strings compare by code unit. */
function compareScalars(a: Scalar, b: Scalar): number {
  const rank = (v: Scalar) => (v === null ? 0 : typeof v === "boolean" ? 1 : typeof v === "number" ? 2 : 3);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (a === b) return 0;
  return (a as string | number | boolean) < (b as string | number | boolean) ? -1 : 1;
}

function compareKeys(a: [Scalar, string], b: [Scalar, string]): number {
  return compareScalars(a[0], b[0]) || compareScalars(a[1], b[1]);
}

function encodeContinuation(sortKey: [Scalar, string]): string {
  return Buffer.from(JSON.stringify(sortKey), "utf8").toString("base64url");
}

function decodeContinuation(token: string): [Scalar, string] {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    value = undefined;
  }
  if (Array.isArray(value) && value.length === 2 && typeof value[1] === "string") {
    return [asScalar(value[0]), value[1]];
  }
  throw new StoreError("invalid_continuation", "This continuation token was not issued by the store.");
}

/** For tests and diagnostics: the size of the journal on disk. */
export async function journalSize(dir: string): Promise<number> {
  return (await stat(join(dir, journalName))).size;
}

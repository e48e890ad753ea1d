import { join, resolve } from "node:path";
import type Database from "better-sqlite3";
import {
  StoreError,
  type BatchOperation,
  type DocumentBody,
  type DocumentPage,
  type DocumentQuery,
  type DocumentStore,
  type IncrementOperation,
  type SearchQuery,
  type StoreHealth,
  type StoredDocument,
} from "../document-store.port.js";
import { assertTenantId, assertUsableDocumentId, queryFields } from "../document-rules.js";
import { assertIncrement, incremented } from "../increments.js";
import { assertUsableDataDir, lockDataDir } from "./data-dir.js";
import { DocumentCache, defaultDocumentCache, type DocumentCacheBudget } from "./document-cache.js";
import { GroupCommit } from "./group-commit.js";
import { checkInBackground, inlineLimitBytes } from "./integrity-check.js";
import { importJournal } from "./journal-import.js";
import { megabytes, messageOf, openDatabase, openReader, translate } from "./sqlite-database.js";
import {
  buildSearch,
  buildSelect,
  perPartnerIndex,
  openContinuation,
  queryShape,
  sealContinuation,
  type OrderKey,
} from "./sqlite-query.js";
import { etagOf, picked, toStored, versionOf, written, type Row } from "./stored-rows.js";

/**
 * The embedded store: one SQLite database file, `DATA_DIR/pipeline.db`, through better-sqlite3.
 *
 * - Durability: WAL mode with `synchronous=FULL`, so a write is acknowledged only once its commit is on
 *   disk; a crash loses nothing acknowledged and leaves nothing half-written (SQLite's own recovery).
 *   Concurrent writes share a commit (group-commit.ts): each is acknowledged once that commit is on disk.
 * - Two connections: writes on one, reads on the other (read-only), so a read sees committed data only,
 *   never a write whose commit is still pending or may yet fail.
 * - Layout: `documents(tenant, id, type, version, body JSON)`, unique by (tenant, id). Lists are served by
 *   partial indexes that begin with the tenant (see sqlite-query.ts), so no query reads another tenant's rows.
 * - Versions: one counter for the whole file (kept in `meta`, written once per commit in the same
 *   transaction), so an ETag is never reused, not even by a document deleted and created again. The ETag is
 *   the version in quotes, as the journal before it had.
 * - better-sqlite3 is synchronous: each call is one short statement or transaction on an index, so the event
 *   loop is never held for long, and a guarded write cannot interleave with another.
 * - Failures: a full disk or an I/O error rolls the transaction back and becomes `unavailable`; the next
 *   write tries again, so the store recovers as soon as space is back, without a restart.
 * - Point reads are kept decoded and frozen, within a small budget (document-cache.ts): filled by reads, and
 *   forgotten for every document a write touched once its transaction has settled, committed or not, except
 *   one held there that a committed replace wrote: that is held as written.
 */

export interface EmbeddedStoreOptions {
  /** DATA_DIR: must exist and be writable. */
  readonly dir: string;
  /** Files up to this size are checked before start-up completes, larger ones just after. Default 256 MB. */
  readonly checkBeforeStartUpTo?: number;
  /** Called with the SQL of every list query (diagnostics; the query-plan test collects them). */
  readonly onQuery?: (sql: string, params: readonly unknown[]) => void;
  /** Called after every commit with the number of writes it made durable (diagnostics, tests). */
  readonly onCommit?: (writes: number) => void;
  /** The decoded documents kept for reads (document-cache.ts); `{ documents: 0, … }` keeps none. */
  readonly documentCache?: DocumentCacheBudget;
}

const fileName = "pipeline.db";

export class EmbeddedDocumentStore implements DocumentStore {
  private readonly statements = new Map<string, Database.Statement>();
  private readonly readStatements = new Map<string, Database.Statement>();
  private readonly commits: GroupCommit;
  /** Per-partner indexes known to exist (sqlite-query.ts), created on first use. */
  private readonly partnerIndexes = new Set<string>();
  private closed = false;
  /** Set when the background integrity check found the file damaged: the store then refuses work. */
  private damage: string | undefined;
  private backgroundCheck: { stop(): Promise<void> } | undefined;
  private readonly cache: DocumentCache;

  private constructor(
    /** The write connection: every write, in group-committed transactions. */
    private readonly db: Database.Database,
    /** The read connection: reads, lists and searches (committed data only). */
    private readonly reader: Database.Database,
    private readonly path: string,
    private readonly lock: { release(): void },
    private version: number,
    private readonly onQuery: EmbeddedStoreOptions["onQuery"],
    onCommit: EmbeddedStoreOptions["onCommit"],
    cache: DocumentCacheBudget,
  ) {
    this.cache = new DocumentCache(cache);
    this.commits = new GroupCommit(
      db,
      {
        mark: () => this.version,
        reset: (version) => {
          this.version = version;
          this.cache.rolledBack(version);
        },
        save: () => {
          this.statement("UPDATE meta SET value = ? WHERE key = 'version'").run(this.version);
        },
        settled: (committed) => this.cache.settled(committed),
      },
      (sql) => this.statement(sql),
      onCommit,
    );
  }

  static async open(options: EmbeddedStoreOptions): Promise<EmbeddedDocumentStore> {
    assertUsableDataDir(options.dir);
    const lock = lockDataDir(options.dir);
    const path = join(options.dir, fileName);
    let db: Database.Database | undefined;
    let reader: Database.Database | undefined;
    try {
      const opened = openDatabase(path, options.checkBeforeStartUpTo ?? inlineLimitBytes);
      db = opened.db;
      await importJournal(db, options.dir);
      const version = Number(db.prepare("SELECT value FROM meta WHERE key = 'version'").pluck().get() ?? 0);
      reader = openReader(path);
      const store = new EmbeddedDocumentStore(
        db,
        reader,
        path,
        lock,
        version,
        options.onQuery,
        options.onCommit,
        options.documentCache ?? defaultDocumentCache,
      );
      if (!opened.checked) {
        store.backgroundCheck = checkInBackground(path, (message) => {
          store.damage = message;
          store.cache.clear();
        });
      }
      return store;
    } catch (error) {
      reader?.close();
      db?.close();
      lock.release();
      throw error;
    }
  }

  /** The database file, for backups and diagnostics. */
  get file(): string {
    return this.path;
  }

  async read<T extends DocumentBody>(tenantId: string, id: string): Promise<StoredDocument<T> | undefined> {
    assertTenantId(tenantId);
    assertUsableDocumentId(id);
    const held = this.cache.get(tenantId, id);
    if (held) {
      this.assertUsable();
      return held as StoredDocument<T>;
    }
    const row = this.run(() =>
      this.readStatement("SELECT id, version, body FROM documents WHERE tenant = ? AND id = ?").get(
        tenantId,
        id,
      ),
    ) as Row | undefined;
    return row ? this.cache.fill(tenantId, id, toStored<T>(row), row.body.length) : undefined;
  }

  async create<T extends DocumentBody>(tenantId: string, body: T): Promise<StoredDocument<T>> {
    assertTenantId(tenantId);
    const json = serialise(body);
    return this.transaction(() => this.insert<T>(tenantId, body, json));
  }

  async replace<T extends DocumentBody>(
    tenantId: string,
    body: T,
    ifMatch: string,
  ): Promise<StoredDocument<T>> {
    assertTenantId(tenantId);
    const json = serialise(body);
    return this.transaction(() => this.update<T>(tenantId, body, json, ifMatch));
  }

  async delete(tenantId: string, id: string, ifMatch: string): Promise<void> {
    assertTenantId(tenantId);
    assertUsableDocumentId(id);
    await this.transaction(() => this.remove(tenantId, id, ifMatch));
  }

  async batch(
    tenantId: string,
    operations: readonly BatchOperation[],
  ): Promise<readonly (StoredDocument | undefined)[]> {
    assertTenantId(tenantId);
    assertBatchSize(operations);
    // Checked and serialised before the transaction, so a bad body never opens one.
    const json = operations.map((op) => {
      if (op.op === "delete") {
        assertUsableDocumentId(op.id);
        return "";
      }
      if (op.op !== "increment") return serialise(op.body);
      assertIncrement(op);
      return "";
    });
    return this.transaction(() =>
      operations.map((op, i) => {
        switch (op.op) {
          case "create":
            return this.insert(tenantId, op.body, json[i] as string);
          case "replace":
            return this.update(tenantId, op.body, json[i] as string, op.ifMatch);
          case "delete":
            return this.remove(tenantId, op.id, op.ifMatch);
          case "increment":
            return this.increment(tenantId, op);
        }
      }),
    );
  }

  /** Read, increment and write in one immediate transaction: atomic, and never refused for a race. */
  async nextNumber(tenantId: string, counterId: string, first: number): Promise<number> {
    assertTenantId(tenantId);
    assertUsableDocumentId(counterId);
    if (!Number.isSafeInteger(first)) throw new TypeError("first must be a safe integer.");
    return this.transaction(() => {
      const row = this.statement("SELECT id, version, body FROM documents WHERE tenant = ? AND id = ?").get(
        tenantId,
        counterId,
      ) as Row | undefined;
      if (!row) {
        const body = { id: counterId, type: "counter", next: first + 1 };
        this.insert(tenantId, body, JSON.stringify(body));
        return first;
      }
      const current = JSON.parse(row.body) as DocumentBody & { next?: unknown };
      const n = current.next;
      if (typeof n !== "number" || !Number.isSafeInteger(n)) {
        throw new Error(`Counter ${counterId} in tenant ${tenantId} has no integer "next".`);
      }
      const body = { ...current, next: n + 1 };
      this.update(tenantId, body, JSON.stringify(body), etagOf(row.version));
      return n;
    });
  }

  async query<T extends DocumentBody>(tenantId: string, query: DocumentQuery): Promise<DocumentPage<T>> {
    const shape = queryShape(query);
    const fields = queryFields(query);
    const after =
      query.continuation === undefined ? undefined : openContinuation(tenantId, shape, query.continuation);
    const { sql, params } = buildSelect(tenantId, query, after);
    const partnerIndex = perPartnerIndex(query);
    if (partnerIndex && !this.partnerIndexes.has(partnerIndex.name)) {
      await this.transaction(() => this.db.exec(partnerIndex.sql));
      this.partnerIndexes.add(partnerIndex.name);
    }
    this.onQuery?.(sql, params);
    const rows = this.run(() => this.readStatement(sql).all(...params)) as (Row & { k: OrderKey })[];
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map((row) => (fields ? picked<T>(row, fields) : toStored<T>(row))),
      ...(rows.length > query.limit && last
        ? { continuation: sealContinuation(tenantId, shape, last.k, last.id) }
        : {}),
    };
  }

  async search(tenantId: string, query: SearchQuery): Promise<readonly StoredDocument[]> {
    const { sql, params } = buildSearch(tenantId, query);
    this.onQuery?.(sql, params);
    const rows = this.run(() => this.readStatement(sql).all(...params)) as Row[];
    return rows.map((row) => toStored(row));
  }

  /** SQLite's plan for a query, one line per step (EXPLAIN QUERY PLAN's `detail`). */
  queryPlan(sql: string, params: readonly unknown[]): string[] {
    const rows = this.run(() => this.reader.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params)) as {
      detail: string;
    }[];
    return rows.map((row) => row.detail);
  }

  async health(): Promise<StoreHealth> {
    if (this.closed) return { ok: false, kind: "embedded", detail: "closed" };
    if (this.damage) return { ok: false, kind: "embedded", detail: this.damage };
    try {
      this.reader.prepare("SELECT 1 FROM meta LIMIT 1").get();
      return { ok: true, kind: "embedded", detail: `SQLite ${resolve(this.path)} (${megabytes(this.path)})` };
    } catch (error) {
      return { ok: false, kind: "embedded", detail: `SQLite ${this.path}: ${messageOf(error)}` };
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.backgroundCheck?.stop();
    // Writes waiting for their commit get it (or its failure) now, not after the connection is gone.
    this.commits.flush();
    this.cache.clear();
    this.statements.clear();
    this.readStatements.clear();
    // The writer closes last: the last connection to close checkpoints the WAL into the file.
    this.reader.close();
    this.db.close();
    this.lock.release();
  }

  // ---- inside a transaction ---------------------------------------------------------------------------

  private insert<T extends DocumentBody>(tenantId: string, body: T, json: string): StoredDocument<T> {
    this.cache.touch(tenantId, body.id);
    const version = this.nextVersion();
    const inserted = this.statement(
      "INSERT INTO documents (tenant, id, type, version, body) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
    ).run(tenantId, body.id, body.type, version, json);
    if (inserted.changes === 0)
      throw new StoreError("conflict", `Document ${JSON.stringify(body.id)} already exists.`);
    return written<T>(json, version);
  }

  private update<T extends DocumentBody>(
    tenantId: string,
    body: T,
    json: string,
    ifMatch: string,
  ): StoredDocument<T> {
    const expected = versionOf(ifMatch);
    this.cache.touch(tenantId, body.id);
    const version = this.nextVersion();
    // A document keeps its type (replacing one with another type is allowed, and rare): the first statement
    // leaves the column alone, so SQLite does not rewrite the row's entry in documents_by_type, which it
    // does whenever `type` is assigned, even to the same value. Only when no row of that type matched is the
    // type set too.
    const sameType = this.statement(
      "UPDATE documents SET version = ?, body = ? WHERE tenant = ? AND id = ? AND version = ? AND type = ?",
    ).run(version, json, tenantId, body.id, expected, body.type);
    if (sameType.changes === 0) {
      const updated = this.statement(
        "UPDATE documents SET type = ?, version = ?, body = ? WHERE tenant = ? AND id = ? AND version = ?",
      ).run(body.type, version, json, tenantId, body.id, expected);
      if (updated.changes === 0) this.refuse(tenantId, body.id);
    }
    const document = written<T>(json, version);
    this.cache.wrote(tenantId, body.id, document, version, json.length);
    return document;
  }

  private remove(tenantId: string, id: string, ifMatch: string): undefined {
    this.cache.touch(tenantId, id);
    const removed = this.statement("DELETE FROM documents WHERE tenant = ? AND id = ? AND version = ?").run(
      tenantId,
      id,
      versionOf(ifMatch),
    );
    if (removed.changes === 0) this.refuse(tenantId, id);
    return undefined;
  }

  /**
   * Read, add and write inside the batch's own transaction (nothing else writes between, so no version is
   * compared and concurrent increments never refuse each other): the write connection's point read, a parse
   * and a guarded update of the small document. Measured against one SQL upsert doing the additions with
   * json_set/json_extract on the stored text (no parse in JavaScript): on a totals document of 16 rows a move's
   * six additions cost 21–24 µs of CPU this way and 26–31 µs that way (22–24 µs without its checks that each
   * field is a number), so the simpler way, whose rules are the other stores' (increments.ts), is kept.
   */
  private increment(tenantId: string, op: IncrementOperation): undefined {
    const row = this.statement("SELECT id, version, body FROM documents WHERE tenant = ? AND id = ?").get(
      tenantId,
      op.create.id,
    ) as Row | undefined;
    const body = incremented(op, row ? (JSON.parse(row.body) as DocumentBody) : undefined);
    if (row) this.update(tenantId, body, JSON.stringify(body), etagOf(row.version));
    else this.insert(tenantId, body, JSON.stringify(body));
    return undefined;
  }

  /** A guarded write matched no row: the document is gone, or its version moved on. */
  private refuse(tenantId: string, id: string): never {
    const exists = this.statement("SELECT 1 FROM documents WHERE tenant = ? AND id = ?").get(tenantId, id);
    if (!exists) throw new StoreError("not_found", `Document ${JSON.stringify(id)} does not exist.`);
    throw new StoreError("conflict", `Document ${JSON.stringify(id)} has changed since it was read.`);
  }

  /** The next version; the group commit writes the highest one to `meta` in the same transaction. */
  private nextVersion(): number {
    this.version += 1;
    return this.version;
  }

  // ---- plumbing ---------------------------------------------------------------------------------------

  /**
   * Runs `work` in an IMMEDIATE transaction, shared with the writes that arrive meanwhile (group-commit.ts): all
   * of it is durable when the promise resolves, or none of it is there.
   */
  private async transaction<R>(work: () => R): Promise<R> {
    this.assertUsable();
    try {
      return await this.commits.run(work);
    } catch (error) {
      throw translate(error, this.path);
    }
  }

  /** Maps SQLite's failures to the port's: disk full, I/O and busy become `unavailable`; bugs stay bugs. */
  private run<R>(work: () => R): R {
    this.assertUsable();
    try {
      return work();
    } catch (error) {
      throw translate(error, this.path);
    }
  }

  private assertUsable(): void {
    if (this.closed) throw new StoreError("unavailable", "The embedded store is closed.");
    if (this.damage) throw new StoreError("unavailable", this.damage);
  }

  private statement(sql: string): Database.Statement {
    return cached(this.db, this.statements, sql);
  }

  private readStatement(sql: string): Database.Statement {
    return cached(this.reader, this.readStatements, sql);
  }
}

function cached(db: Database.Database, statements: Map<string, Database.Statement>, sql: string) {
  let statement = statements.get(sql);
  if (!statement) {
    // Query texts come from code (one per list shape), so this stays small; the cap is a safety net.
    if (statements.size >= 500) statements.clear();
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}

function serialise(body: DocumentBody): string {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new TypeError("A document body must be a plain object.");
  }
  assertUsableDocumentId(body.id);
  if (typeof body.type !== "string" || body.type === "") {
    throw new TypeError(`Document ${JSON.stringify(body.id)} needs a non-empty string type.`);
  }
  return JSON.stringify(body);
}

export function assertBatchSize(operations: readonly BatchOperation[]): void {
  if (!Array.isArray(operations) || operations.length < 1 || operations.length > 100) {
    throw new RangeError("A batch holds 1..100 operations.");
  }
}

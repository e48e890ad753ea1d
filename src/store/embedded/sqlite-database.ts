import { statSync } from "node:fs";
import Database from "better-sqlite3";
import { StoreError } from "../document-store.port.js";
import { CommitFailed } from "./group-commit.js";
import { checkInline, damagedMessage } from "./integrity-check.js";
import {
  indexDefinition,
  listIndexes,
  retiredIndexes,
  searchIndexes,
  typeIndex,
  type IndexDefinition,
} from "./sqlite-query.js";

/**
 * The embedded store's SQLite file: opening its two connections with their settings, its schema and indexes
 * brought up to date, and SQLite's failures mapped to the port's (a full disk, an I/O error: `unavailable`).
 */

/** The read connection: read-only, on the file the write connection has already opened and set up. */
export function openReader(path: string): Database.Database {
  const reader = new Database(path, { readonly: true, fileMustExist: true, timeout: 1000 });
  // 2 MB like the writer's (see openDatabase): a list reads a few pages of a tenant-first index, which the
  // operating system's file cache serves in microseconds; more cache would only be resident memory.
  reader.pragma("cache_size = -2000");
  return reader;
}

/**
 * Opens the file, checks it (a large file is checked in the background afterwards: `checked` false), and
 * brings the schema up to date. Throws with what to do when it is damaged.
 */
export function openDatabase(path: string, checkUpTo: number): { db: Database.Database; checked: boolean } {
  const db = new Database(path, { timeout: 1000 });
  try {
    if (db.pragma("journal_mode = WAL", { simple: true }) !== "wal")
      throw new Error("WAL mode is not available");
    db.pragma("synchronous = FULL");
    db.pragma("foreign_keys = OFF");
    // SQLite's own page cache, 2 MB (negative = KiB; SQLite's default). Pages it does not hold come from the
    // operating system's file cache in microseconds, and a list reads a few pages of a tenant-first index, so a
    // larger cache buys no speed (bench:store: the store's list query 0.11 ms at p50 with 32 MB and with 8 MB)
    // but is resident memory outside the V8 heap that counts against issue 14's memory target: the start-up
    // integrity check alone fills it (bench:store at 10 k records: RSS after start 189 MB with 32 MB, 164 MB
    // with 8 MB). Under `npm run bench` (55 000 requests) the bot's memory outside the V8 heap was 16.1 MB
    // above the echo bot's with 8 MB caches on both connections and 12.6 MB with 2 MB.
    db.pragma("cache_size = -2000");
    // Each write of a group runs in a SAVEPOINT (group-commit.ts), which copies every page it changes to a
    // sub-journal first, so the write alone can be rolled back. By default that sub-journal becomes a temporary
    // file once it passes 64 KiB, which an opportunity write (a dozen index pages and its entries) does: one
    // pwrite per page, about a sixth of the bot's CPU in the store under `npm run bench`. In memory it is a
    // copy, emptied at every RELEASE. It only ever serves a rollback inside an open transaction; durability
    // is the WAL's (a crash discards an uncommitted transaction whatever the sub-journal held).
    db.pragma("temp_store = MEMORY");
    const checked = checkInline(db, checkUpTo);
    createSchema(db);
    return { db, checked };
  } catch (error) {
    db.close();
    if (error instanceof StoreError) throw error;
    throw new Error(damagedMessage(path, messageOf(error)), { cause: error });
  }
}

function createSchema(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS documents (
      tenant TEXT NOT NULL,
      id TEXT NOT NULL,
      type TEXT NOT NULL,
      version INTEGER NOT NULL,
      body TEXT NOT NULL,
      PRIMARY KEY (tenant, id)
    );
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
    INSERT INTO meta (key, value) VALUES ('version', 0) ON CONFLICT DO NOTHING;
    INSERT INTO meta (key, value) VALUES ('schema', 1) ON CONFLICT DO NOTHING;
  `);
  db.transaction(() => {
    for (const index of [typeIndex, ...listIndexes.map(indexDefinition), ...searchIndexes])
      ensureIndex(db, index);
    for (const name of retiredIndexes) db.exec(`DROP INDEX IF EXISTS ${name}`);
  })();
}

/**
 * Creates an index, or rebuilds it when the file holds an earlier definition under that name (a file written
 * by an older version): a one-time cost at the first start after an upgrade, in proportion to the documents
 * the index covers.
 */
function ensureIndex(db: Database.Database, index: IndexDefinition): void {
  const stored = db
    .prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?")
    .pluck()
    .get(index.name) as string | undefined;
  if (stored === index.sql) return;
  if (stored !== undefined) db.exec(`DROP INDEX ${index.name}`);
  db.exec(index.sql);
}

/** Maps SQLite's failures to the port's (exported for its test: a failed fsync cannot be provoked here). */
export function translate(error: unknown, path: string): unknown {
  if (error instanceof CommitFailed) {
    const mapped = translate(error.cause, path);
    if (!(mapped instanceof StoreError) || !error.outcomeUnknown) return mapped;
    return withCause(
      new StoreError(
        "unavailable",
        `The embedded store's commit failed with an I/O error (${messageOf(error.cause)}): the change was not applied, but may reappear after a restart, so it may or may not have been saved.`,
        { outcomeUnknown: true },
      ),
      error.cause,
    );
  }
  if (error instanceof StoreError || !(error instanceof Database.SqliteError)) return error;
  const code = error.code;
  if (code === "SQLITE_FULL") {
    return withCause(
      new StoreError("unavailable", `The disk holding ${path} is full; the change was not saved.`),
      error,
    );
  }
  if (/^SQLITE_(IOERR|BUSY|LOCKED|CANTOPEN|READONLY|CORRUPT|NOTADB|PROTOCOL|NOMEM)/.test(code)) {
    return withCause(
      new StoreError("unavailable", `The embedded store failed (${code}): ${error.message}`),
      error,
    );
  }
  return error;
}

function withCause(error: StoreError, cause: unknown): StoreError {
  error.cause = cause;
  return error;
}

export function megabytes(path: string): string {
  try {
    return `${(statSync(path).size / 1048576).toFixed(1)} MB`;
  } catch {
    return "size unknown";
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

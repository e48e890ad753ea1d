import { createReadStream, existsSync, renameSync } from "node:fs";
import { join, resolve } from "node:path";
import { crc32 } from "node:zlib";
import type Database from "better-sqlite3";

/**
 * The upgrade from the append-only journal that earlier versions kept in `DATA_DIR/journal.log`: imported
 * once at start-up, then renamed aside to `journal.log.imported`, so a team upgrading loses nothing.
 *
 * The journal's lines are `<crc32 hex> <json>\n` with `{t: tenant, id, e: etag, b: body}` (no `e`/`b` for a
 * delete), replayed in order. Every line's checksum is checked. As the journal itself did, a damaged very
 * last line (a write cut off by a crash, never acknowledged) is left out; damage anywhere else stops
 * start-up, and nothing is imported.
 *
 * Replaying the journal from its start always gives the same result, so the import commits in chunks and a
 * crash part-way simply imports again on the next start; `meta.journal_imported` marks it done before the
 * rename.
 */

interface JournalRecord {
  readonly t: string;
  readonly id: string;
  readonly e?: string;
  readonly b?: { readonly id: string; readonly type: string };
}

const journalName = "journal.log";
const chunkRecords = 10_000;

/** Imports `dir/journal.log` when present; returns how many records it replayed (0 when there was none). */
export async function importJournal(db: Database.Database, dir: string): Promise<number> {
  const path = join(dir, journalName);
  if (!existsSync(path)) return 0;
  const done = db.prepare("SELECT value FROM meta WHERE key = 'journal_imported'").pluck().get();
  if (done !== undefined) {
    renameAside(path);
    return 0;
  }
  const put = db.prepare(
    "INSERT INTO documents (tenant, id, type, version, body) VALUES (?, ?, ?, ?, ?) " +
      "ON CONFLICT (tenant, id) DO UPDATE SET type = excluded.type, version = excluded.version, body = excluded.body",
  );
  const remove = db.prepare("DELETE FROM documents WHERE tenant = ? AND id = ?");
  let records = 0;
  let highestVersion = 0;
  db.exec("BEGIN IMMEDIATE");
  try {
    for await (const record of readJournal(path)) {
      if (record.b && record.e) {
        const version = Number(record.e.replaceAll('"', ""));
        if (!Number.isSafeInteger(version))
          throw new Error(`${path}: record ${records + 1} has etag ${record.e}`);
        highestVersion = Math.max(highestVersion, version);
        put.run(record.t, record.id, record.b.type, version, JSON.stringify(record.b));
      } else {
        remove.run(record.t, record.id);
      }
      if (++records % chunkRecords === 0) db.exec("COMMIT; BEGIN IMMEDIATE");
    }
    db.prepare("UPDATE meta SET value = max(value, ?) WHERE key = 'version'").run(highestVersion);
    db.prepare("INSERT INTO meta (key, value) VALUES ('journal_imported', ?)").run(
      `${records} records on ${new Date().toISOString()}`,
    );
    db.exec("COMMIT");
  } catch (error) {
    if (db.inTransaction) db.exec("ROLLBACK");
    throw error;
  }
  renameAside(path);
  return records;
}

function renameAside(path: string): void {
  const target = existsSync(`${path}.imported`) ? `${path}.imported-${Date.now()}` : `${path}.imported`;
  renameSync(path, target);
}

/** Streams the journal's records, so a journal of any size is read without holding it in memory. */
async function* readJournal(path: string): AsyncGenerator<JournalRecord> {
  let pending: Buffer = Buffer.alloc(0);
  let offset = 0;
  let damagedAt: number | undefined;
  for await (const chunk of createReadStream(path)) {
    pending = pending.length === 0 ? (chunk as Buffer) : Buffer.concat([pending, chunk as Buffer]);
    let start = 0;
    for (let end = pending.indexOf(0x0a); end >= 0; end = pending.indexOf(0x0a, start)) {
      if (damagedAt !== undefined) throw damaged(path, damagedAt);
      const record = parseLine(pending.subarray(start, end).toString("utf8"));
      if (record) yield record;
      else damagedAt = offset;
      offset += end + 1 - start;
      start = end + 1;
    }
    pending = pending.subarray(start);
  }
  // A damaged line followed only by an unterminated tail, or an unterminated tail alone: both are the one
  // write a crash interrupted. Anything after a damaged complete line is damage in the middle.
  if (damagedAt !== undefined && pending.length > 0) throw damaged(path, damagedAt);
}

function damaged(path: string, offset: number): Error {
  return new Error(
    `The journal ${resolve(path)} is damaged at byte ${offset} (not at its end), so it was not imported. ` +
      `Restore journal.log from a backup into the data folder and start again; nothing was changed.`,
  );
}

function parseLine(line: string): JournalRecord | undefined {
  if (line.indexOf(" ") !== 8) return undefined;
  const json = line.slice(9);
  if (crc32(json).toString(16).padStart(8, "0") !== line.slice(0, 8)) return undefined;
  try {
    const record = JSON.parse(json) as JournalRecord;
    return typeof record.t === "string" && typeof record.id === "string" ? record : undefined;
  } catch {
    return undefined;
  }
}

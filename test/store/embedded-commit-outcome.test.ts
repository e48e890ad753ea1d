import Database from "better-sqlite3";
import { afterEach, expect, test } from "vitest";
import { StoreError } from "../../src/store/document-store.port.js";
import { translate } from "../../src/store/embedded/sqlite-database.js";
import { CommitFailed, GroupCommit } from "../../src/store/embedded/group-commit.js";
import { tempDir } from "../support/temp-dir.js";

/**
 * What a failed COMMIT tells the writers of its group. A full disk (tested for real on a tmpfs in
 * embedded-disk-faults.test.ts) leaves no whole commit frame in the WAL: not saved, for good. An I/O error on
 * the WAL write or its fsync may leave one, which WAL recovery replays after a restart: the writes may yet
 * appear, so their outcome is unknown and the user must not be told that nothing was changed.
 *
 * A failing fsync cannot be provoked on this machine (no device-mapper for an erroring disk), so SQLite's own
 * error is raised in place of the COMMIT's, on a real database: the transaction it leaves is SQLite's.
 */

const dirs: { remove(): Promise<void> }[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await dir.remove();
});

async function groupWhoseCommitFails(code: string) {
  const dir = await tempDir("commit-outcome");
  dirs.push(dir);
  const db = new Database(`${dir.path}/t.db`);
  db.pragma("journal_mode = WAL");
  db.exec("CREATE TABLE t (v TEXT)");
  let failNext = true;
  const commits = new GroupCommit(
    db,
    { mark: () => 0, reset: () => undefined, save: () => undefined, settled: () => undefined },
    (sql) => {
      const statement = db.prepare(sql);
      if (sql !== "COMMIT" || !failNext) return statement;
      failNext = false;
      return {
        run: () => {
          throw new Database.SqliteError("disk I/O error", code);
        },
      } as unknown as Database.Statement;
    },
  );
  const insert = (v: string) => commits.run(() => db.prepare("INSERT INTO t (v) VALUES (?)").run(v));
  const rows = () => db.prepare("SELECT v FROM t ORDER BY v").pluck().all();
  return { insert, rows, close: () => db.close() };
}

test("a COMMIT whose fsync failed leaves the outcome unknown: the writers are told it may have been saved", async () => {
  const group = await groupWhoseCommitFails("SQLITE_IOERR_FSYNC");
  const failures = await Promise.all(
    [group.insert("a"), group.insert("b")].map((p) => p.catch((e: unknown) => e)),
  );
  for (const failure of failures) {
    expect(failure).toBeInstanceOf(CommitFailed);
    const told = translate(failure, "/data/pipeline.db");
    expect(told).toBeInstanceOf(StoreError);
    expect(told).toMatchObject({ code: "unavailable", outcomeUnknown: true });
    expect(String((told as Error).message)).toMatch(/may or may not have been saved/);
  }
  // Rolled back here and now; the next write commits as usual.
  expect(group.rows()).toEqual([]);
  await group.insert("c");
  expect(group.rows()).toEqual(["c"]);
  group.close();
});

test("a COMMIT refused for a full disk is 'not saved', as before", async () => {
  const group = await groupWhoseCommitFails("SQLITE_FULL");
  const failure = await group.insert("a").catch((e: unknown) => e);
  const told = translate(failure, "/data/pipeline.db");
  expect(told).toMatchObject({ code: "unavailable", outcomeUnknown: false });
  expect(String((told as Error).message)).toMatch(/is full; the change was not saved/);
  group.close();
});

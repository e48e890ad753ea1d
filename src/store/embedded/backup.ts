import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";

/**
 * An online backup of the embedded store: SQLite's backup API copies a consistent snapshot of
 * `DATA_DIR/pipeline.db` while the bot keeps running (it does not take the bot's DATA_DIR lock), then the
 * copy is checked. The copy is one self-contained database file; restoring it is described in the README.
 */
export async function backupEmbeddedStore(dataDir: string, target: string): Promise<{ pages: number }> {
  const source = join(dataDir, "pipeline.db");
  if (!existsSync(source)) throw new Error(`There is no embedded store at ${resolve(source)} to back up.`);
  if (existsSync(target))
    throw new Error(`${resolve(target)} already exists; name a new file for the backup.`);
  const db = new Database(source, { fileMustExist: true, timeout: 5000 });
  let pages: number;
  try {
    ({ totalPages: pages } = await db.backup(target));
  } finally {
    db.close();
  }
  // The copy inherits WAL mode; switching it back to a rollback journal leaves one self-contained file.
  const copy = new Database(target, { fileMustExist: true });
  try {
    copy.pragma("journal_mode = DELETE");
    const check = copy.pragma("quick_check", { simple: true });
    if (check !== "ok") throw new Error(`The backup ${resolve(target)} failed its check: ${String(check)}`);
  } finally {
    copy.close();
  }
  return { pages };
}

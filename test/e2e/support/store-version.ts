import { join } from "node:path";
import Database from "better-sqlite3";

/**
 * The embedded store's write counter (every committed write raises it), read from the bot's DATA_DIR
 * while the bot runs: equal before and after a step means the step wrote nothing.
 */
export function storeVersion(dataDir: string): number {
  const db = new Database(join(dataDir, "pipeline.db"), { readonly: true, fileMustExist: true });
  try {
    return Number(db.prepare("SELECT value FROM meta WHERE key = 'version'").pluck().get());
  } finally {
    db.close();
  }
}

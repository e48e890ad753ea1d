import { accessSync, constants, statSync, unlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";

/**
 * Start-up checks on DATA_DIR, each failing with a message that names the folder and says what to do, and
 * the lock that keeps a second process off it.
 */

export function assertUsableDataDir(dir: string): void {
  const where = `DATA_DIR ${resolve(dir)}`;
  let isFolder: boolean;
  try {
    isFolder = statSync(dir).isDirectory();
  } catch {
    throw new Error(`${where} does not exist. Create the folder, or set DATA_DIR to one the bot can write.`);
  }
  if (!isFolder) throw new Error(`${where} is not a folder. Set DATA_DIR to a folder the bot can write.`);
  // access() alone says yes to root on a folder without write permission but not on a read-only mount;
  // writing a file is the question that matters.
  const probe = join(dir, `.write-check-${process.pid}`);
  try {
    accessSync(dir, constants.W_OK);
    writeFileSync(probe, "");
    unlinkSync(probe);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new Error(`${where} is not writable (${code}). Give the bot write access, or set DATA_DIR.`);
  }
}

/**
 * An exclusive lock on `DATA_DIR/pipeline.lock`, held until `release` (or the process ends: the operating
 * system drops the lock of a killed process, so a crash never leaves a stale lock behind). The embedded
 * store serves one bot process; a second one on the same folder would hand out the same reference numbers.
 */
export function lockDataDir(dir: string): { release(): void } {
  const path = join(dir, "pipeline.lock");
  const lock = new Database(path, { timeout: 0 });
  try {
    lock.pragma("locking_mode = EXCLUSIVE");
    lock.exec("BEGIN EXCLUSIVE");
  } catch (error) {
    lock.close();
    if ((error as { code?: unknown }).code === "SQLITE_BUSY") {
      throw new Error(
        `Another Pipeline process is already using DATA_DIR ${resolve(dir)}. The embedded store serves one ` +
          `bot process: stop the other one, give this one its own DATA_DIR, or use Cosmos DB to run several.`,
        { cause: error },
      );
    }
    throw error;
  }
  return {
    release: () => {
      if (lock.open) lock.close();
    },
  };
}

import { createRequire } from "node:module";
import { resolve } from "node:path";
import { Worker } from "node:worker_threads";
import type Database from "better-sqlite3";

/**
 * SQLite's `quick_check` reads every page, so its cost grows with the file: about a second per gigabyte
 * here. Up to `inlineLimitBytes` it runs before start-up completes (a damaged file never starts); above that,
 * it runs in a worker thread on its own read-only connection right after start-up, so a large store still
 * starts in well under two seconds and the event loop is never held; damage found then is reported through
 * `onDamage` (the store then refuses work and /healthz says why).
 */
export const inlineLimitBytes = 256 * 1024 * 1024;

export function damagedMessage(path: string, detail: string): string {
  return (
    `The database ${resolve(path)} is damaged (${detail.replace(/\s+/g, " ")}); the bot will not start on it. ` +
    `Restore the last backup: stop the bot, copy the backup file over ${resolve(path)}, delete ` +
    `${resolve(path)}-wal and ${resolve(path)}-shm if present, and start the bot again.`
  );
}

/** Runs quick_check now when the file is small; returns false when it was left to `checkInBackground`. */
export function checkInline(db: Database.Database, upToBytes: number): boolean {
  const bytes =
    Number(db.pragma("page_count", { simple: true })) * Number(db.pragma("page_size", { simple: true }));
  if (bytes > upToBytes) return false;
  const result = db.pragma("quick_check", { simple: true });
  if (result !== "ok") throw new Error(String(result));
  return true;
}

const workerSource = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.module);
let result;
try {
  const db = new Database(workerData.path, { readonly: true, fileMustExist: true });
  try { result = String(db.pragma("quick_check", { simple: true })); } finally { db.close(); }
} catch (error) {
  result = error && error.message ? error.message : String(error);
}
parentPort.postMessage(result);
`;

/** Checks the file in a worker thread; calls `onDamage` with the message when it is not "ok". */
export function checkInBackground(
  path: string,
  onDamage: (message: string) => void,
): { stop(): Promise<void> } {
  const module = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(workerSource, { eval: true, workerData: { path, module } });
  worker.unref();
  worker.on("message", (result: string) => {
    if (result !== "ok") onDamage(damagedMessage(path, result));
  });
  worker.on("error", (error) => onDamage(damagedMessage(path, error.message)));
  return {
    stop: async () => {
      await worker.terminate();
    },
  };
}

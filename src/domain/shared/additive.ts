import { ConcurrencyConflict } from "./ports.js";

/**
 * How often an additive change (a note, an activity, a stakeholder, a line) is re-read and re-applied when
 * its guarded write meets a concurrent writer. Additive changes do not conflict with each other: four
 * people adding notes to one lead at once all succeed. Only edits that do conflict (a stage move, fields
 * from an older card) are refused as "changed meanwhile".
 */
export const additiveAttempts = 10;

/**
 * Runs `attempt` (read, apply, write guarded by the version read) again while it throws ConcurrencyConflict,
 * up to `attempts` times in all; the last conflict is rethrown. Each try re-reads, so nothing is lost.
 */
export async function retryAdditive<T>(
  attempt: (tryNumber: number) => Promise<T>,
  attempts = additiveAttempts,
): Promise<T> {
  for (let tryNumber = 0; ; tryNumber++) {
    try {
      return await attempt(tryNumber);
    } catch (error) {
      if (!(error instanceof ConcurrencyConflict) || tryNumber + 1 >= attempts) throw error;
      await spreadOut(tryNumber);
    }
  }
}

/** Writers that met on one version meet again at once unless they spread out a little (a few ms). */
export const spreadOut = (tryNumber: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * (tryNumber + 1)));

/**
 * Runs work one at a time per key, in arrival order. Additive changes to one record made on this instance
 * queue up instead of racing each other for the same version (every race costs a re-read and a write);
 * the retry above still covers writers on other instances.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}

/**
 * How long a turn waits for the Bot Connector. Only the waiting counts: the time a turn spent in the app and
 * the store before it replied used to count too, and under load a turn queued behind hundreds of others had
 * no time left for a reply it would have delivered at once (its user was told on their next turn instead).
 */

export class DeadlinePassed extends Error {}

/** What is left of a turn's time for the Bot Connector; each wait uses up only the time it waited. */
export class ConnectorBudget {
  constructor(private leftMs: number) {}

  /** The promise's outcome, or DeadlinePassed once what is left (or `capMs`) has passed. */
  async wait<T>(promise: Promise<T>, what: string, capMs = Infinity): Promise<T> {
    const started = Date.now();
    try {
      return await withDeadline(promise, Math.min(capMs, this.leftMs), what);
    } finally {
      this.leftMs -= Date.now() - started;
    }
  }
}

/** The promise's outcome, or a DeadlinePassed rejection after `ms` (the promise itself runs on). */
function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  promise.catch(() => undefined); // a late failure is not an unhandled rejection
  if (ms <= 0) return Promise.reject(new DeadlinePassed(`${what}: no time left`));
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new DeadlinePassed(`${what}: no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

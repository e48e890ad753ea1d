/** Time as the delivery worker sees it: injectable, so tests and the benchmark run in virtual time. */
export interface Timers {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`, or as soon as `signal` aborts (it never rejects). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** setTimeout's longest delay; a longer sleep wakes early, which callers that re-check the time accept. */
const longestTimeoutMs = 2 ** 31 - 1;

/** Real time. Sleeps are unref'd: a pending retry never keeps the process alive on its own. */
export const systemTimers: Timers = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) {
        resolve();
        return;
      }
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, Math.min(longestTimeoutMs, Math.max(0, ms)));
      timer.unref();
      signal?.addEventListener("abort", done, { once: true });
    }),
};

import { StorageUnavailable } from "../domain/shared/ports.js";
import { StoreError } from "./document-store.port.js";

/**
 * How long a background step (the search backfill, the opportunity preparation) waits before it tries a page
 * again that the store refused as unavailable. One rule for both, so a throttled Cosmos DB is waited for alike.
 */
export interface RetryWaitOptions {
  /** Wait after the store failed and named no wait (default 30 s). */
  readonly retryMs?: number;
  /** Bounds of the wait a throttled store asked for (default 1 s to 30 s). */
  readonly throttleWaitMs?: { readonly floor: number; readonly ceiling: number };
}

export const defaultRetryMs = 30_000;
export const defaultThrottleWaitMs = { floor: 1_000, ceiling: 30_000 } as const;

/**
 * The wait before the page is tried again, or undefined when `error` is not the store being unavailable (a bug
 * or a record that cannot be read: the caller's to handle). As the store reports it (StoreError) or as the
 * repositories do (StorageUnavailable, translateStoreErrors). A throttled store's own estimate
 * (`retryAfterMs`, from Cosmos DB's `x-ms-retry-after-ms`) is used when it gave one: at least the floor (the
 * SDK has already waited through its retries, so trying again at once only adds load), at most the ceiling (an
 * estimate is for the busy moment, not a promise of an outage). Otherwise `retryMs`.
 */
export function waitBeforeRetry(error: unknown, options: RetryWaitOptions = {}): number | undefined {
  const unavailable =
    error instanceof StorageUnavailable || (error instanceof StoreError && error.code === "unavailable");
  if (!unavailable) return undefined;
  const asked = error.retryAfterMs;
  if (asked === undefined) return options.retryMs ?? defaultRetryMs;
  const { floor, ceiling } = options.throttleWaitMs ?? defaultThrottleWaitMs;
  return Math.min(Math.max(asked, floor), ceiling);
}

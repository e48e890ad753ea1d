import { expect, test } from "vitest";
import type { Preparation } from "../../src/domain/opportunities/opportunity.repository.port.js";
import { StorageUnavailable } from "../../src/domain/shared/ports.js";
import { silentLogger } from "../../src/log.js";
import { StoreError } from "../../src/store/document-store.port.js";
import { OpportunityBackfill } from "../../src/store/opportunity-backfill.js";

/**
 * The preparation step after the store refused a page: a throttled store's own wait (`retryAfterMs`, from
 * Cosmos DB's `x-ms-retry-after-ms`) within a floor and a ceiling; the fixed `retryMs` when it gave none.
 */

/** The waits of a step whose one tenant's first page fails with `error`, and whose second page finishes. */
async function waitsAfter(error: Error, options: { retryMs?: number } = {}): Promise<number[]> {
  const sleeps: number[] = [];
  let pages = 0;
  const backfill = new OpportunityBackfill({
    tenants: () => Promise.resolve(["tenant-a"]),
    state: (): Promise<Preparation> => Promise.resolve({ ready: false, prepared: 0 }),
    page: () => (pages++ === 0 ? Promise.reject(error) : Promise.resolve({ ready: true })),
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    log: silentLogger,
    ...options,
  });
  await backfill.start();
  await backfill.idle();
  expect(pages).toBe(2);
  return sleeps;
}

const throttled = (retryAfterMs: number) =>
  new StoreError("unavailable", "Cosmos batch was throttled (HTTP 429).", { retryAfterMs });

test("a throttled page is tried again after the wait the store asked for", async () => {
  expect(await waitsAfter(throttled(2_500))).toEqual([2_500]);
  // As the repositories report it (translateStoreErrors), the same.
  const translated = new StorageUnavailable("throttled", { retryAfterMs: 4_000 });
  expect(await waitsAfter(translated)).toEqual([4_000]);
});

test("the store's wait is held between a floor of 1 s and a ceiling of 30 s", async () => {
  expect(await waitsAfter(throttled(0))).toEqual([1_000]);
  expect(await waitsAfter(throttled(40))).toEqual([1_000]);
  expect(await waitsAfter(throttled(600_000))).toEqual([30_000]);
});

test("an unavailable store that named no wait is waited for retryMs, 30 s by default", async () => {
  expect(await waitsAfter(new StoreError("unavailable", "connection refused"))).toEqual([30_000]);
  expect(await waitsAfter(new StorageUnavailable("down"), { retryMs: 5_000 })).toEqual([5_000]);
});

import { describe, expect, test } from "vitest";
import { StorageUnavailable } from "../../src/domain/shared/ports.js";
import { leasePartition, StoreSenderLeaseStore } from "../../src/store/sender-lease.repository.js";
import { bothStores } from "../support/both-stores.js";

/**
 * The sender lease on the real stores: created once, every change guarded by the version read, kept in a
 * partition of its own. (The election itself is tested in virtual time in test/notify/sender-election.test.ts,
 * and across real processes in test/e2e/failover.test.ts.)
 */
describe.each(bothStores("sender-lease"))("the sender lease on the %s store", (_name, open) => {
  test("is created once, and only the holder of the version it read can change it", async () => {
    const { store, done } = await open();
    try {
      const a = new StoreSenderLeaseStore(store);
      const b = new StoreSenderLeaseStore(store);
      expect(await a.read()).toBeUndefined();

      const first = { holder: "a", term: 1, renewedAt: "2026-11-23T10:00:00.000Z" };
      const created = await a.create(first);
      expect(created).toEqual({ version: expect.any(String) });
      expect(await b.create({ ...first, holder: "b" })).toBeUndefined();

      const seenByB = await b.read();
      expect(seenByB?.value).toEqual(first);
      const renewed = await a.replace({ ...first, renewedAt: "2026-11-23T10:00:05.000Z" }, created!.version);
      expect(renewed).toEqual({ version: expect.any(String) });
      // b's takeover with the version it read before the renewal is refused.
      expect(await b.replace({ holder: "b", term: 2, renewedAt: "x" }, seenByB!.version)).toBeUndefined();
      const latest = await b.read();
      const taken = await b.replace({ holder: "b", term: 2, renewedAt: "x" }, latest!.version);
      expect(taken).toEqual({ version: expect.any(String) });
      // a's next renewal finds it taken.
      expect(await a.replace(first, renewed!.version)).toBeUndefined();
      expect((await a.read())?.value).toEqual({ holder: "b", term: 2, renewedAt: "x" });
      // It lives apart from every tenant's documents.
      expect((await store.read(leasePartition, "sender-lease"))?.body).toMatchObject({
        type: "sender-lease",
      });
    } finally {
      await done();
    }
  });

  test("a store that fails says so (the election then lets the lease run out)", async () => {
    const { store, done } = await open();
    await done();
    await expect(new StoreSenderLeaseStore(store).read()).rejects.toThrow(StorageUnavailable);
  });
});

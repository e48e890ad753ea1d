import { describe, expect, it } from "vitest";
import { BoundedMap } from "../../src/domain/shared/bounded-map.js";
import { setupCacheTenants, TenantSetupService } from "../../src/domain/setup/tenant-setup.service.js";
import { StoreTenantSetupRepository } from "../../src/store/tenant-setup.repository.js";
import { fixedClock } from "../fakes/fixed-clock.js";
import { InMemoryDocumentStore } from "../fakes/in-memory-document-store.js";

describe("BoundedMap", () => {
  it("keeps at most its bound, forgetting the least recently used entry first", () => {
    const map = new BoundedMap<string, number>(3);
    map.set("a", 1).set("b", 2).set("c", 3);
    expect(map.get("a")).toBe(1); // a is now the most recently used; b the least
    map.set("d", 4);
    expect(map.size).toBe(3);
    expect(map.has("b")).toBe(false);
    expect([...map.keys()]).toEqual(["c", "a", "d"]);
  });

  it("replacing a value counts as a use and does not grow the map", () => {
    const map = new BoundedMap<string, number>(2);
    map.set("a", 1).set("b", 2).set("a", 10).set("c", 3);
    expect([...map.keys()]).toEqual(["a", "c"]);
    expect(map.get("a")).toBe(10);
  });

  it("refuses a bound that would keep nothing", () => {
    expect(() => new BoundedMap(0)).toThrow(RangeError);
  });
});

describe("the tenant setup cache", () => {
  it(`keeps the setups of at most ${setupCacheTenants} tenants: the oldest is read from the store again`, async () => {
    const store = new InMemoryDocumentStore();
    const setup = new TenantSetupService({
      setups: new StoreTenantSetupRepository(store),
      clock: fixedClock("2026-12-06T09:00:00.000Z"),
    });
    const tenantIds = Array.from({ length: setupCacheTenants + 1 }, (_, i) => `tenant-${i}`);
    for (const tenantId of tenantIds) await setup.load(tenantId);

    let reads = store.reads;
    await setup.load(tenantIds.at(-1) ?? "");
    expect(store.reads - reads).toBe(0); // still kept

    reads = store.reads;
    const first = await setup.load(tenantIds[0] ?? "");
    expect(first.tenantId).toBe("tenant-0");
    expect(store.reads - reads).toBe(1); // forgotten to stay within the bound, so read again
  });
});

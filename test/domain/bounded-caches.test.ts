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

  it("a hit on the most recently used entry keeps the order exact, also after it was deleted or replaced", () => {
    const map = new BoundedMap<string, number>(3);
    map.set("a", 1).set("b", 2).set("c", 3);
    expect(map.get("c")).toBe(3); // already the newest: stays last
    expect(map.get("c")).toBe(3);
    expect([...map.keys()]).toEqual(["a", "b", "c"]);
    expect(map.get("a")).toBe(1); // moved to the end; now the newest
    expect(map.get("a")).toBe(1);
    expect([...map.keys()]).toEqual(["b", "c", "a"]);
    map.delete("a"); // the newest gone: the next hit on another entry must move it
    expect(map.get("b")).toBe(2);
    expect([...map.keys()]).toEqual(["c", "b"]);
    map.set("c", 30); // a replaced value is the newest
    map.set("d", 4).set("e", 5); // b is the least recently used
    expect([...map.keys()]).toEqual(["c", "d", "e"]);
    expect(map.get("c")).toBe(30);
    map.set("f", 6); // d is now the least recently used
    expect([...map.keys()]).toEqual(["e", "c", "f"]);
    map.clear();
    map.set("g", 7).set("h", 8);
    expect(map.get("g")).toBe(7);
    expect([...map.keys()]).toEqual(["h", "g"]);
    expect(map.get("missing")).toBeUndefined();
    expect(map.size).toBe(2);
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

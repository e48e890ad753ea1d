import { describe, expect, test } from "vitest";
import type { DocumentStore, SearchQuery } from "../../src/store/document-store.port.js";

/**
 * DocumentStore.search as a contract every adapter keeps (run from document-store.contract.ts): which
 * documents match (types, every word contained in `search`, `changedBy`, `oneOf`), the order (newest
 * `searchAt` first), paging with skip and count, tenant isolation, and malformed queries refused as bugs.
 */
export function searchContract(store: () => DocumentStore): void {
  describe("search", () => {
    const T = "tenant-search";
    const other = "tenant-search-other";
    const doc = (id: string, type: string, search: string, at: string, by = "u1", extra = {}) => ({
      id,
      type,
      search,
      searchAt: `2026-11-${at}T09:00:00.000Z`,
      searchBy: by,
      ...extra,
    });
    const seed = async () => {
      const s = store();
      await s.create(T, doc("lead:L-1", "lead", "l-1 | website redesign | contoso ltd", "01"));
      await s.create(
        T,
        doc("opportunity:O-1", "opportunity", "o-1 | server upgrade | contoso ltd", "03", "u2", {
          partner_P1: "accepted",
        }),
      );
      await s.create(
        T,
        doc("opportunity:O-2", "opportunity", "o-2 | cloud | fabrikam", "02", "u1", {
          partner_P1: "declined",
        }),
      );
      await s.create(T, doc("account:A-1", "account", "a-1 | contoso ltd | contoso.com", "04"));
      await s.create(T, { id: "lead:L-old", type: "lead", topic: "contoso without search fields" });
      await s.create(other, doc("lead:L-1", "lead", "l-1 | contoso elsewhere", "05"));
    };
    const ids = async (query: Partial<SearchQuery>, tenant = T) =>
      (
        await store().search(tenant, {
          types: ["lead", "opportunity", "account"],
          words: [],
          skip: 0,
          count: 25,
          ...query,
        })
      ).map((d) => d.body.id);

    test("finds the documents of the given types whose search text contains every word, newest first", async () => {
      await seed();
      expect(await ids({ words: ["contoso"] })).toEqual(["account:A-1", "opportunity:O-1", "lead:L-1"]);
      expect(await ids({ words: ["contoso", "upgrade"] })).toEqual(["opportunity:O-1"]);
      expect(await ids({ words: ["contoso"], types: ["lead"] })).toEqual(["lead:L-1"]);
      expect(await ids({ words: ["%"] })).toEqual([]);
      expect(await ids({ words: [] })).toEqual([
        "account:A-1",
        "opportunity:O-1",
        "opportunity:O-2",
        "lead:L-1",
      ]);
    });

    test("filters on who changed it last and on one field's values", async () => {
      await seed();
      expect(await ids({ changedBy: "u2" })).toEqual(["opportunity:O-1"]);
      expect(await ids({ oneOf: { field: "partner_P1", values: ["accepted", "delivered"] } })).toEqual([
        "opportunity:O-1",
      ]);
    });

    test("pages with skip and count", async () => {
      await seed();
      expect(await ids({ skip: 1, count: 2 })).toEqual(["opportunity:O-1", "opportunity:O-2"]);
      expect(await ids({ skip: 4, count: 2 })).toEqual([]);
    });

    test("never finds another tenant's documents", async () => {
      await seed();
      expect(await ids({ words: ["elsewhere"] })).toEqual([]);
      expect(await ids({ words: ["contoso"] }, other)).toEqual(["lead:L-1"]);
    });

    test("a malformed query is refused as a bug", async () => {
      for (const bad of [
        { types: [] },
        { skip: -1 },
        { count: 0 },
        { count: 51 },
        { words: [""] },
        { oneOf: { field: "a b", values: ["x"] } },
        { oneOf: { field: "a", values: [] } },
      ]) {
        await expect(ids(bad as Partial<SearchQuery>), JSON.stringify(bad)).rejects.toThrow(Error);
      }
    });
  });
}

import { describe, expect, test } from "vitest";
import {
  StoreError,
  type BatchOperation,
  type DocumentStore,
  type IncrementOperation,
} from "../../src/store/document-store.port.js";

/**
 * The batch operation `increment` as a contract every adapter keeps (run from document-store.contract.ts):
 * a missing document is created, a missing field counts as 0 and missing objects are created, any property
 * name is addressed as itself, concurrent increments are never refused and never lost, a batch that fails
 * takes its increments back, and what no store may do is refused as a bug.
 */
export function incrementContract(store: () => DocumentStore, atomicBatch: () => boolean): void {
  describe("increment", () => {
    const T = "tenant-increment";
    const totals = { id: "totals-1", type: "totals", owner: "ann", rows: {} };
    const increment = (add: IncrementOperation["add"]): IncrementOperation => ({
      op: "increment",
      create: totals,
      add,
    });

    test("creates a missing document with the additions, then adds to it without a version", async () => {
      const s = store();
      const results = await s.batch(T, [increment([{ path: ["rows", "FY|qualify|EUR", "count"], by: 1 }])]);
      expect(results).toStrictEqual([undefined]);
      const first = await s.read(T, "totals-1");
      expect(first?.body).toStrictEqual({ ...totals, rows: { "FY|qualify|EUR": { count: 1 } } });

      await s.batch(T, [
        increment([
          { path: ["rows", "FY|qualify|EUR", "count"], by: -1 },
          { path: ["rows", "FY|develop|EUR", "count"], by: 1 },
          { path: ["rows", "FY|develop|EUR", "cents"], by: 250_075 },
          { path: ["level"], by: 0.5 },
        ]),
      ]);
      const second = await s.read(T, "totals-1");
      expect(second?.body).toStrictEqual({
        ...totals,
        rows: { "FY|qualify|EUR": { count: 0 }, "FY|develop|EUR": { count: 1, cents: 250_075 } },
        level: 0.5,
      });
      expect(second?.etag).not.toBe(first?.etag);
    });

    test("property names with dots, quotes, slashes, tildes, brackets and accents are names, not paths", async () => {
      const s = store();
      const names = ["a.b", 'say "hi"', "back\\slash", "x/y~z", "[0]", "$", "væ|ü|€", " "];
      await s.batch(T, [increment(names.map((name, i) => ({ path: ["rows", name, "n"], by: i + 1 })))]);
      await s.batch(T, [increment(names.map((name) => ({ path: ["rows", name, "n"], by: 10 })))]);
      const stored = await s.read(T, "totals-1");
      expect(stored?.body["rows"]).toStrictEqual(
        Object.fromEntries(names.map((name, i) => [name, { n: i + 11 }])),
      );
    });

    test("twenty concurrent batches adding to one document: none refused, none lost", async () => {
      const s = store();
      // On a peer whose batch is not atomic (the local Cosmos server) a refused batch keeps what it did
      // before the refusal, so there each batch holds the increment alone.
      const batches = Array.from({ length: 20 }, (_, i): BatchOperation[] => [
        ...(atomicBatch() ? [{ op: "create" as const, body: { id: `entry-${i}`, type: "entry" } }] : []),
        increment([
          { path: ["rows", "k", "count"], by: 1 },
          { path: ["rows", "k", "cents"], by: 100 },
        ]),
      ]);
      const outcomes = await Promise.allSettled(batches.map((operations) => s.batch(T, operations)));
      expect(outcomes.filter((o) => o.status === "rejected")).toStrictEqual([]);
      const stored = await s.read(T, "totals-1");
      expect(stored?.body["rows"]).toStrictEqual({ k: { count: 20, cents: 2000 } });
    });

    test("a batch refused by another operation's guard applies none of its increments", async ({ skip }) => {
      if (!atomicBatch()) return skip("this peer does not apply batches atomically");
      const s = store();
      await s.batch(T, [increment([{ path: ["n"], by: 1 }])]);
      const record = await s.create(T, { id: "record", type: "record", v: 1 });
      await s.replace(T, { id: "record", type: "record", v: 2 }, record.etag);
      const before = await s.read(T, "totals-1");

      const stale = {
        op: "replace" as const,
        body: { id: "record", type: "record", v: 3 },
        ifMatch: record.etag,
      };
      await expect(s.batch(T, [stale, increment([{ path: ["n"], by: 1 }])])).rejects.toHaveProperty(
        "code",
        "conflict",
      );
      await expect(s.batch(T, [increment([{ path: ["n"], by: 1 }]), stale])).rejects.toHaveProperty(
        "code",
        "conflict",
      );
      const missing = {
        op: "increment" as const,
        create: { id: "totals-2", type: "totals" },
        add: [{ path: ["n"], by: 1 }],
      };
      await expect(s.batch(T, [missing, stale])).rejects.toBeInstanceOf(StoreError);

      expect(await s.read(T, "totals-1")).toStrictEqual(before);
      expect(await s.read(T, "totals-2")).toBeUndefined();
    });

    test("a field that is not a number, or a document of another type, refuses the batch and changes nothing", async () => {
      const s = store();
      const text = await s.create(T, {
        id: "totals-1",
        type: "totals",
        rows: { k: { count: "one" } },
        flat: 3,
      });
      await expect(s.batch(T, [increment([{ path: ["rows", "k", "count"], by: 1 }])])).rejects.toBeInstanceOf(
        TypeError,
      );
      await expect(s.batch(T, [increment([{ path: ["flat", "k"], by: 1 }])])).rejects.toBeInstanceOf(
        TypeError,
      );
      expect(await s.read(T, "totals-1")).toStrictEqual(text);

      const other = await s.create(T, { id: "lead-1", type: "lead", n: 1 });
      const wrongType = {
        op: "increment" as const,
        create: { id: "lead-1", type: "totals" },
        add: [{ path: ["n"], by: 1 }],
      };
      await expect(s.batch(T, [wrongType])).rejects.toHaveProperty("code", "conflict");
      expect(await s.read(T, "lead-1")).toStrictEqual(other);
    });

    test("no additions, a path named twice, an id or type path, or an amount that is not finite are bugs", async () => {
      const s = store();
      const refused = async (add: IncrementOperation["add"]) => {
        const outcome = s.batch(T, [increment(add)]);
        await expect(outcome).rejects.toThrow();
        await expect(outcome).rejects.not.toBeInstanceOf(StoreError);
      };
      await refused([]);
      await refused([
        { path: ["n"], by: 1 },
        { path: ["n"], by: 2 },
      ]);
      await refused([{ path: ["id"], by: 1 }]);
      await refused([{ path: ["type"], by: 1 }]);
      await refused([{ path: [], by: 1 }]);
      await refused([{ path: ["n"], by: Number.NaN }]);
      await refused([{ path: ["n"], by: Number.POSITIVE_INFINITY }]);
      expect(await s.read(T, "totals-1")).toBeUndefined();
    });

    test("stays in its tenant", async () => {
      const s = store();
      await s.batch(T, [increment([{ path: ["n"], by: 1 }])]);
      await s.batch("tenant-increment-other", [increment([{ path: ["n"], by: 5 }])]);
      expect((await s.read(T, "totals-1"))?.body["n"]).toBe(1);
      expect((await s.read("tenant-increment-other", "totals-1"))?.body["n"]).toBe(5);
    });
  });
}

import { describe, expect, test } from "vitest";
import {
  StoreError,
  type DocumentBody,
  type DocumentQuery,
  type DocumentStore,
} from "../../src/store/document-store.port.js";

/**
 * A query's `fields` (a projection) as a contract every adapter keeps (run from document-store.contract.ts):
 * the body holds `id`, `type` and the named fields the document has, exactly as stored (objects, arrays, null,
 * numbers, text with quotes and accents); a field the document lacks is left out, never null; the matches,
 * their order, the pages and the ETags are those of the same query without `fields`; other tenants stay out;
 * a malformed list is refused as a bug.
 */
export function fieldsContract(store: () => DocumentStore): void {
  describe("query fields", () => {
    const T = "tenant-fields";
    const other = "tenant-fields-other";
    const deal = (n: number, extra: Record<string, unknown> = {}): DocumentBody => ({
      id: `deal-${String(n).padStart(2, "0")}`,
      type: "deal",
      ref: `O-${1000 + n}`,
      title: `Deal ${n} "quoted" — Ærø`,
      value: n * 1000.5,
      open: n % 2 === 0,
      owner: { id: `u${n % 3}`, name: `Rep ${n % 3}` },
      lines: [{ product: "p", quantity: n }],
      updatedAt: `2026-01-${String(n).padStart(2, "0")}T10:00:00.000Z`,
      history: Array.from({ length: 5 }, (_, i) => ({ at: `2026-01-0${i + 1}`, note: "x".repeat(200) })),
      ...extra,
    });
    const fields = ["ref", "title", "value", "open", "owner", "lines", "stageId", "missing"] as const;
    const pick = (body: DocumentBody): DocumentBody => {
      const kept: Record<string, unknown> = { id: body.id, type: body.type };
      for (const f of fields) if (f in body) kept[f] = body[f];
      return kept as DocumentBody;
    };
    const seed = async (s: DocumentStore) => {
      const bodies = [
        ...Array.from({ length: 7 }, (_, i) => deal(i + 1, { stageId: `s${i % 2}` })),
        // An older document: without `stageId`; another whose stage is explicitly null.
        deal(8),
        deal(9, { stageId: null }),
      ];
      const stored = new Map<string, string>();
      for (const body of bodies) stored.set(body.id, (await s.create(T, body)).etag);
      await s.create(other, deal(10));
      await s.create(T, { id: "lead-1", type: "lead", ref: "L-1", updatedAt: "2026-01-30" });
      return { bodies, stored };
    };
    const walk = async (s: DocumentStore, query: DocumentQuery) => {
      const items = [];
      let continuation: string | undefined;
      do {
        const page = await s.query(T, { ...query, ...(continuation ? { continuation } : {}) });
        items.push(...page.items);
        continuation = page.continuation;
      } while (continuation);
      return items;
    };

    test("gives id, type and the named fields as stored; a missing field is left out, a null kept", async () => {
      const s = store();
      const { bodies, stored } = await seed(s);
      const page = await s.query(T, { type: "deal", fields, limit: 100 });
      expect(page.items.map((i) => i.body)).toStrictEqual(bodies.map(pick));
      expect(page.items.map((i) => i.etag)).toStrictEqual(bodies.map((b) => stored.get(b.id)));
      const [older] = page.items.filter((i) => i.body.id === "deal-08");
      expect(older?.body).not.toHaveProperty("stageId");
      expect(older?.body).not.toHaveProperty("missing");
      expect(older?.body).not.toHaveProperty("history");
      expect(page.items.find((i) => i.body.id === "deal-09")?.body).toHaveProperty("stageId", null);
    });

    test("the same matches, order and pages as without fields, filtered and in either direction", async () => {
      const s = store();
      await seed(s);
      for (const direction of ["asc", "desc"] as const) {
        const query: DocumentQuery = {
          type: "deal",
          where: { open: false },
          orderBy: { field: "updatedAt", direction },
          limit: 2,
        };
        const whole = await walk(s, query);
        const projected = await walk(s, { ...query, fields: ["title"] });
        expect(whole.length).toBe(5);
        expect(projected.map((i) => i.body)).toStrictEqual(
          whole.map((i) => ({ id: i.body.id, type: i.body.type, title: i.body.title })),
        );
        expect(projected.map((i) => i.etag)).toStrictEqual(whole.map((i) => i.etag));
      }
    });

    test("names that are keywords of a query language, and id and type named too", async () => {
      const s = store();
      await s.create(T, { id: "k-1", type: "kw", value: 1, order: "a", select: [1], from: { to: 2 } });
      const page = await s.query(T, {
        type: "kw",
        fields: ["id", "type", "value", "order", "select", "from"],
        limit: 5,
      });
      expect(page.items.map((i) => i.body)).toStrictEqual([
        { id: "k-1", type: "kw", value: 1, order: "a", select: [1], from: { to: 2 } },
      ]);
    });

    test("a malformed list of fields is refused as a bug, not a StoreError", async () => {
      const s = store();
      await seed(s);
      const bad: unknown[] = [[], ["ref", "ref"], ["a.b"], ["tenantId"], ["_etag"], ["x'y"], [1], "ref"];
      for (const f of bad) {
        const outcome = (async () => s.query(T, { type: "deal", fields: f as string[], limit: 5 }))();
        await expect(outcome).rejects.toThrow();
        await expect(outcome).rejects.not.toBeInstanceOf(StoreError);
      }
      const tooMany = Array.from({ length: 33 }, (_, i) => `f${i}`);
      await expect((async () => s.query(T, { type: "deal", fields: tooMany, limit: 5 }))()).rejects.toThrow(
        RangeError,
      );
    });
  });
}

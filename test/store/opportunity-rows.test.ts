import { describe, expect, test } from "vitest";
import {
  newOpportunity,
  opportunityRowFields,
  type Opportunity,
} from "../../src/domain/opportunities/opportunity.js";
import type { OpportunityListFilter } from "../../src/domain/opportunities/opportunity.repository.port.js";
import { defaultSetup } from "../../src/domain/setup/tenant-setup.js";
import { StoreOpportunityRepository, toOpportunityDocument } from "../../src/store/opportunity.repository.js";
import { ReferenceAllocator } from "../../src/store/reference-allocator.js";
import { bothStores } from "../support/both-stores.js";

/**
 * Lists read rows (listRows: a few fields of each document), not whole records (list). On both stores the rows
 * are the records' row fields, for every filter, in the same order, with the same cursors; documents of older
 * shapes (entries inside, no counts, no attention date, no stage) list as they are.
 */
const stores = bothStores("rows");
const tenant = "t-rows";
const actor = { tenantId: tenant, userId: "u-ann", name: "Ann", role: "rep" as const };
const bo = { id: "u-bo", name: "Bo" };
const cycle = defaultSetup(tenant).cycles[0]!;
const at = (n: number) => new Date(Date.UTC(2026, 10, 1 + n, 9)).toISOString();

function opportunity(n: number, change: Partial<Opportunity> = {}): Opportunity {
  const o = newOpportunity(
    {
      title: `Deal ${n} "Ærø" — ${"x".repeat(n)}`,
      party: { kind: "account", ref: "A-1001", name: "Contoso" },
      currency: n % 2 ? "EUR" : "DKK",
      estimatedValue: 1000 * n + 0.5,
      lines: [{ product: "Fleet", quantity: n, unitPrice: 10 }],
    },
    `O-${1000 + n}`,
    cycle,
    actor,
    new Date(at(n)),
  );
  return {
    ...o,
    updatedAt: at(n),
    history: Array.from({ length: 4 }, (_, i) => ({ action: "update" as const, by: bo, at: at(i) })),
    timeline: [{ kind: "note" as const, text: "n".repeat(500), by: bo, at: at(n) }],
    ...change,
  };
}

const partnerEntry = (status: "delivered" | "accepted") => ({
  partner: "P-1001",
  name: "Reseller",
  status,
  at: at(3),
  by: bo,
});

const records: Opportunity[] = [
  opportunity(1),
  opportunity(2, { owner: bo, stageId: "develop" }),
  opportunity(3, { status: "won", closeCode: "WON-PRICE", closedOn: "2026-11-04" }),
  opportunity(4, { distribution: { collaboration: true, partners: [partnerEntry("accepted")] } }),
  opportunity(5, { distribution: { collaboration: false, partners: [partnerEntry("delivered")] } }),
  opportunity(6, {
    origin: { partner: "P-1001", name: "Reseller" },
    approval: "approved",
    deal: { status: "requested", requestedBy: bo, requestedAt: at(6) },
  }),
  opportunity(7, { origin: { partner: "P-1001", name: "Reseller" }, approval: "pending" }),
];

const filters: OpportunityListFilter[] = [
  {},
  { status: "open" },
  { status: "open", ownerId: "u-ann" },
  { status: "closed" },
  { stageId: "develop" },
  { partner: { ref: "P-1001", access: "accepted" } },
  { partner: { ref: "P-1001", access: "delivered" } },
  { partner: { ref: "P-1001", access: "origin" } },
  { awaiting: "approval" },
  { awaiting: "deal" },
];

const rowOf = (o: Opportunity) =>
  Object.fromEntries(opportunityRowFields.filter((f) => o[f] !== undefined).map((f) => [f, o[f]]));

describe.each(stores)("opportunity rows on the %s store", (_name, open) => {
  test("rows are the records' row fields, for every filter, in the same order, with the same cursors", async () => {
    const { store, done } = await open();
    try {
      const repo = new StoreOpportunityRepository(store, new ReferenceAllocator(store));
      for (const o of records) await repo.create(o);
      for (const filter of filters) {
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = { limit: 2, ...(cursor ? { cursor } : {}) };
          const [whole, rows] = await Promise.all([
            repo.list(tenant, filter, page),
            repo.listRows(tenant, filter, page),
          ]);
          expect(rows.items.map((i) => i.value)).toStrictEqual(whole.items.map((i) => rowOf(i.value)));
          expect(rows.items.map((i) => i.version)).toStrictEqual(whole.items.map((i) => i.version));
          expect(rows.cursor === undefined).toBe(whole.cursor === undefined);
          cursor = rows.cursor;
          pages++;
        } while (cursor);
        expect(pages).toBeGreaterThan(0);
      }
      const open = await repo.listRows(tenant, { status: "open" }, { limit: 10 });
      expect(open.items.map((i) => i.value.ref)).toEqual([
        "O-1007",
        "O-1006",
        "O-1005",
        "O-1004",
        "O-1002",
        "O-1001",
      ]);
      expect(open.items[0]?.value).not.toHaveProperty("lines");
      expect(open.items[0]?.value).not.toHaveProperty("timeline");
    } finally {
      await done();
    }
  });

  test("documents of older shapes list as they are: entries inside and no counts, no stage, no flags", async () => {
    const { store, done } = await open();
    try {
      const repo = new StoreOpportunityRepository(store, new ReferenceAllocator(store));
      // The old shape: every entry inside the document, no counts, not counted, no attention date.
      const old = toOpportunityDocument(opportunity(1));
      expect(old).not.toHaveProperty("historyCount");
      expect(old).not.toHaveProperty("attentionDate");
      await store.create(tenant, old);
      // An old closed one stored before stages were kept on closed opportunities.
      const { stageId: _s, ...closed } = toOpportunityDocument(opportunity(2, { status: "lost" }));
      await store.create(tenant, closed);

      const rows = await repo.listRows(tenant, {}, { limit: 10 });

      expect(rows.items.map((i) => i.value)).toStrictEqual([
        rowOf({ ...opportunity(2, { status: "lost" }), stageId: undefined }),
        rowOf(opportunity(1)),
      ]);
      expect(rows.items[0]?.value).not.toHaveProperty("stageId");
      // Listing did not migrate it (rows need no entries); the first read of the record does.
      expect((await store.read(tenant, "opportunity:O-1001"))?.body).not.toHaveProperty("historyCount");
    } finally {
      await done();
    }
  });
});

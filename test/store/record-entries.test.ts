import { describe, expect, test } from "vitest";
import { newLead } from "../../src/domain/leads/lead.js";
import { newOpportunity, type Opportunity } from "../../src/domain/opportunities/opportunity.js";
import { defaultSetup } from "../../src/domain/setup/tenant-setup.js";
import { StoreLeadRepository, toLeadDocument } from "../../src/store/lead.repository.js";
import { StoreOpportunityRepository, toOpportunityDocument } from "../../src/store/opportunity.repository.js";
import { ReferenceAllocator } from "../../src/store/reference-allocator.js";
import type { DocumentStore } from "../../src/store/document-store.port.js";
import { bothStores } from "../support/both-stores.js";

/**
 * History rows and notes are documents of their own; a record stored in the old shape (all of them inside)
 * is migrated the first time it is read.
 */
const stores = bothStores("entries");
const tenant = "t-entries";
const actor = { tenantId: tenant, userId: "u-ann", name: "Ann", role: "rep" as const };
const at = (n: number) => new Date(Date.UTC(2026, 10, 23, 9, 0, n)).toISOString();
const cycle = defaultSetup(tenant).cycles[0]!;

function opportunityWithRows(rows: number, notes: number): Opportunity {
  const o = newOpportunity(
    { title: "Fleet", party: { kind: "account", ref: "A-1001", name: "Contoso" }, currency: "EUR" },
    "O-1001",
    cycle,
    actor,
    new Date(at(0)),
  );
  return {
    ...o,
    history: Array.from({ length: rows }, (_, i) => ({
      action: "update" as const,
      by: { id: "u-ann", name: "Ann" },
      at: at(i),
      note: `row ${i + 1}`,
    })),
    timeline: Array.from({ length: notes }, (_, i) => ({
      kind: "note" as const,
      text: `note ${i + 1}`,
      by: { id: "u-ann", name: "Ann" },
      at: at(i),
    })),
  };
}

async function entriesOf(store: DocumentStore, record: string, kind: string): Promise<number> {
  let count = 0;
  let continuation: string | undefined;
  do {
    const page = await store.query(tenant, {
      type: "entry",
      where: { record, kind },
      limit: 1000,
      ...(continuation ? { continuation } : {}),
    });
    count += page.items.length;
    continuation = page.continuation;
  } while (continuation);
  return count;
}

describe.each(stores)("record entries on the %s store", (_name, open) => {
  test("an opportunity stored in the old shape is migrated when first read: rows become documents, the record keeps the latest", async () => {
    const { store, done } = await open();
    try {
      const repo = new StoreOpportunityRepository(store, new ReferenceAllocator(store));
      // The old shape: 230 history rows and 7 notes inside the document, no counts.
      const old = toOpportunityDocument(opportunityWithRows(230, 7));
      expect(old).not.toHaveProperty("historyCount");
      await store.create(tenant, old);

      const read = await repo.get(tenant, "O-1001");

      expect(read?.value.historyCount).toBe(230);
      expect(read?.value.timelineCount).toBe(7);
      expect(read?.value.history.map((h) => h.note)).toEqual([
        "row 226",
        "row 227",
        "row 228",
        "row 229",
        "row 230",
      ]);
      expect(read?.value.timeline.map((e) => e.text)).toEqual([
        "note 3",
        "note 4",
        "note 5",
        "note 6",
        "note 7",
      ]);
      expect(await entriesOf(store, "opportunity:O-1001", "history")).toBe(230);
      expect(await entriesOf(store, "opportunity:O-1001", "timeline")).toBe(7);
      const page = await repo.history(tenant, "O-1001", { limit: 3 });
      expect(page.items.map((h) => h.note)).toEqual(["row 230", "row 229", "row 228"]);
      const next = await repo.history(tenant, "O-1001", { limit: 3, cursor: page.cursor });
      expect(next.items.map((h) => h.note)).toEqual(["row 227", "row 226", "row 225"]);

      // A second read finds the new shape and writes nothing.
      const again = await repo.get(tenant, "O-1001");
      expect(again).toEqual(read);

      // A change after the migration appends row 231 as a document, next to the record.
      if (!read) throw new Error("missing");
      const changed = {
        ...read.value,
        history: [
          ...read.value.history,
          { action: "update" as const, by: { id: "u-ann", name: "Ann" }, at: at(500), note: "row 231" },
        ],
      };
      const saved = await repo.update(changed, read.version, read.value);
      expect(saved.value.historyCount).toBe(231);
      expect(saved.value.history.at(-1)?.note).toBe("row 231");
      expect(saved.value.history).toHaveLength(5);
      expect(await entriesOf(store, "opportunity:O-1001", "history")).toBe(231);

      // Deleting the record deletes its entries too.
      await repo.delete(tenant, "O-1001", saved.version);
      expect(await entriesOf(store, "opportunity:O-1001", "history")).toBe(0);
      expect(await entriesOf(store, "opportunity:O-1001", "timeline")).toBe(0);
    } finally {
      await done();
    }
  });

  test("a lead stored in the old shape lists as it is, is migrated when first read, and its notes are read back newest last", async () => {
    const { store, done } = await open();
    try {
      const repo = new StoreLeadRepository(store, new ReferenceAllocator(store));
      const lead = {
        ...newLead({ topic: "Fleet", lastName: "Berg" }, "L-1001", actor, new Date(at(0))),
        timeline: Array.from({ length: 12 }, (_, i) => ({
          kind: "call" as const,
          text: `call ${i + 1}`,
          by: { id: "u-ann", name: "Ann" },
          at: at(i),
        })),
      };
      await store.create(tenant, toLeadDocument(lead));

      // A list reads rows, which need no notes: the document stays as it is.
      const listed = await repo.list(tenant, {}, { limit: 10 });
      expect(listed.items.map((i) => i.value)).toStrictEqual([
        { ref: "L-1001", topic: "Fleet", lastName: "Berg", owner: lead.owner, status: "open" },
      ]);
      expect((await store.read(tenant, "lead:L-1001"))?.body).not.toHaveProperty("timelineCount");

      const read = await repo.get(tenant, "L-1001");
      expect(read?.value.timelineCount).toBe(12);
      expect(read?.value.timeline).toHaveLength(5);
      expect((await repo.timeline(tenant, "L-1001", 4)).map((e) => e.text)).toEqual([
        "call 9",
        "call 10",
        "call 11",
        "call 12",
      ]);
      expect(await repo.get(tenant, "L-1001")).toEqual(read);
    } finally {
      await done();
    }
  });
});

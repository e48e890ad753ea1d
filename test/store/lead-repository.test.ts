import { describe, expect, test } from "vitest";
import { newLead, type Lead } from "../../src/domain/leads/lead.js";
import { ConcurrencyConflict, InvalidCursor } from "../../src/domain/shared/ports.js";
import { StoreLeadRepository } from "../../src/store/lead.repository.js";
import { ReferenceAllocator } from "../../src/store/reference-allocator.js";
import { bothStores } from "../support/both-stores.js";

const stores = bothStores("leads");

const actor = (tenantId: string) => ({ tenantId, userId: "u-ann", name: "Ann", role: "rep" as const });
const at = (minute: number) => new Date(Date.UTC(2026, 10, 23, 9, minute));

describe.each(stores)("StoreLeadRepository on the %s store", (_name, open) => {
  async function withRepository(use: (repo: StoreLeadRepository) => Promise<void>) {
    const { store, done } = await open();
    try {
      await use(new StoreLeadRepository(store, new ReferenceAllocator(store)));
    } finally {
      await done();
    }
  }

  test("a lead reads back exactly as stored, with the tenant restored", async () => {
    await withRepository(async (repo) => {
      const lead: Lead = {
        ...newLead(
          { topic: "Website redesign", lastName: "Berg", email: "ann@contoso.com", source: "website" },
          "L-1001",
          actor("t-a"),
          at(0),
        ),
        timeline: [
          { kind: "note", text: "Called", by: { id: "u-ann", name: "Ann" }, at: at(1).toISOString() },
        ],
      };
      const created = await repo.create(lead);
      expect(await repo.get("t-a", "L-1001")).toEqual(created);
      expect(created.value).toEqual({ ...lead, timelineCount: 1 });
    });
  });

  test("references are unique per tenant even when allocated concurrently", async () => {
    await withRepository(async (repo) => {
      const refs = await Promise.all(Array.from({ length: 20 }, () => repo.nextRef("t-a")));
      expect(new Set(refs).size).toBe(20);
      expect(refs.map((r) => Number(r.slice(2))).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 20 }, (_, i) => 1001 + i),
      );
      expect(await repo.nextRef("t-b")).toBe("L-1001");
    });
  });

  test("a stale update is a ConcurrencyConflict and leaves the stored lead as it was", async () => {
    await withRepository(async (repo) => {
      const created = await repo.create(
        newLead({ topic: "A", lastName: "B" }, "L-1001", actor("t-a"), at(0)),
      );
      await repo.update({ ...created.value, topic: "First" }, created.version);
      await expect(
        repo.update({ ...created.value, topic: "Second" }, created.version),
      ).rejects.toBeInstanceOf(ConcurrencyConflict);
      expect((await repo.get("t-a", "L-1001"))?.value.topic).toBe("First");
    });
  });

  test("list is newest first, filters by status and owner, pages with a cursor and stays in its tenant", async () => {
    await withRepository(async (repo) => {
      for (let i = 0; i < 7; i++) {
        await repo.create(
          newLead({ topic: `Lead ${i}`, lastName: "X" }, `L-${1001 + i}`, actor("t-a"), at(i)),
        );
      }
      await repo.create(newLead({ topic: "Other tenant", lastName: "Y" }, "L-1001", actor("t-b"), at(30)));

      const first = await repo.list("t-a", { status: "open" }, { limit: 4 });
      const second = await repo.list("t-a", { status: "open" }, { limit: 4, cursor: first.cursor });
      const none = await repo.list("t-a", { status: "qualified" }, { limit: 4 });
      const byOwner = await repo.list("t-a", { ownerId: "someone-else" }, { limit: 4 });

      expect(first.items.map((l) => l.value.topic)).toEqual(["Lead 6", "Lead 5", "Lead 4", "Lead 3"]);
      expect(second.items.map((l) => l.value.topic)).toEqual(["Lead 2", "Lead 1", "Lead 0"]);
      expect(second.cursor).toBeUndefined();
      expect(none.items).toEqual([]);
      expect(byOwner.items).toEqual([]);
    });
  });

  test("a forged cursor is refused as InvalidCursor", async () => {
    await withRepository(async (repo) => {
      await expect(repo.list("t-a", {}, { limit: 2, cursor: "forged-cursor" })).rejects.toBeInstanceOf(
        InvalidCursor,
      );
    });
  });
});

import { describe, expect, test } from "vitest";
import { defaultCycle } from "../../src/domain/cycles/cycle.js";
import {
  newOpportunity,
  type DistributionEntry,
  type Opportunity,
} from "../../src/domain/opportunities/opportunity.js";
import type { Partner } from "../../src/domain/partners/partner.js";
import { ConcurrencyConflict } from "../../src/domain/shared/ports.js";
import { StoreOpportunityRepository } from "../../src/store/opportunity.repository.js";
import { StorePartnerRepository } from "../../src/store/partner.repository.js";
import { ReferenceAllocator } from "../../src/store/reference-allocator.js";
import { bothStores } from "../support/both-stores.js";

/**
 * The partner repository's contract, run unchanged against the embedded store and the local Cosmos server:
 * a name is taken once per tenant whatever its case or spacing, partners are found by name and listed by
 * name a page at a time, and every write is guarded by the version read.
 */

const stores = bothStores("partners");

const eve = { id: "00000000-0000-4000-8000-00000000e001", name: "Eve Admin" };

const fabrikam: Partner = {
  ref: "P-1001",
  tenantId: "tenant-a",
  name: "Fabrikam",
  members: [{ id: "00000000-0000-4000-8000-00000000f001", name: "Frida Fabrikam" }],
  regions: ["nordics", "germany"],
  industries: ["retail"],
  products: ["erp"],
  capacity: 5,
  preferred: true,
  inbox: {
    serviceUrl: "https://smba.example.net/emea/",
    conversationId: "19:fabrikam@thread.tacv2",
    kind: "channel",
    botId: "28:pipeline-bot",
    channelId: "19:fabrikam@thread.tacv2",
    name: "Fabrikam deals",
  },
  revision: 1,
  createdBy: eve,
  createdAt: "2026-11-23T09:30:00.000Z",
  updatedBy: eve,
  updatedAt: "2026-11-23T09:30:00.000Z",
};

const named = (ref: string, name: string, tenantId = "tenant-a"): Partner => {
  const { inbox: _inbox, ...rest } = fabrikam;
  return { ...rest, ref, name, tenantId, members: [], preferred: false };
};

describe.each(stores)("StorePartnerRepository on the %s store", (_name, open) => {
  async function withRepository(use: (repo: StorePartnerRepository) => Promise<void>) {
    const { store, done } = await open();
    try {
      await use(new StorePartnerRepository(store, new ReferenceAllocator(store)));
    } finally {
      await done();
    }
  }

  test("references count up per tenant", () =>
    withRepository(async (repo) => {
      expect(await repo.nextRef("tenant-a")).toBe("P-1001");
      expect(await repo.nextRef("tenant-a")).toBe("P-1002");
      expect(await repo.nextRef("tenant-b")).toBe("P-1001");
    }));

  test("a partner reads back exactly as stored, by ref and by name in any case, only in its tenant", () =>
    withRepository(async (repo) => {
      const created = await repo.create(fabrikam);
      expect(created.value).toEqual(fabrikam);
      expect((await repo.get("tenant-a", "P-1001"))?.value).toEqual(fabrikam);
      expect((await repo.findByName("tenant-a", "  FABRIKAM "))?.value).toEqual(fabrikam);
      expect(await repo.findByName("tenant-a", "Fabrikam Ltd")).toBeUndefined();
      expect(await repo.get("tenant-b", "P-1001")).toBeUndefined();
      expect(await repo.findByName("tenant-b", "Fabrikam")).toBeUndefined();
    }));

  test("a name is taken once per tenant, whatever its case and spacing", () =>
    withRepository(async (repo) => {
      await repo.create(named("P-1001", "Northwind Traders"));
      await expect(repo.create(named("P-1002", "northwind   TRADERS"))).rejects.toBeInstanceOf(
        ConcurrencyConflict,
      );
      expect(await repo.get("tenant-a", "P-1002")).toBeUndefined();
      // Another tenant has its own names.
      await repo.create(named("P-1001", "Northwind Traders", "tenant-b"));
      expect((await repo.list("tenant-a", { limit: 10 })).items.map((p) => p.value.ref)).toEqual(["P-1001"]);
    }));

  test("partners are listed by name, a page at a time", () =>
    withRepository(async (repo) => {
      const names = ["delta", "Alpha", "charlie", "Echo", "bravo"];
      for (const [i, name] of names.entries()) await repo.create(named(`P-${1001 + i}`, name));
      const first = await repo.list("tenant-a", { limit: 2 });
      expect(first.items.map((p) => p.value.name)).toEqual(["Alpha", "bravo"]);
      expect(first.cursor).toBeDefined();
      const second = await repo.list("tenant-a", { limit: 2, cursor: first.cursor ?? "" });
      expect(second.items.map((p) => p.value.name)).toEqual(["charlie", "delta"]);
      const third = await repo.list("tenant-a", { limit: 2, cursor: second.cursor ?? "" });
      expect(third.items.map((p) => p.value.name)).toEqual(["Echo"]);
      expect(third.cursor).toBeUndefined();
      expect((await repo.list("tenant-b", { limit: 2 })).items).toEqual([]);
    }));

  test("an update is guarded by the version read; a stale one is refused and changes nothing", () =>
    withRepository(async (repo) => {
      const created = await repo.create(fabrikam);
      const { inbox: _inbox, ...withoutInbox } = fabrikam;
      const changed: Partner = { ...withoutInbox, members: [], capacity: 7, revision: 2 };
      const updated = await repo.update(changed, created.version);
      expect(updated.value).toEqual(changed);
      expect(updated.version).not.toBe(created.version);
      await expect(repo.update({ ...fabrikam, revision: 2 }, created.version)).rejects.toBeInstanceOf(
        ConcurrencyConflict,
      );
      expect((await repo.get("tenant-a", "P-1001"))?.value).toEqual(changed);
      expect((await repo.findByName("tenant-a", "fabrikam"))?.value).toEqual(changed);
    }));
});

describe.each(stores)("a partner's opportunity lists on the %s store", (_name, open) => {
  const pia = { tenantId: "tenant-a", userId: "u-pia", name: "Pia Partner", role: "partner" as const };
  const opportunity = (ref: string, change: Partial<Opportunity> = {}): Opportunity => ({
    ...newOpportunity(
      { title: ref, party: { kind: "account", ref: "A-1001", name: "Contoso" }, currency: "DKK" },
      ref,
      defaultCycle(),
      pia,
      new Date("2026-11-23T09:30:00.000Z"),
    ),
    ...change,
  });
  const entry = (partner: string, status: DistributionEntry["status"]): DistributionEntry => ({
    partner,
    name: partner,
    status,
    at: "2026-11-23T09:30:00.000Z",
    by: eve,
  });
  const refsOf = (page: { items: readonly { value: Opportunity }[] }) =>
    page.items.map((i) => i.value.ref).sort();

  test("each distribution status and the creating partner are equality queries; an answer moves it", async () => {
    const { store, done } = await open();
    try {
      const repo = new StoreOpportunityRepository(store, new ReferenceAllocator(store));
      const distributed = (entries: DistributionEntry[]) => ({
        distribution: { collaboration: entries.length > 1, partners: entries },
      });
      await repo.create(opportunity("O-1001", distributed([entry("P-1001", "delivered")])));
      await repo.create(
        opportunity("O-1002", distributed([entry("P-1001", "accepted"), entry("P-1002", "delivered")])),
      );
      await repo.create(
        opportunity("O-1003", { origin: { partner: "P-1001", name: "Fabrikam" }, approval: "pending" }),
      );
      await repo.create(opportunity("O-1004", distributed([entry("P-1002", "declined")])));
      await repo.create(opportunity("O-1005"));
      const list = (ref: string, access: "delivered" | "accepted" | "origin") =>
        repo.list("tenant-a", { partner: { ref, access } }, { limit: 10 });

      expect(refsOf(await list("P-1001", "delivered"))).toEqual(["O-1001"]);
      expect(refsOf(await list("P-1001", "accepted"))).toEqual(["O-1002"]);
      expect(refsOf(await list("P-1001", "origin"))).toEqual(["O-1003"]);
      expect(refsOf(await list("P-1002", "delivered"))).toEqual(["O-1002"]);
      expect(refsOf(await list("P-1002", "accepted"))).toEqual([]);
      // What waits for a manager is an equality query too.
      expect(refsOf(await repo.list("tenant-a", { awaiting: "approval" }, { limit: 10 }))).toEqual([
        "O-1003",
      ]);
      expect(refsOf(await repo.list("tenant-a", { awaiting: "deal" }, { limit: 10 }))).toEqual([]);
      // Another tenant's partner with the same ref sees nothing here.
      expect(
        (await repo.list("tenant-b", { partner: { ref: "P-1001", access: "delivered" } }, { limit: 10 }))
          .items,
      ).toEqual([]);

      const stored = await repo.get("tenant-a", "O-1001");
      if (!stored) throw new Error("O-1001");
      await repo.update(
        { ...stored.value, ...distributed([entry("P-1001", "accepted")]), revision: 2 },
        stored.version,
        stored.value,
      );
      expect(refsOf(await list("P-1001", "delivered"))).toEqual([]);
      expect(refsOf(await list("P-1001", "accepted"))).toEqual(["O-1001", "O-1002"]);
    } finally {
      await done();
    }
  });
});

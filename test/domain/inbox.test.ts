import { beforeEach, expect, test } from "vitest";
import type { SalesCycle } from "../../src/domain/cycles/cycle.js";
import { newOpportunity } from "../../src/domain/opportunities/opportunity.js";
import { OpportunityService } from "../../src/domain/opportunities/opportunity.service.js";
import type { Account } from "../../src/domain/parties/party.js";
import { CycleAdminService } from "../../src/domain/setup/cycle-admin.service.js";
import { TenantSetupService } from "../../src/domain/setup/tenant-setup.service.js";
import type { Actor } from "../../src/domain/shared/actor.js";
import type { Result } from "../../src/domain/shared/result.js";
import { StoreOpportunityRepository, toOpportunityDocument } from "../../src/store/opportunity.repository.js";
import { StorePartyRepository } from "../../src/store/party.repository.js";
import { ReferenceAllocator } from "../../src/store/reference-allocator.js";
import { StoreTenantSetupRepository } from "../../src/store/tenant-setup.repository.js";
import { fixedClock } from "../fakes/fixed-clock.js";
import { InMemoryDocumentStore } from "../fakes/in-memory-document-store.js";

/**
 * The rep's inbox reads one query page of their open opportunities ordered by the attention date every write
 * keeps on the record, however many they have; records stored before the date existed are stamped once, and
 * an edit of a stage's activities re-dates that stage's opportunities.
 */

const ann: Actor = { tenantId: "t-a", userId: "u-ann", name: "Ann", role: "rep" };
const bo: Actor = { tenantId: "t-a", userId: "u-bo", name: "Bo", role: "rep" };
const ada: Actor = { tenantId: "t-a", userId: "u-ada", name: "Ada", role: "admin" };
const day = 24 * 3600_000;

let store: InMemoryDocumentStore;
let clock: ReturnType<typeof fixedClock>;
let setup: TenantSetupService;
let opps: OpportunityService;
let cycles: CycleAdminService;

beforeEach(async () => {
  store = new InMemoryDocumentStore();
  clock = fixedClock("2026-11-23T10:00:00.000Z");
  const refs = new ReferenceAllocator(store);
  const parties = new StorePartyRepository(store, refs);
  setup = new TenantSetupService({ setups: new StoreTenantSetupRepository(store), clock });
  const opportunities = new StoreOpportunityRepository(store, refs);
  opps = new OpportunityService({ opportunities, parties, setup, clock });
  cycles = new CycleAdminService({ setup, opportunities, clock, pageSize: 7 });
  const contoso: Account = {
    ref: "A-1001",
    tenantId: "t-a",
    name: "Contoso Ltd",
    isCustomer: false,
    createdBy: { id: "u-ann", name: "Ann" },
    createdAt: "2026-11-01T00:00:00Z",
  };
  await parties.createAccount(contoso);
});

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}`);
  return result.value;
}

const create = async (actor: Actor, title: string, expectedCloseDate?: string) =>
  value(
    await opps.create(actor, {
      title,
      account: "A-1001",
      ...(expectedCloseDate ? { expectedCloseDate } : {}),
    }),
  ).opportunity;

test("a rep's inbox is one query page of their open opportunities, the most overdue first, however many they have", async () => {
  for (let i = 0; i < 250; i++) {
    // Three overdue among them, at different places of the list.
    const close = i === 10 ? "2026-11-01" : i === 120 ? "2026-11-20" : i === 240 ? "2026-11-10" : undefined;
    await create(ann, `Deal ${i}`, close);
  }
  await create(bo, "Bo's deal", "2026-11-02");
  const lost = await create(ann, "Lost deal", "2026-11-03");
  value(await opps.close(ann, lost.ref, "lost", "LOST-PRICE", "2026-11-22"));
  value(await opps.inbox(ann)); // the tenant's first inbox: nothing stored before attention dates to stamp

  const [queries, reads, writes] = [store.queries, store.reads, store.writes];
  const items = value(await opps.inbox(ann));
  expect([store.queries - queries, store.reads - reads, store.writes - writes]).toEqual([1, 0, 0]);
  expect(items.map((i) => [i.reason, i.title, i.due])).toEqual([
    ["close_date_passed", "Deal 10", "2026-11-01"],
    ["close_date_passed", "Deal 240", "2026-11-10"],
    ["close_date_passed", "Deal 120", "2026-11-20"],
  ]);

  // Four days on, every one of them has a reminder due: the inbox shows the first page, the overdue first.
  clock.advance(4 * day);
  const later = value(await opps.inbox(ann));
  expect(new Set(later.map((i) => i.ref)).size).toBe(50);
  expect(later.slice(0, 3).map((i) => i.title)).toEqual(["Deal 10", "Deal 240", "Deal 120"]);
  expect(later.filter((i) => i.reason === "activity_due")).toHaveLength(50);
});

test("opportunities stored before attention dates existed are dated at their tenant's first inbox, once", async () => {
  const cycle = (await setup.load("t-a")).cycles[0] as SalesCycle;
  const party = { kind: "account" as const, ref: "A-1001", name: "Contoso Ltd" };
  const old = newOpportunity(
    { title: "Old deal", party, currency: "EUR", expectedCloseDate: "2026-11-05" },
    "O-1001",
    cycle,
    ann,
    new Date("2026-11-01T09:00:00.000Z"),
  );
  const document = toOpportunityDocument(old);
  expect(document.attentionDate).toBeUndefined();
  await store.create("t-a", document);

  const first = value(await opps.inbox(ann));
  expect(first.map((i) => [i.reason, i.ref, i.detail])).toEqual([
    ["activity_due", "O-1001", "#activity:qualify.budget"],
    ["close_date_passed", "O-1001", "2026-11-05"],
  ]);
  expect(store.dump()["t-a/opportunity:O-1001"]?.body.attentionDate).toBe("2026-11-04");
  const writes = store.writes;
  expect(value(await opps.inbox(ann))).toEqual(first);
  expect(value(await opps.inbox(bo))).toEqual([]);
  expect(store.writes).toBe(writes);
  // Stamping changed nothing a person sees: same revision, same last change.
  const shown = value(await opps.show(ann, "O-1001")).opportunity;
  expect([shown.revision, shown.updatedAt]).toEqual([old.revision, old.updatedAt]);
});

test("new activities of a stage re-date its open opportunities: a shorter reminder is in the inbox when due", async () => {
  for (let i = 0; i < 20; i++) await create(ann, `Deal ${i}`);
  clock.advance(1 * day);
  expect(value(await opps.inbox(ann))).toEqual([]);

  value(
    await cycles.setActivities(ada, undefined, "Qualify", [
      { name: "Call back", durationDays: 1, reminder: true },
    ]),
  );

  const items = value(await opps.inbox(ann));
  expect(items).toHaveLength(20);
  expect(items.every((i) => i.reason === "activity_due" && i.detail === "Call back")).toBe(true);
  expect(items[0]?.due).toBe("2026-11-24");
});

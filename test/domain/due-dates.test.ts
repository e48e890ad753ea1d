import { beforeEach, describe, expect, test } from "vitest";
import { nudgeReasons } from "../../src/domain/digest/digest.rules.js";
import { zonedParts } from "../../src/domain/digest/zoned-time.js";
import { attentionItems } from "../../src/domain/opportunities/attention.js";
import type { Opportunity } from "../../src/domain/opportunities/opportunity.js";
import { OpportunityService } from "../../src/domain/opportunities/opportunity.service.js";
import type { Account } from "../../src/domain/parties/party.js";
import { TenantSetupService } from "../../src/domain/setup/tenant-setup.service.js";
import type { Actor } from "../../src/domain/shared/actor.js";
import { ok, type Result } from "../../src/domain/shared/result.js";
import { StoreOpportunityRepository } from "../../src/store/opportunity.repository.js";
import { StorePartyRepository } from "../../src/store/party.repository.js";
import { ReferenceAllocator } from "../../src/store/reference-allocator.js";
import { StoreTenantSetupRepository } from "../../src/store/tenant-setup.repository.js";
import { fixedClock } from "../fakes/fixed-clock.js";
import { InMemoryDocumentStore } from "../fakes/in-memory-document-store.js";

/**
 * When something is due is one rule (attention.ts `dueDates`) that the inbox and the morning nudges both ask,
 * on the tenant's calendar: a close date is a day in the tenant's zone, a reminder falls due so many local
 * days after the local day the opportunity entered its stage, and "today" is the tenant's today — not UTC's.
 * The default cycle's first stage has one reminder, due 3 days after the stage was entered.
 */

const ann: Actor = { tenantId: "t-a", userId: "u-ann", name: "Ann", role: "rep" };
const ada: Actor = { tenantId: "t-a", userId: "u-ada", name: "Ada", role: "admin" };
const hour = 3600_000;

let clock: ReturnType<typeof fixedClock>;
let setup: TenantSetupService;
let opps: OpportunityService;

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}`);
  return result.value;
}

async function tenantIn(zone: string, now: string): Promise<void> {
  const store = new InMemoryDocumentStore();
  clock = fixedClock(now);
  const refs = new ReferenceAllocator(store);
  const parties = new StorePartyRepository(store, refs);
  setup = new TenantSetupService({ setups: new StoreTenantSetupRepository(store), clock });
  opps = new OpportunityService({
    opportunities: new StoreOpportunityRepository(store, refs),
    parties,
    setup,
    clock,
  });
  const contoso: Account = {
    ref: "A-1001",
    tenantId: "t-a",
    name: "Contoso",
    isCustomer: false,
    createdBy: { id: "u-ann", name: "Ann" },
    createdAt: "2026-11-01T00:00:00Z",
  };
  await parties.createAccount(contoso);
  value(await setup.edit(ada, (s) => ok({ ...s, timeZone: zone })));
}

const create = async (expectedCloseDate?: string) =>
  value(
    await opps.create(ann, {
      title: "Fleet",
      account: "A-1001",
      ...(expectedCloseDate ? { expectedCloseDate } : {}),
    }),
  ).opportunity;

/** What the inbox says now: reason and due date per item. */
const inbox = async () => value(await opps.inbox(ann)).map((i) => `${i.reason} ${i.due}`);

/** What the morning nudge says for `o` on the tenant's date at the clock's instant. */
async function nudge(o: Opportunity, zone: string): Promise<string[]> {
  const cycle = (await setup.load("t-a")).cycles.find((c) => c.code === o.cycleCode);
  const today = zonedParts(clock.now().getTime(), zone).date;
  return nudgeReasons(o, cycle, today, 365, zone).map((r) =>
    r.kind === "activity"
      ? `activity_due ${r.due}`
      : r.kind === "close_passed"
        ? `close_date_passed ${r.date}`
        : r.kind,
  );
}

describe("Copenhagen (UTC+1 in December)", () => {
  const zone = "Europe/Copenhagen";
  beforeEach(() => tenantIn(zone, "2026-12-01T09:00:00.000Z"));

  test("a close date of today has not passed at 23:30 local time; it has at 00:30 the next day, while UTC is still on the close date", async () => {
    const o = await create("2026-12-07");
    clock.set("2026-12-07T22:30:00.000Z"); // 23:30 on 7 December in Copenhagen
    expect(await inbox()).toEqual(["activity_due 2026-12-04"]);
    expect(await nudge(o, zone)).toEqual(["activity_due 2026-12-04"]);

    clock.set("2026-12-07T23:30:00.000Z"); // 00:30 on 8 December in Copenhagen; UTC's date is still the 7th
    expect(await inbox()).toEqual(["activity_due 2026-12-04", "close_date_passed 2026-12-07"]);
    expect(await nudge(o, zone)).toEqual(["activity_due 2026-12-04", "close_date_passed 2026-12-07"]);
  });

  test("a reminder counts from the local day the stage was entered: entered at 00:30 local (23:30 UTC the day before)", async () => {
    clock.set("2026-12-06T23:30:00.000Z"); // 00:30 on 7 December in Copenhagen
    const o = await create();

    clock.set("2026-12-09T22:30:00.000Z"); // 23:30 on the 9th: the reminder is due on the 10th, not yet
    expect(await inbox()).toEqual([]);
    expect(await nudge(o, zone)).toEqual([]);

    clock.set("2026-12-09T23:30:00.000Z"); // 00:30 on the 10th
    expect(await inbox()).toEqual(["activity_due 2026-12-10"]);
    expect(await nudge(o, zone)).toEqual(["activity_due 2026-12-10"]);
  });

  test("staleness counts local days since the last change", async () => {
    clock.set("2026-11-23T23:30:00.000Z"); // 00:30 on 24 November in Copenhagen
    const o = await create();
    const cycle = (await setup.load("t-a")).cycles[0];
    // On 7 December (local) that is 13 days, not the 14 that UTC's 23 November would make it.
    expect(nudgeReasons(o, cycle, "2026-12-07", 14, zone).map((r) => r.kind)).not.toContain("stale");
    expect(nudgeReasons(o, cycle, "2026-12-08", 14, zone)).toContainEqual({
      kind: "stale",
      since: "2026-11-24",
      days: 14,
    });
  });
});

describe("Los Angeles (UTC−8): the stored attention date, reckoned in UTC, is a day later than the local one", () => {
  const zone = "America/Los_Angeles";
  beforeEach(() => tenantIn(zone, "2026-12-07T03:00:00.000Z")); // 19:00 on 6 December in Los Angeles

  test("the inbox still shows the reminder on its local day", async () => {
    const o = await create();
    expect(o.attentionDate).toBe("2026-12-10"); // 7 December UTC + 3

    clock.set("2026-12-09T07:30:00.000Z"); // 23:30 on the 8th in Los Angeles
    expect(await inbox()).toEqual([]);
    clock.advance(hour); // 00:30 on the 9th: 6 December + 3
    expect(await inbox()).toEqual(["activity_due 2026-12-09"]);
    expect(await nudge(o, zone)).toEqual(["activity_due 2026-12-09"]);
  });
});

test("the inbox and the nudges say the same for every hour of a week, in three zones", async () => {
  for (const zone of ["Europe/Copenhagen", "America/Los_Angeles", "Pacific/Auckland"]) {
    await tenantIn(zone, "2026-12-06T23:30:00.000Z");
    const o = await create("2026-12-08");
    const cycle = (await setup.load("t-a")).cycles.find((c) => c.code === o.cycleCode);
    for (let h = 0; h < 24 * 7; h++) {
      clock.advance(hour);
      const today = zonedParts(clock.now().getTime(), zone).date;
      const rule = attentionItems(o, cycle, today, zone)
        .map((i) => `${i.reason} ${i.due}`)
        .sort();
      const at = `${zone} ${clock.now().toISOString()}`;
      expect((await inbox()).sort(), at).toEqual(rule);
      expect((await nudge(o, zone)).sort(), at).toEqual(rule);
    }
  }
});

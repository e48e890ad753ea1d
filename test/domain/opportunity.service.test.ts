import { beforeEach, expect, test } from "vitest";
import { OpportunityService } from "../../src/domain/opportunities/opportunity.service.js";
import type { Account, Contact } from "../../src/domain/parties/party.js";
import { TenantSetupService } from "../../src/domain/setup/tenant-setup.service.js";
import type { Actor } from "../../src/domain/shared/actor.js";
import type { Result } from "../../src/domain/shared/result.js";
import type { PurgeCandidates } from "../../src/domain/opportunities/opportunity.repository.port.js";
import { StoreOpportunityRepository } from "../../src/store/opportunity.repository.js";
import { StorePartyRepository } from "../../src/store/party.repository.js";
import { ReferenceAllocator } from "../../src/store/reference-allocator.js";
import { StoreTenantSetupRepository } from "../../src/store/tenant-setup.repository.js";
import { fixedClock } from "../fakes/fixed-clock.js";
import { InMemoryDocumentStore } from "../fakes/in-memory-document-store.js";

const ann: Actor = { tenantId: "t-a", userId: "u-ann", name: "Ann", role: "rep" };
const bo: Actor = { tenantId: "t-a", userId: "u-bo", name: "Bo", role: "rep" };
const mia: Actor = { tenantId: "t-a", userId: "u-mia", name: "Mia", role: "manager" };
const eve: Actor = { tenantId: "t-b", userId: "u-eve", name: "Eve", role: "admin" };

let store: InMemoryDocumentStore;
let clock: ReturnType<typeof fixedClock>;
let parties: StorePartyRepository;
let opps: OpportunityService;

const stamp = { id: "u-ann", name: "Ann" };
const contoso: Account = {
  ref: "A-1001",
  tenantId: "t-a",
  name: "Contoso Ltd",
  domain: "contoso.com",
  isCustomer: false,
  createdBy: stamp,
  createdAt: "2026-11-01T00:00:00Z",
};
const person: Contact = {
  ref: "C-1001",
  tenantId: "t-a",
  kind: "person",
  firstName: "Bo",
  lastName: "Lind",
  email: "bo@lind.se",
  isCustomer: true,
  createdBy: stamp,
  createdAt: "2026-11-01T00:00:00Z",
};

beforeEach(async () => {
  store = new InMemoryDocumentStore();
  clock = fixedClock("2026-11-23T10:00:00.000Z");
  const refs = new ReferenceAllocator(store);
  parties = new StorePartyRepository(store, refs);
  const setup = new TenantSetupService({ setups: new StoreTenantSetupRepository(store), clock });
  opps = new OpportunityService({
    opportunities: new StoreOpportunityRepository(store, refs),
    parties,
    setup,
    clock,
  });
  await parties.createAccount(contoso);
  await parties.createContact(person);
});

function value<T>(result: Result<T>): T {
  if (!result.ok)
    throw new Error(`expected success, got ${result.error.code} ${JSON.stringify(result.error.params)}`);
  return result.value;
}

test("opp new links an account by reference, name or domain, and a contact by email", async () => {
  expect(value(await opps.create(ann, { title: "A", account: "a-1001" })).opportunity.party).toEqual({
    kind: "account",
    ref: "A-1001",
    name: "Contoso Ltd",
  });
  expect(value(await opps.create(ann, { title: "B", account: "contoso" })).opportunity.party.ref).toBe(
    "A-1001",
  );
  expect(
    value(await opps.create(ann, { title: "C", account: "www.contoso.com" })).opportunity.party.ref,
  ).toBe("A-1001");
  expect(value(await opps.create(ann, { title: "D", contact: "BO@lind.se" })).opportunity.party).toEqual({
    kind: "contact",
    ref: "C-1001",
    name: "Bo Lind",
    person: true,
  });
});

test("opp new needs exactly one existing account or contact", async () => {
  expect(await opps.create(ann, { title: "X" })).toEqual({
    ok: false,
    error: { code: "opp.party_required" },
  });
  expect(await opps.create(ann, { title: "X", account: "A-1001", contact: "C-1001" })).toEqual({
    ok: false,
    error: { code: "opp.one_party" },
  });
  expect(await opps.create(ann, { title: "X", account: "Fabrikam" })).toEqual({
    ok: false,
    error: { code: "party.account_not_found", params: { account: "Fabrikam" } },
  });
  expect(await opps.create(eve, { title: "X", account: "A-1001" })).toMatchObject({
    ok: false,
    error: { code: "party.account_not_found" },
  });
});

test("a new tenant gets the default cycle: the opportunity starts in Qualify in the tenant's default currency", async () => {
  const created = value(await opps.create(ann, { title: "Fleet", account: "A-1001", value: 5000 }));
  expect(created.opportunity).toMatchObject({
    ref: "O-1001",
    stageId: "qualify",
    currency: "EUR",
    estimatedValue: 5000,
    chancePct: 20,
  });
  expect(created.cycle?.stages.map((s) => s.name)).toEqual(["Qualify", "Develop", "Propose", "Negotiate"]);
});

test("only the owner, a manager or an admin may move an opportunity; others are refused and nothing changes", async () => {
  value(await opps.create(ann, { title: "Fleet", account: "A-1001" }));
  expect(await opps.next(bo, "O-1001")).toEqual({
    ok: false,
    error: { code: "opp.not_yours", params: { ref: "O-1001", owner: "Ann" } },
  });
  expect(value(await opps.show(bo, "O-1001")).opportunity.stageId).toBe("qualify");
  expect(value(await opps.next(mia, "O-1001")).opportunity.stageId).toBe("develop");
});

test("another tenant's opportunity is not found, whatever the action", async () => {
  value(await opps.create(ann, { title: "Fleet", account: "A-1001" }));
  for (const attempt of [
    opps.show(eve, "O-1001"),
    opps.next(eve, "O-1001"),
    opps.close(eve, "O-1001", "won", "WON-PRICE", undefined),
    opps.delete(eve, "O-1001"),
  ]) {
    expect(await attempt).toEqual({ ok: false, error: { code: "opp.not_found", params: { ref: "O-1001" } } });
  }
});

test("a press on a stale card (older revision) is refused and not applied twice", async () => {
  const created = value(await opps.create(ann, { title: "Fleet", account: "A-1001" }));
  const revision = created.opportunity.revision;
  expect(value(await opps.next(ann, "O-1001", revision)).opportunity.stageId).toBe("develop");
  expect(await opps.next(ann, "O-1001", revision)).toEqual({
    ok: false,
    error: { code: "opp.stale", params: { ref: "O-1001" } },
  });
  expect(value(await opps.show(ann, "O-1001")).opportunity.stageId).toBe("develop");
});

test("two moves at the same moment: one wins, the other is told it changed, history stays consistent", async () => {
  value(await opps.create(ann, { title: "Fleet", account: "A-1001" }));
  const [a, b] = await Promise.all([opps.next(ann, "O-1001"), opps.next(mia, "O-1001")]);
  const outcomes = [a, b].map((r) => (r.ok ? "ok" : r.error.code)).sort();
  expect(outcomes).toEqual(["ok", "opp.changed"]);
  const after = value(await opps.show(ann, "O-1001")).opportunity;
  expect(after.stageId).toBe("develop");
  expect(after.history.map((h) => h.action)).toEqual(["create", "next"]);
});

test("skip and go to take stage names in any case, and an unknown stage lists the stages", async () => {
  value(await opps.create(ann, { title: "Fleet", account: "A-1001" }));
  expect(value(await opps.skip(ann, "O-1001", "propose")).opportunity.stageId).toBe("propose");
  expect(value(await opps.goto(ann, "O-1001", "DEV")).opportunity.stageId).toBe("develop");
  expect(await opps.goto(ann, "O-1001", "Won")).toEqual({
    ok: false,
    error: {
      code: "opp.no_such_stage",
      params: { stage: "Won", stages: "#stage:qualify, #stage:develop, #stage:propose, #stage:negotiate" },
    },
  });
});

test("close needs a code of the right type and defaults the closed date to today", async () => {
  value(await opps.create(ann, { title: "Fleet", account: "A-1001" }));
  expect(await opps.close(ann, "O-1001", "won", "LOST-PRICE", undefined)).toMatchObject({
    ok: false,
    error: { code: "opp.close_code_type", params: { code: "LOST-PRICE", type: "lost", outcome: "won" } },
  });
  expect(await opps.close(ann, "O-1001", "won", "NOPE", undefined)).toMatchObject({
    ok: false,
    error: { code: "opp.unknown_close_code" },
  });
  const won = value(await opps.close(ann, "O-1001", "won", "won-price", undefined)).opportunity;
  expect(won).toMatchObject({
    status: "won",
    closeCode: "WON-PRICE",
    closedOn: "2026-11-23",
    chancePct: 100,
  });
});

test("reopen is for managers; delete only for closed opportunities", async () => {
  value(await opps.create(ann, { title: "Fleet", account: "A-1001" }));
  expect(await opps.delete(ann, "O-1001")).toEqual({
    ok: false,
    error: { code: "opp.delete_open", params: { ref: "O-1001" } },
  });
  value(await opps.close(ann, "O-1001", "lost", "LOST-PRICE", "2026-11-20"));
  expect(await opps.reopen(ann, "O-1001")).toMatchObject({ ok: false, error: { code: "forbidden" } });
  expect(value(await opps.reopen(mia, "O-1001")).opportunity.status).toBe("open");
  value(await opps.close(ann, "O-1001", "lost", "LOST-PRICE", "2026-11-20"));
  expect(await opps.delete(ann, "O-1001")).toEqual({ ok: true, value: { ref: "O-1001" } });
  expect(await opps.show(ann, "O-1001")).toMatchObject({ ok: false, error: { code: "opp.not_found" } });
});

test("quote for a person contact is refused; order needs a customer, and tells how to fix it", async () => {
  value(await opps.create(ann, { title: "Private", contact: "C-1001" }));
  value(await opps.addLine(ann, "O-1001", { product: "Van", quantity: 1, unitPrice: 900 }));
  expect(await opps.quote(ann, "O-1001")).toEqual({
    ok: false,
    error: { code: "opp.quote_person", params: { ref: "O-1001", contact: "Bo Lind" } },
  });

  value(await opps.create(ann, { title: "Company", account: "A-1001" }));
  value(await opps.addLine(ann, "O-1002", { product: "Van", quantity: 2, unitPrice: 900 }));
  expect(value(await opps.quote(ann, "O-1002")).opportunity.quote).toMatchObject({
    number: "Q-1001",
    total: 1800,
  });
  expect(await opps.order(ann, "O-1002")).toEqual({
    ok: false,
    error: { code: "opp.order_not_customer", params: { ref: "O-1002", party: "Contoso Ltd" } },
  });
  const account = await parties.getAccount("t-a", "A-1001");
  if (account) await parties.updateAccount({ ...account.value, isCustomer: true }, account.version);
  expect(value(await opps.order(ann, "O-1002")).opportunity.order).toMatchObject({
    number: "SO-1001",
    quoteNumber: "Q-1001",
    total: 1800,
  });
});

test("purge deletes matching closed opportunities only, for managers, and reports the count", async () => {
  for (const [title, outcome, day] of [
    ["a", "won", "2026-10-01"],
    ["b", "lost", "2026-10-15"],
    ["c", "lost", "2026-11-20"],
    ["d", "open", ""],
  ] as const) {
    const o = value(await opps.create(ann, { title, account: "A-1001" })).opportunity;
    if (outcome !== "open")
      value(await opps.close(ann, o.ref, outcome, outcome === "won" ? "WON-PRICE" : "LOST-PRICE", day));
  }
  expect(await opps.purge(ann, {})).toMatchObject({ ok: false, error: { code: "forbidden" } });
  expect(await opps.purge(mia, { before: "2026-10-31", outcome: "lost" })).toEqual({
    ok: true,
    value: { deleted: 1, skipped: 0, more: false, batch: 1_000 },
  });
  expect(await opps.purge(mia, { before: "2026-10-31" })).toEqual({
    ok: true,
    value: { deleted: 1, skipped: 0, more: false, batch: 1_000 },
  });
  const left = value(await opps.list(ann, {}, undefined, 50))
    .items.map((i) => i.value.title)
    .sort();
  expect(left).toEqual(["c", "d"]);
});

test("pipeline sums open opportunities per stage with totals and weighted totals per currency", async () => {
  value(await opps.create(ann, { title: "a", account: "A-1001", value: 10000 }));
  value(await opps.create(ann, { title: "b", account: "A-1001", value: 5000, currency: "DKK" }));
  value(await opps.create(ann, { title: "c", account: "A-1001", value: 2000 }));
  value(await opps.next(ann, "O-1003"));
  const { rows } = value(await opps.pipeline(ann));
  expect(rows).toEqual([
    {
      stageId: "qualify",
      stageName: "#stage:qualify",
      count: 2,
      totals: [
        { currency: "DKK", total: 5000, weighted: 100 },
        { currency: "EUR", total: 10000, weighted: 200 },
      ],
    },
    {
      stageId: "develop",
      stageName: "#stage:develop",
      count: 1,
      totals: [{ currency: "EUR", total: 2000, weighted: 320 }],
    },
    { stageId: "propose", stageName: "#stage:propose", count: 0, totals: [] },
    { stageId: "negotiate", stageName: "#stage:negotiate", count: 0, totals: [] },
  ]);
});

test("the kept pipeline totals equal a count of every open opportunity after moves, updates, reassignments, closes and reopens", async () => {
  const steps = 120;
  let seed = 7;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  for (let i = 0; i < 12; i++)
    value(
      await opps.create(ann, {
        title: `o${i}`,
        account: "A-1001",
        value: 1000 + i * 37.5,
        ...(i % 3 === 0 ? { currency: "DKK" } : {}),
      }),
    );
  for (let step = 0; step < steps; step++) {
    const ref = `O-${1001 + random(12)}`;
    const who = random(2) === 0 ? mia : ann;
    // Refusals (first stage, closed, not the owner…) are part of the mix: they must change nothing.
    switch (random(7)) {
      case 0:
        await opps.next(who, ref);
        break;
      case 1:
        await opps.previous(who, ref);
        break;
      case 2:
        await opps.update(who, ref, { estimatedValue: 500 + random(10_000), chancePct: random(101) });
        break;
      case 3:
        await opps.assign(
          mia,
          ref,
          random(2) === 0 ? { id: bo.userId, name: bo.name } : { id: ann.userId, name: ann.name },
        );
        break;
      case 4:
        await opps.close(who, ref, "lost", "LOST-PRICE", undefined);
        break;
      case 5:
        await opps.reopen(mia, ref);
        break;
      default:
        await opps.addTimeline(who, ref, "note", `step ${step}`);
    }
  }
  // What the pipeline said before the totals existed: every open opportunity, counted one by one.
  const expected = new Map<string, { count: number; total: number; weighted: number }>();
  // Whole records (the list's rows have no chance): the repository's own list of them.
  const records = new StoreOpportunityRepository(store, new ReferenceAllocator(store));
  const all = (await records.list("t-a", { status: "open" }, { limit: 1000 })).items.map((i) => i.value);
  const setup = await new TenantSetupService({ setups: new StoreTenantSetupRepository(store), clock }).load(
    "t-a",
  );
  for (const o of all) {
    const cycle = setup.cycles.find((c) => c.code === o.cycleCode);
    const completed = cycle?.stages.find((st) => st.id === o.stageId)?.completedPct ?? 0;
    const key = `${o.stageId}/${o.currency}`;
    const sums = expected.get(key) ?? { count: 0, total: 0, weighted: 0 };
    expected.set(key, {
      count: sums.count + 1,
      total: sums.total + o.estimatedValue,
      weighted: sums.weighted + (o.estimatedValue * o.chancePct * completed) / 10_000,
    });
  }
  const { rows } = value(await opps.pipeline(mia));
  const got = new Map<string, { total: number; weighted: number }>();
  for (const row of rows) for (const t of row.totals) got.set(`${row.stageId}/${t.currency}`, t);
  expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [key, e] of expected) {
    expect(got.get(key)?.total).toBeCloseTo(e.total, 2);
    expect(got.get(key)?.weighted).toBeCloseTo(e.weighted, 1);
  }
  expect(rows.reduce((n, r) => n + r.count, 0)).toBe(all.length);
  expect(all.length).toBeGreaterThan(0);
  expect(all.length).toBeLessThan(12);
});

test("inbox lists due stage activities with reminders and passed close dates of my open opportunities", async () => {
  value(await opps.create(ann, { title: "Fleet", account: "A-1001", expectedCloseDate: "2026-11-30" }));
  expect(value(await opps.inbox(ann))).toEqual([]);
  clock.advance(8 * 24 * 3600_000);
  expect(value(await opps.inbox(ann))).toEqual([
    {
      ref: "O-1001",
      title: "Fleet",
      reason: "activity_due",
      detail: "#activity:qualify.budget",
      due: "2026-11-26",
    },
    { ref: "O-1001", title: "Fleet", reason: "close_date_passed", detail: "2026-11-30", due: "2026-11-30" },
  ]);
  expect(value(await opps.inbox(bo))).toEqual([]);
});

test("a stage move costs one point read (the opportunity) and one batch (the opportunity, its history row, an increment of its owner's totals), after 10 moves or 200", async () => {
  value(await opps.create(ann, { title: "Fleet", account: "A-1001" }));
  const move = async (n: number) =>
    value(await (n % 2 === 1 ? opps.next(ann, "O-1001") : opps.previous(ann, "O-1001")));
  const measure = async () => {
    const [reads, writes, batches] = [store.reads, store.writes, store.batches];
    await move(0);
    const doc = store.dump()["t-a/opportunity:O-1001"]?.body;
    return {
      requests: [store.reads - reads, store.batches - batches, store.writes - writes],
      size: JSON.stringify(doc).length,
    };
  };
  for (let n = 1; n < 10; n++) await move(n);
  const after10 = await measure();
  for (let n = 1; n < 190; n++) await move(n);
  const after200 = await measure();
  expect(after10.requests).toEqual([1, 1, 3]);
  expect(after200.requests).toEqual([1, 1, 3]);
  // The record keeps its latest rows only: it is the same size (give or take the digits of its counts).
  expect(Math.abs(after200.size - after10.size)).toBeLessThan(10);
  const stored = value(await opps.show(ann, "O-1001")).opportunity;
  expect(stored.historyCount).toBe(201);
  expect(stored.history).toHaveLength(5);
  // Every row is kept, each as a document of its own.
  const rows = Object.values(store.dump()).filter(
    (d) => d.body.type === "entry" && d.body.record === "opportunity:O-1001" && d.body.kind === "history",
  );
  expect(rows).toHaveLength(201);
});

test("a delete pressed on a stale card is refused; the revision the card showed is deleted", async () => {
  value(await opps.create(ann, { title: "Fleet", account: "A-1001" }));
  const closed = value(await opps.close(ann, "O-1001", "lost", "LOST-PRICE", "2026-11-20")).opportunity;
  value(await opps.reopen(mia, "O-1001"));
  value(await opps.close(ann, "O-1001", "won", "WON-PRICE", "2026-11-21"));
  expect(await opps.delete(ann, "O-1001", closed.revision)).toEqual({
    ok: false,
    error: { code: "opp.stale", params: { ref: "O-1001" } },
  });
  const current = value(await opps.show(ann, "O-1001")).opportunity;
  expect(await opps.delete(ann, "O-1001", current.revision)).toEqual({ ok: true, value: { ref: "O-1001" } });
});

/** A service whose purge deletes at most `perRun`, `pageSize` at a time, over `repository`. */
function purgingService(perRun: number, pageSize: number, repository?: StoreOpportunityRepository) {
  const refs = new ReferenceAllocator(store);
  return new OpportunityService({
    opportunities: repository ?? new StoreOpportunityRepository(store, refs),
    parties,
    setup: new TenantSetupService({ setups: new StoreTenantSetupRepository(store), clock }),
    clock,
    purge: { perRun, pageSize },
  });
}

/** Closed lost on each day given (in that order), plus one open; returns nothing, titles are the days. */
async function closedOn(service: OpportunityService, days: readonly string[]) {
  for (const day of days) {
    const o = value(await service.create(ann, { title: day, account: "A-1001" })).opportunity;
    value(await service.close(ann, o.ref, "lost", "LOST-PRICE", day));
  }
  value(await service.create(ann, { title: "open", account: "A-1001" }));
}

async function titlesLeft(service: OpportunityService) {
  return value(await service.list(ann, {}, undefined, 50))
    .items.map((i) => i.value.title)
    .sort();
}

test("purge deletes at most one batch, a page at a time, earliest closed first, and the next run goes on", async () => {
  const limits: number[] = [];
  class RecordingRepository extends StoreOpportunityRepository {
    override purgeCandidates(tenantId: string, filter: PurgeCandidates, limit: number) {
      limits.push(limit);
      return super.purgeCandidates(tenantId, filter, limit);
    }
  }
  const service = purgingService(5, 2, new RecordingRepository(store, new ReferenceAllocator(store)));
  const days = ["2026-10-04", "2026-10-01", "2026-10-07", "2026-10-02", "2026-10-06", "2026-10-03"];
  await closedOn(service, [...days, "2026-10-05", "2026-11-15"]);

  expect(value(await service.purge(mia, { before: "2026-10-31" }))).toEqual({
    deleted: 5,
    skipped: 0,
    more: true,
    batch: 5,
  });
  // Pages of two until the batch is full, then one read to know that more match.
  expect(limits).toEqual([2, 2, 1, 1]);
  expect(await titlesLeft(service)).toEqual(["2026-10-06", "2026-10-07", "2026-11-15", "open"]);
  expect(value(await service.purge(mia, { before: "2026-10-31" }))).toEqual({
    deleted: 2,
    skipped: 0,
    more: false,
    batch: 5,
  });
  expect(value(await service.purge(mia, { before: "2026-10-31" }))).toMatchObject({
    deleted: 0,
    more: false,
  });
  expect(await titlesLeft(service)).toEqual(["2026-11-15", "open"]);
});

test("purge leaves one that changed while it ran, says so, reads past it, and the next purge deletes it", async () => {
  class RacingRepository extends StoreOpportunityRepository {
    private raced = false;
    override async purgeCandidates(tenantId: string, filter: PurgeCandidates, limit: number) {
      const page = await super.purgeCandidates(tenantId, filter, limit);
      const first = page[0];
      if (!this.raced && first) {
        // Someone else changes the first one after the purge read it.
        this.raced = true;
        await this.update(
          { ...first.value, title: `${first.value.title} (changed)` },
          first.version,
          first.value,
        );
      }
      return page;
    }
  }
  const service = purgingService(3, 1, new RacingRepository(store, new ReferenceAllocator(store)));
  await closedOn(service, ["2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04"]);

  expect(value(await service.purge(mia, {}))).toEqual({ deleted: 2, skipped: 1, more: true, batch: 3 });
  expect(await titlesLeft(service)).toEqual(["2026-10-01 (changed)", "2026-10-04", "open"]);
  expect(value(await service.purge(mia, {}))).toEqual({ deleted: 2, skipped: 0, more: false, batch: 3 });
  expect(await titlesLeft(service)).toEqual(["open"]);
});

import { afterAll, beforeAll, expect, test } from "vitest";
import { PipelineApp } from "../../src/app/pipeline-app.js";
import type { Turn } from "../../src/kit/turn.js";
import { CardRenderer } from "../../src/kit/rendering/renderer.js";
import { composeServices } from "../../src/compose.js";
import type { SalesCycle } from "../../src/domain/cycles/cycle.js";
import { newOpportunity, type Opportunity } from "../../src/domain/opportunities/opportunity.js";
import type { Actor } from "../../src/domain/shared/actor.js";
import type { Services } from "../../src/kit/feature.js";
import { silentLogger } from "../../src/log.js";
import {
  CosmosDocumentStore,
  type CosmosRequestEvent,
} from "../../src/store/cosmos/cosmos-document-store.js";
import type {
  BatchOperation,
  DocumentBody,
  DocumentPage,
  DocumentQuery,
  DocumentStore,
  StoredDocument,
  StoreHealth,
} from "../../src/store/document-store.port.js";
import { opportunityWrite } from "../../src/store/opportunity.repository.js";
import { OpportunityBackfill, preparationOver } from "../../src/store/opportunity-backfill.js";
import { allCountedId, totalsId } from "../../src/store/pipeline-totals.store.js";
import { fixedClock } from "../fakes/fixed-clock.js";
import { startCosmosServer, type CosmosTestServer } from "../support/cosmos-server.js";

/**
 * Request budgets of the opportunity commands on the Cosmos adapter, against the local Cosmos DB server with
 * a tenant of 300 opportunities (30 pages of 10) beside a second tenant: `opp show` is one point read,
 * `opp next` two point reads (the record, its owner's pipeline totals) and one batch, `opp list mine` one
 * query page, `opp new` a read of the account, one patch of the reference counter, a read of the totals and
 * one batch, `pipeline` one query page, a rep's `inbox` one query page, a partner's dashboard one point read
 * and three query pages (also when its lists match nothing), and every query is scoped by
 * `c.tenantId = @tenantId`. `npm run bench:cosmos` measures the same at 50 000 opportunities.
 *
 * This seed writes records of the shape before pipeline totals and attention dates on purpose, so the
 * tenant's first `pipeline` and `inbox` show their one-time counting and dating; the bench seeds the shape of
 * today and measures only the steady state.
 *
 * Then two truly concurrent `opp next` presses on one opportunity, from two instances (two Cosmos clients):
 * both reads are held until both have the document, so both writes carry the same ETag and exactly one wins.
 */

const database = "cosmos-request-budget-test";
const tenant = "tenant-budget-contoso";
const otherTenant = "tenant-budget-fabrikam";
const opportunityCount = 300;
const otherCount = 50;
const clock = fixedClock("2026-11-23T09:30:00.000Z");

const owners = [
  { id: "00000000-0000-4000-8000-0000000000a1", name: "Ann Berg" },
  { id: "00000000-0000-4000-8000-0000000000b2", name: "Bo Dahl" },
  { id: "00000000-0000-4000-8000-0000000000c3", name: "Cai Eng" },
] as const;
const [ann, bo] = owners;
const annActor: Actor = { tenantId: tenant, userId: ann.id, name: ann.name, role: "rep" };
const managerActor: Actor = { tenantId: tenant, userId: bo.id, name: bo.name, role: "manager" };
const annTurn: Turn = {
  tenantId: tenant,
  user: { id: "29:ann", aadObjectId: ann.id, name: ann.name },
  conversation: { id: "a:ann-personal", kind: "personal" },
  serviceUrl: "http://127.0.0.1:9/",
  botId: "28:pipeline-bot",
  mentions: [],
  // Teams answers: Ann is a member (a failed lookup would leave her help-only, issue 11).
  roster: { member: (teamsId) => Promise.resolve({ teamsId, aadObjectId: ann.id, name: ann.name }) },
  locale: "en-US",
  timeZone: "UTC",
};

let server: CosmosTestServer;
let store: CosmosDocumentStore;
let services: Services;
let app: PipelineApp;
/** What the adapter reported for every SDK call of `store`, in order. */
const events: CosmosRequestEvent[] = [];
/** Open opportunities of Ann at the first stage, each used by one test only. */
const freshRefs: string[] = [];

beforeAll(async () => {
  server = await startCosmosServer();
  store = await CosmosDocumentStore.open({
    endpoint: server.endpoint,
    key: server.key,
    agent: server.agent,
    database,
    container: "pipeline",
    onRequest: (event) => events.push(event),
  });
  services = composeServices(store, clock);
  app = new PipelineApp({ services, cards: CardRenderer.load(), admins: [], log: silentLogger });
  // The other tenant has the same references and owners, and newer opportunities: a query without its
  // tenant filter would list them first (and the adapter would throw on an item of another tenant).
  await seed(otherTenant, otherCount, Date.parse("2026-11-23T09:00:00.000Z"));
  const seeded = await seed(tenant, opportunityCount, Date.parse("2026-11-22T09:00:00.000Z"));
  freshRefs.push(
    ...seeded
      .filter((o) => o.owner.id === ann.id && o.status === "open" && o.stageId === "qualify")
      .map((o) => o.ref),
  );
  // The tenant setup is cached from here on (the clock stands still), as after any earlier command.
  await services.setup.load(tenant);
  // Ann has been seen before: her directory record and her chat are cached, as after any earlier turn.
  await app.message(annTurn, "help");
}, 60_000);

afterAll(async () => {
  await store?.close();
  await server?.stop();
});

/** Opportunities in the stored shape the repository writes, 3 owners, 3 stages, every tenth one lost. */
async function seed(tenantId: string, count: number, newest: number): Promise<Opportunity[]> {
  const setup = await services.setup.load(tenantId);
  const cycle = setup.cycles[0] as SalesCycle;
  const account = await services.parties.createAccount(
    { tenantId, userId: ann.id, name: ann.name, role: "rep" },
    { name: `Account of ${tenantId}` },
  );
  if (!account.ok) throw new Error("account new failed");
  const party = { kind: "account" as const, ref: account.value.ref, name: account.value.name };
  const opportunities = Array.from({ length: count }, (_, i): Opportunity => {
    const owner = owners[i % owners.length] ?? ann;
    const actor: Actor = { tenantId, userId: owner.id, name: owner.name, role: "rep" };
    const at = new Date(newest - i * 60_000);
    const created = newOpportunity(
      { title: `Deal ${i + 1}`, party, currency: "EUR", estimatedValue: 1000 + i },
      `O-${1001 + i}`,
      cycle,
      actor,
      at,
    );
    const stage = cycle.stages[Math.floor(i / owners.length) % 3] ?? cycle.stages[0];
    return {
      ...created,
      ...(stage ? { stageId: stage.id, chancePct: stage.chancePct } : {}),
      ...(i % 10 === 9 ? { status: "lost", closeCode: "LOST-PRICE", closedOn: "2026-11-01" } : {}),
    };
  });
  const queue = [...opportunities];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let o = queue.shift(); o; o = queue.shift())
        await store.create(tenantId, opportunityWrite(o).document);
    }),
  );
  return opportunities;
}

/** The SDK calls `run` made, as [operation, id or "query"], and the events themselves. */
async function callsOf(run: () => Promise<unknown>) {
  events.length = 0;
  await run();
  const made = [...events];
  return { made, calls: made.map((e) => [e.operation, e.id ?? "query"]) };
}

/** The background step, as the bot runs it, through the tenant's old records (three reads once it is done). */
async function prepareTenant(): Promise<void> {
  const backfill = new OpportunityBackfill({
    tenants: () => Promise.resolve([tenant]),
    ...preparationOver(store, async (tenantId) => (await services.setup.load(tenantId)).cycles),
    sleep: () => Promise.resolve(),
    log: silentLogger,
  });
  await backfill.start();
  await backfill.idle();
}

function takeFresh(): string {
  const ref = freshRefs.shift();
  if (!ref) throw new Error("No fresh opportunity left: seed more.");
  return ref;
}

function expectTenantScoped(queries: readonly CosmosRequestEvent[]): void {
  expect(queries.length).toBeGreaterThan(0);
  for (const q of queries) {
    expect(q.tenantId).toBe(tenant);
    expect(q.query?.query).toContain("c.tenantId = @tenantId");
    expect(q.query?.parameters).toContainEqual({ name: "@tenantId", value: tenant });
  }
}

test("opp show of one opportunity among 300 is exactly one point read of that opportunity", async () => {
  let shown: Awaited<ReturnType<Services["opportunities"]["show"]>> | undefined;
  const { calls } = await callsOf(async () => {
    shown = await services.opportunities.show(annActor, "O-1150");
  });

  expect(calls).toEqual([["read", "opportunity:O-1150"]]);
  expect(shown?.ok && shown.value.opportunity.ref).toBe("O-1150");
});

test("opp next is two point reads (the opportunity, its owner's pipeline totals) and one batch", async () => {
  const ref = takeFresh();
  let moved: Awaited<ReturnType<Services["opportunities"]["next"]>> | undefined;
  const { made, calls } = await callsOf(async () => {
    moved = await services.opportunities.next(annActor, ref);
  });

  expect(calls).toEqual([
    ["read", `opportunity:${ref}`],
    ["read", totalsId(ann.id)],
    ["batch", `opportunity:${ref}`],
  ]);
  // Ann's totals do not exist yet (this is her first write since the seed): the batch creates them.
  expect(made.map((e) => e.statusCode)).toEqual([200, 404, 200]);
  expect(moved?.ok && moved.value.opportunity.stageId).toBe("develop");
});

test("opp list mine is exactly one query page, and its cursor gets the next page with exactly one more", async () => {
  const filter = { status: "open" as const, ownerId: ann.id };
  let first: Awaited<ReturnType<Services["opportunities"]["list"]>> | undefined;
  const firstPage = await callsOf(async () => {
    first = await services.opportunities.list(annActor, filter, undefined);
  });
  if (!first?.ok) throw new Error("opp list mine failed");
  const cursor = first.value.cursor;
  let second: Awaited<ReturnType<Services["opportunities"]["list"]>> | undefined;
  const secondPage = await callsOf(async () => {
    second = await services.opportunities.list(annActor, filter, cursor);
  });
  if (!second?.ok) throw new Error("opp list mine, next page failed");

  expect(firstPage.calls).toEqual([["query", "query"]]);
  expect(secondPage.calls).toEqual([["query", "query"]]);
  expect(cursor).toEqual(expect.any(String));
  const listed = [...first.value.items, ...second.value.items].map((o) => o.value);
  expect(listed).toHaveLength(20);
  expect(new Set(listed.map((o) => o.ref)).size).toBe(20);
  expect(listed.every((o) => o.owner.id === ann.id && o.status === "open")).toBe(true);
  expect(listed.every((o) => o.title.startsWith("Deal "))).toBe(true);
  expectTenantScoped([...firstPage.made, ...secondPage.made]);
});

test("opp new takes its reference in one patch of the counter, then writes the record and the owner's totals in one batch", async () => {
  // The seed wrote opportunities straight through the store; the counter continues after them.
  await store.create(tenant, { id: "counter:O", type: "counter", next: 1001 + opportunityCount });
  let created: Awaited<ReturnType<Services["opportunities"]["create"]>> | undefined;
  const { made, calls } = await callsOf(async () => {
    created = await services.opportunities.create(annActor, { title: "New deal", account: "A-1001" });
  });

  const ref = `O-${1001 + opportunityCount}`;
  expect(calls).toEqual([
    ["read", "account:A-1001"],
    ["patch", "counter:O"],
    ["read", totalsId(ann.id)],
    ["batch", `opportunity:${ref}`],
  ]);
  expect(made.map((e) => e.statusCode)).toEqual([200, 200, 200, 200]);
  expect(created?.ok && created.value.opportunity.ref).toBe(ref);
});

test("typed opp show, opp next and opp list mine make the same Cosmos calls as the use cases alone", async () => {
  const ref = takeFresh();
  const show = await callsOf(() => app.message(annTurn, "opp show O-1151"));
  const next = await callsOf(() => app.message(annTurn, `opp next ${ref}`));
  const list = await callsOf(() => app.message(annTurn, "opp list mine"));

  expect(show.calls).toEqual([["read", "opportunity:O-1151"]]);
  expect(next.calls).toEqual([
    ["read", `opportunity:${ref}`],
    ["read", totalsId(ann.id)],
    ["batch", `opportunity:${ref}`],
  ]);
  expect(list.calls).toEqual([["query", "query"]]);
  expectTenantScoped(list.made);
  const stored = await services.opportunities.show(annActor, ref);
  expect(stored.ok && stored.value.opportunity.stageId).toBe("develop");
});

test("pipeline is one query page of the owners' totals, and pipeline mine two point reads, among 300 opportunities", async () => {
  // The seed wrote records of the shape before the totals: the tenant's first pipeline prepares one page of
  // them (never the whole tenant) and says the pipeline is being prepared; the background step does the rest.
  let first: Awaited<ReturnType<Services["opportunities"]["pipeline"]>> | undefined;
  const preparing = await callsOf(async () => {
    first = await services.opportunities.pipeline(annActor);
  });
  expect(first).toEqual({ ok: false, error: { code: "opp.preparing", params: { count: 40 } } });
  expect(preparing.calls.filter(([op]) => op === "query")).toHaveLength(2); // the totals, one page of 40
  expect(preparing.calls.filter(([op]) => op === "batch")).toHaveLength(1);
  expect(preparing.calls.length).toBeLessThan(15);
  await prepareTenant();
  const managerPipeline = await callsOf(() => services.opportunities.pipeline(annActor));
  const minePipeline = await callsOf(() => services.opportunities.pipeline(annActor, ann.id));
  const typed = await callsOf(() => app.message(annTurn, "pipeline"));

  expect(managerPipeline.calls).toEqual([["query", "query"]]);
  expectTenantScoped(managerPipeline.made);
  expect(minePipeline.calls.map((c) => c[1]).sort()).toEqual([allCountedId, totalsId(ann.id)].sort());
  expect(typed.calls).toEqual([["query", "query"]]);
});

test("inbox is one query page among 300 opportunities (a manager's, two more for the decisions waiting), once the background step dated the old records", async () => {
  await prepareTenant();
  // The marker that says so is read once per process.
  await services.opportunities.inbox(annActor);
  const created = await services.opportunities.create(annActor, {
    title: "Overdue deal",
    account: "A-1001",
    expectedCloseDate: "2026-11-20",
  });
  if (!created.ok) throw new Error("opp new failed");

  let items: Awaited<ReturnType<Services["opportunities"]["inbox"]>> | undefined;
  const rep = await callsOf(async () => {
    items = await services.opportunities.inbox(annActor);
  });
  const manager = await callsOf(() => services.opportunities.inbox(managerActor));
  const typed = await callsOf(() => app.message(annTurn, "inbox"));

  expect(rep.calls).toEqual([["query", "query"]]);
  expect(rep.made[0]?.query?.query).toContain("attentionDate");
  expect(manager.calls).toEqual([
    ["query", "query"],
    ["query", "query"],
    ["query", "query"],
  ]);
  expect(typed.calls).toEqual([["query", "query"]]);
  expectTenantScoped([...rep.made, ...manager.made, ...typed.made]);
  expect(items?.ok && items.value.map((i) => [i.reason, i.ref])).toEqual([
    ["close_date_passed", created.value.opportunity.ref],
  ]);
});

test("a partner's dashboard is one point read of the partner and one query page per list, among 300 opportunities none of which is the partner's", async () => {
  const partner = await services.partners.create(managerActor, { name: "Northwind" });
  if (!partner.ok) throw new Error("partner new failed");
  const partnerActor: Actor = {
    tenantId: tenant,
    userId: "00000000-0000-4000-8000-0000000000d4",
    name: "Nora Partner",
    role: "partner",
    partner: partner.value.ref,
  };

  // Lists that match nothing still end after one page each: no walking on through empty pages.
  const dashboard = await callsOf(() => services.opportunities.partnerDashboard(partnerActor));

  expect(dashboard.calls).toEqual([
    ["read", `partner:${partner.value.ref}`],
    ["query", "query"],
    ["query", "query"],
    ["query", "query"],
  ]);
  expectTenantScoped(dashboard.made.filter((e) => e.operation === "query"));
});

test("every query the adapter sends for the list commands filters on c.tenantId = @tenantId", async () => {
  const { made } = await callsOf(async () => {
    await services.opportunities.list(annActor, { status: "open", ownerId: ann.id }, undefined);
    await services.opportunities.list(annActor, { status: "open" }, undefined);
    await services.opportunities.list(annActor, { stageId: "develop" }, undefined);
    await app.message(annTurn, "opp list all");
    await app.message(annTurn, "opp list closed");
  });

  expect(made.every((e) => e.operation === "query")).toBe(true);
  expect(made).toHaveLength(5);
  expectTenantScoped(made);
});

// ---------------------------------------------------------------------------------------------------------
// Two truly concurrent `opp next` presses on one opportunity, from two instances.

/** Holds each read of `id` until `parties` reads of it have returned, so all readers see the same version. */
class ReadBarrier {
  private arrived = 0;
  private release!: () => void;
  private readonly all = new Promise<void>((resolve) => (this.release = resolve));

  constructor(
    readonly id: string,
    private readonly parties: number,
  ) {}

  async pass(): Promise<void> {
    this.arrived += 1;
    if (this.arrived === this.parties) this.release();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`only ${this.arrived} of ${this.parties} reads arrived`)),
        5_000,
      );
    });
    try {
      await Promise.race([this.all, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The port over one Cosmos client, with reads of the barrier's document held at the barrier. */
class BarrierStore implements DocumentStore {
  barrier: ReadBarrier | undefined;

  constructor(private readonly inner: DocumentStore) {}

  async read<T extends DocumentBody>(tenantId: string, id: string): Promise<StoredDocument<T> | undefined> {
    const found = await this.inner.read<T>(tenantId, id);
    if (this.barrier?.id === id) await this.barrier.pass();
    return found;
  }

  create<T extends DocumentBody>(tenantId: string, body: T): Promise<StoredDocument<T>> {
    return this.inner.create(tenantId, body);
  }

  replace<T extends DocumentBody>(tenantId: string, body: T, ifMatch: string): Promise<StoredDocument<T>> {
    return this.inner.replace(tenantId, body, ifMatch);
  }

  batch(
    tenantId: string,
    operations: readonly BatchOperation[],
  ): Promise<readonly (StoredDocument | undefined)[]> {
    return this.inner.batch(tenantId, operations);
  }

  delete(tenantId: string, id: string, ifMatch: string): Promise<void> {
    return this.inner.delete(tenantId, id, ifMatch);
  }
  nextNumber(tenantId: string, counterId: string, first: number): Promise<number> {
    return this.inner.nextNumber(tenantId, counterId, first);
  }

  query<T extends DocumentBody>(tenantId: string, query: DocumentQuery): Promise<DocumentPage<T>> {
    return this.inner.query(tenantId, query);
  }

  search(tenantId: string, query: Parameters<DocumentStore["search"]>[1]) {
    return this.inner.search(tenantId, query);
  }

  health(): Promise<StoreHealth> {
    return this.inner.health();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

test.each(Array.from({ length: 10 }, (_, i) => i + 1))(
  "two concurrent opp next on one opportunity from two instances: one moves it, the other gets opp.changed (round %i)",
  async () => {
    const ref = takeFresh();
    const id = `opportunity:${ref}`;
    const seen: CosmosRequestEvent[][] = [[], []];
    const instances = await Promise.all(
      [0, 1].map((n) =>
        CosmosDocumentStore.open({
          endpoint: server.endpoint,
          key: server.key,
          agent: server.agent,
          database,
          container: "pipeline",
          createIfMissing: false,
          onRequest: (event) => seen[n]?.push(event),
        }),
      ),
    );
    try {
      const stores = instances.map((s) => new BarrierStore(s));
      const barrier = new ReadBarrier(id, 2);
      for (const s of stores) s.barrier = barrier;
      const [one, two] = stores.map((s) => composeServices(s, clock)) as [Services, Services];

      const results = await Promise.all([
        one.opportunities.next(annActor, ref),
        two.opportunities.next(managerActor, ref),
      ]);

      const winners = results.filter((r) => r.ok);
      const losers = results.filter((r) => !r.ok);
      expect(winners).toHaveLength(1);
      expect(losers.map((r) => !r.ok && r.error.code)).toEqual(["opp.changed"]);
      // Both instances read the opportunity and both tried to write it with the ETag they read. The
      // loser reads once more to tell a person's change (a new revision: refuse) from the relay's outbox
      // trim (same revision: retry) — here it is a person's, so it stops there.
      const onDocument = seen.map((events) =>
        events.filter((e) => e.id === id).map((e) => [e.operation, e.statusCode]),
      );
      expect(onDocument.flat()).toHaveLength(5);
      expect(onDocument.map((calls) => calls[0])).toEqual([
        ["read", 200],
        ["read", 200],
      ]);
      expect(onDocument.map((calls) => calls[1]?.[1]).sort()).toEqual([200, 412]);
      const loser = onDocument.find((calls) => calls[1]?.[1] === 412);
      expect(loser).toHaveLength(3);
      expect(loser?.[2]).toEqual(["read", 200]);
      // No lost update: the stored opportunity is the winner's, moved one stage, with one "next" row.
      const stored = await services.opportunities.show(annActor, ref);
      if (!stored.ok || !winners[0]?.ok) throw new Error("opportunity missing");
      const saved = stored.value.opportunity;
      expect(saved).toEqual(winners[0].value.opportunity);
      expect(saved.stageId).toBe("develop");
      expect(saved.revision).toBe(2);
      expect(saved.history.filter((h) => h.action === "next")).toEqual([
        expect.objectContaining({ action: "next", from: "qualify", to: "develop" }),
      ]);
    } finally {
      await Promise.all(instances.map((s) => s.close()));
    }
  },
);

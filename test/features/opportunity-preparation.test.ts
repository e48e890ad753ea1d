import { afterAll, beforeAll, expect, test } from "vitest";
import { composeServices } from "../../src/compose.js";
import { newOpportunity, type Opportunity } from "../../src/domain/opportunities/opportunity.js";
import type { Actor } from "../../src/domain/shared/actor.js";
import type { Services } from "../../src/kit/feature.js";
import { silentLogger } from "../../src/log.js";
import type { BatchOperation, DocumentStore } from "../../src/store/document-store.port.js";
import { OpportunityBackfill, preparationOver } from "../../src/store/opportunity-backfill.js";
import { preparationId, preparationOf, preparedTenantsId } from "../../src/store/opportunity-preparation.js";
import { opportunityWrite } from "../../src/store/opportunity.repository.js";
import { startBotServer } from "../support/bot-server.js";
import { chat } from "../support/chat.js";
import { RecordingConnector } from "../support/recording-connector.js";
import { tempDir } from "../support/temp-dir.js";
import { openTestStore } from "../support/test-store.js";

/**
 * Opportunities stored before pipeline totals and attention dates existed are counted and dated by a
 * background step (src/store/opportunity-backfill.ts), a page per batch with its cursor, on each store. No
 * turn pages through the tenant: the first `pipeline` or `inbox` prepares at most one page and otherwise says,
 * in the user's language, that the pipeline is being prepared and how far it is; never figures counted so
 * far as if they were the pipeline. A channel digest meanwhile sums the open opportunities it reads anyway.
 * A change racing the step is counted once, and a restart resumes.
 */

const owners = [
  { id: "u-ann", name: "Ann" },
  { id: "u-bo", name: "Bo" },
  { id: "u-cai", name: "Cai" },
] as const;
const manager = (tenantId: string): Actor => ({ tenantId, userId: "u-mia", name: "Mia", role: "manager" });
const rep = (tenantId: string): Actor => ({ tenantId, userId: "u-ann", name: "Ann", role: "rep" });

let dir: Awaited<ReturnType<typeof tempDir>>;
let raw: DocumentStore;
/** Store calls of the current turn: documents returned by reads and queries, queries made, point reads made. */
const asked = { documents: 0, queries: 0, reads: 0 };
/** Runs before a batch reaches the store (a change racing the step), once. */
let beforeBatch: ((operations: readonly BatchOperation[]) => Promise<void>) | undefined;

function countingStore(store: DocumentStore): DocumentStore {
  return new Proxy(store, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        if (name === "batch" && beforeBatch) {
          const run = beforeBatch;
          beforeBatch = undefined;
          await run(args[1] as readonly BatchOperation[]);
        }
        const result: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        if (name === "read") asked.reads += 1;
        if (name === "read" && result) asked.documents += 1;
        if (name === "query") {
          asked.queries += 1;
          asked.documents += (result as { items: unknown[] }).items.length;
        }
        return result;
      };
    },
  });
}

beforeAll(async () => {
  dir = await tempDir("opportunity-preparation");
  raw = await openTestStore(dir.path);
});

afterAll(async () => {
  await raw?.close();
  await dir?.remove();
});

/**
 * `open` open opportunities over three owners and 5 closed ones, stored as before the totals and dates
 * (neither `counted` nor `attentionDate`), with the reference counter past them, as an old tenant has it.
 */
async function seedOld(store: DocumentStore, tenantId: string, open: number): Promise<Opportunity[]> {
  const cycle = (await composeServices(store).setup.load(tenantId)).cycles[0]!;
  const party = { kind: "account" as const, ref: "A-1001", name: "Contoso" };
  const all: Opportunity[] = [];
  for (let i = 0; i < open + 5; i++) {
    const owner = owners[i % owners.length]!;
    const stage = cycle.stages[i % cycle.stages.length]!;
    const o = newOpportunity(
      {
        title: `Deal ${i}`,
        party,
        currency: i % 4 === 0 ? "DKK" : "EUR",
        estimatedValue: 1000 + i,
        ...(i % 10 === 3 ? { expectedCloseDate: "2026-01-05" } : {}),
      },
      `O-${1001 + i}`,
      cycle,
      { tenantId, userId: owner.id, name: owner.name, role: "rep" },
      new Date(Date.UTC(2026, 0, 1) + i * 60_000),
    );
    all.push(
      i >= open
        ? { ...o, status: "lost", closeCode: "LOST-PRICE", closedOn: "2026-02-01" }
        : { ...o, stageId: stage.id, chancePct: stage.chancePct },
    );
  }
  for (let from = 0; from < all.length; from += 50) {
    const batch = all.slice(from, from + 50).map((o) => {
      const { counted: _c, attentionDate: _a, ...body } = opportunityWrite(o).document;
      return { op: "create" as const, body };
    });
    await store.batch(tenantId, batch);
  }
  await store.create(tenantId, { id: "counter:O", type: "counter", next: 1001 + all.length });
  return all.filter((o) => o.status === "open");
}

/** Count per stage of the opportunities given, as `pipeline` should show them. */
const countsOf = (open: readonly Opportunity[]) => {
  const counts: Record<string, number> = {};
  for (const o of open) counts[o.stageId ?? ""] = (counts[o.stageId ?? ""] ?? 0) + 1;
  return counts;
};

async function pipelineCounts(services: Services, tenantId: string) {
  const result = await services.opportunities.pipeline(manager(tenantId));
  if (!result.ok) return result.error;
  const counts: Record<string, number> = {};
  for (const row of result.value.rows) if (row.count > 0) counts[row.stageId ?? ""] = row.count;
  return counts;
}

function backfillOn(store: DocumentStore, services: Services, pages?: { left: number }) {
  const steps = preparationOver(store, async (tenantId) => (await services.setup.load(tenantId)).cycles);
  return new OpportunityBackfill({
    tenants: () => services.directory.knownTenants(),
    state: steps.state,
    page: (tenantId) => {
      // A process that dies after `left` pages: the page in hand is never finished.
      if (pages && pages.left-- <= 0) return Promise.reject(new Error("killed"));
      return steps.page(tenantId);
    },
    sleep: () => Promise.resolve(),
    log: silentLogger,
  });
}

test("an old tenant's first pipeline and inbox say it is being prepared, reading at most one page; after the step they are whole", async () => {
  const tenantId = "prep-old";
  const open = await seedOld(raw, tenantId, 100);
  const store = countingStore(raw);
  const requested: string[] = [];
  const services = composeServices(store, undefined, { onUnprepared: (t) => requested.push(t) });

  Object.assign(asked, { documents: 0, queries: 0 });
  expect(await pipelineCounts(services, tenantId)).toEqual({
    code: "opp.preparing",
    params: { count: 40 },
  });
  // One page of 40 opportunities and a few small documents (totals, markers, progress, setup), no more.
  expect(asked.queries).toBeLessThanOrEqual(3);
  expect(asked.documents).toBeLessThanOrEqual(40 + 10);
  expect(requested).toEqual([tenantId]);

  Object.assign(asked, { documents: 0, queries: 0 });
  const inbox = await services.opportunities.inbox(rep(tenantId));
  expect(inbox).toEqual({ ok: false, error: { code: "opp.preparing", params: { count: 40 } } });
  // The step has begun: the inbox reads where it stands and pages nothing.
  expect(asked.queries).toBe(0);
  expect(asked.documents).toBeLessThanOrEqual(4);

  const backfill = backfillOn(store, services);
  backfill.request(tenantId);
  await backfill.idle();

  expect(await pipelineCounts(services, tenantId)).toEqual(countsOf(open));
  const items = await services.opportunities.inbox(rep(tenantId));
  const overdue = open.filter((o) => o.owner.id === "u-ann" && o.expectedCloseDate);
  expect(items.ok && items.value.filter((i) => i.reason === "close_date_passed").map((i) => i.ref)).toEqual(
    overdue.map((o) => o.ref).sort(),
  );
  const progress = await raw.read(tenantId, preparationId);
  expect(progress?.body).toMatchObject({ prepared: 100, finished: true });
});

test("a change racing a page of the step is counted once; a restart after a SIGKILL resumes at the stored cursor", async () => {
  const tenantId = "prep-race";
  const open = await seedOld(raw, tenantId, 100);
  const store = countingStore(raw);
  const services = composeServices(store);
  const racer = composeServices(raw);

  // Between the first page's reads and its batch, a rep moves one of the page's opportunities on.
  let raced = "";
  beforeBatch = async (operations) => {
    const record = operations.find((o) => o.op === "replace" && o.body.type === "opportunity");
    if (!record || record.op !== "replace") throw new Error("no record on the page");
    raced = String(record.body["ref"]);
    const moved = await racer.opportunities.update(manager(tenantId), raced, { estimatedValue: 5000 });
    expect(moved.ok).toBe(true);
  };
  // The first process dies after two pages (80 of 100), one of them raced and read again.
  const first = backfillOn(store, services, { left: 3 });
  first.request(tenantId);
  await first.idle();
  expect(raced).not.toBe("");
  expect((await raw.read(tenantId, preparationId))?.body).toMatchObject({ prepared: 80, finished: false });

  // The next process reads on from the cursor: only the last 20 opportunities.
  Object.assign(asked, { documents: 0, queries: 0 });
  const second = backfillOn(store, services);
  second.request(tenantId);
  await second.idle();
  expect(asked.queries).toBe(1);
  expect((await raw.read(tenantId, preparationId))?.body).toMatchObject({ prepared: 100, finished: true });

  // Every open opportunity counted exactly once, the raced one with its new value.
  expect(await pipelineCounts(services, tenantId)).toEqual(countsOf(open));
  const result = await services.opportunities.pipeline(manager(tenantId));
  const total = (result.ok ? result.value.rows : [])
    .flatMap((r) => r.totals)
    .reduce((sum, t) => sum + t.total, 0);
  const expected = open.reduce((sum, o) => sum + (o.ref === raced ? 5000 : o.estimatedValue), 0);
  expect(total).toBeCloseTo(expected, 2);
});

test("a tenant whose first opportunity is made today is prepared from birth: no step, no waiting reply", async () => {
  const tenantId = "prep-new";
  const services = composeServices(raw);
  const account = await services.parties.createAccount(manager(tenantId), { name: "Contoso" });
  if (!account.ok) throw new Error("account new failed");
  for (let i = 0; i < 45; i++) {
    const created = await services.opportunities.create(rep(tenantId), {
      title: `New ${i}`,
      account: account.value.ref,
    });
    expect(created.ok).toBe(true);
  }
  expect(await preparationOf(raw, tenantId)).toEqual({ ready: true });
  expect(await pipelineCounts(services, tenantId)).toEqual({ qualify: 45 });
  expect((await services.opportunities.inbox(rep(tenantId))).ok).toBe(true);
});

test("the waiting reply says how far the preparation is, in en, da, nb and sv", async () => {
  const eve = { id: "29:eve", name: "Eve Admin", aadObjectId: "00000000-0000-0000-0000-00000000e001" };
  const connector = await RecordingConnector.start();
  const bot = await startBotServer({ ADMIN_AAD_IDS: eve.aadObjectId });
  const { say } = chat(
    () => bot,
    () => connector,
    { user: eve },
  );
  try {
    const expected = {
      "en-US": ["I'm still preparing the pipeline and inboxes", "40 open opportunities done so far"],
      "da-DK": ["Jeg er stadig ved at forberede pipeline og indbakker", "40 åbne salgsmuligheder klar"],
      "nb-NO": ["Jeg forbereder fortsatt pipeline og innbokser", "40 åpne salgsmuligheter klare"],
      "sv-SE": ["Jag förbereder fortfarande pipeline och inkorgar", "40 öppna affärsmöjligheter klara"],
    };
    for (const [locale, texts] of Object.entries(expected)) {
      // A tenant of its own per language, each of one page and more: its first pipeline is the waiting reply.
      const tenantId = `prep-${locale.toLowerCase()}`;
      await seedOld(bot.store, tenantId, 45);
      const reply = await say("pipeline", { tenantId, locale });
      for (const text of texts) expect(reply.text).toContain(text);
    }
  } finally {
    await bot.stop();
    await connector.close();
  }
});

test("a digest while its tenant is being prepared shows the whole pipeline, counted from the open opportunities it reads anyway", async () => {
  const tenantId = "prep-digest";
  const open = await seedOld(raw, tenantId, 100);
  const services = composeServices(raw);
  const now = Date.UTC(2026, 11, 7, 8);
  const during = await services.digests.digestContent(tenantId, now - 7 * 86_400_000, now);
  expect((await preparationOf(raw, tenantId)).ready).toBe(false);

  const backfill = backfillOn(raw, services);
  backfill.request(tenantId);
  await backfill.idle();
  const after = await services.digests.digestContent(tenantId, now - 7 * 86_400_000, now);
  // The same stages, counts and totals as the prepared pipeline gives, not an empty pipeline.
  const counts = Object.fromEntries(during.stages.filter((s) => s.count > 0).map((s) => [s.stage, s.count]));
  expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(open.length);
  expect(during.stages).toEqual(after.stages);
  expect(during.truncated).toBe(false);
});

test("a start reads one document however many tenants there are, once all were seen prepared; a tenant that joins later is looked at again", async () => {
  const store = countingStore(raw);
  const services = composeServices(store);
  const steps = preparationOver(store, async (tenantId) => (await services.setup.load(tenantId)).cycles);
  const start = async (tenants: readonly string[]) => {
    const backfill = new OpportunityBackfill({
      tenants: () => Promise.resolve(tenants),
      ...steps,
      sleep: () => Promise.resolve(),
      log: silentLogger,
    });
    Object.assign(asked, { documents: 0, queries: 0, reads: 0 });
    await backfill.start();
    await backfill.idle();
  };
  const tenants = ["start-a", "start-b", "start-c", "start-d", "start-e"];
  for (const tenant of tenants.slice(0, 2)) await seedOld(raw, tenant, 45);

  // The first start prepares the old tenants and looks at the others (three point reads each).
  await start(tenants);
  for (const tenant of tenants) expect((await preparationOf(raw, tenant)).ready).toBe(true);
  expect(asked.reads).toBeGreaterThan(3 * tenants.length);
  expect((await raw.read("~pipeline", preparedTenantsId))?.body).toMatchObject({ tenants: 5 });

  // The next: one point read, no query, whatever the number of tenants.
  await start(tenants);
  expect(asked).toMatchObject({ reads: 1, queries: 0 });

  // A tenant that joined since, with opportunities stored before this version, is not skipped.
  await seedOld(raw, "start-f", 45);
  await start([...tenants, "start-f"]);
  expect((await preparationOf(raw, "start-f")).ready).toBe(true);
  expect((await raw.read("~pipeline", preparedTenantsId))?.body).toMatchObject({ tenants: 6 });
  await start([...tenants, "start-f"]);
  expect(asked).toMatchObject({ reads: 1, queries: 0 });
});

import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { composeServices } from "../src/compose.js";
import { newOpportunity, type Opportunity } from "../src/domain/opportunities/opportunity.js";
import type { Actor } from "../src/domain/shared/actor.js";
import { CosmosDocumentStore } from "../src/store/cosmos/cosmos-document-store.js";
import type { DocumentStore } from "../src/store/document-store.port.js";
import { EmbeddedDocumentStore } from "../src/store/embedded/embedded-document-store.js";
import type { Services } from "../src/kit/feature.js";
import { silentLogger } from "../src/log.js";
import { OpportunityBackfill, preparationOver } from "../src/store/opportunity-backfill.js";
import { preparationId, preparationOf } from "../src/store/opportunity-preparation.js";
import { opportunityWrite } from "../src/store/opportunity.repository.js";
import { makeLocalQueriesLinear, startLocalCosmos } from "./local-cosmos.js";

/**
 * The first `pipeline` and the first `inbox` of a tenant whose opportunities were stored before pipeline
 * totals and attention dates existed (no `counted`, no `attentionDate`): `npm run bench:first` seeds N such
 * opportunities over 10 owners, then times the first manager's `pipeline`, the first rep's `inbox`, and the
 * event loop's longest stall meanwhile (what every other tenant's turn waits), and, where the product has a
 * background step that prepares such tenants, the step's own time and the loop's longest stall during it.
 *
 *   npm run bench:first -- --embedded 10000,100000 --cosmos 2000
 */
const { values: args } = parseArgs({
  options: {
    embedded: { type: "string", default: "10000,100000" },
    cosmos: { type: "string", default: "10000" },
  },
});
const sizes = (list: string) => list.split(",").filter(Boolean).map(Number);
const tenant = "t-first";
const owners = Array.from({ length: 10 }, (_, i) => ({ id: `u-rep-${i}`, name: `Rep ${i}` }));
const rep: Actor = { tenantId: tenant, userId: owners[0]!.id, name: owners[0]!.name, role: "rep" };
const manager: Actor = { tenantId: tenant, userId: "u-manager", name: "Manager", role: "manager" };
const load = () => loadavg()[0]!.toFixed(2);

/** N open opportunities of the old shape, written in batches of 100 as an import would. */
async function seed(store: DocumentStore, count: number): Promise<void> {
  const services = composeServices(store);
  const cycle = (await services.setup.load(tenant)).cycles[0]!;
  const party = { kind: "account" as const, ref: "A-1001", name: "Scale AB" };
  const old = (i: number): Opportunity => {
    const owner = owners[i % owners.length]!;
    const stage = cycle.stages[i % cycle.stages.length]!;
    const o = newOpportunity(
      { title: `Deal ${i}`, party, currency: i % 4 === 0 ? "DKK" : "EUR", estimatedValue: 1000 + (i % 97) },
      `O-${1001 + i}`,
      cycle,
      { tenantId: tenant, userId: owner.id, name: owner.name, role: "rep" },
      new Date(Date.UTC(2026, 0, 1) + i * 60_000),
    );
    return { ...o, stageId: stage.id, chancePct: stage.chancePct };
  };
  for (let from = 0; from < count; from += 100) {
    const batch = [];
    for (let i = from; i < Math.min(count, from + 100); i++) {
      // As stored before the totals and attention dates: neither `counted` nor `attentionDate`.
      const { counted: _c, attentionDate: _a, ...body } = opportunityWrite(old(i)).document;
      batch.push({ op: "create" as const, body });
    }
    await store.batch(tenant, batch);
  }
}

/** Runs `work` with the event loop's delay monitored; returns its time and the longest stall meanwhile. */
async function timed(work: () => Promise<unknown>): Promise<{ ms: number; stallMs: number }> {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  loop.disable();
  return { ms: Math.round(ms), stallMs: Math.round(loop.max / 1e6) };
}

/** The background step that prepares a tenant stored the old way, as compose.ts wires it, timed. */
async function prepareInBackground(store: DocumentStore, services: Services) {
  const backfill = new OpportunityBackfill({
    tenants: () => Promise.resolve([tenant]),
    ...preparationOver(store, async (tenantId) => (await services.setup.load(tenantId)).cycles),
    // A plain timer: the product's (systemTimers) does not keep a process alive, and here nothing else does.
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    log: silentLogger,
  });
  const step = await timed(async () => {
    await backfill.start();
    await backfill.idle();
  });
  if (!(await preparationOf(store, tenant)).ready) throw new Error("not prepared");
  const prepared = Number((await store.read(tenant, preparationId))?.body["prepared"]);
  return { ...step, msPer10k: Math.round((step.ms / prepared) * 10_000) };
}

async function run(store: DocumentStore, size: number) {
  const seeding = performance.now();
  await seed(store, size);
  const seedSeconds = ((performance.now() - seeding) / 1000).toFixed(1);
  const loadBefore = load();
  const services = composeServices(store);
  const opps = services.opportunities;
  const firstPipeline = await timed(() => opps.pipeline(manager));
  const firstInbox = await timed(() => opps.inbox(rep));
  const step = await prepareInBackground(store, services);
  const pipelineAfter = await timed(() => opps.pipeline(manager));
  const inboxAfter = await timed(() => opps.inbox(rep));
  const pipeline = await opps.pipeline(manager);
  const counted = pipeline.ok ? pipeline.value.rows.reduce((n, r) => n + r.count, 0) : -1;
  return {
    size,
    seedSeconds,
    load: `${loadBefore} → ${load()}`,
    firstPipeline,
    firstInbox,
    step,
    pipelineAfter,
    inboxAfter,
    counted,
  };
}

async function embedded(size: number) {
  const dir = await mkdtemp(join(tmpdir(), "bench-first-"));
  const store = await EmbeddedDocumentStore.open({ dir });
  try {
    return await run(store, size);
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function cosmos(size: number) {
  const server = await startLocalCosmos();
  const store = await CosmosDocumentStore.open({
    endpoint: server.endpoint,
    key: "local",
    database: "first",
    agent: server.agent,
  });
  try {
    return await run(store, size);
  } finally {
    await store.close();
    await server.stop();
  }
}

if (sizes(args.cosmos).length > 0) makeLocalQueriesLinear();
console.log(
  `Node ${process.version}, load average at start ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
for (const size of sizes(args.embedded)) console.log("embedded", JSON.stringify(await embedded(size)));
for (const size of sizes(args.cosmos)) console.log("cosmos", JSON.stringify(await cosmos(size)));

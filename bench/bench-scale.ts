import { mkdtemp, rm } from "node:fs/promises";
import { Agent } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { createHttpsServer } from "@vercel/cosmosdb-server";
import { composeServices } from "../src/compose.js";
import { newOpportunity, type Opportunity } from "../src/domain/opportunities/opportunity.js";
import type { Actor } from "../src/domain/shared/actor.js";
import { CosmosDocumentStore } from "../src/store/cosmos/cosmos-document-store.js";
import type { DocumentStore } from "../src/store/document-store.port.js";
import { EmbeddedDocumentStore } from "../src/store/embedded/embedded-document-store.js";
import { opportunityWrite } from "../src/store/opportunity.repository.js";
import { allCountedId, totalsDocument, totalsOf } from "../src/store/pipeline-totals.store.js";

/**
 * How the cost of `pipeline`, `inbox`, `opp show` and a stage move grows with the tenant: each store is seeded
 * in bulk (batches of 100) with N opportunities over 10 owners, then each command runs `--repeat` times and the
 * median time per command (and, on Cosmos, the SDK requests per command) is printed per size.
 *
 *   npm run bench:scale                                        embedded 1k,10k,100k,300k; cosmos 1k,10k
 *   npm run bench:scale -- --embedded 1000,10000 --cosmos 1000 --repeat 30
 *
 * Cosmos here is the local test server, whose query engine scans the whole container in JavaScript: its times
 * grow with the container whatever the query, so on Cosmos the request counts are the figure to read.
 */
const { values: args } = parseArgs({
  options: {
    embedded: { type: "string", default: "1000,10000,100000,300000" },
    cosmos: { type: "string", default: "1000,10000" },
    repeat: { type: "string", default: "20" },
  },
});
const sizes = (list: string) => list.split(",").filter(Boolean).map(Number);
const repeat = Number(args.repeat);

const tenant = "t-scale";
const owners = Array.from({ length: 10 }, (_, i) => ({ id: `u-rep-${i}`, name: `Rep ${i}` }));
const rep: Actor = { tenantId: tenant, userId: owners[0]!.id, name: owners[0]!.name, role: "rep" };
const manager: Actor = { tenantId: tenant, userId: "u-manager", name: "Manager", role: "manager" };

async function seed(store: DocumentStore, count: number): Promise<void> {
  const services = composeServices(store);
  const setup = await services.setup.load(tenant);
  const cycle = setup.cycles[0]!;
  const account = await services.parties.createAccount(manager, { name: "Scale AB" });
  if (!account.ok) throw new Error("account new failed");
  const party = { kind: "account" as const, ref: account.value.ref, name: account.value.name };
  const all: Opportunity[] = [];
  let batch: Opportunity[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await store.batch(
      tenant,
      batch.map((o) => ({ op: "create" as const, body: { ...opportunityWrite(o).document, counted: true } })),
    );
    batch = [];
  };
  for (let i = 0; i < count; i++) {
    const owner = owners[i % owners.length]!;
    const stage = cycle.stages[i % cycle.stages.length]!;
    const o = newOpportunity(
      { title: `Deal ${i}`, party, currency: i % 4 === 0 ? "DKK" : "EUR", estimatedValue: 1000 + (i % 97) },
      `O-${1001 + i}`,
      cycle,
      { tenantId: tenant, userId: owner.id, name: owner.name, role: "rep" },
      new Date(Date.UTC(2026, 0, 1) + i * 60_000),
    );
    const placed = {
      ...o,
      stageId: stage.id,
      chancePct: stage.chancePct,
      ...(i % 5 === 4 ? { status: "won" as const, closeCode: "WON-PRICE", closedOn: "2026-06-01" } : {}),
    };
    all.push(placed);
    batch.push(placed);
    if (batch.length === 100) await flush();
  }
  await flush();
  for (const body of totalsOf(all)) await store.create(tenant, body);
  await store.create(tenant, { ...totalsDocument("", {}), id: allCountedId });
}

interface Measured {
  readonly ms: number;
  readonly requests?: number;
}

async function measure(run: () => Promise<unknown>, requests: () => number | undefined): Promise<Measured> {
  const times: number[] = [];
  let made = 0;
  for (let i = 0; i < repeat; i++) {
    const before = requests() ?? 0;
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
    made += (requests() ?? 0) - before;
  }
  times.sort((a, b) => a - b);
  const ms = times[Math.floor(times.length / 2)] ?? 0;
  return requests() === undefined ? { ms } : { ms, requests: made / repeat };
}

async function commands(store: DocumentStore, requests: () => number | undefined) {
  const services = composeServices(store);
  const opps = services.opportunities;
  const moved = "O-1001";
  let forward = true;
  const must = async (p: Promise<{ ok: boolean }>) => {
    const r = await p;
    if (!r.ok) throw new Error(`command failed: ${JSON.stringify(r)}`);
  };
  await must(opps.pipeline(manager)); // loads and caches the setup
  return {
    pipeline: await measure(() => must(opps.pipeline(manager)), requests),
    "pipeline mine": await measure(() => must(opps.pipeline(rep, rep.userId)), requests),
    "inbox (manager)": await measure(() => must(opps.inbox(manager)), requests),
    "inbox (rep)": await measure(() => must(opps.inbox(rep)), requests),
    "opp show": await measure(() => must(opps.show(rep, "O-1011")), requests),
    "stage move": await measure(async () => {
      await must(forward ? opps.next(rep, moved) : opps.previous(rep, moved));
      forward = !forward;
    }, requests),
  };
}

async function embedded(size: number) {
  const dir = await mkdtemp(join(tmpdir(), "bench-scale-"));
  const store = await EmbeddedDocumentStore.open({ dir });
  try {
    await seed(store, size);
    return await commands(store, () => undefined);
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function cosmos(size: number) {
  const server = createHttpsServer({ keepAlive: true });
  server.keepAliveTimeout = 3_600_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const agent = new Agent({ rejectUnauthorized: false, keepAlive: true });
  const { port } = server.address() as AddressInfo;
  const store = await CosmosDocumentStore.open({
    endpoint: `https://127.0.0.1:${port}`,
    key: "local",
    database: "scale",
    agent,
  });
  try {
    await seed(store, size);
    return await commands(store, () => store.requestCount);
  } finally {
    await store.close();
    agent.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const format = (m: Measured) =>
  `${m.ms.toFixed(2)} ms${m.requests === undefined ? "" : ` / ${m.requests.toFixed(1)} req`}`;

async function main(): Promise<void> {
  const results: { store: string; size: number; figures: Record<string, Measured> }[] = [];
  const runs = [
    ...sizes(args.embedded).map((size) => ({ store: "embedded", size, run: () => embedded(size) })),
    ...sizes(args.cosmos).map((size) => ({ store: "cosmos (local server)", size, run: () => cosmos(size) })),
  ];
  console.log(`median of ${repeat} per command (Node ${process.version})`);
  let names: string[] = [];
  for (const { store, size, run } of runs) {
    const figures: Record<string, Measured> = await run();
    if (names.length === 0) {
      names = Object.keys(figures);
      console.log(["store", "opportunities", ...names].join(" | "));
    }
    // Printed as each size finishes, so a long run still shows what it measured.
    console.log([store, String(size), ...names.map((n) => format(figures[n]!))].join(" | "));
    results.push({ store, size, figures });
  }
  for (const store of new Set(results.map((r) => r.store))) {
    const rows = results.filter((r) => r.store === store);
    const first = rows[0];
    const last = rows.at(-1);
    if (!first || !last || first === last) continue;
    const ratios = names.map((n) => `${n} ${(last.figures[n]!.ms / first.figures[n]!.ms).toFixed(2)}×`);
    console.log(`${store}: ${last.size} vs ${first.size}: ${ratios.join(", ")}`);
  }
}

await main();

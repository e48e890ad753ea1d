import { mkdtemp, rm } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { composeServices } from "../src/compose.js";
import { newOpportunity, type Opportunity } from "../src/domain/opportunities/opportunity.js";
import type { Actor } from "../src/domain/shared/actor.js";
import {
  CosmosDocumentStore,
  type CosmosOperation,
  type CosmosRequestEvent,
} from "../src/store/cosmos/cosmos-document-store.js";
import type {
  BatchOperation,
  DocumentBody,
  DocumentPage,
  DocumentQuery,
  DocumentStore,
  SearchQuery,
  StoredDocument,
  StoreHealth,
} from "../src/store/document-store.port.js";
import { EmbeddedDocumentStore } from "../src/store/embedded/embedded-document-store.js";
import { attentionDate } from "../src/domain/opportunities/attention.js";
import { opportunityWrite } from "../src/store/opportunity.repository.js";
import { makeLocalQueriesLinear, startLocalCosmos } from "./local-cosmos.js";
import { writeCountedAndDated } from "./seeded-totals.js";

/**
 * How the cost of `pipeline`, `inbox`, the partner dashboard, `opp show` and a stage move grows with the
 * tenant: each store is seeded with N opportunities over 10 owners, then each command runs `--repeat` times
 * (`--cosmos-repeat` on Cosmos) after 3 warm-up runs, and the median time per command is printed per size,
 * together with what the command asked of the store: documents returned (both stores) and, on Cosmos, the
 * SDK operations by kind, their request charge (RU) and the HTTP requests the server received.
 *
 *   npm run bench:scale                     both stores at 1k, 10k, 100k, 300k (about 15 min on 2 loaded cores)
 *   npm run bench:scale -- --embedded 1000,10000 --cosmos "" --repeat 30
 *
 * Seeding writes the opportunities the way a tenant's import would: transactional batches of 100 in the
 * tenant's partition (the store's `batch`, one request each on Cosmos), `--seed-concurrency` batches in
 * flight (default 4), then each owner's pipeline totals and the markers that say the tenant is counted and
 * attention-stamped.
 *
 * Cosmos here is the local test server (`@vercel/cosmosdb-server`, in this process). It has no index: every
 * query page evaluates the query against every item of the container in JavaScript, twice (the SDK sends a
 * query-plan request beside each page), so its query times grow with the container whatever the query.
 * Its quadratic `FROM` scan is made linear first (local-cosmos.ts; `--unpatched-server` leaves it as
 * shipped, which makes one page at 100 k take minutes). It charges 1 RU per operation. So on Cosmos the
 * request counts are the figures that carry over to the real service (and what it bills by); the wall
 * time is split into the server's part (time with a request open at the server, which runs in this same
 * thread) and the rest (the services and the SDK), and only the rest says something about the bot.
 * Reads of the tenant's setup document (re-read every 30 s, however large the tenant) are counted apart.
 */
const { values: args } = parseArgs({
  options: {
    embedded: { type: "string", default: "1000,10000,100000,300000" },
    cosmos: { type: "string", default: "1000,10000,100000,300000" },
    repeat: { type: "string", default: "20" },
    // Fewer by default: at 300 k each query page takes the local server seconds (see above).
    "cosmos-repeat": { type: "string", default: "10" },
    "seed-concurrency": { type: "string", default: "4" },
    "unpatched-server": { type: "boolean", default: false },
  },
});
const sizes = (list: string) => list.split(",").filter(Boolean).map(Number);
const repeat = Number(args.repeat);
const cosmosRepeat = Number(args["cosmos-repeat"]);
const seedConcurrency = Number(args["seed-concurrency"]);

const tenant = "t-scale";
const owners = Array.from({ length: 10 }, (_, i) => ({ id: `u-rep-${i}`, name: `Rep ${i}` }));
const rep: Actor = { tenantId: tenant, userId: owners[0]!.id, name: owners[0]!.name, role: "rep" };
const manager: Actor = { tenantId: tenant, userId: "u-manager", name: "Manager", role: "manager" };
/**
 * A partner that manages the first 20 opportunities and then one in a thousand: its dashboard's lists are
 * sparse in a large tenant, yet full pages (10 a list) at every size, so each size answers the same thing.
 */
const partnerUser: Actor = {
  tenantId: tenant,
  userId: "u-partner",
  name: "Nora Partner",
  role: "partner",
  partner: "P-1001",
};
const load = () => loadavg()[0]!.toFixed(1);

async function seed(store: DocumentStore, count: number): Promise<void> {
  const services = composeServices(store);
  const setup = await services.setup.load(tenant);
  const cycle = setup.cycles[0]!;
  const account = await services.parties.createAccount(manager, { name: "Scale AB" });
  if (!account.ok) throw new Error("account new failed");
  const party = { kind: "account" as const, ref: account.value.ref, name: account.value.name };
  const partner = await services.partners.create(manager, { name: "Northwind" });
  if (!partner.ok || partner.value.ref !== partnerUser.partner) throw new Error("partner new failed");

  const opportunity = (i: number): Opportunity => {
    const owner = owners[i % owners.length]!;
    const stage = cycle.stages[i % cycle.stages.length]!;
    const o = newOpportunity(
      { title: `Deal ${i}`, party, currency: i % 4 === 0 ? "DKK" : "EUR", estimatedValue: 1000 + (i % 97) },
      `O-${1001 + i}`,
      cycle,
      { tenantId: tenant, userId: owner.id, name: owner.name, role: "rep" },
      new Date(Date.UTC(2026, 0, 1) + i * 60_000),
    );
    const moved: Opportunity = {
      ...o,
      stageId: stage.id,
      chancePct: stage.chancePct,
      ...(i % 5 === 4 ? { status: "won" as const, closeCode: "WON-PRICE", closedOn: "2026-06-01" } : {}),
      ...(i < 20 || i % 1000 === 500
        ? {
            distribution: {
              collaboration: false,
              partners: [
                {
                  partner: "P-1001",
                  name: "Northwind",
                  status: "accepted" as const,
                  at: o.createdAt,
                  by: { id: manager.userId, name: manager.name },
                },
              ],
            },
          }
        : {}),
    };
    // As every write stores it: every open one is long overdue, so each inbox shows a full page.
    return { ...moved, attentionDate: attentionDate(moved, cycle) };
  };

  const all: Opportunity[] = [];
  let next = 0;
  const started = performance.now();
  let reported = started;
  // Each worker takes the next 100 and writes them as one batch; `seedConcurrency` batches are in flight.
  const worker = async () => {
    while (next < count) {
      const from = next;
      next = Math.min(count, next + 100);
      const batch: Opportunity[] = [];
      for (let i = from; i < next; i++) batch.push(opportunity(i));
      all.push(...batch);
      await store.batch(
        tenant,
        batch.map((o) => ({
          op: "create" as const,
          body: { ...opportunityWrite(o).document, counted: true },
        })),
      );
      if (performance.now() - reported > 30_000) {
        reported = performance.now();
        const rate = Math.round(all.length / ((reported - started) / 1000));
        console.log(`  … seeded ${all.length}/${count} (${rate}/s, load ${load()})`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, seedConcurrency) }, worker));
  await writeCountedAndDated(store, tenant, all);
}

/** What one run of a command asked of the store. */
interface Asked {
  /** Documents the store returned (point reads found, query items). */
  documents: number;
  /** Cosmos only: SDK operations by kind, their request charge, and the HTTP requests the server received. */
  ops?: Record<CosmosOperation, number>;
  ru?: number;
  http?: number;
}

/** Passes every call to the store it wraps, counting the documents that come back. */
class CountingStore implements DocumentStore {
  documents = 0;
  /** Reads of the tenant's setup document, counted apart: the services re-read it every 30 s, whatever the size. */
  setupReads = 0;

  constructor(private readonly inner: DocumentStore) {}

  async read<T extends DocumentBody>(tenantId: string, id: string): Promise<StoredDocument<T> | undefined> {
    const found = await this.inner.read<T>(tenantId, id);
    if (id === "setup") this.setupReads += 1;
    else if (found) this.documents += 1;
    return found;
  }

  create<T extends DocumentBody>(tenantId: string, body: T): Promise<StoredDocument<T>> {
    return this.inner.create(tenantId, body);
  }

  replace<T extends DocumentBody>(tenantId: string, body: T, ifMatch: string): Promise<StoredDocument<T>> {
    return this.inner.replace(tenantId, body, ifMatch);
  }

  delete(tenantId: string, id: string, ifMatch: string): Promise<void> {
    return this.inner.delete(tenantId, id, ifMatch);
  }

  async search(tenantId: string, query: SearchQuery): Promise<readonly StoredDocument[]> {
    const found = await this.inner.search(tenantId, query);
    this.documents += found.length;
    return found;
  }

  async query<T extends DocumentBody>(tenantId: string, query: DocumentQuery): Promise<DocumentPage<T>> {
    const page = await this.inner.query<T>(tenantId, query);
    this.documents += page.items.length;
    return page;
  }

  batch(
    tenantId: string,
    operations: readonly BatchOperation[],
  ): Promise<readonly (StoredDocument | undefined)[]> {
    return this.inner.batch(tenantId, operations);
  }

  nextNumber(tenantId: string, counterId: string, first: number): Promise<number> {
    return this.inner.nextNumber(tenantId, counterId, first);
  }

  health(): Promise<StoreHealth> {
    return this.inner.health();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** Collects the Cosmos adapter's `onRequest` events between start() and stop(). */
class CosmosEvents {
  private events: CosmosRequestEvent[] = [];
  private recording = false;

  readonly onRequest = (event: CosmosRequestEvent): void => {
    if (this.recording) this.events.push(event);
  };

  start(): void {
    this.events = [];
    this.recording = true;
  }

  stop(): Pick<Asked, "ops" | "ru"> {
    this.recording = false;
    const ops: Record<CosmosOperation, number> = {
      read: 0,
      create: 0,
      replace: 0,
      delete: 0,
      query: 0,
      batch: 0,
      patch: 0,
    };
    let ru = 0;
    for (const e of this.events) {
      // Time-driven, not size-driven (see CountingStore): left out so that a slow emulator's longer runs,
      // which cross more 30 s marks, do not look like growth.
      if (e.operation === "read" && e.id === "setup") continue;
      ops[e.operation] += 1;
      ru += e.requestCharge;
    }
    return { ops, ru };
  }
}

/**
 * The local server runs in this process, so its work and the client's (services, SDK) share one thread: the
 * time during which the server had at least one request open is the emulator's part of a command's wall
 * time, and the rest is what the bot and the SDK spent, which is what carries over to the real service
 * (plus its network round trips).
 */
class ServerClock {
  busyMs = 0;
  requests = 0;
  private open = 0;
  private since = 0;

  readonly onHttp = (req: IncomingMessage, res: ServerResponse): void => {
    // The setup's re-read every 30 s is left out, as in the other counts (see CountingStore).
    if (!req.url?.endsWith("/docs/setup")) this.requests += 1;
    if (this.open++ === 0) this.since = performance.now();
    res.once("close", () => {
      if (--this.open === 0) this.busyMs += performance.now() - this.since;
    });
  };
}

interface Measured {
  readonly ms: number;
  /** Cosmos only: the median of the server's part of each run (see ServerClock). */
  readonly serverMs?: number;
  /** What each measured run asked; the same for every run unless `varied`. */
  readonly asked: Asked;
  readonly varied: boolean;
  readonly setupReads: number;
}

interface Probe {
  readonly counting: CountingStore;
  readonly events?: CosmosEvents;
  readonly server?: ServerClock;
}

async function measure(run: () => Promise<unknown>, probe: Probe, times: number): Promise<Measured> {
  // Warm first (the JIT, SQLite's page cache), so the smallest size is not the slowest.
  for (let i = 0; i < 3; i++) await run();
  const ms: number[] = [];
  const serverMs: number[] = [];
  const asked: Asked[] = [];
  const setupBefore = probe.counting.setupReads;
  const { server } = probe;
  for (let i = 0; i < times; i++) {
    probe.events?.start();
    const before = { documents: probe.counting.documents, busy: server?.busyMs, http: server?.requests };
    const started = performance.now();
    await run();
    ms.push(performance.now() - started);
    const http = server ? { http: server.requests - (before.http ?? 0) } : {};
    asked.push({ documents: probe.counting.documents - before.documents, ...probe.events?.stop(), ...http });
    if (server) serverMs.push(server.busyMs - (before.busy ?? 0));
  }
  const median = (list: number[]) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? 0;
  return {
    ms: median(ms),
    ...(server ? { serverMs: median(serverMs) } : {}),
    asked: asked[0]!,
    varied: asked.some((a) => JSON.stringify(a) !== JSON.stringify(asked[0])),
    setupReads: probe.counting.setupReads - setupBefore,
  };
}

async function commands(store: DocumentStore, times: number, cosmos?: Omit<Probe, "counting">) {
  const counting = new CountingStore(store);
  const probe: Probe = { counting, ...cosmos };
  const services = composeServices(counting);
  const opps = services.opportunities;
  const moved = "O-1001";
  let forward = true;
  const must = async (p: Promise<{ ok: boolean }>) => {
    const r = await p;
    if (!r.ok) throw new Error(`command failed: ${JSON.stringify(r)}`);
  };
  await must(opps.pipeline(manager)); // loads and caches the setup
  const run = (command: () => Promise<unknown>) => measure(command, probe, times);
  return {
    pipeline: await run(() => must(opps.pipeline(manager))),
    "pipeline mine": await run(() => must(opps.pipeline(rep, rep.userId))),
    "inbox (manager)": await run(() => must(opps.inbox(manager))),
    "inbox (rep)": await run(() => must(opps.inbox(rep))),
    "partner dashboard": await run(() => must(opps.partnerDashboard(partnerUser))),
    "opp show": await run(() => must(opps.show(rep, "O-1011"))),
    "stage move": await run(async () => {
      await must(forward ? opps.next(rep, moved) : opps.previous(rep, moved));
      forward = !forward;
    }),
    // Not a command: one query page that matches nothing, to show what the store charges for any page. On
    // the local Cosmos server that is its scan of the whole container, the floor under every query above.
    "empty query page": await run(() => counting.query(tenant, { type: "no-such-type", limit: 10 })),
  };
}

type Figures = Awaited<ReturnType<typeof commands>>;

async function seeded(store: DocumentStore, size: number): Promise<number> {
  const started = performance.now();
  await seed(store, size);
  return (performance.now() - started) / 1000;
}

async function embedded(size: number) {
  const dir = await mkdtemp(join(tmpdir(), "bench-scale-"));
  const store = await EmbeddedDocumentStore.open({ dir });
  try {
    const seedSeconds = await seeded(store, size);
    const loadBefore = load();
    return { seedSeconds, loadBefore, figures: await commands(store, repeat) };
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function cosmos(size: number) {
  const clock = new ServerClock();
  const server = await startLocalCosmos(clock.onHttp);
  const events = new CosmosEvents();
  const store = await CosmosDocumentStore.open({
    endpoint: server.endpoint,
    key: "local",
    database: "scale",
    agent: server.agent,
    onRequest: events.onRequest,
  });
  try {
    const seedSeconds = await seeded(store, size);
    const loadBefore = load();
    return {
      seedSeconds,
      loadBefore,
      figures: await commands(store, cosmosRepeat, { events, server: clock }),
    };
  } finally {
    await store.close();
    await server.stop();
  }
}

/** The median wall time; on Cosmos also the server's part and the rest (the bot and the SDK). */
const formatMs = (m: Measured) =>
  m.serverMs === undefined
    ? `${m.ms.toFixed(2)} ms`
    : `${m.ms.toFixed(2)} ms (server ${m.serverMs.toFixed(2)}, rest ${(m.ms - m.serverMs).toFixed(2)})`;

/** "1 query, 7 docs, 1 RU" — SDK operations (none listed: none), documents returned, request charge. */
function formatAsked(m: Measured): string {
  const { ops, ru, documents } = m.asked;
  const parts = Object.entries(ops ?? {})
    .filter(([, n]) => n > 0)
    .map(([op, n]) => `${n} ${op}`);
  const http = m.asked.http === undefined ? "" : `, ${m.asked.http} HTTP`;
  return `${parts.join(" + ")}, ${documents} docs, ${ru ?? 0} RU${http}${m.varied ? " (varied!)" : ""}`;
}

function table(rows: { size: number; figures: Figures }[], cell: (m: Measured) => string, ratio: boolean) {
  const names = Object.keys(rows[0]!.figures) as (keyof Figures)[];
  const header = ["command", ...rows.map((r) => `${r.size / 1000} k`), ...(ratio ? ["last ÷ first"] : [])];
  const lines = names.map((n) => {
    const first = rows[0]!.figures[n];
    const last = rows.at(-1)!.figures[n];
    return [
      n,
      ...rows.map((r) => cell(r.figures[n])),
      ...(ratio ? [`${(last.ms / first.ms).toFixed(2)}×`] : []),
    ];
  });
  for (const line of [header, ...lines]) console.log(`| ${line.join(" | ")} |`);
}

async function main(): Promise<void> {
  const linear = sizes(args.cosmos).length > 0 && !args["unpatched-server"] && makeLocalQueriesLinear();
  const runs = [
    ...sizes(args.embedded).map((size) => ({ store: "embedded", size, run: () => embedded(size) })),
    ...sizes(args.cosmos).map((size) => ({ store: "cosmos (local server)", size, run: () => cosmos(size) })),
  ];
  console.log(
    `median of ${repeat} (embedded) / ${cosmosRepeat} (cosmos) per command, Node ${process.version}, ` +
      `seeding ${seedConcurrency} batches at a time; load average at start ${loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")}`,
  );
  if (sizes(args.cosmos).length > 0) {
    console.log(`local Cosmos server's FROM scan: ${linear ? "made linear" : "as shipped (quadratic)"}`);
  }
  const results: { store: string; size: number; figures: Figures }[] = [];
  for (const { store, size, run } of runs) {
    const { seedSeconds, loadBefore, figures } = await run();
    // Printed as each size finishes, so a long run still shows what it measured.
    console.log(
      `${store} ${size}: seeded in ${seedSeconds.toFixed(1)} s; load ${loadBefore} before the commands, ` +
        `${load()} after`,
    );
    for (const [name, m] of Object.entries(figures)) {
      const setup = m.setupReads ? ` (+ ${m.setupReads} setup re-reads in all, every 30 s)` : "";
      console.log(
        `  ${name}: ${formatMs(m)}${m.asked.ops ? `; ${formatAsked(m)}${setup}` : `; ${m.asked.documents} docs`}`,
      );
    }
    results.push({ store, size, figures });
  }
  for (const store of new Set(results.map((r) => r.store))) {
    const rows = results.filter((r) => r.store === store);
    console.log(`\n${store}: median time per command`);
    table(rows, formatMs, rows.length > 1);
    console.log(`\n${store}: asked of the store per command`);
    table(rows, (m) => (m.asked.ops ? formatAsked(m) : `${m.asked.documents} docs`), false);
  }
  console.log(
    `\nload average at the end ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
}

await main();

import type { IncomingMessage } from "node:http";
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { dirname, join, relative } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { PipelineApp } from "../src/app/pipeline-app.js";
import type { Reply, Turn } from "../src/kit/turn.js";
import { CardRenderer } from "../src/kit/rendering/renderer.js";
import { composeServices } from "../src/compose.js";
import type { SalesCycle } from "../src/domain/cycles/cycle.js";
import type { LeadDraft } from "../src/domain/leads/lead.js";
import type { Opportunity, StageHistoryEntry } from "../src/domain/opportunities/opportunity.js";
import { contactLink, type PartyLink } from "../src/domain/parties/party.js";
import { attentionDate } from "../src/domain/opportunities/attention.js";
import type { Actor } from "../src/domain/shared/actor.js";
import { systemClock } from "../src/domain/shared/ports.js";
import type { Result } from "../src/domain/shared/result.js";
import type { Services } from "../src/kit/feature.js";
import { silentLogger } from "../src/log.js";
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
import { operationId } from "../src/store/document-store.port.js";
import { opportunityWrite } from "../src/store/opportunity.repository.js";
import { projectRoot } from "../src/util/project-root.js";
import { makeLocalQueriesLinear, startLocalCosmos } from "./local-cosmos.js";
import { writeCountedAndDated } from "./seeded-totals.js";

/**
 * Cosmos request budget: how many Cosmos operations each command costs when a tenant holds many
 * opportunities. Everything runs in this process against the local Cosmos DB server
 * (`@vercel/cosmosdb-server`, https on 127.0.0.1; its expired self-signed certificate is accepted by this
 * client's agent only, never process-wide).
 *
 *   npm run bench:cosmos                      50 000 opportunities in the measured tenant (default)
 *   node dist/bench/cosmos-requests.js --opportunities N [--other-tenant M] [--repeat R]
 *     [--seed-concurrency C] [--unpatched-server]
 *
 * Seeding writes the opportunities as the product stores them today, C at a time, spread over 5 owners, 80
 * accounts/contacts (contacts linked with their person flag, as `contactLink` links them) and the 4 stages
 * (80 % open): each is one batch of the record and its history entries (`opportunityWrite`), counted in its
 * owner's pipeline totals and dated for the inbox; then the totals (`totalsOf`) and the markers saying the
 * tenant is counted and dated, so no measured command does the one-time counting or dating of records stored
 * before those existed. Accounts, contacts and 200 leads go through the services.
 * A second tenant gets M opportunities (default N/10) with the same references and owners, all updated more
 * recently than the measured tenant's: a query without its tenant filter would list them first, and the
 * adapter throws on an item of another tenant, so any leak fails the run.
 *
 * Each command then runs R times (default 3) over services composed on the store,
 * with the tenant setup cached (as it is for 30 s after any command), and the budget commands also R times
 * "cold", each on freshly composed services. Counted per run: the SDK operations reported by the adapter's
 * `onRequest` hook (point read, create, replace, delete, patch, batch, query page), the documents they returned (counted at
 * the port by a pass-through wrapper), the RU charge, the HTTP requests the server received, and the wall
 * time. The typed-text path (PipelineApp.message with a Turn) and, where it exists, the card-button path
 * (PipelineApp.action) run beside the service calls to show what the command layer adds. Results: a table on stdout and bench/results/cosmos-<timestamp>.json.
 *
 * Budgets (exit code 1 when missed, warm, on every path measured; each printed with its reason): `opp show`
 * and `lead show` = 1 point read; a stage move (`opp next`) and `opp update` = 2 point reads (the record, its
 * owner's totals) + 1 batch; `opp list …` and `lead list` = 1 query page (first and next page); `pipeline`
 * = 1 query page (the totals), one owner's pipeline = 2 point reads; a rep's `inbox` = 1 query page. Also
 * every query sent must carry `c.tenantId = @tenantId` with the caller's tenant.
 *
 * What the local server cannot tell: it charges 1 RU per operation whatever it does, and it has no index
 * (it evaluates every query against every item of the container, so its query times grow with the whole
 * container). The operation counts carry over to Azure; the RU and the query times do not. Its query engine
 * is even quadratic in the container size; unless --unpatched-server is given, this process rewrites that
 * one expression into its linear equivalent (makeLocalQueriesLinear), or a query page at 50 000 items
 * takes close to a minute.
 */

interface Options {
  readonly opportunities: number;
  readonly otherTenant: number;
  readonly repeat: number;
  readonly seedConcurrency: number;
  readonly unpatchedServer: boolean;
}

const tenant = "tenant-bench-contoso";
const otherTenant = "tenant-bench-fabrikam";
const database = "bench";
const accountsPerTenant = 40;
const contactsPerTenant = 40;
const leadsPerTenant = 200;
const ownerCount = 5;
/** The inbox's page size (OpportunityService: inboxPage). */
const inboxPage = 50;
const benchStart = Date.parse("2026-11-23T09:00:00.000Z");
const minute = 60_000;

// ---------------------------------------------------------------------------------------------------------
// Options

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      opportunities: { type: "string", default: "50000" },
      "other-tenant": { type: "string" },
      repeat: { type: "string", default: "3" },
      "seed-concurrency": { type: "string", default: "32" },
      "unpatched-server": { type: "boolean", default: false },
    },
    strict: true,
  });
  const int = (name: string, text: string, min: number) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min)
      throw new Error(`--${name} must be an integer ≥ ${min}, got ${text}`);
    return n;
  };
  const opportunities = int("opportunities", values.opportunities, 300);
  return {
    opportunities,
    otherTenant: int(
      "other-tenant",
      values["other-tenant"] ?? String(Math.max(100, Math.round(opportunities / 10))),
      1,
    ),
    repeat: int("repeat", values.repeat, 1),
    seedConcurrency: int("seed-concurrency", values["seed-concurrency"], 1),
    unpatchedServer: values["unpatched-server"],
  };
}

// ---------------------------------------------------------------------------------------------------------
// Local Cosmos server

/** What an HTTP request to the server was, from its method and the SDK's headers. */
type HttpKind = "read" | "create" | "replace" | "delete" | "patch" | "query" | "queryPlan" | "other";
const httpKinds: readonly HttpKind[] = [
  "read",
  "create",
  "replace",
  "delete",
  "patch",
  "query",
  "queryPlan",
  "other",
];

function httpKind(req: IncomingMessage): HttpKind {
  if (!/\/docs(\/|$)/.test(req.url ?? "")) return "other";
  if (req.headers["x-ms-cosmos-is-query-plan-request"] !== undefined) return "queryPlan";
  if (req.headers["x-ms-documentdb-isquery"] !== undefined) return "query";
  switch (req.method) {
    case "GET":
      return "read";
    case "POST":
      return "create";
    case "PUT":
      return "replace";
    case "DELETE":
      return "delete";
    case "PATCH":
      return "patch";
    default:
      return "other";
  }
}

// ---------------------------------------------------------------------------------------------------------
// Recording: SDK operations from onRequest, documents from a pass-through wrapper, HTTP at the server

type OperationCounts = Record<CosmosOperation, number>;
type HttpCounts = Record<HttpKind, number>;
const noOps = (): OperationCounts => ({
  read: 0,
  create: 0,
  replace: 0,
  delete: 0,
  patch: 0,
  query: 0,
  batch: 0,
});
const noHttp = (): HttpCounts => Object.fromEntries(httpKinds.map((k) => [k, 0])) as HttpCounts;
const sum = (counts: Readonly<Record<string, number>>) => Object.values(counts).reduce((a, b) => a + b, 0);

interface PortCall {
  readonly operation: CosmosOperation;
  /** Point operations: the document id. Queries: the type, filter fields, order and page size. */
  readonly target: string;
  readonly documents: number;
}

interface Recording {
  readonly events: readonly CosmosRequestEvent[];
  readonly calls: readonly PortCall[];
  readonly http: HttpCounts;
}

class Recorder {
  private events: CosmosRequestEvent[] = [];
  private calls: PortCall[] = [];
  private http = noHttp();
  private recording = false;
  /** Every query the adapter sent while recording, for the tenant-filter check. */
  readonly queries: CosmosRequestEvent[] = [];

  readonly onRequest = (event: CosmosRequestEvent): void => {
    if (!this.recording) return;
    this.events.push(event);
    if (event.operation === "query") this.queries.push(event);
  };

  readonly onHttp = (kind: HttpKind): void => {
    if (this.recording) this.http[kind] += 1;
  };

  onCall(call: PortCall): void {
    if (this.recording) this.calls.push(call);
  }

  start(): void {
    this.events = [];
    this.calls = [];
    this.http = noHttp();
    this.recording = true;
  }

  stop(): Recording {
    this.recording = false;
    return { events: this.events, calls: this.calls, http: this.http };
  }
}

/** Delegates every call to the Cosmos store and notes how many documents each call returned. */
class CountingStore implements DocumentStore {
  constructor(
    private readonly inner: DocumentStore,
    private readonly recorder: Recorder,
  ) {}

  async read<T extends DocumentBody>(tenantId: string, id: string): Promise<StoredDocument<T> | undefined> {
    const found = await this.inner.read<T>(tenantId, id);
    this.recorder.onCall({ operation: "read", target: id, documents: found ? 1 : 0 });
    return found;
  }

  async create<T extends DocumentBody>(tenantId: string, body: T): Promise<StoredDocument<T>> {
    const created = await this.inner.create(tenantId, body);
    this.recorder.onCall({ operation: "create", target: body.id, documents: 1 });
    return created;
  }

  async replace<T extends DocumentBody>(
    tenantId: string,
    body: T,
    ifMatch: string,
  ): Promise<StoredDocument<T>> {
    const replaced = await this.inner.replace(tenantId, body, ifMatch);
    this.recorder.onCall({ operation: "replace", target: body.id, documents: 1 });
    return replaced;
  }

  async delete(tenantId: string, id: string, ifMatch: string): Promise<void> {
    await this.inner.delete(tenantId, id, ifMatch);
    this.recorder.onCall({ operation: "delete", target: id, documents: 0 });
  }

  async search(tenantId: string, query: SearchQuery): Promise<readonly StoredDocument[]> {
    const found = await this.inner.search(tenantId, query);
    this.recorder.onCall({
      operation: "query",
      target: `search ${query.types.join(",")}`,
      documents: found.length,
    });
    return found;
  }

  async query<T extends DocumentBody>(tenantId: string, query: DocumentQuery): Promise<DocumentPage<T>> {
    const page = await this.inner.query<T>(tenantId, query);
    this.recorder.onCall({ operation: "query", target: describeQuery(query), documents: page.items.length });
    return page;
  }

  async batch(
    tenantId: string,
    operations: readonly BatchOperation[],
  ): Promise<readonly (StoredDocument | undefined)[]> {
    const results = await this.inner.batch(tenantId, operations);
    const target = operations.map((o) => `${o.op} ${operationId(o)}`).join(", ");
    this.recorder.onCall({ operation: "batch", target, documents: operations.length });
    return results;
  }

  /** The adapter's own atomic increment (one patch; a create the first time). */
  async nextNumber(tenantId: string, counterId: string, first: number): Promise<number> {
    const n = await this.inner.nextNumber(tenantId, counterId, first);
    this.recorder.onCall({ operation: "patch", target: counterId, documents: 1 });
    return n;
  }

  health(): Promise<StoreHealth> {
    return this.inner.health();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

function describeQuery(query: DocumentQuery): string {
  const where = Object.keys(query.where ?? {});
  const order = query.orderBy ? ` order by ${query.orderBy.field} ${query.orderBy.direction}` : "";
  const more = query.continuation ? " (continuation)" : "";
  return `${query.type}${where.length ? ` where ${where.join(" & ")}` : ""}${order}, limit ${query.limit}${more}`;
}

/** "read opportunity:O-1234" → "read opportunity:O-…", so the calls of repeated runs group together. */
const shapeOf = (call: PortCall) =>
  `${call.operation} ${call.operation === "query" ? call.target : call.target.replace(/-\d+$/, "-…")}`;

// ---------------------------------------------------------------------------------------------------------
// Measurements

interface Run {
  readonly ops: OperationCounts;
  readonly documents: number;
  readonly ruCharge: number;
  readonly wallMs: number;
  readonly calls: readonly PortCall[];
  readonly http: HttpCounts;
}

type Path = "service" | "text" | "card" | "service, cold";

interface Row {
  readonly command: string;
  readonly path: Path;
  readonly runs: number;
  /** SDK operations of one run (the run with the most, if runs differed). */
  readonly ops: OperationCounts;
  readonly operations: number;
  readonly sameCountsEveryRun: boolean;
  readonly documents: number;
  readonly ruCharge: number;
  /** HTTP requests the server received in that run, by kind. */
  readonly http: HttpCounts;
  readonly httpRequests: number;
  readonly wallMs: { readonly median: number; readonly min: number; readonly max: number };
  /** The port calls of that run grouped by shape, in order of first appearance. */
  readonly calls: readonly { readonly call: string; readonly times: number; readonly documents: number }[];
  readonly budget?: string;
  /** Why the budget is what it is. */
  readonly budgetWhy?: string;
  readonly met?: boolean;
  readonly note?: string;
}

async function measure(recorder: Recorder, run: () => Promise<void>): Promise<Run> {
  recorder.start();
  const started = performance.now();
  let wallMs = 0;
  let recording: Recording;
  try {
    await run();
  } finally {
    wallMs = performance.now() - started;
    recording = recorder.stop();
  }
  const ops = noOps();
  let ruCharge = 0;
  for (const event of recording.events) {
    ops[event.operation] += 1;
    ruCharge += event.requestCharge;
  }
  return {
    ops,
    documents: recording.calls.reduce((total, c) => total + c.documents, 0),
    ruCharge,
    wallMs,
    calls: recording.calls,
    http: recording.http,
  };
}

function summarise(command: string, path: Path, runs: readonly Run[], budget?: Budget, note?: string): Row {
  const widest = runs.reduce((a, b) => (sum(b.ops) > sum(a.ops) ? b : a));
  const times = runs.map((r) => r.wallMs).sort((a, b) => a - b);
  const grouped = new Map<string, { call: string; times: number; documents: number }>();
  for (const call of widest.calls) {
    const key = shapeOf(call);
    const entry = grouped.get(key) ?? { call: key, times: 0, documents: 0 };
    entry.times += 1;
    entry.documents += call.documents;
    grouped.set(key, entry);
  }
  const same = runs.every((r) => JSON.stringify(r.ops) === JSON.stringify(widest.ops));
  return {
    command,
    path,
    runs: runs.length,
    ops: widest.ops,
    operations: sum(widest.ops),
    sameCountsEveryRun: same,
    documents: widest.documents,
    ruCharge: widest.ruCharge,
    http: widest.http,
    httpRequests: sum(widest.http),
    wallMs: {
      median: round1(times[Math.floor((times.length - 1) / 2)] ?? 0),
      min: round1(times[0] ?? 0),
      max: round1(times[times.length - 1] ?? 0),
    },
    calls: [...grouped.values()],
    ...(budget
      ? {
          budget: formatOps(budget.ops),
          budgetWhy: budget.why,
          met: runs.every((r) => JSON.stringify(r.ops) === JSON.stringify(budget.ops)),
        }
      : {}),
    ...(note ? { note } : {}),
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

function must<T>(result: Result<T>, what: string): T {
  if (!result.ok) throw new Error(`${what} failed: ${JSON.stringify(result.error)}`);
  return result.value;
}

function formatOps(ops: OperationCounts): string {
  const parts = (Object.entries(ops) as [CosmosOperation, number][])
    .filter(([, n]) => n > 0)
    .map(([op, n]) => `${n} ${op === "query" ? (n === 1 ? "query page" : "query pages") : op}`);
  return parts.length ? parts.join(" + ") : "none";
}

// ---------------------------------------------------------------------------------------------------------
// Seeding

interface Owner {
  readonly id: string;
  readonly name: string;
}

const owners: readonly Owner[] = Array.from({ length: ownerCount }, (_, i) => ({
  id: `00000000-0000-4000-8000-00000000000${i + 1}`,
  name: ["Ann Berg", "Bo Dahl", "Cai Eng", "Dee Falk", "Eli Gran"][i] ?? `Rep ${i + 1}`,
}));

const actorFor = (tenantId: string, owner: Owner): Actor => ({
  tenantId,
  userId: owner.id,
  name: owner.name,
  role: "rep",
});

/** Small deterministic generator (mulberry32), so every run seeds the same data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface SeededOpportunity {
  readonly ref: string;
  readonly ownerIndex: number;
  readonly stageId: string;
  readonly status: Opportunity["status"];
  readonly partyRef: string;
}

interface Seeded {
  readonly opportunities: readonly SeededOpportunity[];
  readonly accounts: readonly string[];
  readonly contacts: readonly string[];
  readonly leads: readonly string[];
  /** Time spent writing the opportunities. */
  readonly opportunitySeconds: number;
  readonly documents: number;
}

async function seedTenant(
  services: Services,
  store: DocumentStore,
  tenantId: string,
  count: number,
  newest: number,
  options: Pick<Options, "seedConcurrency">,
  label: string,
): Promise<Seeded> {
  const rnd = random(tenantId.length * 7919 + count);
  const admin = actorFor(tenantId, owners[0] as Owner);
  const setup = await services.setup.load(tenantId);
  const cycle = setup.cycles.find((c) => c.code === setup.defaultCycleCode) as SalesCycle;
  const closeCodes = setup.closeCodes;

  const accounts: PartyLink[] = [];
  for (let i = 0; i < accountsPerTenant; i++) {
    const a = must(
      await services.parties.createAccount(admin, {
        name: `${label} Account ${i + 1}`,
        domain: `account${i + 1}.${label.toLowerCase()}.example`,
        isCustomer: i % 2 === 0,
      }),
      "account new",
    );
    accounts.push({ kind: "account", ref: a.ref, name: a.name });
  }
  const contacts: PartyLink[] = [];
  for (let i = 0; i < contactsPerTenant; i++) {
    const c = must(
      await services.parties.createContact(admin, {
        kind: "person",
        firstName: `Pat${i + 1}`,
        lastName: `${label}son`,
        email: `pat${i + 1}@${label.toLowerCase()}.example`,
        account: accounts[i % accounts.length]?.ref ?? "",
      }),
      "contact new",
    );
    // Linked as `opp new … contact=` links it: with the person flag, so `opp show` needs no read of it.
    contacts.push(contactLink(c));
  }
  const leads: string[] = [];
  for (let i = 0; i < leadsPerTenant; i++) {
    const draft: LeadDraft = {
      topic: `${label} lead ${i + 1}`,
      firstName: `Lee${i + 1}`,
      lastName: `${label}sen`,
      company: `${label} Prospect ${i + 1}`,
      email: `lee${i + 1}@prospect.example`,
    };
    const owner = owners[i % owners.length] as Owner;
    const lead = must(await services.leads.create(actorFor(tenantId, owner), draft), "lead new");
    leads.push(lead.value.ref);
  }

  // Opportunities: through the store in the shape the repository writes (opportunityWrite: the record with
  // its latest history and, in the same batch, its history entries), already counted in the pipeline totals
  // and dated for the inbox, as every write since those existed leaves them.
  const opportunities: SeededOpportunity[] = [];
  const all: Opportunity[] = [];
  for (let i = 0; i < count; i++) {
    const ref = `O-${1001 + i}`;
    const ownerIndex = Math.floor(rnd() * owners.length);
    const owner = owners[ownerIndex] as Owner;
    const stageIndex = Math.floor(rnd() * cycle.stages.length);
    const stage = cycle.stages[stageIndex] as SalesCycle["stages"][number];
    const roll = rnd();
    const status: Opportunity["status"] = roll < 0.1 ? "won" : roll < 0.2 ? "lost" : "open";
    const party = (rnd() < 0.5 ? accounts : contacts)[Math.floor(rnd() * accountsPerTenant)] as PartyLink;
    // Newest first by index: opportunity i was last touched i minutes before `newest`.
    const updatedAt = new Date(newest - i * minute).toISOString();
    const createdAt = new Date(newest - i * minute - 30 * 24 * 60 * minute).toISOString();
    const stamp = { id: owner.id, name: owner.name };
    const history: StageHistoryEntry[] = [{ action: "create", to: "qualify", by: stamp, at: createdAt }];
    for (let s = 1; s <= stageIndex; s++) {
      history.push({
        action: "next",
        from: cycle.stages[s - 1]?.id ?? "",
        to: cycle.stages[s]?.id ?? "",
        by: stamp,
        at: updatedAt,
      });
    }
    const closeCode = closeCodes.filter((c) => c.type === status)[i % 3];
    if (status !== "open") {
      history.push({ action: "close", from: stage.id, to: status, by: stamp, at: updatedAt });
    }
    const opportunity: Opportunity = {
      ref,
      tenantId,
      title: `${label} deal ${i + 1}`,
      party,
      owner: stamp,
      currency: i % 7 === 0 ? "USD" : "EUR",
      estimatedValue: 1000 + Math.floor(rnd() * 99_000),
      chancePct: stage.chancePct,
      cycleCode: cycle.code,
      stageId: stage.id,
      status,
      ...(status !== "open" && closeCode
        ? { closeCode: closeCode.code, closedOn: updatedAt.slice(0, 10) }
        : {}),
      lines: [],
      expectedCloseDate: new Date(newest + (Math.floor(rnd() * 120) - 30) * 24 * 60 * minute)
        .toISOString()
        .slice(0, 10),
      timeline: [],
      history,
      historyCount: 0,
      timelineCount: 0,
      counted: true,
      revision: history.length,
      createdBy: stamp,
      createdAt,
      updatedBy: stamp,
      updatedAt,
    };
    all.push({ ...opportunity, attentionDate: attentionDate(opportunity, cycle) });
    opportunities.push({ ref, ownerIndex, stageId: stage.id, status, partyRef: party.ref });
  }
  let next = 0;
  let written = 0;
  const writing = performance.now();
  let lastReport = writing;
  let entryDocuments = 0;
  const worker = async () => {
    while (next < all.length) {
      const { document, entries } = opportunityWrite(all[next++] as Opportunity);
      await store.batch(tenantId, [{ op: "create", body: document }, ...entries]);
      entryDocuments += entries.length;
      written += 1;
      if (performance.now() - lastReport > 10_000) {
        lastReport = performance.now();
        const rate = written / ((lastReport - writing) / 1000);
        console.log(`  … ${label}: ${written}/${all.length} opportunities (${Math.round(rate)}/s)`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.seedConcurrency, all.length) }, worker));
  const opportunitySeconds = (performance.now() - writing) / 1000;
  // Each owner's pipeline totals and the markers saying the tenant is counted and dated: without them the
  // tenant's first `pipeline` and `inbox` would count and date every opportunity stored before (once).
  const totalsAndMarkers = await writeCountedAndDated(store, tenantId, all);
  // The reference counter, so an `opp new` after the seed takes the next free number.
  await store.create(tenantId, { id: "counter:O", type: "counter", next: 1001 + count });
  return {
    opportunities,
    accounts: accounts.map((a) => a.ref),
    contacts: contacts.map((c) => c.ref),
    leads,
    opportunitySeconds,
    // The setup document, the counters of A, C and L, and the counter of O written above.
    documents:
      count + entryDocuments + totalsAndMarkers + accountsPerTenant + contactsPerTenant + leadsPerTenant + 5,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Main

interface Case {
  readonly command: string;
  readonly path: Path;
  readonly times: number;
  readonly budget?: Budget;
  /** Runs before each measured run, outside the measurement. */
  readonly prepare?: (i: number) => Promise<void>;
  readonly run: (i: number) => Promise<void>;
  /** Runs after all measured runs, outside the measurement (checks that the runs did what they should). */
  readonly check?: () => Promise<void>;
  readonly note?: () => string;
}

/** What a command must cost, warm, and why that is its cost. */
interface Budget {
  readonly ops: OperationCounts;
  readonly why: string;
}

const showBudget: Budget = {
  ops: { ...noOps(), read: 1 },
  why: "the record carries what the card shows (latest history, the party's name and person flag)",
};
const writeBudget: Budget = {
  ops: { ...noOps(), read: 2, batch: 1 },
  why: "read the record and its owner's pipeline totals; write record, history entry and totals all or none",
};
const pageBudget: Budget = {
  ops: { ...noOps(), query: 1 },
  why: "one indexed query page of 10, whatever the tenant holds; the cursor continues it",
};
const leadShowBudget: Budget = { ops: { ...noOps(), read: 1 }, why: "one point read of the lead" };
const pipelineBudget: Budget = {
  ops: { ...noOps(), query: 1 },
  why: "one query page of the owners' kept-current totals documents, however many opportunities",
};
const pipelineMineBudget: Budget = {
  ops: { ...noOps(), read: 2 },
  why: "point reads of the all-counted marker and the owner's totals document",
};
const inboxBudget: Budget = {
  ops: { ...noOps(), query: 1 },
  why: "one query page of the owner's open opportunities by attention date, read up to the first not due",
};

async function main(): Promise<number> {
  const options = readOptions();
  console.log(
    `Cosmos request budget: ${options.opportunities} opportunities in ${tenant}, ${options.otherTenant} in ` +
      `${otherTenant}; ${options.repeat} runs per command; Node ${process.version}, ${cpus().length} CPUs, ` +
      `load average ${loadavg()[0]?.toFixed(1)}`,
  );
  const linearQueries = !options.unpatchedServer && makeLocalQueriesLinear();
  console.log(
    linearQueries
      ? "Local server: its quadratic FROM scan is replaced by the equivalent linear one (--unpatched-server: as shipped)."
      : "Local server: as shipped (query time quadratic in the container size).",
  );
  const recorder = new Recorder();
  const cosmos = await startLocalCosmos((req) => recorder.onHttp(httpKind(req)));
  let cosmosStore: CosmosDocumentStore | undefined;
  try {
    cosmosStore = await CosmosDocumentStore.open({
      endpoint: cosmos.endpoint,
      key: "local-bench-key",
      agent: cosmos.agent,
      database,
      container: "pipeline",
      onRequest: recorder.onRequest,
    });
    const store = new CountingStore(cosmosStore, recorder);

    // Seed the other tenant first: its opportunities are all newer than the measured tenant's.
    console.log("Seeding …");
    const seedServices = composeServices(store, systemClock);
    const seedStarted = performance.now();
    const other = await seedTenant(
      seedServices,
      store,
      otherTenant,
      options.otherTenant,
      benchStart,
      options,
      "Fabrikam",
    );
    const newest = benchStart - (options.otherTenant + 10) * minute;
    const seeded = await seedTenant(
      seedServices,
      store,
      tenant,
      options.opportunities,
      newest,
      options,
      "Contoso",
    );
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const seedDocuments = seeded.documents + other.documents;
    console.log(
      `Seeded ${seedDocuments} documents in ${seedSeconds.toFixed(1)} s (opportunities: ` +
        `${Math.round(options.opportunities / seeded.opportunitySeconds)}/s at ${options.seedConcurrency} in parallel)`,
    );

    const me = owners[0] as Owner;
    const actor = actorFor(tenant, me);
    const mine = seeded.opportunities.filter((o) => o.ownerIndex === 0);
    const mineOpen = mine.filter((o) => o.status === "open");
    const openCount = seeded.opportunities.filter((o) => o.status === "open").length;
    // A stage move needs an open opportunity whose next stage does not require a quote.
    const movable = mineOpen.filter((o) => o.stageId === "qualify" || o.stageId === "develop");
    let movableAt = 0;
    const takeMovable = () => {
      const o = movable[movableAt++];
      if (!o) throw new Error("Ran out of movable opportunities: seed more (--opportunities).");
      return o.ref;
    };
    let updatableAt = mineOpen.length;
    const takeUpdatable = () => {
      const o = mineOpen[--updatableAt];
      if (!o || updatableAt < movableAt) throw new Error("Ran out of open opportunities to update.");
      return o.ref;
    };
    const rnd = random(42);
    const anyRef = () =>
      (seeded.opportunities[Math.floor(rnd() * seeded.opportunities.length)] as SeededOpportunity).ref;
    const anyLead = () => seeded.leads[Math.floor(rnd() * seeded.leads.length)] ?? "";

    const services = composeServices(store, systemClock);
    const app = new PipelineApp({ services, cards: CardRenderer.load(), admins: [], log: silentLogger });
    const turn: Turn = {
      tenantId: tenant,
      user: { id: "29:bench-user-1", aadObjectId: me.id, name: me.name },
      conversation: { id: "a:bench-personal", kind: "personal" },
      serviceUrl: "http://127.0.0.1:9/",
      botId: "28:pipeline-bot",
      mentions: [],
      // Teams confirms the user is a member of the tenant (without it the bot refuses, changing nothing).
      roster: {
        member: (teamsId) =>
          Promise.resolve(
            teamsId === "29:bench-user-1"
              ? { teamsId, aadObjectId: me.id, name: me.name, tenantId: tenant, userRole: "user" as const }
              : undefined,
          ),
      },
      locale: "en-US",
      timeZone: "UTC",
    };
    const said = (replies: readonly Reply[]) =>
      replies.map((r) => (r.kind === "text" ? r.text : `[card: ${r.summary}]`)).join(" | ");
    /** Types `text` as the user; the answer must carry a card (every measured command answers with one). */
    const say = async (text: string): Promise<Reply[]> => {
      const replies = await app.message(turn, text);
      if (!replies.some((r) => r.kind === "card")) throw new Error(`"${text}" answered: ${said(replies)}`);
      return replies;
    };
    /** Presses a card button; the answer must be a card. */
    const press = async (verb: string, data: object): Promise<string> => {
      const reply = await app.action(turn, verb, data);
      if (reply.kind !== "card") throw new Error(`${verb} answered: ${reply.text}`);
      return JSON.stringify(reply.card);
    };
    const stored = async (ref: string) =>
      must(await services.opportunities.show(actor, ref), "opp show").opportunity;

    const rows: Row[] = [];
    const record = (row: Row) => {
      rows.push(row);
      const budget = row.met === undefined ? "" : row.met ? "  budget met" : "  BUDGET MISSED";
      console.log(
        `  ${row.command.padEnd(36)} ${row.path.padEnd(13)} ${formatOps(row.ops).padEnd(24)} ` +
          `${String(row.documents).padStart(6)} docs ${row.wallMs.median.toFixed(1).padStart(9)} ms${budget}`,
      );
    };

    /**
     * Each run sees the tenant setup, the user and the chat cached, as they are for 30 s after any turn
     * (queries on the local server take a second or more at this size, so a case can outlast the 30 s).
     */
    async function runCase(c: Case): Promise<void> {
      const runs: Run[] = [];
      for (let i = 0; i < c.times; i++) {
        await c.prepare?.(i);
        await services.setup.load(tenant);
        await services.directory.user(tenant, me.id);
        await services.directory.conversation(tenant, turn.conversation.id);
        runs.push(await measure(recorder, () => c.run(i)));
      }
      await c.check?.();
      record(summarise(c.command, c.path, runs, c.budget, c.note?.()));
    }

    // Warm-up, not reported: connections, JIT, the setup cache, and the inbox's one read per process of the
    // marker saying the tenant's records are dated (never removed, so it is remembered once seen).
    for (let i = 0; i < 5; i++) {
      must(await services.opportunities.show(actor, anyRef()), "warm-up opp show");
      await say(`opp show ${anyRef()}`);
    }
    must(await services.opportunities.inbox(actor), "warm-up inbox");

    const R = options.repeat;
    console.log("Measuring …");

    // Cold: the first command on freshly composed services (empty setup cache), as after a restart or
    // when the 30 s setup cache has expired.
    const cold = async (command: string, run: (s: Services) => Promise<void>) => {
      const runs: Run[] = [];
      for (let i = 0; i < R; i++) {
        const fresh = composeServices(store, systemClock);
        runs.push(await measure(recorder, () => run(fresh)));
      }
      const note =
        command === "inbox"
          ? "the tenant setup and the tenant's dated marker are read first"
          : "the tenant setup is read first";
      record(summarise(command, "service, cold", runs, undefined, note));
    };
    await cold(
      "opp show O-…",
      async (s) => void must(await s.opportunities.show(actor, anyRef()), "opp show"),
    );
    await cold(
      "opp next O-…",
      async (s) => void must(await s.opportunities.next(actor, takeMovable()), "opp next"),
    );
    await cold("opp list mine", async (s) => {
      must(await s.opportunities.list(actor, { status: "open", ownerId: me.id }, undefined), "opp list mine");
    });
    await cold("inbox", async (s) => void must(await s.opportunities.inbox(actor), "inbox"));

    const firstPage = must(
      await services.opportunities.list(actor, { status: "open", ownerId: me.id }, undefined),
      "opp list mine",
    );
    if (firstPage.items.length !== 10 || !firstPage.cursor)
      throw new Error("opp list mine: no full first page");
    const contactRef = seeded.contacts[0] ?? "";
    const moved = new Map<string, number>();
    const movedTo = async (ref: string) => moved.set(ref, (await stored(ref)).revision);
    const checkMoved = async () => {
      for (const [ref, revision] of moved) {
        if ((await stored(ref)).revision !== revision + 1)
          throw new Error(`${ref} was not moved exactly once`);
      }
      moved.clear();
    };
    let refs: string[] = [];
    const revisions: number[] = [];
    let pipelineNote = "";
    let inboxNote = "";

    const cases: Case[] = [
      {
        command: "opp show O-…",
        path: "service",
        times: R,
        budget: showBudget,
        run: async () => void must(await services.opportunities.show(actor, anyRef()), "opp show"),
      },
      {
        command: "opp show O-…",
        path: "text",
        times: R,
        budget: showBudget,
        run: async () => void (await say(`opp show ${anyRef()}`)),
      },
      {
        command: "opp show O-999999 (no such)",
        path: "service",
        times: R,
        run: async () => {
          const result = await services.opportunities.show(actor, "O-999999");
          if (result.ok || result.error.code !== "opp.not_found") throw new Error("expected opp.not_found");
        },
      },
      {
        command: "opp next O-… (stage move)",
        path: "service",
        times: R,
        budget: writeBudget,
        prepare: async (i) => {
          refs[i] = takeMovable();
          await movedTo(refs[i] ?? "");
        },
        run: async (i) => void must(await services.opportunities.next(actor, refs[i] ?? ""), "opp next"),
        check: checkMoved,
      },
      {
        command: "opp next O-… (stage move)",
        path: "text",
        times: R,
        budget: writeBudget,
        prepare: async (i) => {
          refs[i] = takeMovable();
          await movedTo(refs[i] ?? "");
        },
        run: async (i) => void (await say(`opp next ${refs[i] ?? ""}`)),
        check: checkMoved,
      },
      {
        command: "opp next O-… (stage move)",
        path: "card",
        times: R,
        budget: writeBudget,
        prepare: async (i) => {
          refs[i] = takeMovable();
          await movedTo(refs[i] ?? "");
        },
        run: async (i) => {
          const ref = refs[i] ?? "";
          await press("opp.next", { ref, revision: moved.get(ref) });
        },
        check: checkMoved,
      },
      {
        command: "opp next O-… from a stale card",
        path: "card",
        times: R,
        prepare: async (i) => {
          // Someone else moves it first; the button still carries the revision the card showed.
          const ref = takeMovable();
          refs[i] = ref;
          revisions[i] = (await stored(ref)).revision;
          must(await services.opportunities.next(actor, ref), "opp next");
        },
        run: async (i) => {
          const card = await press("opp.next", { ref: refs[i] ?? "", revision: revisions[i] });
          if (!card.includes("changed")) throw new Error("a stale press was not answered as changed");
        },
        note: () => "refused as stale without a write; the answer reads the opportunity again to show it",
      },
      {
        command: "opp update O-… value=…",
        path: "service",
        times: R,
        budget: writeBudget,
        run: async (i) => {
          const update = { estimatedValue: 12_345 + i };
          must(await services.opportunities.update(actor, takeUpdatable(), update), "opp update");
        },
      },
      {
        command: "opp update O-… value=…",
        path: "text",
        times: R,
        budget: writeBudget,
        run: async (i) => void (await say(`opp update ${takeUpdatable()} value=${23_456 + i}`)),
      },
      {
        command: "opp list mine (first page)",
        path: "service",
        times: R,
        budget: pageBudget,
        run: async () => {
          const page = must(
            await services.opportunities.list(actor, { status: "open", ownerId: me.id }, undefined),
            "opp list mine",
          );
          if (page.items.length !== 10 || page.items.some((o) => o.value.owner.id !== me.id)) {
            throw new Error("opp list mine: expected 10 of my opportunities");
          }
        },
      },
      {
        command: "opp list mine (first page)",
        path: "text",
        times: R,
        budget: pageBudget,
        run: async () => void (await say("opp list mine")),
      },
      {
        command: "opp list mine (next page, cursor)",
        path: "service",
        times: R,
        budget: pageBudget,
        run: async () => {
          const page = must(
            await services.opportunities.list(actor, { status: "open", ownerId: me.id }, firstPage.cursor),
            "opp list mine, next page",
          );
          if (page.items.length !== 10) throw new Error("opp list mine, next page: expected 10 items");
        },
      },
      {
        command: "opp list mine (next page, cursor)",
        path: "card",
        times: R,
        budget: pageBudget,
        run: async () => void (await press("opp.list", { scope: "mine", cursor: firstPage.cursor })),
      },
      {
        command: "opp list open",
        path: "service",
        times: R,
        budget: pageBudget,
        run: async () =>
          void must(await services.opportunities.list(actor, { status: "open" }, undefined), "opp list open"),
      },
      {
        command: "opp list open",
        path: "text",
        times: R,
        budget: pageBudget,
        run: async () => void (await say("opp list open")),
      },
      {
        command: "opp list all stage=Develop",
        path: "service",
        times: R,
        budget: pageBudget,
        run: async () =>
          void must(await services.opportunities.list(actor, { stageId: "develop" }, undefined), "opp list"),
      },
      {
        command: "opp list all stage=Develop",
        path: "text",
        times: R,
        budget: pageBudget,
        run: async () => void (await say("opp list all stage=Develop")),
      },
      {
        command: "opp list all contact=C-…",
        path: "service",
        times: R,
        run: async () =>
          void must(
            await services.opportunities.list(actor, { partyRef: contactRef }, undefined),
            "opp list",
          ),
      },
      {
        command: "opp list all contact=C-…",
        path: "text",
        times: R,
        run: async () => void (await say(`opp list all contact=${contactRef}`)),
        note: () => "the contact is resolved first (point read), then listed",
      },
      {
        command: "opp list all contact=<email>",
        path: "text",
        times: R,
        run: async () => void (await say("opp list all contact=pat1@contoso.example")),
        note: () => "a contact given by email (or name) is looked up with a query, then listed",
      },
      {
        command: "lead show L-…",
        path: "service",
        times: R,
        budget: leadShowBudget,
        run: async () => void must(await services.leads.show(actor, anyLead()), "lead show"),
      },
      {
        command: "lead show L-…",
        path: "text",
        times: R,
        budget: leadShowBudget,
        run: async () => void (await say(`lead show ${anyLead()}`)),
      },
      {
        command: "lead list",
        path: "service",
        times: R,
        budget: pageBudget,
        run: async () => void must(await services.leads.list(actor, "open"), "lead list"),
      },
      {
        command: "lead list",
        path: "text",
        times: R,
        budget: pageBudget,
        run: async () => void (await say("lead list")),
      },
    ];
    const countedIn = (rows: readonly { readonly count: number }[]) =>
      rows.reduce((total, r) => total + r.count, 0);
    cases.push(
      {
        command: "pipeline",
        path: "service",
        times: R,
        budget: pipelineBudget,
        run: async () => {
          const counted = countedIn(must(await services.opportunities.pipeline(actor), "pipeline").rows);
          if (counted !== openCount) {
            throw new Error(`pipeline counted ${counted} open opportunities, expected ${openCount}`);
          }
          pipelineNote = `${ownerCount} owners' totals; counted all ${counted} open opportunities`;
        },
        note: () => pipelineNote,
      },
      {
        command: "pipeline",
        path: "text",
        times: R,
        budget: pipelineBudget,
        run: async () => void (await say("pipeline")),
      },
      {
        command: "pipeline (one owner's)",
        path: "service",
        times: R,
        budget: pipelineMineBudget,
        run: async () => {
          const result = must(await services.opportunities.pipeline(actor, me.id), "pipeline mine");
          const counted = countedIn(result.rows);
          if (counted !== mineOpen.length) {
            throw new Error(`pipeline mine counted ${counted}, expected ${mineOpen.length}`);
          }
        },
      },
      {
        command: "inbox",
        path: "service",
        times: R,
        budget: inboxBudget,
        run: async () => {
          const items = must(await services.opportunities.inbox(actor), "inbox");
          inboxNote =
            `the first ${inboxPage} of the user's ${mineOpen.length} open opportunities by attention date; ` +
            `${items.length} items due`;
        },
        note: () => inboxNote,
      },
      {
        command: "inbox",
        path: "text",
        times: R,
        budget: inboxBudget,
        run: async () => void (await say("inbox")),
      },
    );
    for (const c of cases) {
      refs = [];
      await runCase(c);
    }

    // Tenancy: every query had the tenant filter with the caller's tenant.
    const unscoped = recorder.queries.filter(
      (q) =>
        !q.query?.query.includes("c.tenantId = @tenantId") ||
        !q.query.parameters.some((p) => p.name === "@tenantId" && p.value === q.tenantId) ||
        q.tenantId !== tenant,
    );
    const missed = rows.filter((r) => r.met === false);

    printTable(rows);
    console.log(
      `\nQueries sent while measuring: ${recorder.queries.length}; all with c.tenantId = @tenantId bound to ` +
        `${tenant}: ${unscoped.length === 0 ? "yes" : `NO (${unscoped.length} not)`}. ` +
        `No item of ${otherTenant} came back (the adapter throws on one).`,
    );
    console.log(
      "RU: the local server charges 1 RU per operation whatever it does (so RU = operations here).\n" +
        "HTTP: each query page is 2 requests at the server: @azure/cosmos 4.9.3 sends a query-plan request " +
        "alongside every fetchNext (its result is used only if the direct query is refused).\n" +
        `Times: the local server has no index and evaluates each query (and each query-plan request) against ` +
        `all ${seedDocuments} items of the container, so its query times grow with the data; point reads do not.`,
    );
    for (const row of missed) {
      console.log(
        `BUDGET MISSED: ${row.command} (${row.path}): ${formatOps(row.ops)}, budget ${row.budget}: ` +
          row.calls.map((c) => `${c.times}× ${c.call}`).join("; "),
      );
    }

    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    const file = join(projectRoot(), "bench", "results", `cosmos-${stamp}.json`);
    await mkdir(dirname(file), { recursive: true });
    const result = {
      benchmark: "cosmos-requests",
      at: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      loadAverage: loadavg().map(round1),
      server: "@vercel/cosmosdb-server 1.0.1 in this process (https, 127.0.0.1)",
      serverQueryScan: linearQueries ? "made linear (see makeLocalQueriesLinear)" : "as shipped (quadratic)",
      sdk: "@azure/cosmos via CosmosDocumentStore",
      options,
      seed: {
        tenant: {
          id: tenant,
          opportunities: options.opportunities,
          open: openCount,
          mine: mine.length,
          mineOpen: mineOpen.length,
          accounts: accountsPerTenant,
          contacts: contactsPerTenant,
          leads: leadsPerTenant,
        },
        otherTenant: { id: otherTenant, opportunities: options.otherTenant },
        documents: seedDocuments,
        seconds: round1(seedSeconds),
        opportunitiesPerSecond: Math.round(options.opportunities / seeded.opportunitySeconds),
      },
      notes: {
        ru: "The local server charges 1 RU per operation whatever it does.",
        http: "Each query page is 2 HTTP requests: the SDK sends a query-plan request alongside each fetchNext.",
        times: "The local server scans the whole container for every query; times are not Azure's.",
      },
      queries: recorder.queries.length,
      queriesTenantScoped: unscoped.length === 0,
      budgetsMet: missed.length === 0,
      rows,
    };
    await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`\nWrote ${relative(process.cwd(), file)}`);
    return missed.length === 0 && unscoped.length === 0 ? 0 : 1;
  } finally {
    await cosmosStore?.close();
    await cosmos.stop();
  }
}

function printTable(rows: readonly Row[]): void {
  const header = [
    "command",
    "path",
    "read",
    "create",
    "replace",
    "delete",
    "patch",
    "batch",
    "query",
    "docs",
    "RU",
    "HTTP",
    "ms",
    "budget",
  ];
  const lines = rows.map((r) => [
    r.command,
    r.path,
    String(r.ops.read),
    String(r.ops.create),
    String(r.ops.replace),
    String(r.ops.delete),
    String(r.ops.patch),
    String(r.ops.batch),
    String(r.ops.query),
    String(r.documents),
    String(r.ruCharge),
    String(r.httpRequests),
    r.wallMs.median.toFixed(1),
    r.met === undefined ? "" : r.met ? "budget met" : "BUDGET MISSED",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? "").length)));
  const format = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i < 2 || i === 12 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  console.log(`\n${format(header)}`);
  console.log(format(widths.map((w) => "-".repeat(w))));
  for (const line of lines) console.log(format(line));
  console.log("(ms: median wall time; read…query: SDK operations per run; docs: documents returned)");
  const reasons = new Map<string, string>();
  for (const r of rows) if (r.budget && r.budgetWhy) reasons.set(`${r.command}: ${r.budget}`, r.budgetWhy);
  console.log("\nBudgets (the same on every path measured, warm):");
  for (const [budget, why] of reasons) console.log(`  ${budget} — ${why}`);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);

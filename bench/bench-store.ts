import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { Agent, request } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { projectRoot } from "../src/util/project-root.js";
import { startRecordingConnector, type RecordingConnector } from "./recording-connector.js";

/**
 * The embedded store as the data grows: `npm run bench:store` seeds 10 k, 100 k and 1 M leads and
 * opportunities (each with two notes) across 50 tenants of very different sizes (tenant k holds a share
 * proportional to 1/k: the largest about a fifth of everything, the smallest about 0.5 %), then starts the
 * real bot on that DATA_DIR and measures over real HTTP, with replies captured by a local connector:
 * start-up (spawn → /healthz 200), RSS after start, p50/p99 of `lead list` and `opp show` in the largest and
 * in a small tenant (one request at a time), and requests/s with 16 concurrent users across all tenants.
 *
 * Every tenant is first set up through the bot itself (account, lead, notes, opportunity), so the seeded
 * records are clones of documents the bot wrote; the clones go in with one SQL insert per record inside
 * large transactions, so seeding a million takes a minute, not hours.
 *
 *   node dist/bench/bench-store.js [--sizes 10000,100000,1000000] [--samples 200] [--seconds 10] [--keep]
 */

const host = "127.0.0.1";
const tenants = 50;
const concurrency = 16;

interface Options {
  readonly sizes: readonly number[];
  readonly samples: number;
  readonly seconds: number;
  readonly keep: boolean;
}

interface Result {
  readonly records: number;
  readonly largest: number;
  readonly small: number;
  readonly fileMb: number;
  readonly seedSeconds: number;
  readonly startupMs: number;
  readonly rssMb: number;
  /** The store alone in a fresh process: open (with its integrity check) and RSS after it. */
  readonly storeOpenMs: number;
  readonly storeRssMb: number;
  /** The same list query and read at the store alone, in the largest and the smallest tenant. */
  readonly storeLatency: Record<string, { p50: number; p99: number }>;
  readonly latency: Record<string, { p50: number; p99: number }>;
  readonly requestsPerSecond: number;
  readonly errors: number;
}

const userOf = (t: number) => ({
  id: `29:bench-store-user-${t}`,
  name: `Rep ${t}`,
  aadObjectId: `6a0b4c2d-1e3f-4a5b-8c7d-${String(t).padStart(12, "0")}`,
});
const tenantOf = (t: number) => `bench-tenant-${String(t).padStart(2, "0")}`;

async function main(): Promise<void> {
  const options = readOptions();
  const root = projectRoot();
  const connector = await startRecordingConnector({ host });
  const results: Result[] = [];
  try {
    for (const size of options.sizes) results.push(await measure(size, options, root, connector));
  } finally {
    await connector.close();
  }
  printTable(results);
  const out = join(root, "bench", "results");
  await mkdir(out, { recursive: true });
  await writeFile(
    join(out, "bench-store.json"),
    JSON.stringify({ at: new Date().toISOString(), results }, null, 2),
  );
}

async function measure(
  size: number,
  options: Options,
  root: string,
  connector: RecordingConnector,
): Promise<Result> {
  const dir = await mkdtemp(join(tmpdir(), "pipeline-bench-store-"));
  try {
    log(`${size} records: setting up ${tenants} tenants through the bot…`);
    let bot = await startBot(root, dir);
    const setup = new Talk(connector, bot.port);
    for (let t = 0; t < tenants; t++) {
      for (const text of [
        "account new Contoso Ltd",
        "lead new Website redesign first=Ann last=Berg company=Contoso email=ann@contoso.com",
        `note L-1001 ${"Called Ann about the redesign; she wants a quote before the board meets. ".repeat(2)}`,
        "note L-1001 Sent the brochure and the reference list.",
        "opp new Website redesign account=A-1001 value=50000",
        `note O-1001 ${"Discovery call went well; budget confirmed, decision in Q3. ".repeat(2)}`,
        "note O-1001 Demo booked with the IT lead.",
      ]) {
        await setup.expect(t, text, /[LOA]-1001/);
      }
    }
    await stopBot(bot);

    const seedStarted = performance.now();
    const counts = seed(join(dir, "pipeline.db"), size);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const fileMb = fileSizeMb(join(dir, "pipeline.db"));
    log(`  seeded in ${seedSeconds.toFixed(1)} s (${fileMb.toFixed(0)} MB); starting the bot on it…`);

    const probe = JSON.parse(
      execFileSync(
        process.execPath,
        [join(root, "dist", "bench", "store-open.js"), dir, tenantOf(0), tenantOf(tenants - 1)],
        {
          encoding: "utf8",
        },
      ),
    ) as { openMs: number; rssMb: number; latency: Record<string, { p50: number; p99: number }> };
    const started = performance.now();
    bot = await startBot(root, dir);
    const startupMs = performance.now() - started;
    const talk = new Talk(connector, bot.port);
    const rssMb = rssOf(bot.process.pid ?? 0);
    const small = tenants - 1;
    const latency: Result["latency"] = {};
    for (const [name, t] of [
      ["largest", 0],
      ["small", small],
    ] as const) {
      const oppRefs = refs("O", counts[t] ?? 0);
      latency[`lead list (${name})`] = await sample(options.samples, () =>
        talk.expect(t, "lead list", /L-\d+/),
      );
      latency[`opp show (${name})`] = await sample(options.samples, (i) => {
        const ref = oppRefs[(i * 7919) % oppRefs.length] ?? "O-1001";
        return talk.expect(t, `opp show ${ref}`, new RegExp(ref));
      });
    }
    const { perSecond, errors } = await load(talk, counts, options.seconds);
    await stopBot(bot);
    return {
      records: size,
      largest: counts[0] ?? 0,
      small: counts[small] ?? 0,
      fileMb,
      seedSeconds,
      startupMs,
      rssMb,
      storeOpenMs: round1(probe.openMs),
      storeRssMb: round1(probe.rssMb),
      storeLatency: probe.latency,
      latency,
      requestsPerSecond: perSecond,
      errors,
    };
  } finally {
    if (!options.keep) await rm(dir, { recursive: true, force: true });
    else log(`  kept ${dir}`);
  }
}

/** Records per tenant (half leads, half opportunities), proportional to 1/(t+1). */
function shares(size: number): number[] {
  const weights = Array.from({ length: tenants }, (_, t) => 1 / (t + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => Math.max(2, Math.round((size * w) / total)));
}

/** Clones each tenant's lead and opportunity into `shares` records, in transactions of 20 000. */
function seed(file: string, size: number): number[] {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const template = db.prepare("SELECT body FROM documents WHERE tenant = ? AND type = ? LIMIT 1").pluck();
  const insert = db.prepare("INSERT INTO documents (tenant, id, type, version, body) VALUES (?, ?, ?, ?, ?)");
  let version = Number(db.prepare("SELECT value FROM meta WHERE key = 'version'").pluck().get());
  const counts = shares(size);
  const base = Date.parse("2026-12-01T00:00:00.000Z");
  let pending = 0;
  db.exec("BEGIN");
  counts.forEach((count, t) => {
    const tenant = tenantOf(t);
    const lead = JSON.parse(String(template.get(tenant, "lead"))) as Record<string, unknown>;
    const opp = JSON.parse(String(template.get(tenant, "opportunity"))) as Record<string, unknown>;
    for (let i = 0; i < count; i++) {
      const n = 100_001 + Math.floor(i / 2);
      const at = new Date(base - i * 60_000).toISOString();
      const [kind, doc] = i % 2 === 0 ? (["lead", lead] as const) : (["opportunity", opp] as const);
      const ref = `${kind === "lead" ? "L" : "O"}-${n}`;
      const id = `${kind}:${ref}`;
      insert.run(
        tenant,
        id,
        kind,
        ++version,
        JSON.stringify({ ...doc, id, ref, createdAt: at, updatedAt: at }),
      );
      if (++pending === 20_000) {
        db.exec("COMMIT; BEGIN");
        pending = 0;
      }
    }
  });
  db.prepare("UPDATE meta SET value = ? WHERE key = 'version'").run(version);
  db.exec("COMMIT");
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  return counts;
}

function refs(prefix: string, count: number): string[] {
  return Array.from({ length: Math.floor(count / 2) }, (_, i) => `${prefix}-${100_001 + i}`);
}

async function sample(
  n: number,
  run: (i: number) => Promise<unknown>,
): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 20; i++) await run(i);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await run(i);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => round1(times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? NaN);
  return { p50: at(0.5), p99: at(0.99) };
}

/** 16 users, each sending its next request when the last was answered: lead list / opp show, any tenant. */
async function load(talk: Talk, counts: readonly number[], seconds: number) {
  const until = performance.now() + seconds * 1000;
  let done = 0;
  let errors = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, vu) => {
      for (let i = 0; performance.now() < until; i++) {
        const t = (vu * 3 + i) % tenants;
        const oppRefs = Math.floor((counts[t] ?? 0) / 2);
        const ref = `O-${100_001 + ((i * 7919 + vu) % Math.max(1, oppRefs))}`;
        const [text, expected] = i % 2 === 0 ? ["lead list", /L-\d+/] : [`opp show ${ref}`, new RegExp(ref)];
        try {
          await talk.expect(t, text, expected);
          done++;
        } catch {
          errors++;
        }
      }
    }),
  );
  return { perSecond: round1(done / seconds), errors };
}

class Talk {
  private next = 0;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });

  constructor(
    private readonly connector: RecordingConnector,
    private readonly port: number,
  ) {}

  /** Sends `text` as tenant t's user and waits for the reply, which must match `expected`. */
  async expect(t: number, text: string, expected: RegExp): Promise<void> {
    const id = `bench-${++this.next}`;
    const reply = this.connector.waitForReplies(id, 1, 30_000);
    const user = userOf(t);
    const tenantId = tenantOf(t);
    const body = JSON.stringify({
      type: "message",
      id,
      timestamp: new Date().toISOString(),
      serviceUrl: this.connector.serviceUrl,
      channelId: "msteams",
      from: user,
      recipient: { id: "28:bench-bot", name: "Pipeline" },
      conversation: { id: `a:bench-${tenantId}`, conversationType: "personal", tenantId },
      textFormat: "plain",
      text,
      locale: "en-US",
      channelData: { tenant: { id: tenantId } },
    });
    const status = await post(this.agent, this.port, body);
    if (status < 200 || status > 299) {
      this.connector.cancel(id, `HTTP ${status}`);
      throw new Error(`"${text}" in ${tenantId}: HTTP ${status}`);
    }
    const [first] = await reply;
    const answer = JSON.stringify(first?.activity ?? {});
    if (!expected.test(answer))
      throw new Error(`"${text}" in ${tenantId} was answered: ${answer.slice(0, 400)}`);
  }
}

function post(agent: Agent, port: number, body: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const req = request(
      {
        host,
        port,
        path: "/api/messages",
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

interface Bot {
  readonly process: ChildProcess;
  readonly port: number;
  readonly output: () => string;
}

async function startBot(root: string, dir: string): Promise<Bot> {
  const port = await freePort();
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) =>
        !/^(Microsoft|COSMOS_|STORE$|DATA_DIR$|PORT$|HOST$|LOG_LEVEL$|ADMIN_AAD_IDS$|NODE_OPTIONS$)/.test(k),
    ),
  );
  const child = spawn(process.execPath, [join(root, "dist", "bundle", "main.js")], {
    cwd: dir,
    env: { ...inherited, DATA_DIR: dir, PORT: String(port), HOST: host, LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8000));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const bot = { process: child, port, output: () => output };
  for (let attempt = 0; attempt < 6000; attempt++) {
    if (child.exitCode !== null) throw new Error(`The bot exited (${child.exitCode}):\n${output}`);
    if ((await healthz(port)) === 200) return bot;
    await sleep(10);
  }
  child.kill("SIGKILL");
  throw new Error(`The bot did not become ready:\n${output}`);
}

function healthz(port: number): Promise<number> {
  return new Promise<number>((resolve) => {
    const req = request({ host, port, path: "/healthz", agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.setTimeout(1000, () => req.destroy());
    req.on("error", () => resolve(0));
    req.end();
  });
}

async function stopBot(bot: Bot): Promise<void> {
  if (bot.process.exitCode !== null) return;
  const exited = new Promise((resolve) => bot.process.once("exit", resolve));
  bot.process.kill("SIGTERM");
  await exited;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return round1(Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN) / 1024);
}

function fileSizeMb(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (
      (Number(db.pragma("page_count", { simple: true })) * Number(db.pragma("page_size", { simple: true }))) /
      1048576
    );
  } finally {
    db.close();
  }
}

function printTable(results: readonly Result[]): void {
  const names = Object.keys(results[0]?.latency ?? {});
  const rows = [
    ["records", ...results.map((r) => r.records.toLocaleString("en-US"))],
    [
      "largest / small tenant",
      ...results.map((r) => `${r.largest.toLocaleString("en-US")} / ${r.small.toLocaleString("en-US")}`),
    ],
    ["database file", ...results.map((r) => `${r.fileMb.toFixed(0)} MB`)],
    ["start-up (spawn → /healthz)", ...results.map((r) => `${(r.startupMs / 1000).toFixed(2)} s`)],
    ["RSS after start", ...results.map((r) => `${r.rssMb.toFixed(0)} MB`)],
    ["store open alone (fresh process)", ...results.map((r) => `${r.storeOpenMs} ms`)],
    ["RSS of a process with only the store", ...results.map((r) => `${r.storeRssMb.toFixed(0)} MB`)],
    ...names.map((name) => [
      `${name} p50 / p99`,
      ...results.map((r) => `${r.latency[name]?.p50} / ${r.latency[name]?.p99} ms`),
    ]),
    ["16 users, requests/s", ...results.map((r) => `${r.requestsPerSecond} (${r.errors} errors)`)],
    ...Object.keys(results[0]?.storeLatency ?? {}).map((name) => [
      `store alone: ${name.replace(tenantOf(0), "(largest)").replace(tenantOf(tenants - 1), "(small)")} p50 / p99`,
      ...results.map((r) => `${r.storeLatency[name]?.p50} / ${r.storeLatency[name]?.p99} ms`),
    ]),
  ];
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? "").length))) ?? [];
  const line = (row: readonly string[]) =>
    `| ${row.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join(" | ")} |`;
  console.log(line(rows[0] ?? []));
  console.log(`| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`);
  for (const row of rows.slice(1)) console.log(line(row));
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      sizes: { type: "string", default: "10000,100000,1000000" },
      samples: { type: "string", default: "200" },
      seconds: { type: "string", default: "10" },
      keep: { type: "boolean", default: false },
    },
  });
  return {
    sizes: values.sizes.split(",").map((s) => Number(s.replaceAll("_", ""))),
    samples: Number(values.samples),
    seconds: Number(values.seconds),
    keep: values.keep,
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const log = (message: string) => process.stderr.write(`${message}\n`);

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

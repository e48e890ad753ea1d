import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { newLead } from "../src/domain/leads/lead.js";
import { silentLogger } from "../src/log.js";
import { systemTimers } from "../src/notify/timers.js";
import { StoreDirectoryRepository } from "../src/store/directory.repository.js";
import { EmbeddedDocumentStore } from "../src/store/embedded/embedded-document-store.js";
import { toLeadDocument } from "../src/store/lead.repository.js";
import { SearchBackfill } from "../src/store/search-backfill.js";

/**
 * The search-field backfill (src/store/search-backfill.ts) on a large embedded store written the old way:
 * `npm run bench:backfill` seeds N leads without search fields across 10 tenants (tenant k holds a share
 * proportional to 1/k), then runs the backfill as the bot does at start-up, in the background, while a probe
 * reads one record every 20 ms the way a turn would. Prints how long the pass took, the probe's read latency,
 * the event loop's delay (how long a turn that arrives waits for the thread) while idle for 5 s and while the
 * pass runs, and the peak RSS.
 *
 *   tsx bench/search-backfill.ts [--records 1000000] [--keep]
 */

const { values } = parseArgs({
  options: { records: { type: "string", default: "1000000" }, keep: { type: "boolean", default: false } },
});
const records = Number(values.records);
const tenants = Array.from({ length: 10 }, (_, k) => `bench-backfill-${k + 1}`);
const weights = tenants.map((_, k) => 1 / (k + 1));
const shares = weights.map((w) => Math.round((records * w) / weights.reduce((a, b) => a + b, 0)));

const dir = await mkdtemp(join(tmpdir(), "bench-backfill-"));
try {
  // The schema, then the records straight into SQLite (one insert each in large transactions).
  const seeding = performance.now();
  await (await EmbeddedDocumentStore.open({ dir })).close();
  seed(join(dir, "pipeline.db"));
  const seedSeconds = (performance.now() - seeding) / 1000;
  const fileMb = (await stat(join(dir, "pipeline.db"))).size / 1048576;

  const store = await EmbeddedDocumentStore.open({ dir });
  const directory = new StoreDirectoryRepository(store);
  for (const tenant of tenants) await directory.register(tenant, "2026-01-01T00:00:00.000Z");

  // The same process idle for 5 s first: what the machine's load alone does to the event loop.
  const idle = monitorEventLoopDelay({ resolution: 10 });
  idle.enable();
  await systemTimers.sleep(5_000);
  idle.disable();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const backfill = new SearchBackfill({
    store,
    tenants: () => directory.tenants(),
    sleep: (ms, signal) => systemTimers.sleep(ms, signal),
    log: silentLogger,
  });
  const probe: number[] = [];
  let probing = true;
  const prober = (async () => {
    let i = 0;
    while (probing) {
      const tenant = tenants[i % tenants.length]!;
      const t = performance.now();
      await store.read(tenant, `lead:L-${100_001 + ((i * 7919) % (shares[i % tenants.length] ?? 1))}`);
      probe.push(performance.now() - t);
      i++;
      await systemTimers.sleep(20);
    }
  })();
  let peakRss = 0;
  const rss = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
  const started = performance.now();
  loop.enable();
  await backfill.start();
  const outcome = await backfill.finished();
  loop.disable();
  const seconds = (performance.now() - started) / 1000;
  probing = false;
  await prober;
  clearInterval(rss);

  const found = await store.search(tenants[0]!, {
    types: ["lead"],
    words: ["l-100001"],
    skip: 0,
    count: 5,
  });
  await store.close();
  probe.sort((a, b) => a - b);
  const at = (q: number) => round(probe[Math.min(probe.length - 1, Math.floor(q * probe.length))] ?? NaN);
  process.stdout.write(
    `${JSON.stringify(
      {
        records,
        fileMb: round(fileMb),
        seedSeconds: round(seedSeconds),
        backfill: {
          ...outcome,
          seconds: round(seconds),
          recordsPerSecond: Math.round(outcome.filled / seconds),
        },
        probeReadMs: { count: probe.length, p50: at(0.5), p99: at(0.99), max: at(1) },
        eventLoopDelayMs: {
          idle: { p99: round(idle.percentile(99) / 1e6), max: round(idle.max / 1e6) },
          backfilling: { p99: round(loop.percentile(99) / 1e6), max: round(loop.max / 1e6) },
        },
        peakRssMb: Math.round(peakRss / 1048576),
        oldestRecordFound: found.length === 1,
      },
      null,
      2,
    )}\n`,
  );
} finally {
  if (!values.keep) await rm(dir, { recursive: true, force: true });
  else process.stdout.write(`kept ${dir}\n`);
}

/** N leads in the old shape (no search fields), numbered from L-100001 in each tenant. */
function seed(path: string): void {
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const insert = db.prepare("INSERT INTO documents (tenant, id, type, version, body) VALUES (?, ?, ?, ?, ?)");
  let version = Number(db.prepare("SELECT value FROM meta WHERE key = 'version'").pluck().get());
  const base = Date.parse("2026-01-01T00:00:00.000Z");
  db.exec("BEGIN");
  tenants.forEach((tenant, k) => {
    const actor = { tenantId: tenant, userId: `u-${k}`, name: `Rep ${k}`, role: "rep" as const };
    for (let i = 0; i < (shares[k] ?? 0); i++) {
      const ref = `L-${100_001 + i}`;
      const lead = newLead(
        {
          topic: `Fleet renewal ${i}`,
          lastName: `Berg${i}`,
          company: "Contoso",
          email: `ann${i}@contoso.com`,
        },
        ref,
        actor,
        new Date(base + i * 60_000),
      );
      const {
        search: _s,
        searchAt: _a,
        searchBy: _b,
        ...body
      } = toLeadDocument(lead) as Record<string, unknown>;
      insert.run(tenant, `lead:${ref}`, "lead", ++version, JSON.stringify(body));
      if (version % 50_000 === 0) db.exec("COMMIT; BEGIN");
    }
  });
  db.prepare("UPDATE meta SET value = ? WHERE key = 'version'").run(version);
  db.exec("COMMIT");
  db.close();
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { newLead } from "../src/domain/leads/lead.js";
import type { Actor } from "../src/domain/shared/actor.js";
import { CosmosDocumentStore } from "../src/store/cosmos/cosmos-document-store.js";
import { StoreError, type DocumentStore } from "../src/store/document-store.port.js";
import { EmbeddedDocumentStore } from "../src/store/embedded/embedded-document-store.js";
import type { CounterDocument } from "../src/store/counter.js";
import { leadWrite, StoreLeadRepository } from "../src/store/lead.repository.js";
import { ReferenceAllocator } from "../src/store/reference-allocator.js";
import { startLocalCosmos } from "./local-cosmos.js";

/**
 * `lead new` from 16 creators at once in one tenant: how many refused writes (409/412 on Cosmos DB, conflicts
 * on SQLite) each lead costs, today (the counter's number, then the lead) and with the one-batch alternative
 * (read the counter, then one batch of the counter's guarded replace and the lead's create, again on a race).
 *
 *   npx tsx bench/reference-conflicts.ts [--creators 16] [--leads 20]
 */

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const creators = arg("creators", 16);
const perCreator = arg("leads", 20);
const tenant = "tenant-refs";
const now = new Date("2026-12-07T09:00:00Z");
const actor = (i: number): Actor => ({ tenantId: tenant, userId: `u${i}`, name: `User ${i}`, role: "rep" });
const lead = (ref: string, i: number) => newLead({ topic: `Lead of ${i}` }, ref, actor(i), now);

/** Today: the number from the store's atomic counter, then the lead's create. */
async function twoStep(store: DocumentStore, i: number): Promise<number> {
  const leads = new StoreLeadRepository(store, new ReferenceAllocator(store));
  await leads.create(lead(await leads.nextRef(tenant), i));
  return 0;
}

/** The alternative: one batch, the counter's replace guarded by the ETag read, and the lead's create. */
async function oneBatch(store: DocumentStore, i: number): Promise<number> {
  for (let attempt = 0, refused = 0; attempt < 60; attempt++) {
    const counter = await store.read<CounterDocument>(tenant, "counter:L");
    const n = counter?.body.next ?? 1001;
    const { document } = leadWrite({ ...lead(`L-${n}`, i), timelineCount: 0 });
    const counterOp = counter
      ? { op: "replace" as const, body: { ...counter.body, next: n + 1 }, ifMatch: counter.etag }
      : { op: "create" as const, body: { id: "counter:L", type: "counter", next: n + 1 } };
    try {
      await store.batch(tenant, [counterOp, { op: "create", body: document }]);
      return refused;
    } catch (error) {
      if (!(error instanceof StoreError && error.code === "conflict")) throw error;
      refused++;
      // The same jittered, growing pause as the guarded counter (src/store/counter.ts).
      await delay(Math.min(2 ** attempt, 64) * (0.5 + Math.random() / 2));
    }
  }
  throw new Error("gave up");
}

async function run(label: string, store: DocumentStore, write: typeof twoStep, cosmosRefusals: () => number) {
  const started = performance.now();
  const refusedInWrites = await Promise.all(
    Array.from({ length: creators }, async (_, i) => {
      let refused = 0;
      for (let k = 0; k < perCreator; k++) refused += await write(store, i);
      return refused;
    }),
  );
  const leads = creators * perCreator;
  const refused = Math.max(
    refusedInWrites.reduce((a, b) => a + b, 0),
    cosmosRefusals(),
  );
  const page = await store.query(tenant, { type: "lead", limit: 1000 });
  console.log(
    `${label}: ${leads} leads by ${creators} creators, ${page.items.length} stored, ` +
      `${refused} refused writes = ${(refused / leads).toFixed(2)} per lead, ${(performance.now() - started).toFixed(0)} ms`,
  );
}

const cosmos = await startLocalCosmos();
try {
  for (const [label, write] of [
    ["cosmos two-step (patch incr, then create)", twoStep],
    ["cosmos one batch (guarded replace + create)", oneBatch],
  ] as const) {
    let refusals = 0;
    const store = await CosmosDocumentStore.open({
      endpoint: cosmos.endpoint,
      key: "local",
      agent: cosmos.agent,
      database: `refs-${label.split(" ")[1]}`,
      container: "pipeline",
      onRequest: (e) => {
        if (e.statusCode === 409 || e.statusCode === 412) refusals++;
      },
    });
    try {
      await run(label, store, write, () => refusals);
    } finally {
      await store.close();
    }
  }
} finally {
  await cosmos.stop();
}

for (const [label, write] of [
  ["sqlite two-step (counter transaction, then create)", twoStep],
  ["sqlite one batch (guarded replace + create)", oneBatch],
] as const) {
  const dir = mkdtempSync(join(tmpdir(), "refs-"));
  const store = await EmbeddedDocumentStore.open({ dir });
  try {
    await run(label, store, write, () => 0);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

import { performance } from "node:perf_hooks";
import { EmbeddedDocumentStore } from "../src/store/embedded/embedded-document-store.js";

/**
 * Child of bench-store: opens the embedded store on argv[2] in a fresh process (integrity check included),
 * then times, at the store alone, the query `lead list` makes and the read `opp show` makes, in the tenants
 * named by argv[3..] (one request at a time). Prints one JSON line.
 */
const [dir = ".", ...tenants] = process.argv.slice(2);
const started = performance.now();
const store = await EmbeddedDocumentStore.open({ dir });
const openMs = performance.now() - started;
const rssMb = process.memoryUsage().rss / 1048576;
const latency: Record<string, { p50: number; p99: number }> = {};
for (const tenant of tenants) {
  const opps = (await store.query(tenant, { type: "opportunity", limit: 1000 })).items.map((i) => i.body.id);
  latency[`lead list ${tenant}`] = await time(() =>
    store.query(tenant, {
      type: "lead",
      where: { status: "open" },
      orderBy: { field: "createdAt", direction: "desc" },
      limit: 11,
    }),
  );
  latency[`opp read ${tenant}`] = await time((i) =>
    store.read(tenant, opps[(i * 7919) % opps.length] ?? "x"),
  );
}
process.stdout.write(`${JSON.stringify({ openMs, rssMb, latency })}\n`);
await store.close();

async function time(run: (i: number) => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const t = performance.now();
    await run(i);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => Math.round((times[Math.floor(q * times.length)] ?? NaN) * 1000) / 1000;
  return { p50: at(0.5), p99: at(0.99) };
}

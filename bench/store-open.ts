import { performance } from "node:perf_hooks";
import { EmbeddedDocumentStore } from "../src/store/embedded/embedded-document-store.js";

/**
 * Child of bench-store: opens the embedded store on argv[2] in a fresh process (integrity check included)
 * and prints how long that took and the process's RSS, as one JSON line.
 */
const started = performance.now();
const store = await EmbeddedDocumentStore.open({ dir: process.argv[2] ?? "." });
const openMs = performance.now() - started;
process.stdout.write(`${JSON.stringify({ openMs, rssMb: process.memoryUsage().rss / 1048576 })}\n`);
await store.close();

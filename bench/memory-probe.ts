import { createInterface } from "node:readline";
import { getHeapStatistics, writeHeapSnapshot } from "node:v8";
import { memoryProbeMarker } from "./memory-probe-marker.js";

/**
 * Preloaded into a benchmark child with `--import` when the benchmark runs with --probe-memory. The benchmark
 * writes one command a line to the child's stdin, and the probe answers with one line on stderr:
 *
 *   split             the memory split now (V8 heap, external, array buffers, RSS), without collecting garbage,
 *                     so asking does not change what the benchmark measures next
 *   retained          the same after two forced full collections (needs --expose-gc): what the process really
 *                     retains; the rest was garbage V8 had not needed to collect yet. Only after the measured
 *                     load, since it changes what the process holds from then on.
 *   snapshot <file>   writes a V8 heap snapshot there (it collects garbage first), for a heap viewer
 */
const mb = (bytes: number) => Math.round((bytes / 1048576) * 100) / 100;

function split() {
  const usage = process.memoryUsage();
  const heap = getHeapStatistics();
  return {
    rssMb: mb(usage.rss),
    heapUsedMb: mb(usage.heapUsed),
    heapTotalMb: mb(usage.heapTotal),
    externalMb: mb(usage.external),
    arrayBuffersMb: mb(usage.arrayBuffers),
    mallocedMb: mb(heap.malloced_memory),
    peakMallocedMb: mb(heap.peak_malloced_memory),
  };
}

function answer(command: string): Record<string, unknown> {
  const [verb, ...rest] = command.trim().split(" ");
  if (verb === "split") return { command: verb, ...split() };
  if (verb === "retained") {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) return { command: verb, error: "start the process with --expose-gc" };
    gc();
    gc();
    return { command: verb, ...split() };
  }
  if (verb === "snapshot" && rest.length > 0)
    return { command: verb, file: writeHeapSnapshot(rest.join(" ")) };
  return { command: verb, error: `unknown command ${JSON.stringify(command)}` };
}

const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  if (!line.trim()) return;
  let reply: Record<string, unknown>;
  try {
    reply = answer(line);
  } catch (error) {
    reply = { command: line, error: error instanceof Error ? error.message : String(error) };
  }
  process.stderr.write(`${memoryProbeMarker}${JSON.stringify(reply)}\n`);
});
// stdin must not keep a child alive that would otherwise exit.
(process.stdin as { unref?: () => void }).unref?.();

import { getHeapStatistics } from "node:v8";
import { memoryProbeMarker } from "./memory-probe-marker.js";

/**
 * Preloaded into a benchmark child with `--import` when the benchmark runs with --probe-memory: on SIGUSR2
 * the process writes one line with its memory split (V8 heap, external, array buffers, RSS) to stderr, so the
 * benchmark can tell JavaScript heap from native memory without touching the bot's code. When the process
 * runs with --expose-gc it then collects garbage and reports again: what is still used after a full GC is
 * what the process really retains; the rest was garbage V8 had not needed to collect yet.
 */
const mb = (bytes: number) => Math.round((bytes / 1048576) * 100) / 100;

function snapshot() {
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

process.on("SIGUSR2", () => {
  const before = snapshot();
  const gc = (globalThis as { gc?: () => void }).gc;
  let afterGc: ReturnType<typeof snapshot> | undefined;
  if (gc) {
    gc();
    gc();
    afterGc = snapshot();
  }
  process.stderr.write(
    `${memoryProbeMarker}${JSON.stringify({ ...before, ...(afterGc ? { afterGc } : {}) })}\n`,
  );
});

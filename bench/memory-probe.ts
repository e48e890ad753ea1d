import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { getHeapSpaceStatistics, getHeapStatistics, writeHeapSnapshot } from "node:v8";
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
 *   aged              the same after V8's own full collections (at least six, brought on by garbage the probe
 *                     allocates) and two forced ones: what the process keeps in the long run. V8 flushes the
 *                     bytecode of a function not run for five of its own full collections (start-up code, each
 *                     module's top level), but a forced collection does not age bytecode, so `retained` still
 *                     counts what start-up compiled.
 *   snapshot <file>   writes a V8 heap snapshot there (it collects garbage first), for a heap viewer
 *
 * Each split also has the V8 heap by space (committed and used MB: the young generation is new_space; V8
 * grows it when many objects survive scavenges) and the resident memory by kind of mapping from
 * /proc/self/smaps (what is not V8's heap: malloc'ed memory, mapped code and libraries).
 */
const mb = (bytes: number) => Math.round((bytes / 1048576) * 100) / 100;

/** Space name → [committed MB, used MB]. */
function spaces(): Record<string, [number, number]> {
  return Object.fromEntries(
    getHeapSpaceStatistics().map((s) => [
      s.space_name.replace(/_space$/, ""),
      [mb(s.space_size), mb(s.space_used_size)],
    ]),
  );
}

/**
 * Resident MB by kind of mapping: "file" (the node binary, shared libraries, the .node addons), "brk" (the
 * main malloc arena), "anon" (V8's heap pages, other threads' malloc arenas, big mallocs), "stack".
 */
function residentByKind(): Record<string, number> | undefined {
  let text: string;
  try {
    text = readFileSync("/proc/self/smaps", "utf8");
  } catch {
    return undefined;
  }
  const kb: Record<string, number> = {};
  let kind = "anon";
  for (const line of text.split("\n")) {
    const header = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (header) {
      const name = header[1] ?? "";
      kind =
        name === "[heap]"
          ? "brk"
          : name.startsWith("[stack")
            ? "stack"
            : name.startsWith("/")
              ? "file"
              : name === ""
                ? "anon"
                : "other";
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) kb[kind] = (kb[kind] ?? 0) + Number(rss[1]);
  }
  return Object.fromEntries(Object.entries(kb).map(([k, v]) => [k, Math.round((v / 1024) * 100) / 100]));
}

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
    spaces: spaces(),
    resident: residentByKind(),
  };
}

const oldSpaceUsed = () =>
  getHeapSpaceStatistics().find((s) => s.space_name === "old_space")?.space_used_size ?? 0;

/**
 * Brings on `count` of V8's own full collections: it keeps small objects alive until they are promoted and old
 * space grows to V8's limit, which starts a mark-compact (seen as old space falling), then lets them go. At most
 * a few hundred MB at a time; returns how many collections were seen.
 */
function ageBytecode(count: number): number {
  let seen = 0;
  for (let round = 0; round < count * 2 && seen < count; round++) {
    let held: unknown[][] = [];
    let last = oldSpaceUsed();
    for (let chunk = 0; chunk < 4000; chunk++) {
      held.push(Array.from({ length: 2000 }, (_, i) => ({ chunk, i })));
      const now = oldSpaceUsed();
      if (now < last - 1048576) {
        seen++;
        break;
      }
      last = now;
    }
    held = [];
  }
  return seen;
}

function answer(command: string): Record<string, unknown> {
  const [verb, ...rest] = command.trim().split(" ");
  if (verb === "split") return { command: verb, ...split() };
  if (verb === "aged") {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) return { command: verb, error: "start the process with --expose-gc" };
    const collections = ageBytecode(6);
    gc();
    gc();
    return { command: verb, collections, ...split() };
  }
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

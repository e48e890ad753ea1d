import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`, e.g. `npm run bench -- --profile`): where the busy
 * time went, by package (self time), by function (self and inclusive time) and, for the project's own code,
 * inclusive time per src/ file, so the hot spots can be read without a browser.
 *
 *   node dist/bench/profile-summary.js bench/results/profiles/bot-….cpuprofile [--top 25] [--per N] [--skip MS]
 *
 * --per N divides every figure by N (e.g. the number of requests the process handled) to show ms/request;
 * --skip MS leaves out the first MS milliseconds (start-up) so module loading does not blur the picture.
 */

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const { values, positionals } = parseArgs({
  options: {
    top: { type: "string", default: "25" },
    per: { type: "string", default: "0" },
    skip: { type: "string", default: "0" },
  },
  allowPositionals: true,
});
// Piping into `head` closes stdout early; that is not an error worth a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

const file = positionals[0];
if (!file) {
  process.stderr.write(
    "usage: node dist/bench/profile-summary.js <file.cpuprofile> [--top N] [--per N] [--skip MS]\n",
  );
  process.exit(2);
}
const top = Math.max(1, Number(values.top) || 25);
const per = Number(values.per) || 0;
/** Leave out the first N ms of the profile (start-up: module loading, template parsing). */
const skipMs = Number(values.skip) || 0;

const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
const byId = new Map<number, ProfileNode>();
const parent = new Map<number, number>();
for (const node of profile.nodes) {
  byId.set(node.id, node);
  for (const child of node.children ?? []) parent.set(child, node.id);
}

const idle = new Set(["(idle)", "(program)"]);
const self = new Map<number, number>();
let total = 0;
let busy = 0;
let elapsed = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i] ?? 0;
  elapsed += (profile.timeDeltas[i] ?? 0) / 1000;
  if (elapsed < skipMs) continue;
  // timeDeltas[i] is the time since the previous sample; attribute the next delta to this sample.
  const delta = (profile.timeDeltas[i + 1] ?? 0) / 1000;
  self.set(id, (self.get(id) ?? 0) + delta);
  total += delta;
  if (!idle.has(byId.get(id)?.callFrame.functionName ?? "")) busy += delta;
}

const packageOf = (frame: CallFrame): string => {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith("(") ? functionName : "(native / builtin)";
  const nm = url.lastIndexOf("/node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + "/node_modules/".length).split("/");
    return rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1] ?? ""}` : (rest[0] ?? "?");
  }
  if (url.startsWith("node:")) return "node: (core)";
  const src = url.indexOf("/dist/src/");
  if (src >= 0) return `src/${url.slice(src + "/dist/src/".length).split("/")[0] ?? ""}`;
  if (url.includes("/dist/bench/")) return "bench";
  return url;
};
const shortUrl = (url: string) => {
  const nm = url.lastIndexOf("/node_modules/");
  if (nm >= 0) return url.slice(nm + "/node_modules/".length);
  const dist = url.indexOf("/dist/");
  return dist >= 0 ? url.slice(dist + "/dist/".length) : url.replace(/^file:\/\//, "");
};
const frameKey = (frame: CallFrame) =>
  `${frame.functionName || "(anonymous)"}  ${shortUrl(frame.url)}${frame.url ? `:${frame.lineNumber + 1}` : ""}`;

const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);
const selfByPackage = new Map<string, number>();
const selfByFunction = new Map<string, number>();
const inclusiveByFunction = new Map<string, number>();
const inclusiveBySrcFile = new Map<string, number>();
const inclusiveByPackage = new Map<string, number>();
for (const [id, ms] of self) {
  const node = byId.get(id);
  if (!node || idle.has(node.callFrame.functionName)) continue;
  add(selfByPackage, packageOf(node.callFrame), ms);
  add(selfByFunction, frameKey(node.callFrame), ms);
  // Walk to the root once, counting each function / file / package at most once per stack.
  const seenFunctions = new Set<string>();
  const seenFiles = new Set<string>();
  const seenPackages = new Set<string>();
  let current: number | undefined = id;
  for (let depth = 0; current !== undefined && depth < 10_000; depth++) {
    const frame = byId.get(current)?.callFrame;
    if (frame) {
      seenFunctions.add(frameKey(frame));
      seenPackages.add(packageOf(frame));
      const src = frame.url.indexOf("/dist/src/");
      if (src >= 0) seenFiles.add(`src/${frame.url.slice(src + "/dist/src/".length)}`);
    }
    current = parent.get(current);
  }
  for (const key of seenFunctions) add(inclusiveByFunction, key, ms);
  for (const key of seenFiles) add(inclusiveBySrcFile, key, ms);
  for (const key of seenPackages) add(inclusiveByPackage, key, ms);
}

const unit = per > 0 ? "ms/req" : "ms";
const show = (ms: number) => (per > 0 ? (ms / per).toFixed(3) : ms.toFixed(0)).padStart(9);
const pct = (ms: number) => `${((ms / busy) * 100).toFixed(1).padStart(5)} %`;
const section = (title: string, map: Map<string, number>, limit: number) => {
  const lines = [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, limit);
  process.stdout.write(`\n${title} (${unit}, % of busy)\n`);
  for (const [key, ms] of lines) process.stdout.write(`${show(ms)} ${pct(ms)}  ${key}\n`);
};

process.stdout.write(
  `${file}\nwall ${(total / 1000).toFixed(2)} s, busy (not idle/program) ${(busy / 1000).toFixed(2)} s` +
    (per > 0 ? `, ${(busy / per).toFixed(3)} ms busy per request over ${per} requests` : "") +
    "\n",
);
section("Self time by package", selfByPackage, top);
section("Inclusive time by package", inclusiveByPackage, top);
section("Inclusive time by project file", inclusiveBySrcFile, top);
section("Self time by function", selfByFunction, top);
section("Inclusive time by function", inclusiveByFunction, top);

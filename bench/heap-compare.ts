import { readFileSync } from "node:fs";
import { retainedByBinding, type SnapshotJson } from "./heap-dominators.js";

/**
 * Compares two V8 heap snapshots (e.g. the echo bot's and the bot's from `bench-http --heap-snapshot`):
 *
 *   node dist/bench/heap-compare.js <echo.heapsnapshot> <bot.heapsnapshot> [--top N]
 *
 * It prints where the second holds more than the first: (1) the size of the objects by kind and class
 * ("closure", "code:system / BytecodeArray", "object:Template"…), (2) the module sources V8 keeps for lazy
 * compilation, by package or by folder of dist/src, (3) the retained size of what each module-scope binding
 * holds, by binding name and class (`actionTable Object`, `catalogs Object`; heap-dominators.ts), which in a
 * bundle is where the objects modules build at load time show up. Sources and compiled code of modules the
 * echo bot does not load were most of the difference in issue 14; the rest is what (1) and (3) point at, to be
 * followed to its retainers in a heap viewer (Chrome DevTools, Memory tab, "Load profile").
 */

interface Summary {
  /** "kind:class" → bytes and count. */
  readonly kinds: Map<string, { bytes: number; count: number }>;
  /** Package or dist/src folder → bytes of module source. */
  readonly sources: Map<string, number>;
  /** "binding Class" → bytes retained through a module scope's binding. */
  readonly bindings: Map<string, number>;
}

const unnamedKinds = new Set(["string", "concatenated string", "sliced string", "number", "bigint"]);

function summarise(file: string): Summary {
  const s = JSON.parse(readFileSync(file, "utf8")) as SnapshotJson;
  const { meta } = s.snapshot;
  const nf = meta.node_fields.length;
  const ef = meta.edge_fields.length;
  const types = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const [typeAt, nameAt, sizeAt, edgesAt] = ["type", "name", "self_size", "edge_count"].map((f) =>
    meta.node_fields.indexOf(f),
  ) as [number, number, number, number];
  const kinds = new Map<string, { bytes: number; count: number }>();
  const sources = new Map<string, number>();
  for (let node = 0, edge = 0; node < s.nodes.length; node += nf) {
    const type = types[s.nodes[node + typeAt]!]!;
    const name = s.strings[s.nodes[node + nameAt]!]!;
    const key = unnamedKinds.has(type) ? type : `${type}:${name.slice(0, 60)}`;
    const entry = kinds.get(key) ?? { bytes: 0, count: 0 };
    entry.bytes += s.nodes[node + sizeAt]!;
    entry.count += 1;
    kinds.set(key, entry);
    const edgeCount = s.nodes[node + edgesAt]!;
    // A Script is a "code" node named by its file; its "source" edge leads to the source string.
    const isScript = type === "code" && /^(file:\/\/)?\//.test(name);
    for (let k = 0; k < edgeCount; k++, edge += ef) {
      if (!isScript || edgeTypes[s.edges[edge]!] === "element" || s.strings[s.edges[edge + 1]!] !== "source")
        continue;
      const target = s.edges[edge + 2]!;
      sources.set(group(name), (sources.get(group(name)) ?? 0) + s.nodes[target + sizeAt]!);
    }
  }
  return { kinds, sources, bindings: retainedByBinding(s) };
}

/** node_modules/<package> (scoped too), or dist/src/<folder>. */
function group(scriptName: string): string {
  const path = scriptName.replace(/^file:\/\//, "");
  const inPackage = /^.*?(node_modules\/(?:@[^/]+\/)?[^/]+)/.exec(path);
  if (inPackage) return inPackage[1]!;
  const own = /(dist\/(?:src|bench)\/[^/]+)/.exec(path);
  return own ? own[1]! : path;
}

const mb = (bytes: number) => (bytes / 1048576).toFixed(3).padStart(8);

function printDifferences(title: string, a: Map<string, number>, b: Map<string, number>, top: number): void {
  const total = (m: Map<string, number>) => [...m.values()].reduce((x, y) => x + y, 0);
  console.log(`\n${title}: first ${mb(total(a))} MB, second ${mb(total(b))} MB`);
  console.log(`${"more MB".padStart(8)} ${"first".padStart(8)} ${"second".padStart(8)}`);
  const keys = [...new Set([...a.keys(), ...b.keys()])];
  const more = (k: string) => (b.get(k) ?? 0) - (a.get(k) ?? 0);
  for (const key of keys.sort((x, y) => more(y) - more(x)).slice(0, top))
    console.log(`${mb(more(key))} ${mb(a.get(key) ?? 0)} ${mb(b.get(key) ?? 0)}  ${key}`);
}

const args = process.argv.slice(2);
const topAt = args.indexOf("--top");
const top = topAt >= 0 ? Number(args[topAt + 1]) : 30;
const files = args.filter((_, i) => i !== topAt && i !== topAt + 1);
if (files.length !== 2 || !Number.isInteger(top)) {
  console.error(
    "usage: node dist/bench/heap-compare.js <first.heapsnapshot> <second.heapsnapshot> [--top N]",
  );
  process.exit(2);
}
const [first, second] = files.map(summarise) as [Summary, Summary];
const bytesOf = (m: Summary["kinds"]) => new Map([...m].map(([k, v]) => [k, v.bytes]));
printDifferences("Objects by kind and class", bytesOf(first.kinds), bytesOf(second.kinds), top);
printDifferences("Module sources kept by V8", first.sources, second.sources, top);
printDifferences(
  "Retained through module-scope bindings (4 KB or more each)",
  first.bindings,
  second.bindings,
  top,
);

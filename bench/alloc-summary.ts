import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

/**
 * What a sampling heap profile written by bench/alloc-profile.ts says a request allocates (garbage
 * included), in bytes per request: by the function that allocated (self), by the nearest frame in the bot's
 * own code (dist/src or a bundle's src/ path) and by package.
 *
 *   node dist/bench/alloc-summary.js FILE [--top 25]
 */
interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  callFrame: CallFrame;
  selfSize: number;
  children: ProfileNode[];
}
interface Profile {
  head: ProfileNode;
  samples: { size: number; nodeId: number }[];
  requests?: number;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: "string", default: "25" } },
});
const top = Number(values.top);

const where = (f: CallFrame) => {
  const url = f.url.replace(/^file:\/\//, "").replace(/^.*\/(dist|node_modules)\//, "$1/");
  return `${f.functionName || "(anonymous)"} ${url}:${f.lineNumber + 1}`;
};
const packageOf = (url: string) => {
  const m = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1] ?? "";
  if (/\/dist\/src\//.test(url)) return "(bot: dist/src)";
  if (url.startsWith("node:") || url === "") return url === "" ? "(V8 / native)" : "(node core)";
  return url.replace(/^.*\//, "");
};
const own = (f: CallFrame) => /\/dist\/src\//.test(f.url);

for (const file of positionals) {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const requests = profile.requests ?? 1;
  const bySelf = new Map<string, number>();
  const byOwn = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let total = 0;
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  const walk = (node: ProfileNode, nearestOwn: string) => {
    const here = own(node.callFrame) ? where(node.callFrame) : nearestOwn;
    if (node.selfSize > 0) {
      total += node.selfSize;
      add(bySelf, where(node.callFrame), node.selfSize);
      add(byOwn, here, node.selfSize);
      add(byPackage, packageOf(node.callFrame.url), node.selfSize);
    }
    for (const child of node.children) walk(child, here);
  };
  walk(profile.head, "(no bot frame)");
  const show = (title: string, m: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top))
      console.log(
        `${(v / requests).toFixed(0).padStart(8)} B  ${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`,
      );
  };
  console.log(
    `${file}: ${requests} requests, ${(total / requests / 1024).toFixed(1)} KB sampled per request`,
  );
  show("by allocating function", bySelf);
  show("by nearest frame in the bot's code", byOwn);
  show("by package", byPackage);
}

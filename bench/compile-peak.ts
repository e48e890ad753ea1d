import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { getHeapStatistics } from "node:v8";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

/**
 * Memory outside the V8 heap that a bundle costs just by being compiled:
 *
 *   node dist/bench/compile-peak.js [file.js …]     (default: dist/bundle/main.js and dist/bundle/echo-main.js)
 *
 * Each file is compiled, not run, as an ES module in a fresh child process (vm.SourceTextModule, behind
 * --experimental-vm-modules in the child only: a diagnosis, nothing the bot runs with). It prints V8's peak
 * of malloc'ed memory (the parser's and compiler's zones) and the resident size of the main malloc arena
 * ([heap] in /proc/self/smaps) before and after. V8 frees the zones once compiled, but the arena keeps the
 * pages resident: what this prints is in both bots' RSS for the life of the process (--probe-memory's
 * "brk" and "peakMallocedMb" once ready). An ES module bundle's whole top level is one function, compiled
 * at once with a syntax tree for all of it: every ES module in the bundle (the bot's own code, zod 4, the
 * message catalogs, JSON) is in that tree, whereas CommonJS modules, each wrapped in a function, are only
 * pre-parsed until first called.
 */
const mb = (bytes: number) => (bytes / 1048576).toFixed(1);

function mallocArenaBytes(): number {
  const smaps = readFileSync("/proc/self/smaps", "utf8");
  const at = smaps.indexOf("[heap]");
  const rss = at < 0 ? undefined : /Rss:\s+(\d+) kB/.exec(smaps.slice(at));
  return rss ? Number(rss[1]) * 1024 : 0;
}

function compileHere(file: string): void {
  const source = readFileSync(file, "utf8");
  const before = mallocArenaBytes();
  new vm.SourceTextModule(source, { identifier: file });
  const heap = getHeapStatistics();
  console.log(
    JSON.stringify({
      file,
      sourceMb: mb(source.length),
      peakMallocMb: mb(heap.peak_malloced_memory),
      mallocNowMb: mb(heap.malloced_memory),
      arenaBeforeMb: mb(before),
      arenaAfterMb: mb(mallocArenaBytes()),
    }),
  );
}

const args = process.argv.slice(2);
if (args[0] === "--child") compileHere(args[1]!);
else {
  const files = args.length > 0 ? args : ["dist/bundle/main.js", "dist/bundle/echo-main.js"];
  console.log(
    "file                          source MB  V8 peak malloc MB  malloc arena resident MB (before → after)",
  );
  for (const file of files) {
    const out = execFileSync(
      process.execPath,
      ["--experimental-vm-modules", "--no-warnings", fileURLToPath(import.meta.url), "--child", file],
      { encoding: "utf8" },
    );
    const r = JSON.parse(out) as Record<string, string>;
    console.log(
      `${file.padEnd(30)}${r.sourceMb!.padStart(9)}${r.peakMallocMb!.padStart(19)}        ${r.arenaBeforeMb} → ${r.arenaAfterMb}`,
    );
  }
}

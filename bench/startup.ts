import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { request } from "node:http";
import { createServer } from "node:net";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { memoryProbeMarker } from "./memory-probe-marker.js";

/**
 * What a bot process costs before its first request: the time from spawn until GET /healthz answers, and what it
 * retains once ready (V8 old space and whole heap after forced collections; RSS a second after them, split into
 * the main malloc arena "brk", other anonymous memory "anon" — V8's heap, other threads' malloc arenas — and
 * file-backed pages "file", as bench/memory-probe.ts reads them). With --sources, also how many
 * scripts it has loaded and how much source text they keep in the heap (from a heap snapshot: each V8 Script and
 * its source string). With --aged, what it retains after V8's own full collections have flushed the bytecode
 * start-up compiled and no longer runs (memory-probe.ts, `aged`): what it keeps in the long run.
 *
 *   npm run build && node dist/bench/startup.js [--repeat N] [--sources] [--aged] [SCRIPT …]
 *
 * SCRIPT is a built entry point (default: the bot and the echo bot, each as bundle and as tsc output:
 * dist/bundle/main.js dist/src/main.js dist/bundle/echo-main.js dist/bench/echo-main.js). Scripts of another
 * checkout can be named too (e.g. ../main/dist/src/main.js), each started from its own folder. The starts
 * alternate between the scripts, --repeat times each (default 3); the bot runs on the embedded store in a new
 * temporary DATA_DIR each time. Medians are printed; the load average is printed with each start.
 */

interface Start {
  readonly readyMs: number;
  readonly oldMb: number;
  readonly heapMb: number;
  readonly rssMb: number;
  /** Resident MB by kind of mapping (bench/memory-probe.ts): main malloc arena, other anonymous, file-backed. */
  readonly brkMb: number;
  readonly anonMb: number;
  readonly fileMb: number;
  readonly scripts?: number;
  readonly sourceMb?: number;
}

const probe = resolve(import.meta.dirname, "memory-probe.js");
const mb = (bytes: number) => bytes / 1048576;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: {
      repeat: { type: "string", default: "3" },
      sources: { type: "boolean", default: false },
      aged: { type: "boolean", default: false },
    },
    allowPositionals: true,
  });
  const repeat = Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error("--repeat must be a positive integer");
  const root = resolve(import.meta.dirname, "..", "..");
  const scripts = (
    positionals.length
      ? positionals
      : ["dist/bundle/main.js", "dist/src/main.js", "dist/bundle/echo-main.js", "dist/bench/echo-main.js"]
  ).map((s) => resolve(root, s));
  for (const s of scripts) if (!existsSync(s)) throw new Error(`${s} is missing: run npm run build first.`);

  const results = new Map<string, Start[]>(scripts.map((s) => [s, []]));
  for (let i = 0; i < repeat; i++) {
    for (const script of scripts) {
      const start = await startOnce(script, values.sources, values.aged);
      results.get(script)?.push(start);
      process.stderr.write(
        `${script}: ready ${start.readyMs.toFixed(0)} ms, old ${start.oldMb.toFixed(1)} MB` +
          (start.sourceMb === undefined
            ? ""
            : `, ${start.scripts} scripts, ${start.sourceMb.toFixed(2)} MB source`) +
          `; load ${loadavg()[0]?.toFixed(2)}\n`,
      );
    }
  }
  process.stdout.write(
    `\nmedians (retained after ${values.aged ? "aging" : "forced"} GC once ready)  ready ms  old MB  heap MB  RSS MB   brk MB  anon MB  file MB  scripts  source MB\n`,
  );
  for (const [script, starts] of results) {
    const med = (pick: (s: Start) => number | undefined) => {
      const v = starts
        .map(pick)
        .filter((x): x is number => x !== undefined)
        .sort((a, b) => a - b);
      return v.length ? (v[Math.floor((v.length - 1) / 2)] ?? NaN) : NaN;
    };
    const cell = (n: number, digits: number, width: number) =>
      (Number.isNaN(n) ? "-" : n.toFixed(digits)).padStart(width);
    process.stdout.write(
      `${script.slice(-44).padEnd(46)}${cell(
        med((s) => s.readyMs),
        0,
        10,
      )}${cell(
        med((s) => s.oldMb),
        1,
        8,
      )}` +
        `${cell(
          med((s) => s.heapMb),
          1,
          9,
        )}${cell(
          med((s) => s.rssMb),
          1,
          8,
        )}` +
        `${cell(
          med((s) => s.brkMb),
          1,
          9,
        )}${cell(
          med((s) => s.anonMb),
          1,
          9,
        )}${cell(
          med((s) => s.fileMb),
          1,
          9,
        )}` +
        `${cell(
          med((s) => s.scripts),
          0,
          9,
        )}${cell(
          med((s) => s.sourceMb),
          2,
          11,
        )}\n`,
    );
  }
  process.stdout.write(
    `load average at the end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(", ")}\n`,
  );
}

async function startOnce(script: string, sources: boolean, aged: boolean): Promise<Start> {
  const dataDir = await mkdtemp(join(tmpdir(), "pipeline-startup-"));
  await mkdir(join(dataDir, "data"));
  const port = await freePort();
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(Microsoft|COSMOS_|STORE$|DATA_DIR$|PORT$|HOST$|LOG_LEVEL$|NODE_OPTIONS$)/.test(k),
    ),
  );
  const began = performance.now();
  const child = spawn(process.execPath, ["--expose-gc", `--import=${pathToFileURL(probe).href}`, script], {
    cwd: dataDir,
    env: {
      ...env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: join(dataDir, "data"),
      STORE: "embedded",
      LOG_LEVEL: "warn",
    },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  const answers: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  child.stdout.on("data", (c: Buffer) => (output = (output + c.toString()).slice(-4000)));
  let partial = "";
  child.stderr.on("data", (c: Buffer) => {
    const lines = (partial + c.toString()).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      const at = line.indexOf(memoryProbeMarker);
      if (at < 0) output = (output + line + "\n").slice(-4000);
      else {
        const answer = line.slice(at + memoryProbeMarker.length);
        const next = waiting.shift();
        if (next) next(answer);
        else answers.push(answer);
      }
    }
  });
  const ask = (command: string) =>
    new Promise<string>((done) => {
      const ready = answers.shift();
      if (ready !== undefined) return done(ready);
      waiting.push(done);
      child.stdin.write(`${command}\n`);
    });
  try {
    await waitForHealth(port, child, () => output);
    const readyMs = performance.now() - began;
    const retained = JSON.parse(await ask(aged ? "aged" : "retained")) as {
      rssMb: number;
      heapUsedMb: number;
      spaces: Record<string, [number, number]>;
    };
    // RSS and its split by mapping a second after the collections, without collecting again: V8 gives the pages
    // the collections emptied back on a helper thread, so an RSS read right after them still counts some.
    await new Promise((done) => setTimeout(done, 1000));
    const settled = JSON.parse(await ask("split")) as { rssMb: number; resident?: Record<string, number> };
    let counted: { scripts: number; sourceMb: number } | undefined;
    if (sources) {
      const file = join(dataDir, "ready.heapsnapshot");
      await ask(`snapshot ${file}`);
      counted = scriptSources(file);
    }
    return {
      readyMs,
      oldMb: retained.spaces.old?.[1] ?? NaN,
      heapMb: retained.heapUsedMb,
      rssMb: settled.rssMb,
      brkMb: settled.resident?.brk ?? NaN,
      anonMb: settled.resident?.anon ?? NaN,
      fileMb: settled.resident?.file ?? NaN,
      ...(counted ? { scripts: counted.scripts, sourceMb: counted.sourceMb } : {}),
    };
  } finally {
    child.kill("SIGTERM");
    await new Promise((done) => child.once("exit", done));
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * The scripts of a heap snapshot other than Node's own (a "code" node with a "source" edge, named after its
 * file) and the total size of their source strings (MB).
 */
function scriptSources(file: string): { scripts: number; sourceMb: number } {
  const snapshot = JSON.parse(readFileSync(file, "utf8")) as {
    snapshot: {
      meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] };
    };
    nodes: number[];
    edges: number[];
    strings: string[];
  };
  const meta = snapshot.snapshot.meta;
  const nf = meta.node_fields.length;
  const ef = meta.edge_fields.length;
  const field = (f: string) => meta.node_fields.indexOf(f);
  const [typeAt, nameAt, sizeAt, edgeCountAt] = ["type", "name", "self_size", "edge_count"].map(field);
  const [edgeTypeAt, edgeNameAt, toAt] = ["type", "name_or_index", "to_node"].map((f) =>
    meta.edge_fields.indexOf(f),
  );
  const { nodes, edges, strings } = snapshot;
  const nodeType = (n: number) => meta.node_types[0][nodes[n + typeAt!]!];
  let scripts = 0;
  let bytes = 0;
  const counted = new Set<number>();
  for (let n = 0, e = 0; n < nodes.length; n += nf) {
    const edgeCount = nodes[n + edgeCountAt!]!;
    const name = strings[nodes[n + nameAt!]!] ?? "";
    if (nodeType(n) === "code" && !name.startsWith("node:")) {
      for (let k = e; k < e + edgeCount * ef; k += ef) {
        if (meta.edge_types[0][edges[k + edgeTypeAt!]!] === "element") continue;
        if (strings[edges[k + edgeNameAt!]!] !== "source") continue;
        const to = edges[k + toAt!]!;
        if (nodeType(to) !== "string" || counted.has(to)) continue;
        counted.add(to);
        scripts += 1;
        bytes += nodes[to + sizeAt!]!;
      }
    }
    e += edgeCount * ef;
  }
  return { scripts, sourceMb: mb(bytes) };
}

async function waitForHealth(port: number, child: { exitCode: number | null }, output: () => string) {
  for (const began = performance.now(); performance.now() - began < 180_000;) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}:\n${output()}`);
    const status = await new Promise<number>((done) => {
      const req = request({ host: "127.0.0.1", port, path: "/healthz" }, (res) => {
        res.resume();
        res.on("end", () => done(res.statusCode ?? 0));
      });
      req.setTimeout(1000, () => req.destroy());
      req.on("error", () => done(0));
      req.end();
    });
    if (status === 200) return;
    await new Promise((done) => setTimeout(done, 20));
  }
  throw new Error(`not ready after 180 s:\n${output()}`);
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => done(typeof address === "object" && address ? address.port : 0));
    });
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

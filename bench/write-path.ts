import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { fileURLToPath, pathToFileURL } from "node:url";
import type * as AppModule from "../src/app/pipeline-app.js";
import type * as ComposeModule from "../src/compose.js";
import type * as PortsModule from "../src/domain/shared/ports.js";
import type * as RendererModule from "../src/kit/rendering/renderer.js";
import type * as LogModule from "../src/log.js";
import type * as StoreModule from "../src/store/embedded/embedded-document-store.js";
import type { Reply, Turn } from "../src/kit/turn.js";
import { repTurn } from "./rep-turn.js";

/**
 * The write commands in process: the app over the real embedded store (group commit, synchronous=FULL), no
 * HTTP and no Bot Framework, so what is left is the domain, the store and the card. C users (reps, each with an opportunity of their own) send `opp next`/`opp previous`,
 * `lead new` and `note` in closed loops; CPU per command (user + system, from process.cpuUsage) is reported for
 * alternating blocks, median of the blocks. With --compare, a second worktree's build (its dist/, its own
 * store in its own directory) runs in the same process, block for block in alternation, so both see the same
 * machine load (how to compare a branch with main on a busy machine).
 *
 *   npm run build && node dist/bench/write-path.js [--compare /work/main] [--commands "opp next,lead new,note"]
 *     [--ops 2000] [--blocks 5] [--concurrency 16] [--profile FILE]
 *
 * --profile writes a V8 CPU profile of the measured blocks (summarise it with bench/profile-summary.ts);
 * for the store's share use `perf record` (the V8 profiler counts a thread blocked in fsync as busy).
 */

const { values } = parseArgs({
  options: {
    commands: { type: "string", default: "opp next,lead new,note" },
    ops: { type: "string", default: "2000" },
    blocks: { type: "string", default: "5" },
    concurrency: { type: "string", default: "16" },
    warmup: { type: "string", default: "1000" },
    compare: { type: "string" },
    profile: { type: "string" },
  },
});
const commands = values.commands.split(",").map((c) => c.trim());
const ops = Number(values.ops);
const blocks = Number(values.blocks);
const concurrency = Number(values.concurrency);
const warmup = Number(values.warmup);

const turnFor = (vu: number): Turn => repTurn("write-path", vu, "UTC");

interface Build {
  readonly root: string;
  readonly run: (command: string, count: number) => Promise<void>;
  readonly close: () => Promise<void>;
}

/** The app of the build at `root` (its dist/), over a fresh embedded store with an opportunity per rep. */
async function load(root: string): Promise<Build> {
  const from = async <T>(path: string) => (await import(pathToFileURL(join(root, "dist", path)).href)) as T;
  const { PipelineApp } = await from<typeof AppModule>("src/app/pipeline-app.js");
  const { composeServices } = await from<typeof ComposeModule>("src/compose.js");
  const { systemClock } = await from<typeof PortsModule>("src/domain/shared/ports.js");
  const { CardRenderer } = await from<typeof RendererModule>("src/kit/rendering/renderer.js");
  const { silentLogger } = await from<typeof LogModule>("src/log.js");
  const { EmbeddedDocumentStore } = await from<typeof StoreModule>(
    "src/store/embedded/embedded-document-store.js",
  );
  const dir = await mkdtemp(join(tmpdir(), "write-path-"));
  const store = await EmbeddedDocumentStore.open({ dir });
  const close = async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const services = composeServices(store, systemClock);
    const app = new PipelineApp({
      services,
      cards: CardRenderer.load(join(root, "cards")),
      admins: [],
      log: silentLogger,
    });
    const turns = Array.from({ length: concurrency }, (_, vu) => turnFor(vu));
    const card = (replies: readonly Reply[], text: string): string => {
      const found = replies.find((r) => r.kind === "card");
      if (!found || found.kind !== "card") {
        throw new Error(
          `"${text}" answered: ${replies.map((r) => (r.kind === "text" ? r.text : "")).join(" | ")}`,
        );
      }
      return found.summary;
    };
    const say = async (turn: Turn, text: string) => card(await app.message(turn, text), text);
    const first = turns[0] as Turn;
    const account = /A-\d+/.exec(
      await say(first, "account new Contoso Bench domain=contoso-bench.example"),
    )?.[0];
    const opps: string[] = [];
    for (const turn of turns) {
      const summary = await say(
        turn,
        `opp new Fleet renewal account=${account} value=25000 close=2027-06-30`,
      );
      opps.push(/O-\d+/.exec(summary)?.[0] ?? "");
    }
    const sent = new Map<string, number>();
    const text = (command: string, vu: number): string => {
      const key = `${command}/${vu}`;
      const i = sent.get(key) ?? 0;
      sent.set(key, i + 1);
      const opp = opps[vu] as string;
      if (command === "opp next") return `opp ${i % 2 === 0 ? "next" : "previous"} ${opp}`;
      if (command === "lead new")
        return `lead new Bench topic ${vu}-${i} first=Rep${vu} last=Buyer${i} company=Bench${vu}x${i} email=buyer${i}@bench${vu}.example`;
      if (command === "note") return `note ${opp} Called the customer, round ${i}`;
      throw new Error(`Unknown command ${command}`);
    };
    const run = async (command: string, count: number) => {
      let next = 0;
      await Promise.all(
        turns.map(async (turn, vu) => {
          while (next < count) {
            next++;
            const replies = await app.message(turn, text(command, vu));
            if (command !== "note") card(replies, command);
          }
        }),
      );
    };
    return { root, run, close };
  } catch (error) {
    await close();
    throw error;
  }
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const here = fileURLToPath(new URL("../..", import.meta.url));
  const builds = [await load(here)];
  try {
    if (values.compare) builds.push(await load(resolve(values.compare)));
    for (const build of builds) for (const command of commands) await build.run(command, warmup);
    const session = values.profile ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post("Profiler.enable");
      await session.post("Profiler.start");
    }
    const figures = builds.map(() => new Map<string, number[]>(commands.map((c) => [c, []])));
    for (let b = 0; b < blocks; b++) {
      for (const command of commands) {
        // ABBA: which build goes first alternates, so neither always runs on the other's leftovers (GC, caches).
        const order = b % 2 === 0 ? builds.map((_, i) => i) : builds.map((_, i) => builds.length - 1 - i);
        for (const i of order) {
          const build = builds[i] as Build;
          const cpu = process.cpuUsage();
          const started = performance.now();
          await build.run(command, ops);
          const used = process.cpuUsage(cpu);
          const wall = performance.now() - started;
          const ms = (used.user + used.system) / 1000 / ops;
          figures[i]?.get(command)?.push(ms);
          console.log(
            `block ${b + 1} ${command.padEnd(9)} ${build.root}: cpu ${ms.toFixed(3)} ms/op ` +
              `(user ${(used.user / 1000 / ops).toFixed(3)}, system ${(used.system / 1000 / ops).toFixed(3)}), ` +
              `${(ops / (wall / 1000)).toFixed(0)} ops/s`,
          );
        }
      }
    }
    if (session) {
      const { profile } = await session.post("Profiler.stop");
      await writeFile(values.profile as string, JSON.stringify(profile));
      session.disconnect();
    }
    const load1 = loadavg().map((l) => l.toFixed(2));
    for (const command of commands) {
      const medians = figures.map((f) => median(f.get(command) ?? []));
      builds.forEach((build, i) =>
        console.log(
          `${command.padEnd(9)} ${build.root}: median ${medians[i]?.toFixed(3)} ms CPU/op  ` +
            `[${(figures[i]?.get(command) ?? []).map((f) => f.toFixed(3)).join(" ")}]`,
        ),
      );
      if (medians.length === 2) {
        // Each block's pair ran under the same load: the median of their ratios is steadier than the ratio
        // of the medians when the load moves between blocks.
        const mine = figures[0]?.get(command) ?? [];
        const theirs = figures[1]?.get(command) ?? [];
        const pairs = mine.map((m, b) => m / (theirs[b] ?? NaN));
        console.log(
          `${command.padEnd(9)} this ÷ other: ${((medians[0] ?? 0) / (medians[1] ?? 1)).toFixed(3)} (medians), ` +
            `${median(pairs).toFixed(3)} (median of the blocks' ratios: ${pairs.map((r) => r.toFixed(3)).join(" ")})`,
        );
      }
    }
    console.log(`load average ${load1.join(" ")}`);
  } finally {
    for (const build of builds) await build.close();
  }
}

await main();

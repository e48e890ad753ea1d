import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type * as AppModule from "../src/app/pipeline-app.js";
import type * as ComposeModule from "../src/compose.js";
import type * as PortsModule from "../src/domain/shared/ports.js";
import type * as RendererModule from "../src/kit/rendering/renderer.js";
import type * as LogModule from "../src/log.js";
import type * as StoreModule from "../src/store/embedded/embedded-document-store.js";
import type { PipelineApp } from "../src/app/pipeline-app.js";
import type { Reply, Turn } from "../src/kit/turn.js";

/**
 * What the in-process benches (read-path, write-path) share: the app of one build (its dist/) over a fresh
 * embedded store, seeded with an account and an opportunity per rep; and the comparison of two builds in one
 * process, block for block, so both see the same machine load.
 */

export interface SeededApp {
  readonly app: PipelineApp;
  readonly turns: readonly Turn[];
  /** The opportunity of each rep, by the rep's index in `turns`. */
  readonly opps: readonly string[];
  readonly close: () => Promise<void>;
}

/** The card of a reply; any other answer is an error that names what was said. */
export function cardOf(replies: readonly Reply[], said: string): Extract<Reply, { kind: "card" }> {
  const found = replies.find((r) => r.kind === "card");
  if (!found || found.kind !== "card")
    throw new Error(
      `"${said}" answered: ${replies.map((r) => (r.kind === "text" ? r.text : "")).join(" | ")}`,
    );
  return found;
}

/** A card reply's summary; any other answer is an error that names what was said. */
export const cardSummary = (replies: readonly Reply[], said: string): string => cardOf(replies, said).summary;

/**
 * The command line of an in-process bench: --commands, --ops, --blocks, --concurrency, --warmup, --compare,
 * --profile; `defaults` gives the bench's own commands, blocks and warm-up.
 */
export function benchArgs(defaults: {
  readonly commands: string;
  readonly blocks: string;
  readonly warmup: string;
}) {
  return parseArgs({
    options: {
      commands: { type: "string", default: defaults.commands },
      ops: { type: "string", default: "2000" },
      blocks: { type: "string", default: defaults.blocks },
      concurrency: { type: "string", default: "16" },
      warmup: { type: "string", default: defaults.warmup },
      compare: { type: "string" },
      profile: { type: "string" },
    },
  }).values;
}

/**
 * The app of the build at `root`, over a fresh embedded store in a temporary folder (`prefix` names it), with
 * an account and one opportunity for each of `turns`, created through the app as a rep would.
 */
export async function seededApp(root: string, prefix: string, turns: readonly Turn[]): Promise<SeededApp> {
  const from = async <T>(path: string) => (await import(pathToFileURL(join(root, "dist", path)).href)) as T;
  const { PipelineApp } = await from<typeof AppModule>("src/app/pipeline-app.js");
  const { composeServices } = await from<typeof ComposeModule>("src/compose.js");
  const { systemClock } = await from<typeof PortsModule>("src/domain/shared/ports.js");
  const { CardRenderer } = await from<typeof RendererModule>("src/kit/rendering/renderer.js");
  const { silentLogger } = await from<typeof LogModule>("src/log.js");
  const { EmbeddedDocumentStore } = await from<typeof StoreModule>(
    "src/store/embedded/embedded-document-store.js",
  );
  const dir = await mkdtemp(join(tmpdir(), `${prefix}-`));
  const store = await EmbeddedDocumentStore.open({ dir });
  const close = async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const app = new PipelineApp({
      services: composeServices(store, systemClock),
      cards: CardRenderer.load(join(root, "cards")),
      admins: [],
      log: silentLogger,
    });
    const say = async (turn: Turn, text: string) => cardSummary(await app.message(turn, text), text);
    const account = /A-\d+/.exec(
      await say(turns[0] as Turn, "account new Contoso Bench domain=contoso-bench.example"),
    )?.[0];
    const opps: string[] = [];
    for (const [vu, turn] of turns.entries())
      opps.push(
        /O-\d+/.exec(
          await say(turn, `opp new Fleet renewal ${vu} account=${account} value=25000 close=2027-06-30`),
        )?.[0] ?? "",
      );
    return { app, turns, opps, close };
  } catch (error) {
    await close();
    throw error;
  }
}

export interface Build {
  readonly root: string;
  /** Runs `count` of `command`, the reps in closed loops. */
  readonly run: (command: string, count: number) => Promise<void>;
  readonly close: () => Promise<void>;
}

/** `count` runs of `once`, shared by `reps` closed loops (each rep starts its next when its last is done). */
export async function closedLoops(
  reps: number,
  count: number,
  once: (vu: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: reps }, async (_, vu) => {
      while (next < count) {
        next++;
        await once(vu);
      }
    }),
  );
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/**
 * CPU per command (user + system) of each build, in blocks: after a warm-up, each block runs every command
 * `ops` times on each build, ABBA (which build goes first alternates, so neither always runs on the other's
 * leftovers: GC, caches). Prints each build's median and, for two, the ratio of the medians and the median
 * of the blocks' ratios (each block's pair ran under the same load, so that one is steadier when the load
 * moves). With `profile`, a CPU profile of the measured blocks is written there.
 */
export async function compareBuilds(
  builds: readonly Build[],
  options: {
    readonly commands: readonly string[];
    readonly ops: number;
    readonly blocks: number;
    readonly warmup: number;
    readonly profile?: string;
    readonly verbose?: boolean;
  },
): Promise<void> {
  const { commands, ops, blocks, warmup } = options;
  for (const build of builds) for (const command of commands) await build.run(command, warmup);
  const session = options.profile ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.start");
  }
  const figures = builds.map(() => new Map<string, number[]>(commands.map((c) => [c, []])));
  const width = Math.max(...commands.map((c) => c.length));
  for (let b = 0; b < blocks; b++)
    for (const command of commands) {
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
        if (options.verbose)
          console.log(
            `block ${b + 1} ${command.padEnd(width)} ${build.root}: cpu ${ms.toFixed(3)} ms/op ` +
              `(user ${(used.user / 1000 / ops).toFixed(3)}, system ${(used.system / 1000 / ops).toFixed(3)}), ` +
              `${(ops / (wall / 1000)).toFixed(0)} ops/s`,
          );
      }
    }
  if (session && options.profile) {
    const { profile } = await session.post("Profiler.stop");
    await writeFile(options.profile, JSON.stringify(profile));
    session.disconnect();
  }
  const load = loadavg().map((l) => l.toFixed(2));
  for (const command of commands) {
    const medians = figures.map((f) => median(f.get(command) ?? []));
    builds.forEach((build, i) =>
      console.log(
        `${command.padEnd(width)} ${build.root}: median ${medians[i]?.toFixed(3)} ms CPU/op  ` +
          `[${(figures[i]?.get(command) ?? []).map((f) => f.toFixed(3)).join(" ")}]`,
      ),
    );
    if (medians.length === 2) {
      const mine = figures[0]?.get(command) ?? [];
      const theirs = figures[1]?.get(command) ?? [];
      const pairs = mine.map((m, b) => m / (theirs[b] ?? NaN));
      console.log(
        `${command.padEnd(width)} this ÷ other: ${((medians[0] ?? 0) / (medians[1] ?? 1)).toFixed(3)} (medians), ` +
          `${median(pairs).toFixed(3)} (median of the blocks' ratios: ${pairs.map((r) => r.toFixed(3)).join(" ")})`,
      );
    }
  }
  console.log(`load average ${load.join(" ")}`);
}

/**
 * A bench's whole run: this build (the dist/ the bench runs from) and, with `compare`, another tree's build,
 * loaded by `load`, compared by compareBuilds, then closed.
 */
export async function runBench(
  load: (root: string) => Promise<Build>,
  values: {
    readonly commands: string;
    readonly ops: string;
    readonly blocks: string;
    readonly warmup: string;
    readonly compare?: string | undefined;
    readonly profile?: string | undefined;
  },
  verbose = false,
): Promise<void> {
  const builds = [await load(fileURLToPath(new URL("../..", import.meta.url)))];
  try {
    if (values.compare) builds.push(await load(resolve(values.compare)));
    await compareBuilds(builds, {
      commands: values.commands.split(",").map((c) => c.trim()),
      ops: Number(values.ops),
      blocks: Number(values.blocks),
      warmup: Number(values.warmup),
      ...(values.profile ? { profile: values.profile } : {}),
      verbose,
    });
  } finally {
    for (const build of builds) await build.close();
  }
}

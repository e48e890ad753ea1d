import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
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
 * The read commands of the HTTP benchmark in process: `opp show` and a card press (`opp.show` pressed on the
 * opportunity card) through the app over the real embedded store — the store read, the view model, the card
 * and its JSON (what the Teams edge then sends), without HTTP and the Bot Framework; also `opp list` (the rep's
 * own list, as the HTTP bench asks it) and `opp list open` (a full page of 10 rows). 16 reps, each with an
 * opportunity of their own, in closed loops; CPU per command (user + system) for alternating blocks, median
 * of the blocks. With --compare, a second worktree's build (its dist/, its own store) runs in the same
 * process, block for block in alternation, so both see the same machine load.
 *
 *   npm run build && node dist/bench/read-path.js [--compare /work/main] [--commands "opp show,card press"]
 *     [--ops 2000] [--blocks 7] [--profile FILE]
 */

const { values } = parseArgs({
  options: {
    commands: { type: "string", default: "opp show,card press" },
    ops: { type: "string", default: "2000" },
    blocks: { type: "string", default: "7" },
    concurrency: { type: "string", default: "16" },
    warmup: { type: "string", default: "2000" },
    compare: { type: "string" },
    profile: { type: "string" },
  },
});
const commands = values.commands.split(",").map((c) => c.trim());
const ops = Number(values.ops);
const blocks = Number(values.blocks);
const concurrency = Number(values.concurrency);
const warmup = Number(values.warmup);

const turnFor = (vu: number): Turn => repTurn("read-path", vu, "Europe/Oslo");

interface Build {
  readonly root: string;
  readonly run: (command: string, count: number) => Promise<void>;
  readonly close: () => Promise<void>;
}

/** The app of the build at `root` (its dist/), over a fresh embedded store, seeded as the HTTP bench seeds. */
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
  const dir = await mkdtemp(join(tmpdir(), "read-path-"));
  const store = await EmbeddedDocumentStore.open({ dir });
  const services = composeServices(store, systemClock);
  const app = new PipelineApp({
    services,
    cards: CardRenderer.load(join(root, "cards")),
    admins: [],
    log: silentLogger,
  });
  const turns = Array.from({ length: concurrency }, (_, vu) => turnFor(vu));
  // What the Teams edge does with a card: it goes out as JSON.
  const sent = (replies: readonly Reply[], what: string): string => {
    const found = replies.find((r) => r.kind === "card");
    if (!found || found.kind !== "card") throw new Error(`"${what}" answered no card`);
    return JSON.stringify(found.card).length > 0 ? found.summary : "";
  };
  const say = async (turn: Turn, text: string) => sent(await app.message(turn, text), text);
  const first = turns[0] as Turn;
  const account = /A-\d+/.exec(
    await say(first, "account new Contoso Bench domain=contoso-bench.example"),
  )?.[0];
  const opps: string[] = [];
  for (const [vu, turn] of turns.entries())
    opps.push(
      /O-\d+/.exec(
        await say(turn, `opp new Fleet renewal ${vu} account=${account} value=25000 close=2027-06-30`),
      )?.[0] ?? "",
    );
  const once = async (command: string, vu: number): Promise<void> => {
    const turn = turns[vu] as Turn;
    const opp = opps[vu] as string;
    if (command === "opp show") {
      sent(await app.message(turn, `opp show ${opp}`), command);
      return;
    }
    if (command === "opp list") {
      // As the HTTP bench asks it: the rep's own open opportunities (one row each here).
      sent(await app.message(turn, "opp list"), command);
      return;
    }
    if (command === "opp list open") {
      // A full page (10 rows) of the tenant's open opportunities, most recently changed first.
      sent(await app.message(turn, "opp list open"), command);
      return;
    }
    if (command === "card press") {
      const reply = await app.action(turn, "opp.show", { ref: opp });
      if (reply.kind !== "card" || JSON.stringify(reply.card).length === 0)
        throw new Error("card press: no card");
      return;
    }
    throw new Error(`Unknown command ${command}`);
  };
  const run = async (command: string, count: number) => {
    let next = 0;
    await Promise.all(
      turns.map(async (_, vu) => {
        while (next < count) {
          next++;
          await once(command, vu);
        }
      }),
    );
  };
  return {
    root,
    run,
    close: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const here = fileURLToPath(new URL("../..", import.meta.url));
  const builds = [await load(here)];
  if (values.compare) builds.push(await load(resolve(values.compare)));
  try {
    for (const build of builds) for (const command of commands) await build.run(command, warmup);
    const session = values.profile ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post("Profiler.enable");
      await session.post("Profiler.start");
    }
    const figures = builds.map(() => new Map<string, number[]>(commands.map((c) => [c, []])));
    for (let b = 0; b < blocks; b++)
      for (const command of commands)
        for (const [i, build] of builds.entries()) {
          const cpu = process.cpuUsage();
          await build.run(command, ops);
          const used = process.cpuUsage(cpu);
          figures[i]?.get(command)?.push((used.user + used.system) / 1000 / ops);
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
          `${command.padEnd(10)} ${build.root}: median ${medians[i]?.toFixed(3)} ms CPU/op  ` +
            `[${(figures[i]?.get(command) ?? []).map((f) => f.toFixed(3)).join(" ")}]`,
        ),
      );
      if (medians.length === 2)
        console.log(
          `${command.padEnd(10)} this ÷ other: ${((medians[0] ?? 0) / (medians[1] ?? 1)).toFixed(3)}`,
        );
    }
    console.log(`load average ${load1.join(" ")}`);
  } finally {
    for (const build of builds) await build.close();
  }
}

await main();

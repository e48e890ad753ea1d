import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { PipelineApp } from "../src/app/pipeline-app.js";
import { composeServices } from "../src/compose.js";
import { systemClock } from "../src/domain/shared/ports.js";
import { CardRenderer } from "../src/kit/rendering/renderer.js";
import type { Reply, Turn } from "../src/kit/turn.js";
import { repTurn } from "./rep-turn.js";
import { silentLogger } from "../src/log.js";
import { EmbeddedDocumentStore } from "../src/store/embedded/embedded-document-store.js";

/**
 * The write commands in process: the app over the real embedded store (group commit, synchronous=FULL), no
 * HTTP and no Bot Framework, so what is left is the domain, the store and the card. C users (reps, each with
 * an opportunity of their own) send `opp next`/`opp previous`, `lead new` and `note` in closed loops; CPU per
 * command (user + system, from process.cpuUsage) is reported for alternating blocks, median of the blocks.
 *
 *   node dist/bench/write-path.js [--commands "opp next,lead new,note"] [--ops 2000] [--blocks 5]
 *     [--concurrency 16] [--profile FILE]
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
    profile: { type: "string" },
  },
});
const commands = values.commands.split(",").map((c) => c.trim());
const ops = Number(values.ops);
const blocks = Number(values.blocks);
const concurrency = Number(values.concurrency);
const warmup = Number(values.warmup);

const turnFor = (vu: number): Turn => repTurn("write-path", vu, "UTC");

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "write-path-"));
  const store = await EmbeddedDocumentStore.open({ dir });
  try {
    const services = composeServices(store, systemClock);
    const app = new PipelineApp({ services, cards: CardRenderer.load(), admins: [], log: silentLogger });
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
    for (const command of commands) await run(command, warmup);
    const session = values.profile ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post("Profiler.enable");
      await session.post("Profiler.start");
    }
    const results = new Map<string, number[]>(commands.map((c) => [c, []]));
    for (let b = 0; b < blocks; b++) {
      for (const command of commands) {
        const cpu = process.cpuUsage();
        const started = performance.now();
        await run(command, ops);
        const used = process.cpuUsage(cpu);
        const wall = performance.now() - started;
        const ms = (used.user + used.system) / 1000 / ops;
        results.get(command)?.push(ms);
        console.log(
          `block ${b + 1} ${command.padEnd(9)} cpu ${ms.toFixed(3)} ms/op (user ${(used.user / 1000 / ops).toFixed(3)}, ` +
            `system ${(used.system / 1000 / ops).toFixed(3)}), ${(ops / (wall / 1000)).toFixed(0)} ops/s`,
        );
      }
    }
    if (session) {
      const { profile } = await session.post("Profiler.stop");
      await writeFile(values.profile as string, JSON.stringify(profile));
      session.disconnect();
    }
    console.log(
      `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );
    for (const [command, figures] of results) {
      const sorted = [...figures].sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
      console.log(
        `${command.padEnd(9)} median ${median.toFixed(3)} ms/op  [${figures.map((f) => f.toFixed(3)).join(" ")}]`,
      );
    }
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();

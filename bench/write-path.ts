import type { Turn } from "../src/kit/turn.js";
import { benchArgs, cardSummary, closedLoops, runBench, seededApp, type Build } from "./in-process.js";
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

const values = benchArgs({ commands: "opp next,lead new,note", blocks: "5", warmup: "1000" });
const concurrency = Number(values.concurrency);
const turns = Array.from({ length: concurrency }, (_, vu): Turn => repTurn("write-path", vu, "UTC"));

/** The app of the build at `root` (its dist/), over a fresh embedded store with an opportunity per rep. */
async function load(root: string): Promise<Build> {
  const { app, opps, close } = await seededApp(root, "write-path", turns);
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
  const run = (command: string, count: number) =>
    closedLoops(concurrency, count, async (vu) => {
      const replies = await app.message(turns[vu] as Turn, text(command, vu));
      if (command !== "note") cardSummary(replies, command);
    });
  return { root, run, close };
}

await runBench(load, values, true);

import type { Reply, Turn } from "../src/kit/turn.js";
import { benchArgs, cardOf, closedLoops, runBench, seededApp, type Build } from "./in-process.js";
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

const values = benchArgs({ commands: "opp show,card press", blocks: "7", warmup: "2000" });
const concurrency = Number(values.concurrency);
const turns = Array.from({ length: concurrency }, (_, vu): Turn => repTurn("read-path", vu, "Europe/Oslo"));

/** What the Teams edge does with a card: it goes out as JSON. */
const sent = (replies: readonly Reply[], what: string): string => JSON.stringify(cardOf(replies, what).card);

/** The app of the build at `root` (its dist/), over a fresh embedded store, seeded as the HTTP bench seeds. */
async function load(root: string): Promise<Build> {
  const { app, opps, close } = await seededApp(root, "read-path", turns);
  const once = async (command: string, vu: number): Promise<string> => {
    const turn = turns[vu] as Turn;
    const opp = opps[vu] as string;
    if (command === "opp show") return sent(await app.message(turn, `opp show ${opp}`), command);
    // As the HTTP bench asks it: the rep's own open opportunities (one row each here).
    if (command === "opp list") return sent(await app.message(turn, "opp list"), command);
    // A full page (10 rows) of the tenant's open opportunities, most recently changed first.
    if (command === "opp list open") return sent(await app.message(turn, "opp list open"), command);
    if (command === "card press") {
      const reply = await app.action(turn, "opp.show", { ref: opp });
      if (reply.kind !== "card") throw new Error("card press: no card");
      return JSON.stringify(reply.card);
    }
    throw new Error(`Unknown command ${command}`);
  };
  return { root, run: (command, count) => closedLoops(concurrency, count, (vu) => once(command, vu)), close };
}

await runBench(load, values);

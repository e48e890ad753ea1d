import { Agent, request } from "node:http";
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { Turn } from "../src/kit/turn.js";
import { startEchoBot } from "./echo-bot.js";
import { seededApp } from "./in-process.js";
import { repTurn } from "./rep-turn.js";

/**
 * Why a card press costs the bot over HTTP about twice what `read-path` measures: what runs between two
 * presses. `read-path` runs presses back to back, so the code and data of a press are still in the CPU's
 * caches (and its branch predictors trained) when the next one starts. In the bot process, between two presses
 * runs the HTTP and Bot Framework stack of the next request (restify, Node's http, the CloudAdapter) — the
 * same code the echo bot runs — and each evicts the other. This bench measures that in one process, without
 * the HTTP bench's noise: the echo bot (bench/echo-bot.ts) listens on loopback in this process, and a card
 * press of the app (as read-path presses it: the store read, the view model, the render, the card's JSON) is
 * timed
 *   - warm: right after another press (what read-path measures),
 *   - after echo: right after the echo bot answered one card-press invoke over HTTP here (the client's side of
 *     that request runs here too, so this is somewhat colder than the bot's process between two presses),
 * and the echo bot's own round trip is timed after another round trip and after a press: what the press's
 * work costs the HTTP code that runs after it. Each figure is the median of a block's samples; the bench
 * prints the median of the blocks. Wall time of one press, not CPU: a press never waits (the embedded store
 * reads synchronously), so its wall time is its CPU time on the main thread, and the median leaves out a
 * sample that a scavenge or the scheduler lengthened. With --compare, another worktree's build (its dist/,
 * its own store) is measured in the same process, block for block in alternation.
 *
 *   npm run build && node dist/bench/cold-press.js [--compare /work/main] [--blocks 15] [--samples 160]
 *     [--warmup 2000]
 */

const { values } = parseArgs({
  options: {
    compare: { type: "string" },
    blocks: { type: "string", default: "15" },
    samples: { type: "string", default: "160" },
    warmup: { type: "string", default: "2000" },
  },
});
const blocks = Number(values.blocks);
const samples = Number(values.samples);
const warmup = Number(values.warmup);
const reps = 16;
const turns = Array.from({ length: reps }, (_, vu): Turn => repTurn("cold-press", vu, "Europe/Oslo"));

interface Build {
  readonly root: string;
  readonly press: (vu: number) => Promise<number>;
  readonly close: () => Promise<void>;
}

async function load(root: string): Promise<Build> {
  const { app, opps, close } = await seededApp(root, "cold-press", turns);
  const press = async (vu: number) => {
    const reply = await app.action(turns[vu] as Turn, "opp.show", { ref: opps[vu] });
    if (reply.kind !== "card") throw new Error("card press: no card");
    // What the Teams edge then does with it: the card goes out as JSON.
    return JSON.stringify(reply.card).length;
  };
  return { root, press, close };
}

/** One card-press invoke into the echo bot over loopback HTTP, as the HTTP bench sends it. */
function echoInvoke(port: number, agent: Agent): () => Promise<void> {
  const now = new Date().toISOString();
  const tenantId = "b7a9c1d2-3e4f-4a5b-8c6d-7e8f9a0b1c2d";
  const body = JSON.stringify({
    type: "invoke",
    name: "adaptiveCard/action",
    value: { action: { type: "Action.Execute", verb: "opp.show", data: { ref: "O-1" } }, trigger: "manual" },
    id: "cold-press",
    timestamp: now,
    localTimestamp: now.replace("Z", "+00:00"),
    localTimezone: "Europe/Oslo",
    serviceUrl: "http://127.0.0.1:9/",
    channelId: "msteams",
    from: { id: "29:cold-press", aadObjectId: "0b1c2d3e-4f5a-4b6c-8d7e-000000000001", name: "Rep" },
    recipient: { id: "28:pipeline-bot", name: "Pipeline" },
    conversation: { id: "a:cold-press", conversationType: "personal", tenantId },
    locale: "en-US",
    entities: [
      { type: "clientInfo", locale: "en-US", country: "US", platform: "Web", timezone: "Europe/Oslo" },
    ],
    channelData: { tenant: { id: tenantId } },
  });
  const headers = { "content-type": "application/json", "content-length": Buffer.byteLength(body) };
  return () =>
    new Promise<void>((done, fail) => {
      const req = request(
        { host: "127.0.0.1", port, path: "/api/messages", method: "POST", agent, headers },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (text += chunk));
          res.on("end", () =>
            res.statusCode === 200 && text.includes("AdaptiveCard")
              ? done()
              : fail(new Error(`echo bot answered ${res.statusCode}: ${text.slice(0, 200)}`)),
          );
        },
      );
      req.on("error", fail);
      req.end(body);
    });
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const elapsedUs = (from: bigint) => Number(process.hrtime.bigint() - from) / 1000;

const figures = ["press, warm", "press, after echo", "echo, after echo", "echo, after press"] as const;
type Figure = (typeof figures)[number];

const echo = await startEchoBot({ port: 0, host: "127.0.0.1" });
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const invoke = echoInvoke(echo.port, agent);
const builds = [await load(fileURLToPath(new URL("../..", import.meta.url)))];
try {
  if (values.compare) builds.push(await load(resolve(values.compare)));
  for (const build of builds)
    for (let i = 0; i < warmup; i++) {
      await build.press(i % reps);
      await invoke();
    }
  /** A block's median of `what` (timed), each sample right after `before`. */
  const block = async (before: () => Promise<unknown>, what: () => Promise<unknown>) => {
    const taken: number[] = [];
    for (let i = 0; i < samples; i++) {
      await before();
      const started = process.hrtime.bigint();
      await what();
      taken.push(elapsedUs(started));
    }
    return median(taken);
  };
  const results = builds.map(() => new Map<Figure, number[]>(figures.map((f) => [f, []])));
  for (let b = 0; b < blocks; b++) {
    const order = b % 2 === 0 ? builds.map((_, i) => i) : builds.map((_, i) => builds.length - 1 - i);
    for (const i of order) {
      const build = builds[i] as Build;
      let vu = 0;
      const press = () => build.press(vu++ % reps);
      const got = results[i] as Map<Figure, number[]>;
      got.get("press, warm")?.push(await block(press, press));
      got.get("press, after echo")?.push(await block(invoke, press));
      got.get("echo, after echo")?.push(await block(invoke, invoke));
      got.get("echo, after press")?.push(await block(press, invoke));
    }
  }
  const width = Math.max(...figures.map((f) => f.length));
  builds.forEach((build, i) => {
    console.log(build.root);
    for (const figure of figures) {
      const xs = results[i]?.get(figure) ?? [];
      const sorted = [...xs].sort((a, b) => a - b);
      console.log(
        `  ${figure.padEnd(width)}  median ${median(xs).toFixed(1)} µs  (blocks ${sorted[0]?.toFixed(1)}–` +
          `${sorted.at(-1)?.toFixed(1)})`,
      );
    }
  });
  if (builds.length === 2)
    for (const figure of figures.filter((f) => f.startsWith("press"))) {
      const mine = results[0]?.get(figure) ?? [];
      const theirs = results[1]?.get(figure) ?? [];
      const pairs = mine.map((m, b) => m / (theirs[b] ?? NaN));
      console.log(
        `${figure.padEnd(width)} this ÷ other: ${median(pairs).toFixed(3)} (median of the blocks' ratios)`,
      );
    }
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
} finally {
  agent.destroy();
  await echo.close();
  for (const build of builds) await build.close();
}

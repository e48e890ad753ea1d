import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { TurnContext } from "botbuilder";
import type * as AdapterModule from "../src/teams/adapter.js";
import type * as LogModule from "../src/log.js";
import type { Turn } from "../src/kit/turn.js";
import { closedLoops, seededApp } from "./in-process.js";
import { repTurn } from "./rep-turn.js";

/**
 * The Teams edge alone, in process, of this build and (--compare) another worktree's: each build's
 * `createAdapter` endpoint (src/teams/adapter.ts: the activity read, the SDK's authentication and
 * processActivity, its middleware run, the invoke's answer) given a parsed card-press invoke, with a logic
 * that only answers it with a ready opportunity card — no store, no render, no HTTP. A build that exports
 * `respondToInvoke` answers through it; one that does not, through `context.sendActivity` of an
 * `invokeResponse`, as the bot did before. CPU per request (user + system of the whole process, GC included),
 * 16 closed loops as in the HTTP bench, in blocks that alternate the builds (ABBA); it prints each build's
 * median and the median of the blocks' differences with its quartiles. Warm: what an edge change saves
 * before any cold-cache effect (bench/cold-press.ts); the HTTP bench is the judge of the whole.
 *
 *   npm run build && node dist/bench/edge-invoke.js [--compare /work/main] [--blocks 40] [--requests 2000]
 */

const { values } = parseArgs({
  options: {
    compare: { type: "string" },
    blocks: { type: "string", default: "40" },
    requests: { type: "string", default: "2000" },
  },
});
const blocks = Number(values.blocks);
const requests = Number(values.requests);
const reps = 16;
const thisRoot = resolve(fileURLToPath(new URL("../..", import.meta.url)));

interface Answer {
  readonly status: number;
  readonly body?: unknown;
}
type Respond = (context: TurnContext, answer: Answer) => Promise<unknown>;

/** The answers: one opportunity card per rep, rendered once by this build's app. */
async function cards(): Promise<unknown[]> {
  const turns = Array.from({ length: reps }, (_, vu): Turn => repTurn("edge-invoke", vu, "Europe/Oslo"));
  const { app, opps, close } = await seededApp(thisRoot, "edge-invoke", turns);
  try {
    const bodies: unknown[] = [];
    for (const [vu, turn] of turns.entries()) {
      const reply = await app.action(turn, "opp.show", { ref: opps[vu] });
      if (reply.kind !== "card") throw new Error("edge-invoke: the press gave no card");
      bodies.push({ statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: reply.card });
    }
    return bodies;
  } finally {
    await close();
  }
}

/** What the HTTP bench posts for a card press, as JSON text (parsed anew per request, as the body parser does). */
function invokeText(vu: number): string {
  const tenantId = "b7a9c1d2-3e4f-4a5b-8c6d-7e8f9a0b1c2d";
  const now = new Date().toISOString();
  return JSON.stringify({
    type: "invoke",
    name: "adaptiveCard/action",
    value: {
      action: { type: "Action.Execute", verb: "opp.show", data: { ref: `O-${1001 + vu}` } },
      trigger: "manual",
    },
    id: `edge-invoke-${vu}`,
    timestamp: now,
    localTimestamp: now.replace("Z", "+00:00"),
    localTimezone: "Europe/Oslo",
    serviceUrl: "http://127.0.0.1:9/",
    channelId: "msteams",
    from: {
      id: `29:edge-invoke-${vu}`,
      aadObjectId: "0b1c2d3e-4f5a-4b6c-8d7e-000000000001",
      name: `Rep ${vu}`,
    },
    recipient: { id: "28:pipeline-bot", name: "Pipeline" },
    conversation: { conversationType: "personal", tenantId, id: `a:edge-invoke-${vu}` },
    entities: [
      { locale: "en-US", country: "US", platform: "Web", timezone: "Europe/Oslo", type: "clientInfo" },
    ],
    channelData: { tenant: { id: tenantId }, source: { name: "message" } },
    locale: "en-US",
  });
}

async function load(root: string, answers: readonly unknown[]) {
  const from = async <T>(path: string) => (await import(pathToFileURL(join(root, "dist", path)).href)) as T;
  const adapter = await from<Partial<typeof AdapterModule> & Pick<typeof AdapterModule, "createAdapter">>(
    "src/teams/adapter.js",
  );
  const { silentLogger } = await from<typeof LogModule>("src/log.js");
  const endpoint = adapter.createAdapter({ appType: "MultiTenant" }, silentLogger);
  const respond: Respond =
    adapter.respondToInvoke ?? ((context, value) => context.sendActivity({ type: "invokeResponse", value }));
  const texts = Array.from({ length: reps }, (_, vu) => invokeText(vu));
  const press = async (vu: number) => {
    const answer = answers[vu];
    const got = await endpoint({}, JSON.parse(texts[vu] as string), (context) =>
      respond(context, { status: 200, body: answer }).then(() => undefined),
    );
    if (got.status !== 200 || got.body !== answer) throw new Error(`${root}: not the card (${got.status})`);
  };
  return { root, press };
}

const answers = await cards();
const builds = [await load(thisRoot, answers)];
if (values.compare) builds.push(await load(resolve(values.compare), answers));
for (const build of builds) await closedLoops(reps, 5000, build.press);

const perBuild = builds.map((): number[] => []);
for (let block = 0; block < blocks; block++) {
  const order = block % 2 ? [...builds.keys()].reverse() : [...builds.keys()];
  for (const i of order) {
    const started = process.cpuUsage();
    await closedLoops(reps, requests, (builds[i] as (typeof builds)[number]).press);
    const used = process.cpuUsage(started);
    (perBuild[i] as number[]).push((used.user + used.system) / requests);
  }
}

const sorted = (xs: readonly number[]) => [...xs].sort((a, b) => a - b);
const at = (xs: readonly number[], q: number) => sorted(xs)[Math.floor(xs.length * q)] ?? NaN;
for (const [i, build] of builds.entries())
  console.log(`${build.root}: ${at(perBuild[i] as number[], 0.5).toFixed(1)} µs CPU per request (median)`);
if (builds.length === 2) {
  const [mine = [], theirs = []] = perBuild;
  const differences = mine.map((x, k) => x - (theirs[k] ?? NaN));
  console.log(
    `this − compared, per block: median ${at(differences, 0.5).toFixed(1)} µs, quartiles ` +
      `${at(differences, 0.25).toFixed(1)} … ${at(differences, 0.75).toFixed(1)}`,
  );
}
console.log(
  `load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(" ")}`,
);

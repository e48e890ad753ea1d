import { Agent, request } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startBotServer, teamsMessage } from "../support/bot-server.js";
import { cardOf, cardText, RecordingConnector } from "../support/recording-connector.js";

/**
 * 100 reps each sending 10 `lead new` at once — 1 000 requests in flight — over real HTTP into the bot on
 * the embedded store: every one is answered with its own new reference, none is refused, and every lead is
 * stored. (The journal store refused dozens of these: reference allocation gave up under contention.)
 * They share 250 keep-alive connections (Teams' own delivery service also reuses connections).
 */

const users = 100;
const leadsEach = 10;

let connector: RecordingConnector;
let bot: Awaited<ReturnType<typeof startBotServer>>;

beforeAll(async () => {
  connector = await RecordingConnector.start();
  bot = await startBotServer();
});

afterAll(async () => {
  await bot?.stop();
  await connector?.close();
});

const rep = (u: number) => {
  const n = String(u).padStart(3, "0");
  return { id: `29:rep-${n}`, name: `Rep ${n}`, aadObjectId: `00000000-0000-0000-0000-000000000${n}` };
};

test("100 users × 10 concurrent `lead new`: 0 refused, 0 lost, each reference handed out once", async () => {
  const sent = Array.from({ length: users * leadsEach }, (_, i) => {
    const user = rep(i % users);
    return {
      topic: `Deal ${i}`,
      activity: teamsMessage({
        serviceUrl: connector.serviceUrl,
        text: `lead new Deal ${i} first=Ann last=Berg${i} company=Contoso email=ann${i}@contoso.com`,
        user,
      }),
    };
  });

  const agent = new Agent({ keepAlive: true, maxSockets: 250 });
  const statuses = await Promise.all(sent.map(({ activity }) => post(agent, new URL(bot.url), activity)));
  agent.destroy();

  expect(statuses.filter((s) => s !== 200)).toEqual([]);
  // A reply that waited for the connector past the turn's deadline is still being delivered after its
  // request was answered (src/teams/teams-bot.ts): wait for every lead's card, for a bounded time.
  const deliveredBy = Date.now() + 20_000;
  while (sent.some((s) => !leadCardReply(s)) && Date.now() < deliveredBy) await sleep(100);

  const refByTopic = new Map<string, string>();
  const unexpected: string[] = [];
  for (const one of sent) {
    const card = leadCardReply(one);
    const ref = card && /\bL-\d{4,}\b/.exec(card)?.[0];
    if (ref) refByTopic.set(one.topic, ref);
    else unexpected.push(`${one.topic}: ${repliesTo(one.activity).join("\n").slice(0, 200)}`);
  }
  expect(unexpected).toEqual([]);
  const refs = [...refByTopic.values()].sort();
  expect(new Set(refs).size).toBe(users * leadsEach);
  expect(refs).toEqual(Array.from({ length: users * leadsEach }, (_, i) => `L-${1001 + i}`).sort());

  const stored = new Map<string, unknown>();
  let continuation: string | undefined;
  do {
    const page = await bot.store.query("tenant-a", {
      type: "lead",
      limit: 1000,
      ...(continuation ? { continuation } : {}),
    });
    for (const item of page.items) stored.set(String(item.body["ref"]), item.body["topic"]);
    continuation = page.continuation;
  } while (continuation);
  expect(stored.size).toBe(users * leadsEach);
  for (const [topic, ref] of refByTopic) expect(stored.get(ref)).toBe(topic);
}, 120_000);

function repliesTo(activity: { readonly id: string }): string[] {
  return connector.received
    .filter((r) => r.body.replyToId === activity.id)
    .map((r) => r.body.text ?? cardText(cardOf(r)));
}

/**
 * The text of the reply that shows the lead of `topic`, read on its own: a reply may come after an earlier
 * answer that reached its user late ("My answer to your previous message did not reach you in time. It was:
 * Lead L-1666 created."), which names another lead — read together, that lead's reference was taken for this
 * one's under load. The topic must be a whole line of the card ("Deal 1" is part of "Deal 10").
 */
function leadCardReply({ topic, activity }: { topic: string; activity: { readonly id: string } }) {
  return repliesTo(activity).find((text) => text.split("\n").includes(topic));
}

function post(agent: Agent, url: URL, activity: unknown): Promise<number> {
  const body = JSON.stringify(activity);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: "/api/messages",
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

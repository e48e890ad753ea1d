import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { DocumentStore } from "../../src/store/document-store.port.js";
import { replyDeadlineMs } from "../../src/teams/teams-bot.js";
import { startBotServer, teamsMessage } from "../support/bot-server.js";
import { tempDir } from "../support/temp-dir.js";
import { openTestStore } from "../support/test-store.js";
import { cardOf, cardText, RecordingConnector } from "../support/recording-connector.js";

/**
 * A Bot Connector that throttles, fails or hangs while the bot replies (issue 11, item 7). The request ends
 * within the reply deadline whatever the connector does; the change was saved, and the user is told so on
 * their next turn instead of being told "nothing was changed".
 */

let connector: RecordingConnector;
let bot: Awaited<ReturnType<typeof startBotServer>>;
const ann = { id: "29:ann", name: "Ann Berg", aadObjectId: "00000000-0000-0000-0000-00000000a001" };
/** The deadline plus room for a loaded machine; far below what the connector asks for (120 s, ~16 s). */
const limitMs = replyDeadlineMs + 3_000;

beforeAll(async () => {
  connector = await RecordingConnector.start();
  bot = await startBotServer();
});

afterAll(async () => {
  await bot?.stop();
  await connector?.close();
});

async function say(text: string, conversationId: string) {
  const activity = teamsMessage({ serviceUrl: connector.serviceUrl, text, user: ann, conversationId });
  const started = Date.now();
  const response = await bot.post(activity);
  const replies = connector.received.filter((r) => r.body.replyToId === activity.id);
  const texts = replies.map((r) => [r.body.text, cardText(cardOf(r))].filter(Boolean).join(" "));
  return { status: response.status, ms: Date.now() - started, all: texts.join("\n") };
}

const repliesTo = (conversationId: string) => (r: { conversationId?: string; kind: string }) =>
  r.conversationId === conversationId && (r.kind === "reply" || r.kind === "send");

test.each([
  ["throttled with Retry-After 120", { status: 429, headers: { "retry-after": "120" } }],
  ["failing with 500", { status: 500 }],
])(
  "a connector %s: the turn ends by the deadline and the next turn tells the truth",
  async (name, failure) => {
    const conversationId = `a:deadline-${failure.status}`;
    connector.failNext(100, failure, repliesTo(conversationId));
    const first = await say(`lead new Deadline ${failure.status} last=Berg company=Contoso`, conversationId);
    expect(first.status, name).toBe(200);
    expect(first.ms, name).toBeLessThan(limitMs);

    connector.clearFailures();
    const next = await say("lead list", conversationId);
    expect(next.all, name).toMatch(/did not reach you in time/);
    expect(next.all, name).toMatch(/L-10\d\d/);
    expect(next.all, name).toMatch(new RegExp(`Deadline ${failure.status}`));
    expect(next.all, name).not.toMatch(/nothing was changed/i);
  },
);

test("a connector that hangs: the turn ends by the deadline", async () => {
  connector.setDelay(60_000);
  try {
    const hung = await say("help", "a:deadline-hang");
    expect(hung.status).toBe(200);
    expect(hung.ms).toBeLessThan(limitMs);
  } finally {
    connector.clearFailures();
  }
});

test("a turn that spent longer than the deadline in the store still sends its reply: only waiting for the connector counts", async () => {
  // Every reference number takes longer than the whole reply deadline (a store queued behind other turns).
  const dir = await tempDir("slow-store");
  const slow = async (): Promise<DocumentStore> => {
    const store = await openTestStore(dir.path);
    return Object.create(store, {
      nextNumber: {
        value: async (tenantId: string, counterId: string, first: number) => {
          await sleep(replyDeadlineMs + 500);
          return store.nextNumber(tenantId, counterId, first);
        },
      },
    }) as DocumentStore;
  };
  const slowBot = await startBotServer({}, slow);
  try {
    const activity = teamsMessage({
      serviceUrl: connector.serviceUrl,
      text: "lead new Slow store last=Berg company=Contoso",
      user: ann,
      conversationId: "a:deadline-slow-store",
    });
    expect((await slowBot.post(activity)).status).toBe(200);
    const replies = connector.received.filter((r) => r.body.replyToId === activity.id);
    expect(replies.map((r) => [r.body.text, cardText(cardOf(r))].join(" ")).join("\n")).toMatch(
      /L-1001.*Slow store|Slow store.*L-1001/s,
    );
  } finally {
    await slowBot.stop();
    await dir.remove();
  }
});

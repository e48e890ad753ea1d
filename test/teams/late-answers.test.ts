import { afterAll, beforeAll, expect, test } from "vitest";
import { composeBot } from "../../src/compose.js";
import { parseConfig } from "../../src/config/config.js";
import { silentLogger } from "../../src/log.js";
import type { DocumentStore } from "../../src/store/document-store.port.js";
import { createAdapter } from "../../src/teams/adapter.js";
import { replyDeadlineMs, TeamsBot } from "../../src/teams/teams-bot.js";
import type { Timers } from "../../src/notify/timers.js";
import { teamsMessage } from "../support/bot-server.js";
import { RecordingConnector } from "../support/recording-connector.js";
import { tempDir } from "../support/temp-dir.js";
import { openTestStore } from "../support/test-store.js";

/**
 * Answers that did not reach their user are remembered for the user's next turn, up to a bound. When the bound
 * is reached only the oldest is forgotten; the others are still told (the bot used to forget them all).
 *
 * Each answer is seen exactly once: a late reply still on its way when the next turn starts is not repeated
 * (it used to be, and then arrived too — 12 to 167 doubled answers in a loaded concurrent-leads run). The
 * order of events is set with the connector's held requests, not with timing: the second bot's deadline is
 * 0 ms, so every reply it sends is "late" the moment it is sent, however fast or slow the machine.
 */

let connector: RecordingConnector;
let store: DocumentStore;
let dir: Awaited<ReturnType<typeof tempDir>>;
let say: (user: string, text: string) => Promise<string[]>;
/** A bot whose every reply misses the deadline; `post` returns the activity id. */
let late: {
  post(user: string, text: string): Promise<string>;
  /** By the activity replied to: called with the log line once its late reply was delivered or failed. */
  settled: Map<string, (message: string) => void>;
};

/**
 * Time that passes only when the test says so (`elapse`): the bot's give-up on a hung send is a sleep on
 * these timers, so when it happens is set by the test, never by how fast the machine is.
 */
class ManualTimers implements Timers {
  private at = 0;
  private sleepers: { at: number; wake: () => void }[] = [];

  now(): number {
    return this.at;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const sleeper = {
        at: this.at + ms,
        wake: () => {
          this.sleepers = this.sleepers.filter((s) => s !== sleeper);
          resolve();
        },
      };
      this.sleepers.push(sleeper);
      signal?.addEventListener("abort", sleeper.wake, { once: true });
    });
  }

  elapse(ms: number): void {
    this.at += ms;
    for (const sleeper of this.sleepers.filter((s) => s.at <= this.at)) sleeper.wake();
  }
}

const giveUpMs = 60_000;
const timers = new ManualTimers();

beforeAll(async () => {
  connector = await RecordingConnector.start();
  dir = await tempDir("late-answers");
  store = await openTestStore(dir.path);
  const config = parseConfig({ PORT: "0", HOST: "127.0.0.1", DATA_DIR: dir.path });
  const { app } = composeBot({ config, store, log: silentLogger });
  const endpoint = createAdapter(config.bot, silentLogger);
  // Two answers kept at most, so that a third overflows the bound.
  const bot = new TeamsBot(app, silentLogger, replyDeadlineMs, 2);
  // The bot logs a late reply's outcome after it has taken it into account: the test waits for that line.
  const lateSettled = (message: string, fields?: Record<string, unknown>) => {
    if (message.startsWith("late reply")) late.settled.get(String(fields?.["replyTo"]))?.(message);
  };
  const lateBot = new TeamsBot(app, { ...silentLogger, info: lateSettled, warn: lateSettled }, 0, 10_000, {
    giveUpMs,
    timers,
  });
  late = {
    settled: new Map(),
    post: async (user, text) => {
      const activity = teamsMessage({
        serviceUrl: connector.serviceUrl,
        text,
        user: { id: `29:${user}`, name: user, aadObjectId: `00000000-0000-0000-0000-0000000000${user}` },
        conversationId: `a:late-${user}`,
      });
      const answer = await endpoint({}, activity, (context, read) => lateBot.run(context, read));
      expect(answer.status).toBe(200);
      return activity.id;
    },
  };
  say = async (user, text) => {
    const activity = teamsMessage({
      serviceUrl: connector.serviceUrl,
      text,
      user: { id: `29:${user}`, name: user, aadObjectId: `00000000-0000-0000-0000-0000000000${user}` },
      conversationId: `a:late-${user}`,
    });
    const answer = await endpoint({}, activity, (context, read) => bot.run(context, read));
    expect(answer.status).toBe(200);
    return connector.received
      .filter((r) => r.body.replyToId === activity.id)
      .map((r) => r.body.text ?? String(r.body.summary ?? ""));
  };
});

afterAll(async () => {
  await store?.close();
  await dir?.remove();
  await connector?.close();
});

const told = /did not reach you in time/;

test("past the bound the oldest undelivered answer is forgotten, and the later ones are still told", async () => {
  for (const user of ["a1", "b2", "c3"]) {
    // The connector refuses this user's reply (403 is not retried): the answer is owed.
    connector.failNext(1, { status: 403 }, { conversationId: `a:late-${user}`, kind: "reply" });
    expect(await say(user, "help")).toEqual([]);
  }

  const [a1, b2, c3] = [await say("a1", "help"), await say("b2", "help"), await say("c3", "help")];
  expect(a1.join("\n")).not.toMatch(told);
  expect(b2[0]).toMatch(told);
  expect(c3[0]).toMatch(told);
  // Told once: the next turn owes nothing.
  expect((await say("b2", "help")).join("\n")).not.toMatch(told);
});

/** The texts the connector received in reply to an activity, once at least `count` have arrived. */
async function repliesTo(activityId: string, count: number): Promise<string[]> {
  const texts = () =>
    connector.received
      .filter((r) => r.body.replyToId === activityId)
      .map((r) => r.body.text ?? String(r.body.summary ?? ""));
  while (texts().length < count) await connector.waitFor(connector.received.length + 1);
  return texts();
}

const helpSummary = "What you can ask me";
const conversation = (user: string) => ({ conversationId: `a:late-${user}`, kind: "reply" as const });
/** Resolves with the bot's log line once the late reply to `activityId` has been delivered or has failed. */
const lateReplySettles = (activityId: string) =>
  new Promise<string>((resolve) => late.settled.set(activityId, resolve));

test("a late reply still on its way when the next turn starts is not repeated: it arrives once", async () => {
  const held = connector.holdNext(conversation("d4"));
  // Help, as this bot's member lookups have no time either: a user it cannot confirm may still read help.
  const first = await late.post("d4", "help");
  await held.arrived;

  // The next turn starts while the first reply is on its way: its first reply is its own answer.
  const second = await late.post("d4", "help");
  expect((await repliesTo(second, 1))[0]).not.toMatch(told);

  const settles = lateReplySettles(first);
  held.release();
  expect(await settles).toBe("late reply delivered");
  expect(await repliesTo(first, 1)).toEqual([helpSummary]);
  const third = await late.post("d4", "help");
  expect((await repliesTo(third, 1))[0]).not.toMatch(told);
  // The first answer reached the user once, and nothing was ever told as late.
  const all = connector.received
    .filter((r) => r.conversationId === "a:late-d4")
    .map((r) => r.body.text ?? "");
  expect(all.filter((text) => told.test(text))).toEqual([]);
  expect(await repliesTo(first, 1)).toHaveLength(1);
});

test("a late reply that fails after the next turn started is told on the turn after, once", async () => {
  const held = connector.holdNext(conversation("e5"));
  const first = await late.post("e5", "help");
  await held.arrived;
  const second = await late.post("e5", "help");
  expect((await repliesTo(second, 1))[0]).not.toMatch(told);

  // 403 is not retried: the first reply is now known not to have arrived.
  const settles = lateReplySettles(first);
  held.release({ status: 403 });
  expect(await settles).toMatch(/^late reply failed/);
  expect(await repliesTo(first, 0)).toEqual([]);

  const third = await late.post("e5", "help");
  const [toldLine] = await repliesTo(third, 1);
  expect(toldLine).toMatch(told);
  expect(toldLine).toContain(helpSummary);
  const fourth = await late.post("e5", "help");
  expect((await repliesTo(fourth, 1))[0]).not.toMatch(told);
});

test("two answers that failed at once are both told, by one of two turns running at once", async () => {
  // Both replies are refused (403 is not retried): two answers owed to one user at the same time.
  connector.failNext(2, { status: 403 }, conversation("f6"));
  const owed = await Promise.all([
    say("f6", "lead new First Owed last=Berg company=Contoso"),
    say("f6", "lead new Second Owed last=Berg company=Contoso"),
  ]);
  expect(owed).toEqual([[], []]);

  const next = await Promise.all([say("f6", "help"), say("f6", "help")]);
  const toldLines = next.flat().filter((text) => told.test(text));
  expect(toldLines).toHaveLength(1);
  // Each refused reply was its new lead's card, "Lead L-… created." (the card's summary).
  expect(toldLines[0]?.match(/Lead L-\d+ created/g)).toHaveLength(2);
});

test("a late reply that never settles is given up on, and told once on the next turn as possibly unseen", async () => {
  // The connector takes the reply and never answers (a hung connector); nothing else settles it.
  const held = connector.holdNext(conversation("g7"));
  const first = await late.post("g7", "help");
  await held.arrived;

  // Still on its way when the next turn starts: not told yet (it may arrive).
  const second = await late.post("g7", "help");
  expect((await repliesTo(second, 1))[0]).not.toMatch(told);

  // Not yet given up on just before the limit; given up on at it.
  timers.elapse(giveUpMs - 1);
  const beforeLimit = await late.post("g7", "help");
  expect((await repliesTo(beforeLimit, 1))[0]).not.toMatch(told);
  const settles = lateReplySettles(first);
  timers.elapse(1);
  expect(await settles).toMatch(/^late reply given up/);

  const third = await late.post("g7", "help");
  const [toldLine] = await repliesTo(third, 1);
  expect(toldLine).toMatch(/could not confirm that my answer to your previous message reached you/);
  expect(toldLine).toContain(helpSummary);
  expect(toldLine).not.toMatch(told);
  // Told once: the turn after owes nothing, and the held request no longer counts as the bot's to deliver.
  const fourth = await late.post("g7", "help");
  expect((await repliesTo(fourth, 1))[0]).not.toMatch(/could not confirm/);
  held.release({ status: 403 });
  const fifth = await late.post("g7", "help");
  expect((await repliesTo(fifth, 1))[0]).not.toMatch(/could not confirm|did not reach you/);
});

import { afterAll, beforeAll, expect, test } from "vitest";
import { composeBot } from "../../src/compose.js";
import { parseConfig } from "../../src/config/config.js";
import { silentLogger } from "../../src/log.js";
import type { DocumentStore } from "../../src/store/document-store.port.js";
import { createAdapter } from "../../src/teams/adapter.js";
import { replyDeadlineMs, TeamsBot } from "../../src/teams/teams-bot.js";
import { teamsMessage } from "../support/bot-server.js";
import { RecordingConnector } from "../support/recording-connector.js";
import { tempDir } from "../support/temp-dir.js";
import { openTestStore } from "../support/test-store.js";

/**
 * Answers that did not reach their user are remembered for the user's next turn, up to a bound. When the bound
 * is reached only the oldest is forgotten; the others are still told (the bot used to forget them all).
 */

let connector: RecordingConnector;
let store: DocumentStore;
let dir: Awaited<ReturnType<typeof tempDir>>;
let say: (user: string, text: string) => Promise<string[]>;

beforeAll(async () => {
  connector = await RecordingConnector.start();
  dir = await tempDir("late-answers");
  store = await openTestStore(dir.path);
  const config = parseConfig({ PORT: "0", HOST: "127.0.0.1", DATA_DIR: dir.path });
  const { app } = composeBot({ config, store, log: silentLogger });
  const endpoint = createAdapter(config.bot, silentLogger);
  // Two answers kept at most, so that a third overflows the bound.
  const bot = new TeamsBot(app, silentLogger, replyDeadlineMs, 2);
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

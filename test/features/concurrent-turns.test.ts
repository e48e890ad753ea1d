import { afterAll, beforeAll, expect, test } from "vitest";
import { startBotServer, teamsMessage } from "../support/bot-server.js";
import { cardOf, cardText, RecordingConnector } from "../support/recording-connector.js";

/**
 * One person's simultaneous messages: every turn records who wrote and where (the directory), and turns of
 * the same user race on that record. Whichever write wins, every command is answered as if alone.
 */

const user = { id: "29:ann", name: "Ann Berg", aadObjectId: "00000000-0000-4000-8000-00000000a001" };
let connector: RecordingConnector;
let bot: Awaited<ReturnType<typeof startBotServer>>;

beforeAll(async () => {
  connector = await RecordingConnector.start();
  bot = await startBotServer();
  await bot.post(
    teamsMessage({ serviceUrl: connector.serviceUrl, text: "lead new Website redesign last=Berg", user }),
  );
});

afterAll(async () => {
  await bot?.stop();
  await connector?.close();
});

test("sixteen messages of one user at once, from sixteen conversations, are all answered", async () => {
  const activities = Array.from({ length: 16 }, (_, i) =>
    teamsMessage({
      serviceUrl: connector.serviceUrl,
      text: "lead show L-1001",
      user,
      conversationId: i % 2 === 0 ? `a:personal-${i}` : `19:channel-${i}@thread.tacv2`,
      conversationType: i % 2 === 0 ? "personal" : "channel",
    }),
  );
  const statuses = await Promise.all(activities.map(async (a) => (await bot.post(a)).status));
  expect(statuses).toEqual(activities.map(() => 200));
  for (const a of activities) {
    const replies = connector.received.filter((r) => r.body.replyToId === a.id);
    expect(replies).toHaveLength(1);
    expect(cardText(cardOf(replies[0]))).toContain("Website redesign");
  }
});

import { afterAll, beforeAll, expect, test } from "vitest";
import { startBotWithPlayground } from "./support/bot-and-playground.js";
import type { BotProcess } from "./support/bot-process.js";
import type { Playground } from "./support/playground.js";
import { cardText } from "./support/playground.js";

/**
 * The digest commands end to end: one real bot process and the Microsoft 365 Agents Playground. The admin
 * sets up the General channel's digest and previews it there; the nudge's Snooze action (verb and data as
 * the nudge card has them) is sent through the Playground against a card in the personal chat. (A nudge itself is posted at 08:00 on working days, which a test on the real clock cannot
 * wait for: its schedule, fan-out and card are tested on virtual time in test/notify/digest-scheduler.test.ts,
 * and the Snooze press over HTTP in test/features/digest.test.ts.) The tests run in order.
 */

const hookTimeoutMs = 120_000;
const testTimeoutMs = 30_000;
let bot: BotProcess;
let pg: Playground;

beforeAll(async () => {
  ({ bot, pg } = await startBotWithPlayground());
}, hookTimeoutMs);

afterAll(async () => {
  await pg?.stop();
  await bot?.stop();
}, hookTimeoutMs);

async function dm(text: string) {
  const mark = pg.mark();
  await pg.send(pg.personalChatId, text);
  const reply = await pg.nextMessage((m) => m.seq >= mark && m.conversationId === pg.personalChatId);
  return { reply, text: [reply.text ?? "", cardText(reply.card)].join("\n") };
}

async function inChannel(text: string): Promise<string> {
  const mark = pg.mark();
  const sent = await pg.send(pg.generalChannelId, text, { mentionBot: true });
  const reply = await pg.nextMessage((m) => m.seq >= mark && m.conversationId === sent.conversationId);
  return [reply.text ?? "", cardText(reply.card)].join("\n");
}

test(
  "notify here digest in the General channel; typed in the personal chat it says where it belongs",
  async () => {
    const mark = pg.mark();
    await pg.install("personal");
    await pg.install("team");
    await pg.nextMessage((m) => m.seq >= mark && m.conversationId === pg.personalChatId);
    await pg.nextMessage((m) => m.seq >= mark && m.rootConversationId === pg.teamId);
    expect((await dm("setting timezone Europe/Copenhagen")).text).toContain("Europe/Copenhagen");
    expect(await inChannel("notify here digest weekly monday 08:00")).toMatch(
      /This channel gets the pipeline digest every Monday at 08:00 \(Europe\/Copenhagen\)\. The next one: /,
    );
    expect((await dm("notify here digest")).text).toContain("A digest is posted to a team channel");
  },
  testTimeoutMs,
);

test(
  "digest preview in the channel: the pipeline per stage, the changes, and when the next one comes",
  async () => {
    expect((await dm("account new Contoso Ltd")).text).toContain("A-1001");
    expect((await dm("opp new Playground deal account=A-1001 value=50000 close=2026-01-15")).text).toContain(
      "O-1001",
    );
    const preview = await inChannel("digest preview");
    expect(preview).toContain("Pipeline digest — preview");
    expect(preview).toContain("The next digest here is posted");
    expect(preview).toContain("Qualify");
    expect(preview).toContain("New: O-1001 Playground deal");
    expect(preview).toContain("Expected close date passed");
  },
  testTimeoutMs,
);

test(
  "Snooze 7 days, sent as the nudge card's button sends it (through the Playground's invoke), says until when",
  async () => {
    const { reply } = await dm("opp show O-1001");
    const result = await pg.invoke(
      pg.personalChatId,
      { verb: "nudge.snooze", data: { ref: "O-1001" }, title: "Snooze 7 days" },
      { replyToId: reply.id },
    );
    expect(result.message).toMatch(/^O-1001 stays out of your morning messages until .+\.$/);
    expect((await dm("notify me off")).text).toContain("You get no more morning messages");
    expect((await dm("notify me on")).text).toContain("You get a message on working mornings");
  },
  testTimeoutMs,
);

import { afterAll, beforeAll, expect, test } from "vitest";
import { startBotWithPlayground } from "./support/bot-and-playground.js";
import type { BotProcess } from "./support/bot-process.js";
import type { Playground } from "./support/playground.js";
import { cardText, type BotMessage } from "./support/playground.js";

/**
 * Managers in a channel, end to end: one real bot process and the Microsoft 365 Agents Playground. The admin
 * subscribes the team's General channel, stage moves made in the personal chat appear there as one thread
 * per opportunity whose first card is kept up to date, and an assignment typed in the channel reaches the
 * assignee's personal chat with an @mention and the opportunity card. The tests run in order.
 */

const hookTimeoutMs = 120_000;
const testTimeoutMs = 30_000;
let bot: BotProcess;
let pg: Playground;
let root: BotMessage | undefined;

beforeAll(async () => {
  ({ bot, pg } = await startBotWithPlayground());
}, hookTimeoutMs);

afterAll(async () => {
  await pg?.stop();
  await bot?.stop();
}, hookTimeoutMs);

/** Types in the personal chat and waits for the bot's answer there. */
async function dm(text: string): Promise<string> {
  const mark = pg.mark();
  await pg.send(pg.personalChatId, text);
  const reply = await pg.nextMessage((m) => m.seq >= mark && m.conversationId === pg.personalChatId);
  return [reply.text ?? "", cardText(reply.card)].join("\n");
}

/** Types in the General channel mentioning the bot, and waits for the bot's answer in that thread. */
async function inChannel(text: string): Promise<string> {
  const mark = pg.mark();
  const sent = await pg.send(pg.generalChannelId, text, { mentionBot: true });
  const reply = await pg.nextMessage((m) => m.seq >= mark && m.conversationId === sent.conversationId);
  return [reply.text ?? "", cardText(reply.card)].join("\n");
}

test(
  "installed in the personal chat and the team; the admin subscribes the General channel",
  async () => {
    const mark = pg.mark();
    await pg.install("personal");
    await pg.install("team");
    await pg.nextMessage((m) => m.seq >= mark && m.conversationId === pg.personalChatId);
    await pg.nextMessage((m) => m.seq >= mark && m.rootConversationId === pg.teamId);
    expect(await inChannel("notify here")).toContain("This channel now hears about");
    expect(await dm("notify here")).toContain("Notifications are set up per channel");
  },
  testTimeoutMs,
);

test(
  "a stage move in the personal chat starts the opportunity's thread in the channel",
  async () => {
    expect(await dm("account new Contoso Ltd")).toContain("A-1001");
    expect(await dm("opp new Playground deal account=A-1001 value=50000")).toContain("O-1001");
    const mark = pg.mark();
    expect(await dm("opp next O-1001")).toContain("Develop");
    root = await pg.nextMessage(
      (m) => m.seq >= mark && m.rootConversationId === pg.generalChannelId && m.card !== undefined,
    );
    const text = cardText(root.card);
    expect(text).toContain("O-1001 · Playground deal");
    expect(text).toContain("Alex Wilber moved O-1001 Playground deal from Qualify to Develop");
    expect(text).toContain("●\u00a0Develop");
  },
  testTimeoutMs,
);

test(
  "the next move replies in that thread and brings the thread's first card up to date",
  async () => {
    if (!root) throw new Error("no thread root from the previous test");
    const first = root;
    const mark = pg.mark();
    expect(await dm("opp next O-1001")).toContain("Propose");
    const reply = await pg.nextMessage(
      (m) => m.seq >= mark && m.rootConversationId === pg.generalChannelId && m.id !== first.id,
    );
    expect(reply.conversationId).toContain(first.id);
    expect(cardText(reply.card)).toContain("from Develop to Propose");
    const updated = await pg.nextUpdate((m) => m.seq >= mark && m.id === first.id);
    expect(cardText(updated.card)).toContain("●\u00a0Propose");
  },
  testTimeoutMs,
);

test(
  "opp assign in the channel: the assignee gets an @mention and the card, the thread is told",
  async () => {
    const megan = pg.user("Megan Bowen");
    const mark = pg.mark();
    expect(await inChannel("opp assign O-1001 <at>Megan Bowen</at>")).toContain(
      "O-1001 is now Megan Bowen's",
    );
    // The Playground shows only the current user's chats: Megan's 1:1 is seen as the bot's API calls.
    const opened = await pg.nextBotCall(
      (c) => c.seq >= mark && c.name === "createConversation" && JSON.stringify(c.request).includes(megan.id),
    );
    expect((opened.response as { id?: string }).id).toBeTruthy();
    const sent = await pg.nextBotCall(
      (c) => c.seq >= mark && c.name === "message" && JSON.stringify(c.request).includes("to you"),
    );
    expect(sent.status).toBeLessThan(300);
    const request = sent.request as {
      text?: string;
      entities?: unknown[];
      attachments?: { content: unknown }[];
    };
    expect(request.text).toMatch(/^<at>Megan Bowen<\/at> Alex Wilber assigned O-1001 Playground deal to you/);
    expect(request.entities).toEqual([
      expect.objectContaining({ type: "mention", mentioned: expect.objectContaining({ id: megan.id }) }),
    ]);
    expect(cardText(request.attachments?.[0]?.content as never)).toContain("Playground deal");
    const thread = await pg.nextMessage(
      (m) =>
        m.seq >= mark &&
        m.rootConversationId === pg.generalChannelId &&
        cardText(m.card).includes("Alex Wilber assigned O-1001"),
    );
    expect(thread.conversationId).toContain(root?.id ?? "?");
  },
  testTimeoutMs,
);

import { afterAll, beforeAll, expect, test } from "vitest";
import { executeActions, submittedData } from "../support/card-validation.js";
import { playgroundAdmin, startBotWithPlayground } from "./support/bot-and-playground.js";
import type { BotProcess } from "./support/bot-process.js";
import type { Playground } from "./support/playground.js";
import { cardText, type BotMessage, type InvokeResult } from "./support/playground.js";

/**
 * Partners end to end: one real bot process and the Microsoft 365 Agents Playground with one vendor team and
 * two partner organisations. Alex Wilber (the Playground's user) is the vendor's admin; Megan Bowen works for
 * Fabrikam, whose inbox is the team's second channel; Adele Vance works for Northwind, which has no inbox
 * (its cards go to her personal chat, which the Playground shows only as the bot's API calls, so she
 * answers by typing in the group chat). The tests run in order and build on each other.
 */

const hookTimeoutMs = 120_000;
const testTimeoutMs = 30_000;
let bot: BotProcess;
let pg: Playground;
let fabrikamChannel: string;
/** The distribution card Fabrikam got for O-1001 in its inbox channel. */
let fabrikamCard: BotMessage | undefined;

beforeAll(async () => {
  ({ bot, pg } = await startBotWithPlayground());
  const second = pg.channels[1];
  if (!second) throw new Error("the Playground's team has no second channel");
  fabrikamChannel = second.id;
}, hookTimeoutMs);

afterAll(async () => {
  await pg?.stop();
  await bot?.stop();
}, hookTimeoutMs);

const textOf = (m: BotMessage) => [m.text ?? "", cardText(m.card)].join("\n");
const answerOf = (r: InvokeResult) => [r.message ?? "", cardText(r.card)].join("\n");

/**
 * Alex types in the personal chat; the bot's replies to that very message (notifications for Alex land in the
 * same chat meanwhile, so replies are told apart by the `replyToId` of the bot's sends).
 */
async function dm(text: string): Promise<string> {
  const mark = pg.mark();
  const post = await pg.send(pg.personalChatId, text);
  const turn = await pg.nextTurn(
    (t) => t.seq >= mark && t.type === "message" && t.conversationId === post.conversationId,
  );
  const replies = pg
    .botCallsSince(mark)
    .map(
      (call) => call.request as { replyToId?: unknown; text?: string; attachments?: { content: unknown }[] },
    )
    .filter((request) => request.replyToId === turn.activity["id"]);
  if (replies.length === 0) throw new Error(`no reply to "${text}"`);
  return replies
    .map((r) => [r.text ?? "", ...(r.attachments ?? []).map((a) => cardText(a.content))].join("\n"))
    .join("\n");
}

/** Someone types in a channel (mentioning the bot), opening a thread; the bot's answer in that thread. */
async function inChannel(channel: string, text: string, from = playgroundAdmin.id): Promise<string> {
  const mark = pg.mark();
  const sent = await pg.send(channel, text, { mentionBot: true, from });
  return textOf(await pg.nextMessage((m) => m.seq >= mark && m.conversationId === sent.conversationId));
}

/** Someone types in the group chat (mentioning the bot); the bot's answer there. */
async function inGroup(text: string, from: string): Promise<string> {
  const mark = pg.mark();
  await pg.send(pg.groupChatId, text, { mentionBot: true, from });
  return textOf(await pg.nextMessage((m) => m.seq >= mark && m.rootConversationId === pg.groupChatId));
}

/** Presses the card's button with this verb as `from`, sending exactly what Teams would send. */
async function press(message: BotMessage, verb: string, from: string): Promise<string> {
  const action = executeActions(message.card).find((a) => a.verb === verb);
  if (!action) throw new Error(`no ${verb} button on ${cardText(message.card)}`);
  const data = submittedData(message.card, action) as Record<string, unknown>;
  return answerOf(await pg.invoke(message.conversationId, { verb, data }, { from, replyToId: message.id }));
}

const megan = () => pg.user("Megan Bowen").id;
const adele = () => pg.user("Adele Vance").id;

test(
  "the vendor's admin installs the app and defines two partners with one member each",
  async () => {
    const mark = pg.mark();
    await pg.install("personal");
    await pg.install("team");
    await pg.install("groupChat");
    await pg.nextMessage((m) => m.seq >= mark && m.conversationId === pg.personalChatId);
    expect(
      await inChannel(
        pg.generalChannelId,
        "partner new Fabrikam regions=nordics industries=retail products=web shop capacity=3 preferred=yes",
      ),
    ).toContain("Partner P-1001 Fabrikam created");
    expect(
      await inChannel(pg.generalChannelId, "partner new Northwind regions=nordics capacity=5"),
    ).toContain("P-1002 Northwind");
    expect(await inChannel(pg.generalChannelId, "partner new fabrikam")).toContain(
      "There is already a partner called Fabrikam",
    );
    expect(await inChannel(pg.generalChannelId, "partner add Fabrikam <at>Megan Bowen</at>")).toContain(
      "Megan Bowen",
    );
    expect(await inChannel(pg.generalChannelId, "partner add Northwind <at>Adele Vance</at>")).toContain(
      "Adele Vance",
    );
    expect(await inChannel(pg.generalChannelId, "notify here partner deal")).toContain(
      "This channel now hears about",
    );
  },
  testTimeoutMs,
);

test(
  "a Fabrikam member makes the team's second channel Fabrikam's inbox; a partner cannot distribute",
  async () => {
    expect(await inChannel(fabrikamChannel, "notify here partner", megan())).toMatch(/inbox/i);
    expect(await inChannel(fabrikamChannel, "partner list", megan())).not.toContain("Northwind");
    expect(await dm("account new Contoso Retail")).toContain("A-1001");
    expect(
      await dm(
        'opp new Web shop for Contoso account=A-1001 value=80000 region=nordics industry=retail need="A new web shop before summer"',
      ),
    ).toContain("O-1001");
    expect(await inChannel(fabrikamChannel, "opp distribute O-1001 Northwind", megan())).toContain(
      "Only the vendor's managers and admins distribute",
    );
  },
  testTimeoutMs,
);

test(
  "distributed to Fabrikam: the card arrives in its inbox, Megan accepts, a second press is refused",
  async () => {
    const mark = pg.mark();
    expect(await dm("opp distribute O-1001 Fabrikam")).toContain("O-1001 went to Fabrikam");
    fabrikamCard = await pg.nextMessage(
      (m) => m.seq >= mark && m.rootConversationId === fabrikamChannel && cardText(m.card).includes("Accept"),
    );
    const offered = cardText(fabrikamCard.card);
    expect(offered).toContain("Web shop for Contoso");
    expect(offered).toContain("A new web shop before summer");
    expect(offered).toContain("80,000");

    // Adele (Northwind) presses Fabrikam's button: refused, nothing changes.
    const card = fabrikamCard;
    expect(await press(card, "opp.accept", adele())).toMatch(
      /can't find opportunity O-1001|not distributed/i,
    );
    const accepted = await press(card, "opp.accept", megan());
    expect(accepted).toContain("O-1001");
    expect(accepted).not.toMatch(/\bDecline\b/);
    expect(await press(card, "opp.accept", megan())).toMatch(/already|accepted/i);

    // The vendor's channel that follows partner events hears of the acceptance.
    const heard = await pg.nextMessage(
      (m) =>
        m.seq >= mark &&
        m.rootConversationId === pg.generalChannelId &&
        /accepted/i.test(cardText(m.card) + (m.text ?? "")),
    );
    expect(textOf(heard)).toContain("O-1001");
  },
  testTimeoutMs,
);

test(
  "distributed to both (collaboration): Fabrikam accepts, Northwind declines with a reason",
  async () => {
    expect(await dm("opp new Store roll-out account=A-1001 value=120000 region=nordics")).toContain("O-1002");
    expect(await dm("opp distribute O-1002 Fabrikam,Northwind")).toContain("work on it together");
    // Northwind has no inbox: Adele's card goes to her personal chat (an API call the Playground shows).
    const toAdele = await pg.nextBotCall(
      (c) =>
        c.name === "message" &&
        JSON.stringify(c.request).includes("O-1002") &&
        JSON.stringify(c.request).includes("Adele"),
    );
    expect(toAdele.status).toBeLessThan(300);
    expect(await inChannel(fabrikamChannel, "opp accept O-1002", megan())).toContain("You accepted O-1002");
    expect(await inGroup("opp decline O-1002", adele())).toMatch(/reason/i);
    expect(await inGroup("opp decline O-1002 No capacity before spring", adele())).toContain(
      "You declined O-1002",
    );
    // Collaboration was decided at distribution; Fabrikam's user cannot close it but adds notes.
    expect(await inChannel(fabrikamChannel, "note O-1002 Kick-off booked for Monday", megan())).toContain(
      "O-1002",
    );
  },
  testTimeoutMs,
);

test(
  "auto-distribution picks the preferred partner that matches and explains; no fit is refused",
  async () => {
    expect(
      await dm("opp new Pop-up shop account=A-1001 value=30000 region=nordics industry=retail"),
    ).toContain("O-1003");
    const auto = await dm("opp distribute O-1003 auto");
    expect(auto).toContain("O-1003 went automatically to Fabrikam");
    expect(auto).toContain("preferred");
    expect(await dm("opp new Moon base account=A-1001 value=1 region=moon")).toContain("O-1004");
    expect(await dm("opp distribute O-1004 auto")).toContain("No partner fits O-1004");
  },
  testTimeoutMs,
);

test(
  "recalled: a press on the card afterwards is refused and changes nothing",
  async () => {
    expect(await dm("opp new Kiosk account=A-1001 value=5000")).toContain("O-1005");
    const mark = pg.mark();
    expect(await dm("opp distribute O-1005 Fabrikam")).toContain("O-1005 went to Fabrikam");
    const card = await pg.nextMessage(
      (m) => m.seq >= mark && m.rootConversationId === fabrikamChannel && cardText(m.card).includes("O-1005"),
    );
    expect(await dm("opp recall O-1005")).toContain("O-1005 was taken back from Fabrikam");
    expect(await press(card, "opp.accept", megan())).toMatch(/took this back|taken back|no longer/i);
  },
  testTimeoutMs,
);

test(
  "a partner-created opportunity waits for approval; deals registered: one approved, one rejected",
  async () => {
    const created = await inChannel(
      fabrikamChannel,
      "opp new Franchise stores account=Franchise Group value=200000",
      megan(),
    );
    expect(created).toContain("O-1006");
    expect(created).toMatch(/approval/i);
    expect(await dm("opp next O-1006")).toContain("waits for a manager's approval");
    expect(await inChannel(fabrikamChannel, "opp approve O-1006", megan())).toContain(
      "Only managers and admins approve or reject",
    );
    expect(await dm("opp approve O-1006")).toContain("O-1006");
    expect(await inChannel(fabrikamChannel, "opp register O-1006", megan())).toMatch(/O-1006/);
    // Northwind is not even told that O-1006 exists.
    expect(await inGroup("opp register O-1006", adele())).toContain("can't find opportunity O-1006");
    expect(await dm("opp approve O-1006")).toContain("O-1006");

    expect(
      await inChannel(fabrikamChannel, "opp new Outlet account=Outlet Co value=9000", megan()),
    ).toContain("O-1007");
    expect(await dm("opp approve O-1007")).toContain("O-1007");
    expect(await inChannel(fabrikamChannel, "opp register O-1007", megan())).toMatch(/O-1007/);
    expect(await dm("opp reject O-1007 Already in our own pipeline")).toContain("O-1007");

    const dashboard = await inChannel(fabrikamChannel, "inbox", megan());
    expect(dashboard).toContain("Fabrikam");
    expect(dashboard).toContain("O-1001");
    expect(dashboard).toContain("O-1006");
    expect(dashboard).not.toContain("O-1004");
  },
  testTimeoutMs,
);

import { afterAll, beforeAll, expect, test } from "vitest";
import { cardNodes, executeActions, validateCard } from "../support/card-validation.js";
import { startBotProcess, type BotProcess } from "./support/bot-process.js";
import { freePort } from "./support/free-port.js";
import { ADAPTIVE_CARD, cardText, Playground, type BotMessage } from "./support/playground.js";

/**
 * Tenant isolation end to end: ONE real bot process and two Agents Playgrounds in front of it, configured
 * alike (same users, same AAD object ids, same conversation ids) except for the tenant id. Whatever one
 * organisation stores must be invisible to the other, whichever way it is asked for.
 */

const hookTimeoutMs = 120_000;
const testTimeoutMs = 30_000;
const tenantA = "0a0a0a0a-1111-4aaa-8aaa-00000000000a";
const tenantB = "0b0b0b0b-2222-4bbb-8bbb-00000000000b";

let bot: BotProcess;
let a: Playground;
let b: Playground;
const invokeCards: unknown[] = [];

beforeAll(async () => {
  const port = await freePort("127.0.0.1");
  const botEndpoint = `http://127.0.0.1:${port}/api/messages`;
  const [started, playgroundA, playgroundB] = await Promise.allSettled([
    startBotProcess({ PORT: String(port) }),
    Playground.start({ botEndpoint, tenantId: tenantA }),
    Playground.start({ botEndpoint, tenantId: tenantB }),
  ]);
  if (started.status === "fulfilled") bot = started.value;
  if (playgroundA.status === "fulfilled") a = playgroundA.value;
  if (playgroundB.status === "fulfilled") b = playgroundB.value;
  for (const result of [started, playgroundA, playgroundB]) {
    if (result.status === "rejected") throw result.reason;
  }
}, hookTimeoutMs);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await bot?.stop();
}, hookTimeoutMs);

test("the two Playgrounds differ only in their tenant", () => {
  expect(a.tenantId).toBe(tenantA);
  expect(b.tenantId).toBe(tenantB);
  expect(b.currentUser).toEqual(a.currentUser);
  expect(b.personalChatId).toBe(a.personalChatId);
  expect(b.teamId).toBe(a.teamId);
});

test(
  "tenant A creates L-1001",
  async () => {
    const [created] = await ask(a, "lead new Alpha deal first=Ann last=Andersen company=Contoso");
    expect(cardText(created?.card)).toContain("Lead L-1001 created.");
    expect(textBlocks(created?.card)).toEqual(expect.arrayContaining(["L-1001", "Alpha deal"]));
  },
  testTimeoutMs,
);

test(
  "tenant B cannot see it: lead show L-1001",
  async () => {
    const replies = await ask(b, "lead show L-1001");
    expect(replies.map((reply) => ({ text: reply.text, cards: reply.cards.length }))).toEqual([
      { text: "I can't find lead L-1001. Type lead list to see your leads.", cards: 0 },
    ]);
  },
  testTimeoutMs,
);

test(
  "tenant B cannot see it: lead list all is empty",
  async () => {
    const [list] = await ask(b, "lead list all");
    expect(cardText(list?.card)).toContain("All leads");
    expect(cardText(list?.card)).toContain("No leads here yet.");
    expect(listedRefs(list?.card)).toEqual([]);
    expect(cardText(list?.card)).not.toContain("Alpha");
  },
  testTimeoutMs,
);

test(
  "tenant B cannot see it: a forged lead.show card action with {ref: L-1001}",
  async () => {
    // Clicked on B's own (empty) list card, with data no card of B's ever offered.
    const result = await b.invoke(b.personalChatId, { verb: "lead.show", data: { ref: "L-1001" } });
    expect(result.card).toBeUndefined();
    expect(result.message).toBe("I can't find lead L-1001. Type lead list to see your leads.");
  },
  testTimeoutMs,
);

test(
  "tenant B's first lead is L-1001 as well, and each tenant sees only its own",
  async () => {
    const [created] = await ask(b, "lead new Beta deal first=Bo last=Berg company=Fabrikam");
    expect(cardText(created?.card)).toContain("Lead L-1001 created.");

    const [shownA] = await ask(a, "lead show L-1001");
    expect(textBlocks(shownA?.card)).toEqual(
      expect.arrayContaining(["L-1001", "Alpha deal", "Ann Andersen"]),
    );
    expect(cardText(shownA?.card)).not.toContain("Beta");
    const [shownB] = await ask(b, "lead show L-1001");
    expect(textBlocks(shownB?.card)).toEqual(expect.arrayContaining(["L-1001", "Beta deal", "Bo Berg"]));
    expect(cardText(shownB?.card)).not.toContain("Alpha");

    const [listA] = await ask(a, "lead list all");
    expect(listedRefs(listA?.card)).toEqual(["L-1001"]);
    expect(cardText(listA?.card)).toContain("Alpha deal");
    expect(cardText(listA?.card)).not.toContain("Beta");

    // In a channel too (the tenant comes from the channel activity), and through B's card button.
    const [listB] = await ask(b, "lead list all", { conversationId: b.generalChannelId, mention: true });
    expect(listedRefs(listB?.card)).toEqual(["L-1001"]);
    expect(cardText(listB?.card)).toContain("Beta deal");
    expect(cardText(listB?.card)).not.toContain("Alpha");
    const opened = await b.invoke(b.generalChannelId, { verb: "lead.show", data: { ref: "L-1001" } });
    expect(opened.type).toBe(ADAPTIVE_CARD);
    invokeCards.push(opened.card);
    expect(textBlocks(opened.card)).toEqual(expect.arrayContaining(["L-1001", "Beta deal"]));
    expect(cardText(opened.card)).not.toContain("Alpha");
  },
  testTimeoutMs,
);

test("every card the bot sent is valid, and nothing went wrong on the way", () => {
  const cards = [a, b]
    .flatMap((pg) => pg.eventsSince(0))
    .filter((event): event is BotMessage => event.kind !== "typing")
    .flatMap((message) => message.cards);
  expect(cards).toHaveLength(7); // A: created, shown, listed; B: listed, created, shown, listed in a channel
  expect([...cards, ...invokeCards].flatMap((card) => validateCard(card))).toEqual([]);
  expect([...a.problems(), ...b.problems()]).toEqual([]);
  expect(
    bot
      .output()
      .split("\n")
      .filter((line) => /"level":"(error|warn)"/.test(line)),
  ).toEqual([]);
});

// ---------------------------------------------------------------------------------------------------------
// Helpers

/** Sends a message as the current user of `pg` and returns all of the bot's replies to it. */
async function ask(
  pg: Playground,
  text: string,
  options: { readonly conversationId?: string; readonly mention?: boolean } = {},
): Promise<BotMessage[]> {
  const mark = pg.mark();
  const post = await pg.send(options.conversationId ?? pg.personalChatId, text, {
    mentionBot: options.mention ?? false,
  });
  // The Playground logs the bot's sends before the bot's answer to the activity: once the turn is in,
  // we know how many replies there were.
  const turn = await pg.nextTurn(
    (t) => t.seq >= mark && t.type === "message" && t.conversationId === post.conversationId,
  );
  expect(turn.status).toBe(200);
  const sends = pg
    .botCallsSince(mark)
    .filter((call) => call.name === "message" && call.conversationId === post.conversationId);
  const replies: BotMessage[] = [];
  for (const _send of sends) {
    replies.push(await pg.nextMessage((m) => m.seq >= mark && m.conversationId === post.conversationId));
  }
  return replies;
}

function listedRefs(card: unknown): string[] {
  return executeActions(card)
    .filter((action) => action.verb === "lead.show")
    .map((action) => String((action.data as { ref?: unknown }).ref));
}

function textBlocks(card: unknown): string[] {
  return cardNodes(card)
    .map(({ node }) => node)
    .filter((node) => node["type"] === "TextBlock" && typeof node["text"] === "string")
    .map((node) => node["text"] as string);
}

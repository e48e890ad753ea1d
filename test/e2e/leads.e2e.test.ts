import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  cardInputs,
  cardNodes,
  executeActions,
  submittedData,
  validateCard,
} from "../support/card-validation.js";
import { storeFingerprint } from "../support/test-store.js";
import { startBotProcess, type BotProcess } from "./support/bot-process.js";
import { freePort } from "./support/free-port.js";
import {
  ADAPTIVE_CARD,
  cardText,
  Playground,
  type AdaptiveCard,
  type BotMessage,
  type CardActionOptions,
  type ExecuteAction,
  type InvokeResult,
} from "./support/playground.js";

/**
 * Leads end to end: the real bot as its own process (its bundle, as npm start runs it; embedded store in a temp
 * folder) and the Microsoft 365 Agents Playground in front of it, driven like a user in Teams would. The tests
 * run in order and build on each other: L-1001 is the first lead of the Playground's tenant.
 */

const hookTimeoutMs = 120_000;
const testTimeoutMs = 30_000;
const restartTimeoutMs = 120_000;

let bot: BotProcess;
let pg: Playground;
/** Output of the bot processes stopped along the way (restarts), checked at the end. */
const earlierBotOutput: string[] = [];
/** Cards the bot answered card buttons with (chat messages are read back from the Playground at the end). */
const invokeCards: { readonly where: string; readonly card: unknown }[] = [];

beforeAll(async () => {
  // Start both at once on a port chosen up front: the Playground does not need the bot until a message.
  const port = await freePort("127.0.0.1");
  const [started, playground] = await Promise.allSettled([
    startBotProcess({ PORT: String(port) }),
    Playground.start({ botEndpoint: `http://127.0.0.1:${port}/api/messages` }),
  ]);
  if (started.status === "fulfilled") bot = started.value;
  if (playground.status === "fulfilled") pg = playground.value;
  if (started.status === "rejected") throw started.reason;
  if (playground.status === "rejected") throw playground.reason;
}, hookTimeoutMs);

afterAll(async () => {
  await pg?.stop();
  await bot?.stop();
}, hookTimeoutMs);

// ---------------------------------------------------------------------------------------------------------

test(
  "installing the app sends a welcome card: in the personal chat and in the team's channel",
  async () => {
    const mark = pg.mark();
    await pg.install("personal");
    const personal = await pg.nextMessage(
      (m) => m.seq >= mark && m.conversationId === pg.personalChatId && m.card !== undefined,
    );
    expect(cardText(personal.card)).toContain("Welcome to Pipeline");
    expect(cardText(personal.card)).toContain("Type a command here");
    expect(validateCard(personal.card)).toEqual([]);

    await pg.install("team");
    const team = await pg.nextMessage(
      (m) => m.seq >= mark && m.rootConversationId === pg.teamId && m.card !== undefined,
    );
    expect(cardText(team.card)).toContain("Welcome to Pipeline");
    expect(cardText(team.card)).toContain("Mention me (@Pipeline)");
    expect(validateCard(team.card)).toEqual([]);
  },
  testTimeoutMs,
);

test(
  "help answers with the commands, including lead new, lead list and lead show",
  async () => {
    const [help] = await ask("help");
    const text = cardText(help?.card);
    expect(text).toContain("What you can ask me");
    expect(text).toContain("lead new [‹topic›] [key=value ...]");
    expect(text).toContain("lead list [open|qualified|disqualified|all]");
    expect(text).toContain("lead show ‹L-ref›");
  },
  testTimeoutMs,
);

test(
  "lead new with arguments creates L-1001 and answers with its card",
  async () => {
    const replies = await ask(
      "lead new Website redesign first=Ann last=Berg company=Contoso email=ann@contoso.com",
    );
    // The card carries the confirmation, so there is no separate text message.
    expect(replies).toHaveLength(1);
    const card = replies[0]?.card;
    expect(cardText(card)).toContain("Lead L-1001 created.");
    expect(textBlocks(card)).toEqual(
      expect.arrayContaining(["L-1001", "Website redesign", "Ann Berg", "Open"]),
    );
    expect(facts(card)).toMatchObject({ Company: "Contoso", Email: "ann@contoso.com", Owner: "Alex Wilber" });
    expect(await storedRefs()).toEqual(["L-1001"]);
  },
  testTimeoutMs,
);

describe("the lead form", () => {
  let form: BotMessage;
  let createAction: ExecuteAction;
  let refused: AdaptiveCard | undefined;

  test(
    "lead new without arguments sends the empty form",
    async () => {
      const replies = await ask("lead new");
      expect(replies).toHaveLength(1);
      form = replies[0] as BotMessage;
      expect(cardText(form.card)).toContain("New lead");
      expect(cardInputs(form.card).map((input) => input.id)).toEqual(
        expect.arrayContaining(["topic", "first", "last", "company", "email"]),
      );
      expect(cardInputs(form.card).every((input) => input.value === "")).toBe(true);
      const action = executeActions(form.card).find((a) => a.verb === "lead.create");
      expect(action).toBeDefined();
      createAction = { verb: "lead.create", data: submittedData(form.card, action as never) };
    },
    testTimeoutMs,
  );

  test(
    "submitting it with a missing last name and a malformed email answers with the form again and stores nothing",
    async () => {
      const storedBefore = await stored();
      const result = await click(
        pg.personalChatId,
        {
          ...createAction,
          data: {
            ...createAction.data,
            topic: "Fleet renewal",
            first: "Bo",
            last: "",
            email: "bo(at)fabrikam",
          },
        },
        { replyToId: form.id },
      );
      expect(result.type).toBe(ADAPTIVE_CARD);
      const card = result.card;
      refused = card;
      expect(cardText(card)).toContain("New lead");
      expect(cardText(card)).toContain("Please correct the fields marked below.");
      // What the user typed stays in the form.
      expect(inputValue(card, "topic")).toBe("Fleet renewal");
      expect(inputValue(card, "first")).toBe("Bo");
      expect(inputValue(card, "email")).toBe("bo(at)fabrikam");
      expect(fieldError(card, "email")).toBe("Email must be an email address, like ann@contoso.com.");
      expect(fieldError(card, "first")).toBeUndefined();
      expect(await stored()).toBe(storedBefore);
      expect(await storedRefs()).toEqual(["L-1001"]);
    },
    testTimeoutMs,
  );

  test("the refused form also names the missing last name next to its field", () => {
    expect(fieldError(refused, "last")).toBe("Last name is required.");
  });

  test(
    "submitting it with good values answers with the new lead's card",
    async () => {
      const result = await click(
        pg.personalChatId,
        {
          ...createAction,
          data: {
            ...createAction.data,
            topic: "Fleet renewal",
            first: "Bo",
            last: "Olsen",
            company: "Fabrikam",
            email: "bo@fabrikam.com",
          },
        },
        { replyToId: form.id },
      );
      expect(result.type).toBe(ADAPTIVE_CARD);
      expect(cardText(result.card)).toContain("Lead L-1002 created.");
      expect(textBlocks(result.card)).toEqual(
        expect.arrayContaining(["L-1002", "Fleet renewal", "Bo Olsen"]),
      );
      expect(facts(result.card)).toMatchObject({ Company: "Fabrikam", Email: "bo@fabrikam.com" });
      expect(await storedRefs()).toEqual(["L-1002", "L-1001"]);
    },
    testTimeoutMs,
  );
});

describe("in a team channel, mentioning the bot", () => {
  test(
    "lead show L-1001 answers with the lead card in the thread",
    async () => {
      const [reply] = await ask("lead show L-1001", { conversationId: pg.generalChannelId, mention: true });
      expect(reply?.rootConversationId).toBe(pg.generalChannelId);
      expect(textBlocks(reply?.card)).toEqual(expect.arrayContaining(["L-1001", "Website redesign"]));
      expect(facts(reply?.card)).toMatchObject({ Company: "Contoso" });
    },
    testTimeoutMs,
  );

  test(
    "lead list answers with the list card",
    async () => {
      const channel = pg.channelIds[1] ?? pg.generalChannelId;
      const [reply] = await ask("lead list", { conversationId: channel, mention: true });
      expect(reply?.rootConversationId).toBe(channel);
      expect(cardText(reply?.card)).toContain("Open leads");
      expect(listedRefs(reply?.card)).toEqual(["L-1002", "L-1001"]);
    },
    testTimeoutMs,
  );

  test(
    "a mistyped command gets a suggestion",
    async () => {
      // The Playground (like Teams) delivers channel messages only when they mention the bot, so "a message
      // without a mention gets no answer" cannot be observed here; a mentioned typo must be answered.
      const [reply] = await ask("lead nwe", { conversationId: pg.generalChannelId, mention: true });
      expect(reply?.card).toBeUndefined();
      expect(reply?.text).toContain("Did you mean lead new?");
    },
    testTimeoutMs,
  );
});

describe("bad input gets a clear text reply and stores nothing", () => {
  const oversized = `lead new Fleet renewal last=Berg company=${"x".repeat(5000 - "lead new Fleet renewal last=Berg company=".length)}`;
  test.each([
    {
      name: "an unknown command",
      text: "frobnicate the pipeline",
      answer: 'I don\'t know the command "frobnicate the". Type help to see what I can do.',
    },
    {
      name: "a malformed key=value",
      text: "lead new Fleet renewal last=Berg =Contoso",
      answer: 'I couldn\'t read "=Contoso": write arguments as key=value, for example email=ann@contoso.com.',
    },
    {
      name: "an unclosed quote",
      text: 'lead new Fleet renewal last=Berg company="Contoso Ltd',
      answer: 'A quotation mark is not closed. Put values with spaces in "double quotes".',
    },
    {
      name: "a message of 5000 characters",
      text: oversized,
      answer: "That message is too long (5000 characters); keep it under 4000.",
    },
  ])(
    "$name",
    async ({ text, answer }) => {
      const storedBefore = await stored();
      const refsBefore = await storedRefs();
      const replies = await ask(text);
      expect(replies.map((reply) => ({ text: reply.text, cards: reply.cards.length }))).toEqual([
        { text: answer, cards: 0 },
      ]);
      expect(await stored()).toBe(storedBefore);
      expect(await storedRefs()).toEqual(refsBefore);
    },
    testTimeoutMs,
  );
});

test(
  "a row of the lead list card opens that lead's card",
  async () => {
    const [list] = await ask("lead list");
    const row = executeActions(list?.card).find(
      (action) => action.verb === "lead.show" && (action.data as { ref?: unknown }).ref === "L-1001",
    );
    expect(row).toBeDefined();
    const result = await click(
      pg.personalChatId,
      { verb: "lead.show", data: submittedData(list?.card, row as never) },
      { replyToId: list?.id },
    );
    expect(result.type).toBe(ADAPTIVE_CARD);
    expect(textBlocks(result.card)).toEqual(
      expect.arrayContaining(["L-1001", "Website redesign", "Ann Berg"]),
    );
  },
  testTimeoutMs,
);

describe("durability", () => {
  test(
    "leads survive a restart: SIGTERM, then a new bot process on the same data folder",
    async () => {
      const exit = await bot.stop({ keepData: true });
      earlierBotOutput.push(bot.output());
      expect(exit).toEqual({ code: 0, signal: null });
      bot = await startBotProcess({ DATA_DIR: bot.dataDir, PORT: String(bot.port) });

      const [reply] = await ask("lead show L-1001");
      expect(textBlocks(reply?.card)).toEqual(
        expect.arrayContaining(["L-1001", "Website redesign", "Ann Berg"]),
      );
      expect(await storedRefs()).toEqual(["L-1002", "L-1001"]);
    },
    restartTimeoutMs,
  );

  test(
    "a lead acknowledged just before a crash (SIGKILL) is there after the restart",
    async () => {
      const [created] = await ask("lead new Crash course last=Kim company=Northwind");
      expect(cardText(created?.card)).toContain("Lead L-1003 created.");
      const exit = await bot.kill("SIGKILL");
      earlierBotOutput.push(bot.output());
      expect(exit).toEqual({ code: null, signal: "SIGKILL" });
      bot = await startBotProcess({ DATA_DIR: bot.dataDir, PORT: String(bot.port) });

      const [shown] = await ask("lead show L-1003");
      expect(textBlocks(shown?.card)).toEqual(expect.arrayContaining(["L-1003", "Crash course", "Kim"]));
      // The reference counter survived too: the next lead does not reuse a number.
      const [next] = await ask("lead new After the crash last=Lee");
      expect(cardText(next?.card)).toContain("Lead L-1004 created.");
      expect(await storedRefs()).toEqual(["L-1004", "L-1003", "L-1002", "L-1001"]);
    },
    restartTimeoutMs,
  );
});

test("every card the bot sent is valid for Teams", () => {
  const sent = pg
    .eventsSince(0)
    .filter((event): event is BotMessage => event.kind !== "typing")
    .flatMap((message) => message.cards.map((card) => ({ where: `${message.kind} ${message.id}`, card })));
  const all = [...sent, ...invokeCards];
  const kinds = new Set(all.map(({ card }) => firstText(card)));
  // Welcome, help, lead, lead list and the lead form (empty and with errors) were all seen.
  expect([...kinds]).toEqual(
    expect.arrayContaining([
      "Welcome to Pipeline",
      "What you can ask me",
      "New lead",
      "Open leads",
      "All leads",
    ]),
  );
  const problems = all.flatMap(({ where, card }) =>
    validateCard(card).map((problem) => `${where} "${firstText(card)}": ${problem}`),
  );
  expect(problems).toEqual([]);
});

test("nothing went wrong on the way", () => {
  expect(pg.problems()).toEqual([]);
  const logged = [...earlierBotOutput, bot.output()].join("\n");
  expect(logged.split("\n").filter((line) => /"level":"(error|warn)"/.test(line))).toEqual([]);
});

// ---------------------------------------------------------------------------------------------------------
// Helpers

/**
 * Sends a message as the current user and returns the bot's replies: all of them, since the bot has
 * finished its turn (the Playground logs the bot's sends before the bot's answer to the activity).
 */
async function ask(
  text: string,
  options: { readonly conversationId?: string; readonly mention?: boolean } = {},
): Promise<BotMessage[]> {
  const mark = pg.mark();
  const post = await pg.send(options.conversationId ?? pg.personalChatId, text, {
    mentionBot: options.mention ?? false,
  });
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

/** Clicks an Action.Execute button; keeps the card it answers with for the validity check. */
async function click(
  conversationId: string,
  action: ExecuteAction,
  options: CardActionOptions,
): Promise<InvokeResult> {
  const result = await pg.invoke(conversationId, action, options);
  if (result.card) invokeCards.push({ where: `invoke ${action.verb}`, card: result.card });
  return result;
}

/** The references `lead list all` shows, newest first (the list has ten per page; these tests stay below). */
async function storedRefs(): Promise<string[]> {
  const [list] = await ask("lead list all");
  expect(cardText(list?.card)).toContain("All leads");
  return listedRefs(list?.card);
}

function listedRefs(card: unknown): string[] {
  return executeActions(card)
    .filter((action) => action.verb === "lead.show")
    .map((action) => String((action.data as { ref?: unknown }).ref));
}

/** What the bot's store holds (test/support/test-store.ts): any write, even a refused one, would change it. */
function stored(): Promise<string> {
  return storeFingerprint(bot.dataDir);
}

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Every list of card elements (body, items, columns' items …), depth first. */
function elementLists(card: unknown): Node[][] {
  const lists: Node[][] = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) {
      if (value.every(isNode)) lists.push(value);
      value.forEach(visit);
    } else if (isNode(value)) Object.values(value).forEach(visit);
  };
  visit(card);
  return lists;
}

/** The texts of the card's TextBlocks, in reading order. */
function textBlocks(card: unknown): string[] {
  return cardNodes(card)
    .map(({ node }) => node)
    .filter((node) => node["type"] === "TextBlock" && typeof node["text"] === "string")
    .map((node) => node["text"] as string);
}

function firstText(card: unknown): string {
  return textBlocks(card)[0] ?? "";
}

function facts(card: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  for (const { node } of cardNodes(card)) {
    if (node["type"] !== "FactSet" || !Array.isArray(node["facts"])) continue;
    for (const fact of node["facts"] as Node[]) result[String(fact["title"])] = String(fact["value"]);
  }
  return result;
}

function inputValue(card: AdaptiveCard | undefined, id: string): string | undefined {
  return cardInputs(card).find((input) => input.id === id)?.value;
}

/** The error text shown right under the input `id` (an Attention-coloured TextBlock), if any. */
function fieldError(card: AdaptiveCard | undefined, id: string): string | undefined {
  for (const list of elementLists(card)) {
    const at = list.findIndex((node) => node["id"] === id);
    if (at < 0) continue;
    const next = list[at + 1];
    return next && next["type"] === "TextBlock" && next["color"] === "Attention"
      ? String(next["text"])
      : undefined;
  }
  return undefined;
}

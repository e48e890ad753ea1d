import {
  ActivityTypes,
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  TeamsInfo,
  TurnContext,
  type Attachment,
  type ConversationParameters,
  type Entity,
} from "botbuilder";
import restify from "restify";
import { afterAll, beforeAll, expect, test } from "vitest";
import { freePort } from "./support/free-port.js";
import {
  ADAPTIVE_CARD,
  cardText,
  Playground,
  PlaygroundRequestError,
  type BotMessage,
} from "./support/playground.js";

/**
 * Proves the Playground harness against a tiny bot that runs in this process on the same stack as ours
 * (restify 11 + botbuilder CloudAdapter in anonymous mode). The bot answers text with a JSON line telling
 * what it saw, so each test can check the activity the Playground built, not only that something came back.
 */

interface Echo {
  readonly echo: string;
  readonly raw: string;
  readonly conversationType: string | null;
  readonly conversationId: string;
  readonly from: { readonly id: string; readonly name: string | null; readonly aadObjectId: string | null };
  readonly mentionedMe: boolean;
  readonly mentionTexts: readonly string[];
  readonly tenantId: string | null;
  readonly member: {
    readonly name: string;
    readonly aadObjectId: string | null;
    readonly email: string | null;
  } | null;
}

interface Submitted {
  readonly submitted: unknown;
  readonly replyToId: string | null;
  readonly from: string;
}

let bot: { readonly endpoint: string; readonly errors: string[]; close(): Promise<void> };
let pg: Playground;

beforeAll(async () => {
  bot = await startEchoBot();
  pg = await Playground.start({ botEndpoint: bot.endpoint });
}, 30_000);

afterAll(async () => {
  await pg?.stop();
  await pg?.stop(); // a second stop is harmless
  await bot?.close();
}, 30_000);

const isEcho = (conversationId: string) => (message: BotMessage) =>
  message.conversationId === conversationId && (message.text?.startsWith('{"echo"') ?? false);
const echoOf = (message: BotMessage) => JSON.parse(message.text ?? "") as Echo;

test("exposes the configured ids", () => {
  expect(pg.tenantId).toMatch(/^[0-9a-f-]{36}$/);
  expect(pg.users).toHaveLength(6);
  expect(pg.users[0]).toBe(pg.currentUser);
  expect(pg.currentUser).toMatchObject({
    name: "Alex Wilber",
    aadObjectId: expect.stringMatching(/^[0-9a-f-]{36}$/),
  });
  expect(pg.user("Megan Bowen").id).toMatch(/^29:/);
  expect(pg.bot).toEqual({ id: expect.stringMatching(/^28:/), name: "Pipeline" });
  expect(pg.personalChatId).toMatch(/^a:/);
  expect(pg.groupChatId).toMatch(/@thread\.v2$/);
  expect(pg.generalChannelId).toBe(pg.teamId);
  expect(pg.channelIds).toEqual([pg.teamId, expect.stringMatching(/@thread\.tacv2$/)]);
});

test("personal chat: a message reaches the bot from the current user and the reply comes back", async () => {
  const mark = pg.mark();
  const sent = await pg.send(pg.personalChatId, "hello there");
  expect(sent.conversationId).toBe(pg.personalChatId);

  // Wait for the bot to finish its turn first: the reply arrived before nextMessage() was called.
  const turn = await pg.nextTurn((t) => t.type === "message" && t.text === "hello there");
  expect(turn.status).toBe(200);
  const reply = await pg.nextMessage(isEcho(pg.personalChatId));
  expect(reply).toMatchObject({ kind: "message", fromId: pg.bot.id, rootConversationId: pg.personalChatId });
  expect(echoOf(reply)).toMatchObject({
    echo: "hello there",
    conversationType: "personal",
    from: { id: pg.currentUser.id, name: "Alex Wilber", aadObjectId: pg.currentUser.aadObjectId },
    mentionedMe: false,
    tenantId: pg.tenantId,
  });
  expect(pg.messagesSince(mark).map((m) => m.id)).toEqual([reply.id]);
}, 30_000);

test("install in the personal chat and in a team: the bot's welcome arrives", async () => {
  const personal = await pg.install("personal");
  expect(personal.installationUpdate.activity).toMatchObject({ type: "installationUpdate", action: "add" });
  const added = personal.conversationUpdate.activity["membersAdded"];
  expect(added).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ id: pg.bot.id }),
      expect.objectContaining({ id: pg.currentUser.id }),
    ]),
  );
  await pg.nextMessage((m) => m.text === "welcome" && m.conversationId === pg.personalChatId);

  const team = await pg.install("team");
  expect(team.conversationUpdate.activity).toMatchObject({
    channelData: { eventType: "teamMemberAdded", team: { id: pg.teamId, name: "Sales" } },
  });
  // A bot message to a channel opens a thread: "<channel id>;messageid=<id>".
  const welcome = await pg.nextMessage((m) => m.text === "welcome" && m.rootConversationId === pg.teamId);
  expect(welcome.conversationId).toBe(`${pg.teamId};messageid=${welcome.id}`);
}, 30_000);

test("channel: an @mention reaches the bot as a Teams mention entity, and TeamsInfo.getMember works", async () => {
  const channel = pg.channelIds[1] ?? "";
  const post = await pg.send(channel, "lead list", { mentionBot: true });
  expect(post.conversationId).toBe(`${channel};messageid=${post.messageId}`);
  const reply = echoOf(await pg.nextMessage(isEcho(post.conversationId)));
  expect(reply).toMatchObject({
    raw: "<at>Pipeline</at> lead list",
    echo: "lead list",
    conversationType: "channel",
    conversationId: post.conversationId,
    mentionedMe: true,
    mentionTexts: ["<at>Pipeline</at>"],
    member: { name: "Alex Wilber", aadObjectId: pg.currentUser.aadObjectId, email: pg.currentUser.email },
  });

  // A reply in the thread, from another user, mentioning the bot and a colleague.
  const megan = pg.user("Megan Bowen");
  const answer = await pg.send(post.conversationId, "ask <at>Adele Vance</at>", {
    mentionBot: true,
    from: megan.id,
  });
  expect(answer.conversationId).toBe(post.conversationId);
  const second = echoOf(await pg.nextMessage(isEcho(post.conversationId)));
  expect(second).toMatchObject({
    echo: "ask <at>Adele Vance</at>",
    from: { id: megan.id, name: "Megan Bowen", aadObjectId: megan.aadObjectId },
    mentionedMe: true,
    mentionTexts: ["<at>Pipeline</at>", "<at>Adele Vance</at>"],
    member: { name: "Megan Bowen", aadObjectId: megan.aadObjectId },
  });
}, 30_000);

test("group chat: another user's message with a mention", async () => {
  const patti = pg.user("Patti Fernandez");
  await pg.send(pg.groupChatId, "pipeline please", { mentionBot: true, from: patti.id });
  const reply = echoOf(await pg.nextMessage(isEcho(pg.groupChatId)));
  expect(reply).toMatchObject({
    echo: "pipeline please",
    conversationType: "groupChat",
    from: { id: patti.id, name: "Patti Fernandez" },
    mentionedMe: true,
    member: { name: "Patti Fernandez" },
  });
}, 30_000);

test("Action.Execute: the invoke returns the bot's refreshed card; Action.Submit reaches the bot", async () => {
  await pg.send(pg.personalChatId, "card");
  const cardMessage = await pg.nextMessage(
    (m) => m.card !== undefined && m.conversationId === pg.personalChatId,
  );
  expect(cardMessage.attachments[0]?.contentType).toBe(ADAPTIVE_CARD);
  expect(cardText(cardMessage.card)).toContain("Lead L-1");

  const result = await pg.invoke(pg.personalChatId, { verb: "approve", data: { lead: "L-1" } });
  expect(result.replyToId).toBe(cardMessage.id);
  expect(result.type).toBe(ADAPTIVE_CARD);
  expect(cardText(result.card)).toContain('verb=approve data={"lead":"L-1"}');

  await pg.submit(pg.personalChatId, { choice: "yes" });
  const submitted = await pg.nextMessage((m) => m.text?.startsWith('{"submitted"') ?? false);
  expect(JSON.parse(submitted.text ?? "") as Submitted).toEqual({
    submitted: { choice: "yes" },
    replyToId: cardMessage.id,
    from: pg.currentUser.id,
  });

  // In a channel the card sits in a thread; another member clicks it (invokes carry their own sender).
  const megan = pg.user("Megan Bowen");
  const post = await pg.send(pg.generalChannelId, "card", { mentionBot: true });
  const channelCard = await pg.nextMessage(
    (m) => m.card !== undefined && m.conversationId === post.conversationId,
  );
  const clicked = await pg.invoke(pg.generalChannelId, { verb: "assign" }, { from: megan.id });
  expect(clicked.replyToId).toBe(channelCard.id);
  expect(cardText(clicked.card)).toContain("verb=assign data={} from=Megan Bowen");
}, 30_000);

test("updateActivity: the new version of an earlier message arrives as an update", async () => {
  await pg.send(pg.personalChatId, "update");
  const first = await pg.nextMessage("version 1");
  const update = await pg.nextUpdate((m) => m.id === first.id);
  expect(update).toMatchObject({ kind: "update", text: "version 2", conversationId: pg.personalChatId });
  expect(pg.message(first.id)?.text).toBe("version 2");
}, 30_000);

test("a 1:1 message the bot opens with another user shows as a bot API call only", async () => {
  const megan = pg.user("Megan Bowen");
  const mark = pg.mark();
  await pg.send(pg.personalChatId, `notify ${megan.id}`);
  await pg.nextMessage("notified");
  const created = await pg.nextBotCall((call) => call.name === "createConversation");
  expect(created.request).toMatchObject({ members: [{ id: megan.id }] });
  const chatId = (created.response as { id: string }).id;
  const sent = await pg.nextBotCall((call) => call.name === "message" && call.conversationId === chatId);
  expect(sent).toMatchObject({ status: 201, request: { text: "You have a new lead" } });
  // The Playground shows the current user's conversations only: no message event for Megan's chat.
  expect(pg.messagesSince(mark).map((m) => m.text)).toEqual(["notified"]);
}, 30_000);

test("refusals are errors with the HTTP status and body", async () => {
  const refused = await pg.send("19:no-such-chat@thread.v2", "hi").catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(PlaygroundRequestError);
  expect(refused).toMatchObject({
    status: 404,
    responseBody: expect.stringContaining("ConversationNotFound"),
  });
  await expect(pg.send(pg.personalChatId, "hi", { from: pg.user("Megan Bowen").id })).rejects.toThrow(
    /personal chat/,
  );
  await expect(pg.invoke(pg.personalChatId, { verb: "x" }, { replyToId: "404" })).rejects.toThrow(/HTTP 400/);
  // Only the current user is a member of the personal chat.
  await expect(
    pg.invoke(pg.personalChatId, { verb: "x" }, { from: pg.user("Megan Bowen").id }),
  ).rejects.toThrow(/HTTP 400 .*UserNotFound/);
  await expect(pg.nextMessage("never said", 50)).rejects.toThrow(/Timed out after 50 ms/);
}, 30_000);

test("nothing went wrong on the way", () => {
  expect(bot.errors).toEqual([]);
  expect(pg.problems()).toEqual([]);
});

// ---------------------------------------------------------------------------------------------------------
// The bot under the harness
// ---------------------------------------------------------------------------------------------------------

async function startEchoBot(): Promise<typeof bot> {
  const credentials = new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: "",
    MicrosoftAppPassword: "",
    MicrosoftAppType: "MultiTenant",
    MicrosoftAppTenantId: "",
  });
  const auth = new ConfigurationBotFrameworkAuthentication(
    { MicrosoftAppId: "", MicrosoftAppTenantId: "" },
    credentials,
  );
  const adapter = new CloudAdapter(auth);
  const errors: string[] = [];
  adapter.onTurnError = async (_context, error) => {
    errors.push(error instanceof Error ? (error.stack ?? error.message) : String(error));
  };

  const server = restify.createServer({ name: "harness-echo-bot", handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ mapParams: false }));
  server.post("/api/messages", async (req, res) => {
    await adapter.process(req, res, (context) => echoBot(context));
  });
  const port = await freePort("127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    endpoint: `http://127.0.0.1:${port}/api/messages`,
    errors,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function echoBot(context: TurnContext): Promise<void> {
  const activity = context.activity;
  if (activity.type === ActivityTypes.ConversationUpdate) {
    if (activity.membersAdded?.some((member) => member.id === activity.recipient.id)) {
      await context.sendActivity("welcome");
    }
    return;
  }
  if (activity.type === ActivityTypes.Invoke && activity.name === "adaptiveCard/action") {
    const action = (activity.value as { action?: { verb?: string; data?: unknown } } | undefined)?.action;
    const card = adaptiveCard(
      `verb=${action?.verb ?? "?"} data=${JSON.stringify(action?.data ?? null)} from=${activity.from.name ?? "?"}`,
    );
    await context.sendActivity({
      type: ActivityTypes.InvokeResponse,
      value: { status: 200, body: { statusCode: 200, type: ADAPTIVE_CARD, value: card.content } },
    });
    return;
  }
  if (activity.type !== ActivityTypes.Message) return;

  if (activity.value !== undefined && !activity.text) {
    const submitted: Submitted = {
      submitted: activity.value,
      replyToId: activity.replyToId ?? null,
      from: activity.from.id,
    };
    await context.sendActivity(JSON.stringify(submitted));
    return;
  }
  const mentions = (activity.entities ?? []).filter((entity: Entity) => entity.type === "mention") as Array<
    Entity & { mentioned?: { id?: string }; text?: string }
  >;
  const raw = activity.text ?? "";
  const text = TurnContext.removeRecipientMention(activity)?.trim() ?? raw;
  if (text === "card") {
    await context.sendActivity({ attachments: [adaptiveCard("Lead L-1", true)] });
    return;
  }
  if (text.startsWith("notify ")) {
    // Opens a 1:1 chat with another user and writes there, as a notification would.
    const tenantId = (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? "";
    const parameters = {
      isGroup: false,
      bot: activity.recipient,
      members: [{ id: text.slice("notify ".length), name: "" }],
      tenantId,
      channelData: { tenant: { id: tenantId } },
    } as ConversationParameters;
    await (context.adapter as CloudAdapter).createConversationAsync(
      "",
      activity.channelId,
      activity.serviceUrl,
      "",
      parameters,
      async (proactive) => {
        await proactive.sendActivity("You have a new lead");
      },
    );
    await context.sendActivity("notified");
    return;
  }
  if (text === "update") {
    const sent = await context.sendActivity("version 1");
    await context.updateActivity({ id: sent?.id, type: ActivityTypes.Message, text: "version 2" });
    return;
  }
  const conversationType = activity.conversation.conversationType ?? null;
  let member: Echo["member"] = null;
  if (conversationType === "channel" || conversationType === "groupChat") {
    const found = await TeamsInfo.getMember(context, activity.from.id);
    member = { name: found.name, aadObjectId: found.aadObjectId ?? null, email: found.email ?? null };
  }
  const channelData = activity.channelData as { tenant?: { id?: string } } | undefined;
  const echo: Echo = {
    echo: text,
    raw,
    conversationType,
    conversationId: activity.conversation.id,
    from: {
      id: activity.from.id,
      name: activity.from.name ?? null,
      aadObjectId: activity.from.aadObjectId ?? null,
    },
    mentionedMe: mentions.some((mention) => mention.mentioned?.id === activity.recipient.id),
    mentionTexts: mentions.map((mention) => mention.text ?? ""),
    tenantId: channelData?.tenant?.id ?? null,
    member,
  };
  await context.sendActivity(JSON.stringify(echo));
}

function adaptiveCard(text: string, withActions = false): Attachment {
  return CardFactory.adaptiveCard({
    type: "AdaptiveCard",
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    version: "1.5",
    body: [{ type: "TextBlock", text, wrap: true }],
    ...(withActions
      ? {
          actions: [
            { type: "Action.Execute", title: "Approve", verb: "approve", data: { lead: "L-1" } },
            { type: "Action.Submit", title: "Send", data: { choice: "yes" } },
          ],
        }
      : {}),
  });
}

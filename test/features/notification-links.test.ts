import { afterAll, beforeAll, expect, test } from "vitest";
import { startBotServer, teamsMessage } from "../support/bot-server.js";
import { cardNodes, validateCard } from "../support/card-validation.js";
import { cardOf, RecordingConnector, type RecordedActivity } from "../support/recording-connector.js";

/**
 * Over HTTP, what a bot with BOT_DOMAIN posts to a channel links to the record (`https://BOT_DOMAIN/r/‹ref›`),
 * and what a bot without it posts links nowhere: the local address it listens on means nothing in Teams.
 */

type User = { id: string; name: string; aadObjectId: string };
const eve: User = { id: "29:eve", name: "Eve Admin", aadObjectId: "00000000-0000-4000-8000-00000000e001" };
const ann: User = { id: "29:ann", name: "Ann Berg", aadObjectId: "00000000-0000-4000-8000-00000000a001" };
const tenant = "tenant-a";
const sales = "19:sales@thread.tacv2";

let connector: RecordingConnector;
let linked: Awaited<ReturnType<typeof startBotServer>>;
let unlinked: Awaited<ReturnType<typeof startBotServer>>;

beforeAll(async () => {
  connector = await RecordingConnector.start();
  linked = await startBotServer({ ADMIN_AAD_IDS: eve.aadObjectId, BOT_DOMAIN: "pipeline.contoso.com" });
  unlinked = await startBotServer({ ADMIN_AAD_IDS: eve.aadObjectId });
});

afterAll(async () => {
  await linked?.stop();
  await unlinked?.stop();
  await connector?.close();
});

type Bot = typeof linked;

async function send(bot: Bot, text: string, user: User, inChannel: boolean) {
  const message = teamsMessage({
    serviceUrl: connector.serviceUrl,
    text: inChannel ? `<at>Pipeline</at> ${text}` : text,
    user,
    tenantId: tenant,
    ...(inChannel ? { conversationId: sales, conversationType: "channel" as const } : {}),
  });
  const activity = inChannel
    ? {
        ...message,
        channelData: {
          tenant: { id: tenant },
          team: { id: "19:team@thread.tacv2", name: "Sales" },
          channel: { id: sales, name: "Sales" },
        },
        entities: [
          {
            type: "mention",
            text: "<at>Pipeline</at>",
            mentioned: { id: "28:pipeline-bot", name: "Pipeline" },
          },
        ],
      }
    : message;
  expect((await bot.post(activity)).status).toBe(200);
}

/** Two stage moves of a new opportunity, as a subscribed channel hears them: its root and a reply. */
async function channelPosts(bot: Bot): Promise<{ ref: string; root: object; reply: object }> {
  await send(bot, "help", ann, false);
  await send(bot, "notify here stage", eve, true);
  await send(bot, "account new Contoso Ltd", ann, false);
  const created = connector.received.length;
  await send(bot, "opp new Fleet account=A-1001 value=100000", ann, false);
  const ref = /O-\d+/.exec(JSON.stringify(connector.received.slice(created).map((r) => r.body)))?.[0] ?? "";
  const start = connector.received.length;
  await send(bot, `opp next ${ref}`, ann, false);
  await bot.notifications.idle();
  await send(bot, `opp next ${ref}`, ann, false);
  await bot.notifications.idle();
  const posts = connector.received
    .slice(start)
    .filter((r: RecordedActivity) => r.body.replyToId === undefined && r.conversationId.startsWith(sales));
  const [root, reply] = posts.filter((p) => p.kind === "send").map((p) => cardOf(p));
  if (!root || !reply) throw new Error("no channel posts");
  return { ref, root, reply };
}

const openUrls = (card: object) =>
  cardNodes(card)
    .filter(({ node }) => node.type === "Action.OpenUrl")
    .map(({ node }) => node.url);

test("with BOT_DOMAIN, the thread's root and its replies link to the record", async () => {
  const { ref, root, reply } = await channelPosts(linked);
  const url = `https://pipeline.contoso.com/r/${ref}`;
  expect(openUrls(root)).toEqual([url]);
  expect(openUrls(reply)).toEqual([url, url]);
  expect(validateCard(root)).toEqual([]);
  expect(validateCard(reply)).toEqual([]);
});

test("without BOT_DOMAIN, nothing posted links anywhere", async () => {
  const { root, reply } = await channelPosts(unlinked);
  expect(openUrls(root)).toEqual([]);
  expect(openUrls(reply)).toEqual([]);
});

import { afterAll, beforeAll, expect, test } from "vitest";
import { isUsableDocumentId } from "../../src/store/document-rules.js";
import { startBotServer, teamsMessage } from "../support/bot-server.js";
import {
  cardOf,
  cardText,
  RecordingConnector,
  type RecordedActivity,
} from "../support/recording-connector.js";
import { tempDir } from "../support/temp-dir.js";
import { openTestStore } from "../support/test-store.js";

/**
 * Notifications whatever Teams puts in its ids, on both stores (the cosmos project runs this on the local
 * Cosmos server, which refuses `/ \ ? #` and ids over 255 characters as Azure does). Event ids carry `#`
 * (`O-1001#2:stage_changed`) and delivery, thread and subscription documents are keyed by conversation ids
 * as long as Teams makes them: a channel `19:` + 60 characters + `@thread.tacv2`, a personal chat `a:` + about
 * 100, and here longer still, so that the composed keys run past 255 characters.
 */

type User = { id: string; name: string; aadObjectId: string };
const eve: User = { id: "29:eve", name: "Eve Admin", aadObjectId: "00000000-0000-4000-8000-00000000e001" };
const ann: User = { id: "29:ann", name: "Ann Berg", aadObjectId: "00000000-0000-4000-8000-00000000a001" };
const bo: User = {
  id: `29:${"1Bo-x_Y9".repeat(12)}`,
  name: "Bo Lind",
  aadObjectId: "00000000-0000-4000-8000-00000000b001",
};
const tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const channel = `19:${"Qz7-_kLm0p".repeat(6)}@thread.tacv2`;
const longChannel = `19:${"a9B8c7D6e5".repeat(20)}@thread.tacv2`;
const personalOf = (u: User) => `a:${"1Xy-_9Zq".repeat(12)}${u.name.replace(" ", "")}`;

let connector: RecordingConnector;
let dir: Awaited<ReturnType<typeof tempDir>>;
let bot: Awaited<ReturnType<typeof startBotServer>>;

beforeAll(async () => {
  connector = await RecordingConnector.start();
  dir = await tempDir("teams-ids");
  // Notifications off: events stay in the records' outboxes, as an earlier version left them.
  bot = await startBotServer({ ADMIN_AAD_IDS: eve.aadObjectId, NOTIFICATIONS: "off" }, () =>
    openTestStore(dir.path),
  );
  for (const u of [eve, ann, bo]) connector.members.set(u.id, { ...u, tenantId: tenant });
  for (const u of [eve, ann, bo]) await dm("help", u);
  await dm("account new Contoso Ltd", ann);
});

afterAll(async () => {
  await bot?.stop();
  await connector?.close();
  await dir?.remove();
});

async function say(text: string, user: User, conversation: string, mentioned: readonly User[] = []) {
  const activity = {
    ...teamsMessage({
      serviceUrl: connector.serviceUrl,
      text: `<at>Pipeline</at> ${text}`,
      user,
      tenantId: tenant,
      conversationId: conversation,
      conversationType: "channel",
    }),
    channelData: {
      tenant: { id: tenant },
      team: { id: `19:${"T".repeat(60)}@thread.tacv2`, name: "Sales" },
      channel: { id: conversation, name: "Sales" },
    },
    entities: [
      { type: "mention", text: "<at>Pipeline</at>", mentioned: { id: "28:pipeline-bot", name: "Pipeline" } },
      ...mentioned.map((m) => ({
        type: "mention",
        text: `<at>${m.name}</at>`,
        mentioned: { id: m.id, name: m.name },
      })),
    ],
  };
  expect((await bot.post(activity)).status).toBe(200);
  return replies(activity.id);
}

async function dm(text: string, user: User) {
  const activity = teamsMessage({
    serviceUrl: connector.serviceUrl,
    text,
    user,
    tenantId: tenant,
    conversationId: personalOf(user),
  });
  expect((await bot.post(activity)).status).toBe(200);
  return replies(activity.id);
}

function replies(activityId: string): string {
  const found = connector.received.filter((r) => r.body.replyToId === activityId);
  return [...found.map((r) => r.body.text ?? ""), ...found.map((r) => cardText(cardOf(r)))].join("\n");
}

const proactive = (from: number): RecordedActivity[] =>
  connector.received.slice(from).filter((r) => r.body.replyToId === undefined);
const inConversation = (posts: RecordedActivity[], id: string) =>
  posts.filter((p) => p.conversationId.replace(/;messageid=.*$/, "") === id);

test("an outbox committed with '#' event ids before the upgrade is relayed after it: the thread, the assignee, once", async () => {
  expect(await say("notify here stage assignment", eve, channel)).toMatch(/stage changes, assignments/i);
  expect(await say("notify here stage", eve, longChannel)).toMatch(/stage changes/i);
  expect(await dm("opp new Long ids deal account=A-1001", ann)).toContain("O-1001");
  expect(await dm("opp next O-1001", ann)).toMatch(/Develop/);
  expect(await say(`opp assign O-1001 <at>${bo.name}</at>`, eve, channel, [bo])).toContain("Bo Lind's");

  // What this version and earlier ones commit: the events, ids with '#', in the opportunity's own document.
  const stored = await bot.store.read(tenant, "opportunity:O-1001");
  const outbox = (stored?.body.outbox ?? []) as { id: string }[];
  expect(outbox.map((e) => e.id)).toEqual([
    expect.stringMatching(/^O-1001#\d+:stage_changed$/),
    expect.stringMatching(/^O-1001#\d+:assigned$/),
  ]);
  expect(proactive(0)).toEqual([]);

  // The upgrade: a new process on the same data, sending.
  await bot.stop();
  const start = connector.received.length;
  bot = await startBotServer({ ADMIN_AAD_IDS: eve.aadObjectId }, () => openTestStore(dir.path));
  await bot.notifications.idle();
  // Recovering once more (as after another restart) sends nothing new.
  await bot.stop();
  bot = await startBotServer({ ADMIN_AAD_IDS: eve.aadObjectId }, () => openTestStore(dir.path));
  await bot.notifications.idle();

  const posts = proactive(start);
  const inSales = inConversation(posts, channel);
  expect(inSales.filter((p) => p.kind === "send")).toHaveLength(2);
  const [root, reply] = inSales.filter((p) => p.kind === "send");
  expect(cardText(cardOf(root))).toContain("Ann Berg moved O-1001 Long ids deal from Qualify to Develop");
  expect(reply?.threadRootId).toBe(root?.id);
  expect(cardText(cardOf(reply))).toContain("Eve Admin assigned");
  const inLong = inConversation(posts, longChannel);
  expect(inLong.filter((p) => p.kind === "send")).toHaveLength(1);
  const toBo = inConversation(posts, personalOf(bo));
  expect(toBo).toHaveLength(1);
  expect(cardText(cardOf(toBo[0]))).toContain("O-1001");

  // Every document is addressable on every store; the readable key stays in the document.
  const deliveries = await bot.store.query(tenant, { type: "delivery", limit: 100 });
  expect(deliveries.items.length).toBeGreaterThanOrEqual(4);
  for (const { body } of deliveries.items) {
    expect(isUsableDocumentId(body.id)).toBe(true);
    expect(body.status).toBe("sent");
    expect(body.deliveryId).toMatch(/^O-1001#\d+:(stage_changed|assigned)>/);
  }
  expect((await bot.store.read(tenant, "opportunity:O-1001"))?.body.outbox).toBeUndefined();
});

import { afterAll, beforeAll, expect, test } from "vitest";
import { startBotServer, teamsMessage } from "../support/bot-server.js";
import { executeActions, validateCard } from "../support/card-validation.js";
import { chat } from "../support/chat.js";
import { cardOf, cardText, RecordingConnector } from "../support/recording-connector.js";

/**
 * Open on a channel thread's summary card: the full card is the presser's own view (a refresh limited to
 * them), and the channel's message is not touched, so everybody else keeps the summary.
 */

type User = { id: string; name: string; aadObjectId: string };
const eve: User = { id: "29:eve", name: "Eve Admin", aadObjectId: "00000000-0000-4000-8000-00000000e001" };
const ann: User = { id: "29:ann", name: "Ann Berg", aadObjectId: "00000000-0000-4000-8000-00000000a001" };
const bo: User = { id: "29:bo", name: "Bo Lind", aadObjectId: "00000000-0000-4000-8000-00000000b001" };
const tenant = "tenant-a";
const sales = "19:sales@thread.tacv2";

let connector: RecordingConnector;
let bot: Awaited<ReturnType<typeof startBotServer>>;

beforeAll(async () => {
  connector = await RecordingConnector.start();
  bot = await startBotServer({ ADMIN_AAD_IDS: eve.aadObjectId });
  for (const u of [eve, ann, bo]) connector.members.set(u.id, { ...u, tenantId: tenant });
});

afterAll(async () => {
  await bot?.stop();
  await connector?.close();
});

const { say, press } = chat(
  () => bot,
  () => connector,
  { tenantId: tenant },
);

async function inSales(text: string, user: User) {
  const activity = {
    ...teamsMessage({
      serviceUrl: connector.serviceUrl,
      text: `<at>Pipeline</at> ${text}`,
      user,
      tenantId: tenant,
      conversationId: sales,
      conversationType: "channel",
    }),
    channelData: {
      tenant: { id: tenant },
      team: { id: "19:team@thread.tacv2", name: "Sales" },
      channel: { id: sales, name: "Sales" },
    },
    entities: [
      { type: "mention", text: "<at>Pipeline</at>", mentioned: { id: "28:pipeline-bot", name: "Pipeline" } },
    ],
  };
  expect((await bot.post(activity)).status).toBe(200);
}

const inChannel = { conversationId: sales, conversationType: "channel" as const };

test("Open on the thread's summary shows the full card to the presser only; the channel keeps the summary", async () => {
  for (const u of [eve, ann, bo]) await say("help", { user: u });
  await inSales("notify here stage", eve);
  await say("account new Contoso Ltd", { user: ann });
  await say("opp new Website account=A-1001 value=1000", { user: ann });
  const start = connector.received.length;
  await say("opp next O-1001", { user: ann });
  await bot.notifications.idle();
  const root = connector.received
    .slice(start)
    .find((r) => r.body.replyToId === undefined && r.conversationId.startsWith(sales));
  const summary = cardOf(root);
  expect(cardText(summary)).toContain("O-1001 · Website");
  const open = executeActions(summary).find((a) => a.verb === "opp.show");
  if (!open) throw new Error("the summary card has no Open button");

  const before = connector.received.length;
  const pressed = await press(String(open.verb), open.data, { user: bo, ...inChannel });

  expect(pressed.text).toContain("Contoso Ltd · Account A-1001");
  expect(pressed.card?.["refresh"]).toEqual({
    action: { type: "Action.Execute", verb: "opp.show", data: { ref: "O-1001", thread: true } },
    userIds: [bo.id],
  });
  expect(validateCard(pressed.card)).toEqual([]);
  // Nothing was posted or edited in the channel: the others still see the summary.
  await bot.notifications.idle();
  expect(connector.received.slice(before)).toEqual([]);
});

test("Open pressed in a personal chat, or a card's own Open, is the ordinary card (nothing to keep apart)", async () => {
  const personal = await press("opp.show", { ref: "O-1001", thread: true }, { user: bo });
  expect(personal.card).toBeDefined();
  expect(personal.card?.["refresh"]).toBeUndefined();
  const shown = await press("opp.show", { ref: "O-1001" }, { user: bo, ...inChannel });
  expect(shown.card?.["refresh"]).toBeUndefined();
});

test("the lead summary's Open is the presser's own view too", async () => {
  await say("lead new Intranet last=Holm company=Fabrikam", { user: ann });
  const pressed = await press("lead.show", { ref: "L-1001", thread: true }, { user: ann, ...inChannel });
  expect(pressed.text).toContain("L-1001");
  expect(pressed.card?.["refresh"]).toMatchObject({ userIds: [ann.id] });
  expect(validateCard(pressed.card)).toEqual([]);
});

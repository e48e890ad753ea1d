import { afterAll, beforeAll, expect, test } from "vitest";
import { startBotServer, teamsMessage } from "../support/bot-server.js";
import { cardOf, cardText, RecordingConnector } from "../support/recording-connector.js";

const admin = { id: "29:ann", name: "Ann Berg", aadObjectId: "00000000-0000-0000-0000-00000000a001" };
const rep = { id: "29:bo", name: "Bo Lind", aadObjectId: "00000000-0000-0000-0000-00000000b001" };

let connector: RecordingConnector;
let bot: Awaited<ReturnType<typeof startBotServer>>;

beforeAll(async () => {
  connector = await RecordingConnector.start();
  bot = await startBotServer({ ADMIN_AAD_IDS: admin.aadObjectId });
});

afterAll(async () => {
  await bot?.stop();
  await connector?.close();
});

async function reply(text: string, user = admin): Promise<string> {
  const activity = teamsMessage({ serviceUrl: connector.serviceUrl, text, user });
  expect((await bot.post(activity)).status).toBe(200);
  return connector.received
    .filter((r) => r.body.replyToId === activity.id)
    .map((r) => r.body.text ?? cardText(cardOf(r)))
    .join("\n");
}

test("list show shows the default pick lists and settings of a new tenant", async () => {
  expect(await reply("list show", rep)).toBe(
    [
      "Opportunity types: New business, Existing business, Renewal",
      "Sources: Campaign, Website, Referral, Partner, Trade show, Other",
      "Payment terms: 14 days net, 30 days net, 60 days net, Prepaid",
      "Qualifying a lead creates: account, contact and opportunity at once",
      "Default currency: EUR",
      "Time zone: UTC",
      "Stale after: 14 days",
    ].join("\n"),
  );
});

test("an admin adds and removes list entries; duplicates and unknown entries are refused", async () => {
  expect(await reply("list add types Upsell")).toBe('"Upsell" was added to Opportunity types.');
  expect(await reply("list add types upsell")).toBe('"upsell" is already on the list.');
  expect(await reply("list remove terms 90 days")).toBe(
    '"90 days" is not on the list. It has: 14 days net, 30 days net, 60 days net, Prepaid',
  );
  expect(await reply("list remove terms Prepaid")).toBe('"Prepaid" was removed from Payment terms.');
  expect(await reply("list show terms", rep)).toBe("Payment terms: 14 days net, 30 days net, 60 days net");
});

test("a rep cannot change lists or settings, and nothing changes", async () => {
  expect(await reply("list add sources Fair", rep)).toBe("You are not allowed to use list add.");
  expect(await reply("setting currency DKK", rep)).toBe("You are not allowed to use setting.");
  expect(await reply("list show sources", rep)).toBe(
    "Sources: Campaign, Website, Referral, Partner, Trade show, Other",
  );
});

test("settings: the default currency and whether qualifying lets the user choose", async () => {
  expect(await reply("setting currency dkk")).toBe("The default currency is now DKK.");
  expect(await reply("setting currency kroner")).toBe(
    '"kroner" is not a three-letter ISO currency code, like EUR or DKK.',
  );
  expect(await reply("setting qualify choose")).toBe(
    "Qualifying a lead now lets the user choose which records to create.",
  );
  expect(await reply("setting colour blue")).toBe(
    '"colour" is not one of qualify, currency, timezone, stale. Type: setting qualify all|choose | setting currency ‹ISO code› | setting timezone ‹IANA zone› | setting stale ‹days›',
  );
  const card = await reply("lead new Website last=Berg company=Contoso");
  expect(card).toContain("Create an account");
});

test("with qualify set to choose, lead qualify asks on the lead's card, whose toggles decide what is created", async () => {
  const asked = await reply("lead qualify L-1001");
  expect(asked).toContain("Choose which records to create for L-1001: press Qualify on its card.");
  const activity = teamsMessage({
    serviceUrl: connector.serviceUrl,
    type: "invoke",
    name: "adaptiveCard/action",
    value: {
      action: {
        type: "Action.Execute",
        verb: "lead.qualify",
        data: {
          refs: ["L-1001"],
          revision: 1,
          qualifyCurrency: "DKK",
          createAccount: "true",
          createContact: "false",
          createOpportunity: "true",
        },
      },
    },
    user: admin,
  });
  const body = (await (await bot.post(activity)).json()) as { value: unknown };
  expect(cardText(body.value)).toContain("Lead L-1001 qualified: opportunity O-1001, account A-1001.");
});

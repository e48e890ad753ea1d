import { afterAll, beforeAll, expect, test } from "vitest";
import { startBotServer, teamsMessage } from "../support/bot-server.js";
import { RecordingConnector } from "../support/recording-connector.js";

/**
 * Activities that used to throw inside a turn (issue 11, item 6). What Teams never sends is refused at the
 * edge with 400 before the SDK sees it (in particular, no reply may go to the public Bot Connector for lack
 * of a serviceUrl); what a user can cause (a forged card verb) is answered with a clear reply.
 */

let connector: RecordingConnector;
let bot: Awaited<ReturnType<typeof startBotServer>>;

beforeAll(async () => {
  connector = await RecordingConnector.start();
  bot = await startBotServer();
  connector.members.set("29:ann", {
    id: "29:ann",
    name: "Ann Berg",
    aadObjectId: "00000000-0000-0000-0000-00000000a001",
    tenantId: "tenant-a",
  });
});

afterAll(async () => {
  await bot?.stop();
  await connector?.close();
});

const message = () => teamsMessage({ serviceUrl: connector.serviceUrl, text: "lead list" });

test.each([
  ["mention entities without a type", { entities: [{}] }],
  ["no recipient", { recipient: undefined }],
  ["a numeric id", { id: 42 }],
  ["an object id", { id: { toString: "x" } }],
  ["a numeric channelId", { channelId: 7 }],
  ["a serviceUrl that is an object", { serviceUrl: { href: "http://127.0.0.1/" } }],
  ["no serviceUrl", { serviceUrl: undefined }],
  ["a serviceUrl that is not http(s)", { serviceUrl: "file:///etc/passwd" }],
  ["a from without id", { from: { name: "x" } }],
  ["a conversation that is a string", { conversation: "a:1" }],
  ["a tenant id of 100 characters", { channelData: { tenant: { id: "a".repeat(100) } } }],
])("%s is refused with 400 before reaching the bot", async (_name, change) => {
  const before = connector.requests.length;
  const started = Date.now();
  const response = await bot.post({ ...message(), ...change });
  expect(response.status).toBe(400);
  expect(((await response.json()) as { error: string }).error).toMatch(/Bot Framework activity/);
  expect(Date.now() - started).toBeLessThan(5_000);
  expect(connector.requests.length).toBe(before);
});

test("a card verb that is an object, or has a throwing toString, gets a clear reply", async () => {
  for (const verb of [{ toString: "x" }, { toString: { a: 1 } }, ["lead.list"], 42, null]) {
    const invoke = {
      ...teamsMessage({
        serviceUrl: connector.serviceUrl,
        type: "invoke",
        name: "adaptiveCard/action",
        value: { action: { type: "Action.Execute", verb, data: {} } },
      }),
    };
    const answered = await bot.post(invoke);
    expect(answered.status, JSON.stringify(verb)).toBe(200);
    const body = (await answered.json()) as { value?: unknown };
    expect(JSON.stringify(body.value), JSON.stringify(verb)).toMatch(/not one I know/);

    const submit = teamsMessage({ serviceUrl: connector.serviceUrl, value: { verb } });
    expect((await bot.post(submit)).status).toBe(200);
    const reply = connector.received.find((r) => r.body.replyToId === submit.id);
    expect(reply?.body.text, JSON.stringify(verb)).toMatch(/not one I know/);
  }
});

test("an invoke this bot does not handle is a 400, with or without a tenant (not the SDK's 501)", async () => {
  for (const tenantId of ["tenant-a", "_system"]) {
    const invoke = teamsMessage({
      serviceUrl: connector.serviceUrl,
      type: "invoke",
      name: "signin/verifyState",
      value: { state: "x" },
      tenantId,
    });
    expect((await bot.post(invoke)).status, tenantId).toBe(400);
  }
});

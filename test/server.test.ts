import { afterAll, beforeAll, expect, test } from "vitest";
import { cardOf, cardText, RecordingConnector } from "./support/recording-connector.js";
import { startBotServer, teamsMessage } from "./support/bot-server.js";
import { testStoreKind } from "./support/test-store.js";

let connector: RecordingConnector;
let bot: Awaited<ReturnType<typeof startBotServer>>;

beforeAll(async () => {
  connector = await RecordingConnector.start();
  bot = await startBotServer();
});

afterAll(async () => {
  await bot?.stop();
  await connector?.close();
});

/** Sends a message and returns what the bot posted back for it. */
async function say(text: string, extra: Partial<Parameters<typeof teamsMessage>[0]> = {}) {
  const before = connector.received.length;
  const activity = teamsMessage({ serviceUrl: connector.serviceUrl, text, ...extra });
  const response = await bot.post(activity);
  expect(response.status).toBe(200);
  return connector.received.slice(before).filter((r) => r.body.replyToId === activity.id);
}

async function invoke(verb: string, data: unknown, extra: Partial<Parameters<typeof teamsMessage>[0]> = {}) {
  const activity = teamsMessage({
    serviceUrl: connector.serviceUrl,
    type: "invoke",
    name: "adaptiveCard/action",
    value: { action: { type: "Action.Execute", verb, data } },
    ...extra,
  });
  const response = await bot.post(activity);
  expect(response.status).toBe(200);
  return (await response.json()) as { statusCode: number; type: string; value: unknown };
}

test("GET /healthz reports the store as ok", async () => {
  const response = await fetch(`${bot.url}/healthz`);
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ status: "ok", store: { ok: true, kind: testStoreKind } });
});

test("an inline lead new creates the lead and answers with its card over the connector", async () => {
  const replies = await say(
    "lead new Website redesign first=Ann last=Berg company=Contoso email=ann@contoso.com",
  );

  expect(replies).toHaveLength(1);
  const text = cardText(cardOf(replies[0]));
  expect(text).toContain("Lead L-1001 created.");
  expect(text).toContain("Website redesign");
  expect(text).toContain("ann@contoso.com");
});

test("a lead of tenant A cannot be seen from tenant B by reference or in a list", async () => {
  await say("lead new Secret deal last=Hidden");
  const other = {
    tenantId: "tenant-b",
    user: { id: "29:bo", name: "Bo", aadObjectId: "00000000-0000-0000-0000-00000000b001" },
  };

  const shown = await say("lead show L-1001", other);
  const listed = await say("lead list all", other);
  const clicked = await invoke("lead.show", { ref: "L-1001" }, other);

  expect(shown.map((r) => r.body.text)).toEqual([
    "I can't find lead L-1001. Type lead list to see your leads.",
  ]);
  expect(cardText(cardOf(listed[0]))).not.toMatch(/Secret|Website/);
  expect(clicked).toEqual({
    statusCode: 200,
    type: "application/vnd.microsoft.activity.message",
    value: "I can't find lead L-1001. Type lead list to see your leads.",
  });
});

test("a card action answers in place with the new card (Universal Actions)", async () => {
  const answer = await invoke("lead.create", { topic: "From the form", last: "Lind", email: "not-an-email" });

  expect(answer.statusCode).toBe(200);
  expect(answer.type).toBe("application/vnd.microsoft.card.adaptive");
  expect(cardText(answer.value)).toContain("Email must be an email address, like ann@contoso.com.");

  const fixed = await invoke("lead.create", {
    topic: "From the form",
    last: "Lind",
    email: "bo@fabrikam.com",
  });
  expect(cardText(fixed.value)).toMatch(/Lead L-\d+ created\./);
});

test("a body that is not JSON, or far too large, is refused without reaching the bot", async () => {
  const before = connector.received.length;
  const broken = await bot.post("{not json");
  const huge = await bot.post(
    teamsMessage({ serviceUrl: connector.serviceUrl, text: "x".repeat(2 * 1024 * 1024) }),
  );

  expect(broken.status).toBe(400);
  expect(huge.status).toBe(413);
  expect(connector.received.length).toBe(before);
});

test("a message without a tenant is answered with an explanation and changes nothing", async () => {
  const activity = {
    ...teamsMessage({ serviceUrl: connector.serviceUrl, text: "lead new X last=Y" }),
    channelData: {},
  };
  const { conversation } = activity;
  const before = connector.received.length;
  await bot.post({ ...activity, conversation: { id: conversation.id, conversationType: "personal" } });

  await connector.waitFor(before + 1);
  expect(connector.received.at(-1)?.body.text).toMatch(/only work inside a Microsoft Teams organisation/);
});

test("with a Microsoft app id configured, a request without a Bot Framework token gets 401", async () => {
  const secured = await startBotServer({
    MicrosoftAppId: "11111111-2222-3333-4444-555555555555",
    MicrosoftAppPassword: "not-a-real-secret",
  });
  try {
    const before = connector.received.length;
    const noToken = await secured.post(teamsMessage({ serviceUrl: connector.serviceUrl, text: "help" }));
    const badToken = await secured.post(teamsMessage({ serviceUrl: connector.serviceUrl, text: "help" }), {
      authorization: "Bearer not-a-jwt",
    });
    expect(noToken.status).toBe(401);
    expect(badToken.status).toBe(401);
    expect(connector.received.length).toBe(before);
  } finally {
    await secured.stop();
  }
});

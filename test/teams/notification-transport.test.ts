import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, expect, test } from "vitest";
import type { ConversationAddress } from "../../src/domain/directory/directory.js";
import { silentLogger } from "../../src/log.js";
import {
  createTeamsTransport,
  retryAfterMs,
  TeamsNotificationTransport,
} from "../../src/teams/notification-transport.js";
import { RecordingConnector } from "../support/recording-connector.js";

let connector: RecordingConnector;

beforeEach(async () => {
  connector = await RecordingConnector.start();
});

afterEach(async () => {
  await connector.close();
});

const channel = (serviceUrl = connector.serviceUrl): ConversationAddress => ({
  serviceUrl,
  conversationId: "19:sales@thread.tacv2",
  kind: "channel",
  botId: "28:pipeline-bot",
  teamId: "19:team@thread.tacv2",
  channelId: "19:sales@thread.tacv2",
});

const card = { type: "AdaptiveCard", version: "1.5", body: [{ type: "TextBlock", text: "O-1001 won" }] };

test("a message carries its text, summary, card and mentions, each mention's <at> tag in the text", async () => {
  const transport = new TeamsNotificationTransport();

  const result = await transport.send(channel(), {
    text: "Won by <at>Ann Berg</at>",
    summary: "O-1001 won",
    card,
    mentions: [
      { teamsId: "29:ann", name: "Ann Berg" },
      { teamsId: "29:bob", name: "Bob Lund" },
    ],
  });

  expect(result).toEqual({ kind: "sent", activityId: "msg-1" });
  const [posted] = connector.received;
  expect(posted?.kind).toBe("send");
  expect(posted?.path).toBe(`/v3/conversations/${encodeURIComponent("19:sales@thread.tacv2")}/activities`);
  expect(posted?.conversationId).toBe("19:sales@thread.tacv2");
  expect(posted?.authorization).toBeUndefined();
  expect(posted?.body).toEqual({
    type: "message",
    text: "<at>Bob Lund</at> Won by <at>Ann Berg</at>",
    summary: "O-1001 won",
    attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", content: card }],
    entities: [
      { type: "mention", mentioned: { id: "29:ann", name: "Ann Berg" }, text: "<at>Ann Berg</at>" },
      { type: "mention", mentioned: { id: "29:bob", name: "Bob Lund" }, text: "<at>Bob Lund</at>" },
    ],
  });
});

test("a card alone is sent without text or entities", async () => {
  await new TeamsNotificationTransport().send(channel(), { card });

  expect(connector.received[0]?.body).toEqual({
    type: "message",
    attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", content: card }],
  });
});

test("a mention without text becomes the text", async () => {
  await new TeamsNotificationTransport().send(channel(), {
    card,
    mentions: [{ teamsId: "29:ann", name: "Ann Berg" }],
  });

  expect(connector.received[0]?.body.text).toBe("<at>Ann Berg</at>");
});

test("a reply goes to the thread's conversation id, ';messageid=<root>'", async () => {
  const result = await new TeamsNotificationTransport().send(
    channel(),
    { text: "Stage: Develop" },
    "msg-root",
  );

  expect(result).toEqual({ kind: "sent", activityId: "msg-1" });
  const [posted] = connector.received;
  expect(posted?.path).toBe(
    `/v3/conversations/${encodeURIComponent("19:sales@thread.tacv2;messageid=msg-root")}/activities`,
  );
  expect(posted?.conversationId).toBe("19:sales@thread.tacv2;messageid=msg-root");
  expect(posted?.threadRootId).toBe("msg-root");
});

test("a service URL with a path prefix keeps it", async () => {
  const transport = new TeamsNotificationTransport();
  await transport.send(channel(`${connector.serviceUrl}amer`), { text: "hi" });

  expect(connector.requests[0]?.path).toBe(
    `/amer/v3/conversations/${encodeURIComponent("19:sales@thread.tacv2")}/activities`,
  );
});

test("an update replaces the activity with a PUT that carries its id", async () => {
  const result = await new TeamsNotificationTransport().update(channel(), "msg-root", {
    card,
    summary: "O-1001",
  });

  expect(result).toEqual({ kind: "sent", activityId: "msg-root" });
  const [updated] = connector.received;
  expect([updated?.kind, updated?.method, updated?.conversationId, updated?.activityId]).toEqual([
    "update",
    "PUT",
    "19:sales@thread.tacv2",
    "msg-root",
  ]);
  expect(updated?.body).toEqual({
    type: "message",
    summary: "O-1001",
    attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", content: card }],
    id: "msg-root",
  });
});

test("openPersonal opens the user's chat and answers its conversation id", async () => {
  const result = await new TeamsNotificationTransport().openPersonal(
    { serviceUrl: connector.serviceUrl, botId: "28:pipeline-bot" },
    "tenant-a",
    "29:ann",
  );

  expect(result).toEqual({ kind: "sent", activityId: "a:personal-29:ann" });
  expect(connector.conversations.map((c) => [c.method, c.path, c.body])).toEqual([
    [
      "POST",
      "/v3/conversations",
      {
        bot: { id: "28:pipeline-bot" },
        members: [{ id: "29:ann" }],
        isGroup: false,
        tenantId: "tenant-a",
        channelData: { tenant: { id: "tenant-a" } },
      },
    ],
  ]);
});

test("a token from tokenFor is sent as a Bearer header, asked for the request's service URL", async () => {
  const asked: string[] = [];
  const transport = new TeamsNotificationTransport({
    tokenFor: (serviceUrl) => {
      asked.push(serviceUrl);
      return Promise.resolve("token-1");
    },
  });

  await transport.send(channel(), { text: "hi" });
  await transport.openPersonal({ serviceUrl: connector.serviceUrl, botId: "28:b" }, "tenant-a", "29:ann");

  expect(connector.requests.map((r) => r.authorization)).toEqual(["Bearer token-1", "Bearer token-1"]);
  expect(asked).toEqual([connector.serviceUrl, connector.serviceUrl]);
});

test("a token that cannot be had is a retryable failure, and nothing is sent", async () => {
  const transport = new TeamsNotificationTransport({
    tokenFor: () => Promise.reject(new Error("AADSTS7000215: invalid client secret")),
  });

  expect(await transport.send(channel(), { text: "hi" })).toEqual({
    kind: "failed",
    retryable: true,
    detail: "no Bot Framework token: AADSTS7000215: invalid client secret",
  });
  expect(connector.requests).toEqual([]);
});

test("without an app id the configured transport sends no Authorization header", async () => {
  const transport = createTeamsTransport({ appType: "MultiTenant" }, silentLogger);

  expect(await transport.send(channel(), { text: "hi" })).toEqual({ kind: "sent", activityId: "msg-1" });
  expect(connector.requests[0]?.authorization).toBeUndefined();
});

test("429 is throttled for the Retry-After seconds", async () => {
  connector.failNext(1, { status: 429, headers: { "Retry-After": "7" } });

  expect(await new TeamsNotificationTransport().send(channel(), { text: "hi" })).toEqual({
    kind: "throttled",
    retryAfterMs: 7000,
  });
  expect(connector.failed).toHaveLength(1);
  expect(connector.received).toEqual([]);
});

test("429 with an HTTP-date Retry-After waits until that time", async () => {
  const now = Date.parse("2026-11-23T09:30:00Z");
  connector.failNext(1, { status: 429, headers: { "Retry-After": "Mon, 23 Nov 2026 09:30:45 GMT" } });

  const transport = new TeamsNotificationTransport({ now: () => now });

  expect(await transport.send(channel(), { text: "hi" })).toEqual({
    kind: "throttled",
    retryAfterMs: 45_000,
  });
});

test("Retry-After: missing or unreadable is 1 s, past dates are 0, long waits are capped at 10 minutes", () => {
  const now = Date.parse("2026-11-23T09:30:00Z");
  expect(retryAfterMs(null, now)).toBe(1000);
  expect(retryAfterMs("soon", now)).toBe(1000);
  expect(retryAfterMs("-5", now)).toBe(1000);
  expect(retryAfterMs("0.5", now)).toBe(500);
  expect(retryAfterMs("Mon, 23 Nov 2026 09:29:00 GMT", now)).toBe(0);
  expect(retryAfterMs("86400", now)).toBe(600_000);
});

test("429 without Retry-After waits the 1 s default", async () => {
  connector.failNext(1, { status: 429 });

  expect(await new TeamsNotificationTransport().send(channel(), { text: "hi" })).toEqual({
    kind: "throttled",
    retryAfterMs: 1000,
  });
});

test.each([
  [500, true],
  [503, true],
  [408, true],
  [400, false],
  [413, false],
])("HTTP %i is a failure, retryable: %s", async (status, retryable) => {
  connector.failNext(1, { status, body: { error: { code: "Code", message: "what happened" } } });

  expect(await new TeamsNotificationTransport().send(channel(), { text: "hi" })).toEqual({
    kind: "failed",
    retryable,
    status,
    detail: `HTTP ${status}: Code: what happened`,
  });
});

test.each([403, 404] as const)("HTTP %i means the conversation is gone", async (status) => {
  connector.setGone("19:sales@thread.tacv2", status);
  const transport = new TeamsNotificationTransport();

  expect(await transport.send(channel(), { text: "hi" })).toEqual({ kind: "gone", status });
  expect(await transport.send(channel(), { text: "hi" }, "msg-root")).toEqual({ kind: "gone", status });
  expect(await transport.update(channel(), "msg-root", { card })).toEqual({ kind: "gone", status });
});

test("opening a chat with a user Teams does not know is gone", async () => {
  connector.failNext(1, { status: 404 }, { kind: "createConversation" });

  expect(
    await new TeamsNotificationTransport().openPersonal(
      { serviceUrl: connector.serviceUrl, botId: "28:b" },
      "tenant-a",
      "29:left",
    ),
  ).toEqual({ kind: "gone", status: 404 });
});

test("a 2xx without an activity id is sent, without an id (retrying would post it twice)", async () => {
  connector.failNext(1, { status: 201, body: {} });
  connector.failNext(1, { status: 202, body: "" });

  expect(await new TeamsNotificationTransport().send(channel(), { text: "hi" })).toEqual({ kind: "sent" });
  expect(await new TeamsNotificationTransport().send(channel(), { text: "hi" })).toEqual({ kind: "sent" });
});

test("a network error is a retryable failure", async () => {
  const closedPort = await freePort();
  const result = await new TeamsNotificationTransport().send(channel(`http://127.0.0.1:${closedPort}/`), {
    text: "hi",
  });

  expect(result).toMatchObject({ kind: "failed", retryable: true });
  expect(result.kind === "failed" && result.detail).toMatch(/^network error: .*ECONNREFUSED/);
});

test("a request that takes longer than the timeout is a retryable failure", async () => {
  connector.setDelay(1000);
  const transport = new TeamsNotificationTransport({ timeoutMs: 50 });

  expect(await transport.send(channel(), { text: "hi" })).toEqual({
    kind: "failed",
    retryable: true,
    detail: "timed out after 50 ms",
  });
});

test.each([
  "ftp://connector.example/",
  "file:///etc/passwd",
  "not a url",
  "https://user:pw@connector.example/",
])("the service URL %s is refused without a request", async (serviceUrl) => {
  const asked: string[] = [];
  const transport = new TeamsNotificationTransport({
    tokenFor: (url) => {
      asked.push(url);
      return Promise.resolve("token-1");
    },
  });

  const result = await transport.send(channel(serviceUrl), { text: "hi" });

  expect(result).toMatchObject({ kind: "failed", retryable: false });
  expect(asked).toEqual([]);
});

/** A loopback port nothing listens on. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

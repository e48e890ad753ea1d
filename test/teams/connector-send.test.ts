import { createSerializer } from "@azure/core-client";
import { CardFactory, TurnContext, type Activity, type ConversationReference } from "botbuilder";
import type { ConnectorClient } from "botframework-connector";
import * as Mappers from "botframework-connector/lib/connectorApi/models/mappers.js";
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { silentLogger } from "../../src/log.js";
import { createAdapter } from "../../src/teams/adapter.js";
import { postActivity } from "../../src/teams/connector-send.js";
import { teamsMessage } from "../support/bot-server.js";
import { RecordingConnector, type RecordedActivity } from "../support/recording-connector.js";

/**
 * src/teams/connector-send.ts posts a reply through the kept connector client's pipeline without the SDK's
 * operation layer. What reaches the Bot Connector must be what `conversations.replyToActivity` and
 * `sendToConversation` sent: the same method, path and headers, and the body the SDK's serializer made of the
 * activity (real HTTP to a local stand-in); its failures are thrown, as the operation's were.
 */

let connector: RecordingConnector;
let client: ConnectorClient;
let reference: Partial<ConversationReference>;

beforeAll(async () => {
  connector = await RecordingConnector.start();
  const endpoint = createAdapter({ appType: "MultiTenant" }, silentLogger);
  const incoming = teamsMessage({
    serviceUrl: connector.serviceUrl,
    text: "hello",
    conversationId: "19:abc@thread.tacv2;messageid=1700000000000",
    conversationType: "channel",
  });
  const answer = await endpoint({}, incoming, async (context: TurnContext) => {
    client = context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey);
    reference = TurnContext.getConversationReference(context.activity);
  });
  expect(answer.status).toBe(200);
});

afterAll(async () => {
  await connector?.close();
});

beforeEach(() => connector.clearFailures());

const card = {
  type: "AdaptiveCard",
  version: "1.5",
  body: [{ type: "TextBlock", text: 'Ünïcödé & <b>markup</b>, "quotes" and a\nnew line' }],
};

const replyOf = (summary: string, replyTo = true): Partial<Activity> => {
  const reply = TurnContext.applyConversationReference(
    { type: "message", attachments: [CardFactory.adaptiveCard(card)], summary },
    reference,
  );
  if (!replyTo) delete reply.replyToId;
  return reply;
};

const sentWith = (summary: string): RecordedActivity => {
  const found = connector.requests.find((r) => r.body.summary === summary);
  if (!found) throw new Error(`no request with summary ${summary}`);
  return found;
};

/** The headers that are the same for two requests of one client (not the request id). */
const stableHeaders = (request: RecordedActivity) => {
  const { "x-ms-client-request-id": _id, ...rest } = request.headers ?? {};
  return rest;
};

const signal = new AbortController().signal;

test.each([
  ["a reply to an activity", true],
  ["a new message in the conversation", false],
])("%s goes out as the SDK's operation sent it: method, path, headers and body", async (_, replyTo) => {
  const old = replyOf(`old ${replyTo}`, replyTo);
  if (replyTo)
    await client.conversations.replyToActivity(old.conversation?.id ?? "", old.replyToId ?? "", old, {
      abortSignal: signal,
    });
  else
    await client.conversations.sendToConversation(old.conversation?.id ?? "", old, { abortSignal: signal });
  const now = replyOf(`new ${replyTo}`, replyTo);
  await postActivity(client, now, signal);

  const before = sentWith(`old ${replyTo}`);
  const after = sentWith(`new ${replyTo}`);
  expect(after.kind).toBe(replyTo ? "reply" : "send");
  expect(after.method).toBe(before.method);
  expect(after.path).toBe(before.path);
  expect(stableHeaders(after)).toEqual(stableHeaders(before));
  expect(after.headers?.["x-ms-client-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  // The body is the activity as the SDK's serializer maps it (only the summaries differ here).
  const serialized = createSerializer(Mappers).serialize(Mappers.Activity, now, "activity") as object;
  expect(after.body).toEqual(JSON.parse(JSON.stringify(serialized)));
  expect({ ...after.body, summary: "" }).toEqual({ ...before.body, summary: "" });
});

test("a reply the connector throttles (429, Retry-After) is retried by the SDK's pipeline, and delivered", async () => {
  connector.failNext(
    1,
    { status: 429, headers: { "retry-after": "1" } },
    (r) => r.body.summary === "throttled",
  );
  const started = Date.now();
  await postActivity(client, replyOf("throttled"), signal);
  expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  expect(connector.requests.filter((r) => r.body.summary === "throttled").map((r) => r.status)).toEqual([
    429, 201,
  ]);
});

test("a status the operation does not accept is thrown with its status and the connector's error code", async () => {
  connector.failNext(1, { status: 403 }, (r) => r.body.summary === "forbidden");
  const failure = await postActivity(client, replyOf("forbidden"), signal).then(
    () => undefined,
    (error: unknown) => error as { name?: string; statusCode?: number; code?: string; message?: string },
  );
  expect(failure?.name).toBe("RestError");
  expect(failure?.statusCode).toBe(403);
  expect(failure?.code).toBeTruthy();
  expect(failure?.message).toMatch(/Injected failure 403/);
});

test("an aborted send is stopped and throws", async () => {
  const stop = new AbortController();
  stop.abort();
  await expect(postActivity(client, replyOf("aborted"), stop.signal)).rejects.toThrow();
  expect(connector.requests.filter((r) => r.body.summary === "aborted")).toHaveLength(0);
});

import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  TeamsInfo,
  type TeamsChannelAccount,
  type TurnContext,
} from "botbuilder";
import { afterEach, beforeEach, expect, test } from "vitest";
import { RecordingConnector } from "../support/recording-connector.js";

let connector: RecordingConnector;

beforeEach(async () => {
  connector = await RecordingConnector.start();
});

afterEach(async () => {
  await connector.close();
});

/** Runs `logic` in a proactive turn of the real botbuilder CloudAdapter (anonymous, as in local runs). */
async function inTurn<T>(conversationId: string, logic: (context: TurnContext) => Promise<T>): Promise<T> {
  const credentials = new ConfigurationServiceClientCredentialFactory({});
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}, credentials));
  let result: { value: T } | undefined;
  await adapter.continueConversationAsync(
    "",
    {
      serviceUrl: connector.serviceUrl,
      channelId: "msteams",
      conversation: { id: conversationId, isGroup: false, conversationType: "personal", name: "" },
      bot: { id: "28:pipeline-bot", name: "Pipeline" },
    },
    async (context) => {
      result = { value: await logic(context) };
    },
  );
  if (!result) throw new Error("the turn did not run");
  return result.value;
}

const post = (path: string, body: unknown, method = "POST") =>
  fetch(new URL(path, connector.serviceUrl), {
    method,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

test("TeamsInfo.getMember resolves through the connector's member table", async () => {
  connector.members.set("29:ann", {
    id: "29:ann",
    name: "Ann Berg",
    aadObjectId: "00000000-0000-0000-0000-00000000a001",
    email: "ann@contoso.example",
    userPrincipalName: "ann@contoso.example",
    tenantId: "tenant-a",
    userRole: "user",
  });

  const member: TeamsChannelAccount = await inTurn("a:personal-29:ann", (context) =>
    TeamsInfo.getMember(context, "29:ann"),
  );

  expect(member).toMatchObject({
    id: "29:ann",
    name: "Ann Berg",
    aadObjectId: "00000000-0000-0000-0000-00000000a001",
    email: "ann@contoso.example",
    tenantId: "tenant-a",
    userRole: "user",
  });
  expect(connector.requests.map((r) => [r.kind, r.method, r.conversationId, r.memberId])).toEqual([
    ["getMember", "GET", "a:personal-29:ann", "29:ann"],
  ]);
  expect(connector.received).toEqual([]);
});

test("an unknown member is a 404 with a Bot Framework error body, when the connector is told so", async () => {
  connector.unknownMembers = "404";
  const error = await inTurn("a:personal-29:ann", (context) =>
    TeamsInfo.getMember(context, "29:nobody").then(
      () => undefined,
      (e: unknown) => e as { statusCode?: number; code?: string },
    ),
  );
  expect(error?.statusCode).toBe(404);
  expect(error?.code).toBe("MemberNotFoundInConversation");
});

test("messages, thread replies, replies and updates are recorded with distinct ids", async () => {
  const first = await post("v3/conversations/19%3Achannel%40thread.tacv2/activities", { type: "message" });
  const second = await post(
    `v3/conversations/${encodeURIComponent("19:channel@thread.tacv2;messageid=msg-1")}/activities`,
    { type: "message", text: "in the thread" },
  );
  const reply = await post("v3/conversations/a%3Apersonal-29%3Aann/activities/activity-7", { text: "hi" });
  const update = await post(
    "v3/conversations/19%3Achannel%40thread.tacv2/activities/msg-1",
    { type: "message", id: "msg-1" },
    "PUT",
  );

  expect([first.status, second.status, reply.status, update.status]).toEqual([201, 201, 201, 200]);
  expect(await Promise.all([first, second, reply, update].map((r) => r.json()))).toEqual([
    { id: "msg-1" },
    { id: "msg-2" },
    { id: "msg-3" },
    { id: "msg-1" },
  ]);
  expect(
    connector.received.map((r) => [
      r.kind,
      r.method,
      r.conversationId,
      r.threadRootId,
      r.replyToId,
      r.activityId,
    ]),
  ).toEqual([
    ["send", "POST", "19:channel@thread.tacv2", undefined, undefined, undefined],
    ["send", "POST", "19:channel@thread.tacv2;messageid=msg-1", "msg-1", undefined, undefined],
    ["reply", "POST", "a:personal-29:ann", undefined, "activity-7", undefined],
    ["update", "PUT", "19:channel@thread.tacv2", undefined, undefined, "msg-1"],
  ]);
});

test("opening a personal chat answers a deterministic conversation id", async () => {
  const open = () =>
    post("v3/conversations", { isGroup: false, members: [{ id: "29:ann" }], tenantId: "tenant-a" });
  const answers = [await (await open()).json(), await (await open()).json()];

  expect(answers).toEqual([{ id: "a:personal-29:ann" }, { id: "a:personal-29:ann" }]);
  expect(connector.conversations.map((c) => [c.kind, c.id])).toEqual([
    ["createConversation", "a:personal-29:ann"],
    ["createConversation", "a:personal-29:ann"],
  ]);
  expect(connector.received).toEqual([]);
});

test("failNext answers the next matching requests with the failure and records them as failed", async () => {
  connector.failNext(2, { status: 429, headers: { "retry-after": "3" } }, { conversationId: "19:a@thread" });

  const statuses: number[] = [];
  for (const id of ["19:a@thread", "19:b@thread", "19:a@thread;messageid=1", "19:a@thread"]) {
    const response = await post(`v3/conversations/${encodeURIComponent(id)}/activities`, {});
    statuses.push(response.status);
    if (response.status === 429) expect(response.headers.get("retry-after")).toBe("3");
  }

  expect(statuses).toEqual([429, 201, 429, 201]);
  expect(connector.failed.map((r) => r.conversationId)).toEqual(["19:a@thread", "19:a@thread;messageid=1"]);
  expect(connector.received.map((r) => r.conversationId)).toEqual(["19:b@thread", "19:a@thread"]);
  expect(connector.requests.map((r) => r.status)).toEqual([429, 201, 429, 201]);
});

test("a gone conversation answers every request with 403, its threads included", async () => {
  connector.setGone("19:a@thread");
  const top = await post("v3/conversations/19%3Aa%40thread/activities", {});
  const thread = await post(
    `v3/conversations/${encodeURIComponent("19:a@thread;messageid=5")}/activities`,
    {},
  );

  expect([top.status, thread.status]).toEqual([403, 403]);
  expect(await top.json()).toMatchObject({ error: { code: "BotNotInConversationRoster" } });
  expect(connector.failed).toHaveLength(2);
  expect(connector.received).toEqual([]);
});

import type { TurnContext } from "botbuilder";
import { AppCredentials, ConnectorClient } from "botframework-connector";
import { afterAll, beforeAll, expect, test } from "vitest";
import { silentLogger } from "../../src/log.js";
import { createAdapter } from "../../src/teams/adapter.js";
import { connectorPolicyNames, trimConnectorPipeline } from "../../src/teams/connector-pipeline.js";
import { postActivity } from "../../src/teams/connector-send.js";
import { teamsMessage } from "../support/bot-server.js";
import { RecordingConnector } from "../support/recording-connector.js";

/**
 * The kept connector client's HTTP pipeline is trimmed (src/teams/connector-pipeline.ts), and a reply still
 * goes out as the SDK sent it before: the same headers, and a throttling or failing Bot Connector (real HTTP
 * to a local stand-in) is retried by the SDK as before.
 */

let connector: RecordingConnector;

beforeAll(async () => {
  connector = await RecordingConnector.start();
});

afterAll(async () => {
  await connector?.close();
});

/** One turn through the real adapter that replies `text`; returns the connector client the turn used. */
async function replyThroughAdapter(text: string): Promise<ConnectorClient> {
  const endpoint = createAdapter({ appType: "MultiTenant" }, silentLogger);
  let client: unknown;
  const answer = await endpoint(
    {},
    teamsMessage({ serviceUrl: connector.serviceUrl, text }),
    async (context: TurnContext) => {
      client = context.turnState.get(context.adapter.ConnectorClientKey);
      await context.sendActivity(text);
    },
  );
  expect(answer.status).toBe(200);
  expect(client).toBeInstanceOf(ConnectorClient);
  return client as ConnectorClient;
}

test("the kept client's pipeline has no tracing, form-data, multipart or compat-adapter step, and keeps the rest", async () => {
  const client = await replyThroughAdapter("policies");
  expect(connectorPolicyNames(client)).toEqual([
    "serializationPolicy",
    "proxyPolicy",
    "decompressResponsePolicy",
    "wrapAbortSignalLikePolicy",
    "userAgentPolicy",
    "setClientRequestIdPolicy",
    "signedHeadersPolicy",
    "acceptAnyPolicy",
    "deserializationPolicy",
    "defaultRetryPolicy",
    "redirectPolicy",
    "logPolicy",
  ]);
});

test("a reply carries the headers the SDK's own pipeline sent", async () => {
  await replyThroughAdapter("headers");
  const request = connector.received.find((r) => r.body.text === "headers");
  expect(request?.headers).toMatchObject({
    accept: "*/*",
    "accept-encoding": "gzip,deflate",
    "content-type": "application/json; charset=utf-8",
  });
  expect(request?.headers?.["user-agent"]).toMatch(/Microsoft-BotFramework\/3\.1 botframework-connector\//);
  expect(request?.headers?.["x-ms-client-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
});

test("a reply the connector throttles (429, Retry-After) is retried after the wait it asked for, and delivered", async () => {
  const text = "throttled once";
  connector.failNext(1, { status: 429, headers: { "retry-after": "1" } }, (r) => r.body.text === text);
  const started = Date.now();
  await replyThroughAdapter(text);
  const attempts = connector.requests.filter((r) => r.body.text === text);
  expect(attempts.map((r) => r.status)).toEqual([429, 201]);
  expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  expect(connector.received.filter((r) => r.body.text === text)).toHaveLength(1);
});

test("a reply the connector fails with a 503 is retried, and delivered", async () => {
  const text = "failed once";
  connector.failNext(1, { status: 503 }, (r) => r.body.text === text);
  await replyThroughAdapter(text);
  expect(connector.requests.filter((r) => r.body.text === text).map((r) => r.status)).toEqual([503, 201]);
});

/** SDK credentials whose token comes from a counter instead of Entra ID. */
class CountingCredentials extends AppCredentials {
  issued = 0;
  constructor() {
    super("33333333-2222-1111-0000-999999999999", undefined, "https://api.botframework.com");
  }
  protected refreshToken() {
    this.issued++;
    const expiresOn = new Date(Date.now() + 60 * 60_000);
    return Promise.resolve({ accessToken: `token-${this.issued}`, expiresOn, tokenType: "Bearer" });
  }
}

/** A message posted with the client to the recording connector's one conversation. */
const postThrough = (client: ConnectorClient, text: string) =>
  postActivity(
    client,
    {
      type: "message",
      text,
      serviceUrl: connector.serviceUrl,
      conversation: { id: "a:signed", isGroup: false, conversationType: "personal", name: "" },
    },
    new AbortController().signal,
  );

test("a reply through the trimmed pipeline is signed by the SDK's credentials, its body untouched", async () => {
  const credentials = new CountingCredentials();
  // Built as the SDK's ConnectorFactoryImpl builds it: with its request-policy factory (an Accept header).
  const built = new ConnectorClient(credentials, {
    baseUri: connector.serviceUrl,
    requestPolicyFactories: [
      {
        create: (next) => ({
          sendRequest: (request) => {
            if (!request.headers.contains("accept")) request.headers.set("accept", "*/*");
            return next.sendRequest(request);
          },
        }),
      },
    ],
  });
  const client = trimConnectorPipeline(built);
  expect(connectorPolicyNames(client)).toContain("signedHeadersPolicy");
  expect(connectorPolicyNames(client)).not.toContain("ServiceClientContext_Credentials_SignRequest");
  const before = connector.requests.length;

  for (const text of ["signed one", "signed two"]) await postThrough(client, text);

  const sent = connector.requests.slice(before).map((r) => [r.body.text, r.authorization]);
  expect(sent).toEqual([
    ["signed one", "Bearer token-1"],
    ["signed two", "Bearer token-1"],
  ]);
});

/** Counting credentials that also note what each signing was handed. */
class WatchedCredentials extends CountingCredentials {
  readonly handed: string[][] = [];
  override signRequest(webResource: Parameters<AppCredentials["signRequest"]>[0]) {
    this.handed.push(Object.keys(webResource));
    return super.signRequest(webResource);
  }
}

test("the Bot Framework's credentials sign a reply's headers and are handed nothing else", async () => {
  const credentials = new WatchedCredentials();
  const client = trimConnectorPipeline(
    new ConnectorClient(credentials, { baseUri: connector.serviceUrl, requestPolicyFactories: [] }),
  );
  const before = connector.requests.length;
  await postThrough(client, "headers only");
  const sent = connector.requests.slice(before);
  expect(sent.map((r) => [r.body.text, r.authorization])).toEqual([["headers only", "Bearer token-1"]]);
  // Not the request, its body or a WebResource copy of them: what an ES2015 frame of the SDK would keep.
  expect(credentials.handed).toEqual([["headers"]]);
});

test("credentials of another kind sign through the SDK's own signing, the body untouched", async () => {
  const custom = {
    signRequest: <T extends { headers: { set(name: string, value: string): void } }>(webResource: T) => {
      webResource.headers.set("authorization", "Custom secret-1");
      return Promise.resolve(webResource);
    },
  };
  const client = trimConnectorPipeline(
    new ConnectorClient(custom as unknown as AppCredentials, {
      baseUri: connector.serviceUrl,
      requestPolicyFactories: [],
    }),
  );
  expect(connectorPolicyNames(client)).toContain("signedHeadersPolicy");
  const before = connector.requests.length;
  await postThrough(client, "custom signed");
  const sent = connector.requests.slice(before);
  expect(sent.map((r) => [r.body.text, r.authorization])).toEqual([["custom signed", "Custom secret-1"]]);
});

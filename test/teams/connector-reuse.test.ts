import { AppCredentials, ConnectorClient } from "botframework-connector";
import type { TurnContext } from "botbuilder";
import { afterAll, beforeAll, expect, test } from "vitest";
import { silentLogger } from "../../src/log.js";
import { createAdapter } from "../../src/teams/adapter.js";
import { ClientCache } from "../../src/teams/reused-connectors.js";
import { teamsMessage } from "../support/bot-server.js";
import { RecordingConnector } from "../support/recording-connector.js";

/**
 * The adapter hands every turn the connector client it built for that service URL the first time, instead of
 * a new one per turn; another service URL gets its own. Replies still go out through the kept client, and a
 * kept client still fetches a new token when the old one expires (the SDK credentials ask the token cache on
 * every request).
 */

let teamsEmea: RecordingConnector;
let teamsAmer: RecordingConnector;

beforeAll(async () => {
  teamsEmea = await RecordingConnector.start();
  teamsAmer = await RecordingConnector.start();
});

afterAll(async () => {
  await teamsEmea?.close();
  await teamsAmer?.close();
});

test("turns to one service URL share one connector client, built once; another service URL gets its own", async () => {
  const endpoint = createAdapter({ appType: "MultiTenant" }, silentLogger);
  const clients: unknown[] = [];
  const turn = async (serviceUrl: string, text: string) => {
    const answer = await endpoint({}, teamsMessage({ serviceUrl, text }), async (context: TurnContext) => {
      clients.push(context.turnState.get(context.adapter.ConnectorClientKey));
      await context.sendActivity(`echo ${text}`);
    });
    expect(answer.status).toBe(200);
  };

  await turn(teamsEmea.serviceUrl, "one");
  await turn(teamsEmea.serviceUrl, "two");
  // Two first turns to a new service URL at once still build one client.
  await Promise.all([turn(teamsAmer.serviceUrl, "three"), turn(teamsAmer.serviceUrl, "four")]);
  await turn(teamsEmea.serviceUrl, "five");

  const [one, two, three, four, five] = clients;
  expect(one).toBeInstanceOf(ConnectorClient);
  expect(two).toBe(one);
  expect(five).toBe(one);
  expect(three).toBeInstanceOf(ConnectorClient);
  expect(four).toBe(three);
  expect(three).not.toBe(one);
  // Every reply went out, through the kept clients, to its own service URL.
  expect(teamsEmea.requests.map((r) => r.body.text)).toEqual(["echo one", "echo two", "echo five"]);
  expect(teamsAmer.requests.map((r) => r.body.text).sort()).toEqual(["echo four", "echo three"]);
});

test("the cache keeps the most recently used clients up to its bound and forgets a client that failed to build", async () => {
  const cache = new ClientCache<object>(2);
  const a = await cache.get("a", () => Promise.resolve({ name: "a" }));
  await cache.get("b", () => Promise.resolve({ name: "b" }));
  expect(await cache.get("a", () => Promise.resolve({ name: "a again" }))).toBe(a);
  await cache.get("c", () => Promise.resolve({ name: "c" })); // drops b, the least recently used
  expect(cache.size).toBe(2);
  expect(await cache.get("a", () => Promise.resolve({ name: "a again" }))).toBe(a);
  expect(await cache.get("b", () => Promise.resolve({ name: "b again" }))).toEqual({ name: "b again" });
  expect(cache.built).toBe(4);

  await expect(cache.get("bad", () => Promise.reject(new Error("no credentials")))).rejects.toThrow();
  expect(await cache.get("bad", () => Promise.resolve({ name: "bad, fixed" }))).toEqual({
    name: "bad, fixed",
  });
});

/** SDK credentials whose tokens come from a counter instead of Entra ID, and expire as `lifetimeMs` says. */
class CountingCredentials extends AppCredentials {
  issued = 0;
  constructor(private readonly lifetimeMs: () => number) {
    super("33333333-2222-1111-0000-999999999999", undefined, "https://api.botframework.com");
  }
  protected refreshToken() {
    this.issued++;
    // The SDK takes five minutes off the expiry so that it renews in time.
    const expiresOn = new Date(Date.now() + 5 * 60_000 + this.lifetimeMs());
    return Promise.resolve({ accessToken: `token-${this.issued}`, expiresOn, tokenType: "Bearer" });
  }
}

test("a kept client asks for a new token once the old one expires, and reuses it until then", async () => {
  let lifetime = -1; // already expired when issued
  const credentials = new CountingCredentials(() => lifetime);
  const client = new ConnectorClient(credentials, { baseUri: teamsEmea.serviceUrl });
  const send = (text: string) =>
    client.conversations.sendToConversation("a:token-test", { type: "message", text });
  const before = teamsEmea.requests.length;

  await send("first");
  await send("second"); // the first token had expired: a new one
  lifetime = 60 * 60_000;
  await send("third"); // a new token, valid for an hour
  await send("fourth"); // the same token again

  const sent = teamsEmea.requests.slice(before).map((r) => [r.body.text, r.authorization]);
  expect(sent).toEqual([
    ["first", "Bearer token-1"],
    ["second", "Bearer token-2"],
    ["third", "Bearer token-3"],
    ["fourth", "Bearer token-3"],
  ]);
});

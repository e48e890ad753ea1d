import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, beforeAll, expect, test } from "vitest";
import { CosmosDocumentStore } from "../../src/store/cosmos/cosmos-document-store.js";
import { StoreError } from "../../src/store/document-store.port.js";
import { waitBeforeRetry } from "../../src/store/retry-wait.js";
import { startCosmosServer, type CosmosTestServer } from "../support/cosmos-server.js";

/**
 * A transactional batch Cosmos DB answers (HTTP 207) with its operation refused as throttled: the store reports
 * it busy (nothing applied) with the wait Cosmos asked for — the operation's `retryAfterMilliseconds`, else the
 * response's `x-ms-retry-after-ms` — so a background step waits that long (retry-wait.ts), not its fixed
 * `retryMs`. The real SDK against the local Cosmos server, whose next batch answer the test writes; the server
 * cannot throttle by itself. (A batch Cosmos answers 429 as a whole is retried by the SDK and then rethrown
 * without its status or wait: cosmos-write-outcomes.test.ts.)
 */

const tenant = "tenant-throttled";
let server: CosmosTestServer;
let store: CosmosDocumentStore;
/** The next batch's answer, written in the server's place; undefined: the server answers. */
let answer: { readonly headers: Record<string, string>; readonly results: unknown[] } | undefined;

const isBatch = (request: IncomingMessage) => request.headers["x-ms-cosmos-is-batch-request"] === "true";

function answerBatch(request: IncomingMessage, response: ServerResponse): boolean {
  if (!answer || request.method !== "POST" || !isBatch(request)) return false;
  const { headers, results } = answer;
  answer = undefined;
  request.resume();
  response.writeHead(207, { "content-type": "application/json", ...headers });
  response.end(JSON.stringify(results));
  return true;
}

beforeAll(async () => {
  server = await startCosmosServer({ intercept: answerBatch });
  store = await CosmosDocumentStore.open({
    endpoint: server.endpoint,
    key: server.key,
    agent: server.agent,
    database: "batch-throttled",
    container: "pipeline",
  });
});

afterAll(async () => {
  await store?.close();
  await server?.stop();
});

const lead = (id: string) => ({ id, type: "lead", topic: "Valves" });

async function batchRefused(): Promise<unknown> {
  return store
    .batch(tenant, [
      { op: "create", body: lead("lead:L-1001") },
      { op: "create", body: lead("lead:L-1002") },
    ])
    .then(
      () => "applied",
      (error: unknown) => error,
    );
}

const throttled = { statusCode: 429, requestCharge: 0.4, subStatusCode: 3200 };
const dependent = { statusCode: 424, requestCharge: 0 };

test("a batch answered with its operation throttled is busy, with the operation's own wait", async () => {
  answer = {
    headers: { "x-ms-retry-after-ms": "900" },
    results: [{ ...throttled, retryAfterMilliseconds: 1_500 }, dependent],
  };
  const failure = await batchRefused();
  expect(failure).toBeInstanceOf(StoreError);
  expect(failure).toMatchObject({ code: "unavailable", outcomeUnknown: false, retryAfterMs: 1_500 });
  expect(String((failure as Error).message)).toMatch(/was throttled \(HTTP 429\)/);
  expect(waitBeforeRetry(failure)).toBe(1_500);
  // Nothing was applied; the same batch goes through once Cosmos lets it.
  expect(await store.read(tenant, "lead:L-1001")).toBeUndefined();
  expect(await batchRefused()).toBe("applied");
  await Promise.all(
    ["lead:L-1001", "lead:L-1002"].map(async (id) =>
      store.delete(tenant, id, (await store.read(tenant, id))!.etag),
    ),
  );
});

test("without an operation's wait, the response's x-ms-retry-after-ms; without either, retryMs", async () => {
  answer = { headers: { "x-ms-retry-after-ms": "2400" }, results: [dependent, throttled] };
  const headerOnly = await batchRefused();
  expect(headerOnly).toMatchObject({ code: "unavailable", retryAfterMs: 2_400 });
  expect(waitBeforeRetry(headerOnly)).toBe(2_400);

  answer = { headers: {}, results: [throttled, dependent] };
  const none = await batchRefused();
  expect(none).toBeInstanceOf(StoreError);
  expect(none).toMatchObject({ code: "unavailable", retryAfterMs: undefined });
  expect(waitBeforeRetry(none, { retryMs: 7_000 })).toBe(7_000);
});

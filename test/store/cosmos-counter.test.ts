import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  CosmosDocumentStore,
  type CosmosRequestEvent,
} from "../../src/store/cosmos/cosmos-document-store.js";
import { startCosmosServer, type CosmosTestServer } from "../support/cosmos-server.js";

/**
 * Reference numbers on Cosmos DB: one patch `incr` per number, atomic across clients, against the local Cosmos
 * server (`@vercel/cosmosdb-server` 1.0.1 implements `incr` and applies a patch in one synchronous step, so
 * concurrent patches never read the same value). Then a server that refuses PATCH: the store falls back to
 * the guarded read-and-replace and still never hands out a number twice.
 */

const tenant = "tenant-counter";

async function openStores(
  server: CosmosTestServer,
  database: string,
  count: number,
): Promise<{ stores: CosmosDocumentStore[]; events: CosmosRequestEvent[] }> {
  const events: CosmosRequestEvent[] = [];
  const stores: CosmosDocumentStore[] = [];
  for (let i = 0; i < count; i++) {
    stores.push(
      await CosmosDocumentStore.open({
        endpoint: server.endpoint,
        key: server.key,
        agent: server.agent,
        database,
        container: "pipeline",
        onRequest: (event) => events.push(event),
      }),
    );
  }
  return { stores, events };
}

/** Three instances (three clients) each asking for `perStore` numbers at once. */
async function race(stores: readonly CosmosDocumentStore[], counter: string, perStore: number) {
  const calls = stores.flatMap((store) =>
    Array.from({ length: perStore }, () => store.nextNumber(tenant, counter, 1001)),
  );
  return (await Promise.all(calls)).sort((a, b) => a - b);
}

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe("nextNumber on the local Cosmos DB server", () => {
  let server: CosmosTestServer;
  beforeAll(async () => {
    server = await startCosmosServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  test("the first number is a patch that finds nothing and a create; every later number is one patch", async () => {
    const { stores, events } = await openStores(server, "counter-requests", 1);
    const [store] = stores as [CosmosDocumentStore];
    try {
      expect(await store.nextNumber(tenant, "counter:L", 1001)).toBe(1001);
      expect(events.map((e) => [e.operation, e.statusCode])).toEqual([
        ["patch", 404],
        ["create", 201],
      ]);

      events.length = 0;
      expect(await store.nextNumber(tenant, "counter:L", 1001)).toBe(1002);
      expect(await store.nextNumber(tenant, "counter:L", 1001)).toBe(1003);
      expect(events.map((e) => [e.operation, e.statusCode])).toEqual([
        ["patch", 200],
        ["patch", 200],
      ]);
      expect((await store.read(tenant, "counter:L"))?.body).toEqual({
        id: "counter:L",
        type: "counter",
        next: 1004,
      });
    } finally {
      await store.close();
    }
  });

  test("three clients racing for 150 numbers get 150 different ones, each in one request", async () => {
    const { stores, events } = await openStores(server, "counter-race", 3);
    try {
      // Created by one of them first, so every call of the race is a plain increment.
      expect(await stores[0]?.nextNumber(tenant, "counter:O", 1001)).toBe(1001);
      events.length = 0;

      expect(await race(stores, "counter:O", 50)).toEqual(range(1002, 150));
      expect(events).toHaveLength(150);
      expect(events.every((e) => e.operation === "patch" && e.statusCode === 200)).toBe(true);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  test("clients racing to create a counter that does not exist yet still get different numbers", async () => {
    const { stores, events } = await openStores(server, "counter-first-race", 3);
    try {
      expect(await race(stores, "counter:P", 10)).toEqual(range(1001, 30));
      // One create wins; a loser's create (409) is followed by a patch, never by a read-and-replace.
      expect(events.filter((e) => e.operation === "create" && e.statusCode === 201)).toHaveLength(1);
      expect(events.some((e) => e.operation === "read" || e.operation === "replace")).toBe(false);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });
});

describe.each([
  ["405 Method Not Allowed", 405, { code: "MethodNotAllowed", message: "PATCH is not supported." }],
  [
    "400 about the patch operation",
    400,
    { code: "BadRequest", message: "Unsupported patch operation: incr" },
  ],
])("nextNumber on a server that answers PATCH with %s", (_name, status, answer) => {
  let server: CosmosTestServer;
  let refused = 0;
  beforeAll(async () => {
    server = await startCosmosServer({
      intercept: (request, response) => {
        if (request.method !== "PATCH") return false;
        refused++;
        request.resume();
        response.writeHead(status, { "content-type": "application/json" });
        response.end(JSON.stringify(answer));
        return true;
      },
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  test("falls back to the guarded read-and-replace: each number once, across racing clients", async () => {
    const { stores, events } = await openStores(server, "counter-fallback", 3);
    try {
      expect(await race(stores, "counter:L", 15)).toEqual(range(1001, 45));
      // The calls of the race all went out before the first answer; once told, a client does not ask again.
      expect(refused).toBe(45);
      for (const [i, store] of stores.entries()) {
        expect(await store.nextNumber(tenant, "counter:L", 1001)).toBe(1046 + i);
      }
      expect(refused).toBe(45);
      expect(events.filter((e) => e.operation === "patch")).toHaveLength(45);
      // 48 numbers, 48 winning writes (the first a create), whatever the races cost on the way.
      const won = events.filter(
        (e) =>
          (e.operation === "replace" && e.statusCode === 200) ||
          (e.operation === "create" && e.statusCode === 201),
      );
      expect(won).toHaveLength(48);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });
});

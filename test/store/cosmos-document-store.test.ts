import { CosmosClient } from "@azure/cosmos";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  buildQuerySpec,
  CosmosDocumentStore,
  type CosmosRequestEvent,
  type CosmosStoreOptions,
} from "../../src/store/cosmos/cosmos-document-store.js";
import { StoreError, type DocumentQuery } from "../../src/store/document-store.port.js";
import { startCosmosServer, type CosmosTestServer } from "../support/cosmos-server.js";
import { documentStoreContract } from "./document-store.contract.js";

/** One local Cosmos DB server for this file; one database for this file; one fresh container per store. */
const database = "cosmos-document-store-test";
let server: CosmosTestServer;
let containers = 0;

beforeAll(async () => {
  server = await startCosmosServer();
});

afterAll(async () => {
  await server?.stop();
});

function options(container: string, extra: Partial<CosmosStoreOptions> = {}): CosmosStoreOptions {
  return { endpoint: server.endpoint, key: server.key, agent: server.agent, database, container, ...extra };
}

/** A second client on the same server, to look at what the store wrote without going through it. */
function inspect<T>(use: (client: CosmosClient) => Promise<T>): Promise<T> {
  const client = new CosmosClient({ endpoint: server.endpoint, key: server.key, agent: server.agent });
  return use(client).finally(() => client.dispose());
}

documentStoreContract("CosmosDocumentStore on the local Cosmos DB server", async () => {
  containers += 1;
  const container = `contract-${containers}`;
  let current = await CosmosDocumentStore.open(options(container));
  return {
    store: current,
    // The data lives in the server, so a restart is a new client (and store) on the same container.
    restart: async () => {
      await current.close();
      current = await CosmosDocumentStore.open(options(container, { createIfMissing: false }));
      return current;
    },
    // The local server runs a transactional batch one operation at a time and keeps what succeeded
    // (TOOLING.md); Cosmos DB itself applies it all or none. The all-or-none tests skip here.
    atomicBatch: false,
    cleanup: () => current.close(),
  };
});

describe("CosmosDocumentStore specifics", () => {
  const tenant = "tenant-contoso";
  const other = "tenant-fabrikam";

  async function openFresh(extra: Partial<CosmosStoreOptions> = {}): Promise<CosmosDocumentStore> {
    containers += 1;
    return CosmosDocumentStore.open(options(`specific-${containers}`, extra));
  }

  test("buildQuerySpec starts every query with the tenant and type filters and passes values as parameters", () => {
    const queries: DocumentQuery[] = [
      { type: "lead", limit: 10 },
      { type: "lead", where: { status: "new", ownerId: "u1" }, limit: 10 },
      { type: "lead", where: { score: 3, hot: true, closedAt: null }, limit: 10 },
      { type: "opportunity", orderBy: { field: "amount", direction: "desc" }, limit: 10 },
      { type: "lead", where: { tenantOwner: "x" }, orderBy: { field: "value", direction: "asc" }, limit: 1 },
    ];

    for (const query of queries) {
      const spec = buildQuerySpec(tenant, query);
      expect(spec.query.startsWith("SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = @type")).toBe(
        true,
      );
      expect(spec.parameters.slice(0, 2)).toStrictEqual([
        { name: "@tenantId", value: tenant },
        { name: "@type", value: query.type },
      ]);
      expect(spec.query).not.toContain(tenant);
    }
  });

  test("buildQuerySpec writes fields in bracket notation, so Cosmos SQL keywords work as field names", () => {
    const spec = buildQuerySpec(tenant, {
      type: "lead",
      where: { value: 5, order: "x" },
      orderBy: { field: "select", direction: "desc" },
      limit: 10,
    });

    expect(spec).toStrictEqual({
      query:
        'SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = @type AND c["value"] = @p0 AND c["order"] = @p1 ORDER BY c["select"] DESC',
      parameters: [
        { name: "@tenantId", value: tenant },
        { name: "@type", value: "lead" },
        { name: "@p0", value: 5 },
        { name: "@p1", value: "x" },
      ],
    });
    expect(buildQuerySpec(tenant, { type: "lead", limit: 1 }).query).toMatch(/ ORDER BY c\["id"\] ASC$/);
  });

  test("buildQuerySpec never writes a value into the SQL text", () => {
    const hostile = `x" OR 1=1 OR c.tenantId != "`;

    const spec = buildQuerySpec(tenant, { type: hostile, where: { name: hostile }, limit: 10 });

    expect(spec.query).not.toContain("OR 1=1");
    expect(spec.parameters.map((p) => p.value)).toStrictEqual([tenant, hostile, hostile]);
  });

  test("buildQuerySpec refuses malformed or reserved field names and non-scalar values", () => {
    const refused: DocumentQuery[] = [
      { type: "lead", where: { "a b": 1 }, limit: 1 },
      { type: "lead", where: { tenantId: other }, limit: 1 },
      { type: "lead", where: { _etag: "x" }, limit: 1 },
      { type: "lead", orderBy: { field: "_ts", direction: "asc" }, limit: 1 },
      { type: "lead", orderBy: { field: "x", direction: "sideways" as "asc" }, limit: 1 },
      { type: "lead", where: { tags: ["a"] as unknown as string }, limit: 1 },
      { type: "lead", where: { n: Number.NaN }, limit: 1 },
      { type: "", limit: 1 },
    ];

    for (const query of refused) expect(() => buildQuerySpec(tenant, query)).toThrow(TypeError);
    expect(() => buildQuerySpec("", { type: "lead", limit: 1 })).toThrow(TypeError);
  });

  test("every query the store sends carries the tenant filter and the tenant parameter", async () => {
    const events: CosmosRequestEvent[] = [];
    const store = await openFresh({ onRequest: (event) => events.push(event) });
    try {
      await store.create(tenant, { id: "lead-01", type: "lead", stage: "new", score: 1 });
      await store.create(other, { id: "lead-01", type: "lead", stage: "new", score: 2 });
      await store.create(tenant, { id: "lead-02", type: "lead", stage: "won", score: 3 });
      const first = await store.query(tenant, { type: "lead", limit: 1 });
      await store.query(tenant, {
        type: "lead",
        limit: 1,
        ...(first.continuation ? { continuation: first.continuation } : {}),
      });
      const filtered = await store.query(tenant, {
        type: "lead",
        where: { stage: "new" },
        orderBy: { field: "score", direction: "desc" },
        limit: 5,
      });
      await store.query(other, { type: "lead", limit: 5 });

      expect(filtered.items.map((item) => item.body["score"])).toStrictEqual([1]);
      const queries = events.filter((event) => event.operation === "query");
      expect(queries).toHaveLength(4);
      for (const event of queries) {
        expect(event.query?.query).toContain("WHERE c.tenantId = @tenantId AND ");
        expect(event.query?.parameters).toContainEqual({ name: "@tenantId", value: event.tenantId });
      }
      expect(queries.map((event) => event.tenantId)).toStrictEqual([tenant, tenant, tenant, other]);
    } finally {
      await store.close();
    }
  });

  test("requestCount is 1 for a read, 1 for a one-page query and 1 for each write, failed or not", async () => {
    const store = await openFresh();
    try {
      expect(store.requestCount).toBe(0);

      const created = await store.create(tenant, { id: "lead-01", type: "lead" });
      expect(store.requestCount).toBe(1);

      await store.read(tenant, "lead-01");
      expect(store.requestCount).toBe(2);

      await store.query(tenant, { type: "lead", limit: 10 });
      expect(store.requestCount).toBe(3);

      const replaced = await store.replace(tenant, { id: "lead-01", type: "lead", n: 1 }, created.etag);
      await expect(
        store.replace(tenant, { id: "lead-01", type: "lead", n: 2 }, created.etag),
      ).rejects.toThrow(StoreError);
      await expect(store.create(tenant, { id: "lead-01", type: "lead" })).rejects.toThrow(StoreError);
      expect(await store.read(tenant, "lead-99")).toBeUndefined();
      await store.delete(tenant, "lead-01", replaced.etag);
      expect(store.requestCount).toBe(8);
      expect(store.requestCharge).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  });

  test("arguments refused before anything is sent do not count as requests", async () => {
    const store = await openFresh();
    try {
      await expect(store.query(tenant, { type: "lead", where: { "a.b": 1 }, limit: 10 })).rejects.toThrow(
        TypeError,
      );
      await expect(store.query(tenant, { type: "lead", limit: 0 })).rejects.toThrow(RangeError);
      await expect(store.query(tenant, { type: "lead", limit: 1001 })).rejects.toThrow(RangeError);
      await expect(store.query(tenant, { type: "lead", limit: 2.5 })).rejects.toThrow(RangeError);
      await expect(store.create(tenant, { id: "lead-01", type: "lead", tenantId: other })).rejects.toThrow(
        TypeError,
      );
      await expect(store.create(tenant, { id: "lead-01", type: "lead", _etag: "x" })).rejects.toThrow(
        TypeError,
      );
      for (const id of ["", "a/b", "a\\b", "a?b", "a#b", "x".repeat(256)]) {
        await expect(store.create(tenant, { id, type: "lead" })).rejects.toThrow(TypeError);
        await expect(store.read(tenant, id)).rejects.toThrow(TypeError);
      }
      await expect(store.read("", "lead-01")).rejects.toThrow(TypeError);

      expect(store.requestCount).toBe(0);
    } finally {
      await store.close();
    }
  });

  test("a continuation token of another tenant or another query is invalid_continuation", async () => {
    const store = await openFresh();
    try {
      for (const id of ["opp-01", "opp-02", "opp-03"]) {
        await store.create(tenant, { id, type: "opportunity", stage: "open" });
        await store.create(other, { id, type: "opportunity", stage: "open" });
      }
      const page = await store.query(tenant, { type: "opportunity", limit: 1 });
      const continuation = page.continuation;
      expect(continuation).toBeDefined();

      await expect(store.query(other, { type: "opportunity", limit: 1, continuation })).rejects.toMatchObject(
        {
          code: "invalid_continuation",
        },
      );
      await expect(
        store.query(tenant, { type: "opportunity", where: { stage: "open" }, limit: 1, continuation }),
      ).rejects.toMatchObject({ code: "invalid_continuation" });
      const next = await store.query(tenant, { type: "opportunity", limit: 1, continuation });
      expect(next.items.map((item) => item.body.id)).toStrictEqual(["opp-02"]);
    } finally {
      await store.close();
    }
  });

  test("items are stored as the body plus tenantId in a container partitioned by /tenantId", async () => {
    const store = await openFresh();
    const container = `specific-${containers}`;
    try {
      await store.create(tenant, { id: "lead-01", type: "lead", name: "Northwind" });

      const [definition, item] = await inspect(async (client) => {
        const handle = client.database(database).container(container);
        return [
          (await handle.read()).resource,
          (await handle.item("lead-01", tenant).read()).resource,
        ] as const;
      });

      expect(definition?.partitionKey?.paths).toStrictEqual(["/tenantId"]);
      expect(definition?.indexingPolicy?.indexingMode).toBe("consistent");
      expect(item).toMatchObject({ id: "lead-01", type: "lead", name: "Northwind", tenantId: tenant });
    } finally {
      await store.close();
    }
  });

  test("open refuses an existing container partitioned by another path", async () => {
    containers += 1;
    const container = `specific-${containers}`;
    await inspect(async (client) => {
      const { database: db } = await client.databases.createIfNotExists({ id: database });
      await db.containers.create({ id: container, partitionKey: { paths: ["/id"] } });
    });

    await expect(CosmosDocumentStore.open(options(container))).rejects.toThrow(/partitioned by/);
  });

  test("open with createIfMissing false fails with unavailable when the container does not exist", async () => {
    await expect(
      CosmosDocumentStore.open(options("no-such-container", { createIfMissing: false })),
    ).rejects.toMatchObject({ code: "unavailable" });
  });

  test("an unreachable server gives unavailable with the cause kept, and health reports not ok", async () => {
    const doomed = await startCosmosServer();
    const store = await CosmosDocumentStore.open({
      endpoint: doomed.endpoint,
      key: doomed.key,
      agent: doomed.agent,
      database,
    });
    try {
      expect((await store.health()).ok).toBe(true);
      await doomed.stop();

      const failure = await store.create(tenant, { id: "lead-01", type: "lead" }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(StoreError);
      expect(failure).toMatchObject({ code: "unavailable" });
      expect((failure as StoreError).cause).toBeInstanceOf(Error);

      const health = await store.health();
      expect(health).toMatchObject({ ok: false, kind: "cosmos" });
    } finally {
      await store.close();
      await doomed.stop();
    }
  });

  test("a closed store refuses work with unavailable and reports not ok", async () => {
    const store = await openFresh();
    await store.close();
    await store.close();

    await expect(store.read(tenant, "lead-01")).rejects.toMatchObject({ code: "unavailable" });
    expect((await store.health()).ok).toBe(false);
  });
});

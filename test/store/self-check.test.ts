import { afterAll, beforeAll, expect, test } from "vitest";
import { composeBot } from "../../src/compose.js";
import { parseConfig } from "../../src/config/config.js";
import { createLogger } from "../../src/log.js";
import { startServer } from "../../src/server.js";
import { CosmosDocumentStore } from "../../src/store/cosmos/cosmos-document-store.js";
import { StoreError, type DocumentBody, type DocumentStore } from "../../src/store/document-store.port.js";
import { defaultProbes, selfCheck, selfCheckTenant } from "../../src/store/self-check.js";
import { startCosmosServer, type CosmosTestServer } from "../support/cosmos-server.js";

/** The start-up self-check against the real local Cosmos server, alone and behind the bot's /healthz. */
let server: CosmosTestServer;
let containers = 0;

beforeAll(async () => {
  server = await startCosmosServer();
});

afterAll(async () => {
  await server?.stop();
});

function openCosmos(): Promise<CosmosDocumentStore> {
  return CosmosDocumentStore.open({
    endpoint: server.endpoint,
    key: server.key,
    agent: server.agent,
    database: "self-check-test",
    container: `c-${++containers}`,
  });
}

test("every kind the bot creates round-trips on Cosmos, Teams' longest ids included, and no probe is left", async () => {
  const store = await openCosmos();
  try {
    const probes = defaultProbes();
    expect(probes.some((p) => p.kind.startsWith("delivery"))).toBe(true);
    expect(await selfCheck(store)).toEqual({ ok: true, failures: [] });
    expect((await store.query(selfCheckTenant, { type: "selfcheck", limit: 100 })).items).toEqual([]);
  } finally {
    await store.close();
  }
});

test("three instances starting at once check the same probes side by side, and all of them pass", async () => {
  const stores = [await openCosmos()];
  // The same container, opened three times, as three bot processes would.
  const name = `c-${containers}`;
  for (let i = 0; i < 2; i++)
    stores.push(
      await CosmosDocumentStore.open({
        endpoint: server.endpoint,
        key: server.key,
        agent: server.agent,
        database: "self-check-test",
        container: name,
      }),
    );
  try {
    const results = await Promise.all(stores.map((store) => selfCheck(store)));
    expect(results).toEqual(results.map(() => ({ ok: true, failures: [] })));
    expect((await stores[0]?.query(selfCheckTenant, { type: "selfcheck", limit: 100 }))?.items).toEqual([]);
  } finally {
    for (const store of stores) await store.close();
  }
});

test("a delivery id built the old way (event id with '#', raw channel id) fails the check, by name", async () => {
  const store = await openCosmos();
  try {
    const channel = `19:${"a".repeat(60)}@thread.tacv2`;
    const result = await selfCheck(store, [
      { kind: "lead", id: "lead:L-1001" },
      { kind: "delivery (old id)", id: `delivery:O-1001#12:stage_changed>ch:${channel}` },
    ]);
    expect(result.ok).toBe(false);
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]).toMatch(/^delivery \(old id\) .*not usable/);
  } finally {
    await store.close();
  }
});

/** The real Cosmos store, except that creating one kind of document fails as a broken account would. */
class RefusingStore implements DocumentStore {
  constructor(
    private readonly inner: DocumentStore,
    private readonly refuse: (id: string) => boolean,
  ) {}
  read<T extends DocumentBody>(tenantId: string, id: string) {
    return this.inner.read<T>(tenantId, id);
  }
  async create<T extends DocumentBody>(tenantId: string, body: T) {
    if (this.refuse(body.id)) throw new StoreError("unavailable", "Cosmos answered 500");
    return this.inner.create(tenantId, body);
  }
  replace<T extends DocumentBody>(tenantId: string, body: T, ifMatch: string) {
    return this.inner.replace(tenantId, body, ifMatch);
  }
  delete(tenantId: string, id: string, ifMatch: string) {
    return this.inner.delete(tenantId, id, ifMatch);
  }
  nextNumber(tenantId: string, counterId: string, first: number) {
    return this.inner.nextNumber(tenantId, counterId, first);
  }
  batch(tenantId: string, operations: Parameters<DocumentStore["batch"]>[1]) {
    return this.inner.batch(tenantId, operations);
  }
  query<T extends DocumentBody>(tenantId: string, query: Parameters<DocumentStore["query"]>[1]) {
    return this.inner.query<T>(tenantId, query);
  }
  search(tenantId: string, query: Parameters<DocumentStore["search"]>[1]) {
    return this.inner.search(tenantId, query);
  }
  health() {
    return this.inner.health();
  }
  close() {
    return this.inner.close();
  }
}

async function healthOfBotOn(store: DocumentStore) {
  const lines: string[] = [];
  const log = createLogger("warn", (line) => lines.push(line));
  const config = parseConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    STORE: "cosmos",
    COSMOS_ENDPOINT: server.endpoint,
    COSMOS_KEY: server.key,
    NOTIFICATIONS: "off",
  });
  const { app } = composeBot({ config, store, log });
  const running = await startServer({ config, app, store, log });
  try {
    const response = await fetch(`http://127.0.0.1:${running.port}/healthz`);
    return { status: response.status, body: (await response.json()) as unknown, lines };
  } finally {
    await running.close();
  }
}

test("on Cosmos the bot reports healthy only when every probe kind passed; one failing kind makes /healthz 503 with a clear log line", async () => {
  const healthy = await openCosmos();
  try {
    const ok = await healthOfBotOn(healthy);
    expect(ok.status).toBe(200);
    expect(ok.lines).toEqual([]);
  } finally {
    await healthy.close();
  }

  const deliveryProbe = defaultProbes().find((p) => p.kind === "delivery (channel)")?.id;
  const broken = new RefusingStore(await openCosmos(), (id) => id === deliveryProbe);
  try {
    const refused = await healthOfBotOn(broken);
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({
      status: "unavailable",
      store: {
        ok: false,
        kind: "cosmos",
        detail: expect.stringMatching(/^self-check failed: delivery \(channel\)/),
      },
    });
    expect(refused.lines).toHaveLength(1);
    const line = JSON.parse(refused.lines[0] ?? "{}") as {
      level: string;
      message: string;
      failures: string[];
    };
    expect(line.level).toBe("error");
    expect(line.message).toMatch(/store self-check failed/);
    expect(line.failures).toEqual([expect.stringMatching(/^delivery \(channel\) .*Cosmos answered 500/)]);
  } finally {
    await broken.close();
  }
});

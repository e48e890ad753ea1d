import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  CosmosDocumentStore,
  type CosmosRequestEvent,
} from "../../src/store/cosmos/cosmos-document-store.js";
import { StorageUnavailable } from "../../src/domain/shared/ports.js";
import { StoreError } from "../../src/store/document-store.port.js";
import { translateStoreErrors } from "../../src/store/errors.js";
import { startCosmosServer, type CosmosTestServer } from "../support/cosmos-server.js";
import { startIdleRelay, type IdleRelay } from "../support/idle-relay.js";

/**
 * Connections to Cosmos DB that break. First idle keep-alive connections: a load balancer between the bot and
 * Cosmos forgets a connection that stayed idle past its limit, and a write sent on it afterwards fails with a
 * reset that the SDK does not resend. Here a relay with a 400 ms idle limit stands for that load balancer in
 * front of the local Cosmos server (HTTPS, as Azure), and the store closes its own idle connections after
 * 100 ms (in production 30 s, under real limits of minutes).
 *
 * Then a connection that breaks under a write anyway (a server restart, a network blip): the store sends a
 * guarded write again, and reports a write it cannot know the outcome of as such, never as a conflict.
 */

const tenant = "tenant-idle";
const relayIdleMs = 400;
const storeIdleMs = 100;

let server: CosmosTestServer;
let relay: IdleRelay | undefined;

beforeAll(async () => {
  server = await startCosmosServer({ intercept: accountBehindRelay });
  relay = await startIdleRelay(server.endpoint, relayIdleMs);
});

afterAll(async () => {
  await relay?.stop();
  await server?.stop();
});

/**
 * The local server names its own address as the account's endpoint, and the SDK (endpoint discovery is on
 * for HTTPS) would then send everything there, around the relay: the account is answered with the relay's.
 */
function accountBehindRelay(request: IncomingMessage, response: ServerResponse): boolean {
  if (request.method !== "GET" || request.url !== "/" || !relay) return false;
  const end = response.end.bind(response) as (body: string) => ServerResponse;
  const own = `${server.endpoint}/`;
  const relayed = `${relay.endpoint}/`;
  response.end = ((body: string) => end(body.split(own).join(relayed))) as typeof response.end;
  return false;
}

async function openStore(database: string): Promise<CosmosDocumentStore> {
  return CosmosDocumentStore.open({
    endpoint: relay?.endpoint ?? "",
    key: server.key,
    database,
    container: "pipeline",
    idleSocketMs: storeIdleMs,
    tls: { rejectUnauthorized: false },
  });
}

describe("idle connections", () => {
  test("a write after a pause longer than the load balancer's idle limit goes through on a fresh connection", async () => {
    const store = await openStore("idle");
    try {
      const created = await store.create(tenant, { id: "lead:L-1001", type: "lead", topic: "Boilers" });
      const resetsBefore = relay?.resets;
      await sleep(relayIdleMs + 200);

      const replaced = await store.replace(
        tenant,
        { id: "lead:L-1001", type: "lead", topic: "Boilers, 40 units" },
        created.etag,
      );
      expect(replaced.body["topic"]).toBe("Boilers, 40 units");
      await sleep(relayIdleMs + 200);
      expect(await store.nextNumber(tenant, "counter:L", 1001)).toBe(1001);
      // No connection the relay had forgotten was used: the store had closed them itself.
      expect(relay?.resets).toBe(resetsBefore);
    } finally {
      await store.close();
    }
  });
});

describe("a connection that breaks under a write", () => {
  let plain: CosmosTestServer;
  let breaker: IdleRelay;
  let store: CosmosDocumentStore;
  const events: CosmosRequestEvent[] = [];
  const sends = (operation: string) =>
    events.filter((e) => e.operation === operation).map((e) => e.statusCode);

  beforeAll(async () => {
    // Plain HTTP, so that the relay can pick the request to break by its first line.
    plain = await startCosmosServer({ protocol: "http" });
    breaker = await startIdleRelay(plain.endpoint, 60_000);
    store = await CosmosDocumentStore.open({
      endpoint: breaker.endpoint,
      key: plain.key,
      database: "breaks",
      container: "pipeline",
      onRequest: (event) => events.push(event),
    });
  });

  afterAll(async () => {
    await store?.close();
    await breaker?.stop();
    await plain?.stop();
  });

  const lead = (id: string, topic: string) => ({ id, type: "lead", topic });

  test("a guarded replace that never reached Cosmos is sent again and saved once", async () => {
    const created = await store.create(tenant, lead("lead:L-2001", "Pumps"));
    events.length = 0;
    breaker.breakNext("refuse", /^PUT /);

    const replaced = await store.replace(tenant, lead("lead:L-2001", "Pumps, 12"), created.etag);
    expect(replaced.body["topic"]).toBe("Pumps, 12");
    expect(sends("replace")).toEqual([undefined, 200]);
  });

  test("a replace that Cosmos applied but whose answer was lost is reported as unknown, not as a conflict", async () => {
    const created = await store.create(tenant, lead("lead:L-2002", "Valves"));
    events.length = 0;
    breaker.breakNext("lose", /^PUT /);

    const failure = await store
      .replace(tenant, lead("lead:L-2002", "Valves, 3"), created.etag)
      .catch((e) => e);
    expect(failure).toBeInstanceOf(StoreError);
    expect(failure).toMatchObject({ code: "unavailable" });
    expect(String(failure.message)).toMatch(
      /resend was refused \(HTTP 412\), so it may or may not have been saved/,
    );
    expect(sends("replace")).toEqual([undefined, 412]);
    expect((await store.read(tenant, "lead:L-2002"))?.body["topic"]).toBe("Valves, 3");
  });

  test("a create is sent again when its request was lost, and is unknown when its answer was", async () => {
    breaker.breakNext("refuse", /^POST /);
    expect((await store.create(tenant, lead("lead:L-2003", "Fans"))).body["topic"]).toBe("Fans");

    breaker.breakNext("lose", /^POST /);
    const failure = await store.create(tenant, lead("lead:L-2004", "Ducts")).catch((e) => e);
    expect(failure).toMatchObject({ code: "unavailable" });
    expect(String(failure.message)).toMatch(/HTTP 409\), so it may or may not have been saved/);
    expect(failure).toMatchObject({ outcomeUnknown: true });
    expect((await store.read(tenant, "lead:L-2004"))?.body["topic"]).toBe("Ducts");
  });

  test("the domain hears an unknown outcome as such, and other failures as nothing saved", async () => {
    // The user is told to check before trying again only when the write may have been saved (src/i18n).
    breaker.breakNext("lose", /^POST /);
    const lost = await translateStoreErrors(() => store.create(tenant, lead("lead:L-2010", "Hoses"))).catch(
      (e: unknown) => e,
    );
    expect(lost).toBeInstanceOf(StorageUnavailable);
    expect(lost).toMatchObject({ outcomeUnknown: true });
    expect((await store.read(tenant, "lead:L-2010"))?.body["topic"]).toBe("Hoses");

    // A store that refuses a write before sending it (here: closed): nothing was saved, and it says so.
    const closedStore = await CosmosDocumentStore.open({
      endpoint: breaker.endpoint,
      key: plain.key,
      database: "breaks",
      container: "pipeline",
    });
    await closedStore.close();
    const closed = await translateStoreErrors(() =>
      closedStore.create(tenant, lead("lead:L-2011", "Clamps")),
    ).catch((e: unknown) => e);
    expect(closed).toBeInstanceOf(StorageUnavailable);
    expect(closed).toMatchObject({ outcomeUnknown: false });
    expect(await store.read(tenant, "lead:L-2011")).toBeUndefined();
  });

  test("a batch is sent again when its request was lost, and is unknown when its answer was", async () => {
    const created = await store.create(tenant, lead("lead:L-2005", "Tanks"));
    breaker.breakNext("refuse", /^POST /);
    const [record] = await store.batch(tenant, [
      { op: "replace", body: lead("lead:L-2005", "Tanks, 2"), ifMatch: created.etag },
      { op: "create", body: { id: "entry:L-2005:1", type: "entry", text: "called" } },
    ]);
    expect(record?.body["topic"]).toBe("Tanks, 2");

    breaker.breakNext("lose", /^POST /);
    const failure = await store
      .batch(tenant, [
        { op: "replace", body: lead("lead:L-2005", "Tanks, 3"), ifMatch: record?.etag ?? "" },
        { op: "create", body: { id: "entry:L-2005:2", type: "entry", text: "met" } },
      ])
      .catch((e) => e);
    expect(failure).toMatchObject({ code: "unavailable" });
    expect(String(failure.message)).toMatch(/HTTP 412\), so it may or may not have been saved/);
  });

  test("a delete whose answer was lost is done: the resend finds the document gone", async () => {
    const created = await store.create(tenant, lead("lead:L-2006", "Pipes"));
    breaker.breakNext("lose", /^DELETE /);
    await store.delete(tenant, "lead:L-2006", created.etag);
    expect(await store.read(tenant, "lead:L-2006")).toBeUndefined();
  });

  test("a lost increment or counter create skips a number and never hands one out twice", async () => {
    breaker.breakNext("lose", /^POST /);
    // The first call: patch (404), create (applied, answer lost), patch again.
    expect(await store.nextNumber(tenant, "counter:Q", 1001)).toBe(1002);
    breaker.breakNext("lose", /^PATCH /);
    expect(await store.nextNumber(tenant, "counter:Q", 1001)).toBe(1004);
    breaker.breakNext("refuse", /^PATCH /);
    expect(await store.nextNumber(tenant, "counter:Q", 1001)).toBe(1005);
    expect((await store.read(tenant, "counter:Q"))?.body["next"]).toBe(1006);
  });
});

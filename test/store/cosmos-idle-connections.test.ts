import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, expect, test } from "vitest";
import { CosmosDocumentStore } from "../../src/store/cosmos/cosmos-document-store.js";
import { startCosmosServer, type CosmosTestServer } from "../support/cosmos-server.js";
import { startIdleRelay, type IdleRelay } from "../support/idle-relay.js";

/**
 * Idle keep-alive connections to Cosmos DB. A load balancer between the bot and Cosmos forgets a connection
 * that stayed idle past its limit, and a write sent on it afterwards fails with a reset that the SDK does not
 * resend. Here a relay with a 400 ms idle limit stands for that load balancer in front of the local Cosmos
 * server (HTTPS, as Azure), and the store closes its own idle connections after 100 ms (in production 30 s,
 * under real limits of minutes).
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

import { afterAll, beforeAll, expect, test } from "vitest";
import { StorageUnavailable } from "../../src/domain/shared/ports.js";
import {
  CosmosDocumentStore,
  type CosmosRequestEvent,
} from "../../src/store/cosmos/cosmos-document-store.js";
import { translateStoreErrors } from "../../src/store/errors.js";
import { en } from "../../src/i18n/en.js";
import { startBotServer } from "../support/bot-server.js";
import { chat } from "../support/chat.js";
import { startCosmosServer, type CosmosTestServer } from "../support/cosmos-server.js";
import { RecordingConnector } from "../support/recording-connector.js";
import { startIdleRelay, type IdleRelay } from "../support/idle-relay.js";

/**
 * Writes that reached Cosmos and whose answer does not say whether they applied: a 408 or a 5xx (a gateway
 * answering 503 after the service applied it), the SDK's own request timeout, or a resend after a lost
 * connection that then failed for another reason. Each may have been saved, so the store reports its outcome
 * as unknown — the user is then told to check, not that nothing was changed. A 4xx that refuses the write
 * (429 after the SDK's retries, 403) applied nothing and is reported so.
 *
 * The real SDK against the local Cosmos server, through a relay that forwards the write and answers the SDK
 * in the server's place; the relay says when the server has answered, so the test knows the write applied.
 */

const tenant = "tenant-outcomes";
let server: CosmosTestServer;
let relay: IdleRelay;
let store: CosmosDocumentStore;
const events: CosmosRequestEvent[] = [];

beforeAll(async () => {
  server = await startCosmosServer({ protocol: "http" });
  relay = await startIdleRelay(server.endpoint, 60_000);
  store = await open();
});

afterAll(async () => {
  await store?.close();
  await relay?.stop();
  await server?.stop();
});

function open(requestTimeoutMs?: number): Promise<CosmosDocumentStore> {
  return CosmosDocumentStore.open({
    endpoint: relay.endpoint,
    key: server.key,
    database: "outcomes",
    container: "pipeline",
    onRequest: (event) => events.push(event),
    ...(requestTimeoutMs === undefined ? {} : { requestTimeoutMs }),
  });
}

const lead = (id: string, topic: string) => ({ id, type: "lead", topic });
const failureOf = (work: () => Promise<unknown>) => translateStoreErrors(work).catch((e: unknown) => e);

test.each([503, 408, 500, 504])(
  "a create answered %i after Cosmos applied it is reported as unknown, and it was saved",
  async (status) => {
    const id = `lead:L-${3000 + status}`;
    const applied = relay.answerNext(status, /^POST \S+\/docs /);
    const failure = await failureOf(() => store.create(tenant, lead(id, "Boilers")));
    await applied;
    expect(failure).toBeInstanceOf(StorageUnavailable);
    expect(failure).toMatchObject({ outcomeUnknown: true });
    expect(String((failure as Error).message)).toMatch(
      new RegExp(`did not say whether it applied \\(HTTP ${status}\\), so it may or may not have been saved`),
    );
    expect((await store.read(tenant, id))?.body["topic"]).toBe("Boilers");
  },
);

test("a replace and a delete answered 503 are unknown too", async () => {
  const created = await store.create(tenant, lead("lead:L-3101", "Pumps"));
  const replaced = relay.answerNext(503, /^PUT /);
  const replace = await failureOf(() => store.replace(tenant, lead("lead:L-3101", "Pumps, 4"), created.etag));
  await replaced;
  expect(replace).toMatchObject({ outcomeUnknown: true });
  const now = await store.read(tenant, "lead:L-3101");
  expect(now?.body["topic"]).toBe("Pumps, 4");

  const deleted = relay.answerNext(503, /^DELETE /);
  const remove = await failureOf(() => store.delete(tenant, "lead:L-3101", now?.etag ?? ""));
  await deleted;
  expect(remove).toMatchObject({ outcomeUnknown: true });
  expect(await store.read(tenant, "lead:L-3101")).toBeUndefined();
});

test("a batch answered 503 is unknown, though the SDK's batch error carries no status", async () => {
  const created = await store.create(tenant, lead("lead:L-3201", "Tanks"));
  const applied = relay.answerNext(503, /^POST \S+\/docs /);
  const failure = await failureOf(() =>
    store.batch(tenant, [
      { op: "replace", body: lead("lead:L-3201", "Tanks, 2"), ifMatch: created.etag },
      { op: "create", body: { id: "entry:L-3201:1", type: "entry", text: "called" } },
    ]),
  );
  await applied;
  expect(failure).toMatchObject({ outcomeUnknown: true });
  expect((await store.read(tenant, "entry:L-3201:1"))?.body["text"]).toBe("called");
});

test("a write the SDK aborted at its own request timeout is unknown, and it was saved", async () => {
  const impatient = await open(1_000);
  try {
    const applied = relay.answerNext("hold", /^POST \S+\/docs /);
    const failure = await failureOf(() => impatient.create(tenant, lead("lead:L-3301", "Fans")));
    await applied;
    expect(failure).toMatchObject({ outcomeUnknown: true });
    expect(String((failure as Error).message)).toMatch(/Timeout Error/);
    expect((await store.read(tenant, "lead:L-3301"))?.body["topic"]).toBe("Fans");
  } finally {
    await impatient.close();
  }
});

test("a resend after a lost connection that fails otherwise leaves the first send's outcome unknown", async () => {
  // The first send applied and its answer was lost; the resend is answered 403 (not the guard's 409).
  relay.breakNext("lose", /^POST \S+\/docs /);
  const second = relay.answerNext(403, /^POST \S+\/docs /);
  const failure = await failureOf(() => store.create(tenant, lead("lead:L-3401", "Ducts")));
  await second;
  expect(failure).toMatchObject({ outcomeUnknown: true });
  expect(String((failure as Error).message)).toMatch(/its resend failed \(HTTP 403\)/);
  expect((await store.read(tenant, "lead:L-3401"))?.body["topic"]).toBe("Ducts");
});

test("a write answered with a refusal (4xx) is taken as not applied", async () => {
  const refused = relay.answerNext(403, /^POST \S+\/docs /);
  const failure = await failureOf(() => store.create(tenant, lead("lead:L-3501", "Hoses")));
  await refused;
  expect(failure).toBeInstanceOf(StorageUnavailable);
  expect(failure).toMatchObject({ outcomeUnknown: false });
  // (The relay forwarded it, so the server did apply it here; a real 403 comes instead of applying it.)
  await store.delete(tenant, "lead:L-3501", (await store.read(tenant, "lead:L-3501"))?.etag ?? "");
});

test("a write and a transactional batch throttled (429) beyond the SDK's retries are both busy: nothing applied, try again", async () => {
  // The SDK tries a throttled request 10 times (its default retry policy), waiting what each 429 asks for.
  const single = relay.answerNext(429, /^POST \S+\/docs /, 10);
  const one = await failureOf(() => store.create(tenant, lead("lead:L-3601", "Valves")));
  await single;
  const sent = relay.answerNext(429, /^POST \S+\/docs /, 10);
  const batch = await failureOf(() =>
    store.batch(tenant, [
      { op: "create", body: lead("lead:L-3602", "Gauges") },
      { op: "create", body: lead("lead:L-3603", "Pipes") },
    ]),
  );
  await sent;
  for (const failure of [batch, one]) {
    expect(failure).toBeInstanceOf(StorageUnavailable);
    // Not "may or may not have been saved": a 429 says nothing was changed.
    expect(failure).toMatchObject({ outcomeUnknown: false });
    expect(String((failure as Error).message)).toMatch(/was throttled \(HTTP 429\)/);
  }
  // The single write keeps the wait Cosmos asked for; the SDK's batch error no longer carries it.
  expect(one).toMatchObject({ retryAfterMs: 5 });
});

test("over HTTP: a lead whose create Cosmos answered 503 is told to be checked, not as nothing changed", async () => {
  const connector = await RecordingConnector.start();
  const bot = await startBotServer({}, () => open());
  try {
    const { say } = chat(
      () => bot,
      () => connector,
    );
    // The first turn records the user and starts the counter; the second's create is the one answered 503.
    expect((await say("lead new Warm-up last=Berg company=Contoso")).text).toMatch(/L-1001/);
    const applied = relay.answerNext(503, /^POST \S+\/docs /);
    const reply = (await say("lead new Chillers last=Berg company=Contoso")).text;
    await applied;
    expect(reply).toBe(en["reply.store_outcome_unknown"]);
    expect((await say("lead show L-1002")).text).toMatch(/Chillers/);
  } finally {
    await bot.stop();
    await connector.close();
  }
});

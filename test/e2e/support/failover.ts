import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createHttpServer } from "@vercel/cosmosdb-server";
import { CosmosDocumentStore } from "../../../src/store/cosmos/cosmos-document-store.js";
import { leasePartition, StoreSenderLeaseStore } from "../../../src/store/sender-lease.repository.js";
import { teamsMessage } from "../../support/bot-server.js";
import { cardOf, cardText, RecordingConnector } from "../../support/recording-connector.js";
import { startBotProcess, type BotProcess } from "./bot-process.js";

/**
 * The failover scenario shared by test/e2e/failover.test.ts and `npm run bench:failover`: real bot
 * processes (src/main.ts) on one local Cosmos DB server, posting to a recording Teams connector in this
 * process.
 *
 * 1. A setup instance with NOTIFICATIONS=off (it never sends) takes the turns that make the work: in each
 *    of `tenants` tenants, `channels` channels subscribe to stage changes, and 20 stage moves
 *    (10 opportunities, Qualify → Develop → Propose) commit 20 events, so tenants × channels × 20
 *    notifications wait in the opportunities' outboxes. Then it stops.
 * 2. `instances` instances start with the same settings. Meanwhile this process holds the sender lease (as
 *    an earlier sender would), so that none sends before all are up; then it releases it. They elect one
 *    sender, which fans the events out into deliveries and sends them.
 * 3. When `killAfter` notifications have arrived, the sender (the holder named in the lease document) is
 *    killed with SIGKILL. Another instance takes over and sends the rest.
 */

export interface FailoverOptions {
  readonly tenants: number;
  readonly channels: number;
  readonly instances: number;
  /** The SIGKILL comes when this many notifications have arrived. */
  readonly killAfter: number;
  readonly leaseSeconds: number;
  /** Give up waiting for all notifications after this long. */
  readonly timeoutMs: number;
  readonly log?: (line: string) => void;
}

export interface FailoverResult {
  readonly expected: number;
  /** Different notifications that arrived. */
  readonly delivered: number;
  /** Notifications that never arrived. */
  readonly lost: number;
  /**
   * Notifications that arrived more than once: when each copy arrived (ms since the SIGKILL), and how many
   * copies came from the killed sender (before its exit was seen) and how many from its successor.
   */
  readonly duplicates: readonly {
    readonly key: string;
    readonly atMs: readonly number[];
    readonly fromKilled: number;
    readonly fromSuccessor: number;
  }[];
  /** Requests the killed sender had made before it died (posts and root updates). */
  readonly beforeKill: number;
  /** From the SIGKILL to the first request of the next sender. */
  readonly takeoverMs: number;
  /** From the first notification to the last, all instances together. */
  readonly sendingMs: number;
  /** Notifications per second while some instance was the sender (the takeover gap left out). */
  readonly deliveriesPerSecond: number;
  /** Delivery documents stored in Cosmos DB at the end. */
  readonly storedDeliveries: number;
  /** Requests to Teams (posts + root card updates) the notifications took, all instances together. */
  readonly requests: number;
  /** Deliveries stored with a status other than sent, read back from Cosmos DB at the end. */
  readonly notSentInStore: number;
  readonly outputs: readonly string[];
}

const eventsPerTenant = 20;
const opportunitiesPerTenant = 10;
const eve = { id: "29:eve", name: "Eve Admin", aadObjectId: "00000000-0000-4000-8000-00000000e001" };
const ann = { id: "29:ann", name: "Ann Berg", aadObjectId: "00000000-0000-4000-8000-00000000a001" };
const database = "failover";

const channelId = (t: number, c: number) => `19:t${t}c${c}@thread.tacv2`;
const tenantId = (t: number) => `tenant-failover-${t}`;

export async function runFailover(options: FailoverOptions): Promise<FailoverResult> {
  const log = options.log ?? (() => {});
  const cosmos = await startPlainCosmos();
  const connector = await RecordingConnector.start();
  const bots: BotProcess[] = [];
  const outputs: string[] = [];
  const env = {
    STORE: "cosmos",
    COSMOS_ENDPOINT: cosmos.endpoint,
    COSMOS_KEY: "local-test-key",
    COSMOS_DATABASE: database,
    ADMIN_AAD_IDS: eve.aadObjectId,
    SENDER_LEASE_SECONDS: String(options.leaseSeconds),
    LOG_LEVEL: "info",
  };
  try {
    const expected = options.tenants * options.channels * eventsPerTenant;
    const setup = await startBotProcess({ ...env, NOTIFICATIONS: "off" });
    bots.push(setup);
    const setupStarted = Date.now();
    await Promise.all(
      Array.from({ length: options.tenants }, (_, t) => makeWork(setup, connector, t, options.channels)),
    );
    log(`setup: ${expected} notifications committed in ${Date.now() - setupStarted} ms`);
    outputs.push(setup.output());
    await setup.stop();
    const setupRequests = connector.received.length;

    const gate = await holdLease(cosmos.endpoint, options.leaseSeconds * 333);
    // Started together; each loads and compiles the bundle, which keeps the 2 cores busy for a while.
    const instances = await Promise.all(
      Array.from({ length: options.instances }, () =>
        startBotProcess(env, { startTimeoutMs: 60_000 * options.instances }),
      ),
    );
    bots.push(...instances);
    await gate.release();
    const releasedAt = Date.now();
    const notifications = () => connector.received.length - setupRequests;
    const refused = () => bots.some((b) => /Document id .* is not usable/.test(b.output()));
    await until("the first notifications", () => notifications() > 0 || refused(), options.timeoutMs);
    if (refused()) {
      throw Object.assign(new Error("Cosmos DB refused the delivery documents' ids"), {
        deliveryIdsRefused: true,
      });
    }
    const firstAt = connector.receivedAt[setupRequests] ?? Date.now();
    log(`first notification ${firstAt - releasedAt} ms after the lease was released`);
    await until(
      `${options.killAfter} notifications`,
      () => posts(connector, setupRequests).length >= options.killAfter,
      options.timeoutMs,
    );

    const holder = await leaseHolder(cosmos.endpoint);
    const sender = bots.find((b) => b.running && holder.includes(`:${b.pid}:`));
    if (!sender) throw new Error(`no running instance holds the lease (holder ${holder})`);
    const killedAt = Date.now();
    await sender.kill("SIGKILL");
    const beforeKill = connector.received.length;
    if (new Set(posts(connector, setupRequests).map((p) => p.key)).size >= expected) {
      throw new Error("every notification was sent before the kill: nothing was left to take over");
    }
    outputs.push(sender.output());
    log(`killed the sender (pid ${sender.pid}) after ${beforeKill - setupRequests} requests`);

    const delivered = () => new Set(posts(connector, setupRequests).map((p) => p.key)).size;
    await until(
      "all notifications",
      () => delivered() >= expected,
      options.timeoutMs,
      () => `${delivered()} of ${expected}`,
    );
    // Give a late duplicate every chance to show up.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const all = posts(connector, setupRequests);
    const lastAt = Math.max(...all.map((p) => p.at));
    const takeoverAt = connector.receivedAt[beforeKill] ?? Date.now();
    const seen = new Map<string, { at: number; killed: boolean }[]>();
    for (const post of all) {
      const copy = { at: post.at - killedAt, killed: post.index < beforeKill };
      seen.set(post.key, [...(seen.get(post.key) ?? []), copy]);
    }
    const duplicates = [...seen]
      .filter(([, copies]) => copies.length > 1)
      .map(([key, copies]) => ({
        key,
        atMs: copies.map((c) => c.at),
        fromKilled: copies.filter((c) => c.killed).length,
        fromSuccessor: copies.filter((c) => !c.killed).length,
      }));
    const keys = new Set(all.map((p) => p.key));
    const activeMs = lastAt - firstAt - (takeoverAt - killedAt);
    const stored = await storedDeliveries(cosmos.endpoint, options.tenants);
    for (const bot of bots) if (bot.running) outputs.push(bot.output());
    return {
      expected,
      delivered: keys.size,
      lost: expected - keys.size,
      duplicates,
      beforeKill: beforeKill - setupRequests,
      takeoverMs: takeoverAt - killedAt,
      sendingMs: lastAt - firstAt,
      deliveriesPerSecond: keys.size / (activeMs / 1000),
      requests: connector.received.length - setupRequests,
      storedDeliveries: stored.total,
      notSentInStore: stored.notSent,
      outputs,
    };
  } catch (error) {
    for (const bot of bots) outputs.push(bot.output());
    const stored = await storedDeliveries(cosmos.endpoint, options.tenants).catch(() => undefined);
    const unmatched = connector.received
      .filter((a) => a.kind !== "update")
      .map((a) => cardText(cardOf(a)))
      .filter((text) => !/moved (O-\d+).* from (\w+) to (\w+)/.test(text));
    outputs.push(
      `stored deliveries: ${JSON.stringify(stored)}; unmatched posts: ${unmatched.length}\n${unmatched.slice(0, 3).join("\n---\n")}`,
    );
    throw Object.assign(error instanceof Error ? error : new Error(String(error)), { outputs });
  } finally {
    await Promise.all(bots.map((b) => b.stop()));
    await connector.close();
    await cosmos.stop();
  }
}

/** Parsed posts per connector: the connector only appends, so each activity is parsed once (polled often). */
const parsed = new WeakMap<
  RecordingConnector,
  { next: number; posts: { key: string; at: number; index: number }[] }
>();

/** A notification as it arrived: which event in which channel (a root post or a reply; not a root update). */
function posts(connector: RecordingConnector, from: number): { key: string; at: number; index: number }[] {
  const cache = parsed.get(connector) ?? { next: 0, posts: [] };
  parsed.set(connector, cache);
  for (; cache.next < connector.received.length; cache.next++) {
    const activity = connector.received[cache.next];
    if (!activity || activity.kind === "update") continue;
    const moved = /moved (O-\d+).* from (\w+) to (\w+)/.exec(cardText(cardOf(activity)));
    if (!moved) continue;
    const conversation = activity.conversationId.replace(/;messageid=.*$/, "");
    const key = `${conversation} ${moved[1]} ${moved[2]}>${moved[3]}`;
    cache.posts.push({ key, at: connector.receivedAt[cache.next] ?? 0, index: cache.next });
  }
  return cache.posts.filter((p) => p.index >= from);
}

/** One tenant's channels subscribe; one account, 7 opportunities, 20 stage moves. */
async function makeWork(bot: BotProcess, connector: RecordingConnector, t: number, channels: number) {
  const tenant = tenantId(t);
  const say = async (text: string, user: typeof ann, channel?: string) => {
    const base = teamsMessage({
      serviceUrl: connector.serviceUrl,
      text: channel ? `<at>Pipeline</at> ${text}` : text,
      user,
      tenantId: tenant,
      ...(channel ? { conversationId: channel, conversationType: "channel" as const } : {}),
    });
    const activity = channel
      ? {
          ...base,
          channelData: {
            tenant: { id: tenant },
            team: { id: `19:team-${t}@thread.tacv2`, name: "Sales" },
            channel: { id: channel, name: channel },
          },
          entities: [
            {
              type: "mention",
              text: "<at>Pipeline</at>",
              mentioned: { id: "28:pipeline-bot", name: "Pipeline" },
            },
          ],
        }
      : base;
    const response = await fetch(bot.endpoint, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(activity),
    });
    if (response.status !== 200) throw new Error(`"${text}" in ${tenant} answered HTTP ${response.status}`);
    const replies = connector.received.filter((r) => r.body.replyToId === activity.id);
    return [...replies.map((r) => r.body.text ?? ""), ...replies.map((r) => cardText(cardOf(r)))].join("\n");
  };
  const expect = async (text: string, user: typeof ann, pattern: RegExp, channel?: string) => {
    const answer = await say(text, user, channel);
    if (!pattern.test(answer)) throw new Error(`"${text}" in ${tenant} answered: ${answer}`);
  };
  for (let c = 0; c < channels; c++) await expect("notify here stage", eve, /stage changes/, channelId(t, c));
  await expect("account new Contoso Ltd", ann, /A-1001/);
  for (let o = 0; o < opportunitiesPerTenant; o++) {
    await expect(`opp new Deal ${o + 1} account=A-1001`, ann, new RegExp(`O-${1001 + o}`));
  }
  for (let e = 0; e < eventsPerTenant; e++) {
    const ref = `O-${1001 + (e % opportunitiesPerTenant)}`;
    await expect(`opp next ${ref}`, ann, e < opportunitiesPerTenant ? /Develop/ : /Propose/);
  }
}

/** The local Cosmos DB server over plain HTTP: the bot processes cannot be given a TLS agent. */
async function startPlainCosmos(): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const server: Server = createHttpServer({ keepAlive: true }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function withStore<T>(endpoint: string, use: (store: CosmosDocumentStore) => Promise<T>): Promise<T> {
  const store = await CosmosDocumentStore.open({
    endpoint,
    key: "local-test-key",
    database,
    container: "pipeline",
  });
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

/** Holds the sender lease from this process, renewing it, until released. */
async function holdLease(endpoint: string, renewMs: number): Promise<{ release(): Promise<void> }> {
  const store = await CosmosDocumentStore.open({
    endpoint,
    key: "local-test-key",
    database,
    container: "pipeline",
  });
  const leases = new StoreSenderLeaseStore(store);
  const record = (holder: string, term: number) => ({ holder, term, renewedAt: new Date().toISOString() });
  const existing = await leases.read();
  const term = (existing?.value.term ?? 0) + 1;
  let written = existing
    ? await leases.replace(record("test-gate", term), existing.version)
    : await leases.create(record("test-gate", term));
  if (!written) throw new Error("could not take the sender lease for the start");
  let stopped = false;
  const renewing = (async () => {
    while (!stopped) {
      await new Promise((resolve) => setTimeout(resolve, renewMs));
      if (stopped || !written) break;
      written = await leases.replace(record("test-gate", term), written.version);
    }
  })();
  return {
    async release() {
      stopped = true;
      await renewing;
      if (!written || !(await leases.replace(record("", term), written.version))) {
        throw new Error("the test lost the sender lease while the instances started");
      }
      await store.close();
    },
  };
}

async function leaseHolder(endpoint: string): Promise<string> {
  return withStore(endpoint, async (store) => {
    const lease = await store.read(leasePartition, "sender-lease");
    return typeof lease?.body["holder"] === "string" ? lease.body["holder"] : "";
  });
}

async function storedDeliveries(
  endpoint: string,
  tenants: number,
): Promise<{ total: number; notSent: number }> {
  return withStore(endpoint, async (store) => {
    let total = 0;
    let notSent = 0;
    for (let t = 0; t < tenants; t++) {
      let continuation: string | undefined;
      do {
        const page = await store.query(tenantId(t), {
          type: "delivery",
          limit: 1000,
          ...(continuation ? { continuation } : {}),
        });
        // Only the committed events' deliveries: on a working day after 08:00 in the tenant's zone, a
        // scheduler tick that comes while a slow run is still going (every 60 s) adds each rep's morning
        // nudge (`nudge:<date>>user:…`), and on a Monday a channel digest (`digest:…`), which are not part
        // of this scenario's count.
        const events = page.items.filter((item) => !/^(nudge|digest):/.test(String(item.body["deliveryId"])));
        total += events.length;
        notSent += events.filter((item) => item.body["status"] !== "sent").length;
        continuation = page.continuation;
      } while (continuation);
    }
    return { total, notSent };
  });
}

async function until(
  what: string,
  check: () => boolean,
  timeoutMs: number,
  progress?: () => string,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} (${progress?.() ?? ""})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

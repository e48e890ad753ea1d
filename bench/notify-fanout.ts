import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import type { ConversationAddress } from "../src/domain/directory/directory.js";
import { silentLogger } from "../src/log.js";
import { teamsRateLimits, type RateWindow } from "../src/notify/limiter.js";
import type {
  Delivery,
  NotificationTransport,
  OutgoingMessage,
  SendResult,
} from "../src/domain/notify/ports.js";
import type { Timers } from "../src/notify/timers.js";
import { VirtualTimers } from "../src/notify/virtual-timers.js";
import { DeliveryWorker } from "../src/notify/worker.js";
import {
  FakeComposer,
  InMemoryDeliveryRepository,
  InMemoryThreadRepository,
  RecordingSink,
  channelDelivery,
  stageEvent,
  tenantId,
} from "../test/support/notify-fakes.js";

/**
 * Notification fan-out benchmark: E stage-change events (spread over O opportunities) fanned out to C
 * subscribed channels of one tenant, E × C deliveries, sent through the real DeliveryWorker and its limiter
 * in VIRTUAL time against an in-process connector that enforces Teams' rate limits itself (answering 429
 * with Retry-After when a conversation or the tenant is over a window) and fails a small share of requests
 * with a 500. Each opportunity's first event in a channel posts the thread's root card; later ones reply
 * to it and refresh the root, so a channel sees E + (E − O) requests when nothing goes wrong.
 *
 *   npm run bench:notify                       2 000 events × 40 channels (80 000 deliveries)
 *   npm run bench:notify -- --quick            200 events × 10 channels
 *   npm run bench:notify -- --events N --channels C [--opportunities O] [--latency MS] [--error-rate P]
 *     [--max-in-flight N] [--seed S] [--no-limiter]
 *
 * Exits 1 when a delivery was posted twice or never, or a post landed out of order or outside its thread.
 */

interface Options {
  readonly events: number;
  readonly channels: number;
  readonly opportunities: number;
  readonly latencyMs: number;
  readonly errorRate: number;
  readonly maxInFlight: number;
  readonly seed: number;
  /** The worker's limiter off: only the connector's 429s pace it (shows what the limiter saves). */
  readonly noLimiter: boolean;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      events: { type: "string" },
      channels: { type: "string" },
      opportunities: { type: "string" },
      latency: { type: "string" },
      "error-rate": { type: "string" },
      "max-in-flight": { type: "string" },
      seed: { type: "string" },
      quick: { type: "boolean", default: false },
      "no-limiter": { type: "boolean", default: false },
    },
  });
  const number = (name: string, value: string | undefined, fallback: number, min = 0) => {
    const parsed = value === undefined ? fallback : Number(value);
    if (!Number.isFinite(parsed) || parsed < min) throw new Error(`--${name} must be a number ≥ ${min}`);
    return parsed;
  };
  const events = number("events", values.events, values.quick ? 200 : 2000, 1);
  return {
    events,
    channels: number("channels", values.channels, values.quick ? 10 : 40, 1),
    opportunities: number("opportunities", values.opportunities, Math.max(1, Math.round(events / 10)), 1),
    latencyMs: number("latency", values.latency, 40),
    errorRate: number("error-rate", values["error-rate"], 0.005),
    maxInFlight: number("max-in-flight", values["max-in-flight"], 16, 1),
    seed: number("seed", values.seed, 42),
    noLimiter: values["no-limiter"],
  };
}

/** mulberry32: a small seeded generator, so every run injects the same failures. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// --- the connector ----------------------------------------------------------------------------------------

/**
 * One rate window as the service might count it: the accepted requests' times, oldest first. Written
 * independently of src/notify/limiter.ts (a list per window, not the limiter's shared log) so the benchmark
 * checks the limiter rather than agreeing with it by construction.
 */
class ServiceWindow {
  private readonly times: number[] = [];
  private head = 0;

  constructor(private readonly window: RateWindow) {}

  /** 0 when one more request fits now, else how long until it would. */
  wait(now: number): number {
    while (this.head < this.times.length && (this.times[this.head] as number) <= now - this.window.windowMs) {
      this.head++;
    }
    if (this.times.length - this.head < this.window.limit) return 0;
    return (this.times[this.times.length - this.window.limit] as number) + this.window.windowMs - now;
  }

  add(now: number): void {
    this.times.push(now);
    if (this.head > 4096) {
      this.times.splice(0, this.head);
      this.head = 0;
    }
  }
}

interface Expected {
  readonly conversationId: string;
  readonly threadKey: string;
  readonly seq: number;
}

/** A Bot Connector stand-in for one tenant: enforces the limits, records what was posted where. */
class LimitEnforcingConnector implements NotificationTransport {
  private readonly conversations = new Map<string, ServiceWindow[]>();
  private readonly tenant = teamsRateLimits.tenant.map((w) => new ServiceWindow(w));
  /** Root activity id → its conversation and thread. */
  private readonly roots = new Map<string, { readonly conversationId: string; readonly threadKey: string }>();
  private readonly rootCount = new Map<string, number>();
  private readonly lastSeq = new Map<string, number>();
  readonly posts = new Map<string, number>();
  private nextId = 0;
  requests = 0;
  rejected = 0;
  errors = 0;
  updates = 0;
  outOfOrder = 0;
  threadErrors = 0;
  lastAnswerAt = 0;

  constructor(
    private readonly timers: Timers,
    private readonly expected: ReadonlyMap<string, Expected>,
    private readonly latencyMs: number,
    private readonly errorRate: number,
    private readonly random: () => number,
  ) {}

  send(address: ConversationAddress, message: OutgoingMessage, replyTo?: string): Promise<SendResult> {
    return this.handle(address.conversationId, () => {
      const id = message.summary ?? "";
      const expected = this.expected.get(id);
      this.posts.set(id, (this.posts.get(id) ?? 0) + 1);
      const activityId = `m-${++this.nextId}`;
      if (!expected || expected.conversationId !== address.conversationId) {
        this.threadErrors++;
        return activityId;
      }
      const last = this.lastSeq.get(address.conversationId) ?? -Infinity;
      if (expected.seq < last) this.outOfOrder++;
      this.lastSeq.set(address.conversationId, Math.max(last, expected.seq));
      if (replyTo === undefined) {
        const thread = `${address.conversationId}\n${expected.threadKey}`;
        const roots = (this.rootCount.get(thread) ?? 0) + 1;
        this.rootCount.set(thread, roots);
        if (roots > 1) this.threadErrors++;
        this.roots.set(activityId, { conversationId: address.conversationId, threadKey: expected.threadKey });
      } else {
        const root = this.roots.get(replyTo);
        if (root?.conversationId !== address.conversationId || root.threadKey !== expected.threadKey) {
          this.threadErrors++;
        }
      }
      return activityId;
    });
  }

  update(address: ConversationAddress, activityId: string): Promise<SendResult> {
    return this.handle(address.conversationId, () => {
      this.updates++;
      if (this.roots.get(activityId)?.conversationId !== address.conversationId) this.threadErrors++;
      return activityId;
    });
  }

  openPersonal(): Promise<SendResult> {
    throw new Error("the fan-out benchmark posts to channels only");
  }

  private async handle(conversationId: string, accept: () => string): Promise<SendResult> {
    const now = this.timers.now();
    this.requests++;
    let windows = this.conversations.get(conversationId);
    if (!windows) {
      windows = teamsRateLimits.conversation.map((w) => new ServiceWindow(w));
      this.conversations.set(conversationId, windows);
    }
    const wait = Math.max(0, ...windows.map((w) => w.wait(now)), ...this.tenant.map((w) => w.wait(now)));
    let result: SendResult;
    if (wait > 0) {
      // Retry-After is whole seconds on the wire.
      this.rejected++;
      result = { kind: "throttled", retryAfterMs: Math.ceil(wait / 1000) * 1000 };
    } else {
      for (const w of [...windows, ...this.tenant]) w.add(now);
      if (this.random() < this.errorRate) {
        this.errors++;
        result = { kind: "failed", retryable: true, status: 500, detail: "injected" };
      } else {
        result = { kind: "sent", activityId: accept() };
      }
    }
    await this.timers.sleep(this.latencyMs);
    this.lastAnswerAt = this.timers.now();
    return result;
  }
}

// --- the bound --------------------------------------------------------------------------------------------

/**
 * The least time from the first to the n-th request that these windows allow. Sending each request as
 * early as the windows let it go is optimal: by induction any valid schedule s has s_k ≥ g_k, because
 * s_k ≥ s_(k−1) ≥ g_(k−1) and s_k ≥ s_(k−L) + W ≥ g_(k−L) + W for every window of L requests per W ms.
 */
function leastTime(n: number, windows: readonly RateWindow[]): number {
  const times = new Float64Array(Math.max(1, n));
  for (let k = 0; k < n; k++) {
    let t = k > 0 ? (times[k - 1] as number) : 0;
    for (const { limit, windowMs } of windows) {
      if (k >= limit) t = Math.max(t, (times[k - limit] as number) + windowMs);
    }
    times[k] = t;
  }
  return n > 0 ? (times[n - 1] as number) : 0;
}

// --- the run ----------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const opts = options();
  const wallStart = performance.now();
  const timers = new VirtualTimers(Date.parse("2026-11-23T09:30:00.000Z"));
  const deliveries = new InMemoryDeliveryRepository(500);
  const threads = new InMemoryThreadRepository();
  const random = seeded(opts.seed);

  // Event e is about opportunity e mod O (its revision e div O + 1): threads interleave in every channel.
  const all: Delivery[] = [];
  const expected = new Map<string, Expected>();
  for (let e = 0; e < opts.events; e++) {
    const opportunity = e % opts.opportunities;
    const event = stageEvent(`O-${1001 + opportunity}`, Math.floor(e / opts.opportunities) + 1);
    for (let c = 0; c < opts.channels; c++) {
      const conversationId = `19:channel-${c}@thread.tacv2`;
      const delivery = channelDelivery(conversationId, event, e);
      all.push(delivery);
      expected.set(delivery.id, { conversationId, threadKey: event.subject.ref, seq: e });
    }
  }
  for (const delivery of all) await deliveries.createOnce(delivery);

  const connector = new LimitEnforcingConnector(timers, expected, opts.latencyMs, opts.errorRate, random);
  const worker = new DeliveryWorker({
    deliveries,
    threads,
    transport: connector,
    composer: new FakeComposer(true),
    sink: new RecordingSink(),
    timers,
    log: silentLogger,
    maxInFlight: opts.maxInFlight,
    random,
    ...(opts.noLimiter ? { limits: { conversation: [], tenant: [] } } : {}),
  });

  const t0 = timers.now();
  for (const delivery of all) worker.enqueue(deliveries.stored(tenantId, delivery.id));
  // As after a restart racing the relay: every pending delivery comes again and must be ignored.
  const recovered = await worker.recover([tenantId]);
  worker.start();
  await worker.idle();
  await worker.stop();
  const simulatedMs = connector.lastAnswerAt - t0;
  const wallMs = performance.now() - wallStart;

  // The bound: per channel, one root per opportunity plus a reply and a root update per later event. No
  // channel can get its requests through sooner than its windows allow, nor the tenant all of them sooner
  // than its own; the larger of the two least times, plus the last answer's latency, is a lower bound.
  const threadsPerChannel = Math.min(opts.opportunities, opts.events);
  const perChannel = threadsPerChannel + 2 * (opts.events - threadsPerChannel);
  const boundMs =
    Math.max(
      leastTime(perChannel, teamsRateLimits.conversation),
      leastTime(perChannel * opts.channels, teamsRateLimits.tenant),
    ) + opts.latencyMs;

  const duplicates = [...connector.posts.values()].filter((n) => n > 1).length;
  const lost = all.filter((d) => !connector.posts.has(d.id)).length;
  const notSent = deliveries.all().filter((d) => d.status !== "sent").length;
  const stats = worker.stats();
  const delivered = all.length - lost;
  const rate = delivered / (simulatedMs / 1000);
  const boundRate = all.length / (boundMs / 1000);
  const rssMb = process.resourceUsage().maxRSS / 1024;

  const n = (value: number) => value.toLocaleString("en-US");
  const rows: [string, string][] = [
    [
      "scenario",
      `${n(opts.events)} events × ${n(opts.channels)} channels, ${n(opts.opportunities)} opportunities`,
    ],
    [
      "",
      `latency ${opts.latencyMs} ms, ${(opts.errorRate * 100).toFixed(1)} % injected 500s, maxInFlight ${opts.maxInFlight}${opts.noLimiter ? ", worker's limiter OFF" : ""}`,
    ],
    ["deliveries", n(all.length)],
    [
      "requests",
      `${n(connector.requests)} (root updates ${n(connector.updates)}, 500s ${n(connector.errors)}, delivery retries ${n(stats.retried)})`,
    ],
    ["simulated duration", `${(simulatedMs / 1000).toFixed(1)} s (${formatDuration(simulatedMs)})`],
    ["delivered/s", rate.toFixed(2)],
    [
      "limit-bound max/s",
      `${boundRate.toFixed(2)} (least time the limits allow: ${(boundMs / 1000).toFixed(1)} s)`,
    ],
    ["ratio", `${((boundMs / simulatedMs) * 100).toFixed(1)} % (target ≥ 90 %)`],
    ["429s received", `${n(connector.rejected)} (target 0)`],
    ["duplicates", `${n(duplicates)} (must be 0)`],
    ["lost", `${n(lost)} (must be 0; not "sent" in the repository: ${n(notSent)})`],
    ["order/thread errors", `${n(connector.outOfOrder + connector.threadErrors)} (must be 0)`],
    ["recover() meanwhile", `${n(recovered)} new of ${n(all.length)} pending (already queued: ignored)`],
    ["wall clock", `${(wallMs / 1000).toFixed(1)} s`],
    ["peak RSS", `${rssMb.toFixed(0)} MB`],
  ];
  console.log("notify fan-out: real DeliveryWorker + limiter, virtual time, in-memory repository fakes,");
  console.log("a local connector that enforces Teams' rate limits on its own");
  for (const [label, value] of rows) console.log(`  ${label.padEnd(21)}${value}`);

  const ok =
    duplicates === 0 && lost === 0 && notSent === 0 && connector.outOfOrder + connector.threadErrors === 0;
  if (!ok) console.error("FAILED: duplicates, lost deliveries or misplaced posts");
  return ok ? 0 : 1;
}

function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h} h ${m} min ${s} s` : `${m} min ${s} s`;
}

process.exitCode = await main();

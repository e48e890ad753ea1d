import { expect, test } from "vitest";
import {
  SenderElection,
  type SenderLease,
  type SenderLeaseRecord,
  type SenderLeaseStore,
} from "../../src/notify/election.js";
import type { Delivery } from "../../src/domain/notify/ports.js";
import { VirtualTimers } from "../../src/notify/virtual-timers.js";
import { DeliveryWorker } from "../../src/notify/worker.js";
import {
  FakeComposer,
  InMemoryDeliveryRepository,
  InMemoryThreadRepository,
  RecordingSink,
  RecordingTransport,
  channelDelivery,
  recordingLogger,
  stageEvent,
  tenantId,
} from "../support/notify-fakes.js";

/**
 * The sender election in virtual time (renew every 5 s, 15 s expiry), over an in-memory lease store that
 * versions every write like an ETag; then the delivery worker under a lease it holds, loses and wins again.
 */

class InMemoryLeaseStore implements SenderLeaseStore {
  private doc: { value: SenderLeaseRecord; version: string } | undefined;
  private version = 0;
  /** Holders whose requests never come back (their process is frozen or cut off). */
  readonly frozen = new Set<string>();

  read() {
    return Promise.resolve(this.doc);
  }
  create(value: SenderLeaseRecord) {
    if (this.frozen.has(value.holder)) return new Promise<never>(() => {});
    if (this.doc) return Promise.resolve(undefined);
    this.doc = { value, version: `v${++this.version}` };
    return Promise.resolve({ version: this.doc.version });
  }
  replace(value: SenderLeaseRecord, version: string) {
    if (this.frozen.has(value.holder)) return new Promise<never>(() => {});
    if (!this.doc || this.doc.version !== version) return Promise.resolve(undefined);
    this.doc = { value, version: `v${++this.version}` };
    return Promise.resolve({ version: this.doc.version });
  }
  get current(): SenderLeaseRecord | undefined {
    return this.doc?.value;
  }
}

const t0 = Date.parse("2026-11-23T10:00:00.000Z");

function contenders(names: readonly string[]) {
  const timers = new VirtualTimers(t0);
  const store = new InMemoryLeaseStore();
  const log = recordingLogger();
  const gains: { holder: string; term: number; at: number }[] = [];
  const elections = new Map(
    names.map((holder) => [
      holder,
      new SenderElection({
        store,
        holder,
        timers,
        log,
        onGain: (term) => gains.push({ holder, term, at: timers.now() - t0 }),
      }),
    ]),
  );
  /** Who holds the lease by their own reckoning, sampled every 100 ms of virtual time for `ms`. */
  const watch = async (ms: number) => {
    const samples: string[][] = [];
    for (let t = 0; t < ms; t += 100) {
      samples.push([...elections].filter(([, e]) => e.term() !== undefined).map(([name]) => name));
      await timers.sleep(100);
    }
    return samples;
  };
  return {
    timers,
    store,
    elections,
    gains,
    watch,
    get: (name: string) => elections.get(name) as SenderElection,
  };
}

test("of three instances exactly one is the sender, and it keeps the lease by renewing it", async () => {
  const c = contenders(["a", "b", "c"]);
  for (const election of c.elections.values()) await election.start();

  const samples = await c.watch(60_000);
  expect(samples.every((holders) => holders.length === 1)).toBe(true);
  expect(new Set(samples.flat())).toEqual(new Set(["a"]));
  expect(c.gains).toEqual([{ holder: "a", term: 1, at: 0 }]);
  for (const election of c.elections.values()) await election.stop();
});

test("when the sender stops renewing, another takes over once the lease is 15 s unchanged, never overlapping", async () => {
  const c = contenders(["a", "b", "c"]);
  for (const election of c.elections.values()) await election.start();
  await c.timers.sleep(7_000);
  // "a" is frozen from 7 s on: its renewals never arrive (a dead or paused process).
  c.store.frozen.add("a");

  const samples = await c.watch(40_000);
  expect(samples.every((holders) => holders.length <= 1)).toBe(true);
  const takeover = c.gains[1];
  expect(takeover?.holder).toMatch(/^[bc]$/);
  expect(takeover?.term).toBe(2);
  // Last renewal at 5 s; seen unchanged from the next look (≤ 5 s later) for 15 s: taken over at 20–25 s.
  expect(takeover?.at).toBeGreaterThanOrEqual(20_000);
  expect(takeover?.at).toBeLessThanOrEqual(25_000);
  // "a" counted itself the sender until 5 s + (15 − 5) s after its last renewal: 15 s, before the takeover.
  const aUntil = samples.findIndex((holders) => !holders.includes("a")) * 100 + 7_000;
  expect(aUntil).toBe(15_000);
  expect(c.get("a").term()).toBeUndefined();
  for (const [name, election] of c.elections) if (name !== "a") await election.stop();
});

test("a sender that stops cleanly releases the lease, and another takes it at its next look", async () => {
  const c = contenders(["a", "b"]);
  await c.get("a").start();
  await c.get("b").start();
  await c.timers.sleep(6_000);
  await c.get("a").stop();
  expect(c.store.current).toMatchObject({ holder: "", term: 1 });

  await c.timers.sleep(5_000);
  expect(c.gains.map((g) => [g.holder, g.term])).toEqual([
    ["a", 1],
    ["b", 2],
  ]);
  expect(c.gains[1]?.at).toBeLessThanOrEqual(11_000);
  await c.get("b").stop();
});

/** A lease the test hands out and takes back. */
class ScriptedLease implements SenderLease {
  held: number | undefined = 1;
  term() {
    return this.held;
  }
}

function workerSetup(lease: SenderLease, deliveries = new InMemoryDeliveryRepository()) {
  const timers = new VirtualTimers(t0);
  const transport = new RecordingTransport(timers, 10);
  const worker = new DeliveryWorker({
    deliveries,
    threads: new InMemoryThreadRepository(),
    transport,
    composer: new FakeComposer(false),
    sink: new RecordingSink(),
    timers,
    log: recordingLogger(),
    random: () => 0.5,
    lease,
  });
  return { timers, transport, worker, deliveries };
}

test("a worker that loses its lease makes no request from that moment, also not one already waiting", async () => {
  const lease = new ScriptedLease();
  const w = workerSetup(lease);
  // 30 deliveries to one channel: at 7 per second most of them wait for the limiter, claimed or not.
  const all = Array.from({ length: 30 }, (_, i) => channelDelivery("19:a", stageEvent(`O-${i}`, 1), i));
  for (const d of all) {
    await w.deliveries.createOnce(d);
    w.worker.enqueue(w.deliveries.stored(tenantId, d.id));
  }
  w.worker.start();
  await w.timers.sleep(1_500);
  lease.held = undefined;
  const lostAt = w.timers.now();
  await w.timers.sleep(10_000);
  await w.worker.stop();

  const sent = w.transport.requests;
  expect(sent.length).toBeGreaterThan(0);
  expect(sent.length).toBeLessThan(30);
  expect(sent.every((r) => r.at < lostAt)).toBe(true);
  const stored = all.map((d) => w.deliveries.stored(tenantId, d.id).value);
  expect(stored.filter((d) => d.status === "sent")).toHaveLength(sent.length);
  // The claimed ones were claimed under term 1, and what was not sent is still pending.
  expect(stored.filter((d) => d.status === "pending")).toHaveLength(30 - sent.length);
  expect(stored.every((d) => d.leaseTerm === undefined || d.leaseTerm === 1)).toBe(true);
});

test("enqueue and recover are ignored while another instance is the sender", async () => {
  const lease = new ScriptedLease();
  lease.held = undefined;
  const w = workerSetup(lease);
  const d = channelDelivery("19:a", stageEvent("O-1", 1), 1);
  await w.deliveries.createOnce(d);
  w.worker.enqueue(w.deliveries.stored(tenantId, d.id));
  expect(await w.worker.recover([tenantId])).toBe(0);
  w.worker.start();
  await w.worker.idle();
  await w.worker.stop();
  expect(w.transport.requests).toHaveLength(0);
});

test("the next sender takes deliveries claimed under an earlier term at once, not after their lease", async () => {
  const deliveries = new InMemoryDeliveryRepository();
  const claimedEarlier: Delivery = {
    ...channelDelivery("19:a", stageEvent("O-1", 1), 1),
    attempts: 1,
    leaseUntil: "2026-11-23T10:02:00.000Z",
    leaseTerm: 1,
  };
  const claimedSameTerm: Delivery = {
    ...channelDelivery("19:b", stageEvent("O-1", 1), 1),
    attempts: 1,
    leaseUntil: "2026-11-23T10:02:00.000Z",
    leaseTerm: 2,
  };
  await deliveries.createOnce(claimedEarlier);
  await deliveries.createOnce(claimedSameTerm);
  const lease = new ScriptedLease();
  lease.held = 2;
  const w = workerSetup(lease, deliveries);

  expect(await w.worker.recover([tenantId])).toBe(2);
  w.worker.start();
  await w.timers.sleep(1_000);
  expect(w.transport.to("19:a").map((r) => r.at - t0)).toEqual([0]);
  // One claimed under the term held here is someone else's only by mistake; its lease is honoured.
  expect(w.transport.to("19:b")).toHaveLength(0);
  expect(w.deliveries.stored(tenantId, claimedEarlier.id).value).toMatchObject({
    status: "sent",
    attempts: 2,
  });
  await w.worker.stop();
});

test("a worker that lost its lease and forgot its queue sends again from the store when it wins again", async () => {
  const lease = new ScriptedLease();
  const w = workerSetup(lease);
  const all = Array.from({ length: 20 }, (_, i) => channelDelivery("19:a", stageEvent(`O-${i}`, 1), i));
  for (const d of all) {
    await w.deliveries.createOnce(d);
    w.worker.enqueue(w.deliveries.stored(tenantId, d.id));
  }
  w.worker.start();
  await w.timers.sleep(1_000);
  lease.held = undefined;
  await w.worker.stop();
  w.worker.forget();
  const before = w.transport.requests.length;

  lease.held = 3;
  w.worker.start();
  expect(await w.worker.recover([tenantId])).toBe(20 - before);
  await w.worker.idle();
  await w.worker.stop();
  const summaries = w.transport.requests.map((r) => r.message?.summary);
  expect(summaries).toHaveLength(20);
  expect(new Set(summaries).size).toBe(20);
});

test("a lease lost between the claim and the request (a pause) stops that request and releases the claim", async () => {
  const lease = new ScriptedLease();
  const w = workerSetup(lease);
  const d = channelDelivery("19:a", stageEvent("O-1", 1), 1);
  await w.deliveries.createOnce(d);
  // The claim is written; then the process "sleeps" and wakes up with its lease gone.
  w.deliveries.beforeReplace((delivery) => {
    if (delivery.leaseTerm === 1) lease.held = undefined;
  });
  w.worker.enqueue(w.deliveries.stored(tenantId, d.id));
  w.worker.start();
  await w.timers.sleep(5_000);
  await w.worker.stop();

  expect(w.transport.requests).toHaveLength(0);
  const stored = w.deliveries.stored(tenantId, d.id).value;
  expect(stored).toMatchObject({ status: "pending", attempts: 0 });
  expect(stored.leaseUntil).toBeUndefined();
  expect(stored.leaseTerm).toBeUndefined();
});

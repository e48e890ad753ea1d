import { expect, test } from "vitest";
import type { Delivery } from "../../src/domain/notify/ports.js";
import { VirtualTimers } from "../../src/notify/virtual-timers.js";
import { DeliveryWorker, type DeliveryWorkerOptions } from "../../src/notify/worker.js";
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
  userDelivery,
  type TransportRequest,
} from "../support/notify-fakes.js";

const serverError = { kind: "failed", retryable: true, status: 500, detail: "boom" } as const;

function setup(
  options: Partial<DeliveryWorkerOptions> & { readonly latencyMs?: number; readonly withRoot?: boolean } = {},
) {
  const timers = new VirtualTimers(Date.parse("2026-11-23T10:00:00.000Z"));
  const deliveries = new InMemoryDeliveryRepository();
  const threads = new InMemoryThreadRepository();
  const transport = new RecordingTransport(timers, options.latencyMs ?? 10);
  const composer = new FakeComposer(options.withRoot ?? true);
  const sink = new RecordingSink();
  const log = recordingLogger();
  const deps = { deliveries, threads, transport, composer, sink, timers, log, random: () => 0.5 };
  const worker = new DeliveryWorker({ ...deps, ...options });
  const t0 = timers.now();
  return {
    ...deps,
    worker,
    /** Milliseconds since the start of the test. */
    at: (request: TransportRequest | undefined) => (request ? request.at - t0 : NaN),
    async add(...added: Delivery[]) {
      for (const delivery of added) {
        await deliveries.createOnce(delivery);
        worker.enqueue(deliveries.stored(delivery.tenantId, delivery.id));
      }
    },
    status: (delivery: Delivery) => deliveries.stored(delivery.tenantId, delivery.id).value,
    async run() {
      worker.start();
      await worker.idle();
      await worker.stop();
    },
  };
}

/** Summaries of what was posted (sends only): the delivery ids. */
const posted = (requests: readonly TransportRequest[]) =>
  requests.filter((r) => r.kind === "send").map((r) => r.message?.summary);

test("sends each conversation's deliveries oldest first, one request at a time per conversation", async () => {
  const w = setup({ latencyMs: 50 });
  const a = [3, 1, 2].map((n) => channelDelivery("19:a", stageEvent(`O-${n}`, 1), n));
  const b = [2, 1].map((n) => channelDelivery("19:b", stageEvent(`O-${n}`, 1), n));
  await w.add(...a, ...b);
  await w.run();

  expect(posted(w.transport.to("19:a"))).toEqual(["O-1#1>ch:19:a", "O-2#1>ch:19:a", "O-3#1>ch:19:a"]);
  expect(posted(w.transport.to("19:b"))).toEqual(["O-1#1>ch:19:b", "O-2#1>ch:19:b"]);
  expect(w.transport.to("19:a").map(w.at)).toEqual([0, 50, 100]);
  expect(w.transport.to("19:b").map(w.at)).toEqual([0, 50]);
  expect(w.worker.stats()).toEqual({ sent: 5, throttled: 0, retried: 0, failed: 0, gone: 0 });
  const stored = w.status(a[0] as Delivery);
  expect(stored).toMatchObject({ status: "sent", attempts: 1, sentAt: "2026-11-23T10:00:00.150Z" });
  expect(stored.leaseUntil).toBeUndefined();
});

test("a thread's first event posts the root card; later ones reply to it and refresh the root", async () => {
  const w = setup();
  const events = [1, 2, 3].map((rev) => channelDelivery("19:a", stageEvent("O-1", rev), rev));
  await w.add(...events);
  await w.run();

  const requests = w.transport.to("19:a");
  expect(requests.map((r) => [r.kind, r.replyTo ?? r.activityId ?? "-", r.message?.summary])).toEqual([
    ["send", "-", "O-1#1>ch:19:a"],
    ["send", "act-1", "O-1#2>ch:19:a"],
    ["update", "act-1", "O-1#2>ch:19:a"],
    ["send", "act-1", "O-1#3>ch:19:a"],
    ["update", "act-1", "O-1#3>ch:19:a"],
  ]);
  expect(requests[0]?.message?.text).toBe("Opportunity O-1 (Stage 1)");
  expect(w.threads.all()).toEqual([
    { tenantId, conversationId: "19:a", threadKey: "O-1", rootActivityId: "act-1" },
  ]);
  expect(events.map((d) => w.status(d).activityId)).toEqual(["act-1", "act-2", "act-4"]);
});

test("a root Teams accepted without an id is sent once; the next event starts the thread again", async () => {
  const w = setup();
  w.transport.script((r) => r.kind === "send", { kind: "sent" });
  const events = [1, 2].map((rev) => channelDelivery("19:a", stageEvent("O-1", rev), rev));
  await w.add(...events);
  await w.run();

  expect(w.transport.to("19:a").map((r) => [r.kind, r.replyTo ?? "-"])).toEqual([
    ["send", "-"],
    ["send", "-"],
  ]);
  expect(events.map((d) => w.status(d).status)).toEqual(["sent", "sent"]);
  expect(w.status(events[0] as Delivery).activityId).toBeUndefined();
  expect(w.threads.all()).toEqual([
    { tenantId, conversationId: "19:a", threadKey: "O-1", rootActivityId: "act-1" },
  ]);
});

test("without a root card the first post starts the thread and replies need no update", async () => {
  const w = setup({ withRoot: false });
  await w.add(...[1, 2].map((rev) => channelDelivery("19:a", stageEvent("O-1", rev), rev)));
  await w.run();
  expect(w.transport.requests.map((r) => [r.kind, r.replyTo ?? "-"])).toEqual([
    ["send", "-"],
    ["send", "act-1"],
  ]);
});

test("a failed root update is logged and does not hold up the conversation", async () => {
  const w = setup();
  w.transport.script((r) => r.kind === "update", {
    kind: "failed",
    retryable: false,
    status: 400,
    detail: "bad",
  });
  await w.add(...[1, 2, 3].map((rev) => channelDelivery("19:a", stageEvent("O-1", rev), rev)));
  await w.run();
  expect(w.transport.requests.map((r) => r.kind)).toEqual(["send", "send", "update", "send", "update"]);
  expect(w.worker.stats()).toMatchObject({ sent: 3, failed: 0 });
  expect(w.log.entries.map((e) => e.message)).toContain("notify.root_update_failed");
});

test("a throttled root update is tried again after Retry-After, before the next delivery", async () => {
  const w = setup();
  w.transport.script((r) => r.kind === "update", { kind: "throttled", retryAfterMs: 2000 });
  await w.add(...[1, 2, 3].map((rev) => channelDelivery("19:a", stageEvent("O-1", rev), rev)));
  await w.run();
  expect(w.transport.requests.map((r) => [r.kind, w.at(r)])).toEqual([
    ["send", 0],
    ["send", 10],
    ["update", 20],
    ["update", 2030],
    ["send", 2040],
    ["update", 2050],
  ]);
  expect(w.worker.stats()).toMatchObject({ sent: 3, throttled: 1 });
});

test("a user who cannot be reached is gone, and the sink hears of it", async () => {
  const w = setup();
  w.transport.script((r) => r.kind === "open", { kind: "gone", status: 404 });
  const delivery = userDelivery("u-left", stageEvent("O-1", 1), 1);
  await w.add(delivery);
  await w.run();
  expect(w.status(delivery)).toMatchObject({ status: "gone", lastError: "404: conversation gone" });
  expect(w.sink.goneCalls).toEqual([{ tenantId, target: delivery.target }]);
  expect(w.sink.openedCalls).toEqual([]);
});

test("requests to a conversation stay within 7 per second and 8 per 2 seconds", async () => {
  const w = setup({ latencyMs: 0 });
  await w.add(...Array.from({ length: 12 }, (_, i) => channelDelivery("19:a", stageEvent("O-1", i + 1), i)));
  await w.run();

  // One root and 11 replies with their root updates.
  const times = w.transport.to("19:a").map(w.at);
  expect(times).toHaveLength(23);
  expect(times.slice(0, 9)).toEqual([0, 0, 0, 0, 0, 0, 0, 1000, 2000]);
  for (let i = 7; i < times.length; i++)
    expect((times[i] as number) - (times[i - 7] as number)).toBeGreaterThanOrEqual(1000);
  for (let i = 8; i < times.length; i++)
    expect((times[i] as number) - (times[i - 8] as number)).toBeGreaterThanOrEqual(2000);
});

test("requests across a tenant's conversations stay within 50 per second", async () => {
  const w = setup({ latencyMs: 0, maxInFlight: 100 });
  await w.add(...Array.from({ length: 60 }, (_, i) => channelDelivery(`19:c${i}`, stageEvent("O-1", 1), 1)));
  await w.run();
  const times = w.transport.requests.map(w.at);
  expect(times.filter((t) => t < 1000)).toHaveLength(50);
  expect(times.filter((t) => t === 1000)).toHaveLength(10);
});

test("no more than maxInFlight requests at once", async () => {
  const w = setup({ latencyMs: 100, maxInFlight: 2 });
  await w.add(...Array.from({ length: 6 }, (_, i) => channelDelivery(`19:c${i}`, stageEvent("O-1", 1), 1)));
  await w.run();
  expect(w.transport.maxInFlight).toBe(2);
  expect(w.transport.requests.map(w.at)).toEqual([0, 0, 100, 100, 200, 200]);
});

test("a 429 pauses that conversation for Retry-After and does not count as an attempt", async () => {
  const w = setup();
  w.transport.script((r) => r.conversationId === "19:a", { kind: "throttled", retryAfterMs: 3000 });
  const first = channelDelivery("19:a", stageEvent("O-1", 1), 1);
  await w.add(
    first,
    channelDelivery("19:a", stageEvent("O-2", 1), 2),
    channelDelivery("19:b", stageEvent("O-1", 1), 1),
  );
  await w.run();

  expect(w.transport.to("19:a").map(w.at)).toEqual([0, 3010, 3020]);
  expect(w.transport.to("19:b").map(w.at)).toEqual([0]);
  expect(w.status(first)).toMatchObject({ status: "sent", attempts: 1 });
  expect(w.worker.stats()).toEqual({ sent: 3, throttled: 1, retried: 0, failed: 0, gone: 0 });
});

test("a 5xx is retried after a jittered, growing backoff, then sent", async () => {
  const w = setup();
  w.transport.script(() => true, serverError, serverError);
  const delivery = channelDelivery("19:a", stageEvent("O-1", 1), 1);
  await w.add(delivery);
  await w.run();

  // Answered after 10 ms; retried 750 ms later (1 s step, random 0.5), then 1500 ms later.
  expect(w.transport.requests.map(w.at)).toEqual([0, 760, 2270]);
  expect(w.status(delivery)).toMatchObject({ status: "sent", attempts: 3 });
  expect(w.status(delivery).lastError).toBeUndefined();
  expect(w.worker.stats()).toEqual({ sent: 1, throttled: 0, retried: 2, failed: 0, gone: 0 });
});

test("a delivery that keeps failing is given up after maxAttempts; the next one still goes", async () => {
  const w = setup({ maxAttempts: 3 });
  w.transport.script((r) => r.message?.summary === "O-1#1>ch:19:a", serverError, serverError, serverError);
  const doomed = channelDelivery("19:a", stageEvent("O-1", 1), 1);
  const next = channelDelivery("19:a", stageEvent("O-2", 1), 2);
  await w.add(doomed, next);
  await w.run();

  expect(w.status(doomed)).toMatchObject({ status: "failed", attempts: 3, lastError: "500: boom" });
  expect(w.status(next)).toMatchObject({ status: "sent" });
  expect(w.transport.requests).toHaveLength(4);
  expect(w.worker.stats()).toEqual({ sent: 1, throttled: 0, retried: 2, failed: 1, gone: 0 });
});

test("a non-retryable failure fails the delivery at once", async () => {
  const w = setup();
  w.transport.script(() => true, { kind: "failed", retryable: false, status: 400, detail: "bad card" });
  const delivery = channelDelivery("19:a", stageEvent("O-1", 1), 1);
  await w.add(delivery);
  await w.run();
  expect(w.status(delivery)).toMatchObject({ status: "failed", attempts: 1, lastError: "400: bad card" });
  expect(w.transport.requests).toHaveLength(1);
});

test("a gone conversation takes its queued deliveries with it and the sink hears of it once", async () => {
  const w = setup();
  w.transport.script((r) => r.conversationId === "19:a", { kind: "gone", status: 403 });
  const a = [1, 2, 3].map((n) => channelDelivery("19:a", stageEvent(`O-${n}`, 1), n));
  const b = channelDelivery("19:b", stageEvent("O-1", 1), 1);
  await w.add(...a, b);
  await w.run();

  expect(w.transport.to("19:a")).toHaveLength(1);
  expect(a.map((d) => w.status(d).status)).toEqual(["gone", "gone", "gone"]);
  expect(w.status(b).status).toBe("sent");
  expect(w.sink.goneCalls).toEqual([{ tenantId, target: a[0]?.target }]);
  expect(w.worker.stats()).toEqual({ sent: 1, throttled: 0, retried: 0, failed: 0, gone: 3 });
});

test("the same delivery enqueued twice, or recovered after it was sent, is sent once", async () => {
  const w = setup();
  const delivery = channelDelivery("19:a", stageEvent("O-1", 1), 1);
  await w.add(delivery);
  const item = w.deliveries.stored(tenantId, delivery.id);
  w.worker.enqueue(item);
  await w.run();
  w.worker.enqueue(item);
  expect(await w.worker.recover([tenantId])).toBe(0);
  await w.run();
  expect(w.transport.requests).toHaveLength(1);
});

test("another worker holding a stale pending copy does not send it again", async () => {
  const w = setup();
  const delivery = channelDelivery("19:a", stageEvent("O-1", 1), 1);
  await w.add(delivery);
  const stale = w.deliveries.stored(tenantId, delivery.id);
  await w.run();

  const other = new DeliveryWorker({ ...w, random: () => 0.5 });
  other.enqueue(stale);
  other.start();
  await other.idle();
  await other.stop();
  expect(w.transport.requests).toHaveLength(1);
  expect(other.stats().sent).toBe(0);
});

test("a delivery another worker claims first (our claim loses) is left to it", async () => {
  const w = setup();
  const delivery = channelDelivery("19:a", stageEvent("O-1", 1), 1);
  const theirs = { ...delivery, attempts: 1, leaseUntil: "2026-11-23T10:02:00.000Z" };
  let raced = false;
  w.deliveries.beforeReplace(() => {
    if (raced) return;
    raced = true;
    w.deliveries.overwrite(theirs);
  });
  await w.add(delivery);
  await w.run();

  expect(raced).toBe(true);
  expect(w.transport.requests).toHaveLength(0);
  expect(w.status(delivery)).toEqual(theirs);
  expect(w.worker.stats()).toEqual({ sent: 0, throttled: 0, retried: 0, failed: 0, gone: 0 });
});

test("a delivery changed meanwhile but still pending and free is sent once", async () => {
  const w = setup();
  const delivery = channelDelivery("19:a", stageEvent("O-1", 1), 1);
  await w.deliveries.createOnce(delivery);
  const item = w.deliveries.stored(tenantId, delivery.id);
  w.deliveries.overwrite({ ...delivery });
  w.worker.enqueue(item);
  await w.run();
  expect(w.transport.requests).toHaveLength(1);
  expect(w.status(delivery)).toMatchObject({ status: "sent", attempts: 1 });
});

test("recover queues the pending deliveries of the given tenants, page by page", async () => {
  const w = setup({ latencyMs: 0, maxInFlight: 50 });
  const mine = Array.from({ length: 250 }, (_, i) =>
    channelDelivery(`19:c${i % 5}`, stageEvent(`O-${i}`, 1), i),
  );
  for (const d of mine) await w.deliveries.createOnce(d);
  await w.deliveries.createOnce({ ...channelDelivery("19:x", stageEvent("O-1", 1), 1), tenantId: "t-other" });
  await w.deliveries.createOnce(channelDelivery("19:done", stageEvent("O-1", 1), 1, { status: "sent" }));

  expect(await w.worker.recover([tenantId])).toBe(250);
  await w.run();
  expect(w.worker.stats().sent).toBe(250);
  expect(w.transport.to("19:x")).toHaveLength(0);
  expect(w.transport.to("19:done")).toHaveLength(0);
});

test("nothing is attempted before notBefore or while another worker's lease lasts", async () => {
  const w = setup();
  const later = channelDelivery("19:a", stageEvent("O-1", 1), 1, { notBefore: "2026-11-23T10:00:05.000Z" });
  const leased = channelDelivery("19:b", stageEvent("O-1", 1), 1, { leaseUntil: "2026-11-23T10:00:30.000Z" });
  await w.add(later, leased);
  await w.run();
  expect(w.transport.to("19:a").map(w.at)).toEqual([5000]);
  expect(w.transport.to("19:b").map(w.at)).toEqual([30_000]);
});

test("a user without a known chat gets one opened once; the sink remembers it", async () => {
  const w = setup();
  const first = userDelivery("u-bo", stageEvent("O-1", 1), 1);
  await w.add(first, userDelivery("u-bo", stageEvent("O-1", 2), 2));
  await w.run();

  expect(w.transport.requests.map((r) => [r.kind, r.conversationId])).toEqual([
    ["open", "29:u-bo"],
    ["send", "a:personal-29:u-bo"],
    ["send", "a:personal-29:u-bo"],
  ]);
  expect(w.sink.openedCalls).toEqual([
    {
      tenantId,
      userId: "u-bo",
      address: {
        serviceUrl: "https://smba.example.test/emea/",
        conversationId: "a:personal-29:u-bo",
        kind: "personal",
        botId: "28:bot",
      },
    },
  ]);
  expect(w.status(first)).toMatchObject({ status: "sent", activityId: "act-1" });
});

test("a user whose chat is known is posted to directly", async () => {
  const w = setup();
  const address = {
    serviceUrl: "https://s/",
    conversationId: "a:known",
    kind: "personal",
    botId: "28:bot",
  } as const;
  await w.add(userDelivery("u-bo", stageEvent("O-1", 1), 1, address));
  await w.run();
  expect(w.transport.requests.map((r) => [r.kind, r.conversationId])).toEqual([["send", "a:known"]]);
});

test("a composer that throws is retried with backoff and logged, never an unhandled rejection", async () => {
  const w = setup();
  w.composer.failNext();
  const delivery = channelDelivery("19:a", stageEvent("O-1", 1), 1);
  await w.add(delivery);
  await w.run();
  expect(w.transport.requests.map(w.at)).toEqual([750]);
  expect(w.status(delivery)).toMatchObject({ status: "sent", attempts: 2 });
  expect(w.log.entries.find((e) => e.message === "notify.delivery_retry")?.fields).toMatchObject({
    lastError: "error: Error: compose failed (injected)",
  });
});

test("a storage error while claiming is retried after a re-read", async () => {
  const w = setup();
  w.deliveries.failNext("replace");
  const delivery = channelDelivery("19:a", stageEvent("O-1", 1), 1);
  await w.add(delivery);
  await w.run();
  expect(w.transport.requests.map(w.at)).toEqual([750]);
  expect(w.status(delivery).status).toBe("sent");
});

test("a storage error after the send stores the outcome later and never sends again", async () => {
  const w = setup();
  let failures = 2;
  w.deliveries.beforeReplace((d) => {
    if (d.status === "sent" && failures-- > 0) throw new Error("store down");
  });
  w.deliveries.failNext("get");
  const delivery = channelDelivery("19:a", stageEvent("O-1", 1), 1);
  await w.add(delivery, channelDelivery("19:a", stageEvent("O-2", 1), 2));
  await w.run();
  expect(posted(w.transport.requests)).toEqual(["O-1#1>ch:19:a", "O-2#1>ch:19:a"]);
  expect(w.status(delivery)).toMatchObject({ status: "sent", activityId: "act-1" });
  expect(w.worker.stats().sent).toBe(2);
});

test("stop waits for the request in flight, stores its outcome and takes no new work", async () => {
  const w = setup({ latencyMs: 100 });
  const first = channelDelivery("19:a", stageEvent("O-1", 1), 1);
  const second = channelDelivery("19:a", stageEvent("O-2", 1), 2);
  await w.add(first, second);
  w.worker.start();
  await w.timers.sleep(50);
  await w.worker.stop();

  expect(w.transport.requests).toHaveLength(1);
  expect(w.status(first).status).toBe("sent");
  expect(w.status(second)).toMatchObject({ status: "pending", attempts: 0 });
  await w.timers.sleep(60_000);
  expect(w.transport.requests).toHaveLength(1);
});

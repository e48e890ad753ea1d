import type {
  Delivery,
  DeliveryRepository,
  NotificationComposer,
  NotificationTransport,
  SendResult,
  TargetSink,
  ThreadRepository,
} from "../domain/notify/ports.js";
import type { Logger } from "../log.js";
import { backoffDelay, type BackoffPolicy } from "./backoff.js";
import type { SenderLease } from "./election.js";
import { describe, request, type Attempt, type RequestPorts } from "./delivery-request.js";
import { laneReadyAt, type Entry, type Lane, type RootUpdate } from "./lane.js";
import type { RateLimiter } from "./limiter.js";
import type { Timers } from "./timers.js";

/** The worker's counts, as `stats()` reports them. */
export interface DeliveryCounts {
  sent: number;
  throttled: number;
  retried: number;
  failed: number;
  gone: number;
}

/** What one step needs from the worker: its ports and settings, and its hold on the lane's queue. */
export interface LaneStepOptions extends RequestPorts {
  readonly deliveries: DeliveryRepository;
  readonly timers: Timers;
  readonly limiter: RateLimiter;
  readonly leaseMs: number;
  readonly backoff: BackoffPolicy;
  readonly maxAttempts: number;
  readonly random: () => number;
  readonly lease: SenderLease | undefined;
  readonly counts: DeliveryCounts;
  /** The delivery is decided: off the queue, and remembered as done. */
  readonly finish: (lane: Lane, entry: Entry) => void;
  /** The delivery is someone else's now: off the queue, not remembered. */
  readonly drop: (lane: Lane, entry: Entry) => void;
}

/**
 * One step of one lane: refresh the head delivery's stored copy, claim it under a lease, make its requests,
 * and store the outcome (sent, retry later, throttled, failed, gone) — or refresh a thread's root card.
 */
export class LaneSteps implements RequestPorts {
  readonly deliveries: DeliveryRepository;
  readonly threads: ThreadRepository;
  readonly transport: NotificationTransport;
  readonly composer: NotificationComposer;
  readonly sink: TargetSink;
  readonly timers: Timers;
  readonly log: Logger;
  readonly permit: LaneStepOptions["permit"];
  private readonly limiter: RateLimiter;
  private readonly leaseMs: number;
  private readonly backoff: BackoffPolicy;
  private readonly maxAttempts: number;
  private readonly random: () => number;
  private readonly lease: SenderLease | undefined;
  private readonly counts: DeliveryCounts;
  private readonly finish: LaneStepOptions["finish"];
  private readonly drop: LaneStepOptions["drop"];

  constructor(options: LaneStepOptions) {
    this.deliveries = options.deliveries;
    this.threads = options.threads;
    this.transport = options.transport;
    this.composer = options.composer;
    this.sink = options.sink;
    this.timers = options.timers;
    this.log = options.log;
    this.permit = options.permit;
    this.limiter = options.limiter;
    this.leaseMs = options.leaseMs;
    this.backoff = options.backoff;
    this.maxAttempts = options.maxAttempts;
    this.random = options.random;
    this.lease = options.lease;
    this.counts = options.counts;
    this.finish = options.finish;
    this.drop = options.drop;
  }

  async runLane(lane: Lane): Promise<void> {
    const update = lane.rootUpdate;
    const head = lane.queue.peek();
    try {
      if (update) await this.updateRoot(lane, update);
      else if (head) await this.work(lane, head);
    } catch (error) {
      // Every expected failure is handled below; this is a bug, kept from becoming an unhandled rejection.
      this.log.error("notify.worker_failed", { lane: lane.key, error: describe(error) });
    }
  }

  private async work(lane: Lane, entry: Entry): Promise<void> {
    try {
      if (entry.stale && !(await this.refresh(lane, entry))) return;
      if (entry.outcome) {
        await this.store(lane, entry, entry.outcome);
        return;
      }
      // After a re-read the delivery may have to wait (notBefore, a paused conversation): back to the heap.
      if (laneReadyAt(lane, this.timers.now(), this.limiter) > this.timers.now()) return;
      await this.attempt(lane, entry);
    } catch (error) {
      // Storage failed: what is stored is unknown now, so re-read before the next try.
      entry.stale = true;
      entry.troubles++;
      const delay = backoffDelay(entry.troubles, this.random, this.backoff);
      entry.eligibleAt = this.timers.now() + delay;
      this.log.warn("notify.delivery_retry_after_error", {
        deliveryId: entry.value.id,
        tenantId: entry.value.tenantId,
        retryInMs: delay,
        error: describe(error),
      });
    }
  }

  /** Re-reads the stored copy; false (and off the queue) unless it is still ours to send. */
  private async refresh(lane: Lane, entry: Entry): Promise<boolean> {
    const fresh = await this.deliveries.get(entry.value.tenantId, entry.value.id);
    const now = this.timers.now();
    if (!fresh || fresh.value.status !== "pending") {
      this.finish(lane, entry);
      return false;
    }
    const lease = fresh.value.leaseUntil;
    if (
      lease !== undefined &&
      lease !== entry.ownLease &&
      Date.parse(lease) > now &&
      !this.supersedes(fresh.value)
    ) {
      this.log.debug("notify.delivery_leased_elsewhere", { deliveryId: entry.value.id });
      this.drop(lane, entry);
      return false;
    }
    entry.value = fresh.value;
    entry.version = fresh.version;
    entry.stale = false;
    entry.eligibleAt = Math.max(entry.eligibleAt, this.eligibleAt(fresh.value, entry.ownLease));
    return true;
  }

  /** Claimed under an earlier sender term than the one held here: its claimer has stopped sending. */
  private supersedes(delivery: Delivery): boolean {
    const held = this.lease?.term();
    return held !== undefined && delivery.leaseTerm !== undefined && delivery.leaseTerm < held;
  }

  eligibleAt(delivery: Delivery, ownLease: string | undefined): number {
    return eligibleAt(delivery, this.supersedes(delivery) ? delivery.leaseUntil : ownLease);
  }

  private async attempt(lane: Lane, entry: Entry): Promise<void> {
    const now = this.timers.now();
    const delivery = entry.value;
    if (delivery.attempts >= this.maxAttempts) {
      this.counts.failed++;
      const failed = { ...withoutLease(delivery), status: "failed" as const };
      const value = {
        ...failed,
        lastError: delivery.lastError ?? `gave up after ${delivery.attempts} attempts`,
      };
      await this.store(lane, entry, { value });
      return;
    }

    const term = this.lease?.term();
    if (this.lease && term === undefined) return;
    const leaseUntil = iso(now + this.leaseMs);
    const claimed: Delivery = {
      ...withoutLease(delivery),
      attempts: delivery.attempts + 1,
      leaseUntil,
      ...(term === undefined ? {} : { leaseTerm: term }),
    };
    // Ours before the write returns: if it throws, a re-read that finds this lease knows it is ours.
    entry.ownLease = leaseUntil;
    const written = await this.deliveries.replace(claimed, entry.version);
    if (!written) {
      // Someone else changed it meanwhile: theirs unless it is still pending and free.
      entry.ownLease = undefined;
      if (await this.refresh(lane, entry)) {
        entry.troubles++;
        entry.eligibleAt = Math.max(
          entry.eligibleAt,
          now + backoffDelay(entry.troubles, this.random, this.backoff),
        );
      }
      return;
    }
    entry.value = claimed;
    entry.version = written.version;
    entry.troubles = 0;

    const attempt = await request(this, lane, claimed);
    await this.conclude(lane, entry, claimed, attempt);
  }

  private async conclude(lane: Lane, entry: Entry, claimed: Delivery, attempt: Attempt): Promise<void> {
    const now = this.timers.now();
    if (attempt.kind === "stopped") {
      await this.release(lane, entry, { ...withoutLease(claimed), attempts: claimed.attempts - 1 });
      return;
    }
    const { result, conversation } = attempt;
    switch (result.kind) {
      case "sent": {
        this.counts.sent++;
        if (attempt.rootUpdate) lane.rootUpdate = attempt.rootUpdate;
        const { lastError: _lastError, notBefore: _notBefore, ...rest } = withoutLease(claimed);
        const value: Delivery = {
          ...rest,
          status: "sent",
          sentAt: iso(now),
          ...(result.activityId ? { activityId: result.activityId } : {}),
        };
        await this.store(lane, entry, { value, ...(attempt.thread ? { thread: attempt.thread } : {}) });
        return;
      }
      case "throttled": {
        // Not the delivery's fault: the attempt does not count towards giving up.
        this.counts.throttled++;
        const until = now + Math.max(0, result.retryAfterMs);
        this.limiter.pause(conversation, until);
        this.log.info("notify.throttled", {
          tenantId: claimed.tenantId,
          conversation,
          retryAfterMs: result.retryAfterMs,
        });
        await this.release(lane, entry, {
          ...withoutLease(claimed),
          attempts: claimed.attempts - 1,
          notBefore: iso(until),
        });
        return;
      }
      case "failed": {
        const lastError = `${result.status ?? "error"}: ${result.detail}`;
        if (result.retryable && claimed.attempts < this.maxAttempts) {
          this.counts.retried++;
          const delay = backoffDelay(claimed.attempts, this.random, this.backoff);
          this.log.warn("notify.delivery_retry", { deliveryId: claimed.id, lastError, retryInMs: delay });
          await this.release(lane, entry, {
            ...withoutLease(claimed),
            notBefore: iso(now + delay),
            lastError,
          });
          return;
        }
        this.counts.failed++;
        this.log.warn("notify.delivery_failed", {
          deliveryId: claimed.id,
          attempts: claimed.attempts,
          lastError,
        });
        await this.store(lane, entry, { value: { ...withoutLease(claimed), status: "failed", lastError } });
        return;
      }
      case "gone":
        await this.gone(lane, entry, claimed, result.status);
        return;
    }
  }

  /** The conversation is gone: this delivery and every one queued behind it, and the sink is told once. */
  private async gone(lane: Lane, entry: Entry, claimed: Delivery, status: number): Promise<void> {
    const lastError = `${status}: conversation gone`;
    this.log.info("notify.conversation_gone", {
      tenantId: claimed.tenantId,
      target: claimed.target.key,
      status,
    });
    lane.rootUpdate = undefined;
    for (const other of lane.queue.items()) {
      if (other === entry || other.outcome) continue;
      this.counts.gone++;
      other.outcome = { value: { ...withoutLease(other.value), status: "gone", lastError } };
      other.eligibleAt = 0;
    }
    this.counts.gone++;
    entry.outcome = { value: { ...withoutLease(claimed), status: "gone", lastError } };
    try {
      await this.sink.gone(claimed.tenantId, claimed.target);
    } catch (error) {
      this.log.warn("notify.gone_not_recorded", { target: claimed.target.key, error: describe(error) });
    }
    await this.store(lane, entry, entry.outcome);
  }

  /** Stores a still-pending delivery (retry later); keeps it at the head of its lane. */
  private async release(lane: Lane, entry: Entry, next: Delivery): Promise<void> {
    const written = await this.deliveries.replace(next, entry.version);
    if (!written) {
      this.log.warn("notify.delivery_changed_meanwhile", { deliveryId: next.id });
      entry.ownLease = undefined;
      await this.refresh(lane, entry);
      return;
    }
    entry.value = next;
    entry.version = written.version;
    entry.ownLease = undefined;
    entry.eligibleAt = this.eligibleAt(next, undefined);
  }

  /** Stores a decided outcome (and the thread root it created); the delivery leaves the queue. */
  private async store(lane: Lane, entry: Entry, outcome: NonNullable<Entry["outcome"]>): Promise<void> {
    entry.outcome = outcome;
    if (outcome.thread) {
      const saved = await this.threads.save(outcome.thread);
      if (saved.rootActivityId !== outcome.thread.rootActivityId) {
        this.log.warn("notify.thread_root_raced", {
          threadKey: saved.threadKey,
          conversation: saved.conversationId,
        });
      }
      entry.outcome = { value: outcome.value };
    }
    const written = await this.deliveries.replace(outcome.value, entry.version);
    if (!written) {
      // The request was made; all that is left is to say so. Another writer had it meanwhile.
      this.log.warn("notify.outcome_not_stored", {
        deliveryId: outcome.value.id,
        status: outcome.value.status,
      });
    }
    this.finish(lane, entry);
  }

  /** Refreshes the thread's root card: best effort, a few tries, then left to the next event. */
  private async updateRoot(lane: Lane, update: RootUpdate): Promise<void> {
    const conversation = update.address.conversationId;
    if (!(await this.permit(lane, conversation))) return;
    lane.rootUpdate = undefined;
    let result: SendResult;
    try {
      result = await this.transport.update(update.address, update.activityId, update.message);
    } catch (error) {
      result = { kind: "failed", retryable: true, detail: describe(error) };
    }
    if (result.kind === "sent") return;
    const now = this.timers.now();
    const tries = update.tries + 1;
    if (result.kind === "throttled") {
      this.counts.throttled++;
      this.limiter.pause(conversation, now + Math.max(0, result.retryAfterMs));
    }
    const again = result.kind === "throttled" || (result.kind === "failed" && result.retryable);
    if (again && tries < 3) {
      const delay = result.kind === "failed" ? backoffDelay(tries, this.random, this.backoff) : 0;
      lane.rootUpdate = { ...update, tries, notBefore: now + delay };
      return;
    }
    this.log.warn("notify.root_update_failed", {
      conversation,
      activityId: update.activityId,
      result: result.kind,
    });
  }
}

function eligibleAt(delivery: Delivery, ownLease: string | undefined): number {
  const notBefore = delivery.notBefore ? Date.parse(delivery.notBefore) : 0;
  const lease = delivery.leaseUntil && delivery.leaseUntil !== ownLease ? Date.parse(delivery.leaseUntil) : 0;
  return Math.max(0, notBefore || 0, lease || 0);
}

function withoutLease(delivery: Delivery): Delivery {
  const { leaseUntil: _leaseUntil, leaseTerm: _leaseTerm, ...rest } = delivery;
  return rest;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

import type { Versioned } from "../domain/shared/ports.js";
import type { Logger } from "../log.js";
import type { SenderLease } from "./election.js";
import { backoffDelay, defaultBackoff, maxDeliveryAttempts, type BackoffPolicy } from "./backoff.js";
import { RateLimiter, teamsRateLimits, type RateLimits } from "./limiter.js";
import { MinHeap } from "./min-heap.js";
import type {
  Delivery,
  DeliveryRepository,
  NotificationComposer,
  NotificationTransport,
  SendResult,
  TargetSink,
  ThreadRepository,
  ThreadRoot,
} from "../domain/notify/ports.js";
import type { Timers } from "./timers.js";
import {
  firstConversation,
  laneReadyAt,
  SeqQueue,
  slotBefore,
  type Entry,
  type Lane,
  type RootUpdate,
  type Slot,
  type TenantState,
  type Waiter,
} from "./lane.js";

export interface DeliveryWorkerOptions {
  readonly deliveries: DeliveryRepository;
  readonly threads: ThreadRepository;
  readonly transport: NotificationTransport;
  readonly composer: NotificationComposer;
  readonly sink: TargetSink;
  readonly timers: Timers;
  readonly log: Logger;
  readonly limits?: RateLimits;
  /** Conversations worked on at once (each has at most one request in flight). Default 16. */
  readonly maxInFlight?: number;
  /** How long a claim keeps other workers off a delivery; longer than any one request takes. Default 2 min. */
  readonly leaseMs?: number;
  readonly backoff?: BackoffPolicy;
  readonly maxAttempts?: number;
  /** For the backoff jitter; tests pass a fixed one. */
  readonly random?: () => number;
  /**
   * Several instances on one store: sends only while this instance holds the sender lease, claims under its
   * term, and asks for that term again right before every request. Absent: the only instance, always sends.
   */
  readonly lease?: SenderLease;
}

export interface DeliveryStats {
  readonly sent: number;
  /** 429s received. */
  readonly throttled: number;
  /** Retries scheduled after a retryable failure. */
  readonly retried: number;
  readonly failed: number;
  readonly gone: number;
}

type Attempt =
  | { readonly kind: "stopped" }
  | {
      readonly kind: "answered";
      readonly result: SendResult;
      /** The limiter key of the conversation that answered. */
      readonly conversation: string;
      readonly thread?: ThreadRoot;
      readonly rootUpdate?: RootUpdate;
    };

const remembered = 50_000;

/**
 * Sends deliveries to Teams, once each, in order per conversation, within Teams' rate limits.
 *
 * Scheduling is two-level: a heap of tenants by the time their next request may go, and per tenant a heap of
 * conversations (lanes) by the time their head delivery may be attempted. A lane is dispatched only when its
 * conversation and its tenant have room; every single request then asks the limiter again right before it
 * is made (`permit`), so no request goes out that the limiter would refuse.
 */
export class DeliveryWorker {
  private readonly deliveries: DeliveryRepository;
  private readonly threads: ThreadRepository;
  private readonly transport: NotificationTransport;
  private readonly composer: NotificationComposer;
  private readonly sink: TargetSink;
  private readonly timers: Timers;
  private readonly log: Logger;
  private readonly limiter: RateLimiter;
  private readonly maxInFlight: number;
  private readonly leaseMs: number;
  private readonly backoff: BackoffPolicy;
  private readonly maxAttempts: number;
  private readonly random: () => number;
  private readonly lease: SenderLease | undefined;

  private readonly lanes = new Map<string, Lane>();
  private readonly tenants = new Map<string, TenantState>();
  private readonly tenantHeap = new MinHeap<Slot<TenantState>>(slotBefore);
  private readonly waiting = new Set<TenantState>();
  private readonly queued = new Set<string>();
  /** Ids finished here lately, so a late duplicate enqueue costs no storage read. Insertion-ordered. */
  private readonly done = new Set<string>();
  private readonly tasks = new Set<Promise<void>>();
  private idlers: (() => void)[] = [];
  private alarm: { readonly at: number; readonly controller: AbortController } | undefined;
  private running = false;
  private active = 0;
  private order = 0;
  private pumping = false;
  private pumpAgain = false;
  private pumpRequested = false;
  private counts = { sent: 0, throttled: 0, retried: 0, failed: 0, gone: 0 };

  constructor(options: DeliveryWorkerOptions) {
    this.deliveries = options.deliveries;
    this.threads = options.threads;
    this.transport = options.transport;
    this.composer = options.composer;
    this.sink = options.sink;
    this.timers = options.timers;
    this.log = options.log;
    this.limiter = new RateLimiter(options.limits ?? teamsRateLimits);
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 16);
    this.leaseMs = options.leaseMs ?? 120_000;
    this.backoff = options.backoff ?? defaultBackoff;
    this.maxAttempts = options.maxAttempts ?? maxDeliveryAttempts;
    this.random = options.random ?? Math.random;
    this.lease = options.lease;
  }

  /**
   * A delivery the relay just created. Ignored when it is not pending, already queued or already done, and
   * while another instance is the sender (it finds the delivery in the store).
   */
  enqueue(item: Versioned<Delivery>): void {
    if (this.sending() && this.add(item)) this.requestPump();
  }

  /** Queues the pending deliveries of these tenants (e.g. at start-up); returns how many were new here. */
  async recover(tenantIds: Iterable<string>): Promise<number> {
    if (!this.sending()) return 0;
    let count = 0;
    for (const tenantId of tenantIds) {
      let cursor: string | undefined;
      do {
        const page = await this.deliveries.pending(tenantId, cursor);
        for (const item of page.items) if (this.add(item)) count++;
        cursor = page.cursor;
      } while (cursor !== undefined);
    }
    if (count > 0) this.requestPump();
    return count;
  }

  start(): void {
    this.running = true;
    this.pump();
  }

  /** Takes no new work; requests already made are awaited and their outcome stored. */
  async stop(): Promise<void> {
    this.running = false;
    this.disarm();
    for (const tenant of this.waiting) {
      for (const waiter of tenant.waiters.splice(0)) waiter.resolve(false);
    }
    this.waiting.clear();
    while (this.tasks.size > 0) await Promise.all([...this.tasks]);
  }

  /**
   * After `stop`, when this instance is no longer the sender: forgets what it had queued, so that sending
   * again starts from the store (`recover`) as the new sender sees it. Keeps what it knows is done.
   */
  forget(): void {
    if (this.active > 0) throw new Error("forget() while requests are in flight: stop() first");
    this.lanes.clear();
    this.tenants.clear();
    this.queued.clear();
    while (this.tenantHeap.pop()) {
      // Drained: every lane and tenant it points to is forgotten.
    }
    this.becameIdle();
  }

  /** Resolves when nothing is queued or in flight. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idlers.push(resolve));
  }

  stats(): DeliveryStats {
    return { ...this.counts };
  }

  // --- queueing -------------------------------------------------------------------------------------------

  private add(item: Versioned<Delivery>): boolean {
    const delivery = item.value;
    if (delivery.status !== "pending" || this.queued.has(delivery.id) || this.done.has(delivery.id)) {
      return false;
    }
    const lane = this.laneFor(delivery);
    const entry: Entry = {
      value: delivery,
      version: item.version,
      eligibleAt: this.eligibleAt(delivery, undefined),
      stale: false,
      troubles: 0,
    };
    this.queued.add(delivery.id);
    lane.queue.insert(entry);
    if (!lane.active && lane.queue.peek() === entry) this.scheduleLane(lane, entry.eligibleAt);
    return true;
  }

  private laneFor(delivery: Delivery): Lane {
    const key = `${delivery.tenantId}\n${delivery.target.key}`;
    let lane = this.lanes.get(key);
    if (!lane) {
      let tenant = this.tenants.get(delivery.tenantId);
      if (!tenant) {
        tenant = {
          id: delivery.tenantId,
          lanes: new MinHeap(slotBefore),
          waiters: [],
          laneCount: 0,
          scheduledAt: Infinity,
          token: 0,
        };
        this.tenants.set(tenant.id, tenant);
      }
      lane = { key, tenant, queue: new SeqQueue(), active: false, scheduledAt: Infinity, token: 0 };
      tenant.laneCount++;
      this.lanes.set(key, lane);
    }
    return lane;
  }

  /** After a task: schedule the lane's next step, or forget the lane when it has none. */
  private settle(lane: Lane): void {
    const head = lane.queue.peek();
    if (lane.rootUpdate) {
      this.scheduleLane(lane, lane.rootUpdate.notBefore);
    } else if (head) {
      this.scheduleLane(lane, head.eligibleAt);
    } else {
      lane.token++;
      this.lanes.delete(lane.key);
      const tenant = lane.tenant;
      if (--tenant.laneCount === 0 && tenant.waiters.length === 0) {
        tenant.token++;
        this.tenants.delete(tenant.id);
      }
    }
  }

  private scheduleLane(lane: Lane, at: number): void {
    if (lane.active || lane.scheduledAt <= at) return;
    lane.scheduledAt = at;
    lane.tenant.lanes.push({ at, order: this.order++, token: ++lane.token, owner: lane });
    this.scheduleTenant(lane.tenant, at);
  }

  private scheduleTenant(tenant: TenantState, at: number): void {
    if (tenant.scheduledAt <= at) return;
    tenant.scheduledAt = at;
    this.tenantHeap.push({ at, order: this.order++, token: ++tenant.token, owner: tenant });
  }

  /** The tenant's earliest lane still scheduled, dropping outdated heap entries on the way. */
  private nextLane(tenant: TenantState): Slot<Lane> | undefined {
    let top = tenant.lanes.peek();
    while (top && top.token !== top.owner.token) {
      tenant.lanes.pop();
      top = tenant.lanes.peek();
    }
    return top;
  }

  // --- dispatching ----------------------------------------------------------------------------------------

  private requestPump(): void {
    if (this.pumpRequested) return;
    this.pumpRequested = true;
    queueMicrotask(() => {
      this.pumpRequested = false;
      this.pump();
    });
  }

  private pump(): void {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      let wake = Infinity;
      do {
        this.pumpAgain = false;
        wake = Math.min(this.grantWaiters(), this.startLanes());
      } while (this.pumpAgain);
      if (wake < Infinity) this.arm(wake);
    } finally {
      this.pumping = false;
    }
  }

  /** Lets waiting requests go where the limiter allows; returns when the next one may. */
  private grantWaiters(): number {
    const now = this.timers.now();
    let wake = Infinity;
    for (const tenant of this.waiting) {
      const waiters = tenant.waiters;
      for (let i = 0; i < waiters.length;) {
        const waiter = waiters[i] as Waiter;
        const delay = this.limiter.delayFor(tenant.id, waiter.conversation, now);
        if (delay > 0) {
          wake = Math.min(wake, now + delay);
          i++;
          continue;
        }
        this.limiter.record(tenant.id, waiter.conversation, now);
        waiters.splice(i, 1);
        waiter.resolve(true);
      }
      if (waiters.length === 0) this.waiting.delete(tenant);
    }
    return wake;
  }

  /** Starts tasks on lanes that may go now; returns when the next lane may (Infinity: none, or all busy). */
  private startLanes(): number {
    if (!this.running || !this.sending()) return Infinity;
    const now = this.timers.now();
    while (this.active < this.maxInFlight) {
      const top = this.tenantHeap.peek();
      if (!top) return Infinity;
      const tenant = top.owner;
      if (top.token !== tenant.token) {
        this.tenantHeap.pop();
        continue;
      }
      if (top.at > now) return top.at;
      this.tenantHeap.pop();
      tenant.scheduledAt = Infinity;

      const tenantDelay = this.limiter.tenantDelay(tenant.id, now);
      const next = this.nextLane(tenant);
      if (!next) continue;
      if (tenantDelay > 0 || next.at > now) {
        this.scheduleTenant(tenant, Math.max(now + tenantDelay, next.at));
        continue;
      }
      tenant.lanes.pop();
      const lane = next.owner;
      lane.scheduledAt = Infinity;
      const readyAt = laneReadyAt(lane, now, this.limiter);
      if (readyAt > now) {
        this.scheduleLane(lane, readyAt);
      } else {
        this.startTask(lane);
      }
      const following = this.nextLane(tenant);
      if (following) this.scheduleTenant(tenant, Math.max(now, following.at));
    }
    return Infinity;
  }

  private startTask(lane: Lane): void {
    this.active++;
    lane.active = true;
    const task = this.runLane(lane).finally(() => {
      this.tasks.delete(task);
      this.active--;
      lane.active = false;
      this.settle(lane);
      this.pump();
      if (this.isIdle()) this.becameIdle();
    });
    this.tasks.add(task);
  }

  /**
   * Waits until the limiter lets one request to `conversation` go, and counts it; false when stopping, or
   * when this instance no longer holds the sender term `term` (any term, when undefined) at that moment.
   */
  private async permit(lane: Lane, conversation: string, term?: number): Promise<boolean> {
    if (!this.running) return false;
    const granted = await new Promise<boolean>((resolve) => {
      lane.tenant.waiters.push({ conversation, resolve });
      this.waiting.add(lane.tenant);
      this.pump();
    });
    // Right before the request: a paused instance wakes up here and finds its lease gone.
    return granted && this.sending(term);
  }

  /** Always without a lease; with one, while this instance holds `term` (any term when undefined). */
  private sending(term?: number): boolean {
    if (!this.lease) return true;
    const held = this.lease.term();
    return held !== undefined && (term === undefined || held === term);
  }

  private arm(at: number): void {
    if (!this.running && this.waiting.size === 0) return;
    if (this.alarm && this.alarm.at <= at) return;
    this.alarm?.controller.abort();
    const controller = new AbortController();
    this.alarm = { at, controller };
    void this.timers.sleep(at - this.timers.now(), controller.signal).then(() => {
      if (this.alarm?.controller !== controller) return;
      this.alarm = undefined;
      this.pump();
    });
  }

  private disarm(): void {
    this.alarm?.controller.abort();
    this.alarm = undefined;
  }

  private isIdle(): boolean {
    return this.lanes.size === 0 && this.active === 0;
  }

  private becameIdle(): void {
    this.disarm();
    const idlers = this.idlers;
    this.idlers = [];
    for (const resolve of idlers) resolve();
  }

  // --- one step of one lane -------------------------------------------------------------------------------

  private async runLane(lane: Lane): Promise<void> {
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

  private eligibleAt(delivery: Delivery, ownLease: string | undefined): number {
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

    const attempt = await this.request(lane, claimed);
    await this.conclude(lane, entry, claimed, attempt);
  }

  /** Composes and makes the requests for one claimed delivery; failures come back as results. */
  private async request(lane: Lane, delivery: Delivery): Promise<Attempt> {
    const target = delivery.target;
    const term = delivery.leaseTerm;
    try {
      if (target.kind === "channel") {
        const { address, threadKey } = target;
        const conversation = address.conversationId;
        const root = await this.threads.get(delivery.tenantId, conversation, threadKey);
        const composed = await this.composer.compose(delivery);
        if (!(await this.permit(lane, conversation, term))) return { kind: "stopped" };
        if (!root) {
          const result = await this.transport.send(address, composed.root ?? composed.post);
          const thread =
            result.kind === "sent" && result.activityId
              ? {
                  tenantId: delivery.tenantId,
                  conversationId: conversation,
                  threadKey,
                  rootActivityId: result.activityId,
                }
              : undefined;
          return { kind: "answered", result, conversation, ...(thread ? { thread } : {}) };
        }
        const result = await this.transport.send(address, composed.post, root.rootActivityId);
        const rootUpdate =
          result.kind === "sent" && composed.root
            ? { address, activityId: root.rootActivityId, message: composed.root, tries: 0, notBefore: 0 }
            : undefined;
        return { kind: "answered", result, conversation, ...(rootUpdate ? { rootUpdate } : {}) };
      }

      const composed = await this.composer.compose(delivery);
      let address = target.address ?? lane.personal;
      if (!address) {
        if (!(await this.permit(lane, target.key, term))) return { kind: "stopped" };
        const opened = await this.transport.openPersonal(target.via, delivery.tenantId, target.teamsId);
        if (opened.kind !== "sent") return { kind: "answered", result: opened, conversation: target.key };
        if (!opened.activityId) {
          const result: SendResult = {
            kind: "failed",
            retryable: true,
            detail: "Teams opened the personal chat but did not say its id",
          };
          return { kind: "answered", result, conversation: target.key };
        }
        address = {
          serviceUrl: target.via.serviceUrl,
          conversationId: opened.activityId,
          kind: "personal",
          botId: target.via.botId,
        };
        lane.personal = address;
        try {
          await this.sink.personalOpened(delivery.tenantId, target.userId, address);
        } catch (error) {
          // The chat is open either way; the next delivery to this user opens (finds) it again.
          this.log.warn("notify.personal_chat_not_remembered", {
            userId: target.userId,
            error: describe(error),
          });
        }
      }
      if (!(await this.permit(lane, address.conversationId, term))) return { kind: "stopped" };
      const result = await this.transport.send(address, composed.post);
      return { kind: "answered", result, conversation: address.conversationId };
    } catch (error) {
      // A composer, thread store or transport that throws: retried like a 5xx, and given up the same way.
      const result: SendResult = { kind: "failed", retryable: true, detail: describe(error) };
      return { kind: "answered", result, conversation: firstConversation(lane, delivery) };
    }
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

  private finish(lane: Lane, entry: Entry): void {
    this.drop(lane, entry);
    this.done.add(entry.value.id);
    if (this.done.size > remembered) {
      const oldest = this.done.values().next();
      if (!oldest.done) this.done.delete(oldest.value);
    }
  }

  private drop(lane: Lane, entry: Entry): void {
    lane.queue.remove(entry);
    this.queued.delete(entry.value.id);
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

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

import type { Versioned } from "../domain/shared/ports.js";
import type { Logger } from "../log.js";
import type { SenderLease } from "./election.js";
import { defaultBackoff, maxDeliveryAttempts, type BackoffPolicy } from "./backoff.js";
import { RateLimiter, teamsRateLimits, type RateLimits } from "./limiter.js";
import { MinHeap } from "./min-heap.js";
import type {
  Delivery,
  DeliveryRepository,
  NotificationComposer,
  NotificationTransport,
  TargetSink,
  ThreadRepository,
} from "../domain/notify/ports.js";
import type { Timers } from "./timers.js";
import { LaneSteps, type DeliveryCounts } from "./lane-step.js";
import {
  laneReadyAt,
  SeqQueue,
  slotBefore,
  type Entry,
  type Lane,
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
  private readonly timers: Timers;
  private readonly limiter: RateLimiter;
  private readonly maxInFlight: number;
  private readonly lease: SenderLease | undefined;
  /** One step of one lane at a time: claim, request, store the outcome (lane-step.ts). */
  private readonly steps: LaneSteps;

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
  private readonly counts: DeliveryCounts = { sent: 0, throttled: 0, retried: 0, failed: 0, gone: 0 };

  constructor(options: DeliveryWorkerOptions) {
    this.deliveries = options.deliveries;
    this.timers = options.timers;
    this.limiter = new RateLimiter(options.limits ?? teamsRateLimits);
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 16);
    this.lease = options.lease;
    this.steps = new LaneSteps({
      deliveries: options.deliveries,
      threads: options.threads,
      transport: options.transport,
      composer: options.composer,
      sink: options.sink,
      timers: options.timers,
      log: options.log,
      limiter: this.limiter,
      leaseMs: options.leaseMs ?? 120_000,
      backoff: options.backoff ?? defaultBackoff,
      maxAttempts: options.maxAttempts ?? maxDeliveryAttempts,
      random: options.random ?? Math.random,
      lease: options.lease,
      counts: this.counts,
      permit: (lane, conversation, term) => this.permit(lane, conversation, term),
      finish: (lane, entry) => this.finish(lane, entry),
      drop: (lane, entry) => this.drop(lane, entry),
    });
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
      eligibleAt: this.steps.eligibleAt(delivery, undefined),
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
    const task = this.steps.runLane(lane).finally(() => {
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

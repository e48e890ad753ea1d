import type { ConversationAddress } from "../domain/directory/directory.js";
import type { Delivery, OutgoingMessage, ThreadRoot } from "../domain/notify/ports.js";
import type { RateLimiter } from "./limiter.js";
import type { MinHeap } from "./min-heap.js";

/** A delivery in this worker's queue, with what the worker knows about its stored copy. */
export interface Entry {
  value: Delivery;
  version: string;
  /** No attempt before this (notBefore, another worker's lease, a local retry after a storage error). */
  eligibleAt: number;
  /** The lease this worker wrote, so a re-read can tell it from another worker's. */
  ownLease?: string;
  /** A write's outcome is unknown (it threw): re-read before acting on `version`. */
  stale: boolean;
  /** Storage or other unexpected errors in a row, for the local retry delay. */
  troubles: number;
  /** Decided (the request was answered, or the conversation is gone) but not yet stored. */
  outcome?: { readonly value: Delivery; readonly thread?: ThreadRoot };
}

export interface RootUpdate {
  readonly address: ConversationAddress;
  readonly activityId: string;
  readonly message: OutgoingMessage;
  readonly tries: number;
  readonly notBefore: number;
}

/** One conversation's FIFO (one per target key: a channel, or a user's personal chat). */
export interface Lane {
  readonly key: string;
  readonly tenant: TenantState;
  readonly queue: SeqQueue;
  active: boolean;
  /** A personal chat this worker opened for the lane's user. */
  personal?: ConversationAddress;
  /** The thread's root card to refresh after a reply, before the next delivery of this conversation. */
  rootUpdate?: RootUpdate;
  scheduledAt: number;
  token: number;
}

export interface Waiter {
  readonly conversation: string;
  readonly resolve: (granted: boolean) => void;
}

export interface TenantState {
  readonly id: string;
  readonly lanes: MinHeap<Slot<Lane>>;
  /** Tasks waiting for the limiter to let their request go, oldest first. */
  readonly waiters: Waiter[];
  laneCount: number;
  scheduledAt: number;
  token: number;
}

/** A heap entry; outdated once its owner is rescheduled (lazy deletion). */
export interface Slot<T> {
  readonly at: number;
  readonly order: number;
  readonly token: number;
  readonly owner: T;
}

export const slotBefore = <T>(a: Slot<T>, b: Slot<T>) => a.at < b.at || (a.at === b.at && a.order < b.order);

/** When the lane's next step may run: its own delay and, if it makes a request, the conversation's. */
export function laneReadyAt(lane: Lane, now: number, limiter: RateLimiter): number {
  const update = lane.rootUpdate;
  if (update) {
    const delay = limiter.conversationDelay(update.address.conversationId, now);
    return Math.max(update.notBefore, now + delay);
  }
  const head = lane.queue.peek();
  if (!head) return now;
  if (head.outcome || head.stale) return head.eligibleAt;
  const conversation = firstConversation(lane, head.value);
  return Math.max(head.eligibleAt, now + limiter.conversationDelay(conversation, now));
}

/** The limiter key of the first request for this delivery: its conversation, or the user while none. */
export function firstConversation(lane: Lane, delivery: Delivery): string {
  const target = delivery.target;
  if (target.kind === "channel") return target.address.conversationId;
  return (target.address ?? lane.personal)?.conversationId ?? target.key;
}

/** Entries ordered by `seq` (ties: arrival). Appending is the common case; removal is nearly always the head. */
export class SeqQueue {
  private entries: Entry[] = [];
  private head = 0;

  peek(): Entry | undefined {
    return this.entries[this.head];
  }

  items(): readonly Entry[] {
    return this.entries.slice(this.head);
  }

  insert(entry: Entry): void {
    const entries = this.entries;
    const seq = entry.value.seq;
    const last = entries[entries.length - 1];
    if (entries.length === this.head || (last && last.value.seq <= seq)) {
      entries.push(entry);
      return;
    }
    let low = this.head;
    let high = entries.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((entries[mid] as Entry).value.seq <= seq) low = mid + 1;
      else high = mid;
    }
    entries.splice(low, 0, entry);
  }

  remove(entry: Entry): void {
    const entries = this.entries;
    if (entries[this.head] === entry) {
      entries[this.head] = undefined as unknown as Entry;
      this.head++;
      if (this.head === entries.length) {
        this.entries = [];
        this.head = 0;
      } else if (this.head > 1024 && this.head * 2 > entries.length) {
        this.entries = entries.slice(this.head);
        this.head = 0;
      }
      return;
    }
    const at = entries.indexOf(entry, this.head);
    if (at >= 0) entries.splice(at, 1);
  }
}

import type { ConversationAddress } from "../directory/directory.js";
import type { NotificationEvent } from "./event.js";

/**
 * The delivery engine's model and ports. SDK-free: the Teams transport (src/teams) and the store-backed
 * repositories (src/store) implement the ports; the worker only sees these types.
 */

/** One event for one target: the unit of idempotency ("exactly once as seen by the channel"). */
export type DeliveryStatus = "pending" | "sent" | "gone" | "failed";

/**
 * Whose side of the event a target hears. The vendor's people by default; a partner organisation's members
 * or inbox channel only what a partner may see (the partner card with Accept and Decline, partner notices).
 */
export type TargetAudience =
  | { readonly audience?: undefined; readonly partner?: undefined }
  | {
      readonly audience: "partner";
      /** The partner organisation's ref ("P-1001"). */
      readonly partner: string;
    };

export type DeliveryTarget = (
  | {
      readonly kind: "channel";
      /** "ch:<conversationId>"; a partner's inbox "partner:<partner ref>:ch:<conversationId>". */
      readonly key: string;
      readonly address: ConversationAddress;
      /** Events with the same thread key share one thread in the channel (the subject's ref). */
      readonly threadKey: string;
    }
  | {
      readonly kind: "user";
      /** "user:<userId>"; a partner member "partner:<partner ref>:user:<userId>". */
      readonly key: string;
      readonly userId: string;
      readonly teamsId: string;
      readonly name: string;
      /** The user's personal chat, when known; otherwise the worker opens one. */
      readonly address?: ConversationAddress;
      /** Where to open a personal chat from (serviceUrl, botId) when `address` is absent. */
      readonly via: { readonly serviceUrl: string; readonly botId: string };
    }
) &
  TargetAudience;

export interface Delivery {
  /** "<event id>><target key>": the idempotency key; created once, never twice. */
  readonly id: string;
  readonly tenantId: string;
  readonly event: NotificationEvent;
  readonly target: DeliveryTarget;
  /** Locale to render in (the subscriber's, or the user's last known). */
  readonly locale?: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  /** Order within one conversation: deliveries are sent oldest first, one at a time per conversation. */
  readonly seq: number;
  readonly createdAt: string;
  /** ISO time before which no attempt is made (backoff, Retry-After). */
  readonly notBefore?: string;
  /** A worker holds it until then (one sender at a time, also across instances). */
  readonly leaseUntil?: string;
  /**
   * The sender term it was claimed under (several instances: see election.ts). A sender of a later term
   * takes it without waiting for `leaseUntil`: the instance that claimed it has stopped sending.
   */
  readonly leaseTerm?: number;
  readonly sentAt?: string;
  readonly activityId?: string;
  readonly lastError?: string;
}

export interface DeliveryRepository {
  /**
   * Creates it unless one with the same id exists (idempotent fan-out): the new version, or undefined when
   * it existed.
   */
  createOnce(delivery: Delivery): Promise<{ readonly version: string } | undefined>;
  /** Replaces it if unchanged since read; false when someone else changed it (lost the lease race). */
  replace(delivery: Delivery, version: string): Promise<{ readonly version: string } | undefined>;
  get(
    tenantId: string,
    id: string,
  ): Promise<{ readonly value: Delivery; readonly version: string } | undefined>;
  /** Pending deliveries of a tenant, oldest first, a page at a time. */
  pending(
    tenantId: string,
    cursor?: string,
  ): Promise<{
    readonly items: readonly { readonly value: Delivery; readonly version: string }[];
    readonly cursor?: string;
  }>;
}

/** The root message of an opportunity's thread in one channel. */
export interface ThreadRoot {
  readonly tenantId: string;
  readonly conversationId: string;
  readonly threadKey: string;
  readonly rootActivityId: string;
}

export interface ThreadRepository {
  get(tenantId: string, conversationId: string, threadKey: string): Promise<ThreadRoot | undefined>;
  /** Records the root; if another writer recorded one first, returns that one. */
  save(root: ThreadRoot): Promise<ThreadRoot>;
}

/** A message to post: a card (with its text summary for notifications) and optional @mentions. */
export interface OutgoingMessage {
  readonly text?: string;
  readonly card?: object;
  readonly summary?: string;
  readonly mentions?: readonly { readonly teamsId: string; readonly name: string }[];
}

/** The send result is data: what happened, and what the worker should do about it. */
export type SendResult =
  /**
   * Accepted by Teams. `activityId` is the new message's id; it is missing when Teams accepted the post
   * without saying its id (202), so it cannot become a thread's root.
   */
  | { readonly kind: "sent"; readonly activityId?: string }
  /** HTTP 429: wait at least `retryAfterMs` before the next request to this conversation. */
  | { readonly kind: "throttled"; readonly retryAfterMs: number }
  /** HTTP 403/404: the bot was removed or the conversation is gone; never retried. */
  | { readonly kind: "gone"; readonly status: number }
  /** 5xx / network (retryable) or another 4xx (not). */
  | {
      readonly kind: "failed";
      readonly retryable: boolean;
      readonly status?: number;
      readonly detail: string;
    };

export interface NotificationTransport {
  /** Posts a message to a conversation; with `replyTo`, as a reply in that channel thread. */
  send(address: ConversationAddress, message: OutgoingMessage, replyTo?: string): Promise<SendResult>;
  /** Replaces a message the bot posted earlier (the thread's root card). */
  update(address: ConversationAddress, activityId: string, message: OutgoingMessage): Promise<SendResult>;
  /** Opens (or finds) the bot's personal chat with a user; "sent" carries the conversation id as activityId. */
  openPersonal(
    via: { readonly serviceUrl: string; readonly botId: string },
    tenantId: string,
    teamsId: string,
  ): Promise<SendResult>;
}

/** Renders what to post for a delivery; `root` is the thread's root card for the subject's current state. */
export interface NotificationComposer {
  compose(delivery: Delivery): Promise<{ readonly post: OutgoingMessage; readonly root?: OutgoingMessage }>;
}

/** Told when a target turned out to be gone (403/404), so subscriptions and directory entries are disabled. */
export interface TargetSink {
  gone(tenantId: string, target: DeliveryTarget): Promise<void>;
  /** A personal chat was opened for a user: remember it. */
  personalOpened(tenantId: string, userId: string, address: ConversationAddress): Promise<void>;
}

/** A record whose outbox holds events committed with its changes. */
export type OutboxSubject = { readonly kind: "opportunity" | "lead"; readonly ref: string };

/** Reads and trims records' outboxes (the events committed with a change). */
export interface OutboxStore {
  read(tenantId: string, subject: OutboxSubject): Promise<readonly NotificationEvent[]>;
  /** Removes these events from the record's outbox, whatever else changed meanwhile. */
  remove(tenantId: string, subject: OutboxSubject, eventIds: readonly string[]): Promise<void>;
  /** Records of a tenant whose outbox is not empty (found again after a restart). */
  pending(tenantId: string): Promise<readonly OutboxSubject[]>;
}

/**
 * Notification events. A use case that changes a record appends the event to that record's outbox in the
 * same document write as the change itself, so the change and the intent to tell people are committed
 * together (or not at all). The relay later fans each event out into deliveries and removes it.
 */

import type { ConversationAddress } from "../directory/directory.js";
import type { DigestContent, NudgeContent } from "../digest/digest.js";

/** What a channel can subscribe to with `notify here …`. */
export const topics = ["stage", "assignment", "partner", "deal", "won", "lead"] as const;
export type Topic = (typeof topics)[number];

export type EventKind =
  | "stage_changed"
  | "assigned"
  | "won"
  | "lost"
  | "lead_qualified"
  | "distributed"
  | "partner_accepted"
  | "partner_declined"
  | "deal_requested"
  | "deal_decided"
  | "recalled"
  | "partner_created"
  | "approval_decided"
  /** Posted on a schedule, not by a change: a channel's digest, a person's morning nudge. */
  | ScheduledKind;

export type ScheduledKind = "digest" | "nudge";
export type ChangeKind = Exclude<EventKind, ScheduledKind>;

export const isScheduled = (kind: EventKind): kind is ScheduledKind => kind === "digest" || kind === "nudge";

export const topicOf: Readonly<Record<ChangeKind, Topic>> = {
  stage_changed: "stage",
  assigned: "assignment",
  won: "won",
  lost: "won",
  lead_qualified: "lead",
  distributed: "partner",
  partner_accepted: "partner",
  partner_declined: "partner",
  deal_requested: "deal",
  deal_decided: "deal",
  recalled: "partner",
  partner_created: "partner",
  approval_decided: "partner",
};

export interface EventPerson {
  /** AAD object id (lower case), as Actor.userId. */
  readonly id: string;
  readonly name: string;
}

export interface NotificationEvent {
  /** Unique per tenant and stable: "<record ref>#<revision>" (the idempotency key of its deliveries). */
  readonly id: string;
  readonly kind: EventKind;
  readonly at: string;
  readonly by: EventPerson;
  /**
   * The record the event is about; channel posts thread per subject. A scheduled post's subject is its
   * period (`digest`/`nudge`, ref = the period's local date).
   */
  readonly subject: {
    readonly kind: "opportunity" | "lead" | ScheduledKind;
    readonly ref: string;
    readonly title: string;
  };
  /** Kind-specific facts, already resolved to display values (stage names, not ids). */
  readonly facts: EventFacts;
  /** People told in their personal chat as well (assignee, previous owner, partner members). */
  readonly direct: readonly EventPerson[];
  /**
   * A partner organisation's side of the event (distributed to it, recalled from it, its deal or its
   * opportunity decided): told in the partner's inbox channel when it has one, else each member's personal
   * chat, with what a partner may see (the distribution card with Accept and Decline).
   */
  readonly partners?: readonly PartnerAudience[];
  /** A digest's figures, computed when it fell due (kind `digest`). */
  readonly digest?: DigestContent;
  /** A nudge's lines, computed when it fell due (kind `nudge`). */
  readonly nudge?: NudgeContent;
}

export interface PartnerAudience {
  readonly partner: string;
  readonly name: string;
  /** The partner's inbox channel; when absent, `members` are told personally. */
  readonly inbox?: ConversationAddress;
  /** The language posts to the inbox are written in. */
  readonly locale?: string;
  readonly members: readonly EventPerson[];
}

export interface EventFacts {
  readonly fromStage?: string;
  readonly toStage?: string;
  readonly value?: number;
  readonly currency?: string;
  readonly probabilityPct?: number;
  readonly assignee?: EventPerson;
  readonly previousOwner?: EventPerson;
  readonly closeCode?: string;
  readonly opportunityRef?: string;
  readonly partner?: string;
  readonly reason?: string;
  /** approval_decided, deal_decided: approved or rejected. */
  readonly approved?: boolean;
  /** distributed: several partners work on it together. */
  readonly collaboration?: boolean;
}

/** Records that carry an outbox keep it in this field; empty or absent when everything was fanned out. */
export interface WithOutbox {
  readonly outbox?: readonly NotificationEvent[];
}

/**
 * The domain's view of notifications. `listens` keeps outboxes empty (and writes free of extra work) in
 * tenants where nobody subscribed to a topic; `committed` is told after a record with a non-empty outbox was
 * written, so the relay fans the events out at once. Losing that signal loses nothing: the relay also finds
 * pending outboxes by querying (after a restart).
 */
export interface Notifier {
  listens(tenantId: string, topic: Topic): Promise<boolean>;
  committed(tenantId: string, subject: { readonly kind: "opportunity" | "lead"; readonly ref: string }): void;
}

/** Nobody is told anything (unit tests of other rules, tools that only read). */
export const silentNotifier: Notifier = {
  listens: () => Promise.resolve(false),
  committed: () => undefined,
};

/** Keeps the events somebody will receive: people told directly, or a topic some channel listens to. */
export async function audible(
  notifier: Notifier,
  tenantId: string,
  events: readonly NotificationEvent[],
): Promise<NotificationEvent[]> {
  const kept: NotificationEvent[] = [];
  for (const event of events)
    if (
      event.direct.length > 0 ||
      (event.partners?.length ?? 0) > 0 ||
      (!isScheduled(event.kind) && (await notifier.listens(tenantId, topicOf[event.kind])))
    )
      kept.push(event);
  return kept;
}

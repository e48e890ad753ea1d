/**
 * Notification events. A use case that changes a record appends the event to that record's outbox in the
 * same document write as the change itself, so the change and the intent to tell people are committed
 * together (or not at all). The relay later fans each event out into deliveries and removes it.
 */

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
  | "deal_decided";

export const topicOf: Readonly<Record<EventKind, Topic>> = {
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
  /** The record the event is about; channel posts thread per subject. */
  readonly subject: { readonly kind: "opportunity" | "lead"; readonly ref: string; readonly title: string };
  /** Kind-specific facts, already resolved to display values (stage names, not ids). */
  readonly facts: EventFacts;
  /** People told in their personal chat as well (assignee, previous owner, partner members). */
  readonly direct: readonly EventPerson[];
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
    if (event.direct.length > 0 || (await notifier.listens(tenantId, topicOf[event.kind]))) kept.push(event);
  return kept;
}

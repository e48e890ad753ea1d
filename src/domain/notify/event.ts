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

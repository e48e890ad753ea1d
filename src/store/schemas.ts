import * as z from "zod";

/** Pieces of stored-document schemas shared by several repositories. */
export const userStampSchema = z.object({ id: z.string(), name: z.string() });

export const timelineEntrySchema = z.object({
  kind: z.enum(["note", "call", "email", "meeting", "task"]),
  text: z.string(),
  by: userStampSchema,
  at: z.string(),
  origin: z.string().optional(),
});

const personSchema = z.object({ id: z.string(), name: z.string() });

/** A notification waiting in a record's outbox (and copied into each of its deliveries). */
export const notificationEventSchema = z.object({
  id: z.string(),
  kind: z.enum([
    "stage_changed",
    "assigned",
    "won",
    "lost",
    "lead_qualified",
    "distributed",
    "partner_accepted",
    "partner_declined",
    "deal_requested",
    "deal_decided",
    "recalled",
    "partner_created",
    "approval_decided",
    "digest",
    "nudge",
  ]),
  at: z.string(),
  by: personSchema,
  subject: z.object({
    kind: z.enum(["opportunity", "lead", "digest", "nudge"]),
    ref: z.string(),
    title: z.string(),
  }),
  facts: z.object({
    fromStage: z.string().optional(),
    toStage: z.string().optional(),
    value: z.number().optional(),
    currency: z.string().optional(),
    probabilityPct: z.number().optional(),
    assignee: personSchema.optional(),
    previousOwner: personSchema.optional(),
    closeCode: z.string().optional(),
    opportunityRef: z.string().optional(),
    partner: z.string().optional(),
    reason: z.string().optional(),
    approved: z.boolean().optional(),
    collaboration: z.boolean().optional(),
  }),
  direct: z.array(personSchema).readonly(),
  partners: z
    .array(
      z.object({
        partner: z.string(),
        name: z.string(),
        inbox: z.lazy(() => conversationAddressSchema).optional(),
        locale: z.string().optional(),
        members: z.array(personSchema).readonly(),
      }),
    )
    .readonly()
    .optional(),
  digest: z.lazy(() => digestContentSchema).optional(),
  nudge: z.lazy(() => nudgeContentSchema).optional(),
});

const totalsSchema = z
  .array(z.object({ currency: z.string(), total: z.number(), weighted: z.number() }))
  .readonly();
const dealSchema = z.object({
  ref: z.string(),
  title: z.string(),
  owner: z.string(),
  value: z.number(),
  currency: z.string(),
  date: z.string(),
});

/** A digest's figures as computed when it fell due (scheduled posts carry their content). */
export const digestContentSchema = z.object({
  since: z.string(),
  until: z.string(),
  staleDays: z.number(),
  stages: z.array(z.object({ stage: z.string(), count: z.number(), totals: totalsSchema })).readonly(),
  changes: z
    .array(
      z.object({
        kind: z.enum(["new", "moved", "won", "lost"]),
        ref: z.string(),
        title: z.string(),
        value: z.number(),
        currency: z.string(),
        from: z.string().optional(),
        to: z.string().optional(),
      }),
    )
    .readonly(),
  moreChanges: z.number(),
  stale: z.array(dealSchema).readonly(),
  moreStale: z.number(),
  overdue: z.array(dealSchema).readonly(),
  moreOverdue: z.number(),
  truncated: z.boolean(),
});

const nudgeReasonSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("activity"), activity: z.string(), due: z.string() }),
  z.object({ kind: z.literal("close_passed"), date: z.string() }),
  z.object({ kind: z.literal("stale"), since: z.string(), days: z.number() }),
  z.object({ kind: z.literal("missing"), fields: z.array(z.enum(["value", "close"])).readonly() }),
]);

export const nudgeContentSchema = z.object({
  date: z.string(),
  items: z
    .array(
      z.object({
        ref: z.string(),
        title: z.string(),
        revision: z.number(),
        stage: z.string(),
        reasons: z.array(nudgeReasonSchema).readonly(),
      }),
    )
    .readonly(),
  more: z.number(),
});

/** The outbox fields of a record document: the events, and a flat flag the relay can query for. */
export const outboxFields = {
  outbox: z.array(notificationEventSchema).readonly().optional(),
  outboxPending: z.boolean().optional(),
};

/** Where to post in Teams later (a conversation reference without SDK types). */
export const conversationAddressSchema = z.object({
  serviceUrl: z.string(),
  conversationId: z.string(),
  kind: z.enum(["personal", "channel", "groupChat"]),
  botId: z.string(),
  teamId: z.string().optional(),
  channelId: z.string().optional(),
  name: z.string().optional(),
});

/** One row of an opportunity's stage history (an entry document, or the latest ones kept in the record). */
export const historyEntrySchema = z.object({
  action: z.enum([
    "create",
    "next",
    "previous",
    "skip",
    "goto",
    "update",
    "close",
    "reopen",
    "replace",
    "assign",
    "distribute",
    "accept",
    "decline",
    "recall",
    "register",
    "approve",
    "reject",
  ]),
  from: z.string().optional(),
  to: z.string().optional(),
  by: userStampSchema,
  at: z.string(),
  note: z.string().optional(),
});

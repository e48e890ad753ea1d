import { z } from "zod";

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
  ]),
  at: z.string(),
  by: personSchema,
  subject: z.object({ kind: z.enum(["opportunity", "lead"]), ref: z.string(), title: z.string() }),
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

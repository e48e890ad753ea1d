import { z } from "zod";
import type { ConversationKind, Turn } from "../app/turn.js";

/**
 * The parts of a Teams activity the bot reads, parsed once. Anything the schema does not describe is not
 * read anywhere else; a malformed activity is answered with a refusal instead of throwing deep inside.
 */
const boundedId = z.string().min(1).max(1024);

export const activitySchema = z.object({
  type: z.string().max(64),
  name: z.string().max(128).optional(),
  text: z.string().optional(),
  value: z.unknown().optional(),
  locale: z.string().max(32).optional(),
  localTimezone: z.string().max(64).optional(),
  from: z.object({
    id: boundedId,
    name: z.string().max(256).optional(),
    aadObjectId: z.string().max(64).optional(),
  }),
  recipient: z.object({ id: boundedId }).optional(),
  conversation: z.object({
    id: boundedId,
    conversationType: z.string().max(32).optional(),
    tenantId: z.string().max(64).optional(),
  }),
  channelData: z
    .object({ tenant: z.object({ id: z.string().max(64) }).optional() })
    .loose()
    .optional(),
  membersAdded: z.array(z.object({ id: boundedId })).optional(),
  action: z.string().max(32).optional(),
});

export type IncomingActivity = z.infer<typeof activitySchema>;

const kinds: Readonly<Record<string, ConversationKind>> = {
  personal: "personal",
  channel: "channel",
  groupChat: "groupChat",
};

/** The SDK-free view of who sent what, where; undefined when the activity names no tenant. */
export function toTurn(activity: IncomingActivity): Turn | undefined {
  const tenantId = activity.channelData?.tenant?.id ?? activity.conversation.tenantId;
  if (!tenantId) return undefined;
  return {
    tenantId: tenantId.toLowerCase(),
    user: {
      id: activity.from.id,
      name: activity.from.name ?? "",
      ...(activity.from.aadObjectId ? { aadObjectId: activity.from.aadObjectId } : {}),
    },
    conversation: {
      id: activity.conversation.id,
      kind: kinds[activity.conversation.conversationType ?? "personal"] ?? "personal",
    },
    ...(activity.locale ? { locale: activity.locale } : {}),
    ...(activity.localTimezone ? { timeZone: activity.localTimezone } : {}),
  };
}

/** Action.Execute invoke value: { action: { type, verb, data } }. */
export const executeValueSchema = z.object({
  action: z.object({ type: z.string().optional(), verb: z.unknown(), data: z.unknown().optional() }),
});

/** Action.Submit message value: the card's data merged with its inputs; we put the verb in the data. */
export const submitValueSchema = z.object({ verb: z.unknown() }).loose();

import { z } from "zod";
import type { Mention, Turn } from "../kit/turn.js";
import type { ConversationKind, Roster } from "../domain/directory/directory.js";
import { isReservedTenantId } from "../domain/directory/directory.rules.js";

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
  serviceUrl: z.string().max(512).optional(),
  recipient: z.object({ id: boundedId }).optional(),
  entities: z
    .array(
      z
        .object({
          type: z.string().max(64).optional(),
          mentioned: z.object({ id: boundedId, name: z.string().max(256).optional() }).optional(),
        })
        .loose(),
    )
    .max(100)
    .optional(),
  conversation: z.object({
    id: boundedId,
    conversationType: z.string().max(32).optional(),
    tenantId: z.string().max(64).optional(),
  }),
  channelData: z
    .object({
      tenant: z.object({ id: z.string().max(64) }).optional(),
      team: z.object({ id: boundedId, name: z.string().max(256).optional() }).optional(),
      channel: z.object({ id: boundedId, name: z.string().max(256).optional() }).optional(),
      eventType: z.string().max(64).optional(),
    })
    .loose()
    .optional(),
  membersAdded: z.array(z.object({ id: boundedId })).optional(),
  membersRemoved: z.array(z.object({ id: boundedId })).optional(),
  action: z.string().max(32).optional(),
});

export type IncomingActivity = z.infer<typeof activitySchema>;

const kinds: Readonly<Record<string, ConversationKind>> = {
  personal: "personal",
  channel: "channel",
  groupChat: "groupChat",
};

/** The SDK-free view of who sent what, where; undefined when the activity names no tenant. */
export function toTurn(activity: IncomingActivity, roster: Roster): Turn | undefined {
  const tenantId = activity.channelData?.tenant?.id ?? activity.conversation.tenantId;
  // Teams tenant ids are GUIDs; "_…" names the bot's own partition and is never a tenant's.
  if (!tenantId || isReservedTenantId(tenantId)) return undefined;
  const botId = activity.recipient?.id ?? "";
  const mentions: Mention[] = [];
  for (const entity of activity.entities ?? []) {
    const mentioned = entity.mentioned;
    if (entity.type !== "mention" || !mentioned || mentioned.id === botId) continue;
    if (!mentions.some((m) => m.id === mentioned.id))
      mentions.push({ id: mentioned.id, name: mentioned.name ?? "" });
  }
  const team = activity.channelData?.team;
  const channel = activity.channelData?.channel;
  return {
    tenantId: tenantId.toLowerCase(),
    user: {
      id: activity.from.id,
      name: activity.from.name ?? "",
      ...(activity.from.aadObjectId ? { aadObjectId: activity.from.aadObjectId } : {}),
    },
    conversation: {
      // A reply in a channel thread carries ";messageid=…"; the channel itself is the part before it.
      id: activity.conversation.id.split(";")[0] ?? activity.conversation.id,
      kind: kinds[activity.conversation.conversationType ?? "personal"] ?? "personal",
      ...(team ? { teamId: team.id } : {}),
      ...(channel ? { channelId: channel.id } : {}),
      ...((channel?.name ?? team?.name) ? { name: channel?.name ?? team?.name } : {}),
    },
    serviceUrl: activity.serviceUrl ?? "",
    botId,
    mentions,
    roster,
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

import * as z from "zod";
import type { Mention, Turn } from "../kit/turn.js";
import type { ConversationKind, Roster } from "../domain/directory/directory.js";
import { isTenantId } from "../domain/directory/directory.rules.js";
import { BoundedMap } from "../domain/shared/bounded-map.js";
import { readCommonActivity } from "./common-activity.js";

/**
 * The parts of a Teams activity the bot reads, parsed once. Anything the schema does not describe is not
 * read anywhere else; a malformed activity is answered with a refusal instead of throwing deep inside.
 */
const boundedId = z.string().min(1).max(1024);

/**
 * A POST's body read as an activity: the parts the bot reads, or the first few problems as "path: message"
 * (never the values themselves). The bot reads what this returns and never parses the activity again.
 */
export function readActivity(
  body: unknown,
):
  | { readonly ok: true; readonly activity: IncomingActivity }
  | { readonly ok: false; readonly problems: string[] } {
  const common = readCommonActivity(body, isKnownServiceUrl);
  if (common) return { ok: true, activity: common };
  const parsed = activitySchema.safeParse(body);
  if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error) };
  return { ok: true, activity: parsed.data };
}

/**
 * Service URLs the schema accepted as they were sent (so zod's value is the string itself), remembered so that
 * the common read need not parse one as a URL on every request. Teams posts from a handful; the bound matters
 * because without an app id (local mode) any caller may name any URL. A forgotten one costs one zod check.
 */
const knownServiceUrls = new BoundedMap<string, true>(64);

function isKnownServiceUrl(url: string): boolean {
  if (knownServiceUrls.get(url)) return true;
  const checked = activitySchema.shape.serviceUrl.safeParse(url);
  if (!checked.success || checked.data !== url) return false;
  knownServiceUrls.set(url, true);
  return true;
}

const problemsOf = (error: z.ZodError): string[] =>
  error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "activity"}: ${i.message}`);

/**
 * One schema, read once per request, for two things (they were two parses of every body):
 * - what every activity Teams posts carries (type, channelId, an http(s) serviceUrl, from, recipient and
 *   conversation ids, typed entities), checked before the SDK sees it: the SDK throws deep inside (or,
 *   without a serviceUrl, posts to the public Bot Connector and waits) on anything else. An activity that
 *   fails this is answered 400: Teams never sends one, so nobody is there to read a reply;
 * - the parts the bot reads, which must parse too, or the activity would be dropped without an answer.
 */
export const activitySchema = z.object({
  type: z.string().min(1).max(64),
  id: z.string().max(1024).optional(),
  channelId: z.string().min(1).max(64),
  serviceUrl: z.url({ protocol: /^https?$/ }).max(512),
  name: z.string().max(128).optional(),
  text: z.string().max(100_000).optional(),
  value: z.unknown().optional(),
  locale: z.string().max(32).optional(),
  localTimezone: z.string().max(64).optional(),
  from: z.object({
    id: boundedId,
    name: z.string().max(256).optional(),
    aadObjectId: z.string().max(64).optional(),
  }),
  recipient: z.object({ id: boundedId }),
  entities: z
    .array(
      z
        .object({
          type: z.string().max(64),
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
  // Teams tenant ids are GUIDs. Anything that is not a plain id (control characters, separators, "_…" for the
  // bot's own partition) is no tenant: it never reaches the store, where it could pass for another's key.
  if (!tenantId || !isTenantId(tenantId)) return undefined;
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

/**
 * The verb and data of an Action.Execute invoke's value, or undefined when executeValueSchema refuses it. The
 * value Teams sends (a JSON object whose `action` is one, its `type` a string or absent) is read plainly, as
 * zod would read it; anything else is zod's to judge. Why not zod alone: its generated parser cost 20–25 µs
 * per card press in the bot under load (cold, as in common-activity.ts) for what is two property reads.
 */
export function readExecuteAction(value: unknown): { verb: unknown; data: unknown } | undefined {
  if (isJsonObject(value) && isJsonObject(value.action)) {
    const { type, verb, data } = value.action;
    if (type === undefined || typeof type === "string") return { verb, data };
  }
  const parsed = executeValueSchema.safeParse(value);
  return parsed.success ? { verb: parsed.data.action.verb, data: parsed.data.action.data } : undefined;
}

const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" &&
  value !== null &&
  !Array.isArray(value) &&
  Object.getPrototypeOf(value) === Object.prototype;

/** Action.Submit message value: the card's data merged with its inputs; we put the verb in the data. */
export const submitValueSchema = z.object({ verb: z.unknown() }).loose();

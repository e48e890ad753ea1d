import type { IncomingActivity } from "./activity.js";

/**
 * The activities Teams posts every day, read without zod. activity.ts's zod schema stays the definition of
 * what is accepted and the only source of refusals; this reads an activity only when every field it meets is
 * plainly what that schema accepts, and gives the very value zod would (the same fields kept and dropped),
 * or undefined — unsure, ask zod. It never refuses anything.
 *
 * Why: zod's generated parser for that schema takes 2–3 µs in a loop, but 30–40 µs as the first thing a
 * request does, its code and data cold after the previous request (measured in the bot under the bench's
 * load: the same parse run again at once took 5 µs). These few plain checks touch far less.
 * test/teams/common-activity.test.ts compares the two on every field's boundaries and wrong types.
 */
export function readCommonActivity(
  body: unknown,
  serviceUrlOk: (url: string) => boolean,
): IncomingActivity | undefined {
  if (!isPlain(body)) return undefined;
  const type = body.type;
  const channelId = body.channelId;
  const serviceUrl = body.serviceUrl;
  if (!isText(type, 1, 64) || !isText(channelId, 1, 64)) return undefined;
  if (!isText(serviceUrl, 0, 512) || !serviceUrlOk(serviceUrl)) return undefined;
  const from = readFrom(body.from);
  const recipient = readIdOnly(body.recipient);
  const conversation = readConversation(body.conversation);
  if (!from || !recipient || !conversation) return undefined;
  const out: Record<string, unknown> = { type, channelId, serviceUrl, from, recipient, conversation };
  if (
    !optionalText(body, "id", 1024, out) ||
    !optionalText(body, "name", 128, out) ||
    !optionalText(body, "text", 100_000, out) ||
    !optionalText(body, "locale", 32, out) ||
    !optionalText(body, "localTimezone", 64, out) ||
    !optionalText(body, "action", 32, out)
  )
    return undefined;
  if ("value" in body) out.value = body.value;
  if ("entities" in body) {
    const entities = readList(body.entities, 100, readEntity);
    if (!entities) return undefined;
    out.entities = entities;
  }
  if ("channelData" in body) {
    const channelData = readChannelData(body.channelData);
    if (!channelData) return undefined;
    out.channelData = channelData;
  }
  for (const key of ["membersAdded", "membersRemoved"] as const) {
    if (!(key in body)) continue;
    const members = readList(body[key], Infinity, readIdOnly);
    if (!members) return undefined;
    out[key] = members;
  }
  return out as IncomingActivity;
}

type Plain = Record<string, unknown>;

/** A JSON object: what zod's object check accepts, narrowed to the plain objects JSON.parse makes. */
function isPlain(value: unknown): value is Plain {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

const isText = (value: unknown, min: number, max: number): value is string =>
  typeof value === "string" && value.length >= min && value.length <= max;

/** An optional string field: absent (nothing copied) or a string within `max`; anything else is unsure. */
function optionalText(from: Plain, key: string, max: number, to: Plain): boolean {
  if (!(key in from)) return true;
  const value = from[key];
  if (!isText(value, 0, max)) return false;
  to[key] = value;
  return true;
}

const isId = (value: unknown): value is string => isText(value, 1, 1024);

function readIdOnly(value: unknown): { id: string } | undefined {
  return isPlain(value) && isId(value.id) ? { id: value.id } : undefined;
}

function readFrom(value: unknown): Plain | undefined {
  if (!isPlain(value) || !isId(value.id)) return undefined;
  const out: Plain = { id: value.id };
  return optionalText(value, "name", 256, out) && optionalText(value, "aadObjectId", 64, out)
    ? out
    : undefined;
}

function readConversation(value: unknown): Plain | undefined {
  if (!isPlain(value) || !isId(value.id)) return undefined;
  const out: Plain = { id: value.id };
  return optionalText(value, "conversationType", 32, out) && optionalText(value, "tenantId", 64, out)
    ? out
    : undefined;
}

/** `{ id, name? }` (a mentioned user, a team, a channel). */
function readNamed(value: unknown): Plain | undefined {
  if (!isPlain(value) || !isId(value.id)) return undefined;
  const out: Plain = { id: value.id };
  return optionalText(value, "name", 256, out) ? out : undefined;
}

function readList<T>(value: unknown, max: number, read: (item: unknown) => T | undefined): T[] | undefined {
  if (!Array.isArray(value) || value.length > max) return undefined;
  const out: T[] = [];
  for (const item of value as unknown[]) {
    const parsed = read(item);
    if (parsed === undefined) return undefined;
    out.push(parsed);
  }
  return out;
}

/** An entity: its type and mentioned user checked, every other field kept as sent (the schema's `.loose()`). */
function readEntity(value: unknown): Plain | undefined {
  if (!isPlain(value) || !isText(value.type, 0, 64)) return undefined;
  const out: Plain = { type: value.type };
  if ("mentioned" in value) {
    const mentioned = readNamed(value.mentioned);
    if (!mentioned) return undefined;
    out.mentioned = mentioned;
  }
  return copyRest(value, out, entityKeys);
}

function readChannelData(value: unknown): Plain | undefined {
  if (!isPlain(value)) return undefined;
  const out: Plain = {};
  if ("tenant" in value) {
    const tenant = value.tenant;
    if (!isPlain(tenant) || !isText(tenant.id, 0, 64)) return undefined;
    out.tenant = { id: tenant.id };
  }
  for (const key of ["team", "channel"] as const) {
    if (!(key in value)) continue;
    const named = readNamed(value[key]);
    if (!named) return undefined;
    out[key] = named;
  }
  if (!optionalText(value, "eventType", 64, out)) return undefined;
  return copyRest(value, out, channelDataKeys);
}

const entityKeys = new Set(["type", "mentioned"]);
const channelDataKeys = new Set(["tenant", "team", "channel", "eventType"]);

/** The fields a `.loose()` object keeps unread; `__proto__` is never copied (zod does not copy it either). */
function copyRest(from: Plain, to: Plain, read: ReadonlySet<string>): Plain {
  for (const key of Object.keys(from)) if (!read.has(key) && key !== "__proto__") to[key] = from[key];
  return to;
}

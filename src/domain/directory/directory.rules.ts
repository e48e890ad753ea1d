import { roleFor, type Actor, type ConfiguredAdmin, type Role } from "../shared/actor.js";
import type { ConversationAddress, DirectoryUser, GrantedRole, RosterMember } from "./directory.js";
import type { KnownConversation } from "./directory.repository.port.js";

/**
 * The partition that holds what belongs to no tenant (the registry of tenants). Teams tenant ids are GUIDs, so
 * no real tenant can be called this; a tenant id starting with "_" is refused everywhere.
 */
export const systemTenantId = "_system";

export const isReservedTenantId = (tenantId: string): boolean => tenantId.startsWith("_");

/**
 * A tenant id as the bot accepts it from outside (activities, configuration). Teams sends GUIDs; letters,
 * digits and "-" (1..64, not starting with "-") also admit the readable ids of local tools and tests, and
 * nothing that could act as a separator inside a key ("\u0000", "/", ":", spaces) or name the system
 * partition ("_…").
 */
export const isTenantId = (text: string): boolean => /^[0-9a-z][0-9a-z-]{0,63}$/iu.test(text);

export const grantedRoles = ["admin", "manager", "rep", "partner"] as const satisfies readonly GrantedRole[];

export const directoryLimits = {
  /** Partner organisations are stored by name until they exist as records of their own. */
  partnerName: 100,
  /** How many people a search or the role form lists. */
  search: 10,
  formUsers: 100,
  /** How many granted roles `role list` shows. */
  grants: 500,
} as const;

/** A user's role: guests and externals first, then admins from configuration, then the granted role. */
export const roleOf = (user: DirectoryUser, admins: readonly ConfiguredAdmin[]): Role =>
  roleFor(user.tenantId, user.userId, admins, user);

export function actorOf(user: DirectoryUser, admins: readonly ConfiguredAdmin[]): Actor {
  const role = roleOf(user, admins);
  return {
    tenantId: user.tenantId,
    userId: user.userId,
    name: user.name,
    role,
    ...(role === "partner" && user.partner ? { partner: user.partner } : {}),
  };
}

/** A guest, an anonymous participant, or a member of another tenant (shared channels). */
export function isExternalMember(member: RosterMember, tenantId: string): boolean {
  if (member.userRole === "guest" || member.userRole === "anonymous") return true;
  return member.tenantId !== undefined && member.tenantId.toLowerCase() !== tenantId.toLowerCase();
}

/** Lower case, single spaces, compatibility forms folded ("Ａnna  Berg" → "anna berg"). */
export function normaliseName(name: string | undefined): string | undefined {
  const key = name?.normalize("NFKC").toLowerCase().replace(/\s+/gu, " ").trim();
  return key ? key : undefined;
}

/** The keys a name is found by: the whole name, its first word and its last word. */
export function nameKeys(name: string): { full?: string; first?: string; last?: string } {
  const full = normaliseName(name);
  if (!full) return {};
  const words = full.split(" ");
  return { full, first: words[0], last: words[words.length - 1] };
}

export const normaliseEmail = (email: string | undefined): string | undefined => {
  const key = email?.trim().toLowerCase();
  return key ? key : undefined;
};

export const looksLikeEmail = (text: string): boolean => /^[^\s@]+@[^\s@]+\.[^\s@]+$/u.test(text);

/** An AAD object id, or a Teams user id ("29:…") for users Teams gave no AAD id. */
export const looksLikeUserId = (text: string): boolean =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu.test(text) || /^29:\S+$/u.test(text);

/**
 * What was typed for a person: a Teams mention (`<at>Anna Berg</at>`), a typed `@Anna`, an email or a name.
 * `mention` is true for the first two: the text should match a mention entity of the message.
 */
export interface TypedUser {
  readonly name: string;
  /** Typed as `<at>…</at>` or `@…`. */
  readonly mention: boolean;
  /** A real Teams mention (`<at>…</at>`), not just an @ typed before a name. */
  readonly tagged: boolean;
}

export function readTypedUser(text: string): TypedUser {
  const trimmed = text.trim();
  const tag = /^<at>(.*)<\/at>$/isu.exec(trimmed);
  if (tag) return { name: (tag[1] ?? "").trim(), mention: true, tagged: true };
  if (trimmed.startsWith("@") && !looksLikeEmail(trimmed))
    return { name: trimmed.slice(1).trim(), mention: true, tagged: false };
  return { name: trimmed, mention: false, tagged: false };
}

/**
 * The mention entity a typed name stands for: same name, or the name it starts with (Teams lets a user
 * shorten a mention to the first name). A lone mention answers a `<at>…</at>` whatever its name.
 */
export function pickMention<M extends { readonly id: string; readonly name: string }>(
  mentions: readonly M[],
  typed: TypedUser,
): M | undefined {
  if (!typed.mention) return undefined;
  const wanted = normaliseName(typed.name);
  if (wanted) {
    const exact = mentions.filter((m) => normaliseName(m.name) === wanted);
    if (exact.length === 1) return exact[0];
    const shortened = mentions.filter((m) => normaliseName(m.name)?.startsWith(`${wanted} `));
    if (shortened.length === 1) return shortened[0];
  }
  return typed.tagged && mentions.length === 1 ? mentions[0] : undefined;
}

/** Two addresses that would post to the same place in the same way. */
export function sameAddress(a: ConversationAddress | undefined, b: ConversationAddress | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    a.serviceUrl === b.serviceUrl &&
    a.conversationId === b.conversationId &&
    a.kind === b.kind &&
    a.botId === b.botId &&
    a.teamId === b.teamId &&
    a.channelId === b.channelId &&
    a.name === b.name
  );
}

/** "Anna Berg (anna@contoso.com)", for lists of matches. */
export const describeUser = (user: DirectoryUser): string =>
  user.email ? `${user.name} (${user.email})` : user.name;

/** `lastSeenAt` is refreshed at most this often, so the common turn writes nothing. */
export const lastSeenRefreshMs = 24 * 60 * 60 * 1000;

/** A record last seen at `seenAtMs` is written again on its next turn after a day (`lastSeenRefreshMs`). */
export const staleAt = (seenAtMs: number, nowMs: number): boolean => nowMs - seenAtMs >= lastSeenRefreshMs;

/** A turn in this conversation leaves its record as it is (but for `lastSeenAt`): active, at this address. */
export const conversationAsIs = (current: KnownConversation, address: ConversationAddress): boolean =>
  current.active && sameAddress(current.address, address);

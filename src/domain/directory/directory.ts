import type { Role } from "../shared/actor.js";

/** Where a conversation lives in Teams. */
export type ConversationKind = "personal" | "channel" | "groupChat";

/**
 * Enough to post into a conversation later (a Bot Framework conversation reference, SDK-free).
 * For a channel, `conversationId` is the channel's conversation id without any `;messageid=` suffix.
 */
export interface ConversationAddress {
  readonly serviceUrl: string;
  readonly conversationId: string;
  readonly kind: ConversationKind;
  /** The bot's id in that conversation ("28:…"). */
  readonly botId: string;
  readonly teamId?: string;
  /** Teams channel id ("19:…@thread.tacv2") for channels. */
  readonly channelId?: string;
  /** Display name, when Teams gives one (team or channel name). */
  readonly name?: string;
}

/** A role an admin can grant (admins from configuration are not stored). */
export type GrantedRole = Exclude<Role, "external">;

/**
 * A user the bot has seen in a tenant: one document per user. The id is the AAD object id (lower case), as in
 * Actor.userId; `teamsId` is the channel user id ("29:…") that @mentions and proactive chats use.
 */
export interface DirectoryUser {
  readonly tenantId: string;
  readonly userId: string;
  readonly teamsId: string;
  readonly name: string;
  readonly email?: string;
  /** A guest, or a user of another tenant (shared channel): no access until mapped to a partner. */
  readonly external: boolean;
  /**
   * Teams' member lookup failed (404, 5xx, throttled), so nobody knows yet whether the user is a member:
   * treated as external (help only) and asked again on the user's next turn.
   */
  readonly unverified?: boolean;
  readonly role?: GrantedRole;
  /** For role `partner`: the partner organisation's ref ("P-1001"). */
  readonly partner?: string;
  /** The user's personal chat with the bot, once known (install or first message there). */
  readonly personal?: ConversationAddress;
  /** The Teams client's language at the user's last turn ("da-DK"): what the bot writes to them in. */
  readonly locale?: string;
  readonly lastSeenAt: string;
  readonly grantedBy?: { readonly id: string; readonly name: string };
  readonly grantedAt?: string;
}

/** A member of a conversation as Teams' member API reports it (TeamsInfo.getMember). */
export interface RosterMember {
  readonly teamsId: string;
  readonly aadObjectId?: string;
  readonly name: string;
  readonly email?: string;
  /** The member's home tenant, when Teams says. */
  readonly tenantId?: string;
  readonly userRole?: "user" | "guest" | "anonymous";
}

/** Looks members up in the conversation of the current turn; answered by the Teams edge. */
export interface Roster {
  member(teamsId: string): Promise<RosterMember | undefined>;
}

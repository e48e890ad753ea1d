import type { AdaptiveCard } from "./rendering/renderer.js";
import type { ConversationAddress, ConversationKind, Roster } from "../domain/directory/directory.js";

export type { ConversationKind };

/** A user @mentioned in the message (not the bot). */
export interface Mention {
  /** Teams user id ("29:…"). */
  readonly id: string;
  readonly name: string;
}

export interface Turn {
  readonly tenantId: string;
  readonly user: {
    /** The channel's user id (Teams: "29:…"). */
    readonly id: string;
    /** The AAD object id, when the channel gives one. */
    readonly aadObjectId?: string;
    readonly name: string;
  };
  readonly conversation: {
    readonly id: string;
    readonly kind: ConversationKind;
    readonly teamId?: string;
    /** Teams channel id, for channel conversations. */
    readonly channelId?: string;
    readonly name?: string;
  };
  /** Where replies and later (proactive) posts to this conversation go. */
  readonly serviceUrl: string;
  /** The bot's id in this conversation ("28:…"). */
  readonly botId: string;
  /** Users @mentioned in the message, other than the bot. */
  readonly mentions: readonly Mention[];
  /** Teams' member API for this conversation. */
  readonly roster: Roster;
  readonly locale?: string;
  readonly timeZone?: string;
}

/** What the bot sends back: messages, each a text or a card. */
export type Reply =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "card"; readonly card: AdaptiveCard; readonly summary: string };

/** The answer to a card button (Universal Action): the card that replaces it, or a short message. */
export type ActionReply =
  | { readonly kind: "card"; readonly card: AdaptiveCard }
  | { readonly kind: "message"; readonly text: string };

/** Where this turn's conversation is, as the directory and the notifications keep it. */
export function conversationAddress(turn: Turn): ConversationAddress {
  const { conversation } = turn;
  return {
    serviceUrl: turn.serviceUrl,
    conversationId: conversation.id,
    kind: conversation.kind,
    botId: turn.botId,
    ...(conversation.teamId ? { teamId: conversation.teamId } : {}),
    ...(conversation.channelId ? { channelId: conversation.channelId } : {}),
    ...(conversation.name ? { name: conversation.name } : {}),
  };
}

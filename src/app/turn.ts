import type { AdaptiveCard } from "../cards/renderer.js";

/** Where a message came from, independent of the bot SDK that delivered it. */
export type ConversationKind = "personal" | "channel" | "groupChat";

export interface Turn {
  readonly tenantId: string;
  readonly user: {
    /** The channel's user id (Teams: "29:…"). */
    readonly id: string;
    /** The AAD object id, when the channel gives one. */
    readonly aadObjectId?: string;
    readonly name: string;
  };
  readonly conversation: { readonly id: string; readonly kind: ConversationKind };
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

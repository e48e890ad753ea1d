import type { AdaptiveCard } from "./rendering/renderer.js";

/**
 * The message extension, free of any bot SDK: what Teams asked (search, a pasted link, a message action's
 * form and its submission, a searchable choice in that form) and what the bot answers. The Teams edge
 * (src/teams) translates invokes to requests and answers to the invoke responses Teams expects.
 */

/** The chat message a message action was started on. */
export interface SourceMessage {
  readonly id?: string;
  /** Its text, as plain text (Teams sends HTML). */
  readonly text: string;
  readonly from?: { readonly name: string; readonly aadObjectId?: string };
  /** ISO time it was written. */
  readonly createdAt?: string;
  /** Teams' link to the message. */
  readonly link?: string;
}

export type ExtensionRequest =
  | {
      readonly kind: "query";
      readonly commandId: string;
      readonly text: string;
      readonly skip: number;
      readonly count: number;
    }
  | { readonly kind: "queryLink"; readonly url: string }
  | { readonly kind: "fetchTask"; readonly commandId: string; readonly message?: SourceMessage }
  | {
      readonly kind: "submitAction";
      readonly commandId: string;
      readonly data: unknown;
      readonly message?: SourceMessage;
    }
  /** A searchable choice set in a form (Data.Query): `application/search`. */
  | {
      readonly kind: "choices";
      readonly dataset: string;
      readonly text: string;
      readonly skip: number;
      readonly count: number;
    };

/** A search result: the card inserted when it is chosen, and the preview shown in the result list. */
export interface ExtensionResult {
  readonly card: AdaptiveCard;
  readonly preview: { readonly title: string; readonly subtitle: string; readonly text: string };
}

export type ExtensionAnswer =
  /** Search results or an unfurled link (an empty list reveals nothing). */
  | { readonly kind: "results"; readonly results: readonly ExtensionResult[] }
  /** A sentence instead of results (e.g. "you may not search here"). */
  | { readonly kind: "message"; readonly text: string }
  /** A dialog with this card (a form, or the form again with its problems next to the fields). */
  | { readonly kind: "task"; readonly card: AdaptiveCard; readonly title: string }
  /** Closes the dialog with a sentence. */
  | { readonly kind: "taskMessage"; readonly text: string }
  /** The choices of a searchable choice set. */
  | {
      readonly kind: "choices";
      readonly choices: readonly { readonly title: string; readonly value: string }[];
    };

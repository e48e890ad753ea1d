import { expect } from "vitest";
import { adaptiveCardContentType } from "../../src/kit/rendering/renderer.js";
import { teamsMessage, type startBotServer } from "./bot-server.js";
import { cardOf, cardText, type RecordedActivity, type RecordingConnector } from "./recording-connector.js";

/** Whoever types or presses, and where. */
export interface From {
  readonly user?: { readonly id: string; readonly name: string; readonly aadObjectId: string };
  readonly tenantId?: string;
  readonly conversationId?: string;
  readonly conversationType?: "personal" | "channel" | "groupChat";
  readonly locale?: string;
}

/** What the bot posted in reply to one message: the activities, their texts and their cards. */
export interface Replies {
  readonly sent: readonly RecordedActivity[];
  readonly texts: readonly string[];
  readonly cards: readonly Record<string, unknown>[];
  /** Every reply as text (a card's visible text), one per line. */
  readonly text: string;
}

/** The answer to a card button: the card that replaces it, or a short message (a toast). */
export interface Pressed {
  readonly card?: Record<string, unknown>;
  readonly message?: string;
  /** The card's visible text, or the message. */
  readonly text: string;
}

type Bot = Awaited<ReturnType<typeof startBotServer>>;

/**
 * A chat with the bot through its real HTTP endpoint: `say` posts a message and collects the replies the
 * recording connector received for it; `press` sends the Action.Execute invoke Teams sends for a card
 * button and returns the card or message the bot answered with.
 */
export function chat(bot: () => Bot, connector: () => RecordingConnector, defaults: From = {}) {
  const message = (from: From) => ({
    serviceUrl: connector().serviceUrl,
    ...defaults,
    ...from,
  });
  return {
    async say(text: string, from: From = {}): Promise<Replies> {
      const activity = teamsMessage({ ...message(from), text });
      expect((await bot().post(activity)).status).toBe(200);
      const sent = connector().received.filter((r) => r.body.replyToId === activity.id);
      const texts = sent.map((r) => r.body.text).filter((t): t is string => typeof t === "string");
      const cards = sent.map((r) => cardOf(r)).filter((c) => c !== undefined);
      return { sent, texts, cards, text: sent.map((r) => r.body.text ?? cardText(cardOf(r))).join("\n") };
    },

    async press(verb: string, data: unknown, from: From = {}): Promise<Pressed> {
      const activity = teamsMessage({
        ...message(from),
        type: "invoke",
        name: "adaptiveCard/action",
        value: { action: { type: "Action.Execute", verb, data } },
      });
      const response = await bot().post(activity);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { type: string; value: unknown };
      if (body.type === adaptiveCardContentType) {
        const card = body.value as Record<string, unknown>;
        return { card, text: cardText(card) };
      }
      return { message: String(body.value), text: String(body.value) };
    },
  };
}

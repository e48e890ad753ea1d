import { storeFingerprint } from "../../support/test-store.js";
import type { BotProcess } from "./bot-process.js";
import { type AdaptiveCard, type BotMessage, type InvokeResult, type Playground } from "./playground.js";

/**
 * A user's hands on the Playground, for end-to-end journeys: type a command (in the personal chat, or in a
 * channel mentioning the bot), and press the buttons of the cards the bot really sent — the button found by
 * its title, its data taken from the card, and the card's inputs gathered the way the Adaptive Cards
 * renderer gathers them (the inputs of the action's own card and of the cards around it, never those of a
 * sibling ShowCard), with only what the user typed or chose filled in. Hand-made data goes through forge().
 */

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export interface CardInputField {
  readonly id: string;
  readonly type: string;
  /** What the input sends when left as it is. */
  readonly value: string;
  readonly maxLength: number | undefined;
  /** The values a user can pick (Input.ChoiceSet), with their titles. */
  readonly choices: readonly { readonly title: string; readonly value: string }[] | undefined;
}

export interface CardButton {
  readonly title: string;
  readonly verb: string;
  readonly data: Readonly<Node>;
  /** "auto" (default) or "none". */
  readonly associatedInputs: string;
  /** The titles of the ShowCards to open before the button can be seen, outermost first. */
  readonly showCards: readonly string[];
  /** The inputs this button sends (its own card's and the enclosing cards'). */
  readonly inputs: readonly CardInputField[];
}

/** How a user names a button: its title (exact or pattern), optionally inside the ShowCard of that title. */
export interface ButtonQuery {
  readonly title: string | RegExp;
  readonly in?: string;
}

/** The inputs of one card (its body and nested containers), not those inside its actions' ShowCards. */
function inputsOf(card: Node): CardInputField[] {
  const found: CardInputField[] = [];
  const visit = (value: unknown, key: string | undefined) => {
    if (key === "actions") return; // ActionSets and the card's own actions: not inputs of this card
    if (Array.isArray(value)) value.forEach((item) => visit(item, undefined));
    else if (isNode(value)) {
      if (typeof value["type"] === "string" && value["type"].startsWith("Input.") && value["id"]) {
        found.push(toInput(value));
      }
      for (const [childKey, child] of Object.entries(value)) visit(child, childKey);
    }
  };
  visit(card["body"], undefined);
  return found;
}

function toInput(node: Node): CardInputField {
  const choices = Array.isArray(node["choices"])
    ? node["choices"].filter(isNode).map((c) => ({ title: String(c["title"]), value: String(c["value"]) }))
    : undefined;
  const value =
    node["value"] === undefined || node["value"] === null
      ? node["type"] === "Input.Toggle"
        ? String(node["valueOff"] ?? "false")
        : ""
      : String(node["value"]);
  return {
    id: String(node["id"]),
    type: String(node["type"]),
    value,
    maxLength: typeof node["maxLength"] === "number" ? node["maxLength"] : undefined,
    choices,
  };
}

/** Every Action.Execute of a card (in its actions, ActionSets, selectActions and ShowCards). */
export function cardButtons(card: unknown): CardButton[] {
  const buttons: CardButton[] = [];
  const inCard = (cardNode: Node, showCards: readonly string[], outer: readonly CardInputField[]) => {
    const inputs = [...inputsOf(cardNode), ...outer];
    const visit = (value: unknown) => {
      if (Array.isArray(value)) value.forEach(visit);
      else if (isNode(value)) {
        if (value["type"] === "Action.ShowCard" && isNode(value["card"])) {
          inCard(value["card"], [...showCards, String(value["title"])], inputs);
          return;
        }
        if (value["type"] === "Action.Execute") {
          const associatedInputs = String(value["associatedInputs"] ?? "auto").toLowerCase();
          buttons.push({
            title: String(value["title"] ?? ""),
            verb: String(value["verb"]),
            data: isNode(value["data"]) ? value["data"] : {},
            associatedInputs,
            showCards,
            inputs: associatedInputs === "none" ? [] : inputs,
          });
        }
        for (const child of Object.values(value)) visit(child);
      }
    };
    visit(cardNode["body"]);
    visit(cardNode["actions"]);
    visit(cardNode["selectAction"]);
  };
  if (isNode(card)) inCard(card, [], []);
  return buttons;
}

export function findButton(card: unknown, query: ButtonQuery): CardButton {
  const buttons = cardButtons(card);
  const matches = buttons.filter(
    (b) =>
      (typeof query.title === "string" ? b.title === query.title : query.title.test(b.title)) &&
      (query.in === undefined || b.showCards.at(-1) === query.in),
  );
  if (matches.length !== 1) {
    const seen = buttons.map((b) => [...b.showCards, b.title].join(" › ")).join(" | ");
    throw new Error(
      `Expected one button ${String(query.title)}${query.in ? ` in "${query.in}"` : ""}, found ${matches.length}. Buttons: ${seen}`,
    );
  }
  return matches[0] as CardButton;
}

/**
 * What Teams sends when the button is pressed: the button's data plus its inputs, each as shown unless the
 * user typed or chose something else. Typing into an input the button does not send, picking a value that
 * is not offered, or typing past an input's maxLength is a mistake in the test, not something a user can do.
 */
export function submission(button: CardButton, typed: Readonly<Record<string, string>> = {}): Node {
  const values: Node = {};
  for (const input of button.inputs) values[input.id] = input.value;
  for (const [id, value] of Object.entries(typed)) {
    const input = button.inputs.find((i) => i.id === id);
    if (!input) throw new Error(`The button "${button.title}" sends no input "${id}".`);
    if (input.choices && !input.choices.some((c) => c.value === value)) {
      throw new Error(
        `"${value}" is not offered by "${id}": ${input.choices.map((c) => c.value).join(", ")}.`,
      );
    }
    if (input.maxLength !== undefined && value.length > input.maxLength) {
      throw new Error(`"${id}" takes at most ${input.maxLength} characters.`);
    }
    values[id] = value;
  }
  return { ...button.data, ...values };
}

// ---------------------------------------------------------------------------------------------------------

export interface AskOptions {
  /** Default: the personal chat. A channel id opens a new thread there. */
  readonly conversationId?: string;
  /** Put the bot's @mention first (needed in channels and group chats). */
  readonly mention?: boolean;
}

export interface Pressed {
  readonly result: InvokeResult;
  /** The card the message shows now (the answer's card), if the bot answered with one. */
  readonly card: AdaptiveCard | undefined;
  /** The toast text, if the bot answered with a message instead of a card. */
  readonly message: string | undefined;
  /** What was sent. */
  readonly data: Readonly<Node>;
}

export class Journey {
  /** Every card the bot sent or answered a button with, with where it came from. */
  readonly cards: { readonly where: string; readonly card: unknown }[] = [];
  /** The card each message shows now: an answered button replaces its message's card. */
  private readonly shown = new Map<string, AdaptiveCard>();

  constructor(
    readonly pg: Playground,
    readonly bot: BotProcess,
  ) {}

  /** Sends a message as the current user and returns all the bot's replies once its turn is over. */
  async ask(text: string, options: AskOptions = {}, timeoutMs = 20_000): Promise<BotMessage[]> {
    const { pg } = this;
    const mark = pg.mark();
    const post = await pg.send(options.conversationId ?? pg.personalChatId, text, {
      mentionBot: options.mention ?? false,
    });
    const turn = await pg.nextTurn(
      (t) => t.seq >= mark && t.type === "message" && t.conversationId === post.conversationId,
      timeoutMs,
    );
    if (turn.status !== 200) throw new Error(`The bot answered ${turn.status} to "${text.slice(0, 80)}".`);
    // The Playground logs the bot's sends before the bot's answer to the activity: all are known now.
    const sends = pg
      .botCallsSince(mark)
      .filter((call) => call.name === "message" && call.conversationId === post.conversationId);
    const replies: BotMessage[] = [];
    for (const _send of sends) {
      const reply = await pg.nextMessage(
        (m) => m.seq >= mark && m.conversationId === post.conversationId,
        timeoutMs,
      );
      for (const card of reply.cards) this.cards.push({ where: `reply to "${text.slice(0, 60)}"`, card });
      replies.push(reply);
    }
    return replies;
  }

  /** ask() for a command answered with exactly one card and no separate text. */
  async askCard(text: string, options: AskOptions = {}): Promise<BotMessage & { card: AdaptiveCard }> {
    const replies = await this.ask(text, options);
    const [only] = replies;
    if (replies.length !== 1 || !only?.card) {
      throw new Error(`Expected one card for "${text.slice(0, 80)}", got: ${describe(replies)}`);
    }
    return only as BotMessage & { card: AdaptiveCard };
  }

  /** ask() for a command answered with exactly one text message and no card. */
  async askText(text: string, options: AskOptions = {}): Promise<string> {
    const replies = await this.ask(text, options);
    const [only] = replies;
    if (replies.length !== 1 || only?.text === undefined || only.cards.length > 0) {
      throw new Error(`Expected one text for "${text.slice(0, 80)}", got: ${describe(replies)}`);
    }
    return only.text;
  }

  /** The card a message shows now. */
  cardOf(message: BotMessage): AdaptiveCard {
    const card = this.shown.get(message.id) ?? message.card;
    if (!card) throw new Error(`Message ${message.id} has no card.`);
    return card;
  }

  /** A button of the card the message shows now. */
  button(message: BotMessage, query: ButtonQuery): CardButton {
    return findButton(this.cardOf(message), query);
  }

  /** Presses a button of the card the message shows now, after typing `typed` into its inputs. */
  async press(
    message: BotMessage,
    query: ButtonQuery,
    typed: Readonly<Record<string, string>> = {},
  ): Promise<Pressed> {
    const button = findButton(this.cardOf(message), query);
    const data = submission(button, typed);
    return this.invoke(message, button.verb, data, button.title);
  }

  /** Sends an Action.Execute with hand-made verb and data on the message's card (forged input). */
  forge(message: BotMessage, verb: string, data: Readonly<Node>): Promise<Pressed> {
    return this.invoke(message, verb, data, undefined);
  }

  private async invoke(
    message: BotMessage,
    verb: string,
    data: Readonly<Node>,
    title: string | undefined,
  ): Promise<Pressed> {
    const result = await this.pg.invoke(
      message.conversationId,
      { verb, data, ...(title === undefined ? {} : { title }) },
      { replyToId: message.id },
    );
    if (result.card) {
      this.shown.set(message.id, result.card);
      this.cards.push({ where: `answer to ${verb}`, card: result.card });
    }
    if (!result.card && result.type !== "application/vnd.microsoft.activity.message") {
      throw new Error(`Unexpected answer to ${verb}: ${JSON.stringify(result).slice(0, 300)}`);
    }
    return { result, card: result.card, message: result.message, data };
  }

  /** What the bot's store holds (test/support/test-store.ts): any write, even a refused one, would change it. */
  stored(): Promise<string> {
    return storeFingerprint(this.bot.dataDir);
  }
}

function describe(replies: readonly BotMessage[]): string {
  if (replies.length === 0) return "no reply";
  return replies
    .map(
      (r) =>
        `${JSON.stringify(r.text?.slice(0, 160))}${r.cards.length ? ` + ${r.cards.length} card(s)` : ""}`,
    )
    .join("; ");
}

// ---------------------------------------------------------------------------------------------------------
// Reading cards

/** The texts of the card's TextBlocks, in reading order (not those inside ShowCards' forms). */
export function textBlocks(card: unknown): string[] {
  const texts: string[] = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (isNode(value)) {
      if (value["type"] === "TextBlock" && typeof value["text"] === "string") texts.push(value["text"]);
      for (const child of Object.values(value)) visit(child);
    }
  };
  visit(card);
  return texts;
}

/** The card's facts (title → value), from every FactSet. */
export function facts(card: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (isNode(value)) {
      if (value["type"] === "FactSet" && Array.isArray(value["facts"])) {
        for (const fact of value["facts"].filter(isNode))
          result[String(fact["title"])] = String(fact["value"]);
      }
      for (const child of Object.values(value)) visit(child);
    }
  };
  visit(card);
  return result;
}

/** The titles of the card's buttons (Action.Execute), with the ShowCard they are in: "Add note › Save". */
export function buttonTitles(card: unknown): string[] {
  return cardButtons(card).map((b) => [...b.showCards, b.title].join(" › "));
}

/** The revision the card's buttons carry for `ref` (they all carry the one the card shows). */
export function revisionOn(card: unknown, ref: string): number | undefined {
  const revisions = new Set(
    cardButtons(card)
      .filter((b) => b.data["ref"] === ref && b.data["revision"] !== undefined)
      .map((b) => Number(b.data["revision"])),
  );
  if (revisions.size > 1) throw new Error(`The card carries several revisions of ${ref}.`);
  return [...revisions][0];
}

/** The value a user picks by its title in the choice input `id` that `button` sends. */
export function choiceValue(button: CardButton, id: string, title: string): string {
  const input = button.inputs.find((i) => i.id === id);
  const choice = input?.choices?.find((c) => c.title === title);
  if (!choice) {
    const offered = input?.choices?.map((c) => c.title).join(", ") ?? "(no such choice input)";
    throw new Error(`"${id}" offers no "${title}": ${offered}.`);
  }
  return choice.value;
}

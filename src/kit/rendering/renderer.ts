import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { Template } from "adaptivecards-templating";
import { projectRoot } from "../../util/project-root.js";
import { escapeCardMarkdown } from "./markdown.js";

export const cardNames = [
  "welcome",
  "help",
  "small-talk",
  "lead-form",
  "lead",
  "lead-list",
  "lead-duplicates",
  "party",
  "cycle",
  "cycle-stage-form",
  "cycle-activities-form",
  "cycle-delete-form",
  "closecode-form",
  "closecode-list",
  "opportunity",
  "opportunity-list",
  "opportunity-form",
  "opportunity-update",
  "opportunity-line",
  "opportunity-close",
  "opportunity-stage",
  "opportunity-purge",
  "pipeline",
  "inbox",
  "partner-dashboard",
  "role-form",
  "notification",
  "opportunity-assign",
  "opportunity-distribute",
  "partner-opportunity",
  "partner-form",
  "partner-list",
  "digest",
  "nudge",
  "record-compact",
  "record-lead-form",
  "record-note-form",
] as const;
export type CardName = (typeof cardNames)[number];

/** An expanded Adaptive Card, ready to attach. */
export type AdaptiveCard = Readonly<Record<string, unknown>> & { readonly type: "AdaptiveCard" };

export const adaptiveCardContentType = "application/vnd.microsoft.card.adaptive";

/**
 * Expands the templates in `cards/` with data. Every template is read and parsed at start-up, so a missing,
 * unreadable or unparsable template stops start-up rather than failing a user's click later. Only its text
 * is kept, though: a template is prepared for expansion (every `${…}` parsed into an expression tree) when it
 * is first rendered. Prepared, the 37 templates held 1.6 MB of heap for the life of the process, most of
 * them for cards a given process rarely or never shows, and under load V8 lets the heap grow to up to four
 * times what it retains.
 */
export class CardRenderer {
  private readonly prepared = new Map<CardName, Template>();

  private constructor(private readonly sources: ReadonlyMap<CardName, string>) {}

  static load(folder = join(projectRoot(), "cards")): CardRenderer {
    const sources = new Map<CardName, string>();
    const files = new Set(
      readdirSync(folder)
        .filter((f) => f.endsWith(".json"))
        .map((f) => basename(f, ".json")),
    );
    for (const name of cardNames) {
      if (!files.has(name)) throw new Error(`Card template ${name}.json is missing in ${folder}`);
      const source = readFileSync(join(folder, `${name}.json`), "utf8");
      // Prepared once here only to find a broken template now; it is prepared again on first use.
      prepare(name, source);
      sources.set(name, source);
    }
    return new CardRenderer(sources);
  }

  private template(name: CardName): Template {
    let template = this.prepared.get(name);
    if (!template) {
      const source = this.sources.get(name);
      if (source === undefined) throw new Error(`Unknown card template ${name}`);
      this.prepared.set(name, (template = prepare(name, source)));
    }
    return template;
  }

  render(name: CardName, data: object): AdaptiveCard {
    const card = this.template(name).expand({ $root: keyedForLookup(data) }) as AdaptiveCard | null;
    if (!card || card.type !== "AdaptiveCard") throw new Error(`Card template ${name} expanded to nothing`);
    // Here, once for every card: dates and user text must not turn into list items in Teams.
    escapeCardMarkdown(card);
    return card;
  }
}

function prepare(name: CardName, source: string): Template {
  try {
    return new Template(JSON.parse(source));
  } catch (error) {
    throw new Error(
      `Card template ${name}.json cannot be read: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * The view model as the expressions read it. adaptive-expressions finds a property of a plain object by
 * lower-casing and comparing every key of it (accessProperty), on every `${…}`; a Map it asks with get()
 * first. A view model's top level and its groups (labels, can, values…) have 20–50 keys and the templates
 * read them a hundred times a card, so those two levels are handed over as Maps: the card comes out the
 * same (test/kit/renderer.test.ts), and an opportunity card costs a tenth to a sixth less CPU to expand. Arrays and what is inside them stay as
 * they are: they are small, and their items may be put into a card whole. So does a frozen object: it is a
 * value a template puts into the card whole (a button's `data`), which a Map would turn into {}.
 */
function keyedForLookup(data: object, depth = 2): object {
  if (depth === 0 || Array.isArray(data) || Object.isFrozen(data)) return data;
  if (Object.getPrototypeOf(data) !== Object.prototype) return data;
  const keyed = new Map<string, unknown>();
  for (const [key, value] of Object.entries(data))
    keyed.set(key, typeof value === "object" && value !== null ? keyedForLookup(value, depth - 1) : value);
  return keyed;
}

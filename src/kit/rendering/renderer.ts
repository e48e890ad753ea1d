import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { Template } from "adaptivecards-templating";
import { projectRoot } from "../../util/project-root.js";
import { FixedTexts } from "./fixed-texts.js";
import { preparedTemplate, type PathEvaluators } from "./prepared.js";

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
  private readonly prepared = new Map<string, Template>();

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
      // Prepared once here only to find a broken template now; it is prepared again on first use. Its path
      // evaluators go with it (prepared.ts): only the templates a process renders keep theirs.
      prepare(name, source, [], new Map());
      // Kept without the file's indentation and line breaks (122 KB of text for the 37 templates, 73 KB so):
      // the same JSON, parsed into the same template.
      sources.set(name, JSON.stringify(JSON.parse(source)));
    }
    return new CardRenderer(sources);
  }

  private template(name: CardName, fixed: readonly FixedGroup[]): Template {
    // One template per card, and one per card and language of its fixed texts (made when first asked for).
    const key =
      fixed.length === 0
        ? name
        : `${name} ${fixed.map(([group, texts]) => `${group}=${texts.id}`).join(" ")}`;
    let template = this.prepared.get(key);
    if (!template) {
      const source = this.sources.get(name);
      if (source === undefined) throw new Error(`Unknown card template ${name}`);
      this.prepared.set(key, (template = prepare(name, source, fixed)));
    }
    return template;
  }

  render(name: CardName, data: object): AdaptiveCard {
    const fixed: FixedGroup[] = [];
    const root = keyedForLookup(data, 2, fixed);
    const card = this.template(name, fixed).expand({ $root: root }) as AdaptiveCard | null;
    if (!card || card.type !== "AdaptiveCard") throw new Error(`Card template ${name} expanded to nothing`);
    // Dates and user text must not turn into list items in Teams: the walk escapes every card as it expands
    // it (walk.ts), each element as it is made.
    return card;
  }
}

function prepare(
  name: CardName,
  source: string,
  fixed: readonly FixedGroup[] = [],
  evaluators?: PathEvaluators,
): Template {
  try {
    const payload = JSON.parse(source) as Json;
    return preparedTemplate(
      fixed.length === 0 ? payload : withFixedTexts(payload, new Map(fixed), false),
      evaluators,
    );
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
function keyedForLookup(data: object, depth: number, fixed: FixedGroup[]): object {
  if (depth === 0 || Array.isArray(data) || Object.isFrozen(data)) return data;
  if (Object.getPrototypeOf(data) !== Object.prototype) return data;
  const keyed = new Map<string, unknown>();
  const fields = data as Readonly<Record<string, unknown>>;
  // for-in, not Object.keys or Object.entries: a plain object (checked above) has no enumerable inherited
  // keys, so the same keys in the same order, without an array of them on every card, and V8 reads each
  // field through the object's enumeration cache instead of looking its name up.
  for (const key in fields) {
    const value = fields[key];
    if (value instanceof FixedTexts) {
      // Its texts, for whatever the prepared template still reads of them; the top level's are filled in.
      keyed.set(key, value.texts);
      if (depth === 2) fixed.push([key, value]);
    } else
      keyed.set(
        key,
        typeof value === "object" && value !== null ? keyedForLookup(value, depth - 1, fixed) : value,
      );
  }
  return keyed;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** A group of fixed texts at the view model's top level, by its name there (e.g. `labels`). */
type FixedGroup = readonly [group: string, texts: FixedTexts];

/** `${labels.next}` or `${$root.labels.next}`, alone in a value: a group's text read whole. */
const wholeReference = /^\$\{(\$root\.)?([A-Za-z_]\w*)\.([A-Za-z_]\w*)\}$/;

/**
 * The template with the view model's fixed texts written in before the library parses it, so they are not
 * evaluated on every card: a value that is one reference to a group's text (`"${labels.next}"`) becomes that
 * text. What the library then makes of it is the text itself, exactly the value the expression had: only
 * texts without `${` are written in (the library would read one as an expression), never into `$when` or
 * `$data` (they must stay expressions), and inside a `$data` scope only `$root.` references, as a bare
 * `labels` there names the item's own. Everything else stays an expression and reads the same texts from
 * the data, so a reference this leaves alone still comes out right, only not quite as cheaply.
 */
function withFixedTexts(node: Json, fixed: ReadonlyMap<string, FixedTexts>, inItem: boolean): Json {
  if (typeof node === "string") {
    const reference = wholeReference.exec(node);
    if (!reference || (inItem && !reference[1])) return node;
    const text = fixed.get(reference[2] ?? "")?.texts.get(reference[3] ?? "");
    return text === undefined || text.includes("${") ? node : text;
  }
  if (Array.isArray(node)) return node.map((item) => withFixedTexts(item, fixed, inItem));
  if (typeof node !== "object" || node === null) return node;
  // Every key but $data itself is evaluated for each item of a $data.
  const item = inItem || "$data" in node;
  const filled: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(node))
    filled[key] = key === "$when" || key === "$data" ? value : withFixedTexts(value, fixed, item);
  return filled;
}

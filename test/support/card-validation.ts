import { createRequire } from "node:module";
import type * as AdaptiveCardsModule from "adaptivecards";
import { parseCardAction as parseAction } from "../../src/features/index.js";

/**
 * Checks for expanded Adaptive Cards, shared by the card template tests and by end-to-end tests that look at
 * the cards the bot really sent. Every check returns human-readable problems; an empty list means "fine".
 *
 * The `adaptivecards` package is loaded from its webpack bundle: its `lib/` entry is extensionless ESM that
 * Node cannot resolve. Parsing and validating need no DOM (only rendering does).
 */
const AC = createRequire(import.meta.url)(
  "adaptivecards/dist/adaptivecards.js",
) as typeof AdaptiveCardsModule;

/** Teams renders Adaptive Cards up to 1.5, and Universal Actions (Action.Execute) need 1.5. */
export const cardVersion = "1.5";
/** A bot message may be at most 40 KB. */
export const maxCardBytes = 40 * 1024;
/** `refresh.userIds` may list at most 60 users. */
export const maxRefreshUserIds = 60;

type Json = Record<string, unknown>;
type Problems = string[];

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const childPath = (path: string, key: string | number) =>
  typeof key === "number"
    ? `${path}[${key}]`
    : /^[A-Za-z_$][\w$]*$/.test(key)
      ? `${path}.${key}`
      : `${path}["${key}"]`;

/** What to call a node in a message: `Input.Text "email"`, `TextBlock`. */
function describeNode(node: Json): string {
  const type = typeof node.type === "string" ? node.type : "object";
  return typeof node.id === "string" ? `${type} "${node.id}"` : type;
}

/**
 * Every object of the card structure with its JSON path (`$.body[2].columns[0]`). An action's `data` is the
 * bot's payload, not card structure, so it is not entered.
 */
export function cardNodes(card: unknown): { node: Json; path: string }[] {
  const found: { node: Json; path: string }[] = [];
  const visit = (value: unknown, path: string) => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, childPath(path, i)));
    } else if (isObject(value)) {
      found.push({ node: value, path });
      const isAction = typeof value.type === "string" && value.type.startsWith("Action.");
      for (const [key, child] of Object.entries(value)) {
        if (!(isAction && key === "data")) visit(child, childPath(path, key));
      }
    }
  };
  visit(card, "$");
  return found;
}

export interface CardInput {
  readonly id: string;
  readonly type: string;
  readonly value: string;
  readonly path: string;
}

/** The card's inputs with the value each would send if the user submitted the card untouched. */
export function cardInputs(card: unknown): CardInput[] {
  return cardNodes(card)
    .filter(({ node }) => typeof node.type === "string" && node.type.startsWith("Input."))
    .map(({ node, path }) => ({
      id: typeof node.id === "string" ? node.id : "",
      type: node.type as string,
      value: node.value === undefined || node.value === null ? "" : String(node.value),
      path,
    }));
}

export interface ExecuteAction {
  readonly verb: unknown;
  readonly data: unknown;
  readonly associatedInputs: unknown;
  readonly path: string;
}

/** Every Action.Execute of the card: in `actions`, as a `selectAction`, an `inlineAction` or in an ActionSet. */
export function executeActions(card: unknown): ExecuteAction[] {
  return cardNodes(card)
    .filter(({ node }) => node.type === "Action.Execute")
    .map(({ node, path }) => ({
      verb: node.verb,
      data: node.data,
      associatedInputs: node.associatedInputs,
      path,
    }));
}

/**
 * What the bot receives when the action is clicked on the untouched card: the action's data plus the values
 * of the card's inputs (Action.Execute gathers inputs unless `associatedInputs` is "none").
 */
export function submittedData(card: unknown, action: ExecuteAction): Json {
  const data = isObject(action.data) ? action.data : {};
  if (typeof action.associatedInputs === "string" && action.associatedInputs.toLowerCase() === "none") {
    return { ...data };
  }
  const values = Object.fromEntries(cardInputs(card).map((input) => [input.id, input.value]));
  return { ...data, ...values };
}

// ---------------------------------------------------------------------------------------------------------
// (1) The adaptivecards parser at version 1.5, plus properties it silently ignores.

type SerializableObject = AdaptiveCardsModule.SerializableObject;

function sourceName(source: SerializableObject | undefined): string {
  if (source instanceof AC.CardObject) {
    const id = source.id ? ` "${source.id}"` : "";
    return ` (${source.getJsonTypeName()}${id})`;
  }
  return "";
}

/** Parses the card as Teams would read it (schema 1.5); returns the parsed card and every parse event. */
export function parseCard(card: unknown): { parsed: AdaptiveCardsModule.AdaptiveCard; problems: Problems } {
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  const parsed = new AC.AdaptiveCard();
  parsed.parse(structuredClone(card), context);
  const problems: Problems = [];
  for (let i = 0; i < context.eventCount; i++) {
    const event = context.getEventAt(i);
    problems.push(`parser: ${AC.ValidationEvent[event.event]}: ${event.message}${sourceName(event.source)}`);
  }
  return { parsed, problems };
}

/**
 * The parser ignores properties it does not know (a typo such as `"colour"`, or a leftover `$when`) without
 * an event, so the card's JSON is walked against the parser's own schema for each element and action type.
 */
export function unknownPropertyProblems(card: unknown): Problems {
  const problems: Problems = [];
  if (!isObject(card)) return ["the card is not a JSON object"];

  const checkTyped = (raw: Json, family: "element" | "action", path: string) => {
    if (typeof raw.type !== "string") return; // the parser reports a missing type
    const registry = family === "element" ? AC.GlobalRegistry.elements : AC.GlobalRegistry.actions;
    const registration = registry.findByName(raw.type);
    if (registration) checkObject(raw, new registration.objectType(), path); // unknown types: the parser reports
  };
  const each = (value: unknown, path: string, check: (item: Json, path: string) => void) => {
    if (Array.isArray(value)) value.forEach((item, i) => isObject(item) && check(item, childPath(path, i)));
  };

  /** Properties an object's parser reads itself, outside its declared schema. */
  const structural = (model: SerializableObject): Map<string, (value: unknown, path: string) => void> => {
    const children = new Map<string, (value: unknown, path: string) => void>();
    const elements = (value: unknown, path: string) =>
      each(value, path, (item, p) => checkTyped(item, "element", p));
    const actions = (value: unknown, path: string) =>
      each(value, path, (item, p) => checkTyped(item, "action", p));
    if (model instanceof AC.CardElement || model instanceof AC.Action) {
      const family = model instanceof AC.Action ? "action" : "element";
      children.set("fallback", (value, path) => isObject(value) && checkTyped(value, family, path));
    }
    if (model instanceof AC.AdaptiveCard) {
      children.set("body", elements);
      children.set("actions", actions);
      children.set("msteams", () => undefined); // Teams' own extension (width, mention entities)
    } else if (model instanceof AC.Container) {
      children.set("items", elements); // also Column and TableCell
    }
    if (model instanceof AC.ColumnSet) {
      children.set("columns", (value, path) =>
        each(value, path, (item, p) => checkObject(item, new AC.Column(), p)),
      );
    }
    if (model instanceof AC.ActionSet) children.set("actions", actions);
    if (model instanceof AC.RichTextBlock) {
      children.set("inlines", (value, path) =>
        each(value, path, (item, p) => checkObject(item, new AC.TextRun(), p)),
      );
    }
    if (model instanceof AC.ShowCardAction) {
      children.set(
        "card",
        (value, path) => isObject(value) && checkObject(value, new AC.AdaptiveCard(), path),
      );
    }
    if (model instanceof AC.Table) {
      children.set("rows", (value, path) =>
        each(value, path, (item, p) => checkObject(item, new AC.TableRow(), p)),
      );
    }
    if (model instanceof AC.TableRow) {
      children.set("cells", (value, path) =>
        each(value, path, (item, p) => checkObject(item, new AC.TableCell(), p)),
      );
    }
    return children;
  };

  const checkObject = (raw: Json, model: SerializableObject, path: string) => {
    const schema = model.getSchema();
    const properties = new Map<string, AdaptiveCardsModule.PropertyDefinition>();
    for (let i = 0; i < schema.getCount(); i++) {
      const property = schema.getItemAt(i);
      properties.set(property.name, property);
    }
    const children = structural(model);
    const what = model instanceof AC.CardObject ? model.getJsonTypeName() : model.constructor.name;
    for (const [key, value] of Object.entries(raw)) {
      const path_ = childPath(path, key);
      const child = children.get(key);
      const property = properties.get(key);
      if (child) {
        child(value, path_);
      } else if (!property) {
        problems.push(`unknown property "${key}" on ${what} at ${path}`);
      } else if (key === "requires") {
        // free-form map of host capabilities
      } else if (property instanceof AC.SerializableObjectProperty && isObject(value)) {
        checkObject(value, new property.objectType(), path_);
      } else if (property instanceof AC.SerializableObjectCollectionProperty) {
        const objectType = property.objectType;
        each(value, path_, (item, p) => checkObject(item, new objectType(), p));
      } else if (property instanceof AC.ActionProperty && isObject(value)) {
        checkTyped(value, "action", path_);
      }
    }
  };

  checkObject(card, new AC.AdaptiveCard(), "$");
  return problems;
}

// ---------------------------------------------------------------------------------------------------------
// (2) The library's own validation: duplicate ids, required inputs without label or error message, …

export function validationProblems(parsed: AdaptiveCardsModule.AdaptiveCard): Problems {
  const results = parsed.validateProperties();
  const problems: Problems = Object.entries(results.allIds)
    .filter(([, count]) => count > 1)
    .map(([id, count]) => `validation: id "${id}" is used ${count} times`);
  for (const event of results.validationEvents) {
    if (event.event === AC.ValidationEvent.DuplicateId) continue; // reported from allIds above
    problems.push(
      `validation: ${AC.ValidationEvent[event.event]}: ${event.message}${sourceName(event.source)}`,
    );
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------
// (3) Template expressions the templating engine left in the card (unbound `${x}` stays as literal text).

export function leftoverTemplateProblems(card: unknown): Problems {
  const problems: Problems = [];
  const visit = (value: unknown, path: string) => {
    if (typeof value === "string") {
      if (value.includes("${")) problems.push(`unexpanded template text ${JSON.stringify(value)} at ${path}`);
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, childPath(path, i)));
    } else if (isObject(value)) {
      for (const [key, child] of Object.entries(value)) {
        if (key.includes("${") || key === "$data" || key === "$when") {
          problems.push(`template keyword "${key}" left at ${path}`);
        }
        visit(child, childPath(path, key));
      }
    }
  };
  visit(card, "$");
  return problems;
}

// ---------------------------------------------------------------------------------------------------------
// (4) Inputs: a visible label for every input (screen readers, and Teams shows nothing else).

export function inputLabelProblems(card: unknown): Problems {
  return cardNodes(card)
    .filter(({ node }) => typeof node.type === "string" && node.type.startsWith("Input."))
    .filter(({ node }) => typeof node.label !== "string" || node.label.trim() === "")
    .map(({ node, path }) => `${describeNode(node)} at ${path} has no label`);
}

// ---------------------------------------------------------------------------------------------------------
// (5) Size.

export function cardBytes(card: unknown): number {
  return Buffer.byteLength(JSON.stringify(card), "utf8");
}

export function sizeProblems(card: unknown, maxBytes = maxCardBytes): Problems {
  const bytes = cardBytes(card);
  return bytes < maxBytes ? [] : [`the card is ${bytes} bytes; it must stay under ${maxBytes}`];
}

// ---------------------------------------------------------------------------------------------------------
// (6) Version and Universal Actions.

export function versionAndActionProblems(card: unknown, version = cardVersion): Problems {
  if (!isObject(card)) return ["the card is not a JSON object"];
  const problems: Problems = [];
  if (card.type !== "AdaptiveCard") problems.push(`type is ${JSON.stringify(card.type)}, not "AdaptiveCard"`);
  if (card.version !== version) {
    problems.push(`version is ${JSON.stringify(card.version)}, not "${version}"`);
  }
  for (const { node, path } of cardNodes(card)) {
    if ("verb" in node && node.type !== "Action.Execute") {
      problems.push(`${describeNode(node)} at ${path} has a verb; only Action.Execute may have one`);
    }
    if (node.type === "Action.Execute") {
      if (typeof node.verb !== "string" || node.verb === "") {
        problems.push(`Action.Execute at ${path} has no verb`);
      }
      if (!isObject(node.data)) {
        problems.push(
          `Action.Execute at ${path} has data ${JSON.stringify(node.data)}; it must be an object`,
        );
      }
    }
  }
  const refresh = card.refresh;
  if (isObject(refresh) && Array.isArray(refresh.userIds) && refresh.userIds.length > maxRefreshUserIds) {
    problems.push(`refresh.userIds lists ${refresh.userIds.length} users; at most ${maxRefreshUserIds}`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------
// (7) Every Action.Execute is one the bot understands, with the data the card would send.

export function actionRouteProblems(card: unknown): Problems {
  return executeActions(card).flatMap((action) => {
    const result = parseAction(action.verb, submittedData(card, action));
    return result.ok
      ? []
      : [
          `Action.Execute ${JSON.stringify(action.verb)} at ${action.path} is refused by the bot (${result.error.code})`,
        ];
  });
}

// ---------------------------------------------------------------------------------------------------------
// (8) Text as Teams draws it: `<…>` that looks like an HTML tag is dropped ("lead show <L-ref>" shows as
// "lead show"), and a TextBlock or fact line starting "6. " or "31) " becomes a numbered-list item.

const htmlTag = /<[^\s<>=][^<>]*>/;
const unescapedListItem = /^[ \t]{0,3}\d{1,9}[.)](?:[ \t]|$)/m;

export function teamsTextProblems(card: unknown): Problems {
  const problems: Problems = [];
  for (const { node, path } of cardNodes(card)) {
    for (const [key, value] of Object.entries(node)) {
      if (typeof value === "string" && htmlTag.test(value))
        problems.push(`text ${JSON.stringify(value)} at ${childPath(path, key)} has <…>, which Teams drops`);
    }
    const markdown =
      node.type === "TextBlock" ? [["text", node.text] as const] : isFact(path) ? factTexts(node) : [];
    for (const [key, value] of markdown) {
      if (typeof value === "string" && unescapedListItem.test(value))
        problems.push(`text ${JSON.stringify(value)} at ${childPath(path, key)} is drawn as a numbered list`);
    }
  }
  return problems;
}

const isFact = (path: string): boolean => /\.facts\[\d+\]$/.test(path);
const factTexts = (node: Json) => [["title", node.title] as const, ["value", node.value] as const];

// ---------------------------------------------------------------------------------------------------------

/** All checks above; an empty list means the card is fit to send to Teams. */
export function validateCard(card: unknown, options: { maxBytes?: number } = {}): Problems {
  const { parsed, problems: parseProblems } = parseCard(card);
  return [
    ...parseProblems,
    ...unknownPropertyProblems(card),
    ...validationProblems(parsed),
    ...leftoverTemplateProblems(card),
    ...inputLabelProblems(card),
    ...sizeProblems(card, options.maxBytes),
    ...versionAndActionProblems(card),
    ...actionRouteProblems(card),
    ...teamsTextProblems(card),
  ];
}

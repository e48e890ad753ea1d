import { Constant, Expression, type ValueWithError } from "adaptive-expressions";
import { Template } from "adaptivecards-templating";
import { ConditionEvaluator } from "./conditions.js";
import { escapeCardMarkdown, escapeElement } from "./markdown.js";
import { PathEvaluator } from "./paths.js";

/**
 * The parts of the library's Template its walk is made of. They are private in the typings, not in the code,
 * and have been the same since templating 2.0; should a version drop them, this module fails when loaded
 * (start-up), not a user's card.
 */
interface Walk {
  readonly _context: Record<string, unknown>;
  readonly templateExpansionWarnings: string[];
  internalExpand(node: unknown): unknown;
  expandSingleObject(node: object): unknown;
}

const library = Template.prototype as unknown as Walk;
if (typeof library.internalExpand !== "function" || typeof library.expandSingleObject !== "function")
  throw new Error("adaptivecards-templating no longer walks with internalExpand: see walk.ts");
const libraryExpand = library.internalExpand;

/** The library's evaluation of an expression in its context, as its walk evaluates each `$when`. */
type Evaluate = (expression: Expression, context: object, allowSubstitutions: boolean) => ValueWithError;
const libraryEvaluate: Evaluate = (() => {
  const evaluate = (Template as unknown as { internalTryEvaluateExpression?: Evaluate })
    .internalTryEvaluateExpression;
  if (typeof evaluate !== "function")
    throw new Error(
      "adaptivecards-templating no longer evaluates with internalTryEvaluateExpression: see walk.ts",
    );
  return evaluate.bind(Template);
})();

/**
 * A template whose walk skips the library's bookkeeping where it cannot change the answer, and is the
 * library's everywhere else. For every node of a card the library saves and restores its `$data` and
 * `$index` and wraps an object in a one-item list it then unwraps; for every value it makes a memory, an
 * options object and a closure to evaluate the expression in. Most nodes of a card need none of that, and
 * are answered here exactly as the library answers them:
 * - a plain value (a "type", a "size", `true`) in a part that is not constant: the library saves and restores
 *   its state around it and answers the value itself (90 of them on an opportunity card, a sixth of its walk);
 * - a part prepared as a constant (prepared.ts): the library evaluates it to its value;
 * - a plain path (`${title}`, `${$root.labels.deal}`) the lookup (paths.ts) finds: the library's evaluator
 *   of it is that same lookup (prepared.ts swapped it in), which finds the same value;
 * - an object whose `$when` is absent, a plain path the lookup finds true or false, or a comparison
 *   conditions.ts decides: the library expands its fields (expandSingleObject, its own code, which walks on
 *   through here), or drops it with the warning it writes for a false `$when`;
 * - such an object with a `$data` that is a path the lookup finds: the library's loop over its items (each
 *   item its `$data`, a list's items their `$index`, the `$when` asked of each item, by the library itself
 *   where it cannot be decided here), with `$data` and `$index` put back afterwards.
 * - a list: the library's loop over its items, without the state it saves and restores around it.
 * Everything else (functions other than these comparisons, a path the lookup cannot be sure of) the library
 * walks itself. test/kit/walk.test.ts holds each case against the plain library.
 */
export class PreparedCardTemplate extends Template {}

(PreparedCardTemplate.prototype as unknown as Walk).internalExpand = function (this: Walk, node: unknown) {
  if (typeof node !== "object" || node === null) return node;
  if (node instanceof Constant) return node.value as unknown;
  if (node instanceof Expression) {
    const found = pathValue(this, node);
    const value = found === undefined ? libraryExpand.call(this, node) : found;
    // Put into the card whole (a list of facts, a button's data, elements made by a view model): escaped as
    // a card is, wherever its elements sit; the walk escapes only the elements it makes itself.
    if (typeof value === "object" && value !== null) escapeCardMarkdown(value);
    return value;
  }
  if (Array.isArray(node)) return expandList(this, node);
  if (typeof node === "object" && node !== null) {
    const fields = node as Readonly<Record<string, unknown>>;
    const data = fields.$data;
    if (data === undefined) {
      const when = fields.$when;
      if (when === undefined) return this.expandSingleObject(node);
      if (when instanceof Expression) {
        const shown = decided(this, when);
        if (shown === true) return this.expandSingleObject(node);
        if (shown === false) {
          warnFalse(this, when);
          return null;
        }
      }
    } else if (data instanceof Expression) {
      const items = pathValue(this, data);
      if (items !== undefined) return expandEach(this, node, fields.$when, items);
    }
  }
  return libraryExpand.call(this, node);
};

/**
 * The library's loop over a list (internalExpand), which changes no state of its own: each item walked, a
 * null dropped, a list (a `$data` object's copies) joined in with concat, as there.
 */
function expandList(walk: Walk, node: readonly unknown[]): unknown[] {
  let result: unknown[] = [];
  for (const item of node) {
    const expanded = walk.internalExpand(item);
    if (expanded === null) continue;
    if (Array.isArray(expanded)) result = result.concat(expanded);
    else result.push(expanded);
  }
  return result;
}

/**
 * The library's expandSingleObject, the same loop over the object's own keys: each field but the reserved
 * ones walked, and kept unless it comes out undefined. Only the test for a reserved name is cheaper (a `$`
 * first, then a Set, instead of searching the library's list for every key of every object), and the keys
 * are taken with for-in instead of Object.keys: a template's objects are plain (parsed JSON, or made so by
 * prepared.ts), whose for-in keys are their own, in the same order; V8 then reads each field through the
 * object's enumeration cache and makes no array of keys per object (the opportunity card about a tenth
 * cheaper to render, bench/render-cards.ts).
 */
(PreparedCardTemplate.prototype as unknown as Walk).expandSingleObject = function (this: Walk, node: object) {
  const result: Record<string, unknown> = {};
  const fields = node as Readonly<Record<string, unknown>>;
  for (const key in fields) {
    if (key.charCodeAt(0) === 36 && reserved.has(key)) continue;
    const field = fields[key];
    // A plain value (a "type", a "size", true) is itself, and never undefined: no walk to ask.
    if (typeof field !== "object" || field === null) {
      result[key] = field;
      continue;
    }
    const value = this.internalExpand(field);
    if (value !== undefined) result[key] = value;
  }
  // Each element escaped as it is made (its own text or facts; what is inside it was made, and escaped,
  // before it): one pass over the card instead of a second walk over all of it once it is expanded.
  escapeElement(result);
  return result;
};

/** The library's evaluation context (not exported): what one expansion of a template made to walk in. */
interface EvaluationContext {
  $_acTemplateVersion?: unknown;
  $root?: unknown;
  $host?: unknown;
}
type EvaluationContextClass = (new () => EvaluationContext) & { readonly _reservedFields?: unknown };

const probeContext = (() => {
  const probe = new Template({});
  probe.expand({ $root: {} });
  return (probe as unknown as { _context?: EvaluationContext })._context;
})();
const Context = probeContext?.constructor as EvaluationContextClass | undefined;
if (typeof Context !== "function" || typeof probeContext?.$_acTemplateVersion !== "object")
  throw new Error("adaptivecards-templating no longer expands in an EvaluationContext: see walk.ts");

/**
 * The library's version as its expand() writes it into each context (`$_acTemplateVersion`), for a template
 * to read: the same for the life of the process (the package's version), so made once, not on every card
 * (a split of the version string, three parseInt and an object each time).
 */
const version = Object.freeze(probeContext.$_acTemplateVersion);

/**
 * The library's expand(), with its context made without working the version out again: an empty context
 * (what its constructor makes without data: the state stack only), then the same three fields in the same
 * order as its constructor writes them.
 */
(PreparedCardTemplate.prototype as unknown as Expand).expand = function (
  this: Expand,
  data: EvaluationContext,
) {
  this.templateExpansionWarnings = [];
  const context = new (Context as EvaluationContextClass)();
  context.$_acTemplateVersion = version;
  context.$root = data.$root;
  context.$host = data.$host;
  this._context = context;
  return this.internalExpand(this._preparedPayload);
};

interface Expand {
  templateExpansionWarnings: string[];
  _context: EvaluationContext;
  readonly _preparedPayload: unknown;
  internalExpand(node: unknown): unknown;
  expand(data: EvaluationContext): unknown;
}

/** The names the library's walk never copies into a card: its own list (EvaluationContext._reservedFields). */
const reserved: ReadonlySet<string> = (() => {
  const names = Context._reservedFields;
  if (!Array.isArray(names) || !names.every((name) => typeof name === "string" && name.startsWith("$")))
    throw new Error("adaptivecards-templating no longer lists its reserved fields: see walk.ts");
  return new Set(names as string[]);
})();

/**
 * The library's own loop for an object with `$data` (internalExpand), once its `$data` is known: each item
 * (or the one value) in turn as `$data`, `$index` for a list's, the object kept where its `$when` holds,
 * and `$data` and `$index` as they were afterwards. None, one, or a list of expanded objects, as there.
 */
function expandEach(walk: Walk, node: object, when: unknown, data: unknown): unknown {
  const context = walk._context;
  const saved = { $data: context.$data, $index: context.$index };
  const list = Array.isArray(data);
  const items: readonly unknown[] = list ? data : [data];
  const result: unknown[] = [];
  for (let i = 0; i < items.length; i++) {
    if (list) context.$index = i;
    const item = items[i];
    if (item !== undefined) context.$data = item;
    let shown: boolean;
    if (when instanceof Expression) {
      const decision = decided(walk, when);
      if (decision === undefined) shown = libraryWhen(walk, when);
      else if (!(shown = decision)) warnFalse(walk, when);
    } else if (when) {
      // The library's words for a `$when` that is no expression, exactly.
      walk.templateExpansionWarnings.push(
        "WARN: " +
          String(when) +
          " is not an Adaptive Expression. The $when condition has been set to false by default.",
      );
      shown = false;
    } else shown = true;
    if (shown) {
      const expanded = walk.expandSingleObject(node);
      if (expanded !== null) result.push(expanded);
    }
  }
  context.$data = saved.$data;
  context.$index = saved.$index;
  return result.length === 0 ? null : result.length === 1 ? result[0] : result;
}

/** The value of a plain path in the walk's current `$data`/`$root`, or undefined where the library must say. */
function pathValue(walk: Walk, expression: Expression): unknown {
  const evaluator = expression.evaluator;
  if (!(evaluator instanceof PathEvaluator)) return undefined;
  return evaluator.path.find(walk._context[evaluator.path.scope]);
}

/** A `$when` decided without the library: a path found true or false, or a comparison conditions.ts decides. */
function decided(walk: Walk, when: Expression): boolean | undefined {
  const evaluator = when.evaluator;
  if (evaluator instanceof ConditionEvaluator) return evaluator.decide(walk._context);
  const value = pathValue(walk, when);
  return typeof value === "boolean" ? value : undefined;
}

/** A `$when` the library evaluates, and the warning it writes when that gives no value or false, as there. */
function libraryWhen(walk: Walk, when: Expression): boolean {
  const result = libraryEvaluate(when, walk._context, false);
  if (!result.value) warnFalse(walk, when);
  return !result.error && typeof result.value === "boolean" && result.value;
}

/** The library's words for a `$when` that came out false, exactly. */
function warnFalse(walk: Walk, when: Expression): void {
  walk.templateExpansionWarnings.push(
    "WARN: Unable to parse the Adaptive Expression " +
      String(when) +
      ". The $when condition has been set to false by default.",
  );
}

import { Constant, Expression } from "adaptive-expressions";
import { Template } from "adaptivecards-templating";
import { PathEvaluator } from "./paths.js";

/**
 * The parts of the library's Template its walk is made of. They are private in the typings, not in the code,
 * and have been the same since templating 2.0; should a version drop them, this module fails when loaded
 * (start-up), not a user's card.
 */
interface Walk {
  readonly _context: Readonly<Record<string, unknown>>;
  readonly templateExpansionWarnings: string[];
  internalExpand(node: unknown): unknown;
  expandSingleObject(node: object): unknown;
}

const library = Template.prototype as unknown as Walk;
if (typeof library.internalExpand !== "function" || typeof library.expandSingleObject !== "function")
  throw new Error("adaptivecards-templating no longer walks with internalExpand: see walk.ts");
const libraryExpand = library.internalExpand;

/**
 * A template whose walk skips the library's bookkeeping where it cannot change the answer, and is the
 * library's everywhere else. For every node of a card the library saves and restores its `$data` and
 * `$index` and wraps an object in a one-item list it then unwraps; for every value it makes a memory, an
 * options object and a closure to evaluate the expression in. Three kinds of node, most of a card, need
 * none of that, and are answered here exactly as the library answers them:
 * - a part prepared as a constant (prepared.ts): the library evaluates it to its value;
 * - a plain path (`${title}`, `${$root.labels.deal}`) the lookup (paths.ts) finds: the library's evaluator
 *   of it is that same lookup (prepared.ts swapped it in), which finds the same value;
 * - an object without `$data`, whose `$when` is absent or a plain path the lookup finds true or false: the
 *   library expands its fields (expandSingleObject, its own code, which walks on through here), or drops it
 *   with the warning it writes for a false `$when`.
 * Everything else (`$data` lists, comparisons and functions, a path the lookup cannot be sure of, arrays)
 * the library walks itself. test/kit/walk.test.ts holds each case against the plain library.
 */
export class PreparedCardTemplate extends Template {}

(PreparedCardTemplate.prototype as unknown as Walk).internalExpand = function (this: Walk, node: unknown) {
  if (node instanceof Constant) return node.value as unknown;
  if (node instanceof Expression) {
    const value = pathValue(this, node);
    return value === undefined ? libraryExpand.call(this, node) : value;
  }
  if (typeof node === "object" && node !== null && !Array.isArray(node)) {
    const fields = node as Readonly<Record<string, unknown>>;
    if (fields.$data === undefined) {
      const when = fields.$when;
      if (when === undefined) return this.expandSingleObject(node);
      const shown = when instanceof Expression ? pathValue(this, when) : undefined;
      if (shown === true) return this.expandSingleObject(node);
      if (shown === false) {
        // The library's words for a `$when` that came out false, exactly.
        this.templateExpansionWarnings.push(
          "WARN: Unable to parse the Adaptive Expression " +
            String(when) +
            ". The $when condition has been set to false by default.",
        );
        return null;
      }
    }
  }
  return libraryExpand.call(this, node);
};

/** The value of a plain path in the walk's current `$data`/`$root`, or undefined where the library must say. */
function pathValue(walk: Walk, expression: Expression): unknown {
  const evaluator = expression.evaluator;
  if (!(evaluator instanceof PathEvaluator)) return undefined;
  return evaluator.path.find(walk._context[evaluator.path.scope]);
}

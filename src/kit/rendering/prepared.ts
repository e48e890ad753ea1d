import {
  Constant,
  Expression,
  ExpressionType,
  type ExpressionEvaluator,
  type MemoryInterface,
  type Options,
  type ValueWithError,
} from "adaptive-expressions";
import { Template } from "adaptivecards-templating";
import { escapedPart } from "./markdown.js";
import { withCondition } from "./conditions.js";
import { PathEvaluator, PathLookup } from "./paths.js";
import { PreparedCardTemplate } from "./walk.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Prepared = Expression | string | number | boolean | null | Prepared[] | { [key: string]: Prepared };

/**
 * The one field of the library's Template this module touches: the payload it parsed, which expand() walks.
 * It is private in the typings, not in the code, and has been the same since templating 2.0; should a version
 * drop it, start-up fails here (CardRenderer.load prepares every template) rather than cards going wrong.
 */
interface PreparedTemplate {
  _preparedPayload: Prepared;
}

const reserved = new Set(["$data", "$when", "$root", "$index", "$host", "$_acTemplateVersion"]);

/**
 * A template prepared by the library, made cheaper to expand without changing what it expands to:
 * - a part without any expression (a heading whose text was written in, a column's layout) is expanded once,
 *   here, by the library itself, and kept frozen: on every card the library then takes it as one constant
 *   instead of walking and copying it node by node;
 * - a path into the view model (`${can.next}`, `${$root.labels.deal}`, `${label}` in a `$data` item) is first
 *   looked up directly (paths.ts: Map.get along the view model's Maps, which renderer.ts hands the top two
 *   levels over as; a plain object's keys as the library compares them); where that finds no value, or meets
 *   anything else, the library's own accessor evaluates it, exactly as before;
 * - the walk itself (walk.ts) answers a constant, a found path and an object without `$data` whose `$when`
 *   is absent or a found path, without the library's bookkeeping per node.
 * These were most of what an opportunity card cost: the library evaluates a path by joining its names into a
 * string and splitting it again on every card, copies every static node through its walk, and saves and
 * restores its state at every node. The library still expands the template: every `$data`, `$index`,
 * function and comparison, and every `$when` that is more than a path, is its own.
 * test/kit/renderer.test.ts proves every card sample, in every language, comes out byte for byte as the
 * library expands the plain template.
 */
export function preparedTemplate(payload: Json, evaluators: PathEvaluators = sharedEvaluators): Template {
  const template = new PreparedCardTemplate(payload);
  const prepared = template as unknown as PreparedTemplate;
  if (!("_preparedPayload" in prepared))
    throw new Error("adaptivecards-templating no longer keeps _preparedPayload: see prepared.ts");
  prepared._preparedPayload = sharpen(prepared._preparedPayload, payload, evaluators);
  return template;
}

/** `node` as prepared by the library, with `source` the JSON it was prepared from. */
function sharpen(node: Prepared, source: Json, evaluators: PathEvaluators): Prepared {
  if (node instanceof Expression) return withPaths(node, evaluators);
  if (typeof node !== "object" || node === null) return node;
  if (isStatic(source)) return constant(source);
  if (Array.isArray(node)) {
    const items = source as Json[];
    return node.map((item, i) => sharpen(item, items[i] ?? null, evaluators));
  }
  const fields = source as { [key: string]: Json };
  const result: { [key: string]: Prepared } = {};
  for (const [key, value] of Object.entries(node)) {
    const sharpened = sharpen(value, fields[key] ?? null, evaluators);
    result[key] =
      key === "$when" && sharpened instanceof Expression ? namedOnce(withCondition(sharpened)) : sharpened;
  }
  return result;
}

/**
 * A `$when` whose text is made once. For every `$when` that comes out false (a hidden button, an empty
 * section: a dozen on an opportunity card) the library writes a warning naming the expression, which prints
 * the expression tree again each time; nobody reads those warnings, but they cost as much as the test itself.
 */
function namedOnce(expression: Expression): Expression {
  const text = expression.toString();
  expression.toString = () => text;
  return expression;
}

/** No `${` anywhere inside, and no `$when` or `$data` (a plain `$when` drops its element). */
function isStatic(node: Json): boolean {
  if (typeof node === "string") return !node.includes("${");
  if (typeof node !== "object" || node === null) return true;
  if (Array.isArray(node)) return node.every(isStatic);
  for (const [key, value] of Object.entries(node)) if (reserved.has(key) || !isStatic(value)) return false;
  return true;
}

/** A static part as the library expands it (whatever the data), escaped as every card is, and frozen. */
function constant(source: Json): Constant {
  const value = new Template(source).expand({ $root: {} }) as unknown;
  return new Constant(typeof value === "object" && value !== null ? escapedPart(value) : value);
}

/** The expression with each plain path (`a.b.c`, `$root.a.b`) given the Map lookup first. */
function withPaths(expression: Expression, evaluators: PathEvaluators): Expression {
  const path = pathOf(expression);
  if (path) return mapPath(expression, path, evaluators);
  for (let i = 0; i < expression.children.length; i++) {
    const child = expression.children[i];
    if (child) expression.children[i] = withPaths(child, evaluators);
  }
  return expression;
}

/** The names of a path `a.b.c` (outermost first), or undefined for anything else (an index, a call…). */
function pathOf(expression: Expression): string[] | undefined {
  const names: string[] = [];
  let at: Expression | undefined = expression;
  while (at) {
    if (at.type !== ExpressionType.Accessor) return undefined;
    const [name, left, ...rest]: (Expression | undefined)[] = at.children;
    if (!(name instanceof Constant) || typeof name.value !== "string" || rest.length > 0) return undefined;
    names.unshift(name.value);
    at = left;
  }
  return names;
}

/**
 * The library evaluates a path by joining it into a string, splitting it again, and looking each name up
 * in its memory (`$data.` put in front of a path that does not start with `$`), on every evaluation. In the
 * memory object, `$data` and `$root` are fields of their own; below them, paths.ts looks each name up as the
 * library would, and where it cannot be sure of the library's answer, the library's own evaluator runs.
 */
function mapPath(expression: Expression, names: string[], evaluators: PathEvaluators): Expression {
  const first = names[0] ?? "";
  const scope = first === "$root" || first === "$data" ? first : first.startsWith("$") ? undefined : "$data";
  if (scope === undefined) return expression;
  const steps = first === scope ? names.slice(1) : names;
  if (!steps.every(PathLookup.accepts)) return expression;
  // The expression keeps its tree (its text, the library's fallback read it); only its evaluator is swapped,
  // and one evaluator serves every occurrence of a path in every template and language (memory: a template's
  // paths are hundreds).
  const key = `${scope}.${steps.join(".")}`;
  const library = expression.evaluator;
  let shared = evaluators.get(key);
  if (shared?.library !== library) {
    shared = { library, evaluator: mapEvaluator(scope, steps, library) };
    evaluators.set(key, shared);
  }
  // Read-only in the typings only: an Expression reads its type and return type from its evaluator.
  (expression as { evaluator: ExpressionEvaluator }).evaluator = shared.evaluator;
  return expression;
}

/** By path (`$data.can.next`): the direct lookup first, and the library's evaluator it falls back on. */
export type PathEvaluators = Map<string, { library: ExpressionEvaluator; evaluator: ExpressionEvaluator }>;

/**
 * The evaluators of the templates a process renders. A template prepared only to be checked (CardRenderer.load
 * checks all 37 at start-up) is given a map of its own, which goes with it: kept here, the paths of every
 * template (about 470, 0.4 MB) would stay for the life of the process, whether its card is ever shown or not.
 */
const sharedEvaluators: PathEvaluators = new Map();

function mapEvaluator(
  scope: string,
  steps: readonly string[],
  library: ExpressionEvaluator,
): ExpressionEvaluator {
  const path = new PathLookup(scope, steps);
  return new PathEvaluator(path, (self: Expression, state: MemoryInterface, options: Options) => {
    const value = path.find((state as unknown as Record<string, unknown>)[scope]);
    // The library's own evaluators answer an error of undefined where all went well.
    return value === undefined
      ? library.tryEvaluate(self, state, options)
      : ({ value, error: undefined } as unknown as ValueWithError);
  });
}

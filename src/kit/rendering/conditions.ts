import {
  Constant,
  ExpressionEvaluator,
  ExpressionType,
  ReturnType,
  type Expression,
  type MemoryInterface,
  type Options,
  type ValueWithError,
} from "adaptive-expressions";
import { PathEvaluator, type PathLookup } from "./paths.js";

/** The walk's scopes (`$data`, `$root`), read by name: the library's memory and its evaluation context alike. */
export type Scopes = Readonly<Record<string, unknown>>;

/**
 * The evaluator of a `$when` the walk (walk.ts) may decide without the library: a comparison of a path with a
 * constant (`${notice != ''}`, `${count(lines) > 0}`, `${!hasLines}`). `decide` gives the boolean the
 * library's evaluators give where it is sure of it — the path found and of the type the comparison was
 * written for — and undefined everywhere else; evaluated by the library, the expression answers the same
 * (decided where it can be, the library's own evaluator where not).
 */
export class ConditionEvaluator extends ExpressionEvaluator {
  constructor(
    type: string,
    readonly decide: (scopes: Scopes) => boolean | undefined,
    library: ExpressionEvaluator,
  ) {
    super(
      type,
      (self: Expression, state: MemoryInterface, options: Options) => {
        const value = decide(state as unknown as Scopes);
        return value === undefined
          ? library.tryEvaluate(self, state, options)
          : ({ value, error: undefined } as unknown as ValueWithError);
      },
      ReturnType.Boolean,
    );
  }
}

/**
 * The expression (a `$when` whose paths prepared.ts has already given their lookups), with a ConditionEvaluator
 * where it has one of the forms below; any other expression is returned as it is.
 */
export function withCondition(expression: Expression): Expression {
  const decide = decider(expression);
  if (!decide) return expression;
  // Read-only in the typings only: an Expression reads its type and return type from its evaluator, and the
  // type is the same, so its text (the library's warning names it) is too.
  (expression as { evaluator: ExpressionEvaluator }).evaluator = new ConditionEvaluator(
    expression.type,
    decide,
    expression.evaluator,
  );
  return expression;
}

const comparisons = new Set<string>([
  ExpressionType.Equal,
  ExpressionType.NotEqual,
  ExpressionType.GreaterThan,
  ExpressionType.GreaterThanOrEqual,
  ExpressionType.LessThan,
  ExpressionType.LessThanOrEqual,
]);

/**
 * How the library decides each form, for the values taken here (anything else: undefined, the library's):
 * - `!path`, the path a boolean: Not gives the opposite of a boolean (isLogicTrue);
 * - `path == c`, `path != c`, c a string and the path a string: commonEquals compares two strings with ===;
 * - `path OP n` or `count(path) OP n`, n a finite number and the path one (count: a list, its length): the
 *   comparisons compare two numbers with the operator, and commonEquals takes numbers less than
 *   Number.EPSILON apart as equal.
 */
function decider(expression: Expression): ((scopes: Scopes) => boolean | undefined) | undefined {
  const [left, right, ...rest] = expression.children;
  if (expression.type === ExpressionType.Not && left && right === undefined) {
    const path = lookupOf(left);
    return path && ((scopes) => notOf(path.find(scopes[path.scope])));
  }
  if (!comparisons.has(expression.type) || !left || !(right instanceof Constant) || rest.length > 0)
    return undefined;
  const constant: unknown = right.value;
  const type = expression.type;
  if (typeof constant === "string") {
    const path = lookupOf(left);
    if (!path || (type !== ExpressionType.Equal && type !== ExpressionType.NotEqual)) return undefined;
    const equal = type === ExpressionType.Equal;
    return (scopes) => {
      const value = path.find(scopes[path.scope]);
      return typeof value === "string" ? (value === constant) === equal : undefined;
    };
  }
  if (typeof constant !== "number" || !Number.isFinite(constant)) return undefined;
  const counted = left.type === ExpressionType.Count && left.children.length === 1;
  const path = lookupOf(counted ? left.children[0] : left);
  if (!path) return undefined;
  const compare = numberComparison(type, constant);
  return (scopes) => {
    const value = path.find(scopes[path.scope]);
    if (counted) return Array.isArray(value) ? compare(value.length) : undefined;
    return typeof value === "number" && Number.isFinite(value) ? compare(value) : undefined;
  };
}

function numberComparison(type: string, n: number): (value: number) => boolean {
  const equal = (value: number) => Math.abs(value - n) < Number.EPSILON || value === n;
  switch (type) {
    case ExpressionType.Equal:
      return equal;
    case ExpressionType.NotEqual:
      return (value) => !equal(value);
    case ExpressionType.GreaterThan:
      return (value) => value > n;
    case ExpressionType.GreaterThanOrEqual:
      return (value) => value >= n;
    case ExpressionType.LessThan:
      return (value) => value < n;
    default:
      return (value) => value <= n;
  }
}

const notOf = (value: unknown): boolean | undefined => (typeof value === "boolean" ? !value : undefined);

function lookupOf(expression: Expression | undefined): PathLookup | undefined {
  const evaluator = expression?.evaluator;
  return evaluator instanceof PathEvaluator ? evaluator.path : undefined;
}

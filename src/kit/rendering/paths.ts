import {
  ExpressionEvaluator,
  ExpressionType,
  ReturnType,
  type Expression,
  type MemoryInterface,
  type Options,
  type ValueWithError,
} from "adaptive-expressions";

/** The evaluator of a plain path, which the walk (walk.ts) may also ask directly. */
export class PathEvaluator extends ExpressionEvaluator {
  constructor(
    readonly path: PathLookup,
    evaluate: (self: Expression, state: MemoryInterface, options: Options) => ValueWithError,
  ) {
    super(ExpressionType.Accessor, evaluate, ReturnType.Object);
  }
}

/**
 * A path's names looked up as the library's memory would find them, or undefined where that is not certain
 * (the library then evaluates it itself):
 * - in a Map, the library asks get() first, and only where that finds nothing compares the keys in lower case;
 * - in any other object (an item of a `$data` list, a group below the top two levels), it takes the first of
 *   Object.keys whose lower case is the name's: the same test here, without the library's joining the path
 *   into a string and splitting it again, and the result objects of each step;
 * - an array, a string, null, or a value missing on the way: the library's.
 * Only names the library's own path reading leaves whole are taken: no digit first (it would read an index),
 * nothing it splits on or unquotes.
 */
export class PathLookup {
  private readonly lower: readonly string[];

  constructor(
    readonly scope: string,
    private readonly steps: readonly string[],
  ) {
    this.lower = steps.map((step) => step.toLowerCase());
  }

  static accepts(name: string): boolean {
    return Number.isNaN(parseInt(name)) && !/[.[\]'"]/.test(name);
  }

  find(start: unknown): unknown {
    let value = start;
    for (let i = 0; i < this.steps.length; i++) {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
      const step = this.steps[i] as string;
      value = value instanceof Map ? value.get(step) : propertyOf(value, step, this.lower[i] as string);
      if (value === undefined) return undefined;
    }
    return value;
  }
}

/** What the library's accessProperty finds in an object that is not a Map: the first key equal ignoring case. */
function propertyOf(object: object, name: string, lower: string): unknown {
  for (const key of Object.keys(object))
    if (key === name || key.toLowerCase() === lower) return (object as Record<string, unknown>)[key];
  return undefined;
}

import type * as z from "zod";

/**
 * A small interpreter of zod schemas for JSON values (stored documents, card submissions): the common case read
 * by walking the schema instead of running zod's generated parser; anything it is unsure of is parsed by zod
 * itself, so zod's answer (its value, or its error) is what the caller gets either way.
 *
 * Why: zod's generated parser is a large function of its own per schema (an opportunity document has some 50
 * fields; every card verb has its own). On a request it runs once, its code and data cold after the rest of the
 * request: 25–55 µs for a stored record and 20–50 µs for a card press's `{ ref }` in the bot under load, about
 * ten times what the same parse costs run again at once. These few functions are shared by every schema, so
 * they stay warm.
 *
 * What it reads itself: objects whose unknown fields are dropped (zod's default), strings, finite numbers,
 * booleans, literals, enums, unknown values, optional, nullable and defaulted fields, arrays, readonly (frozen,
 * as zod freezes them) and lazy schemas, pipes and transforms that take only the value (`.transform(v => …)`,
 * `z.preprocess`), and the value checks of strings and numbers (`.trim()`, `.min()`, `.max()`, `.int()`,
 * `.regex()`, formats) run through zod's own check functions. Any other schema — a union, a record, a refinement,
 * a loose or strict object — is handed to zod for its part. Values must be JSON: a field present but undefined,
 * or an object made by a class, is zod's to judge. test/store/document-parse.test.ts and
 * test/kit/schema-reader.test.ts compare it with zod on real schemas and damaged values.
 */
export function readBySchema<S extends z.ZodType>(
  schema: S,
  value: unknown,
): { success: true; data: z.output<S> } | { success: false; error: z.ZodError } {
  const read = planOf(schema)(value);
  if (read !== unsure) return { success: true, data: read as z.output<S> };
  const parsed = schema.safeParse(value);
  return parsed.success ? { success: true, data: parsed.data } : { success: false, error: parsed.error };
}

/** As zod's `parse`: the value, or zod's error thrown. */
export function parseBySchema<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const read = planOf(schema)(value);
  return read === unsure ? schema.parse(value) : (read as z.output<S>);
}

/** Not read: let zod decide. */
const unsure: unique symbol = Symbol("unsure");
type Plan = (value: unknown) => unknown;

interface Check {
  readonly _zod: {
    readonly def: { readonly check: string; readonly when?: (payload: Payload) => boolean };
    readonly check: (payload: Payload) => unknown;
  };
}
interface Payload {
  value: unknown;
  issues: unknown[];
}

interface Def {
  readonly type: string;
  readonly checks?: readonly Check[];
  readonly shape?: Record<string, z.ZodType>;
  readonly catchall?: z.ZodType;
  readonly element?: z.ZodType;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly out?: z.ZodType;
  readonly transform?: (value: unknown, ...rest: unknown[]) => unknown;
  readonly defaultValue?: unknown;
  readonly entries?: Record<string, unknown>;
  readonly values?: readonly unknown[];
  readonly getter?: () => z.ZodType;
  readonly coerce?: boolean;
}

/**
 * Checks that only look at the value (and `overwrite`, which replaces it: `.trim()`, `.toLowerCase()`): run with
 * zod's own check function, so their meaning is zod's. Refinements (`.refine`) are not among them: zod's.
 */
const valueChecks = new Set([
  "min_length",
  "max_length",
  "length_equals",
  "overwrite",
  "string_format",
  "less_than",
  "greater_than",
  "number_format",
  "multiple_of",
]);

const plans = new WeakMap<z.ZodType, Plan>();

function planOf(schema: z.ZodType): Plan {
  let plan = plans.get(schema);
  if (!plan) {
    plan = build(schema);
    plans.set(schema, plan);
  }
  return plan;
}

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

function build(schema: z.ZodType): Plan {
  const def = defOf(schema);
  if (def.coerce) return byZod(schema);
  const checks = def.checks ?? [];
  if (checks.length === 0) return typePlan(schema, def);
  if (!checks.every((c) => valueChecks.has(c._zod.def.check))) return byZod(schema);
  if (def.type !== "string" && def.type !== "number") return byZod(schema);
  return checkedPlan(typePlan(schema, def), checks);
}

function typePlan(schema: z.ZodType, def: Def): Plan {
  switch (def.type) {
    case "string":
      return (v) => (typeof v === "string" ? v : unsure);
    case "number":
      return (v) => (typeof v === "number" && Number.isFinite(v) ? v : unsure);
    case "boolean":
      return (v) => (typeof v === "boolean" ? v : unsure);
    case "unknown":
    case "any":
      return (v) => v;
    case "literal":
    case "enum": {
      const allowed = new Set(def.type === "enum" ? Object.values(def.entries ?? {}) : def.values);
      return (v) => (allowed.has(v) ? v : unsure);
    }
    case "optional": {
      const inner = planOf(def.innerType!);
      return (v) => (v === undefined ? v : inner(v));
    }
    case "nullable": {
      const inner = planOf(def.innerType!);
      return (v) => (v === null ? v : inner(v));
    }
    case "default": {
      // Absent: zod's default (its getter copies an object or array default), not parsed, as zod does.
      const inner = planOf(def.innerType!);
      return (v) => {
        const read = v === undefined ? undefined : inner(v);
        return read === undefined ? def.defaultValue : read;
      };
    }
    case "readonly": {
      const inner = planOf(def.innerType!);
      return (v) => {
        const read = inner(v);
        return read === unsure ? unsure : Object.freeze(read);
      };
    }
    case "lazy": {
      let inner: Plan | undefined;
      return (v) => (inner ??= planOf(def.getter!()))(v);
    }
    case "pipe": {
      const first = planOf(def.in!);
      const then = planOf(def.out!);
      return (v) => {
        const read = first(v);
        return read === unsure ? unsure : then(read);
      };
    }
    case "transform":
      return transformPlan(schema, def.transform!);
    case "array":
      return arrayPlan(planOf(def.element!));
    case "object":
      return def.catchall === undefined ? objectPlan(def.shape ?? {}) : byZod(schema);
    default:
      return byZod(schema);
  }
}

/** The value checks run as zod runs them (in order, each only when its `when` says so); any issue: unsure. */
function checkedPlan(base: Plan, checks: readonly Check[]): Plan {
  return (v) => {
    const read = base(v);
    if (read === unsure) return unsure;
    const payload: Payload = { value: read, issues: [] };
    for (const check of checks) {
      const when = check._zod.def.when;
      if (when && !when(payload)) continue;
      const result = check._zod.check(payload);
      if (result instanceof Promise || payload.issues.length > 0) return unsure;
    }
    return payload.value;
  };
}

/**
 * A transform that takes only the value: its result, as zod would use it. One that takes zod's context (to
 * add issues) or answers a promise is zod's.
 */
function transformPlan(schema: z.ZodType, transform: (value: unknown) => unknown): Plan {
  if (transform.length > 1) return byZod(schema);
  return (v) => {
    const out = transform(v);
    return out instanceof Promise ? unsure : out;
  };
}

/** A part the interpreter does not read: zod's own answer for it, or unsure (so zod reports the error). */
function byZod(schema: z.ZodType): Plan {
  return (v) => {
    const parsed = schema.safeParse(v);
    return parsed.success ? parsed.data : unsure;
  };
}

function arrayPlan(element: Plan): Plan {
  return (v) => {
    if (!Array.isArray(v)) return unsure;
    const out: unknown[] = [];
    for (const item of v as unknown[]) {
      const read = element(item);
      if (read === unsure) return unsure;
      out.push(read);
    }
    return out;
  };
}

function objectPlan(shape: Record<string, z.ZodType>): Plan {
  let fields: { key: string; plan: Plan; absent: "skip" | "read" | "unsure" }[] | undefined;
  return (v) => {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return unsure;
    if (Object.getPrototypeOf(v) !== Object.prototype) return unsure;
    fields ??= Object.entries(shape).map(([key, field]) => {
      const type = defOf(field).type;
      // An absent optional field: nothing written, as zod writes nothing; an absent defaulted one: its
      // default; any other absent field is zod's to judge (its error, or its own reading of absence).
      return {
        key,
        plan: planOf(field),
        absent: type === "optional" ? "skip" : type === "default" ? "read" : "unsure",
      };
    });
    const input = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const { key, plan, absent } of fields) {
      const value = input[key];
      if (value === undefined) {
        // Present but undefined: zod's case.
        if (absent === "unsure" || Object.hasOwn(input, key)) return unsure;
        if (absent === "skip") continue;
      }
      const read = plan(value);
      if (read === unsure) return unsure;
      out[key] = read;
    }
    return out;
  };
}

import type * as z from "zod";

/**
 * Parses a stored document's body with its zod schema, the common case read by a small interpreter of the
 * schema instead of zod's generated parser; anything the interpreter is unsure of is parsed by zod itself,
 * so zod's answer (its value, or its error) is what the caller gets either way.
 *
 * Why: zod's generated parser for a record's schema (an opportunity has some 50 fields) is a large function of
 * its own per schema. On a read it runs once per request, its code and data cold after the rest of the
 * request: 25–55 µs in the bot under load, about ten times what the same parse costs run again at once. The
 * interpreter's few functions are shared by every schema, so they stay warm.
 *
 * What it reads itself (the shapes stored documents use): objects whose unknown fields are dropped (zod's
 * default), strings, finite numbers, booleans, literals, enums, optional fields, arrays, readonly (frozen,
 * as zod freezes them) and lazy schemas, none with checks or refinements. Any other schema — a union, a
 * check such as `.max()`, a loose or strict object — is handed to zod for its part. Values must be JSON
 * (what the stores return): a field present but undefined, or an object made by a class, is zod's to judge.
 * test/store/document-parse.test.ts compares it with zod on stored documents and their damaged variants.
 */
export function parseDocument<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const read = planOf(schema)(body);
  return read === unsure ? schema.parse(body) : (read as z.output<S>);
}

/** Not read: let zod decide. */
const unsure: unique symbol = Symbol("unsure");
type Plan = (value: unknown) => unknown;

interface Def {
  readonly type: string;
  readonly checks?: readonly unknown[];
  readonly shape?: Record<string, z.ZodType>;
  readonly catchall?: z.ZodType;
  readonly element?: z.ZodType;
  readonly innerType?: z.ZodType;
  readonly entries?: Record<string, unknown>;
  readonly values?: readonly unknown[];
  readonly getter?: () => z.ZodType;
  readonly coerce?: boolean;
}

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
  if ((def.checks?.length ?? 0) > 0 || def.coerce) return byZod(schema);
  switch (def.type) {
    case "string":
      return (v) => (typeof v === "string" ? v : unsure);
    case "number":
      return (v) => (typeof v === "number" && Number.isFinite(v) ? v : unsure);
    case "boolean":
      return (v) => (typeof v === "boolean" ? v : unsure);
    case "literal":
    case "enum": {
      const allowed = new Set(def.type === "enum" ? Object.values(def.entries ?? {}) : def.values);
      return (v) => (allowed.has(v) ? v : unsure);
    }
    case "optional": {
      const inner = planOf(def.innerType!);
      return (v) => (v === undefined ? v : inner(v));
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
    case "array":
      return arrayPlan(planOf(def.element!));
    case "object":
      return def.catchall === undefined ? objectPlan(def.shape ?? {}) : byZod(schema);
    default:
      return byZod(schema);
  }
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
  let fields: { key: string; plan: Plan; optional: boolean }[] | undefined;
  return (v) => {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return unsure;
    if (Object.getPrototypeOf(v) !== Object.prototype) return unsure;
    fields ??= Object.entries(shape).map(([key, field]) => ({
      key,
      plan: planOf(field),
      optional: defOf(field).type === "optional",
    }));
    const input = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const { key, plan, optional } of fields) {
      const value = input[key];
      if (value === undefined) {
        // Absent and optional: nothing is written, as zod writes nothing. Present but undefined: zod's case.
        if (optional && !Object.hasOwn(input, key)) continue;
        return unsure;
      }
      const read = plan(value);
      if (read === unsure) return unsure;
      out[key] = read;
    }
    return out;
  };
}

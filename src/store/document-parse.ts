import type * as z from "zod";
import { parseBySchema } from "../kit/parsing/schema-reader.js";

/**
 * Parses a stored document's body with its zod schema, the common case read by the schema interpreter of
 * src/kit/parsing/schema-reader.ts instead of zod's generated parser (why: see there); whatever it is unsure of
 * is parsed by zod itself, so zod's answer (its value, or its error) is what the caller gets either way.
 * test/store/document-parse.test.ts compares it with zod on stored documents and their damaged variants.
 */
export function parseDocument<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  return parseBySchema(schema, body);
}

/**
 * A parsed document without its store-only fields (id, kind, query copies): a fresh object with every other
 * own field, in the same order, as `const { id, type, …, ...rest } = document` gives it.
 *
 * Why not the rest pattern: on Node 20 a rest with excluded keys is done by a runtime call that adds the
 * fields one by one through the slow path, 7–14 µs for an opportunity document (some 40 fields) on every read
 * of it; this loop costs 1–2 µs. A field named `__proto__` (possible only in a loose schema's extra fields) is
 * defined as an own field, as the rest pattern defines it, never set as the prototype.
 */
export function withoutFields<T extends object, K extends keyof T & string>(
  document: T,
  dropped: readonly K[],
): Omit<T, K> {
  const out: Record<string, unknown> = {};
  const from = document as Record<string, unknown>;
  for (const key of Object.keys(from)) {
    if ((dropped as readonly string[]).includes(key)) continue;
    if (key === "__proto__")
      Object.defineProperty(out, key, {
        value: from[key],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else out[key] = from[key];
  }
  return out as Omit<T, K>;
}

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

import type * as z from "zod";
import type { Failure } from "../../domain/shared/result.js";
import type { CommandShape } from "./text-command.js";
import { readBySchema } from "./schema-reader.js";

/** Card verbs and the schema of each one's data; the schema's output is the command to run. */
export type ActionTable<C extends CommandShape = CommandShape> = Readonly<Record<string, z.ZodType<C>>>;

/**
 * Card actions: every verb has a schema for its data. Anything else — unknown verbs, wrong types, oversized
 * values — is refused before it reaches a use case.
 */
export function parseAction<C extends CommandShape>(
  verb: unknown,
  data: unknown,
  actions: ActionTable<C>,
): { ok: true; command: C } | { ok: false; error: Failure } {
  if (typeof verb !== "string" || !Object.hasOwn(actions, verb)) {
    return {
      ok: false,
      error: { code: "reply.unknown_action", params: { verb: shownVerb(verb) } },
    };
  }
  const schema = actions[verb];
  // Read by the schema interpreter (zod's answer, without zod's generated parser on the common case).
  const parsed = schema ? readBySchema(schema, data ?? {}) : undefined;
  return parsed?.success
    ? { ok: true, command: parsed.data }
    : { ok: false, error: { code: "reply.bad_action" } };
}

/** The verb as the reply shows it: String() of an object can throw ({"toString": "x"}) or say nothing useful. */
const shownVerb = (verb: unknown): string =>
  (typeof verb === "object" && verb !== null) || typeof verb === "function"
    ? typeof verb
    : String(verb).slice(0, 40);

import type * as z from "zod";
import type { Failure } from "../../domain/shared/result.js";
import type { CommandShape } from "./text-command.js";
import { readBySchema } from "./schema-reader.js";

/**
 * Card verbs and how to build the schema of each one's data; the schema's output is the command to run. Each
 * entry builds its schema only when asked (ActionSchemas keeps it from then on): a zod object schema with its
 * fields, checks and transform is a few KB of objects, the bot declares about a hundred verbs and a process
 * sees only some of them pressed.
 */
export type ActionTable<C extends CommandShape = CommandShape> = Readonly<Record<string, () => z.ZodType<C>>>;

/**
 * The schemas of an action table, each built at its verb's first press and kept: at most one per verb of the
 * table, so bounded by the table. A press with an unknown verb builds nothing.
 */
export class ActionSchemas<C extends CommandShape = CommandShape> {
  readonly #table: ActionTable<C>;
  readonly #built = new Map<string, z.ZodType<C>>();

  constructor(table: ActionTable<C>) {
    this.#table = table;
  }

  /** The verb's schema, built now if this is its first use; undefined for a verb the table does not have. */
  schemaOf(verb: string): z.ZodType<C> | undefined {
    const known = this.#built.get(verb);
    if (known) return known;
    if (!Object.hasOwn(this.#table, verb)) return undefined;
    const schema = this.#table[verb]!();
    this.#built.set(verb, schema);
    return schema;
  }

  /** How many schemas have been built so far (at most one per verb). */
  get builtCount(): number {
    return this.#built.size;
  }
}

/**
 * Card actions: every verb has a schema for its data. Anything else — unknown verbs, wrong types, oversized
 * values — is refused before it reaches a use case.
 */
export function parseAction<C extends CommandShape>(
  verb: unknown,
  data: unknown,
  actions: ActionSchemas<C>,
): { ok: true; command: C } | { ok: false; error: Failure } {
  const schema = typeof verb === "string" ? actions.schemaOf(verb) : undefined;
  if (!schema) {
    return {
      ok: false,
      error: { code: "reply.unknown_action", params: { verb: shownVerb(verb) } },
    };
  }
  // Read by the schema interpreter (zod's answer, without zod's generated parser on the common case).
  const parsed = readBySchema(schema, data ?? {});
  return parsed.success
    ? { ok: true, command: parsed.data }
    : { ok: false, error: { code: "reply.bad_action" } };
}

/** The verb as the reply shows it: String() of an object can throw ({"toString": "x"}) or say nothing useful. */
const shownVerb = (verb: unknown): string =>
  (typeof verb === "object" && verb !== null) || typeof verb === "function"
    ? typeof verb
    : String(verb).slice(0, 40);

import { z } from "zod";
import { leadStatuses } from "../domain/leads/lead.js";
import type { Failure } from "../domain/shared/result.js";
import type { Command } from "./command.js";

/**
 * Card actions: every verb has a schema for its data. Anything else — unknown verbs, wrong types, oversized
 * values — is refused before it reaches a use case.
 */
const ref = z.string().trim().min(1).max(20);
const cursor = z.string().max(2000);

const actionSchemas = {
  help: z.object({}).transform((): Command => ({ kind: "help" })),
  "lead.form": z.object({}).transform((): Command => ({ kind: "lead.form" })),
  "lead.create": z
    .record(z.string().max(40), z.unknown())
    .refine((data) => Object.keys(data).length <= 40)
    .transform((input): Command => ({ kind: "lead.create", input })),
  "lead.show": z.object({ ref }).transform(({ ref }): Command => ({ kind: "lead.show", ref })),
  "lead.list": z
    .object({ status: z.enum([...leadStatuses, "all"]).default("open"), cursor: cursor.optional() })
    .transform(({ status, cursor }): Command => ({
      kind: "lead.list",
      status,
      ...(cursor ? { cursor } : {}),
    })),
} as const;

export type ActionVerb = keyof typeof actionSchemas;

export function parseAction(
  verb: unknown,
  data: unknown,
): { ok: true; command: Command } | { ok: false; error: Failure } {
  if (typeof verb !== "string" || !Object.hasOwn(actionSchemas, verb)) {
    return {
      ok: false,
      error: { code: "reply.unknown_action", params: { verb: String(verb).slice(0, 40) } },
    };
  }
  const parsed = actionSchemas[verb as ActionVerb].safeParse(data ?? {});
  return parsed.success
    ? { ok: true, command: parsed.data }
    : { ok: false, error: { code: "reply.bad_action" } };
}

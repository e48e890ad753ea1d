import * as z from "zod";
import { leadLimits, leadTextLimit, type LeadDraft } from "../../domain/leads/lead.js";
import type { FieldProblem } from "../../domain/shared/result.js";
import { blankToUndefined } from "../../kit/parsing/card-fields.js";
import { problemsFromZod } from "../../kit/parsing/zod-problems.js";

/**
 * The message actions' form submissions (cards/record-lead-form.json, cards/record-note-form.json), by the
 * forms' input ids. Teams sends the inputs merged with the submit button's data; anything else is ignored.
 */

const text = (max: number) =>
  z.preprocess(
    blankToUndefined,
    z.string({ error: "text" }).trim().max(max, { error: "too_long" }).optional(),
  );

const required = (max: number) =>
  z.preprocess(
    (v) => v ?? "",
    z.string({ error: "text" }).trim().min(1, { error: "required" }).max(max, { error: "too_long" }),
  );

export const leadFromMessageSchema = z.object({
  topic: required(leadLimits.topic),
  first: text(leadLimits.name),
  last: text(leadLimits.name),
  company: text(leadLimits.company),
  email: z.preprocess(
    blankToUndefined,
    z
      .string({ error: "text" })
      .trim()
      .max(leadLimits.email, { error: "too_long" })
      .pipe(z.email({ error: "email" }))
      .optional(),
  ),
  phone: z.preprocess(
    blankToUndefined,
    z
      .string({ error: "text" })
      .trim()
      .max(leadLimits.phone, { error: "too_long" })
      .regex(/^\+?[0-9 ().\-/]{3,}$/, { error: "phone" })
      .optional(),
  ),
  note: text(leadTextLimit),
});

export type LeadFromMessage = z.infer<typeof leadFromMessageSchema>;

export const noteFromMessageSchema = z.object({
  record: z.preprocess(
    (v) => (typeof v === "string" ? v.trim().toUpperCase() : (v ?? "")),
    z.string({ error: "text" }).regex(/^[LO]-\d{1,9}$/, { error: "required" }),
  ),
  note: required(leadTextLimit),
});

export type NoteFromMessage = z.infer<typeof noteFromMessageSchema>;

/** Parses a submission; problems are named by the form's input ids. */
export function parseForm<S extends z.ZodType>(
  schema: S,
  data: unknown,
): { ok: true; value: z.infer<S> } | { ok: false; problems: FieldProblem[] } {
  const parsed = schema.safeParse(typeof data === "object" && data !== null ? data : {});
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, problems: problemsFromZod(parsed.error) };
}

export function leadDraftOf(input: LeadFromMessage): LeadDraft {
  return {
    topic: input.topic,
    ...(input.first ? { firstName: input.first } : {}),
    ...(input.last ? { lastName: input.last } : {}),
    ...(input.company ? { company: input.company } : {}),
    ...(input.email ? { email: input.email } : {}),
    ...(input.phone ? { businessPhone: input.phone } : {}),
  };
}

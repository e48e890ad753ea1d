import * as z from "zod";
import { contactMethods, leadLimits, leadSources, type LeadDraft } from "../../domain/leads/lead.js";
import type { QualifyOptions } from "../../domain/leads/lead.qualification.js";
import type { FieldProblem } from "../../domain/shared/result.js";
import { normaliseChoice, problemsFromZod } from "../../kit/parsing/zod-problems.js";

/**
 * The lead fields a user can give, by the names they type (`first=Ann`) and the card's input ids, which are
 * the same. One schema serves `lead new …`, the lead form and any forged submission alike.
 */
export const leadInputKeys = [
  "topic",
  "first",
  "last",
  "company",
  "title",
  "email",
  "phone",
  "mobile",
  "source",
  "industry",
  "contactmethod",
  "currency",
] as const;

/** Keys `lead new` accepts after the topic words. */
export const leadCommandKeys = leadInputKeys.filter((k) => k !== "topic");

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const text = (max: number) =>
  z.preprocess(
    blankToUndefined,
    z.string({ error: "text" }).trim().max(max, { error: "too_long" }).optional(),
  );

const phone = z.preprocess(
  blankToUndefined,
  z
    .string({ error: "text" })
    .trim()
    .max(leadLimits.phone, { error: "too_long" })
    .regex(/^\+?[0-9 ().\-/]{3,}$/, { error: "phone" })
    .optional(),
);

const choice = <T extends string>(values: readonly [T, ...T[]]) =>
  z.preprocess(
    (v) => (typeof v === "string" ? normaliseChoice(blankToUndefined(v) as string | undefined) : v),
    z.enum(values, { error: "choice" }).optional(),
  );

export const leadInputSchema = z.object({
  topic: z.preprocess(
    (v) => v ?? "",
    z.string({ error: "text" }).trim().max(leadLimits.topic, { error: "too_long" }),
  ),
  first: text(leadLimits.name),
  last: text(leadLimits.name),
  company: text(leadLimits.company),
  title: text(leadLimits.jobTitle),
  email: z.preprocess(
    blankToUndefined,
    z
      .string({ error: "text" })
      .trim()
      .max(leadLimits.email, { error: "too_long" })
      .pipe(z.email({ error: "email" }))
      .optional(),
  ),
  phone,
  mobile: phone,
  source: choice(leadSources),
  industry: text(leadLimits.industry),
  contactmethod: choice(contactMethods),
  currency: z.preprocess(
    (v) => (typeof v === "string" ? blankToUndefined(v.trim().toUpperCase()) : v),
    z
      .string({ error: "text" })
      .regex(/^[A-Z]{3}$/, { error: "currency" })
      .optional(),
  ),
});

export type LeadInput = z.infer<typeof leadInputSchema>;

export function parseLeadInput(
  raw: unknown,
): { ok: true; draft: LeadDraft } | { ok: false; problems: FieldProblem[] } {
  const parsed = leadInputSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: problemsFromZod(parsed.error) };
  const i = parsed.data;
  return {
    ok: true,
    draft: stripUndefined({
      topic: i.topic,
      firstName: i.first,
      lastName: i.last,
      company: i.company,
      jobTitle: i.title,
      email: i.email,
      businessPhone: i.phone,
      mobilePhone: i.mobile,
      source: i.source,
      industry: i.industry,
      contactMethod: i.contactmethod,
      currency: i.currency,
    }),
  };
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Timeline entries besides a note, by the names users type (`log L-1001 call …`). */
export const timelineKinds = ["call", "email", "meeting", "task"] as const;

/** A card's toggle or a typed `true`/`false`. */
const flag = z.union([z.boolean(), z.enum(["true", "false"])]).optional();

/** What `lead qualify` takes from a card or typed keys, before it becomes QualifyOptions. */
export const qualifyInputSchema = z.object({
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  createAccount: flag,
  createContact: flag,
  createOpportunity: flag,
  linkAccount: z.string().trim().max(200).optional(),
  linkContact: z.string().trim().max(200).optional(),
  ignoreDuplicates: flag,
});

/** The required lead fields left blank that the parser did not already complain about. */
export function missingRequired(
  fields: Readonly<Record<string, unknown>>,
  known: readonly FieldProblem[],
  contactLinked: boolean,
): FieldProblem[] {
  const blank = (v: unknown) => typeof v !== "string" || v.trim() === "";
  const required = contactLinked ? ["topic"] : ["topic", "last"];
  return required
    .filter((field) => blank(fields[field]) && !known.some((p) => p.field === field))
    .map((field) => ({ field, problem: "required" }));
}

export function qualifyOptions(input: z.infer<typeof qualifyInputSchema>): QualifyOptions {
  const on = (v: boolean | "true" | "false" | undefined) => v === true || v === "true";
  const chosen = [input.createAccount, input.createContact, input.createOpportunity].some(
    (v) => v !== undefined,
  );
  return {
    ...(input.currency ? { currency: input.currency } : {}),
    ...(chosen
      ? {
          create: {
            account: on(input.createAccount ?? true),
            contact: on(input.createContact ?? true),
            opportunity: on(input.createOpportunity ?? true),
          },
        }
      : {}),
    ...(input.linkAccount && input.linkAccount !== createNewChoice ? { linkAccount: input.linkAccount } : {}),
    ...(input.linkContact && input.linkContact !== createNewChoice ? { linkContact: input.linkContact } : {}),
    ...(on(input.ignoreDuplicates) ? { ignoreDuplicates: true } : {}),
  };
}

/** The choice on the duplicate card that means "no link: create a new record". */
export const createNewChoice = "new";

import * as z from "zod";
import { opportunityLimits } from "../../domain/opportunities/opportunity.js";
import type { FieldProblem } from "../../domain/shared/result.js";

/**
 * What a user may type or fill in for an opportunity, by the names they type (`value=12500`) and the card
 * inputs' ids, which are the same. One schema per argument set serves the text command, the card form and any
 * forged submission alike. Numbers are read strictly: `12500`, `12 500` and `12500.50` are amounts; `12,5`
 * (and `12.500`) could mean twelve and a half or twelve thousand five hundred, so they are refused.
 */

/** Keys `opp new` accepts after the title words. */
export const opportunityCommandKeys = [
  "contact",
  "account",
  "cycle",
  "value",
  "chance",
  "close",
  "currency",
  "type",
  "source",
] as const;
export const opportunityInputKeys = ["title", ...opportunityCommandKeys] as const;
export const updateInputKeys = ["value", "chance", "close"] as const;
export const lineInputKeys = ["product", "qty", "price"] as const;
export const closeInputKeys = ["outcome", "code", "date"] as const;
export const purgeInputKeys = ["before", "outcome"] as const;

export const listScopes = ["mine", "open", "closed", "all"] as const;
export type ListScope = (typeof listScopes)[number];
export const closeOutcomes = ["won", "lost"] as const;

export const inputLimits = {
  party: 254,
  cycle: 60,
  choice: 100,
  stage: 60,
  closeCode: 20,
  /** Longest text a number field may hold before it is refused outright (`1 000 000 000 000.00`). */
  number: 24,
} as const;

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** Group separators people type or paste: space, no-break space, narrow no-break space, thin space. */
const groupSeparator = "[ \u00a0\u202f\u2009]";
const plainNumber = /^\d+(?:\.\d+)?$/;
const groupedNumber = new RegExp(`^\\d{1,3}(?:${groupSeparator}\\d{3})+(?:\\.\\d+)?$`);

export type NumberReading =
  | { readonly ok: true; readonly value: number }
  | { readonly ok: false; readonly problem: "number" | "ambiguous_number" | "decimals" | "negative" };

/** Reads a non-negative decimal number with at most `maxDecimals` decimals, written the unambiguous way. */
export function readNumber(text: string, maxDecimals = 2): NumberReading {
  const t = text.trim();
  if (t.startsWith("-")) return { ok: false, problem: "negative" };
  if (t.includes(",")) return { ok: false, problem: "ambiguous_number" };
  if (!plainNumber.test(t) && !groupedNumber.test(t)) return { ok: false, problem: "number" };
  const decimals = t.split(".")[1]?.length ?? 0;
  // "12.500" is twelve thousand five hundred to a Dane and twelve and a half to the parser: refuse it.
  if (decimals === 3 && maxDecimals < 3) return { ok: false, problem: "ambiguous_number" };
  if (decimals > maxDecimals) return { ok: false, problem: "decimals" };
  return { ok: true, value: Number(t.replace(new RegExp(groupSeparator, "g"), "")) };
}

/** A calendar date written YYYY-MM-DD that exists (no 2026-02-30). */
export function isRealDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1900 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

const custom = (ctx: z.RefinementCtx, problem: string, params: Record<string, string | number> = {}) =>
  ctx.addIssue({ code: "custom", message: problem, params });

/** A non-negative number (money, quantity) as typed, or as a JSON number from a forged submission. */
const decimal = (options: { max: number; positive?: boolean }) =>
  z.preprocess(
    blankToUndefined,
    z
      .union([z.number(), z.string().max(inputLimits.number, { error: "number" })], { error: "number" })
      .optional()
      .transform((raw, ctx) => {
        if (raw === undefined) return undefined;
        const reading =
          typeof raw === "number"
            ? Number.isFinite(raw)
              ? readNumber(String(raw))
              : ({ ok: false, problem: "number" } as const)
            : readNumber(raw);
        if (!reading.ok) {
          custom(ctx, reading.problem, { value: String(raw) });
          return z.NEVER;
        }
        if (reading.value > options.max) {
          custom(ctx, "number_too_big", { max: options.max });
          return z.NEVER;
        }
        if (options.positive && reading.value === 0) {
          custom(ctx, "positive");
          return z.NEVER;
        }
        return reading.value;
      }),
  );

/** A whole percentage 0–100; "40" and "40 %" both read as 40. */
const percent = z.preprocess(
  blankToUndefined,
  z
    .union([z.number(), z.string().max(8, { error: "percent" })], { error: "percent" })
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined) return undefined;
      const text = typeof raw === "number" ? String(raw) : raw.trim().replace(/\s*%$/, "");
      const value = /^\d{1,3}$/.test(text) ? Number(text) : NaN;
      if (!Number.isInteger(value) || value < 0 || value > 100) {
        custom(ctx, "percent", { value: String(raw) });
        return z.NEVER;
      }
      return value;
    }),
);

const day = z.preprocess(
  blankToUndefined,
  z
    .string({ error: "date" })
    .trim()
    .max(10, { error: "date" })
    .optional()
    .superRefine((raw, ctx) => {
      if (raw !== undefined && !isRealDate(raw)) custom(ctx, "date", { value: raw });
    }),
);

const text = (max: number) =>
  z.preprocess(
    blankToUndefined,
    z.string({ error: "text" }).trim().max(max, { error: "too_long" }).optional(),
  );

const required = (max: number) =>
  z.preprocess(
    (v) => (v === undefined || v === null ? "" : v),
    z.string({ error: "text" }).trim().min(1, { error: "required" }).max(max, { error: "too_long" }),
  );

const choice = <T extends string>(values: readonly [T, ...T[]]) =>
  z.preprocess(
    (v) => (typeof v === "string" ? blankToUndefined(v.trim().toLowerCase()) : v),
    z.enum(values, { error: "choice" }).optional(),
  );

const currency = z.preprocess(
  (v) => (typeof v === "string" ? blankToUndefined(v.trim().toUpperCase()) : v),
  z
    .string({ error: "currency" })
    .regex(/^[A-Z]{3}$/, { error: "currency" })
    .optional(),
);

const money = decimal({ max: opportunityLimits.maxMoney });

export const createInputSchema = z.object({
  title: required(opportunityLimits.title),
  contact: text(inputLimits.party),
  account: text(inputLimits.party),
  cycle: text(inputLimits.cycle),
  value: money,
  chance: percent,
  close: day,
  currency,
  type: text(inputLimits.choice),
  source: text(inputLimits.choice),
});
export type CreateInput = z.infer<typeof createInputSchema>;

export const updateInputSchema = z
  .object({ value: money, chance: percent, close: day })
  .superRefine((input, ctx) => {
    if (input.value === undefined && input.chance === undefined && input.close === undefined)
      ctx.addIssue({ code: "custom", path: ["input"], message: "nothing_to_change" });
  });
export type UpdateInput = z.infer<typeof updateInputSchema>;

export const lineInputSchema = z.object({
  product: required(opportunityLimits.product),
  qty: decimal({ max: opportunityLimits.maxQuantity, positive: true }).pipe(z.number({ error: "required" })),
  price: money.pipe(z.number({ error: "required" })),
});
export type LineInput = z.infer<typeof lineInputSchema>;

export const closeInputSchema = z.object({
  outcome: choice(closeOutcomes).pipe(z.enum(closeOutcomes, { error: "required" })),
  code: z.preprocess(
    (v) => (typeof v === "string" ? v.trim().toUpperCase() : (v ?? "")),
    z
      .string({ error: "text" })
      .min(1, { error: "required" })
      .max(inputLimits.closeCode, { error: "too_long" }),
  ),
  date: day,
});
export type CloseInput = z.infer<typeof closeInputSchema>;

/** "both" (the form's default) and nothing mean won and lost alike. */
export const purgeInputSchema = z.object({
  before: day,
  outcome: choice(["won", "lost", "both"] as const).transform((v) => (v === "both" ? undefined : v)),
});
export type PurgeInput = z.infer<typeof purgeInputSchema>;

/** Turns zod issues into field problems; our custom issues carry their parameters (the value typed, a max). */
export function problemsFrom(error: z.ZodError): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "input");
    if (problems.some((p) => p.field === field)) continue;
    const params: Record<string, string | number> | undefined =
      issue.code === "custom"
        ? (issue.params as Record<string, string | number> | undefined)
        : issue.code === "too_big"
          ? { max: Number(issue.maximum) }
          : issue.code === "invalid_value"
            ? { choices: issue.values.map(String).join(", ") }
            : undefined;
    const problem = /^[a-z_]+$/.test(issue.message) ? issue.message : "text";
    problems.push({ field, problem, ...(params && Object.keys(params).length > 0 ? { params } : {}) });
  }
  return problems;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

export function parseWith<S extends z.ZodType>(schema: S, raw: unknown): Parsed<z.output<S>> {
  const parsed = schema.safeParse(raw ?? {});
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, problems: problemsFrom(parsed.error) };
}

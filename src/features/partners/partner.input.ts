import * as z from "zod";
import { partnerLimits, type PartnerInput } from "../../domain/partners/partner.js";
import type { FieldProblem } from "../../domain/shared/result.js";
import { yesNo } from "../../kit/parsing/card-fields.js";

/**
 * A partner's profile as typed (`partner new Fabrikam regions=nordics,germany capacity=5`) or from the
 * partner form's inputs, which have the same names. One schema reads both, and any forged submission; the
 * domain normalises the lists and is the authority on every limit.
 */
export const partnerInputKeys = [
  "name",
  "regions",
  "industries",
  "products",
  "capacity",
  "preferred",
] as const;

/** Keys `partner new <name>` accepts after the name; the singular words are aliases. */
export const partnerNewKeys = [
  "regions",
  "industries",
  "products",
  "capacity",
  "preferred",
  "region",
  "industry",
  "product",
] as const;

const aliases: Readonly<Record<string, string>> = {
  region: "regions",
  industry: "industries",
  product: "products",
};

/** `region=nordics` means `regions=nordics`; giving both is a duplicate, like any key given twice. */
export function canonicalPartnerKeys(
  values: Readonly<Record<string, string>>,
): { ok: true; values: Record<string, string> } | { ok: false; key: string } {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    const canonical = aliases[key] ?? key;
    if (Object.hasOwn(out, canonical)) return { ok: false, key: canonical };
    out[canonical] = value;
  }
  return { ok: true, values: out };
}

/** The longest list text read at all: every value of a full list at its longest, with separators. */
const listTextMax = partnerLimits.listValues * (partnerLimits.value + 2);
/** The longest partner text a command names (a name or "P-1001"); longer is refused before any lookup. */
export const partnerTextMax = partnerLimits.name;

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** "nordics, germany;benelux", or ["nordics", "germany"] from a forged submission: the values, as typed. */
const list = z.preprocess(
  (v) => {
    const value = Array.isArray(v) && v.every((x) => typeof x === "string") ? v.join(",") : v;
    return blankToUndefined(value);
  },
  z
    .string({ error: "text" })
    .max(listTextMax, { error: "list_too_long" })
    .transform((text) => text.split(/[,;]/u))
    .optional(),
);

const numberLike = (v: unknown) => {
  const value = blankToUndefined(v);
  if (typeof value !== "string") return value;
  const text = value.trim();
  return /^[+-]?\d+(\.\d+)?$/u.test(text) ? Number(text) : value;
};

export const partnerInputSchema = z.object({
  name: z.preprocess(
    blankToUndefined,
    z.string({ error: "required" }).trim().max(partnerLimits.name, { error: "too_long" }),
  ),
  regions: list,
  industries: list,
  products: list,
  capacity: z.preprocess(
    numberLike,
    z
      .number({ error: "range" })
      .int({ error: "range" })
      .min(0, { error: "range" })
      .max(partnerLimits.maxCapacity, { error: "range" })
      .optional(),
  ),
  preferred: yesNo,
});

/** Limits a problem names, so its sentence can say them. */
function paramsFor(field: string, problem: string, raw: unknown): Record<string, string | number> {
  if (problem === "range") return { min: 0, max: partnerLimits.maxCapacity, value: String(raw).slice(0, 40) };
  if (problem === "list_too_long") return { max: listTextMax };
  if (problem === "too_long") return { max: field === "name" ? partnerLimits.name : partnerLimits.value };
  return {};
}

/** Reads a partner's profile; each problem is named by its input, with the limits it broke. */
export function parsePartnerInput(
  raw: Readonly<Record<string, unknown>>,
): { ok: true; value: PartnerInput } | { ok: false; problems: FieldProblem[] } {
  const parsed = partnerInputSchema.safeParse(raw);
  if (parsed.success) {
    const { name, regions, industries, products, capacity, preferred } = parsed.data;
    return {
      ok: true,
      value: {
        name,
        ...(regions ? { regions } : {}),
        ...(industries ? { industries } : {}),
        ...(products ? { products } : {}),
        ...(capacity !== undefined ? { capacity } : {}),
        ...(preferred !== undefined ? { preferred } : {}),
      },
    };
  }
  const problems: FieldProblem[] = [];
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "input");
    if (problems.some((p) => p.field === field)) continue;
    // A wrong type in a forged submission reads as "text"; our own issues carry their problem code.
    const problem = /^[a-z_]+$/u.test(issue.message) ? issue.message : "text";
    problems.push({ field, problem, params: paramsFor(field, problem, raw[field]) });
  }
  return { ok: false, problems };
}

/**
 * `partner add <partner> <person>`: the person starts at the first mention (`<at>…`, `@…`) or email; the
 * words before it name the partner, which may have spaces (`partner add Nordic Partners A/S @Anna`).
 */
export function splitPartnerAdd(tokens: readonly string[]): { partner: string; person: string } {
  const at = tokens.findIndex(
    (t) => /^<at>/iu.test(t) || t.startsWith("@") || /^[^\s@]+@[^\s@]+\.[^\s@]+$/u.test(t),
  );
  if (at < 0) return { partner: tokens.join(" ").trim(), person: "" };
  return { partner: tokens.slice(0, at).join(" ").trim(), person: tokens.slice(at).join(" ").trim() };
}

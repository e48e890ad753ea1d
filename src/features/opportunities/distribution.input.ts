import * as z from "zod";
import type { DistributionTarget } from "../../domain/opportunities/opportunity.service.js";
import { partnerLimits } from "../../domain/partners/partner.js";
import { fail, ok, type Result } from "../../domain/shared/result.js";

/**
 * What a manager names to distribute to (`opp distribute O-1001 Fabrikam,Northwind` or `… auto`, or the
 * Distribute form's choices), and what a partner user sends with an answer. One reading for typed text,
 * card submissions and forged ones alike.
 */

/** The longest texts a card may send; longer ones are forged and refused before anything is read. */
export const distributionInputLimits = {
  /** The form's multi-select sends the chosen references joined by commas. */
  partners: 2000,
  /** A decline reason as sent; the domain's own limit (shorter) is reported with the field's name. */
  reason: 4000,
  partnerName: partnerLimits.name,
} as const;

/** The word that asks for the preferred-partner rule instead of named partners. */
export const autoWord = "auto";

/** "Fabrikam, Northwind" → ["Fabrikam", "Northwind"]: trimmed, empty ones and repeats (any case) left out. */
export function splitPartners(texts: readonly string[]): string[] {
  const seen = new Set<string>();
  const names: string[] = [];
  for (const name of texts.flatMap((t) => t.split(","))) {
    const trimmed = name.trim().replace(/\s+/gu, " ");
    const key = trimmed.toLowerCase();
    if (!trimmed || seen.has(key)) continue;
    seen.add(key);
    names.push(trimmed);
  }
  return names;
}

/**
 * Reads the partners named into what the use case takes: `auto` alone, or at most the partners one
 * distribution may name. Refused before any partner is looked up, so a long list costs nothing.
 */
export function distributionTarget(ref: string, partners: readonly string[]): Result<DistributionTarget> {
  const names = splitPartners(partners);
  const auto = names.some((n) => n.toLowerCase() === autoWord);
  if (auto && names.length > 1) return fail("distribution.auto_alone", { ref });
  if (auto) return ok({ auto: true });
  if (names.length === 0) return fail("dist.no_partner", { ref });
  if (names.length > partnerLimits.perDistribution)
    return fail("dist.too_many", { max: partnerLimits.perDistribution });
  const long = names.find((n) => n.length > distributionInputLimits.partnerName);
  if (long) return fail("partner.not_found", { partner: `${long.slice(0, 40)}…` });
  return ok({ names });
}

/** The multi-select's value ("P-1001,P-1002"), or a list from another client. */
export const partnersInputSchema = z
  .union([
    z.string().max(distributionInputLimits.partners),
    z.array(z.string().max(distributionInputLimits.partnerName)).max(partnerLimits.perDistribution * 5),
  ])
  .optional()
  .transform((value) => (value === undefined ? [] : typeof value === "string" ? [value] : value));

/** A decline reason as sent; blank when absent (the domain then asks for one). */
export const reasonInputSchema = z
  .string()
  .max(distributionInputLimits.reason)
  .optional()
  .transform((value) => value?.trim() ?? "");

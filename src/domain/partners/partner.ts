import type { ConversationAddress } from "../directory/directory.js";
import type { UserStamp } from "../shared/timeline.js";
import { fail, ok, type FieldProblem, type Result } from "../shared/result.js";

/**
 * A partner organisation (seed 004): a company the vendor distributes opportunities to. Its members are
 * Teams users with the `partner` role bound to it; its profile (regions, industries, products, capacity,
 * preferred) drives automatic distribution; its inbox channel, when set, receives the distribution cards
 * instead of each member's personal chat.
 */
export interface Partner {
  /** "P-1001", unique per tenant. */
  readonly ref: string;
  readonly tenantId: string;
  readonly name: string;
  readonly members: readonly UserStamp[];
  /** Lower-case, trimmed values, as typed. */
  readonly regions: readonly string[];
  readonly industries: readonly string[];
  readonly products: readonly string[];
  /** How many open opportunities the partner takes at once (delivered or accepted). */
  readonly capacity: number;
  readonly preferred: boolean;
  readonly inbox?: ConversationAddress;
  /** The language of the member who made the inbox (their Teams client's): what the bot writes there in. */
  readonly inboxLocale?: string;
  readonly revision: number;
  readonly createdBy: UserStamp;
  readonly createdAt: string;
  readonly updatedBy: UserStamp;
  readonly updatedAt: string;
}

export const partnerRefPattern = /^P-\d{1,9}$/;

export const partnerLimits = {
  name: 100,
  listValues: 20,
  value: 60,
  members: 200,
  maxCapacity: 10_000,
  defaultCapacity: 10,
  /** Partners one distribution names. */
  perDistribution: 10,
  /** Partners a tenant may define. */
  perTenant: 500,
  reason: 500,
} as const;

export interface PartnerInput {
  readonly name: string;
  readonly regions?: readonly string[];
  readonly industries?: readonly string[];
  readonly products?: readonly string[];
  readonly capacity?: number;
  readonly preferred?: boolean;
}

/** The key partners are compared by: case and surrounding space do not make another partner. */
export const partnerKey = (name: string): string => name.trim().replace(/\s+/g, " ").toLowerCase();

const cleanList = (values: readonly string[] | undefined): string[] => [
  ...new Set((values ?? []).map((v) => v.trim().replace(/\s+/g, " ").toLowerCase()).filter(Boolean)),
];

/** Checks and normalises a partner's profile; every problem is named. */
export function checkPartnerInput(input: PartnerInput): Result<Required<PartnerInput>> {
  const problems: FieldProblem[] = [];
  const name = input.name.trim().replace(/\s+/g, " ");
  if (!name) problems.push({ field: "name", problem: "required" });
  else if (name.length > partnerLimits.name)
    problems.push({ field: "name", problem: "too_long", params: { max: partnerLimits.name } });
  else if (/^(auto|all)$/i.test(name) || /[,;<>]/.test(name))
    problems.push({ field: "name", problem: "partner_name", params: { value: name } });
  const lists = {
    regions: cleanList(input.regions),
    industries: cleanList(input.industries),
    products: cleanList(input.products),
  };
  for (const [field, values] of Object.entries(lists)) {
    if (values.length > partnerLimits.listValues)
      problems.push({ field, problem: "too_many", params: { max: partnerLimits.listValues } });
    if (values.some((v) => v.length > partnerLimits.value))
      problems.push({ field, problem: "too_long", params: { max: partnerLimits.value } });
  }
  const capacity = input.capacity ?? partnerLimits.defaultCapacity;
  if (!Number.isInteger(capacity) || capacity < 0 || capacity > partnerLimits.maxCapacity)
    problems.push({
      field: "capacity",
      problem: "range",
      params: { min: 0, max: partnerLimits.maxCapacity, value: String(input.capacity) },
    });
  if (problems.length) return fail("invalid", undefined, problems);
  return ok({ name, ...lists, capacity, preferred: input.preferred ?? false });
}

/** The opportunity document's flat field that holds this partner's distribution status (for queries). */
export const partnerField = (ref: string): string => `partner_${ref.replace("-", "")}`;

// ---------------------------------------------------------------------------------------------------------
// Automatic distribution: the preferred-partner rule.

export interface PartnerFit {
  readonly partner: Partner;
  /** Open opportunities the partner holds (delivered or accepted). */
  readonly load: number;
  readonly region: boolean;
  readonly industry: boolean;
  readonly products: readonly string[];
  readonly score: number;
}

export interface AutoCriteria {
  readonly region?: string;
  readonly industry?: string;
  readonly products: readonly string[];
}

/**
 * Ranks the partners that fit an opportunity: each must have free capacity and match at least one of its
 * region, industry or products. Region weighs most, then industry, then each product; among equals the
 * preferred partner, then the one with most free capacity, then the name.
 */
export function rankPartners(
  candidates: readonly { readonly partner: Partner; readonly load: number }[],
  criteria: AutoCriteria,
): PartnerFit[] {
  const region = criteria.region?.trim().toLowerCase();
  const industry = criteria.industry?.trim().toLowerCase();
  const products = cleanList(criteria.products);
  const fits: PartnerFit[] = [];
  for (const { partner, load } of candidates) {
    if (partner.capacity - load <= 0) continue;
    const r = !!region && partner.regions.includes(region);
    const i = !!industry && partner.industries.includes(industry);
    const p = products.filter((x) => partner.products.includes(x));
    const score = (r ? 4 : 0) + (i ? 2 : 0) + p.length;
    if (score === 0) continue;
    fits.push({ partner, load, region: r, industry: i, products: p, score });
  }
  return fits.sort(
    (a, b) =>
      b.score - a.score ||
      Number(b.partner.preferred) - Number(a.partner.preferred) ||
      b.partner.capacity - b.load - (a.partner.capacity - a.load) ||
      a.partner.name.localeCompare(b.partner.name),
  );
}

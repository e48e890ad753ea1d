import * as z from "zod";
import { opportunityLimits } from "../../domain/opportunities/opportunity.js";
import { partnerLimits } from "../../domain/partners/partner.js";

/**
 * What is typed for partner work on opportunities: the facts a partner describes a new opportunity with (also
 * open to the vendor's people: region and industry drive automatic distribution), and a manager's reason for
 * rejecting. Names are the ones typed (`region=Nordics`) and the card inputs' ids.
 */

/** Keys `opp new` accepts besides the opportunity's own (contact, account, value…). */
export const opportunityFactKeys = ["region", "industry", "situation", "need", "solution"] as const;

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const text = (max: number) =>
  z.preprocess(
    blankToUndefined,
    z.string({ error: "text" }).trim().max(max, { error: "too_long" }).optional(),
  );

export const opportunityFactsSchema = z.object({
  region: text(partnerLimits.value),
  industry: text(partnerLimits.value),
  situation: text(opportunityLimits.text),
  need: text(opportunityLimits.text),
  solution: text(opportunityLimits.text),
});
export type OpportunityFacts = z.infer<typeof opportunityFactsSchema>;

/**
 * A rejection's reason as a card sends it. The domain names a reason over its limit; a submission far beyond
 * anything the card's input allows is refused as a bad action before that.
 */
export const rejectReasonInput = z
  .string()
  .max(partnerLimits.reason * 4)
  .optional();

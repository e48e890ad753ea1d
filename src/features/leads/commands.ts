import type { LeadStatus } from "../../domain/leads/lead.js";

export type LeadCommand =
  | { readonly kind: "lead.form" }
  /** Raw field values by input name; parsed with the lead input schema when executed. */
  | { readonly kind: "lead.create"; readonly input: Readonly<Record<string, unknown>> }
  | { readonly kind: "lead.show"; readonly ref: string }
  | { readonly kind: "lead.list"; readonly status: LeadStatus | "all"; readonly cursor?: string }
  /** Options as typed (`currency=DKK`) or from the card's inputs; parsed when executed. */
  | {
      readonly kind: "lead.qualify";
      readonly refs: readonly string[];
      readonly input: Readonly<Record<string, unknown>>;
    }
  | {
      readonly kind: "lead.disqualify";
      readonly ref: string;
      readonly reason?: string;
      readonly revision?: number;
    }
  | { readonly kind: "lead.reactivate"; readonly ref: string; readonly revision?: number }
  | { readonly kind: "lead.delete"; readonly ref: string; readonly revision?: number }
  | {
      readonly kind: "lead.stakeholder";
      readonly ref: string;
      readonly contact: string;
      readonly role: string;
    }
  /** A note or activity on a lead or an opportunity (L-… or O-…). */
  | {
      readonly kind: "timeline.add";
      readonly ref: string;
      readonly entry: string;
      readonly text: string;
      /** From a card: answer with the record's card rather than a sentence. */
      readonly fromCard?: boolean;
    };

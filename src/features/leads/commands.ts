import type { LeadStatus } from "../../domain/leads/lead.js";

export type LeadCommand =
  | { readonly kind: "lead.form" }
  /** Raw field values by input name; parsed with the lead input schema when executed. */
  | { readonly kind: "lead.create"; readonly input: Readonly<Record<string, unknown>> }
  /** `thread`: Open pressed on a channel thread's summary card; the full card is the presser's own view. */
  | { readonly kind: "lead.show"; readonly ref: string; readonly thread?: boolean }
  | { readonly kind: "lead.list"; readonly status: LeadStatus | "all"; readonly cursor?: string }
  /** Options as typed (`currency=DKK`) or from the card's inputs; parsed when executed. */
  | {
      readonly kind: "lead.qualify";
      readonly refs: readonly string[];
      readonly input: Readonly<Record<string, unknown>>;
      /** Pressed on a card: a refusal answers with the lead's current card, so no stale button stays. */
      readonly fromCard?: boolean;
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

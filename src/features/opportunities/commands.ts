import type { TimelineKind } from "../../domain/shared/timeline.js";
import type { RawInput } from "../../kit/parsing/text-command.js";

/** An opportunity, and — from a card button — the revision that card showed, so a stale press is refused. */
type OpportunityTarget = { readonly ref: string; readonly revision?: number };

export type OpportunityCoreCommand =
  | { readonly kind: "opp.form"; readonly input?: RawInput }
  | { readonly kind: "opp.create"; readonly input: RawInput }
  /** `thread`: Open pressed on a channel thread's summary card; the full card is the presser's own view. */
  | { readonly kind: "opp.show"; readonly ref: string; readonly thread?: boolean }
  | {
      readonly kind: "opp.list";
      readonly scope: "mine" | "open" | "closed" | "all";
      /** A contact or account: reference, email or name. */
      readonly contact?: string;
      readonly stage?: string;
      /** `owner=@user` as typed, or the owner's user id from a list card's button. */
      readonly owner?: string;
      readonly cursor?: string;
      /** Typed without a reference: the list asks which opportunity this command is for. */
      readonly pickFor?: string;
    }
  | ({
      readonly kind: "opp.next" | "opp.previous" | "opp.reopen" | "opp.quote" | "opp.order" | "opp.delete";
    } & OpportunityTarget)
  | ({ readonly kind: "opp.skip" | "opp.goto"; readonly stage: string } & OpportunityTarget)
  | ({ readonly kind: "opp.update" | "opp.line" | "opp.close"; readonly input: RawInput } & OpportunityTarget)
  | ({
      readonly kind: "opp.skip.form" | "opp.goto.form" | "opp.update.form" | "opp.delete.form";
    } & OpportunityTarget)
  | ({ readonly kind: "opp.line.form"; readonly input?: RawInput } & OpportunityTarget)
  | ({ readonly kind: "opp.close.form"; readonly outcome?: "won" | "lost" } & OpportunityTarget)
  | { readonly kind: "opp.purge"; readonly input: RawInput }
  | { readonly kind: "opp.purge.form" }
  /** A note or activity added on the opportunity card; answered with the card. */
  | { readonly kind: "opp.note"; readonly ref: string; readonly entry: TimelineKind; readonly text: string }
  | { readonly kind: "pipeline" }
  | { readonly kind: "inbox" };

/** Partner-created opportunities and deal registration: a partner registers, a manager decides. */
export type PartnerDealCommand =
  | ({ readonly kind: "opp.register" | "opp.approve" } & OpportunityTarget)
  | ({ readonly kind: "opp.reject"; readonly reason?: string } & OpportunityTarget);

/**
 * Distribution to partners and the partners' answers. `partners`: names or references as typed or chosen
 * ("auto" for the preferred-partner rule); read when executed.
 */
export type DistributionCommand =
  | ({ readonly kind: "opp.distribute"; readonly partners: readonly string[] } & OpportunityTarget)
  | ({ readonly kind: "opp.distribute.form" | "opp.accept" } & OpportunityTarget)
  | ({ readonly kind: "opp.recall"; readonly partner?: string } & OpportunityTarget)
  | ({ readonly kind: "opp.decline"; readonly reason: string } & OpportunityTarget);

/** Several references from a typed command; one (with the card's revision) from the Assign form. */
export type AssignCommand =
  /** Several references from a typed command; one (with the card's revision) from the Assign form. */
  | {
      readonly kind: "opp.assign";
      readonly refs: readonly string[];
      readonly person: string;
      readonly revision?: number;
    }
  | { readonly kind: "opp.assign.form"; readonly ref: string; readonly revision?: number };

/** A new opportunity with the customer, lines and owner of an open one; the title given or the same. */
export type CloneCommand = { readonly kind: "opp.clone"; readonly ref: string; readonly title?: string };

/** Everything about opportunities: their life cycle, partners' deals, distribution, assignment, copies. */
export type OpportunityCommand =
  OpportunityCoreCommand | PartnerDealCommand | DistributionCommand | AssignCommand | CloneCommand;

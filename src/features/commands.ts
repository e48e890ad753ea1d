import type { Topic } from "../domain/notify/event.js";
import type { LeadStatus, TimelineKind } from "../domain/leads/lead.js";

/**
 * What the user asked for, whether typed or clicked. A text command and the card button that does the
 * same thing parse to the same Command, so both run the same use case and give the same result.
 * Each feature declares its commands as a union of its own and adds it to `Command` below.
 */
export type GeneralCommand = { readonly kind: "help" };

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

/** Raw field values by input name (typed `key=value` or a card's inputs); parsed when executed. */
type RawInput = Readonly<Record<string, unknown>>;
/** An opportunity, and — from a card button — the revision that card showed, so a stale press is refused. */
type OpportunityTarget = { readonly ref: string; readonly revision?: number };

export type OpportunityCommand =
  | { readonly kind: "opp.form"; readonly input?: RawInput }
  | { readonly kind: "opp.create"; readonly input: RawInput }
  | { readonly kind: "opp.show"; readonly ref: string }
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

/** A stage of a sales cycle: the cycle's code or name (default cycle when absent), the stage's id or name. */
type StageTarget = { readonly cycle?: string; readonly stage: string };

export type CycleCommand =
  | { readonly kind: "cycle.show"; readonly cycle?: string }
  /** The stage form: adding to the cycle without a stage, editing the stage with one. */
  | { readonly kind: "cycle.stage.form"; readonly cycle?: string; readonly stage?: string }
  | { readonly kind: "cycle.stage.add"; readonly cycle?: string; readonly input: RawInput }
  | ({ readonly kind: "cycle.stage.update"; readonly input: RawInput } & StageTarget)
  /** `to`: one step, or a 1-based position. */
  | ({ readonly kind: "cycle.stage.move"; readonly to: "up" | "down" | number } & StageTarget)
  | ({
      readonly kind: "cycle.stage.default" | "cycle.activities.form" | "cycle.stage.delete.form";
    } & StageTarget)
  | ({
      readonly kind: "cycle.activities.save";
      readonly rows: readonly { readonly name: string; readonly days: string; readonly reminder: boolean }[];
    } & StageTarget)
  /** `replacement`: a stage, "none" to leave the opportunities without a stage, "" when not chosen yet. */
  | ({
      readonly kind: "cycle.stage.delete";
      readonly replacement: string;
      readonly moveActivities: boolean;
    } & StageTarget)
  | { readonly kind: "closecode.form" }
  | { readonly kind: "closecode.add"; readonly input: RawInput }
  | { readonly kind: "closecode.list" };

export type PartyCommand =
  | { readonly kind: "account.create"; readonly input: Readonly<Record<string, unknown>> }
  | { readonly kind: "contact.create"; readonly input: Readonly<Record<string, unknown>> }
  | { readonly kind: "party.show"; readonly ref: string }
  | { readonly kind: "party.customer"; readonly ref: string; readonly isCustomer: boolean };

export type SettingCommand =
  | { readonly kind: "list.show"; readonly list?: "types" | "sources" | "terms" }
  | {
      readonly kind: "list.edit";
      readonly list: "types" | "sources" | "terms";
      readonly change: "add" | "remove";
      readonly value: string;
    }
  | { readonly kind: "setting.qualify"; readonly createsAll: boolean }
  | { readonly kind: "setting.currency"; readonly currency: string };

/** Roles: the person as typed (`<at>Anna</at>`, `@Anna`, an email, or a user id from the form), the role raw. */
export type DirectoryCommand =
  | {
      readonly kind: "role.form";
      readonly user?: string;
      readonly role?: string;
      readonly partner?: string;
    }
  | { readonly kind: "role.grant"; readonly user: string; readonly role: string; readonly partner?: string }
  | { readonly kind: "role.list" };

export type NotifyCommand =
  | { readonly kind: "notify.here"; readonly topics: readonly Topic[] }
  | { readonly kind: "notify.off" }
  | { readonly kind: "notify.status" }
  /** Several references from a typed command; one (with the card's revision) from the Assign form. */
  | {
      readonly kind: "opp.assign";
      readonly refs: readonly string[];
      readonly person: string;
      readonly revision?: number;
    }
  | { readonly kind: "opp.assign.form"; readonly ref: string; readonly revision?: number };

/** Partner-created opportunities and deal registration: a partner registers, a manager decides. */
export type PartnerDealCommand =
  | ({ readonly kind: "opp.register" | "opp.approve" } & OpportunityTarget)
  | ({ readonly kind: "opp.reject"; readonly reason?: string } & OpportunityTarget);

/** Partner organisations: defined and staffed by managers; the partner as typed (name or "P-1001"). */
export type PartnerAdminCommand =
  | { readonly kind: "partner.form" }
  | { readonly kind: "partner.create"; readonly input: RawInput }
  | { readonly kind: "partner.list"; readonly cursor?: string }
  | { readonly kind: "partner.show"; readonly partner: string }
  /** Either may be empty (typed without it): the list then opens its Add a member inputs. */
  | { readonly kind: "partner.add"; readonly partner: string; readonly person: string };

/**
 * Distribution to partners and the partners' answers. `partners`: names or references as typed or chosen
 * ("auto" for the preferred-partner rule); read when executed.
 */
export type DistributionCommand =
  | ({ readonly kind: "opp.distribute"; readonly partners: readonly string[] } & OpportunityTarget)
  | ({ readonly kind: "opp.distribute.form" | "opp.accept" } & OpportunityTarget)
  | ({ readonly kind: "opp.recall"; readonly partner?: string } & OpportunityTarget)
  | ({ readonly kind: "opp.decline"; readonly reason: string } & OpportunityTarget);

export type Command =
  | NotifyCommand
  | DistributionCommand
  | PartnerAdminCommand
  | SettingCommand
  | PartyCommand
  | GeneralCommand
  | LeadCommand
  | OpportunityCommand
  | PartnerDealCommand
  | CycleCommand
  | DirectoryCommand;

export type CommandKind = Command["kind"];

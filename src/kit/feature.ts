import type { ActionTable } from "./parsing/parse-action.js";
import type { CommandInfo, CommandShape, TextCommand } from "./parsing/text-command.js";
import type { CardName } from "./rendering/renderer.js";
import type { ViewContext } from "./rendering/view-context.js";
import type { DigestService } from "../domain/digest/digest.service.js";
import type { DirectoryService } from "../domain/directory/directory.service.js";
import type { SubscriptionService } from "../domain/notify/subscription.js";
import type { LeadService } from "../domain/leads/lead.service.js";
import type { OpportunityService } from "../domain/opportunities/opportunity.service.js";
import type { PartnerService } from "../domain/partners/partner.service.js";
import type { PartyService } from "../domain/parties/party.service.js";
import type { RecordSearchService } from "../domain/search/record-search.service.js";
import type { CycleAdminService } from "../domain/setup/cycle-admin.service.js";
import type { TenantSetupService } from "../domain/setup/tenant-setup.service.js";
import type { Actor } from "../domain/shared/actor.js";
import type { Turn } from "./turn.js";

/** What a use case produced, before it is shaped into chat messages or a card button's answer. */
export interface View {
  /** A sentence for the user: sent as text, or as a toast when a card button is answered. */
  readonly message?: string;
  readonly card?: { readonly name: CardName; readonly data: object; readonly summary: string };
  /** The card already shows the message (as a banner), so a chat reply needs no separate text. */
  readonly messageInCard?: boolean;
  /**
   * The card answering a button is the presser's own view of a message everybody in the conversation sees
   * (Open on a channel thread's summary): in a shared conversation it is marked as a user-specific view
   * (`refresh` limited to the presser, re-run with this action), so the summary stays what the others see.
   */
  readonly ownView?: { readonly verb: string; readonly data: Readonly<Record<string, unknown>> };
}

export interface Services {
  readonly leads: LeadService;
  readonly opportunities: OpportunityService;
  readonly parties: PartyService;
  readonly setup: TenantSetupService;
  readonly cycles: CycleAdminService;
  readonly directory: DirectoryService;
  readonly subscriptions: SubscriptionService;
  readonly partners: PartnerService;
  readonly digests: DigestService;
  /** The message extension's search over leads, opportunities, accounts and contacts. */
  readonly search: RecordSearchService;
}

export interface FeatureContext {
  readonly actor: Actor;
  readonly turn: Turn;
  readonly view: ViewContext;
  readonly services: Services;
  /** Every command, in help order (what `help` lists). */
  readonly commands: readonly CommandInfo[];
}

/** How one kind of command is run. */
export type Handler<C extends CommandShape> = (command: C, ctx: FeatureContext) => Promise<View>;

/**
 * One handler for every kind of a feature's commands: a kind without a handler, or a handler for a kind the
 * feature does not declare, does not compile.
 */
export type Handlers<C extends CommandShape> = {
  readonly [K in C["kind"]]: Handler<OfKind<C, K>>;
};

/** The member of a command union with this kind (also where one member declares several kinds). */
export type OfKind<C extends CommandShape, K extends string> = C extends unknown
  ? K extends C["kind"]
    ? C & { readonly kind: K }
    : never
  : never;

/**
 * A slice of the bot: the text commands it understands (with their help entries), the card verbs it
 * accepts, and a handler for each kind of command they parse to. Text and card entry points yield the same
 * command, so they share one use case.
 */
export interface Feature<C extends CommandShape> {
  readonly textCommands: readonly TextCommand<C>[];
  readonly actions: ActionTable<C>;
  readonly handlers: Handlers<C>;
}

/**
 * One part of a larger feature: its text and card entry points may yield any of the feature's commands (an
 * opportunity command without a reference opens the list to pick from), its handlers cover its own kinds.
 */
export interface FeaturePart<Own extends CommandShape, All extends CommandShape> {
  readonly textCommands: readonly TextCommand<All>[];
  readonly actions: ActionTable<All>;
  readonly handlers: Handlers<Own>;
}

/** The commands of a feature, from its declaration. */
export type CommandOf<F> = F extends Feature<infer C> ? C : never;

import type { ActionTable } from "./parsing/parse-action.js";
import type { Command } from "../features/commands.js";
import type { TextCommand } from "./parsing/text-command.js";
import type { CardName } from "./rendering/renderer.js";
import type { ViewContext } from "../features/leads/lead.views.js";
import type { DirectoryService } from "../domain/directory/directory.service.js";
import type { SubscriptionService } from "../domain/notify/subscription.js";
import type { LeadService } from "../domain/leads/lead.service.js";
import type { OpportunityService } from "../domain/opportunities/opportunity.service.js";
import type { PartnerService } from "../domain/partners/partner.service.js";
import type { PartyService } from "../domain/parties/party.service.js";
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
}

export interface FeatureContext {
  readonly actor: Actor;
  readonly turn: Turn;
  readonly view: ViewContext;
  readonly services: Services;
}

/**
 * A slice of the bot: the text commands it understands, the card verbs it accepts, and how it runs the
 * commands they parse to. Text and card entry points yield the same Command, so they share one use case.
 */
export interface Feature {
  readonly textCommands: readonly TextCommand[];
  readonly actions: ActionTable;
  readonly kinds: readonly Command["kind"][];
  run(command: Command, ctx: FeatureContext): Promise<View>;
}

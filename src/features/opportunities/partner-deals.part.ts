import * as z from "zod";
import { cardRef, cardRevision } from "../../kit/parsing/card-fields.js";
import type { OpportunityCommand, PartnerDealCommand } from "./commands.js";
import { rejectReasonInput } from "./partner-deals.input.js";
import { missing, oneArgument, parsed, type TextCommand, managers } from "../../kit/parsing/text-command.js";
import type { Opportunity } from "../../domain/opportunities/opportunity.js";
import type { OpportunityView } from "../../domain/opportunities/opportunity.service.js";
import type { Translator } from "../../i18n/index.js";
import type { FeaturePart, Handlers } from "../../kit/feature.js";
import { answer } from "./opportunity.replies.js";

/**
 * Partner-created opportunities and deal registration (seed 004): a partner user registers a deal on an
 * opportunity their organisation created; a manager approves or rejects what waits — the partner's new
 * opportunity first, else its deal registration. Typed and pressed, each calls one use case and answers with
 * the opportunity card.
 */

/**
 * Without a reference these show what they could be used on: a manager's inbox lists what waits for a
 * decision, a partner's is their dashboard with the opportunities they created.
 */
const orInbox =
  (parse: TextCommand<OpportunityCommand>["parse"]): TextCommand<OpportunityCommand>["parse"] =>
  (args) =>
    args.length === 0 ? parsed({ kind: "inbox" }) : parse(args);

const textCommands: readonly TextCommand<OpportunityCommand>[] = [
  {
    name: "opp register",
    usage: "opp register ‹O-ref›",
    roles: ["partner"],
    parse: orInbox(oneArgument("opp register", (ref) => ({ kind: "opp.register", ref }))),
  },
  {
    name: "opp approve",
    usage: "opp approve ‹O-ref›",
    roles: managers,
    parse: orInbox(oneArgument("opp approve", (ref) => ({ kind: "opp.approve", ref }))),
  },
  {
    name: "opp reject",
    usage: "opp reject ‹O-ref› [reason]",
    roles: managers,
    parse: orInbox((args) => {
      const [ref, ...reason] = args;
      if (ref === undefined) return missing("opp reject");
      return parsed({ kind: "opp.reject", ref, ...(reason.length > 0 ? { reason: reason.join(" ") } : {}) });
    }),
  },
];

const ref = cardRef;
const revision = cardRevision;

const actions = {
  "opp.register": () =>
    z.object({ ref, revision }).transform((t): OpportunityCommand => ({ kind: "opp.register", ...t })),
  "opp.approve": () =>
    z.object({ ref, revision }).transform((t): OpportunityCommand => ({ kind: "opp.approve", ...t })),
  "opp.reject": () =>
    z
      .object({ ref, revision, reason: rejectReasonInput })
      .transform(({ ref, revision, reason }): OpportunityCommand => ({
        kind: "opp.reject",
        ref,
        revision,
        ...(reason?.trim() ? { reason: reason.trim() } : {}),
      })),
} as const satisfies Readonly<Record<string, () => z.ZodType<OpportunityCommand>>>;

/**
 * Whether the decision just made was on the deal registration rather than on the partner's new opportunity:
 * a creation is decided before any deal can be registered, so a deal decided in this very change is the one.
 */
const decidedDeal = (o: Opportunity): boolean =>
  o.deal !== undefined && o.deal.status !== "requested" && o.deal.decidedAt === o.updatedAt;

/** What a manager's decision did: approved or rejected the partner's opportunity, or its deal registration. */
const decided = (t: Translator, { opportunity: o }: OpportunityView, approved: boolean): string => {
  if (decidedDeal(o)) return t.t(approved ? "opp.deal_approved" : "opp.deal_rejected", { ref: o.ref });
  return approved
    ? t.t("opp.approved", { ref: o.ref, partner: o.origin?.name ?? "" })
    : t.t("opp.rejected", { ref: o.ref });
};

const handlers: Handlers<PartnerDealCommand> = {
  "opp.register": async (command, ctx) => {
    const { actor, services, view } = ctx;
    const { t } = view;
    const opps = services.opportunities;
    return answer(ctx, command, await opps.register(actor, command.ref, command.revision), (v) =>
      t.t("opp.deal_requested", { ref: v.opportunity.ref }),
    );
  },
  "opp.approve": async (command, ctx) => {
    const { actor, services, view } = ctx;
    const { t } = view;
    const opps = services.opportunities;
    return answer(
      ctx,
      command,
      await opps.decide(actor, command.ref, true, undefined, command.revision),
      (v) => decided(t, v, true),
    );
  },
  "opp.reject": async (command, ctx) => {
    const { actor, services, view } = ctx;
    const { t } = view;
    const opps = services.opportunities;
    return answer(
      ctx,
      command,
      await opps.decide(actor, command.ref, false, command.reason, command.revision),
      (v) => decided(t, v, false),
    );
  },
};

export const partnerDealsPart: FeaturePart<PartnerDealCommand, OpportunityCommand> = {
  textCommands,
  actions,

  handlers,
};

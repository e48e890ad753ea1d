import { z } from "zod";
import { cardRef, cardRevision } from "../../kit/parsing/card-fields.js";
import type { Command, PartnerDealCommand } from "../commands.js";
import { rejectReasonInput } from "./partner-deals.input.js";
import { missing, oneArgument, parsed, type TextCommand } from "../../kit/parsing/text-command.js";
import type { Opportunity } from "../../domain/opportunities/opportunity.js";
import type { OpportunityView } from "../../domain/opportunities/opportunity.service.js";
import type { Feature } from "../../kit/feature.js";
import { answer } from "./opportunities.feature.js";

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
  (parse: TextCommand["parse"]): TextCommand["parse"] =>
  (args) =>
    args.length === 0 ? parsed({ kind: "inbox" }) : parse(args);

const textCommands: readonly TextCommand[] = [
  {
    name: "opp register",
    parse: orInbox(oneArgument("opp register", (ref) => ({ kind: "opp.register", ref }))),
  },
  {
    name: "opp approve",
    parse: orInbox(oneArgument("opp approve", (ref) => ({ kind: "opp.approve", ref }))),
  },
  {
    name: "opp reject",
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
  "opp.register": z.object({ ref, revision }).transform((t): Command => ({ kind: "opp.register", ...t })),
  "opp.approve": z.object({ ref, revision }).transform((t): Command => ({ kind: "opp.approve", ...t })),
  "opp.reject": z
    .object({ ref, revision, reason: rejectReasonInput })
    .transform(({ ref, revision, reason }): Command => ({
      kind: "opp.reject",
      ref,
      revision,
      ...(reason?.trim() ? { reason: reason.trim() } : {}),
    })),
} as const satisfies Readonly<Record<string, z.ZodType<Command>>>;

const kinds = [
  "opp.register",
  "opp.approve",
  "opp.reject",
] as const satisfies readonly PartnerDealCommand["kind"][];

/**
 * Whether the decision just made was on the deal registration rather than on the partner's new opportunity:
 * a creation is decided before any deal can be registered, so a deal decided in this very change is the one.
 */
const decidedDeal = (o: Opportunity): boolean =>
  o.deal !== undefined && o.deal.status !== "requested" && o.deal.decidedAt === o.updatedAt;

export const partnerDealsFeature: Feature = {
  textCommands,
  actions,
  kinds,

  async run(command, ctx) {
    const { actor, services, view } = ctx;
    const { t } = view;
    const opps = services.opportunities;
    const decided = ({ opportunity: o }: OpportunityView, approved: boolean): string => {
      if (decidedDeal(o)) return t.t(approved ? "opp.deal_approved" : "opp.deal_rejected", { ref: o.ref });
      return approved
        ? t.t("opp.approved", { ref: o.ref, partner: o.origin?.name ?? "" })
        : t.t("opp.rejected", { ref: o.ref });
    };
    switch (command.kind) {
      case "opp.register":
        return answer(ctx, command, await opps.register(actor, command.ref, command.revision), (v) =>
          t.t("opp.deal_requested", { ref: v.opportunity.ref }),
        );
      case "opp.approve":
        return answer(
          ctx,
          command,
          await opps.decide(actor, command.ref, true, undefined, command.revision),
          (v) => decided(v, true),
        );
      case "opp.reject":
        return answer(
          ctx,
          command,
          await opps.decide(actor, command.ref, false, command.reason, command.revision),
          (v) => decided(v, false),
        );
      default:
        throw new Error(`partner deals feature cannot run ${command.kind}`);
    }
  },
};

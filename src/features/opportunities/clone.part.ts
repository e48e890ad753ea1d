import * as z from "zod";
import { opportunityLimits } from "../../domain/opportunities/opportunity.js";
import type { FeaturePart } from "../../kit/feature.js";
import { cardRef } from "../../kit/parsing/card-fields.js";
import { parsed, staff, usage, type ParsedText } from "../../kit/parsing/text-command.js";
import type { CloneCommand, OpportunityCommand } from "./commands.js";
import { explain, opportunityCard } from "./opportunity.replies.js";

/** `opp clone O-1001 [title]`: a new opportunity with the customer, lines and owner of an open one. */
function parseClone(args: readonly string[]): ParsedText<OpportunityCommand> {
  const [ref, ...title] = args;
  // Without a reference, the list of one's open opportunities asks which one.
  if (ref === undefined) return parsed({ kind: "opp.list", scope: "mine", pickFor: "opp clone" });
  const text = title.join(" ");
  if (text.length > opportunityLimits.title)
    return usage("opp clone", { code: "reply.too_long", params: { max: opportunityLimits.title } });
  return parsed({ kind: "opp.clone", ref, ...(text ? { title: text } : {}) });
}

export const clonePart: FeaturePart<CloneCommand, OpportunityCommand> = {
  textCommands: [
    { name: "opp clone", usage: "opp clone ‹O-ref› [‹title›]", roles: staff, parse: parseClone },
  ],
  actions: {
    "opp.clone": () =>
      z
        .object({ ref: cardRef, title: z.string().trim().max(opportunityLimits.title).optional() })
        .transform(({ ref, title }): OpportunityCommand => ({
          kind: "opp.clone",
          ref,
          ...(title ? { title } : {}),
        })),
  },
  handlers: {
    "opp.clone": async (command, ctx) => {
      const result = await ctx.services.opportunities.clone(ctx.actor, command.ref, command.title);
      if (!result.ok) return { message: explain(ctx, result.error) };
      const o = result.value.opportunity;
      const text = ctx.view.t.t("opp.cloned", { ref: o.ref, from: command.ref.toUpperCase() });
      return {
        message: text,
        messageInCard: true,
        card: opportunityCard(ctx, result.value, { text, style: "good" }),
      };
    },
  },
};

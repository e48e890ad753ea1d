import * as z from "zod";
import { cardRef, cardRevision } from "../../kit/parsing/card-fields.js";
import type { OpportunityCommand, DistributionCommand } from "./commands.js";
import {
  distributionInputLimits,
  distributionTarget,
  partnersInputSchema,
  reasonInputSchema,
  splitPartners,
} from "./distribution.input.js";
import {
  missing,
  oneArgument,
  parsed,
  type ParsedText,
  type TextCommand,
  managers,
} from "../../kit/parsing/text-command.js";
import {
  autoChoiceText,
  distributeFormView,
  formPartners,
  listText,
  offerablePartners,
  partnerCardView,
  partnerGoneView,
  type PartnerCardOptions,
} from "./distribution.views.js";
import { mayDistribute } from "../../domain/opportunities/distribution.js";
import {
  partnerAccess,
  type DistributionStatus,
  type Opportunity,
} from "../../domain/opportunities/opportunity.js";
import type { OpportunityView } from "../../domain/opportunities/opportunity.service.js";
import { partnerLimits, type Partner } from "../../domain/partners/partner.js";
import type { Failure, FieldProblem, Result } from "../../domain/shared/result.js";
import type { MessageKey } from "../../i18n/index.js";
import type { FeaturePart, FeatureContext, Handlers, View } from "../../kit/feature.js";
import { answer, explain, forForm, opportunityCard, refusal } from "./opportunity.replies.js";

/**
 * Distribution to partner organisations (seed 004) from Teams: a manager distributes (named partners or the
 * preferred-partner rule) and recalls; a partner user accepts or declines from the partner card or by text.
 * Each typed command and its card button parse to the same command and call one OpportunityService use case.
 */

type Target = { readonly ref: string; readonly revision?: number };

// ---------------------------------------------------------------------------------------------------------
// Text commands

/** Without a reference, the manager picks the opportunity from the open ones. */
const pick = (name: string): ParsedText<OpportunityCommand> =>
  parsed({ kind: "opp.list", scope: "open", pickFor: name });

const textCommands: readonly TextCommand<OpportunityCommand>[] = [
  {
    name: "opp distribute",
    usage: "opp distribute ‹O-ref› ‹partner›[,‹partner› ...] | auto",
    roles: managers,
    parse(args) {
      const [ref, ...rest] = args;
      if (ref === undefined) return pick("opp distribute");
      if (rest.length === 0) return parsed({ kind: "opp.distribute.form", ref });
      // "Fabrikam, Northwind Traders": names may hold spaces; commas separate them.
      return parsed({ kind: "opp.distribute", ref, partners: [rest.join(" ")] });
    },
  },
  {
    name: "opp recall",
    usage: "opp recall ‹O-ref› [partner]",
    roles: managers,
    parse(args) {
      const [ref, ...rest] = args;
      if (ref === undefined) return pick("opp recall");
      const partner = rest.join(" ").trim();
      return parsed({ kind: "opp.recall", ref, ...(partner ? { partner } : {}) });
    },
  },
  {
    name: "opp accept",
    usage: "opp accept ‹O-ref›",
    roles: ["partner"],
    parse: oneArgument("opp accept", (ref) => ({ kind: "opp.accept", ref })),
  },
  {
    name: "opp decline",
    usage: "opp decline ‹O-ref› ‹reason›",
    roles: ["partner"],
    parse(args) {
      const [ref, ...rest] = args;
      if (ref === undefined) return missing("opp decline");
      // Without a reason the domain asks for one, and the reply offers the card to give it on.
      return parsed({ kind: "opp.decline", ref, reason: rest.join(" ").trim() });
    },
  },
];

// ---------------------------------------------------------------------------------------------------------
// Card verbs: one schema each; anything else, or anything larger, is refused before a use case runs.

const ref = cardRef;
const revision = cardRevision;
const target = { ref, revision };

const actions = {
  "opp.distribute.form": () =>
    z.object(target).transform((t): OpportunityCommand => ({ kind: "opp.distribute.form", ...t })),
  "opp.distribute": () =>
    z
      .object({ ...target, partners: partnersInputSchema })
      .transform(({ ref, revision, partners }): OpportunityCommand => ({
        kind: "opp.distribute",
        ref,
        revision,
        partners,
      })),
  "opp.recall": () =>
    z
      .object({
        ...target,
        partner: z.string().trim().max(distributionInputLimits.partnerName).optional(),
      })
      .transform(({ ref, revision, partner }): OpportunityCommand => ({
        kind: "opp.recall",
        ref,
        revision,
        ...(partner ? { partner } : {}),
      })),
  "opp.accept": () => z.object(target).transform((t): OpportunityCommand => ({ kind: "opp.accept", ...t })),
  "opp.decline": () =>
    z
      .object({ ...target, reason: reasonInputSchema })
      .transform(({ ref, revision, reason }): OpportunityCommand => ({
        kind: "opp.decline",
        ref,
        revision,
        reason,
      })),
} as const satisfies Readonly<Record<string, () => z.ZodType<OpportunityCommand>>>;

// ---------------------------------------------------------------------------------------------------------
// Replies

const fieldKeys: Readonly<Record<string, MessageKey>> = {
  reason: "distribution.field.reason",
  partners: "distribution.field.partners",
};

/** One sentence per problem with this feature's field names ("Reason for declining is required."). */
function problemTexts({ view: { t } }: FeatureContext, problems: readonly FieldProblem[]): string {
  return problems
    .map((p) => {
      const labelKey = fieldKeys[p.field];
      const field = labelKey ? t.t(labelKey) : p.field;
      const key = `problem.${p.problem}`;
      return t.t(t.has(key) ? key : "problem.text", { field, ...p.params });
    })
    .join(" ");
}

const statusWords: Readonly<Record<DistributionStatus, MessageKey>> = {
  delivered: "distribution.status.delivered",
  accepted: "distribution.status.accepted",
  declined: "distribution.status.declined",
  recalled: "distribution.status.recalled",
};

/** A failure as this feature words it: a distribution status in the reader's language. */
function inOwnWords(ctx: FeatureContext, failure: Failure): Failure {
  const { t } = ctx.view;
  const status = failure.params?.status;
  const word = typeof status === "string" ? statusWords[status as DistributionStatus] : undefined;
  return word ? { ...failure, params: { ...failure.params, status: t.t(word) } } : failure;
}

/** A refusal in words; problems with this feature's inputs by their labels. */
function explainHere(ctx: FeatureContext, failure: Failure): string {
  if (failure.code === "invalid")
    return ctx.view.t.t("reply.invalid", { problems: problemTexts(ctx, failure.fields ?? []) });
  return explain(ctx, inOwnWords(ctx, failure));
}

/** The answer to a change by a manager, with a refusal in this feature's words. */
const answerHere = (
  ctx: FeatureContext,
  target: Target,
  result: Result<OpportunityView>,
  success: (view: OpportunityView) => string,
): Promise<View> =>
  result.ok ? answer(ctx, target, result, success) : refusal(ctx, target, inOwnWords(ctx, result.error));

const targetOf = (command: Target): Target => ({
  ref: command.ref,
  ...(command.revision !== undefined ? { revision: command.revision } : {}),
});

/** The partners whose entry got `status` in this change (the change stamps them with its own time). */
const namesNow = (o: Opportunity, status: DistributionStatus) =>
  (o.distribution?.partners ?? [])
    .filter((e) => e.status === status && e.at === o.updatedAt)
    .map((e) => e.name);

// ---------------------------------------------------------------------------------------------------------
// Distribute and recall (managers, admins)

/** Failures a manager fixes by choosing again on the form, so the form comes back with the reason on it. */
const choiceProblems = new Set([
  "partner.not_found",
  "partner.required",
  "dist.already",
  "dist.no_fit",
  "dist.no_partner",
  "dist.too_many",
  "dist.own_partner",
  "distribution.auto_alone",
]);

/** The partners the form can offer: enough pages of the partner list to fill it, and whether there are more. */
async function partnersFor(
  ctx: FeatureContext,
  o: Opportunity,
): Promise<Result<{ offered: Partner[]; more: boolean }>> {
  const all: Partner[] = [];
  let cursor: string | undefined;
  do {
    const page = await ctx.services.partners.list(ctx.actor, cursor);
    if (!page.ok) return page;
    all.push(...page.value.items);
    cursor = page.value.cursor;
  } while (cursor && all.length <= formPartners + partnerLimits.perDistribution);
  const offered = offerablePartners(o, all);
  return {
    ok: true,
    value: { offered: offered.slice(0, formPartners), more: offered.length > formPartners || !!cursor },
  };
}

async function distributeForm(
  ctx: FeatureContext,
  target: Target,
  chosen: readonly string[] = [],
  error = "",
): Promise<View> {
  const { t } = ctx.view;
  if (!mayDistribute(ctx.actor)) return refusal(ctx, target, { code: "dist.forbidden" });
  const loaded = await forForm(ctx, target);
  if (!loaded.ok) return loaded.reply;
  const o = loaded.view.opportunity;
  if (o.status !== "open")
    return refusal(ctx, target, { code: "opp.closed", params: { ref: o.ref, status: o.status } });
  if (o.approval === "pending" || o.approval === "rejected")
    return refusal(ctx, target, { code: "dist.not_approved", params: { ref: o.ref } });
  const partners = await partnersFor(ctx, o);
  if (!partners.ok) return { message: explainHere(ctx, partners.error) };
  if (partners.value.offered.length === 0) return { message: t.t("distribution.form.none", { ref: o.ref }) };
  return {
    ...(error ? { message: error, messageInCard: true } : {}),
    card: {
      name: "opportunity-distribute",
      data: distributeFormView(ctx.view, o, partners.value.offered, {
        more: partners.value.more,
        chosen,
        error,
      }),
      summary: t.t("distribution.form.title", { ref: o.ref }),
    },
  };
}

async function distribute(
  ctx: FeatureContext,
  command: Extract<DistributionCommand, { kind: "opp.distribute" }>,
): Promise<View> {
  const { actor, services, view } = ctx;
  const { t } = view;
  const target = targetOf(command);
  const fromForm = command.revision !== undefined;
  const chosen = splitPartners(command.partners);
  const refuse = (failure: Failure): Promise<View> =>
    fromForm && choiceProblems.has(failure.code)
      ? distributeForm(ctx, target, chosen, explainHere(ctx, failure))
      : refusal(ctx, target, inOwnWords(ctx, failure));
  // Who may distribute is the first question: nobody else learns from the replies which partners exist.
  if (!mayDistribute(actor)) return refusal(ctx, target, { code: "dist.forbidden" });
  const wanted = distributionTarget(command.ref, command.partners);
  if (!wanted.ok) return refuse(wanted.error);
  const result = await services.opportunities.distribute(actor, command.ref, wanted.value, command.revision);
  if (!result.ok) return refuse(result.error);
  const { opportunity: o, explanation } = result.value;
  const text = explanation
    ? autoChoiceText(view, o, explanation)
    : t.t(o.distribution?.collaboration ? "distribution.done.collaboration" : "distribution.done", {
        ref: o.ref,
        partners: listText(t, namesNow(o, "delivered")),
      });
  return answer(ctx, target, result, () => text);
}

async function recall(
  ctx: FeatureContext,
  command: Extract<DistributionCommand, { kind: "opp.recall" }>,
): Promise<View> {
  const { actor, services, view } = ctx;
  const { t } = view;
  const target = targetOf(command);
  const result: Result<OpportunityView> = await services.opportunities.recall(
    actor,
    command.ref,
    command.partner,
    command.revision,
  );
  return answerHere(ctx, target, result, (v) =>
    t.t("distribution.recalled", {
      ref: v.opportunity.ref,
      partners: listText(t, namesNow(v.opportunity, "recalled")),
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------
// Accept and decline (partner users)

function partnerCard(
  ctx: FeatureContext,
  o: Opportunity,
  partner: string,
  options: PartnerCardOptions,
): NonNullable<View["card"]> {
  return {
    name: "partner-opportunity",
    data: partnerCardView(ctx.view, o, partner, options),
    summary: options.notice?.text ?? `${o.ref} ${o.title}`,
  };
}

/**
 * A refused answer. While the partner may still answer, its card comes back with the reason on it (and the
 * reason typed, if that was the problem); accepted, the opportunity as it now sees it; taken back or
 * declined, a card that says so instead of buttons that no longer work. Nothing of an opportunity that was
 * never this partner's is shown.
 */
async function answerRefusal(
  ctx: FeatureContext,
  target: Target,
  failure: Failure,
  reason = "",
): Promise<View> {
  const { actor, services, view } = ctx;
  const text = explainHere(ctx, failure);
  const shown = await services.opportunities.show(actor, target.ref);
  if (shown.ok) {
    const o = shown.value.opportunity;
    if (actor.partner && partnerAccess(actor, o) === "delivered") {
      const reasonError = failure.code === "invalid" ? problemTexts(ctx, failure.fields ?? []) : "";
      return {
        message: text,
        messageInCard: true,
        card: partnerCard(ctx, o, actor.partner, {
          notice: { text, style: "attention" },
          reason,
          reasonError,
        }),
      };
    }
    if (target.revision === undefined) return { message: text };
    return {
      message: text,
      messageInCard: true,
      card: opportunityCard(ctx, shown.value, { text, style: "attention" }),
    };
  }
  if (
    target.revision !== undefined &&
    (failure.code === "dist.recalled" || failure.code === "dist.answered")
  ) {
    const ref = typeof failure.params?.ref === "string" ? failure.params.ref : target.ref;
    return {
      message: text,
      messageInCard: true,
      card: {
        name: "partner-opportunity",
        data: partnerGoneView(view, ref, undefined, { text, style: "attention" }),
        summary: text,
      },
    };
  }
  return { message: text };
}

/** The partner's name as the distribution records it. */
const partnerName = (o: Opportunity, partner: string | undefined) =>
  o.distribution?.partners.find((e) => e.partner === partner)?.name ?? "";

// The card's revision is not passed to accept and decline: an answer concerns only the partner's own entry,
// whose status the domain checks (a second press is refused), while a revision check would refuse the
// second of two collaborating partners once the first had answered.

async function accept(ctx: FeatureContext, command: Target): Promise<View> {
  const { actor, services, view } = ctx;
  const target = targetOf(command);
  const result = await services.opportunities.accept(actor, command.ref);
  if (!result.ok) return answerRefusal(ctx, target, result.error);
  // The opportunity card as the partner now sees it: its organisation manages it.
  return answer(ctx, target, result, (v) =>
    view.t.t("distribution.accepted", {
      ref: v.opportunity.ref,
      partner: partnerName(v.opportunity, actor.partner),
    }),
  );
}

async function decline(
  ctx: FeatureContext,
  command: Extract<DistributionCommand, { kind: "opp.decline" }>,
): Promise<View> {
  const { actor, services, view } = ctx;
  const target = targetOf(command);
  const result = await services.opportunities.decline(actor, command.ref, command.reason);
  if (!result.ok) return answerRefusal(ctx, target, result.error, command.reason);
  const o = result.value.opportunity;
  const entry = o.distribution?.partners.find((e) => e.partner === actor.partner);
  const text = view.t.t("distribution.declined", {
    ref: o.ref,
    partner: entry?.name ?? "",
    reason: entry?.reason ?? command.reason,
  });
  if (command.revision === undefined) return { message: text };
  return {
    message: text,
    messageInCard: true,
    card: {
      name: "partner-opportunity",
      data: partnerGoneView(view, o.ref, o.title, { text, style: "good" }),
      summary: text,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------

const handlers: Handlers<DistributionCommand> = {
  "opp.distribute.form": async (command, ctx) => {
    return distributeForm(ctx, targetOf(command));
  },
  "opp.distribute": async (command, ctx) => {
    return distribute(ctx, command);
  },
  "opp.recall": async (command, ctx) => {
    return recall(ctx, command);
  },
  "opp.accept": async (command, ctx) => {
    return accept(ctx, command);
  },
  "opp.decline": async (command, ctx) => {
    return decline(ctx, command);
  },
};

export const distributionPart: FeaturePart<DistributionCommand, OpportunityCommand> = {
  textCommands,
  actions,

  handlers,
};

import { leadRefPattern, mayChangeLead, type Lead } from "../../domain/leads/lead.js";
import type { QualifyOutcome } from "../../domain/leads/lead.qualification.js";
import { opportunityRefPattern } from "../../domain/opportunities/opportunity.js";
import { isStaff } from "../../domain/shared/actor.js";
import type { Failure, Result } from "../../domain/shared/result.js";
import type { FeatureContext, View } from "../../kit/feature.js";
import { failureText } from "../../kit/replies/failure-text.js";
import type { ViewContext } from "../../kit/rendering/view-context.js";
import { timelineKinds } from "./lead.input.js";
import { leadDuplicatesView, leadView } from "./lead.views.js";

/**
 * The leads feature's replies after a use case: the lead's card with a banner, a qualification's outcome per
 * lead, and the current card when a card's press was refused or came too late.
 */

export async function qualifyView(
  ctx: FeatureContext,
  outcomes: readonly QualifyOutcome[],
  currency?: string,
): Promise<View> {
  const { t } = ctx.view;
  const line = (outcome: QualifyOutcome): string => {
    if (outcome.kind === "qualified") return qualifiedText(ctx.view, outcome.lead);
    if (outcome.kind === "duplicates") return t.t("lead.dup.summary", { ref: outcome.warning.leadRef });
    return failureText(t, { code: outcome.code, ...(outcome.params ? { params: outcome.params } : {}) });
  };
  const [only] = outcomes;
  if (outcomes.length === 1 && only) {
    if (only.kind === "qualified") {
      const notice = qualifiedText(ctx.view, only.lead);
      return { ...(await leadCard(ctx, only.lead, notice)), message: notice, messageInCard: true };
    }
    if (only.kind === "duplicates") {
      const setup = await ctx.services.setup.load(ctx.actor.tenantId);
      return {
        message: line(only),
        card: {
          name: "lead-duplicates",
          data: leadDuplicatesView(ctx.view, only.warning, currency ?? setup.defaultCurrency),
          summary: t.t("lead.dup.title", { ref: only.warning.leadRef }),
        },
      };
    }
  }
  return { message: outcomes.map(line).join("\n") };
}

export function qualifiedText(view: ViewContext, lead: Lead): string {
  const { t } = view;
  const q = lead.qualification;
  const records = [
    q?.opportunityRef && t.t("lead.qualified.opportunity", { ref: q.opportunityRef }),
    q?.accountRef && t.t("lead.qualified.account", { ref: q.accountRef }),
    q?.contactRef && t.t("lead.qualified.contact", { ref: q.contactRef }),
  ].filter(Boolean);
  return t.t("lead.qualified", { ref: lead.ref, records: records.join(", ") });
}

/**
 * Qualify pressed on a card (the lead's, or a duplicate warning) and refused — already qualified, disqualified
 * meanwhile, changed at the same moment: the lead's current card with the reason, instead of a note that
 * leaves the old buttons in place.
 */
export async function refusedOnCard(
  ctx: FeatureContext,
  outcome: Extract<QualifyOutcome, { kind: "failed" }>,
): Promise<View> {
  const { t } = ctx.view;
  const text = failureText(t, { code: outcome.code, ...(outcome.params ? { params: outcome.params } : {}) });
  const current = await ctx.services.leads.show(ctx.actor, outcome.leadRef);
  if (!current.ok) return { message: text };
  return { ...(await leadCard(ctx, current.value.value, text)), message: text, messageInCard: true };
}

/** After a change to a lead: its card with a banner, or — on a stale card or a lost race — its current card. */
export async function afterChange(
  ctx: FeatureContext,
  result: Result<{ readonly value: Lead }> | { readonly ok: false; readonly error: Failure },
  notice: (lead: Lead) => string,
): Promise<View> {
  const { t } = ctx.view;
  if (result.ok) {
    const text = notice(result.value.value);
    return { ...(await leadCard(ctx, result.value.value, text)), message: text, messageInCard: true };
  }
  const text = failureText(t, result.error);
  if (result.error.code !== "lead.stale" && result.error.code !== "lead.changed") return { message: text };
  const current = await ctx.services.leads.show(ctx.actor, String(result.error.params?.ref ?? ""));
  if (!current.ok) return { message: text };
  return { ...(await leadCard(ctx, current.value.value, text)), message: text, messageInCard: true };
}

export async function addToTimeline(
  ctx: FeatureContext,
  target: string,
  entry: string,
  text: string,
  fromCard: boolean,
): Promise<View> {
  const { actor, services, view } = ctx;
  const { t } = view;
  const kind = (["note", ...timelineKinds] as const).find((k) => k === entry) ?? "note";
  const normalised = target.trim().toUpperCase();
  if (leadRefPattern.test(normalised)) {
    const result = await services.leads.addTimeline(actor, normalised, kind, text);
    if (!result.ok) return { message: failureText(t, result.error) };
    const message = t.t("timeline.added", { ref: normalised });
    return fromCard
      ? { ...(await leadCard(ctx, result.value.value, message)), message, messageInCard: true }
      : { message };
  }
  if (opportunityRefPattern.test(normalised)) {
    const result = await services.opportunities.addTimeline(actor, normalised, kind, text);
    return { message: result.ok ? t.t("timeline.added", { ref: normalised }) : failureText(t, result.error) };
  }
  return { message: failureText(t, { code: "timeline.bad_ref", params: { ref: target } }) };
}

/** The lead card with the buttons this viewer may press. */
export async function leadCard(ctx: FeatureContext, lead: Lead, notice = ""): Promise<View> {
  const setup = await ctx.services.setup.load(ctx.actor.tenantId);
  return {
    card: {
      name: "lead",
      data: leadView(ctx.view, lead, notice, {
        mayChange: mayChangeLead(ctx.actor, lead),
        mayNote: isStaff(ctx.actor),
        defaultCurrency: setup.defaultCurrency,
        chooseRecords: !setup.qualifyCreatesAll,
      }),
      summary: notice || `${lead.ref} ${lead.topic}`,
    },
  };
}

import { failureText } from "../../kit/replies/failure-text.js";
import {
  currentStageName,
  opportunityButtons,
  opportunityProblemText,
  opportunityView,
  type Notice,
} from "./opportunity.views.js";
import { stageIndex } from "../../domain/cycles/cycle.js";
import { mayChange, opportunityLimits, partnerAccess } from "../../domain/opportunities/opportunity.js";
import type { OpportunityView } from "../../domain/opportunities/opportunity.service.js";
import type { Failure, FieldProblem, Result } from "../../domain/shared/result.js";
import type { MessageKey } from "../../i18n/index.js";
import type { FeatureContext, View } from "../../kit/feature.js";

type Target = { readonly ref: string; readonly revision?: number };

// ---------------------------------------------------------------------------------------------------------
// Replies

/** Failure codes of other parts of the domain that this feature explains in its own words. */
const ownWords: Readonly<Record<string, MessageKey>> = { "cycle.not_found": "opp.cycle_not_found" };

/** The reply for a refusal: what was wrong and what to type instead, with won/lost in the reader's words. */
export function explain({ view }: FeatureContext, failure: Failure): string {
  const { t } = view;
  if (failure.code === "invalid") {
    const problems = (failure.fields ?? []).map((p) => opportunityProblemText(view, p)).join(" ");
    return t.t("reply.invalid", { problems });
  }
  const params: Record<string, string | number> = { ...failure.params };
  for (const key of ["status", "type", "outcome"]) {
    const value = params[key];
    if (value === "open" || value === "won" || value === "lost")
      params[key] = t.t(`opp.status.${value}`).toLowerCase();
  }
  // A deal registration's status (`deal.already`) or a partner's answer (`dist.answered`) in the reader's words.
  const status = params.status;
  const statusKey = failure.code.startsWith("deal.")
    ? `opp.deal.status.${status}`
    : `opp.card.partner.${status}`;
  if (typeof status === "string" && t.has(statusKey)) params.status = t.t(statusKey).toLowerCase();
  const own = ownWords[failure.code];
  if (own && !t.has(failure.code)) return t.t(own, params);
  return failureText(t, { ...failure, params });
}

/** Adds what a refusal's text needs and the failure does not carry (the party reference to mark as customer). */
async function explainFully(ctx: FeatureContext, failure: Failure): Promise<string> {
  if (failure.code === "opp.order_not_customer" && typeof failure.params?.ref === "string") {
    const shown = await ctx.services.opportunities.show(ctx.actor, failure.params.ref);
    const partyRef = shown.ok ? shown.value.opportunity.party.ref : "‹A-/C-ref›";
    return explain(ctx, { ...failure, params: { ...failure.params, partyRef } });
  }
  return explain(ctx, failure);
}

export function opportunityCard(ctx: FeatureContext, view: OpportunityView, notice?: Notice): View["card"] {
  const o = view.opportunity;
  return {
    name: "opportunity",
    data: opportunityView(ctx.view, ctx.actor, view, notice),
    summary: notice?.text ?? `${o.ref} ${o.title}`,
  };
}

const changedCodes = new Set(["opp.stale", "opp.changed"]);

/**
 * A refused command. A stale or lost-race press shows the current card saying it changed meanwhile; a
 * refused card button shows the current card with the reason on it; a typed command gets the reason.
 */
export async function refusal(ctx: FeatureContext, target: Target, failure: Failure): Promise<View> {
  const text = await explainFully(ctx, failure);
  const changed = changedCodes.has(failure.code);
  if (changed || target.revision !== undefined) {
    const current = await ctx.services.opportunities.show(ctx.actor, target.ref);
    if (current.ok) {
      return {
        message: text,
        messageInCard: true,
        card: opportunityCard(ctx, current.value, { text, style: changed ? "warning" : "attention" }),
      };
    }
  }
  return { message: text };
}

/** The answer to a change: the card with what happened on it, or the refusal. */
export async function answer(
  ctx: FeatureContext,
  target: Target,
  result: Result<OpportunityView>,
  success: (view: OpportunityView) => string,
): Promise<View> {
  if (!result.ok) return refusal(ctx, target, result.error);
  const text = success(result.value);
  return {
    message: text,
    messageInCard: true,
    card: opportunityCard(ctx, result.value, { text, style: "good" }),
  };
}

export const moved = (ctx: FeatureContext) => (v: OpportunityView) =>
  ctx.view.t.t("opp.moved", {
    ref: v.opportunity.ref,
    stage: currentStageName(ctx.view.t, v.opportunity, v.cycle),
  });

/**
 * Loads the opportunity a form is for. A form opened from a card that shows an older revision is refused
 * like any stale press, so nobody fills in a form about a state they have not seen.
 */
export async function forForm(
  ctx: FeatureContext,
  target: Target,
): Promise<{ ok: true; view: OpportunityView } | { ok: false; reply: View }> {
  const shown = await ctx.services.opportunities.show(ctx.actor, target.ref);
  if (!shown.ok) return { ok: false, reply: { message: explain(ctx, shown.error) } };
  const o = shown.value.opportunity;
  if (target.revision !== undefined && target.revision !== o.revision) {
    const text = explain(ctx, { code: "opp.stale", params: { ref: o.ref } });
    return {
      ok: false,
      reply: {
        message: text,
        messageInCard: true,
        card: opportunityCard(ctx, shown.value, { text, style: "warning" }),
      },
    };
  }
  return { ok: true, view: shown.value };
}

type FormKind = "update" | "line" | "close" | "skip" | "goto" | "delete";

/** Why this viewer may not open this form now, in the domain's own failure codes; undefined when they may. */
function formRefusal(ctx: FeatureContext, view: OpportunityView, kind: FormKind): Failure | undefined {
  const { opportunity: o, cycle } = view;
  const can = opportunityButtons(ctx.actor, o, cycle);
  if (can[kind]) return undefined;
  if (kind === "delete" && ctx.actor.role === "partner") return { code: "opp.partner_forbidden" };
  // The same reasons, in the same words, as the use case that the form would end in.
  const access = partnerAccess(ctx.actor, o);
  if (access === "delivered") return { code: "dist.accept_first", params: { ref: o.ref } };
  if (o.approval === "pending" || (access === "origin" && !mayChange(ctx.actor, o)))
    return { code: "opp.pending_approval", params: { ref: o.ref } };
  if (!mayChange(ctx.actor, o)) {
    if (access === "accepted") return { code: "dist.collaboration_read_only", params: { ref: o.ref } };
    return { code: "opp.not_yours", params: { ref: o.ref, owner: o.owner.name } };
  }
  if (kind === "delete") return { code: "opp.delete_open", params: { ref: o.ref } };
  if (o.status !== "open") return { code: "opp.closed", params: { ref: o.ref, status: o.status } };
  if (kind === "line")
    return { code: "opp.too_many_lines", params: { ref: o.ref, max: opportunityLimits.lines } };
  const stage = currentStageName(ctx.view.t, o, cycle);
  if (kind === "skip") return { code: "opp.skip.none", params: { ref: o.ref, stage } };
  if (cycle && stageIndex(cycle, o.stageId) === 0) return { code: "opp.first_stage", params: { ref: o.ref } };
  return { code: "opp.goto.none", params: { ref: o.ref, stage } };
}

export async function openForm(
  ctx: FeatureContext,
  target: Target,
  kind: FormKind,
  render: (view: OpportunityView) => NonNullable<View["card"]>,
): Promise<View> {
  const loaded = await forForm(ctx, target);
  if (!loaded.ok) return loaded.reply;
  const refused = formRefusal(ctx, loaded.view, kind);
  if (refused) return refusal(ctx, target, refused);
  return { card: render(loaded.view) };
}

/** Bad input on a form or in a command: the form again with each problem next to its field. */
export async function invalidInput(
  ctx: FeatureContext,
  target: Target,
  problems: readonly FieldProblem[],
  render: (view: OpportunityView) => NonNullable<View["card"]>,
): Promise<View> {
  const message = explain(ctx, { code: "invalid", fields: problems });
  const loaded = await forForm(ctx, target);
  if (!loaded.ok) return loaded.reply;
  return { message, messageInCard: true, card: render(loaded.view) };
}

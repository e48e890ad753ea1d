import type { OpportunityCoreCommand } from "./commands.js";
import {
  closeInputSchema,
  closeOutcomes,
  lineInputSchema,
  parseWith,
  purgeInputSchema,
  updateInputSchema,
} from "./opportunity.input.js";
import { staff, staffAndPartners } from "../../kit/parsing/text-command.js";
import {
  closeFormView,
  currentStageName,
  formatMoney,
  formatNumber,
  lineFormView,
  inboxView,
  opportunityFormView,
  opportunityView,
  partnerDashboardView,
  purgeFormView,
  stageFormView,
  updateFormView,
} from "./opportunity.views.js";
import { pipelineView } from "./pipeline.views.js";
import { mayPurge, opportunityLimits } from "../../domain/opportunities/opportunity.js";
import { isStaff } from "../../domain/shared/actor.js";
import type { Feature, FeatureContext, Handlers, OfKind, View } from "../../kit/feature.js";

import type { OpportunityCommand } from "./commands.js";
import { assignPart } from "./assign.part.js";
import { clonePart } from "./clone.part.js";
import { distributionPart } from "./distribution.part.js";
import { partnerDealsPart } from "./partner-deals.part.js";
import { opportunityActions } from "./opportunity.actions.js";
import { create, list, ownerOf, textOf } from "./opportunity.create-list.js";
import {
  answer,
  explain,
  invalidInput,
  moved,
  openForm,
  opportunityCard,
  refusal,
} from "./opportunity.replies.js";
import { opportunityTextCommands } from "./opportunity.text.js";

/**
 * Opportunities from Teams: text commands and card buttons parse to the same commands, which call one
 * OpportunityService use case each and answer with the opportunity card. Card buttons carry the revision
 * their card showed; a stale or lost-race press is answered with the current card and says so.
 */

// ---------------------------------------------------------------------------------------------------------

const handlers: Handlers<OpportunityCoreCommand> = {
  "opp.form": async (command, ctx) => {
    const { actor, view, services } = ctx;
    const { t } = view;
    // Partner users create opportunities too (they wait for a manager's approval).
    if (!isStaff(actor) && actor.role !== "partner")
      return { message: t.t("reply.forbidden", { action: "opp new" }) };
    const setup = await services.setup.load(actor.tenantId);
    return {
      card: {
        name: "opportunity-form",
        data: opportunityFormView(view, setup, command.input),
        summary: t.t("opp.form.title"),
      },
    };
  },
  "opp.create": async (command, ctx) => create(ctx, command.input),
  "opp.show": async (command, ctx) => {
    const { actor, services } = ctx;
    const opps = services.opportunities;
    const result = await opps.show(actor, command.ref);
    if (!result.ok) return { message: explain(ctx, result.error) };
    return {
      card: opportunityCard(ctx, result.value),
      ...(command.thread ? { ownView: { verb: "opp.show", data: { ref: command.ref, thread: true } } } : {}),
    };
  },
  "opp.list": async (command, ctx) => list(ctx, command),
  "opp.next": async (command, ctx) => {
    const { actor, services } = ctx;
    const opps = services.opportunities;
    return answer(ctx, command, await opps.next(actor, command.ref, command.revision), moved(ctx));
  },
  "opp.previous": async (command, ctx) => {
    const { actor, services } = ctx;
    const opps = services.opportunities;
    return answer(ctx, command, await opps.previous(actor, command.ref, command.revision), moved(ctx));
  },
  "opp.skip": async (command, ctx) => {
    const { actor, services } = ctx;
    const opps = services.opportunities;
    return answer(
      ctx,
      command,
      await opps.skip(actor, command.ref, command.stage, command.revision),
      moved(ctx),
    );
  },
  "opp.goto": async (command, ctx) => {
    const { actor, services } = ctx;
    const opps = services.opportunities;
    return answer(
      ctx,
      command,
      await opps.goto(actor, command.ref, command.stage, command.revision),
      moved(ctx),
    );
  },
  "opp.reopen": async (command, ctx) => {
    const { actor, view, services } = ctx;
    const { t } = view;
    const opps = services.opportunities;
    return answer(ctx, command, await opps.reopen(actor, command.ref, command.revision), (v) =>
      t.t("opp.reopened", {
        ref: v.opportunity.ref,
        stage: currentStageName(t, v.opportunity, v.cycle),
      }),
    );
  },
  "opp.quote": async (command, ctx) => {
    const { actor, view, services } = ctx;
    const { t } = view;
    const opps = services.opportunities;
    return answer(ctx, command, await opps.quote(actor, command.ref, command.revision), (v) => {
      const o = v.opportunity;
      return t.t("opp.quoted", {
        ref: o.ref,
        quote: o.quote?.number ?? "",
        total: formatMoney(view, o.quote?.total ?? 0, o.currency),
      });
    });
  },
  "opp.order": async (command, ctx) => {
    const { actor, view, services } = ctx;
    const { t } = view;
    const opps = services.opportunities;
    return answer(ctx, command, await opps.order(actor, command.ref, command.revision), (v) => {
      const o = v.opportunity;
      return t.t("opp.ordered", {
        ref: o.ref,
        order: o.order?.number ?? "",
        quote: o.order?.quoteNumber ?? "",
      });
    });
  },
  "opp.update": async (command, ctx) => {
    const { actor, view, services } = ctx;
    const { t } = view;
    const opps = services.opportunities;
    const input = parseWith(updateInputSchema, command.input);
    if (!input.ok)
      return invalidInput(ctx, command, input.problems, (v) => ({
        name: "opportunity-update",
        data: updateFormView(view, v.opportunity, command.input, input.problems),
        summary: t.t("opp.update.title", { ref: v.opportunity.ref }),
      }));
    const { value, chance, close } = input.value;
    const result = await opps.update(
      actor,
      command.ref,
      {
        ...(value !== undefined ? { estimatedValue: value } : {}),
        ...(chance !== undefined ? { chancePct: chance } : {}),
        ...(close !== undefined ? { expectedCloseDate: close } : {}),
      },
      command.revision,
    );
    return answer(ctx, command, result, (v) => t.t("opp.updated", { ref: v.opportunity.ref }));
  },
  "opp.line": async (command, ctx) => {
    const { actor, view, services } = ctx;
    const { t } = view;
    const opps = services.opportunities;
    const input = parseWith(lineInputSchema, command.input);
    if (!input.ok)
      return invalidInput(ctx, command, input.problems, (v) => ({
        name: "opportunity-line",
        data: lineFormView(view, v.opportunity, command.input, input.problems),
        summary: t.t("opp.line.title", { ref: v.opportunity.ref }),
      }));
    const { product, qty, price } = input.value;
    const result = await opps.addLine(
      actor,
      command.ref,
      { product, quantity: qty, unitPrice: price },
      command.revision,
    );
    return answer(ctx, command, result, (v) =>
      t.t("opp.line_added", {
        ref: v.opportunity.ref,
        product,
        quantity: formatNumber(view, qty),
        price: formatMoney(view, price, v.opportunity.currency),
      }),
    );
  },
  "opp.close": async (command, ctx) => {
    const { actor, view, services } = ctx;
    const { t } = view;
    const opps = services.opportunities;
    const input = parseWith(closeInputSchema, command.input);
    if (!input.ok) {
      const outcome = closeOutcomes.find((o) => o === command.input.outcome);
      return invalidInput(ctx, command, input.problems, (v) => ({
        name: "opportunity-close",
        data: closeFormView(view, v.opportunity, v.setup, outcome, command.input, input.problems),
        summary: t.t("opp.close.title", { ref: v.opportunity.ref }),
      }));
    }
    const { outcome, code, date } = input.value;
    const result = await opps.close(actor, command.ref, outcome, code, date, command.revision);
    return answer(ctx, command, result, (v) =>
      t.t(`opp.closed_${outcome}`, { ref: v.opportunity.ref, code: v.opportunity.closeCode ?? code }),
    );
  },
  "opp.delete": async (command, ctx) => {
    const { actor, view, services } = ctx;
    const { t } = view;
    const opps = services.opportunities;
    const result = await opps.delete(actor, command.ref, command.revision);
    if (!result.ok) return refusal(ctx, command, result.error);
    const text = t.t("opp.deleted", { ref: result.value.ref });
    if (command.revision === undefined) return { message: text };
    // The card it was pressed on is replaced by the closed opportunities that are left.
    const listed = await list(ctx, { kind: "opp.list", scope: "closed" }, { text, style: "good" });
    return listed.card ? { message: text, messageInCard: true, card: listed.card } : { message: text };
  },
  "opp.update.form": async (command, ctx) => {
    const { view } = ctx;
    const { t } = view;
    return openForm(ctx, command, "update", (v) => ({
      name: "opportunity-update",
      data: updateFormView(view, v.opportunity),
      summary: t.t("opp.update.title", { ref: v.opportunity.ref }),
    }));
  },
  "opp.line.form": async (command, ctx) => {
    const { view } = ctx;
    const { t } = view;
    return openForm(ctx, command, "line", (v) => ({
      name: "opportunity-line",
      data: lineFormView(view, v.opportunity, command.input),
      summary: t.t("opp.line.title", { ref: v.opportunity.ref }),
    }));
  },
  "opp.close.form": async (command, ctx) => {
    const { view } = ctx;
    const { t } = view;
    return openForm(ctx, command, "close", (v) => ({
      name: "opportunity-close",
      data: closeFormView(view, v.opportunity, v.setup, command.outcome),
      summary: t.t("opp.close.title", { ref: v.opportunity.ref }),
    }));
  },
  "opp.delete.form": async (command, ctx) => {
    const { actor, view } = ctx;
    const { t } = view;
    return openForm(ctx, command, "delete", (v) => {
      const o = v.opportunity;
      return {
        name: "opportunity",
        data: opportunityView(view, actor, v, undefined, { confirmDelete: true }),
        summary: t.t("opp.deleteAsk", { ref: o.ref }),
      };
    });
  },
  "opp.skip.form": stageForm,
  "opp.goto.form": stageForm,
  "opp.purge.form": async (_command, ctx) => {
    const { actor, view } = ctx;
    const { t } = view;
    if (!mayPurge(actor)) return { message: t.t("reply.forbidden", { action: "opp purge" }) };
    return {
      card: { name: "opportunity-purge", data: purgeFormView(view), summary: t.t("opp.purge.title") },
    };
  },
  "opp.purge": async (command, ctx) => {
    const { actor, view, services } = ctx;
    const { t } = view;
    const opps = services.opportunities;
    const input = parseWith(purgeInputSchema, command.input);
    if (!input.ok) {
      return {
        message: explain(ctx, { code: "invalid", fields: input.problems }),
        messageInCard: true,
        card: {
          name: "opportunity-purge",
          data: purgeFormView(view, command.input, undefined, input.problems),
          summary: t.t("opp.purge.title"),
        },
      };
    }
    const { before, outcome } = input.value;
    if (!mayPurge(actor)) return { message: t.t("reply.forbidden", { action: "opp purge" }) };
    const ownerText = textOf(command.input.owner);
    const owner = ownerText ? await ownerOf(ctx, ownerText) : undefined;
    if (owner && !owner.ok) return { message: explain(ctx, owner.error) };
    const result = await opps.purge(actor, {
      ...(before ? { before } : {}),
      ...(owner ? { ownerId: owner.value.id } : {}),
      ...(outcome ? { outcome } : {}),
    });
    if (!result.ok) return { message: explain(ctx, result.error) };
    const { deleted, skipped, more, batch, stopped } = result.value;
    const done = t.t(skipped > 0 ? "opp.purged_skipped" : "opp.purged", { deleted, skipped });
    if (stopped)
      return {
        message: `${done} ${t.t(stopped === "unknown" ? "opp.purge_stopped_unknown" : "opp.purge_stopped")}`,
      };
    return { message: more ? `${done} ${t.t("opp.purge_again", { batch })}` : done };
  },
  pipeline: async (_command, ctx) => {
    const { actor, view, services } = ctx;
    const { t } = view;
    const opps = services.opportunities;
    const result = await opps.pipeline(actor);
    if (!result.ok) return { message: explain(ctx, result.error) };
    return {
      card: {
        name: "pipeline",
        usage: "pipeline",
        roles: staff,
        data: pipelineView(view, result.value.rows),
        summary: t.t("opp.pipeline.title"),
      },
    };
  },
  "opp.note": async (command, ctx) => {
    const { actor, view, services } = ctx;
    const { t } = view;
    const opps = services.opportunities;
    const text = command.text.trim();
    if (!text) return refusal(ctx, command, { code: "timeline.empty" });
    if (text.length > opportunityLimits.text)
      return refusal(ctx, command, {
        code: "timeline.too_long",
        params: { max: opportunityLimits.text },
      });
    const result = await opps.addTimeline(actor, command.ref, command.entry, text);
    return answer(ctx, command, result, (v) => t.t("opp.noted", { ref: v.opportunity.ref }));
  },
  inbox: async (_command, ctx) => {
    const { actor, view, services } = ctx;
    const { t } = view;
    const opps = services.opportunities;
    if (actor.role === "partner") {
      const dashboard = await opps.partnerDashboard(actor);
      if (!dashboard.ok) return { message: explain(ctx, dashboard.error) };
      const setup = await services.setup.load(actor.tenantId);
      return {
        card: {
          name: "partner-dashboard",
          data: partnerDashboardView(view, setup, dashboard.value),
          summary: t.t("partner.dashboard.title", { partner: dashboard.value.partner.name }),
        },
      };
    }
    const result = await opps.inbox(actor);
    if (!result.ok) return { message: explain(ctx, result.error) };
    return {
      card: {
        name: "inbox",
        usage: "inbox",
        roles: staffAndPartners,
        data: inboxView(view, result.value),
        summary: t.t("opp.inbox.title"),
      },
    };
  },
};

export const opportunitiesFeature: Feature<OpportunityCommand> = {
  textCommands: [
    ...opportunityTextCommands,
    ...clonePart.textCommands,
    ...partnerDealsPart.textCommands,
    ...assignPart.textCommands,
    ...distributionPart.textCommands,
  ],
  actions: {
    ...opportunityActions,
    ...clonePart.actions,
    ...partnerDealsPart.actions,
    ...assignPart.actions,
    ...distributionPart.actions,
  },
  handlers: {
    ...handlers,
    ...clonePart.handlers,
    ...partnerDealsPart.handlers,
    ...assignPart.handlers,
    ...distributionPart.handlers,
  },
};

async function stageForm(
  command: OfKind<OpportunityCoreCommand, "opp.skip.form" | "opp.goto.form">,
  ctx: FeatureContext,
): Promise<View> {
  const { view } = ctx;
  const { t } = view;
  const mode = command.kind === "opp.skip.form" ? "skip" : "goto";
  return openForm(ctx, command, mode, (v) => ({
    name: "opportunity-stage",
    data: stageFormView(view, v, mode),
    summary: t.t(`opp.${mode}.title`, { ref: v.opportunity.ref }),
  }));
}

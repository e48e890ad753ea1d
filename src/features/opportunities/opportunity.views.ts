import type { ListScope } from "./opportunity.input.js";
import {
  closeCodeDescription,
  cycleName,
  namesIn,
  stageName as nameOfStage,
} from "../../kit/rendering/built-in-names.js";
import { isHolding, type Opportunity, type OpportunityRow } from "../../domain/opportunities/opportunity.js";
import type {
  InboxItem,
  OpportunityView,
  PartnerDashboard,
} from "../../domain/opportunities/opportunity.service.js";
import type { CloseType, TenantSetup } from "../../domain/setup/tenant-setup.js";
import type { FieldProblem } from "../../domain/shared/result.js";
import type { ViewContext } from "../../kit/rendering/view-context.js";
import { gotoTargets, skipTargets } from "./opportunity.buttons.js";
import { currentStageName, statusColor, type Notice } from "./opportunity-card.views.js";
import { fieldLabel, formatDay, formatMoney, opportunityProblemText } from "./opportunity.format.js";

/**
 * View models of the opportunity cards: every text translated, every amount formatted for the reader's
 * locale and currency, and every key a template reads present. Which buttons a card offers is worked out
 * with the domain's own rules (`mayChange`, `mayReopen`, the stage actions), never in a template
 * (opportunity.buttons.ts); the opportunity card itself is in opportunity-card.views.ts, the forms and lists
 * here.
 */
export {
  formatDay,
  formatMoney,
  formatNumber,
  formatPercent,
  opportunityProblemText,
} from "./opportunity.format.js";
export {
  gotoTargets,
  opportunityButtons,
  skipTargets,
  type OpportunityButtons,
} from "./opportunity.buttons.js";
export {
  currentStageName,
  linesShown,
  opportunityView,
  stageName,
  stagePath,
  type Notice,
} from "./opportunity-card.views.js";

// ---------------------------------------------------------------------------------------------------------
// Forms

type Values = Readonly<Record<string, unknown>>;
const textOf = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");

function formParts<F extends string>(
  ctx: ViewContext,
  fields: readonly F[],
  values: Values,
  problems: readonly FieldProblem[],
) {
  const { t } = ctx;
  const record = <T>(make: (field: F) => T) =>
    Object.fromEntries(fields.map((f) => [f, make(f)])) as Record<F, T>;
  const known = new Set<string>(fields);
  // Problems that belong to no input of the form (e.g. "give at least one") go into the summary banner.
  const loose = problems.filter((p) => !known.has(p.field)).map((p) => opportunityProblemText(ctx, p));
  return {
    labels: record((f) => fieldLabel(t, f)),
    values: record((f) => textOf(values[f])),
    errors: record((f) => {
      const problem = problems.find((p) => p.field === f);
      return problem ? opportunityProblemText(ctx, problem) : "";
    }),
    requiredText: record((f) => t.t("problem.required", { field: fieldLabel(t, f) })),
    errorSummary: problems.length > 0 ? [t.t("opp.form.errors"), ...loose].join(" ") : "",
  };
}

/** Input.Number takes a number or nothing; a mistyped value is named in the error text instead. */
const numberInput = (text: string): number | "" => (/^\d{1,3}$/.test(text.trim()) ? Number(text.trim()) : "");

const header = (o: Opportunity) => ({ ref: o.ref, revision: o.revision, subtitle: `${o.ref} · ${o.title}` });

export const opportunityFormFields = [
  "title",
  "account",
  "contact",
  "cycle",
  "value",
  "currency",
  "chance",
  "close",
  "type",
  "source",
  "region",
  "industry",
  "situation",
  "need",
  "solution",
] as const;

/** The new-opportunity form; `error` is a refusal that belongs to no single field (e.g. no such cycle). */
export function opportunityFormView(
  ctx: ViewContext,
  setup: TenantSetup,
  values: Values = {},
  problems: readonly FieldProblem[] = [],
  error = "",
) {
  const { t } = ctx;
  const parts = formParts(ctx, opportunityFormFields, values, problems);
  const cycle = textOf(values.cycle) || setup.defaultCycleCode;
  return {
    title: t.t("opp.form.title"),
    intro: t.t("opp.form.intro"),
    submitLabel: t.t("opp.form.submit"),
    ...parts,
    errorSummary: [parts.errorSummary, error].filter(Boolean).join(" "),
    values: { ...parts.values, cycle },
    chanceValue: numberInput(parts.values.chance),
    placeholders: {
      title: t.t("opp.form.placeholder.title"),
      account: t.t("opp.form.placeholder.account"),
      contact: t.t("opp.form.placeholder.contact"),
      value: t.t("opp.form.placeholder.value"),
      currency: setup.defaultCurrency,
      chance: t.t("opp.form.placeholder.chance"),
      choice: t.t("opp.form.noChoice"),
    },
    cycleChoices: setup.cycles.map((c) => ({ value: c.code, title: cycleName(t, c) })),
    typeChoices: setup.lists.types.map((v) => ({ value: v, title: v })),
    sourceChoices: setup.lists.sources.map((v) => ({ value: v, title: v })),
  };
}

export function updateFormView(
  ctx: ViewContext,
  o: Opportunity,
  values?: Values,
  problems: readonly FieldProblem[] = [],
  error = "",
) {
  const { t } = ctx;
  const current: Values = values ?? {
    value: o.lines.length > 0 ? "" : String(o.estimatedValue),
    chance: String(o.chancePct),
    close: o.expectedCloseDate ?? "",
  };
  const parts = formParts(ctx, ["value", "chance", "close"] as const, current, problems);
  return {
    ...header(o),
    title: t.t("opp.update.title", { ref: o.ref }),
    intro: t.t("opp.update.intro"),
    submitLabel: t.t("opp.update.submit"),
    cancelLabel: t.t("opp.button.cancel"),
    ...parts,
    errorSummary: [parts.errorSummary, error].filter(Boolean).join(" "),
    chanceValue: numberInput(parts.values.chance),
    valueEditable: o.lines.length === 0,
    fromLines: t.t("opp.update.fromLines", { value: formatMoney(ctx, o.estimatedValue, o.currency) }),
    currency: o.currency,
    placeholders: { value: t.t("opp.form.placeholder.value"), chance: t.t("opp.form.placeholder.chance") },
  };
}

export function lineFormView(
  ctx: ViewContext,
  o: Opportunity,
  values: Values = {},
  problems: readonly FieldProblem[] = [],
  error = "",
) {
  const { t } = ctx;
  const parts = formParts(ctx, ["product", "qty", "price"] as const, values, problems);
  return {
    ...header(o),
    title: t.t("opp.line.title", { ref: o.ref }),
    intro: t.t("opp.line.intro"),
    submitLabel: t.t("opp.line.submit"),
    cancelLabel: t.t("opp.button.cancel"),
    ...parts,
    errorSummary: [parts.errorSummary, error].filter(Boolean).join(" "),
    priceLabel: `${parts.labels.price} (${o.currency})`,
    placeholders: {
      product: t.t("opp.form.placeholder.product"),
      qty: t.t("opp.form.placeholder.qty"),
      price: t.t("opp.form.placeholder.value"),
    },
  };
}

export function closeFormView(
  ctx: ViewContext,
  o: Opportunity,
  setup: TenantSetup,
  outcome: CloseType | undefined,
  values: Values = {},
  problems: readonly FieldProblem[] = [],
  error = "",
) {
  const { t } = ctx;
  const parts = formParts(ctx, ["code", "date"] as const, values, problems);
  const codes = setup.closeCodes.filter((c) => c.type === outcome);
  const chosen = codes.some((c) => c.code === parts.values.code.toUpperCase())
    ? parts.values.code.toUpperCase()
    : (codes[0]?.code ?? "");
  return {
    ...header(o),
    title: t.t("opp.close.title", { ref: o.ref }),
    intro: t.t("opp.close.intro"),
    cancelLabel: t.t("opp.button.cancel"),
    ...parts,
    errorSummary: [parts.errorSummary, error].filter(Boolean).join(" "),
    outcome: outcome ?? "",
    chosen: outcome ? t.t(`opp.close.chosen.${outcome}`) : "",
    wonLabel: t.t("opp.close.won"),
    lostLabel: t.t("opp.close.lost"),
    wonStyle: outcome === "won" ? "positive" : "default",
    lostStyle: outcome === "lost" ? "destructive" : "default",
    submitLabel: outcome ? t.t(`opp.close.submit.${outcome}`) : "",
    submitStyle: outcome === "lost" ? "destructive" : "positive",
    code: chosen,
    codeChoices: codes.map((c) => ({ value: c.code, title: `${c.code} — ${closeCodeDescription(t, c)}` })),
    dateHint: t.t("opp.close.dateHint"),
  };
}

export function stageFormView(ctx: ViewContext, view: OpportunityView, mode: "skip" | "goto", error = "") {
  const { t } = ctx;
  const { opportunity: o, cycle } = view;
  const targets = mode === "skip" ? skipTargets(o, cycle) : gotoTargets(o, cycle);
  const stage = currentStageName(t, o, cycle);
  return {
    ...header(o),
    mode,
    title: t.t(`opp.${mode}.title`, { ref: o.ref }),
    intro: t.t(`opp.${mode}.intro`, { stage }),
    submitLabel: t.t(`opp.${mode}.submit`),
    cancelLabel: t.t("opp.button.cancel"),
    stageLabel: t.t("opp.field.stage"),
    requiredText: t.t("problem.required", { field: t.t("opp.field.stage") }),
    errorSummary: error,
    stage: (mode === "skip" ? targets[0] : targets.at(-1))?.id ?? "",
    stageChoices: targets.map((s) => ({ value: s.id, title: nameOfStage(t, s) })),
  };
}

export function purgeFormView(
  ctx: ViewContext,
  values: Values = {},
  notice?: Notice,
  problems: readonly FieldProblem[] = [],
) {
  const { t } = ctx;
  const parts = formParts(ctx, ["before", "outcome"] as const, values, problems);
  return {
    ...parts,
    values: { ...parts.values, outcome: parts.values.outcome || "both" },
    title: t.t("opp.purge.title"),
    intro: t.t("opp.purge.intro"),
    submitLabel: t.t("opp.purge.submit"),
    notice: notice?.text ?? "",
    noticeStyle: notice?.style ?? "good",
    outcomeChoices: [
      { value: "both", title: t.t("opp.purge.both") },
      { value: "won", title: t.t("opp.close.won") },
      { value: "lost", title: t.t("opp.close.lost") },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------------
// Lists: opportunities, inbox (the pipeline: pipeline.views.ts)

export interface ListFilterView {
  readonly scope: ListScope;
  /** The party the list is for, as resolved ("C-1001") and as shown ("Bo Lind"). */
  readonly party?: { readonly ref: string; readonly name: string };
  readonly stage?: { readonly id: string; readonly name: string; readonly builtIn?: string };
  /** `owner=@user`: the owner as resolved (user id) and as shown. */
  readonly owner?: { readonly id: string; readonly name: string };
  /** A partner user's list: the organisation whose opportunities it shows. */
  readonly partner?: string;
}

export function opportunityListView(
  ctx: ViewContext,
  setup: TenantSetup,
  filter: ListFilterView,
  items: readonly OpportunityRow[],
  cursor: string | undefined,
  notice?: Notice,
) {
  const { t } = ctx;
  const filters = [
    filter.party ? t.t("opp.list.filter.contact", { party: filter.party.name }) : "",
    filter.stage ? t.t("opp.list.filter.stage", { stage: nameOfStage(t, filter.stage) }) : "",
    filter.owner ? t.t("opp.list.filter.owner", { name: filter.owner.name }) : "",
    filter.partner ? t.t("opp.list.filter.partner", { partner: filter.partner }) : "",
  ].filter(Boolean);
  return {
    title: t.t(`opp.list.title.${filter.scope}`),
    filterText: filters.join(" · "),
    notice: notice?.text ?? "",
    noticeStyle: notice?.style ?? "good",
    emptyText: t.t("opp.list.empty"),
    moreLabel: t.t("opp.button.more"),
    openLabel: t.t("opp.button.open"),
    scope: filter.scope,
    contact: filter.party?.ref ?? "",
    stage: filter.stage?.id ?? "",
    owner: filter.owner?.id ?? "",
    cursor: cursor ?? "",
    items: items.map((o) => {
      const cycle = setup.cycles.find((c) => c.code === o.cycleCode);
      return {
        ref: o.ref,
        title: o.title,
        detail: [o.party.name, o.owner.name, currentStageName(t, o, cycle)].join(" · "),
        valueText: formatMoney(ctx, o.estimatedValue, o.currency),
        statusText: t.t(`opp.status.${o.status}`),
        statusColor: statusColor[o.status],
      };
    }),
  };
}

function inboxText(ctx: ViewContext, item: InboxItem): string {
  const { t } = ctx;
  const since = formatDay(ctx, item.due);
  switch (item.reason) {
    case "activity_due":
      return t.t("opp.inbox.activity_due", { activity: namesIn(t, item.detail), due: since });
    case "close_date_passed":
      return t.t("opp.inbox.close_date_passed", { due: since });
    case "approval_pending":
      return t.t("opp.inbox.approval_pending", { partner: item.detail, since, ref: item.ref });
    case "deal_pending":
      return t.t("opp.inbox.deal_pending", { partner: item.detail, since, ref: item.ref });
  }
}

export function inboxView(ctx: ViewContext, items: readonly InboxItem[]) {
  const { t } = ctx;
  return {
    title: t.t("opp.inbox.title"),
    intro: t.t("opp.inbox.intro"),
    emptyText: t.t("opp.inbox.empty"),
    openLabel: t.t("opp.button.open"),
    items: items.map((item) => ({
      ref: item.ref,
      title: item.title,
      text: inboxText(ctx, item),
      color:
        item.reason === "close_date_passed"
          ? "Attention"
          : item.reason === "activity_due"
            ? "Warning"
            : "Accent",
    })),
  };
}

// ---------------------------------------------------------------------------------------------------------
// The partner dashboard (`inbox` typed by a partner user)

/** The other partners working on it now, for a partner's "together with…" line; empty without collaboration. */
function collaborators(o: OpportunityRow, partner: string): string {
  if (!o.distribution?.collaboration) return "";
  return o.distribution.partners
    .filter((e) => e.partner !== partner && isHolding(e.status))
    .map((e) => e.name)
    .join(", ");
}

export function partnerDashboardView(ctx: ViewContext, setup: TenantSetup, dashboard: PartnerDashboard) {
  const { t } = ctx;
  const { partner } = dashboard;
  const item = (o: OpportunityRow, notes: readonly { text: string; color: string }[]) => {
    const cycle = setup.cycles.find((c) => c.code === o.cycleCode);
    const together = collaborators(o, partner.ref);
    return {
      ref: o.ref,
      title: o.title,
      detail: [
        o.party.name,
        currentStageName(t, o, cycle),
        formatMoney(ctx, o.estimatedValue, o.currency),
      ].join(" · "),
      notes: [
        ...notes,
        ...(together
          ? [{ text: t.t("partner.dashboard.together", { partners: together }), color: "Accent" }]
          : []),
      ],
    };
  };
  const creationNotes = (o: OpportunityRow) => {
    const notes = [
      {
        text: t.t(`partner.dashboard.approval.${o.approval ?? "approved"}`),
        color: o.approval === "pending" ? "Warning" : o.approval === "rejected" ? "Attention" : "Good",
      },
    ];
    if (o.deal)
      notes.push({
        text: [
          t.t(`partner.dashboard.deal.${o.deal.status}`),
          ...(o.deal.reason ? [t.t("opp.card.reason", { reason: o.deal.reason })] : []),
        ].join(" · "),
        color: o.deal.status === "approved" ? "Good" : o.deal.status === "rejected" ? "Attention" : "Warning",
      });
    else if (o.approval === "approved" && o.status === "open")
      notes.push({ text: t.t("partner.dashboard.deal.none", { ref: o.ref }), color: "Default" });
    return notes;
  };
  return {
    title: t.t("partner.dashboard.title", { partner: partner.name }),
    intro: t.t("partner.dashboard.intro"),
    openLabel: t.t("opp.button.open"),
    sections: [
      {
        title: t.t("partner.dashboard.delivered"),
        emptyText: dashboard.delivered.length === 0 ? t.t("partner.dashboard.none") : "",
        items: dashboard.delivered.map((o) =>
          item(o, [{ text: t.t("partner.dashboard.answer", { ref: o.ref }), color: "Warning" }]),
        ),
        moreText: dashboard.more?.delivered ? t.t("partner.dashboard.more", { count: 10 }) : "",
      },
      {
        title: t.t("partner.dashboard.managed"),
        emptyText: dashboard.managed.length === 0 ? t.t("partner.dashboard.none") : "",
        items: dashboard.managed.map((o) => item(o, [])),
        moreText: dashboard.more?.managed ? t.t("partner.dashboard.more.managed", { count: 10 }) : "",
      },
      {
        title: t.t("partner.dashboard.created"),
        emptyText: dashboard.created.length === 0 ? t.t("partner.dashboard.none") : "",
        items: dashboard.created.map((o) => item(o, creationNotes(o))),
        moreText: dashboard.more?.created ? t.t("partner.dashboard.more", { count: 10 }) : "",
      },
    ],
  };
}

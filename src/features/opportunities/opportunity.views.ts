import type { ListScope } from "./opportunity.input.js";
import {
  closeCodeDescription,
  cycleName,
  namesIn,
  stageName as nameOfStage,
} from "../../kit/rendering/built-in-names.js";
import { dateFormat, numberFormat } from "../../kit/rendering/format.js";
import { stageIndex, type SalesCycle, type Stage } from "../../domain/cycles/cycle.js";
import { mayDistribute, registerDeal } from "../../domain/opportunities/distribution.js";
import {
  completedPct,
  currentValue,
  mayChange,
  mayAssign,
  isHolding,
  mayNote,
  mayReopen,
  opportunityLimits,
  partnerAccess,
  probabilityPct,
  stageActions,
  type DistributionStatus,
  type Opportunity,
  type OpportunityStatus,
  type StageHistoryEntry,
} from "../../domain/opportunities/opportunity.js";
import type {
  InboxItem,
  OpportunityView,
  PartnerDashboard,
} from "../../domain/opportunities/opportunity.service.js";
import type { CloseType, TenantSetup } from "../../domain/setup/tenant-setup.js";
import { isManager, isStaff, type Actor } from "../../domain/shared/actor.js";
import type { Result, FieldProblem } from "../../domain/shared/result.js";
import type { MessageKey, Translator } from "../../i18n/index.js";
import { formatDateTime, recordLink, type ViewContext } from "../../kit/rendering/view-context.js";

/**
 * View models of the opportunity cards: every text translated, every amount formatted for the reader's
 * locale and currency, and every key a template reads present. Which buttons a card offers is worked out
 * here with the domain's own rules (`mayChange`, `mayReopen`, the stage actions), never in a template.
 */

export interface Notice {
  readonly text: string;
  /** good: it worked; warning: it changed meanwhile; attention: it was refused; emphasis: a question. */
  readonly style: "good" | "warning" | "attention" | "emphasis";
}

// ---------------------------------------------------------------------------------------------------------
// Formatting

const localeOf = (ctx: ViewContext) => ctx.locale ?? "en-GB";

export function formatMoney(ctx: ViewContext, amount: number, currency: string): string {
  try {
    return numberFormat(localeOf(ctx), { style: "currency", currency }).format(amount);
  } catch {
    // An odd stored currency code or locale must not break the card: show the plain amount and the code.
    return `${numberFormat("en-GB", { minimumFractionDigits: 2 }).format(amount)} ${currency}`;
  }
}

export function formatNumber(ctx: ViewContext, n: number): string {
  try {
    return numberFormat(localeOf(ctx), { maximumFractionDigits: 2 }).format(n);
  } catch {
    return String(n);
  }
}

export function formatPercent(ctx: ViewContext, pct: number): string {
  try {
    return numberFormat(localeOf(ctx), { style: "percent", maximumFractionDigits: 2 }).format(pct / 100);
  } catch {
    return `${pct} %`;
  }
}

/** A calendar day (YYYY-MM-DD) in the reader's language; it is a date, not a moment, so no time zone. */
export function formatDay(ctx: ViewContext, day: string): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  if (Number.isNaN(date.getTime())) return day;
  try {
    return dateFormat(localeOf(ctx), { dateStyle: "medium", timeZone: "UTC" }).format(date);
  } catch {
    return day;
  }
}

const fieldLabel = (t: Translator, field: string): string => {
  const key = `opp.field.${field}`;
  return t.has(key) ? t.t(key) : field;
};

/** One sentence per problem, with the opportunity's field names: "Quantity must be more than 0." */
export function opportunityProblemText(ctx: ViewContext, problem: FieldProblem): string {
  const { t } = ctx;
  const params: Record<string, string | number> = { field: fieldLabel(t, problem.field), ...problem.params };
  if (typeof params.max === "number") params.max = formatNumber(ctx, params.max);
  for (const key of [`opp.problem.${problem.problem}`, `problem.${problem.problem}`]) {
    if (t.has(key)) return t.t(key, params);
  }
  return t.t("problem.text", params);
}

// ---------------------------------------------------------------------------------------------------------
// What this viewer may do

export interface OpportunityButtons {
  readonly next: boolean;
  readonly previous: boolean;
  readonly skip: boolean;
  readonly goto: boolean;
  readonly update: boolean;
  readonly line: boolean;
  readonly close: boolean;
  readonly quote: boolean;
  readonly order: boolean;
  readonly reopen: boolean;
  readonly delete: boolean;
  readonly assign: boolean;
  /** A note or activity on the timeline. */
  readonly note: boolean;
  /** Approve and Reject: a partner's opportunity pending approval, or a deal registration (managers). */
  readonly decide: boolean;
  /** Deal registration, by the creating partner's people once the opportunity is approved. */
  readonly register: boolean;
  readonly distribute: boolean;
  /** Accept and Decline: a partner user's organisation has it delivered, awaiting its answer. */
  readonly answer: boolean;
}

const noButtons: OpportunityButtons = {
  next: false,
  previous: false,
  skip: false,
  goto: false,
  update: false,
  line: false,
  close: false,
  quote: false,
  order: false,
  reopen: false,
  delete: false,
  assign: false,
  note: false,
  decide: false,
  register: false,
  distribute: false,
  answer: false,
};

/** A trial of a stage action: the clock does not matter, only whether the rules allow it. */
const trialTime = (o: Opportunity) => new Date(o.updatedAt);

/** The customer is a person (a contact of kind person): no quote, so no order either. */
const personParty = (o: Opportunity) => o.party.kind === "contact" && o.party.person === true;

/**
 * A move is offered when the rules allow it, or when only a missing quote stands in the way (the reply says
 * so) and a quote can be made: for a person it never can.
 */
const moveOffered = (o: Opportunity, result: Result<unknown>) =>
  result.ok || (result.error.code === "opp.quote_required" && !personParty(o));

/**
 * The stages "Skip to…" offers: those `skip` allows now (nothing unskippable in between, quote in place),
 * except the next stage, which is what "Next stage" is for.
 */
function skipOffers(actor: Actor, o: Opportunity, cycle: SalesCycle): (s: Stage, i: number) => boolean {
  if (o.status !== "open") return () => false;
  const next = stageIndex(cycle, o.stageId) + 1;
  return (s, i) => i !== next && stageActions.skip(o, cycle, s, actor, trialTime(o)).ok;
}

/** The stages "Go back to…" offers: those `go to` allows now, except the previous one ("Previous stage"). */
function gotoOffers(actor: Actor, o: Opportunity, cycle: SalesCycle): (s: Stage, i: number) => boolean {
  if (o.status !== "open") return () => false;
  const at = stageIndex(cycle, o.stageId);
  return (s, i) => (at < 0 || i !== at - 1) && stageActions.goto(o, cycle, s, actor, trialTime(o)).ok;
}

export const skipTargets = (actor: Actor, o: Opportunity, cycle: SalesCycle | undefined): Stage[] =>
  cycle ? cycle.stages.filter(skipOffers(actor, o, cycle)) : [];

export const gotoTargets = (actor: Actor, o: Opportunity, cycle: SalesCycle | undefined): Stage[] =>
  cycle ? cycle.stages.filter(gotoOffers(actor, o, cycle)) : [];

const sameLines = (a: Opportunity["lines"], b: Opportunity["lines"]) =>
  a.length === b.length &&
  a.every((l, i) => {
    const other = b[i];
    return (
      other !== undefined &&
      l.product === other.product &&
      l.quantity === other.quantity &&
      l.unitPrice === other.unitPrice
    );
  });

/**
 * The buttons this viewer may press on this opportunity: role, partner access, ownership, status and stage
 * decide, with the domain's own rules. Partner users never get the vendor's buttons (quote, order, delete,
 * assign, distribute); nothing but notes and the decision is offered while a partner's opportunity waits for
 * approval.
 */
export function opportunityButtons(
  actor: Actor,
  o: Opportunity,
  cycle: SalesCycle | undefined,
): OpportunityButtons {
  const partnerWork = {
    // A closed opportunity is read-only (seed 000): its card offers no note either.
    note: o.status === "open" && mayNote(actor, o),
    decide: isManager(actor) && (o.approval === "pending" || o.deal?.status === "requested"),
    register: registerDeal(o, actor, trialTime(o)).ok,
    distribute:
      mayDistribute(actor) && o.status === "open" && o.approval !== "pending" && o.approval !== "rejected",
    answer: o.status === "open" && partnerAccess(actor, o) === "delivered",
  };
  if (!mayChange(actor, o) || o.approval === "pending") return { ...noButtons, ...partnerWork };
  const open = o.status === "open";
  const staff = isStaff(actor);
  return {
    ...partnerWork,
    next: open && !!cycle && moveOffered(o, stageActions.next(o, cycle, actor, trialTime(o))),
    previous: open && !!cycle && moveOffered(o, stageActions.previous(o, cycle, actor, trialTime(o))),
    // Whether there is any stage to offer, not which: each stage is a trial move (a copy of the opportunity).
    skip: !!cycle && cycle.stages.some(skipOffers(actor, o, cycle)),
    goto: !!cycle && cycle.stages.some(gotoOffers(actor, o, cycle)),
    update: open,
    line: open && o.lines.length < opportunityLimits.lines,
    close: open,
    // A new quote only when there are lines it would not already hold.
    // Never for a person: a quote is made for a company only (makeQuote).
    quote:
      staff &&
      open &&
      !personParty(o) &&
      o.lines.length > 0 &&
      !(o.quote && sameLines(o.quote.lines, o.lines)),
    order: staff && o.status !== "lost" && !!o.quote && !o.order,
    reopen: !open && mayReopen(actor),
    delete: staff && !open,
    assign: open && mayAssign(actor),
  };
}

// ---------------------------------------------------------------------------------------------------------
// The opportunity card

const statusColor: Readonly<Record<OpportunityStatus, string>> = {
  open: "Accent",
  won: "Good",
  lost: "Attention",
};

export function stageName(t: Translator, cycle: SalesCycle | undefined, id: string | undefined): string {
  if (id === "won" || id === "lost") return t.t(`opp.stage.${id}`);
  if (id === undefined) return t.t("opp.stage.none");
  const stage = cycle?.stages.find((s) => s.id === id);
  return stage ? nameOfStage(t, stage) : id;
}

/** Where the opportunity stands: the current stage name, or its terminal state. */
export function currentStageName(t: Translator, o: Opportunity, cycle: SalesCycle | undefined): string {
  return o.status === "open" ? stageName(t, cycle, o.stageId) : t.t(`opp.stage.${o.status}`);
}

/**
 * Where the opportunity is in its cycle, drawn so it stays readable at Teams' narrowest widths and on phones,
 * whatever the number of stages: "Stage 2 of 6", then the stages in one wrapping line ("✓ Qualify › ● Develop
 * › Propose › …"). A row of boxes gave each stage a sixth of the card, too narrow for "Negotiate", so names
 * broke mid-word; a line wraps between stages instead, and a marker is joined to its name by a no-break space.
 * A stage jumped over by a skip (or left out on the way to won) is marked skipped, never ticked.
 */
export function stagePath(t: Translator, o: Opportunity, cycle: SalesCycle | undefined) {
  const stages = cycle?.stages ?? [];
  const at = cycle ? stageIndex(cycle, o.stageId) : -1;
  const skipped = new Set(o.skipped ?? []);
  const steps = stages.map((stage, i) => {
    const stageName = nameOfStage(t, stage);
    const short = stageName.length <= unbrokenName;
    const name = short ? stageName.replace(/ /g, nbsp) : stageName;
    const passed = i < at || (o.status === "won" && i === at);
    // Won from an earlier stage: the stages after it were never worked, so they are skipped, not done.
    if (skipped.has(stage.id) || (o.status === "won" && i > at)) {
      const label = t.t("opp.progress.skipped", { stage: name });
      return `↷${nbsp}${short ? label.replace(/ /g, nbsp) : label}`;
    }
    if (passed) return `✓${nbsp}${name}`;
    if (o.status === "open" && i === at) return `●${nbsp}${name}`;
    return name;
  });
  if (o.status !== "open") steps.push(t.t(`opp.stage.${o.status}`));
  return {
    stageAt: o.status === "open" && at >= 0 ? t.t("opp.progress.at", { at: at + 1, of: stages.length }) : "",
    stagePath: steps.join(" › "),
  };
}

const nbsp = "\u00a0";
/** Names up to this long stay on one line; a longer one may wrap between its words (never inside one). */
const unbrokenName = 24;

function historyText(
  t: Translator,
  entry: StageHistoryEntry,
  cycle: SalesCycle | undefined,
  staff: boolean,
): string {
  const action = t.t(`opp.history.${entry.action}`);
  const note = entry.note;
  switch (entry.action) {
    case "assign":
    case "register":
    case "accept":
    case "decline":
    case "recall":
      return note ? `${action}: ${note}` : action;
    case "distribute":
      // The note names every partner it was offered to; a partner user sees only its collaborators, in the
      // card's partner section.
      return note && staff ? `${action}: ${note}` : action;
    case "approve":
    case "reject": {
      // The domain notes a deal decision as "deal" or "deal: <reason>", a creation's decision as its reason.
      const deal = note === "deal" || note?.startsWith("deal: ") === true;
      const label = deal ? t.t(`opp.history.deal_${entry.action}`) : action;
      const reason = deal ? note?.slice("deal: ".length) : note;
      return reason ? `${label}: ${reason}` : label;
    }
    default:
      break;
  }
  if (entry.action === "update" || (entry.from === undefined && entry.to === undefined)) return action;
  const to = stageName(t, cycle, entry.to);
  if (entry.from === undefined) return `${action}: ${to}`;
  return `${action}: ${stageName(t, cycle, entry.from)} → ${to}`;
}

/** How many lines the card lists; the rest are counted, so 50 lines still fit in a 40 KB card. */
export const linesShown = 10;

/**
 * The opportunity card. With `confirmDelete` (after "Delete" was pressed) it asks for confirmation instead of
 * offering its usual buttons.
 */
export function opportunityView(
  ctx: ViewContext,
  actor: Actor,
  view: OpportunityView,
  notice?: Notice,
  options: { readonly confirmDelete?: boolean } = {},
) {
  const { t } = ctx;
  const { opportunity: o, cycle, setup } = view;
  const allowed = opportunityButtons(actor, o, cycle);
  const confirmDelete = options.confirmDelete === true && allowed.delete;
  const can = confirmDelete ? noButtons : allowed;
  const money = (n: number) => formatMoney(ctx, n, o.currency);

  const facts: { title: string; value: string }[] = [];
  const add = (key: MessageKey, value: string | undefined) => {
    if (value) facts.push({ title: t.t(key), value });
  };
  add("opp.card.stage", currentStageName(t, o, cycle));
  add("opp.card.primaryContact", o.primaryContact && `${o.primaryContact.name} (${o.primaryContact.ref})`);
  add("opp.card.owner", o.owner.name);
  add("opp.card.value", money(o.estimatedValue));
  add("opp.card.chance", formatPercent(ctx, o.chancePct));
  add("opp.card.completed", formatPercent(ctx, completedPct(o, cycle)));
  add("opp.card.probability", formatPercent(ctx, probabilityPct(o, cycle)));
  add("opp.card.currentValue", money(currentValue(o, cycle)));
  add("opp.card.close", o.expectedCloseDate && formatDay(ctx, o.expectedCloseDate));
  add("opp.card.type", o.type);
  add("opp.card.source", o.source);
  const code = o.closeCode ? setup.closeCodes.find((c) => c.code === o.closeCode) : undefined;
  add(
    "opp.card.closeCode",
    o.closeCode && (code ? `${code.code} — ${closeCodeDescription(t, code)}` : o.closeCode),
  );
  add("opp.card.closedOn", o.closedOn && formatDay(ctx, o.closedOn));
  add(
    "opp.card.quote",
    o.quote && t.t("opp.card.numberWithTotal", { number: o.quote.number, total: money(o.quote.total) }),
  );
  add(
    "opp.card.order",
    o.order && t.t("opp.card.numberWithTotal", { number: o.order.number, total: money(o.order.total) }),
  );
  add("opp.card.lead", o.leadRef);
  add("opp.card.region", o.region);
  add("opp.card.industry", o.industry);

  const staff = isStaff(actor);
  const stageRow = can.next || can.previous || can.skip || can.goto;
  const dealRow = can.update || can.line || can.quote || can.order;
  const endRow = can.close || can.reopen || can.delete || can.assign || can.note;
  const partnerRow = can.decide || can.register || can.distribute || can.answer;
  return {
    notice: notice?.text ?? "",
    noticeStyle: notice?.style ?? "good",
    ref: o.ref,
    link: recordLink(ctx, o.ref),
    revision: o.revision,
    title: o.title,
    partyLine: `${o.party.name} · ${t.t(`opp.party.${o.party.kind}`, { ref: o.party.ref })}`,
    statusText: t.t(`opp.status.${o.status}`),
    statusColor: statusColor[o.status],
    ...stagePath(t, o, cycle),
    facts,
    lines: o.lines.slice(0, linesShown).map((l) => ({
      product: l.product,
      detail: `${formatNumber(ctx, l.quantity)} × ${money(l.unitPrice)}`,
      amount: money(Math.round(l.quantity * l.unitPrice * 100) / 100),
    })),
    hasLines: o.lines.length > 0,
    moreLines:
      o.lines.length > linesShown ? t.t("opp.card.moreLines", { count: o.lines.length - linesShown }) : "",
    linesTotal: money(o.lines.length > 0 ? o.estimatedValue : 0),
    timeline: o.timeline
      .slice(-5)
      .reverse()
      .map((e) => ({
        heading: `${t.t(`opp.timeline.${e.kind}`)} · ${e.by.name} · ${formatDateTime(e.at, ctx)}`,
        text: e.text,
      })),
    history: o.history
      .filter((h) => staff || !partnerAnswers.has(h.action))
      .slice(-5)
      .reverse()
      .map((h) => ({
        heading: `${h.by.name} · ${formatDateTime(h.at, ctx)}`,
        text: historyText(t, h, cycle, staff),
      })),
    details: [
      { label: t.t("opp.card.situation"), text: o.customerSituation ?? "" },
      { label: t.t("opp.card.need"), text: o.customerNeed ?? "" },
      { label: t.t("opp.card.solution"), text: o.proposedSolution ?? "" },
    ].filter((d) => d.text !== ""),
    ...approvalModel(t, o),
    ...dealModel(ctx, o),
    ...partnersModel(t, o, staff),
    noteKinds: noteKinds.map((k) => ({ value: k, title: t.t(`timeline.kind.${k}`) })),
    can: { ...can, stageRow, dealRow, endRow, partnerRow },
    confirmDelete,
    labels: {
      lines: t.t("opp.card.lines"),
      noLines: t.t("opp.card.noLines"),
      linesTotal: t.t("opp.card.linesTotal"),
      timeline: t.t("opp.card.timeline"),
      noTimeline: t.t("opp.card.noTimeline"),
      history: t.t("opp.card.history"),
      next: t.t("opp.button.next"),
      previous: t.t("opp.button.previous"),
      skip: t.t("opp.button.skip"),
      goto: t.t("opp.button.goto"),
      update: t.t("opp.button.update"),
      line: t.t("opp.button.line"),
      close: t.t("opp.button.close"),
      quote: t.t("opp.button.quote"),
      order: t.t("opp.button.order"),
      reopen: t.t("opp.button.reopen"),
      delete: t.t("opp.button.delete"),
      assign: t.t("assign.button"),
      approve: t.t("opp.button.approve"),
      reject: t.t("opp.button.reject"),
      register: t.t("opp.button.register"),
      distribute: t.t("opp.button.distribute"),
      note: t.t("opp.button.note"),
      save: t.t("opp.button.save"),
      noteKind: t.t("opp.field.noteKind"),
      noteText: t.t("opp.field.noteText"),
      reason: t.t("opp.field.reason"),
      reasonHint: t.t("opp.reject.hint"),
      accept: t.t("opp.button.accept"),
      decline: t.t("opp.button.decline"),
      declineHint: t.t("opp.decline.hint"),
      partners: t.t("opp.card.partners"),
      deal: t.t("opp.card.deal"),
      deleteAsk: t.t("opp.deleteAsk", { ref: o.ref }),
      deleteConfirm: t.t("opp.button.deleteConfirm", { ref: o.ref }),
      cancel: t.t("opp.button.cancel"),
    },
  };
}

const noteKinds = ["note", "call", "email", "meeting", "task"] as const;

/**
 * History rows a partner user does not see: other partners' answers and the vendor taking it back from
 * someone, with the names of the people who gave them. The card's partner section shows who works on it now.
 */
const partnerAnswers: ReadonlySet<StageHistoryEntry["action"]> = new Set(["accept", "decline", "recall"]);

/** "Pending approval (created by Fabrikam)": who created it, and where the vendor's approval stands. */
function approvalModel(t: Translator, o: Opportunity) {
  if (!o.origin || !o.approval) return { approvalText: "", approvalStyle: "default" };
  return {
    approvalText: t.t(`opp.card.approval.${o.approval}`, { partner: o.origin.name }),
    approvalStyle: o.approval === "pending" ? "warning" : o.approval === "approved" ? "good" : "attention",
  };
}

/** The deal registration: requested by whom and when; decided by whom and when, and why. */
function dealModel(ctx: ViewContext, o: Opportunity) {
  const { t } = ctx;
  const deal = o.deal;
  if (!deal) return { dealStatus: "", dealColor: "Default", dealLines: [] };
  const lines = [
    t.t("opp.card.deal.requested", {
      name: deal.requestedBy.name,
      at: formatDateTime(deal.requestedAt, ctx),
    }),
  ];
  if (deal.status !== "requested" && deal.decidedBy && deal.decidedAt)
    lines.push(
      t.t(`opp.card.deal.${deal.status}`, {
        name: deal.decidedBy.name,
        at: formatDateTime(deal.decidedAt, ctx),
      }),
    );
  if (deal.reason) lines.push(t.t("opp.card.reason", { reason: deal.reason }));
  return {
    dealStatus: t.t(`opp.card.deal.status.${deal.status}`),
    dealColor: deal.status === "approved" ? "Good" : deal.status === "rejected" ? "Attention" : "Warning",
    dealLines: lines.map((text) => ({ text })),
  };
}

const partnerColor: Readonly<Record<DistributionStatus, string>> = {
  delivered: "Warning",
  accepted: "Good",
  declined: "Attention",
  recalled: "Default",
};

/**
 * The partners it was distributed to. The vendor's people see every partner, why one declined and why the
 * rule chose one; a partner user sees only the partners working on it now (collaborators), nothing else.
 */
function partnersModel(t: Translator, o: Opportunity, staff: boolean) {
  const entries = (o.distribution?.partners ?? []).filter((e) => staff || isHolding(e.status));
  return {
    partners: entries.map((e) => ({
      name: e.name,
      status: t.t(`opp.card.partner.${e.status}`),
      color: partnerColor[e.status],
      reason:
        staff && e.status === "declined" && e.reason ? t.t("opp.card.reason", { reason: e.reason }) : "",
    })),
    collaborationText: o.distribution?.collaboration ? t.t("opp.card.collaboration") : "",
    explanationText:
      staff && o.distribution?.explanation
        ? t.t("opp.card.explanation", { explanation: o.distribution.explanation })
        : "",
  };
}

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

export function stageFormView(
  ctx: ViewContext,
  actor: Actor,
  view: OpportunityView,
  mode: "skip" | "goto",
  error = "",
) {
  const { t } = ctx;
  const { opportunity: o, cycle } = view;
  const targets = mode === "skip" ? skipTargets(actor, o, cycle) : gotoTargets(actor, o, cycle);
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
  items: readonly Opportunity[],
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
function collaborators(o: Opportunity, partner: string): string {
  if (!o.distribution?.collaboration) return "";
  return o.distribution.partners
    .filter((e) => e.partner !== partner && isHolding(e.status))
    .map((e) => e.name)
    .join(", ");
}

export function partnerDashboardView(ctx: ViewContext, setup: TenantSetup, dashboard: PartnerDashboard) {
  const { t } = ctx;
  const { partner } = dashboard;
  const item = (o: Opportunity, notes: readonly { text: string; color: string }[]) => {
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
  const creationNotes = (o: Opportunity) => {
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

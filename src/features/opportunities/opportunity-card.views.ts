import { closeCodeDescription, stageName as nameOfStage } from "../../kit/rendering/built-in-names.js";
import { stageIndex, type SalesCycle } from "../../domain/cycles/cycle.js";
import {
  completedPct,
  currentValue,
  isHolding,
  probabilityPct,
  type DistributionStatus,
  type Opportunity,
  type OpportunityStatus,
  type StageHistoryEntry,
} from "../../domain/opportunities/opportunity.js";
import type { OpportunityView } from "../../domain/opportunities/opportunity.service.js";
import { isStaff, type Actor } from "../../domain/shared/actor.js";
import type { Language, MessageKey, Translator } from "../../i18n/index.js";
import { fixedTexts } from "../../kit/rendering/fixed-texts.js";
import { escapedPart } from "../../kit/rendering/markdown.js";
import {
  dateTimeFormatter,
  formatDateTime,
  moneyFormatter,
  recordLink,
  type ViewContext,
} from "../../kit/rendering/view-context.js";
import { noButtons, opportunityButtons, type OpportunityButtons } from "./opportunity.buttons.js";
import { dayFormatter, numberFormatter, percentFormatter } from "./opportunity.format.js";

/** The opportunity card's view model (cards/opportunity.json). */

export interface Notice {
  readonly text: string;
  /** good: it worked; warning: it changed meanwhile; attention: it was refused; emphasis: a question. */
  readonly style: "good" | "warning" | "attention" | "emphasis";
}

export const statusColor: Readonly<Record<OpportunityStatus, string>> = {
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
export function currentStageName(
  t: Translator,
  o: Pick<Opportunity, "status" | "stageId">,
  cycle: SalesCycle | undefined,
): string {
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
  // Each formatter looked up once for the card's dozen amounts, ten moments, three percentages and two days,
  // not once for each (and the quantities' one only for a card with lines).
  const money = moneyFormatter(ctx, o.currency);
  const when = dateTimeFormatter(ctx);
  const percent = percentFormatter(ctx);
  const day = dayFormatter(ctx);

  const facts: { title: string; value: string }[] = [];
  const add = (key: MessageKey, value: string | undefined) => {
    if (value) facts.push({ title: t.t(key), value });
  };
  add("opp.card.stage", currentStageName(t, o, cycle));
  add("opp.card.primaryContact", o.primaryContact && `${o.primaryContact.name} (${o.primaryContact.ref})`);
  add("opp.card.owner", o.owner.name);
  // Shown again as the lines' total, the same amount: formatted once.
  const value = money(o.estimatedValue);
  add("opp.card.value", value);
  add("opp.card.chance", percent(o.chancePct));
  add("opp.card.completed", percent(completedPct(o, cycle)));
  add("opp.card.probability", percent(probabilityPct(o, cycle)));
  add("opp.card.currentValue", money(currentValue(o, cycle)));
  add("opp.card.close", o.expectedCloseDate && day(o.expectedCloseDate));
  add("opp.card.type", o.type);
  add("opp.card.source", o.source);
  const code = o.closeCode ? setup.closeCodes.find((c) => c.code === o.closeCode) : undefined;
  add(
    "opp.card.closeCode",
    o.closeCode && (code ? `${code.code} — ${closeCodeDescription(t, code)}` : o.closeCode),
  );
  add("opp.card.closedOn", o.closedOn && day(o.closedOn));
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
  // Every field named in one literal: spreading the part models into it (and `can` into its rows) made V8
  // build this object the slow way, tens of µs per card.
  const path = stagePath(t, o, cycle);
  const approval = approvalModel(t, o);
  const deal = dealModel(ctx, o);
  const partners = partnersModel(t, o, staff);
  return {
    notice: notice?.text ?? "",
    noticeStyle: notice?.style ?? "good",
    ref: o.ref,
    link: recordLink(ctx, o.ref),
    revision: o.revision,
    // What the buttons submit, put into each button whole (one expression instead of one per field); frozen,
    // so the renderer hands it over as it is and no one can change what a dozen buttons share.
    buttonData: Object.freeze({ ref: o.ref, revision: o.revision }),
    refData: Object.freeze({ ref: o.ref }),
    title: o.title,
    partyLine: `${o.party.name} · ${t.t(`opp.party.${o.party.kind}`, { ref: o.party.ref })}`,
    statusText: t.t(`opp.status.${o.status}`),
    statusColor: statusColor[o.status],
    stageAt: path.stageAt,
    stagePath: path.stagePath,
    facts,
    lines: o.lines.length > 0 ? linesModel(ctx, o, money) : [],
    hasLines: o.lines.length > 0,
    moreLines:
      o.lines.length > linesShown ? t.t("opp.card.moreLines", { count: o.lines.length - linesShown }) : "",
    // Shown only with lines (the template's `$when: hasLines`), and the estimated value's own text.
    linesTotal: o.lines.length > 0 ? value : "",
    timeline: o.timeline
      .slice(-5)
      .reverse()
      .map((e) => ({
        heading: `${t.t(`opp.timeline.${e.kind}`)} · ${e.by.name} · ${when(e.at)}`,
        text: e.text,
      })),
    history: o.history
      .filter((h) => staff || !partnerAnswers.has(h.action))
      .slice(-5)
      .reverse()
      .map((h) => ({
        heading: `${h.by.name} · ${when(h.at)}`,
        text: historyText(t, h, cycle, staff),
      })),
    details: detailsModel(t, o),
    approvalText: approval.approvalText,
    approvalStyle: approval.approvalStyle,
    dealStatus: deal.dealStatus,
    dealColor: deal.dealColor,
    dealLines: deal.dealLines,
    partners: partners.partners,
    collaborationText: partners.collaborationText,
    explanationText: partners.explanationText,
    noteKinds: noteKindChoices(t),
    // Each field named (Object.assign of the buttons onto the rows made V8 build it key by key, slowly; a spread
    // of them is about as slow), and checked against OpportunityButtons so that no button is left out.
    can: {
      stageRow,
      dealRow,
      endRow,
      partnerRow,
      next: can.next,
      previous: can.previous,
      skip: can.skip,
      goto: can.goto,
      update: can.update,
      line: can.line,
      close: can.close,
      quote: can.quote,
      order: can.order,
      reopen: can.reopen,
      delete: can.delete,
      assign: can.assign,
      note: can.note,
      decide: can.decide,
      register: can.register,
      distribute: can.distribute,
      answer: can.answer,
    } satisfies OpportunityButtons & Record<"stageRow" | "dealRow" | "endRow" | "partnerRow", boolean>,
    confirmDelete,
    labels: cardLabels(t),
    deleteAsk: confirmDelete ? t.t("opp.deleteAsk", { ref: o.ref }) : "",
    deleteConfirm: confirmDelete ? t.t("opp.button.deleteConfirm", { ref: o.ref }) : "",
  };
}

/** The lines shown, each quantity and amount formatted (the number formatter looked up only for a card with lines). */
function linesModel(ctx: ViewContext, o: Opportunity, money: (amount: number) => string) {
  const number = numberFormatter(ctx);
  return o.lines.slice(0, linesShown).map((l) => ({
    product: l.product,
    detail: `${number(l.quantity)} × ${money(l.unitPrice)}`,
    amount: money(Math.round(l.quantity * l.unitPrice * 100) / 100),
  }));
}

/** The customer's situation, need and proposed solution, those written down: a label translated for each. */
function detailsModel(t: Translator, o: Opportunity) {
  const details: { label: string; text: string }[] = [];
  if (o.customerSituation) details.push({ label: t.t("opp.card.situation"), text: o.customerSituation });
  if (o.customerNeed) details.push({ label: t.t("opp.card.need"), text: o.customerNeed });
  if (o.proposedSolution) details.push({ label: t.t("opp.card.solution"), text: o.proposedSolution });
  return details;
}

const noteKinds = ["note", "call", "email", "meeting", "task"] as const;

type NoteKindChoices = readonly { readonly title: string; readonly value: string }[];
const noteKindsByLanguage = new Map<Language, NoteKindChoices>();

/**
 * The note form's kinds, the same on every card in a language: made once per language (four at most),
 * escaped and frozen, so the card puts them in whole and its walk passes them by (escapedPart).
 */
function noteKindChoices(t: Translator): NoteKindChoices {
  let choices = noteKindsByLanguage.get(t.language);
  if (!choices) {
    choices = escapedPart(noteKinds.map((k) => ({ title: t.t(`timeline.kind.${k}`), value: k })));
    noteKindsByLanguage.set(t.language, choices);
  }
  return choices;
}

/**
 * The card's headings and button titles: the same on every opportunity card in a language, so the renderer
 * writes them into its template once per language instead of looking them up on every card (fixed-texts.ts).
 */
const cardLabels = fixedTexts({
  lines: "opp.card.lines",
  noLines: "opp.card.noLines",
  linesTotal: "opp.card.linesTotal",
  timeline: "opp.card.timeline",
  noTimeline: "opp.card.noTimeline",
  history: "opp.card.history",
  next: "opp.button.next",
  previous: "opp.button.previous",
  skip: "opp.button.skip",
  goto: "opp.button.goto",
  update: "opp.button.update",
  line: "opp.button.line",
  close: "opp.button.close",
  quote: "opp.button.quote",
  order: "opp.button.order",
  reopen: "opp.button.reopen",
  delete: "opp.button.delete",
  assign: "assign.button",
  approve: "opp.button.approve",
  reject: "opp.button.reject",
  register: "opp.button.register",
  distribute: "opp.button.distribute",
  note: "opp.button.note",
  save: "opp.button.save",
  noteKind: "opp.field.noteKind",
  noteText: "opp.field.noteText",
  reason: "opp.field.reason",
  reasonHint: "opp.reject.hint",
  accept: "opp.button.accept",
  decline: "opp.button.decline",
  declineHint: "opp.decline.hint",
  partners: "opp.card.partners",
  deal: "opp.card.deal",
  cancel: "opp.button.cancel",
});

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

import type { NotificationEvent } from "../../domain/notify/event.js";
import { listFormat } from "../../domain/shared/intl-formats.js";
import { isHolding, type Opportunity } from "../../domain/opportunities/opportunity.js";
import type { AutoChoice, OpportunityView } from "../../domain/opportunities/opportunity.service.js";
import { partnerLimits, type Partner } from "../../domain/partners/partner.js";
import type { Translator } from "../../i18n/index.js";
import { noticeLink } from "./notification.views.js";
import { formatDay, formatNumber, type Notice } from "./opportunity.views.js";
import type { ViewContext } from "../../kit/rendering/view-context.js";

/**
 * View models for distribution: the Distribute form (cards/opportunity-distribute.json), the card a partner
 * organisation receives (cards/partner-opportunity.json) and the notices partners get (cards/notification.json).
 * A partner sees the customer, what the customer needs and the deal's size, and who else works on it —
 * never the vendor's timeline, history, probability or other partners' answers.
 */

/** "a, b and c" in the reader's language. */
export function listText(t: Translator, items: readonly string[]): string {
  try {
    return listFormat(t.language, { type: "conjunction" }).format(items);
  } catch {
    return items.join(", ");
  }
}

/** An amount with its currency code, unambiguous in every language ("kr." is three currencies). */
const amount = (ctx: ViewContext, value: number, currency: string) =>
  `${formatNumber(ctx, value)} ${currency}`;

const holdingNow = (o: Opportunity) => (o.distribution?.partners ?? []).filter((e) => isHolding(e.status));

// ---------------------------------------------------------------------------------------------------------
// Replies

/** Why the preferred-partner rule chose its partner, in words: what matched, free capacity, preferred. */
export function autoChoiceText(ctx: ViewContext, o: Opportunity, choice: AutoChoice): string {
  const { t } = ctx;
  const fit = choice.fit;
  const reasons = [
    ...(fit.region && o.region ? [t.t("distribution.auto.region", { region: o.region })] : []),
    ...(fit.industry && o.industry ? [t.t("distribution.auto.industry", { industry: o.industry })] : []),
    ...(fit.products.length > 0
      ? [t.t("distribution.auto.products", { products: listText(t, fit.products) })]
      : []),
    t.t("distribution.auto.capacity", {
      free: formatNumber(ctx, fit.partner.capacity - fit.load),
      capacity: formatNumber(ctx, fit.partner.capacity),
    }),
    ...(fit.partner.preferred ? [t.t("distribution.auto.preferred")] : []),
  ];
  return t.t("distribution.auto", {
    ref: o.ref,
    partner: fit.partner.name,
    reasons: listText(t, reasons),
    considered: choice.considered,
  });
}

// ---------------------------------------------------------------------------------------------------------
// The Distribute form

/** The most partners the form lists; beyond them the manager types the name (the card stays small). */
export const formPartners = 100;

/** One partner as a choice: its name, preferred, and the start of its profile. */
function partnerChoice(ctx: ViewContext, p: Partner): { title: string; value: string } {
  const profile = [p.regions, p.industries, p.products]
    .filter((values) => values.length > 0)
    .map((values) => values.slice(0, 3).join(", "))
    .join(" · ");
  const shortProfile = profile.length > 80 ? `${profile.slice(0, 79)}…` : profile;
  const name = p.preferred ? `${p.name} ★ ${ctx.t.t("distribution.form.preferred")}` : p.name;
  return { title: shortProfile ? `${name} — ${shortProfile}` : name, value: p.ref };
}

/** The partners that may still get the opportunity: not those holding it, nor the one that created it. */
export function offerablePartners(o: Opportunity, partners: readonly Partner[]): Partner[] {
  const holding = holdingNow(o);
  return partners.filter((p) => !holding.some((e) => e.partner === p.ref) && p.ref !== o.origin?.partner);
}

/**
 * The Distribute form: `offered` (see `offerablePartners`, at most `formPartners`) and "automatic"; `more`
 * when not every partner could be listed. `chosen` and `error` come back after a refused submission.
 */
export function distributeFormView(
  ctx: ViewContext,
  o: Opportunity,
  offered: readonly Partner[],
  options: { readonly more?: boolean; readonly chosen?: readonly string[]; readonly error?: string } = {},
) {
  const { t } = ctx;
  const holding = holdingNow(o);
  const values = new Set([...offered.map((p) => p.ref), "auto"]);
  return {
    title: t.t("distribution.form.title", { ref: o.ref }),
    subtitle: `${o.title} · ${o.party.name}`,
    intro: t.t("distribution.form.intro", { ref: o.ref }),
    holding: holding.length
      ? t.t("distribution.form.holding", {
          partners: listText(
            t,
            holding.map((e) => e.name),
          ),
        })
      : "",
    notice: options.error ?? "",
    more: options.more ? t.t("distribution.form.more", { count: formPartners, ref: o.ref }) : "",
    ref: o.ref,
    revision: o.revision,
    chosen: (options.chosen ?? []).filter((c) => values.has(c)).join(","),
    choices: [
      { title: t.t("distribution.form.auto"), value: "auto" },
      ...offered.map((p) => partnerChoice(ctx, p)),
    ],
    labels: {
      partners: t.t("distribution.field.partners"),
      placeholder: t.t("distribution.form.placeholder"),
      required: t.t("distribution.form.required"),
      submit: t.t("distribution.form.submit"),
      cancel: t.t("opp.button.cancel"),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// What a partner organisation receives

export interface PartnerCardOptions {
  readonly notice?: Notice;
  /** The reason typed before a refused Decline, and what was wrong with it. */
  readonly reason?: string;
  readonly reasonError?: string;
}

const answerLabels = (t: Translator) => ({
  accept: t.t("distribution.button.accept"),
  decline: t.t("distribution.button.decline"),
  reason: t.t("distribution.field.reason"),
  reasonPlaceholder: t.t("distribution.card.reason.placeholder"),
  reasonRequired: t.t("distribution.card.reason.required"),
});

/**
 * The partner card: the opportunity as the partner organisation `partnerRef` may see it. Awaiting its answer,
 * it shows everything a partner needs to decide, with Accept and Decline; accepted, the same without
 * buttons; declined or taken back, only what it is and where it stands.
 */
export function partnerCardView(
  ctx: ViewContext,
  o: Opportunity,
  partnerRef: string,
  options: PartnerCardOptions = {},
) {
  const { t } = ctx;
  const entry = o.distribution?.partners.find((e) => e.partner === partnerRef);
  const date = entry ? formatDay(ctx, entry.at.slice(0, 10)) : "";
  const status = o.status === "open" ? entry?.status : undefined;
  const statusText =
    status === "delivered"
      ? t.t("distribution.card.offered", { by: entry?.by.name ?? "", date })
      : status === "accepted"
        ? t.t("distribution.card.accepted", { date })
        : status === "declined"
          ? t.t("distribution.card.declined", { date, reason: entry?.reason ?? "" })
          : status === "recalled"
            ? t.t("distribution.card.recalled", { date })
            : t.t("distribution.card.gone");
  const details = status === "delivered" || status === "accepted";
  const facts: { title: string; value: string }[] = [];
  const sections: { label: string; text: string }[] = [];
  if (details) {
    const others = holdingNow(o).filter((e) => e.partner !== partnerRef);
    facts.push(
      { title: t.t("distribution.card.customer"), value: o.party.name },
      { title: t.t("distribution.card.value"), value: amount(ctx, o.estimatedValue, o.currency) },
      ...(o.expectedCloseDate
        ? [{ title: t.t("distribution.card.close"), value: formatDay(ctx, o.expectedCloseDate) }]
        : []),
      {
        title: t.t("distribution.card.partners"),
        value: others.length
          ? t.t("distribution.card.together", {
              partners: listText(
                t,
                others.map((e) => e.name),
              ),
            })
          : t.t("distribution.card.alone"),
      },
      { title: t.t("distribution.card.contact"), value: o.owner.name },
    );
    const section = (key: Parameters<Translator["t"]>[0], text: string | undefined) => {
      if (text?.trim()) sections.push({ label: t.t(key), text });
    };
    section("distribution.card.situation", o.customerSituation);
    section("distribution.card.need", o.customerNeed);
    section("distribution.card.solution", o.proposedSolution);
  }
  return {
    notice: options.notice?.text ?? "",
    noticeStyle: options.notice?.style ?? "good",
    ref: o.ref,
    revision: o.revision,
    kicker: t.t("distribution.card.kicker", { ref: o.ref, partner: entry?.name ?? "" }),
    title: o.title,
    statusText,
    details,
    facts,
    sections,
    canAnswer: status === "delivered",
    reason: options.reason ?? "",
    reasonError: options.reasonError ?? "",
    reasonMax: partnerLimits.reason,
    labels: answerLabels(t),
  };
}

/** The partner card once the opportunity is out of the partner's reach: its reference, title and why. */
export function partnerGoneView(ctx: ViewContext, ref: string, title: string | undefined, notice: Notice) {
  const { t } = ctx;
  return {
    notice: notice.text,
    noticeStyle: notice.style,
    ref,
    revision: 0,
    kicker: title ? ref : "",
    title: title || ref,
    statusText: "",
    details: false,
    facts: [],
    sections: [],
    canAnswer: false,
    reason: "",
    reasonError: "",
    reasonMax: partnerLimits.reason,
    labels: answerLabels(t),
  };
}

/** Whether a partner may see an opportunity (it holds it or created it), and whether it works on it. */
function partnerReach(o: Opportunity, partnerRef: string): { sees: boolean; works: boolean } {
  if (o.origin?.partner === partnerRef) return { sees: true, works: true };
  const status = o.distribution?.partners.find((e) => e.partner === partnerRef)?.status;
  return { sees: status === "delivered" || status === "accepted", works: status === "accepted" };
}

/**
 * A notice for a partner organisation (its opportunity approved or rejected, its deal decided): the sentence,
 * and — only while the partner may still see the opportunity — the customer and the value; an Open button
 * once it works on it (before that, the partner card is what it decides on).
 */
export function partnerNoticeView(
  ctx: ViewContext,
  event: NotificationEvent,
  headline: string,
  current: OpportunityView | undefined,
  partnerRef: string,
  root: boolean,
) {
  const { t } = ctx;
  const o = current?.opportunity;
  const reach = o ? partnerReach(o, partnerRef) : { sees: false, works: false };
  return {
    root,
    title: `${event.subject.ref} · ${o?.title ?? event.subject.title}`,
    progress: "",
    headline: root ? t.t("notify.latest", { text: headline }) : headline,
    facts:
      reach.sees && o
        ? [
            { label: t.t("distribution.card.customer"), value: o.party.name },
            { label: t.t("distribution.card.value"), value: amount(ctx, o.estimatedValue, o.currency) },
          ]
        : [],
    ref: event.subject.ref,
    openVerb: reach.works ? "opp.show" : "",
    // A partner that no longer sees the opportunity gets no link to it.
    ...noticeLink(ctx, event.subject.ref, reach.sees),
  };
}

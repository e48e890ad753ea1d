import type { NotificationEvent } from "../../domain/notify/event.js";
import { namesIn } from "../../kit/rendering/built-in-names.js";
import { currentValue, probabilityPct, type Opportunity } from "../../domain/opportunities/opportunity.js";
import type { OpportunityView } from "../../domain/opportunities/opportunity.service.js";
import type { DirectoryUser } from "../../domain/directory/directory.js";
import type { Translator } from "../../i18n/index.js";
import { currentStageName, formatMoney, formatPercent, stagePath } from "./opportunity.views.js";
import { recordLink, type ViewContext } from "../../kit/rendering/view-context.js";

/**
 * View models for what the bot posts on its own (cards/notification.json) and for the Assign form
 * (cards/opportunity-assign.json). Pure functions of their arguments, like every other view.
 */

/**
 * One sentence for an event, from the reader's point of view when it is about them. `partner`: read by the
 * partner organisation the event concerns (offered to it, taken back from it, its opportunity or deal decided).
 */
export function eventText(
  t: Translator,
  event: NotificationEvent,
  readerId?: string,
  audience: "vendor" | "partner" = "vendor",
): string {
  const f = event.facts;
  const common = { by: event.by.name, ref: event.subject.ref, title: event.subject.title };
  if (audience === "partner") {
    const text = partnerEventText(t, event, common);
    if (text) return text;
  }
  const stage = (name: string | undefined) =>
    name === "#won"
      ? t.t("opp.stage.won")
      : name === "#lost"
        ? t.t("opp.stage.lost")
        : namesIn(t, name ?? "");
  switch (event.kind) {
    case "stage_changed":
      return t.t("event.stage_changed", { ...common, from: stage(f.fromStage), to: stage(f.toStage) });
    case "won":
    case "lost":
      return t.t(`event.${event.kind}`, { ...common, code: f.closeCode ?? "" });
    case "assigned":
      if (readerId && readerId === f.assignee?.id) return t.t("event.assigned.you", common);
      if (readerId && readerId === f.previousOwner?.id)
        return t.t("event.assigned.away", { ...common, assignee: f.assignee?.name ?? "" });
      return t.t("event.assigned", { ...common, assignee: f.assignee?.name ?? "" });
    case "lead_qualified":
      return f.opportunityRef
        ? t.t("event.lead_qualified.opp", { ...common, opportunity: f.opportunityRef })
        : t.t("event.lead_qualified", common);
    case "distributed":
      return t.t(
        f.collaboration ? "distribution.event.distributed.collaboration" : "distribution.event.distributed",
        { ...common, partner: f.partner ?? "" },
      );
    case "partner_accepted":
      return t.t("distribution.event.partner_accepted", { ...common, partner: f.partner ?? "" });
    case "partner_declined":
      return t.t("distribution.event.partner_declined", {
        ...common,
        partner: f.partner ?? "",
        reason: f.reason ?? "",
      });
    case "recalled":
      return t.t("distribution.event.recalled", { ...common, partner: f.partner ?? "" });
    case "partner_created":
      return t.t("distribution.event.partner_created", { ...common, partner: f.partner ?? "" });
    case "deal_requested":
      return t.t("distribution.event.deal_requested", { ...common, partner: f.partner ?? "" });
    case "approval_decided":
    case "deal_decided": {
      const what = event.kind === "approval_decided" ? "approval" : "deal";
      const outcome = f.approved ? "approved" : f.reason ? "rejected_reason" : "rejected";
      return t.t(`distribution.event.${what}.${outcome}`, {
        ...common,
        partner: f.partner ?? "",
        reason: f.reason ?? "",
      });
    }
    default:
      return t.t("event.other", common);
  }
}

/** The partner organisation's side of the events it is told of; undefined for the others. */
function partnerEventText(
  t: Translator,
  event: NotificationEvent,
  common: { by: string; ref: string; title: string },
): string | undefined {
  const f = event.facts;
  switch (event.kind) {
    case "distributed":
      return t.t(
        f.collaboration
          ? "distribution.partner_event.distributed.collaboration"
          : "distribution.partner_event.distributed",
        common,
      );
    case "recalled":
      return t.t("distribution.partner_event.recalled", common);
    case "approval_decided":
    case "deal_decided": {
      const what = event.kind === "approval_decided" ? "approval" : "deal";
      const outcome = f.approved ? "approved" : f.reason ? "rejected_reason" : "rejected";
      return t.t(`distribution.partner_event.${what}.${outcome}`, { ...common, reason: f.reason ?? "" });
    }
    default:
      return undefined;
  }
}

/**
 * A channel notice. `root` is the thread's first post, kept up to date: title, stage progress, "Latest: …"
 * and the record's current figures with an Open button. A reply (`root` false) is the one line of what
 * happened, with the figures the event carried when the record could not be read.
 */
export function notificationView(
  ctx: ViewContext,
  event: NotificationEvent,
  headline: string,
  current: OpportunityView | undefined,
  root: boolean,
): object {
  const { t } = ctx;
  const facts: { label: string; value: string }[] = [];
  const add = (label: string, value: string | undefined) => {
    if (value) facts.push({ label, value });
  };
  if (current) {
    const o = current.opportunity;
    add(t.t("opp.card.stage"), currentStageName(t, o, current.cycle));
    add(t.t("opp.card.owner"), o.owner.name);
    add(t.t("notify.fact.customer"), o.party.name);
    add(t.t("opp.card.value"), formatMoney(ctx, o.estimatedValue, o.currency));
    add(t.t("opp.card.probability"), formatPercent(ctx, probabilityPct(o, current.cycle)));
    add(t.t("opp.card.currentValue"), formatMoney(ctx, currentValue(o, current.cycle), o.currency));
  } else if (!root) {
    const f = event.facts;
    if (f.value !== undefined && f.currency)
      add(t.t("opp.card.value"), formatMoney(ctx, f.value, f.currency));
    if (f.probabilityPct !== undefined)
      add(t.t("opp.card.probability"), formatPercent(ctx, f.probabilityPct));
  }
  // The same stage line as the opportunity card: skipped stages marked, names wrapping whole.
  const progress =
    current && current.opportunity.status === "open"
      ? stagePath(t, current.opportunity, current.cycle).stagePath
      : "";
  return {
    root,
    title: `${event.subject.ref} · ${current?.opportunity.title ?? event.subject.title}`,
    progress,
    headline: root ? t.t("notify.latest", { text: headline }) : headline,
    facts: root || !current ? facts : [],
    ref: event.subject.ref,
    openVerb: root ? (event.subject.kind === "opportunity" ? "opp.show" : "lead.show") : "",
    ...noticeLink(ctx, event.subject.ref),
  };
}

/**
 * The record's link on a notice (the heading opens it, and a button where the card has no Open) and the
 * labels; no link where the bot has no public domain (BOT_DOMAIN): a post in Teams must not point at a
 * local address.
 */
export function noticeLink(ctx: ViewContext, ref: string, linked = true) {
  return {
    link: linked ? recordLink(ctx, ref) : "",
    labels: { open: ctx.t.t("notify.open"), link: ctx.t.t("notify.link", { ref }) },
  };
}

/** The Assign form: the people who may own the opportunity, its current owner left out. */
export function assignFormView(
  ctx: ViewContext,
  o: Opportunity,
  people: readonly DirectoryUser[],
  notice = "",
): object {
  const { t } = ctx;
  return {
    title: t.t("assign.form.title", { ref: o.ref }),
    subtitle: `${o.title} · ${t.t("opp.card.owner")}: ${o.owner.name}`,
    notice,
    ref: o.ref,
    revision: o.revision,
    current: "",
    people: people.map((p) => ({ title: p.email ? `${p.name} (${p.email})` : p.name, value: p.userId })),
    labels: {
      person: t.t("assign.form.person"),
      placeholder: t.t("assign.form.person.placeholder"),
      submit: t.t("assign.form.submit"),
      cancel: t.t("opp.button.cancel"),
    },
  };
}

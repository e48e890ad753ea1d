import type { SalesCycle } from "../cycles/cycle.js";
import { stageText } from "../setup/built-ins.js";
import {
  audible,
  type EventFacts,
  type EventKind,
  type EventPerson,
  type NotificationEvent,
  type Notifier,
  type PartnerAudience,
} from "../notify/event.js";
import type { Partner } from "../partners/partner.js";
import type { Actor } from "../shared/actor.js";
import { probabilityPct, type DistributionEntry, type Opportunity } from "./opportunity.js";

/**
 * The notifications a change of an opportunity causes, worked out by comparing it before and after. They are
 * put in the opportunity's outbox in the same write as the change (see `withEvents`), never sent from here.
 */
export function eventsFor(
  before: Opportunity,
  after: Opportunity,
  cycle: SalesCycle | undefined,
  actor: Actor,
  partners: ReadonlyMap<string, Partner> = new Map(),
): NotificationEvent[] {
  const by: EventPerson = { id: actor.userId, name: actor.name };
  const base = (kind: EventKind, direct: readonly EventPerson[] = []) => ({
    id: `${after.ref}#${after.revision}:${kind}`,
    kind,
    at: after.updatedAt,
    by,
    subject: { kind: "opportunity" as const, ref: after.ref, title: after.title },
    direct,
  });
  const figures = {
    value: after.estimatedValue,
    currency: after.currency,
    probabilityPct: probabilityPct(after, cycle),
  };
  const events: NotificationEvent[] = [];
  if (before.status === "open" && after.status !== "open") {
    const kind = after.status === "won" ? "won" : "lost";
    events.push({
      ...base(kind),
      facts: {
        ...figures,
        fromStage: stageLabel(cycle, before.stageId),
        ...(after.closeCode ? { closeCode: after.closeCode } : {}),
      },
    });
  } else if (before.stageId !== after.stageId || before.status !== after.status) {
    events.push({
      ...base("stage_changed"),
      facts: {
        ...figures,
        fromStage: before.status === "open" ? stageLabel(cycle, before.stageId) : closedLabel(before),
        toStage: stageLabel(cycle, after.stageId),
      },
    });
  }
  if (before.owner.id !== after.owner.id) {
    const assignee = { id: after.owner.id, name: after.owner.name };
    const previousOwner = { id: before.owner.id, name: before.owner.name };
    // The assignee hears of it in their personal chat, and so does the previous owner; never the assigner.
    const direct = [assignee, previousOwner].filter((p) => p.id !== actor.userId);
    events.push({ ...base("assigned", direct), facts: { ...figures, assignee, previousOwner } });
  }
  events.push(...partnerEvents(before, after, actor, partners, base, figures));
  return events;
}

type Base = (kind: EventKind, direct?: readonly EventPerson[]) => Omit<NotificationEvent, "facts">;

/** Distribution, answers, recall, approval and deal registration: who is told of what. */
function partnerEvents(
  before: Opportunity,
  after: Opportunity,
  actor: Actor,
  partners: ReadonlyMap<string, Partner>,
  base: Base,
  figures: EventFacts,
): NotificationEvent[] {
  const events: NotificationEvent[] = [];
  const audience = (entries: readonly { partner: string; name: string }[]): PartnerAudience[] =>
    entries.map((e) => {
      const p = partners.get(e.partner);
      return {
        partner: e.partner,
        name: p?.name ?? e.name,
        ...(p?.inbox ? { inbox: p.inbox } : {}),
        ...(p?.inbox && p.inboxLocale ? { locale: p.inboxLocale } : {}),
        members: (p?.members ?? []).filter((m) => m.id !== actor.userId),
      };
    });
  const names = (entries: readonly { name: string }[]) => entries.map((e) => e.name).join(", ");
  const owner = [{ id: after.owner.id, name: after.owner.name }].filter((p) => p.id !== actor.userId);

  const was = new Map((before.distribution?.partners ?? []).map((e) => [e.partner, e.status]));
  const changed = (after.distribution?.partners ?? []).filter((e) => was.get(e.partner) !== e.status);
  const became = (status: DistributionEntry["status"]) => changed.filter((e) => e.status === status);
  const delivered = became("delivered");
  if (delivered.length)
    events.push({
      ...base("distributed"),
      partners: audience(delivered),
      facts: {
        ...figures,
        partner: names(delivered),
        collaboration: after.distribution?.collaboration ?? false,
      },
    });
  for (const [status, kind] of [
    ["accepted", "partner_accepted"],
    ["declined", "partner_declined"],
  ] as const) {
    const answered = became(status);
    const [first] = answered;
    if (first)
      events.push({
        ...base(kind, owner),
        facts: { ...figures, partner: names(answered), ...(first.reason ? { reason: first.reason } : {}) },
      });
  }
  const recalled = became("recalled");
  if (recalled.length)
    events.push({ ...base("recalled"), partners: audience(recalled), facts: { partner: names(recalled) } });

  const origin = after.origin ? audience([after.origin]) : [];
  const note = after.history[after.history.length - 1]?.note;
  if (before.approval === "pending" && after.approval !== "pending" && after.approval !== undefined)
    events.push({
      ...base("approval_decided"),
      partners: origin,
      facts: {
        ...figures,
        partner: after.origin?.name ?? "",
        approved: after.approval === "approved",
        ...(after.approval === "rejected" && note ? { reason: note } : {}),
      },
    });
  if (before.deal?.status !== "requested" && after.deal?.status === "requested")
    events.push({ ...base("deal_requested"), facts: { ...figures, partner: after.origin?.name ?? "" } });
  if (before.deal?.status === "requested" && after.deal && after.deal.status !== "requested")
    events.push({
      ...base("deal_decided"),
      partners: origin,
      facts: {
        ...figures,
        partner: after.origin?.name ?? "",
        approved: after.deal.status === "approved",
        ...(after.deal.reason ? { reason: after.deal.reason } : {}),
      },
    });
  return events;
}

/** A partner created an opportunity: the vendor's channels that follow partner events hear of it. */
export function creationEvents(o: Opportunity, actor: Actor): NotificationEvent[] {
  if (!o.origin) return [];
  return [
    {
      id: `${o.ref}#${o.revision}:partner_created`,
      kind: "partner_created",
      at: o.createdAt,
      by: { id: actor.userId, name: actor.name },
      subject: { kind: "opportunity", ref: o.ref, title: o.title },
      facts: { value: o.estimatedValue, currency: o.currency, partner: o.origin.name },
      direct: [],
    },
  ];
}

/** The opportunity with the events of this change that somebody will receive appended to its outbox. */
export async function withEvents(
  notifier: Notifier,
  before: Opportunity,
  after: Opportunity,
  cycle: SalesCycle | undefined,
  actor: Actor,
  partners?: ReadonlyMap<string, Partner>,
): Promise<Opportunity> {
  const events = await audible(notifier, actor.tenantId, eventsFor(before, after, cycle, actor, partners));
  if (events.length === 0) return after;
  return { ...after, outbox: [...(after.outbox ?? []), ...events] };
}

/** A default stage as a token (`#stage:develop`) the renderer says in each reader's language. */
const stageLabel = (cycle: SalesCycle | undefined, stageId: string | undefined): string => {
  const stage = cycle?.stages.find((s) => s.id === stageId);
  return stage ? stageText(stage) : "";
};

/** Terminal states are shown by their status word; the renderer translates "won" / "lost". */
const closedLabel = (o: Opportunity): string => `#${o.status}`;

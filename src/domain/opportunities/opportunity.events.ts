import type { SalesCycle } from "../cycles/cycle.js";
import {
  audible,
  type EventKind,
  type EventPerson,
  type NotificationEvent,
  type Notifier,
} from "../notify/event.js";
import type { Actor } from "../shared/actor.js";
import { probabilityPct, type Opportunity } from "./opportunity.js";

/**
 * The notifications a change of an opportunity causes, worked out by comparing it before and after. They are
 * put in the opportunity's outbox in the same write as the change (see `withEvents`), never sent from here.
 */
export function eventsFor(
  before: Opportunity,
  after: Opportunity,
  cycle: SalesCycle | undefined,
  actor: Actor,
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
  return events;
}

/** The opportunity with the events of this change that somebody will receive appended to its outbox. */
export async function withEvents(
  notifier: Notifier,
  before: Opportunity,
  after: Opportunity,
  cycle: SalesCycle | undefined,
  actor: Actor,
): Promise<Opportunity> {
  const events = await audible(notifier, actor.tenantId, eventsFor(before, after, cycle, actor));
  if (events.length === 0) return after;
  return { ...after, outbox: [...(after.outbox ?? []), ...events] };
}

const stageLabel = (cycle: SalesCycle | undefined, stageId: string | undefined): string =>
  cycle?.stages.find((s) => s.id === stageId)?.name ?? "";

/** Terminal states are shown by their status word; the renderer translates "won" / "lost". */
const closedLabel = (o: Opportunity): string => `#${o.status}`;

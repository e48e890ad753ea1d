import { activityText } from "../setup/built-ins.js";
import type { SalesCycle } from "../cycles/cycle.js";
import type { TenantSetup } from "../setup/tenant-setup.js";
import type { Opportunity } from "./opportunity.js";

/** One line of a salesperson's or manager's `inbox`. */
export interface InboxItem {
  readonly ref: string;
  readonly title: string;
  readonly reason: "activity_due" | "close_date_passed" | "approval_pending" | "deal_pending";
  readonly detail: string;
  readonly due: string;
}

/** The attention date of an opportunity that needs none (closed, or no reminder and no close date). */
export const noAttention = "9999-12-31";

/**
 * The first day an opportunity appears in its owner's inbox: the earliest due date of its current stage's
 * activities with reminders, or the day after its expected close date. Kept on the record at every write, so
 * the inbox reads the owner's open opportunities ordered by it and stops at the first one not yet due (one
 * query page, however many the owner has). It depends on the stage's activities: an edit of them re-stamps
 * that stage's opportunities (CycleAdminService).
 */
export function attentionDate(o: Opportunity, cycle: SalesCycle | undefined): string {
  if (o.status !== "open") return noAttention;
  const dates = dueDates(o, cycle).map((d) => d.due);
  return dates.reduce((a, b) => (b < a ? b : a), noAttention);
}

/** The opportunity with its attention date computed from its cycle in `setup`, ready to be written. */
export function withAttention(o: Opportunity, setup: TenantSetup): Opportunity {
  return {
    ...o,
    attentionDate: attentionDate(
      o,
      setup.cycles.find((c) => c.code === o.cycleCode),
    ),
  };
}

/** What an opportunity puts in its owner's inbox on `today` (YYYY-MM-DD). */
export function attentionItems(o: Opportunity, cycle: SalesCycle | undefined, today: string): InboxItem[] {
  if (o.status !== "open") return [];
  return dueDates(o, cycle)
    .filter((d) => d.due <= today)
    .map((d) =>
      d.activity !== undefined
        ? { ref: o.ref, title: o.title, reason: "activity_due", detail: d.activity, due: d.due }
        : {
            ref: o.ref,
            title: o.title,
            reason: "close_date_passed",
            detail: o.expectedCloseDate ?? "",
            due: o.expectedCloseDate ?? d.due,
          },
    );
}

/** The day each reminder falls due, and the day after the expected close date (when it is set). */
function dueDates(
  o: Opportunity,
  cycle: SalesCycle | undefined,
): { readonly due: string; readonly activity?: string }[] {
  const stage = cycle?.stages.find((s) => s.id === o.stageId);
  const entered = enteredStage(o);
  const dates: { due: string; activity?: string }[] = [];
  for (const activity of stage?.activities ?? []) {
    if (activity.reminder)
      dates.push({ due: addDays(entered, activity.durationDays), activity: activityText(activity) });
  }
  if (o.expectedCloseDate) dates.push({ due: addDays(o.expectedCloseDate, 1) });
  return dates;
}

/** When it entered its current stage: the latest history row that moved it there, else its creation. */
export function enteredStage(o: Opportunity): string {
  return [...o.history].reverse().find((h) => h.to === o.stageId)?.at ?? o.createdAt;
}

function addDays(iso: string, days: number): string {
  const date = new Date(iso);
  // A date that does not parse never comes due rather than failing the whole inbox.
  if (Number.isNaN(date.getTime())) return noAttention;
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

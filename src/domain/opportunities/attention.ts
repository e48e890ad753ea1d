import { addDays as addCalendarDays, zonedParts } from "../digest/zoned-time.js";
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
 * Dates here are calendar dates in the tenant's time zone: a close date is a day in the tenant's calendar, a
 * reminder falls due so many days after the (local) day the opportunity entered its stage, and "today" is the
 * tenant's today. The inbox and the morning nudges (digest.ts) both ask `dueDates`, so they never disagree.
 */

/**
 * The key the inbox orders an owner's open opportunities by: the earliest of `dueDates` reckoned in UTC.
 * Kept on the record at every write, so the inbox reads the owner's open opportunities ordered by it and
 * stops at the first one not due (one query page, however many the owner has). Reckoned in UTC, it is within
 * one day of the date in any zone (`mayBeDue`), so a tenant's change of time zone needs no re-stamping. It
 * depends on the stage's activities: an edit of them re-stamps that stage's opportunities (CycleAdminService).
 */
export function attentionDate(o: Opportunity, cycle: SalesCycle | undefined): string {
  if (o.status !== "open") return noAttention;
  const dates = dueDates(o, cycle, "UTC").map((d) => d.due);
  return dates.reduce((a, b) => (b < a ? b : a), noAttention);
}

/**
 * Whether an opportunity with this stored attention date can be due on `today` in some zone: a date reckoned
 * from an instant differs by at most a day between UTC and any zone. False means neither it nor any later one
 * in the inbox's order is due.
 */
export function mayBeDue(storedAttentionDate: string, today: string): boolean {
  return storedAttentionDate === noAttention ? false : storedAttentionDate <= addCalendarDays(today, 1);
}

/** The tenant's calendar date at `instant` (an ISO string), in `zone`. */
export function localDate(instant: string, zone: string): string | undefined {
  const ms = Date.parse(instant);
  return Number.isNaN(ms) ? undefined : zonedParts(ms, zone).date;
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

/** What an opportunity puts in its owner's inbox on `today` (the tenant's date in `zone`). */
export function attentionItems(
  o: Opportunity,
  cycle: SalesCycle | undefined,
  today: string,
  zone: string,
): InboxItem[] {
  if (o.status !== "open") return [];
  return dueDates(o, cycle, zone)
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

/**
 * The local day each reminder of the current stage falls due (its duration after the day the opportunity
 * entered the stage, in `zone`), and the day after the expected close date (when it is set): the first day
 * the close date has passed. Something is due on `today` when its date is on or before it.
 */
export function dueDates(
  o: Opportunity,
  cycle: SalesCycle | undefined,
  zone: string,
): { readonly due: string; readonly activity?: string }[] {
  const stage = cycle?.stages.find((s) => s.id === o.stageId);
  const entered = localDate(enteredStage(o), zone);
  const dates: { due: string; activity?: string }[] = [];
  for (const activity of stage?.activities ?? []) {
    if (activity.reminder)
      dates.push({ due: addDays(entered, activity.durationDays), activity: activityText(activity) });
  }
  if (o.expectedCloseDate) dates.push({ due: addDays(o.expectedCloseDate, 1) });
  return dates;
}

/** Its expected close date has passed on `today` (the tenant's date): the close rule of `dueDates`. */
export function closeDatePassed(o: Opportunity, today: string): boolean {
  return o.expectedCloseDate !== undefined && addDays(o.expectedCloseDate, 1) <= today;
}

/** When it entered its current stage: the latest history row that moved it there, else its creation. */
export function enteredStage(o: Opportunity): string {
  return [...o.history].reverse().find((h) => h.to === o.stageId)?.at ?? o.createdAt;
}

function addDays(date: string | undefined, days: number): string {
  // A date that does not parse never comes due rather than failing the whole inbox.
  if (date === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date)))
    return noAttention;
  return addCalendarDays(date, days);
}

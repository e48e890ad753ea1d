import { dueDates, localDate } from "../opportunities/attention.js";
import { stageText } from "../setup/built-ins.js";
import type { SalesCycle } from "../cycles/cycle.js";
import type { Opportunity } from "../opportunities/opportunity.js";
import type { DigestChange, NudgeReason } from "./digest.js";
import { daysBetween } from "./zoned-time.js";

/**
 * What an opportunity adds to a channel's digest (its change in the period) and to its owner's nudge (why it
 * is due), read from the opportunity and its sales cycle. Apart from the digest's content (digest.ts), which
 * the notification events and the tenant's settings carry without needing opportunities.
 */

/** The stage an opportunity is in needs these (e.g. a value in Propose): from half-way through the cycle. */
export function missingFields(o: Opportunity, cycle: SalesCycle | undefined): ("value" | "close")[] {
  const stage = cycle?.stages.find((s) => s.id === o.stageId);
  if (!stage || stage.completedPct < 50) return [];
  const missing: ("value" | "close")[] = [];
  if (!(o.estimatedValue > 0)) missing.push("value");
  if (!o.expectedCloseDate) missing.push("close");
  return missing;
}

/**
 * Why an open opportunity belongs in its owner's nudge on `today` (the tenant's date in `zone`); empty when it
 * does not. Due reminders and a passed close date are the inbox's own rule (`dueDates`), on the same dates.
 */
export function nudgeReasons(
  o: Opportunity,
  cycle: SalesCycle | undefined,
  today: string,
  staleDays: number,
  zone: string,
): NudgeReason[] {
  const reasons: NudgeReason[] = [];
  for (const d of dueDates(o, cycle, zone)) {
    if (d.due > today) continue;
    if (d.activity !== undefined) reasons.push({ kind: "activity", activity: d.activity, due: d.due });
    else if (o.expectedCloseDate) reasons.push({ kind: "close_passed", date: o.expectedCloseDate });
  }
  const changed = lastChangedOn(o, zone, today);
  const days = daysBetween(changed, today);
  if (days >= staleDays) reasons.push({ kind: "stale", since: changed, days });
  const missing = missingFields(o, cycle);
  if (missing.length > 0) reasons.push({ kind: "missing", fields: missing });
  return reasons;
}

/** The tenant's date of an opportunity's last change (what staleness counts from). */
export const lastChangedOn = (o: Opportunity, zone: string, fallback: string): string =>
  localDate(o.updatedAt, zone) ?? fallback;

/**
 * What happened to an opportunity between `since` and `until` (ISO instants), from its creation time and its
 * stage history: new, moved (first stage → last stage), won or lost. Field edits alone are not changes here.
 */
export function changeOf(
  o: Opportunity,
  cycle: SalesCycle | undefined,
  since: string,
  until: string,
): DigestChange | undefined {
  const base = { ref: o.ref, title: o.title, value: o.estimatedValue, currency: o.currency };
  const name = (id: string | undefined) => {
    const stage = cycle?.stages.find((s) => s.id === id);
    return stage ? stageText(stage) : (id ?? "—");
  };
  const within = (at: string) => at >= since && at < until;
  if (within(o.createdAt)) return { kind: "new", ...base, to: name(o.stageId) };
  const rows = o.history.filter((h) => within(h.at));
  const closed = [...rows].reverse().find((h) => h.to === "won" || h.to === "lost");
  if (closed && o.status !== "open" && o.status === closed.to)
    return { kind: o.status, ...base, from: name(closed.from) };
  const moves = rows.filter(
    (h) => ["next", "previous", "skip", "goto", "replace"].includes(h.action) && h.from !== h.to,
  );
  const first = moves[0];
  const last = moves[moves.length - 1];
  if (first && last && first.from !== last.to)
    return { kind: "moved", ...base, from: name(first.from), to: name(last.to) };
  return undefined;
}

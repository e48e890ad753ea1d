import { ownDateFormat } from "../shared/intl-formats.js";

/**
 * Wall-clock time in an IANA time zone, with nothing but `Intl.DateTimeFormat` (which carries the zone
 * database in every Node build): what date and time it is in Copenhagen at an instant, and which instant is
 * 08:00 on a date in Copenhagen — across daylight-saving changes.
 */

const minuteMs = 60_000;
const dayMs = 86_400_000;

/** The zone's clock, from the process's one formatter cache (shared/intl-formats.ts). */
function formatFor(zone: string): Intl.DateTimeFormat {
  return ownDateFormat(
    `zoned|${zone}`,
    () =>
      new Intl.DateTimeFormat("en-US", {
        timeZone: zone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
      }),
  );
}

/** The zone's canonical name ("Europe/Copenhagen"), or undefined when Intl does not know it. */
export function canonicalZone(zone: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(zone)) return undefined;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** The local date ("2026-12-07"), minutes since local midnight and ISO weekday (Monday 1 … Sunday 7). */
export interface ZonedParts {
  readonly date: string;
  readonly minutes: number;
  readonly weekday: number;
}

/** Local wall time at `ms`, as if it were UTC (the zone's offset added). */
function wallMs(ms: number, zone: string): number {
  // UTC's wall time is the instant itself. Every opportunity write reckons its attention date in UTC
  // (attention.ts), and formatToParts costs tens of microseconds a call.
  if (zone === "UTC") return ms;
  const parts: Record<string, string> = {};
  for (const part of formatFor(zone).formatToParts(new Date(ms))) parts[part.type] = part.value;
  return Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
}

export function zonedParts(ms: number, zone: string): ZonedParts {
  const wall = wallMs(Math.floor(ms / 1000) * 1000, zone);
  const midnight = Math.floor(wall / dayMs) * dayMs;
  return {
    date: new Date(midnight).toISOString().slice(0, 10),
    minutes: Math.floor((wall - midnight) / minuteMs),
    weekday: isoWeekday(new Date(midnight).toISOString().slice(0, 10)),
  };
}

/**
 * The instant the zone's clocks show `minutes` past midnight on `date`. A time that does not exist that day
 * (the hour skipped in spring) is read with the offset from before the change, so it lands just after the
 * gap (02:30 → 03:30); a time that exists twice (autumn) is one of its two occurrences — either way one
 * instant, the same on every call.
 */
export function zonedInstant(date: string, minutes: number, zone: string): number {
  const wall = Date.parse(`${date}T00:00:00.000Z`) + minutes * minuteMs;
  const first = wall - (wallMs(wall, zone) - wall);
  const offset = wallMs(first, zone) - first;
  return wall - offset;
}

/** Monday 1 … Sunday 7 of a calendar date. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00.000Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The calendar date `days` after `date` (negative: before). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + days * dayMs).toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to` (dates "YYYY-MM-DD"). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00.000Z`) - Date.parse(`${from}T00:00:00.000Z`)) / dayMs);
}

import { addDays, isoWeekday, zonedInstant, zonedParts } from "./zoned-time.js";

/**
 * When something scheduled is sent, in the tenant's time zone: weekly on one weekday, or daily on working
 * days (Monday to Friday), at a wall-clock time. A period is one such day; its key is that local date, so a
 * delivery made for it has the same id however often, and on however many instances, it is made.
 */
export interface Schedule {
  readonly cadence: "weekly" | "daily";
  /** Weekly: Monday 1 … Sunday 7. Ignored for daily. */
  readonly weekday: number;
  /** Minutes after local midnight (08:00 = 480). */
  readonly minutes: number;
}

/** A channel digest unless told otherwise: Monday 08:00. */
export const defaultDigestSchedule: Schedule = { cadence: "weekly", weekday: 1, minutes: 8 * 60 };
/** Personal nudges: each working day at 08:00. */
export const nudgeSchedule: Schedule = { cadence: "daily", weekday: 1, minutes: 8 * 60 };

export interface Occurrence {
  /** The local date of the period ("2026-12-07"): part of every delivery id made for it. */
  readonly periodKey: string;
  /** The instant it was due. */
  readonly dueAt: number;
}

export function firesOn(schedule: Schedule, weekday: number): boolean {
  return schedule.cadence === "weekly" ? weekday === schedule.weekday : weekday <= 5;
}

/**
 * Today's occurrence, if it is due: the schedule fires on today's local date and its time has come. A
 * period missed while the bot was down is therefore still sent later that same local day, and never on
 * the next one.
 */
export function dueToday(schedule: Schedule, zone: string, now: number): Occurrence | undefined {
  const today = zonedParts(now, zone);
  if (!firesOn(schedule, today.weekday)) return undefined;
  const dueAt = zonedInstant(today.date, schedule.minutes, zone);
  return dueAt <= now ? { periodKey: today.date, dueAt } : undefined;
}

/** The first occurrence after `after`. */
export function nextOccurrence(schedule: Schedule, zone: string, after: number): Occurrence {
  const start = zonedParts(after, zone).date;
  for (let day = 0; day <= 8; day++) {
    const date = addDays(start, day);
    if (!firesOn(schedule, isoWeekday(date))) continue;
    const dueAt = zonedInstant(date, schedule.minutes, zone);
    if (dueAt > after) return { periodKey: date, dueAt };
  }
  throw new Error("a schedule fires at least once a week");
}

/** The last occurrence before `before` (where "changes since the last digest" start). */
export function previousOccurrence(schedule: Schedule, zone: string, before: number): Occurrence {
  const start = zonedParts(before, zone).date;
  for (let day = 0; day <= 8; day++) {
    const date = addDays(start, -day);
    if (!firesOn(schedule, isoWeekday(date))) continue;
    const dueAt = zonedInstant(date, schedule.minutes, zone);
    if (dueAt < before) return { periodKey: date, dueAt };
  }
  throw new Error("a schedule fires at least once a week");
}

const dayWords: Readonly<Record<string, number>> = {
  monday: 1,
  mon: 1,
  mandag: 1,
  måndag: 1,
  tuesday: 2,
  tue: 2,
  tirsdag: 2,
  tisdag: 2,
  wednesday: 3,
  wed: 3,
  onsdag: 3,
  thursday: 4,
  thu: 4,
  torsdag: 4,
  friday: 5,
  fri: 5,
  fredag: 5,
  saturday: 6,
  sat: 6,
  lørdag: 6,
  lördag: 6,
  sunday: 7,
  sun: 7,
  søndag: 7,
  söndag: 7,
};

/** A weekday by name (English, Danish, Norwegian or Swedish, or the English three letters). */
export function parseWeekday(word: string): number | undefined {
  return dayWords[word.toLowerCase()];
}

/** "08:00", "8:00", "0800" → minutes after midnight; undefined when it is no time of day. */
export function parseTimeOfDay(text: string): number | undefined {
  const match = /^([01]?\d|2[0-3])[:.]?([0-5]\d)$/.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * 60 + Number(match[2]);
}

export function timeOfDay(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

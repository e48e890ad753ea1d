import { expect, test } from "vitest";
import {
  dueToday,
  nextOccurrence,
  parseTimeOfDay,
  parseWeekday,
  previousOccurrence,
} from "../../src/domain/digest/schedule.js";
import { canonicalZone, zonedInstant, zonedParts } from "../../src/domain/digest/zoned-time.js";

const cph = "Europe/Copenhagen";
const iso = (ms: number) => new Date(ms).toISOString();
const weekly = (weekday: number, minutes = 480) => ({ cadence: "weekly" as const, weekday, minutes });

test("08:00 in Copenhagen is 07:00 UTC in winter and 06:00 UTC in summer, on either side of each change", () => {
  expect(iso(zonedInstant("2027-03-27", 480, cph))).toBe("2027-03-27T07:00:00.000Z");
  expect(iso(zonedInstant("2027-03-28", 480, cph))).toBe("2027-03-28T06:00:00.000Z");
  expect(iso(zonedInstant("2026-10-24", 480, cph))).toBe("2026-10-24T06:00:00.000Z");
  expect(iso(zonedInstant("2026-10-25", 480, cph))).toBe("2026-10-25T07:00:00.000Z");
});

test("a time the spring change skips lands just after the gap; a time the autumn change repeats is one instant", () => {
  // 02:30 does not exist on 28 March 2027 in Copenhagen: the clocks go from 02:00 to 03:00.
  expect(iso(zonedInstant("2027-03-28", 150, cph))).toBe("2027-03-28T01:30:00.000Z");
  expect(zonedParts(zonedInstant("2027-03-28", 150, cph), cph)).toEqual({
    date: "2027-03-28",
    minutes: 210,
    weekday: 7,
  });
  // 02:30 happens twice on 31 October 2027; always the same one of the two.
  const twice = zonedInstant("2027-10-31", 150, cph);
  expect(["2027-10-31T00:30:00.000Z", "2027-10-31T01:30:00.000Z"]).toContain(iso(twice));
  expect(zonedInstant("2027-10-31", 150, cph)).toBe(twice);
});

test("local dates turn at the zone's midnight, not UTC's", () => {
  expect(zonedParts(Date.parse("2026-12-06T23:30:00Z"), cph)).toEqual({
    date: "2026-12-07",
    minutes: 30,
    weekday: 1,
  });
  expect(zonedParts(Date.parse("2026-12-07T04:00:00Z"), "America/Los_Angeles")).toEqual({
    date: "2026-12-06",
    minutes: 20 * 60,
    weekday: 7,
  });
});

test("in UTC (how attention dates are reckoned) the parts are the instant's own, seconds cut, as Intl says", () => {
  expect(zonedParts(Date.parse("2028-02-29T23:59:59.999Z"), "UTC")).toEqual({
    date: "2028-02-29",
    minutes: 23 * 60 + 59,
    weekday: 2,
  });
  expect(zonedParts(Date.parse("2026-12-31T00:00:00Z"), "UTC")).toEqual({
    date: "2026-12-31",
    minutes: 0,
    weekday: 4,
  });
  // The same as any other zone's path, through Intl: Etc/UTC is UTC by another name.
  for (const at of ["1999-12-31T23:59:30Z", "2027-03-28T01:30:00Z", "2027-10-31T02:45:10Z"])
    expect(zonedParts(Date.parse(at), "UTC")).toEqual(zonedParts(Date.parse(at), "Etc/UTC"));
});

test("due today only from its time until the local day ends; next and previous skip over the change", () => {
  const monday = weekly(1);
  expect(dueToday(monday, cph, Date.parse("2026-12-07T06:59:59Z"))).toBeUndefined();
  expect(dueToday(monday, cph, Date.parse("2026-12-07T07:00:00Z"))).toEqual({
    periodKey: "2026-12-07",
    dueAt: Date.parse("2026-12-07T07:00:00Z"),
  });
  expect(dueToday(monday, cph, Date.parse("2026-12-07T22:59:00Z"))?.periodKey).toBe("2026-12-07");
  expect(dueToday(monday, cph, Date.parse("2026-12-07T23:00:00Z"))).toBeUndefined();

  const next = nextOccurrence(monday, cph, Date.parse("2027-03-23T00:00:00Z"));
  expect(next).toEqual({ periodKey: "2027-03-29", dueAt: Date.parse("2027-03-29T06:00:00Z") });
  expect(previousOccurrence(monday, cph, next.dueAt)).toEqual({
    periodKey: "2027-03-22",
    dueAt: Date.parse("2027-03-22T07:00:00Z"),
  });
  // Daily means working days: Monday's previous is Friday.
  const daily = { cadence: "daily" as const, weekday: 1, minutes: 480 };
  expect(previousOccurrence(daily, cph, Date.parse("2026-12-07T07:00:00Z")).periodKey).toBe("2026-12-04");
  expect(dueToday(daily, cph, Date.parse("2026-12-05T12:00:00Z"))).toBeUndefined();
});

test("days and times as people type them; zones only when Intl knows them", () => {
  expect(["monday", "Mon", "mandag", "måndag", "SØNDAG", "söndag"].map(parseWeekday)).toEqual([
    1, 1, 1, 1, 7, 7,
  ]);
  expect(parseWeekday("someday")).toBeUndefined();
  expect(["08:00", "8:00", "0800", "16.30", "23:59"].map(parseTimeOfDay)).toEqual([480, 480, 480, 990, 1439]);
  expect(["24:00", "8", "08:60", "eight", ""].map(parseTimeOfDay)).toEqual([
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
  ]);
  expect(canonicalZone("europe/copenhagen")).toBe("Europe/Copenhagen");
  expect(canonicalZone("Mars/Olympus_Mons")).toBeUndefined();
  expect(canonicalZone("../../etc")).toBeUndefined();
});

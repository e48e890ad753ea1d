import { expect, test } from "vitest";
import {
  cachedFormatCount,
  dateFormat,
  numberFormat,
  ownDateFormat,
} from "../../src/domain/shared/intl-formats.js";

/**
 * The Intl formatter cache keeps one formatter per locale and options, at most 500, and forgets the one used
 * least recently when a new one would overflow it (intl-formats.ts says why by stamp and not by order).
 */
test("the formatter cache is bounded and forgets the formatter used least recently", () => {
  const made: string[] = [];
  const own = (key: string) =>
    ownDateFormat(key, () => {
      made.push(key);
      return new Intl.DateTimeFormat("en-GB", { timeZone: "UTC" });
    });
  const base = cachedFormatCount();
  const room = 500 - base;
  for (let i = 0; i < room; i++) own(`k${i}`);
  expect(cachedFormatCount()).toBe(500);
  expect(made).toHaveLength(room);

  // k0 is used again, so k1 is now the least recently used: a new formatter forgets k1, keeps k0.
  const k0 = own("k0");
  own("new");
  expect(cachedFormatCount()).toBe(500);
  made.length = 0;
  expect(own("k0")).toBe(k0);
  expect(made).toEqual([]);
  own("k1");
  expect(made).toEqual(["k1"]);
  expect(cachedFormatCount()).toBe(500);
});

test("a lookup finds the formatter it made, for the same locale and options", () => {
  const money = numberFormat("da-DK", { style: "currency", currency: "DKK" });
  expect(numberFormat("da-DK", { style: "currency", currency: "DKK" })).toBe(money);
  expect(numberFormat("da-DK", { style: "currency", currency: "EUR" })).not.toBe(money);
  const day = dateFormat("nb-NO", { dateStyle: "medium", timeZone: "UTC" });
  expect(dateFormat("nb-NO", { dateStyle: "medium", timeZone: "UTC" })).toBe(day);
  expect(day.format(new Date("2026-12-06T00:00:00.000Z"))).toBe(
    new Intl.DateTimeFormat("nb-NO", { dateStyle: "medium", timeZone: "UTC" }).format(
      new Date("2026-12-06T00:00:00.000Z"),
    ),
  );
});

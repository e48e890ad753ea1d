import { expect, test } from "vitest";

import {
  dayFormatter,
  formatDay,
  formatNumber,
  formatPercent,
  numberFormatter,
  percentFormatter,
} from "../../src/features/opportunities/opportunity.format.js";
import { translator } from "../../src/i18n/index.js";
import type { ViewContext } from "../../src/kit/rendering/view-context.js";

/**
 * A card looks each formatter up once and formats all its numbers, percentages and days with it; one call
 * looks it up each time. Both give the same text, and a locale Intl refuses (it comes from the client) or a
 * day that is no date never breaks a card: the plain value is shown.
 */
const ctx = (locale: string): ViewContext => ({ t: translator("en"), locale, timeZone: "UTC" });

test("a card's formatters give what one call gives, in each language", () => {
  for (const locale of ["en-US", "da-DK", "nb-NO", "sv-SE"]) {
    const view = ctx(locale);
    expect(percentFormatter(view)(12.5)).toBe(formatPercent(view, 12.5));
    expect(numberFormatter(view)(1234.567)).toBe(formatNumber(view, 1234.567));
    expect(dayFormatter(view)("2027-06-30")).toBe(formatDay(view, "2027-06-30"));
  }
  expect(formatPercent(ctx("en-US"), 12.5)).toBe("12.5%");
  expect(formatDay(ctx("da-DK"), "2027-03-31")).toBe("31. mar. 2027");
});

test("a locale Intl refuses or a day that is no date shows the plain value", () => {
  const bad = ctx("not a locale!");
  expect(formatPercent(bad, 12.5)).toBe("12.5 %");
  expect(percentFormatter(bad)(20)).toBe("20 %");
  expect(formatNumber(bad, 3.25)).toBe("3.25");
  expect(numberFormatter(bad)(3.25)).toBe("3.25");
  expect(formatDay(bad, "2027-06-30")).toBe("2027-06-30");
  expect(formatDay(ctx("en-US"), "2027-13-45")).toBe("2027-13-45");
  expect(dayFormatter(ctx("en-US"))("someday")).toBe("someday");
});

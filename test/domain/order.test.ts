import fc from "fast-check";
import { expect, test } from "vitest";
import { byCodeUnits } from "../../src/domain/shared/order.js";

/**
 * byCodeUnits replaced localeCompare where the strings are machine-made (order.ts): on each kind it must give
 * the order the collator gave, so that no list a user sees changes.
 */
const sign = (n: number) => Math.sign(n);
const sameAsCollator = (a: string, b: string): void => {
  expect(sign(byCodeUnits(a, b)), `${a} / ${b}`).toBe(sign(a.localeCompare(b)));
};

const upper = fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZ");
const currency = fc.array(upper, { minLength: 3, maxLength: 3 }).map((cs) => cs.join(""));
const isoTime = fc
  .date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2199-12-31T23:59:59Z"), noInvalidDate: true })
  .map((d) => d.toISOString());
const isoDate = isoTime.map((t) => t.slice(0, 10));
const ref = fc
  .tuple(fc.constantFrom("L", "OPP", "P", "A", "C"), fc.integer({ min: 1, max: 10_000_000 }))
  .map(([prefix, n]) => `${prefix}-${n}`);

test.each([
  ["currency codes", currency],
  ["ISO dates", isoDate],
  ["ISO times", isoTime],
  ["reference numbers", ref],
])("on %s it orders as localeCompare does", (_, kind) => {
  fc.assert(fc.property(kind, kind, sameAsCollator), { numRuns: 2000 });
});

test("it is a total order that sorts the way a user's lists were sorted", () => {
  expect(["EUR", "DKK", "SEK", "NOK", "DKK"].sort(byCodeUnits)).toEqual(["DKK", "DKK", "EUR", "NOK", "SEK"]);
  expect(["OPP-10", "OPP-9", "OPP-100", "L-2"].sort(byCodeUnits)).toEqual([
    "L-2",
    "OPP-10",
    "OPP-100",
    "OPP-9",
  ]);
  expect(byCodeUnits("2026-12-08", "2026-12-08")).toBe(0);
  expect(byCodeUnits("2026-12-08T01:00:00.000Z", "2026-12-08T00:59:59.999Z")).toBe(1);
});

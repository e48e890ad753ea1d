import { expect, test } from "vitest";
import { backoffDelay, defaultBackoff, maxDeliveryAttempts } from "../../src/notify/backoff.js";

test("each failure doubles the step from 1 s; equal jitter keeps between half and all of it", () => {
  expect([1, 2, 3, 4].map((n) => backoffDelay(n, () => 0))).toEqual([500, 1000, 2000, 4000]);
  expect([1, 2, 3, 4].map((n) => backoffDelay(n, () => 1))).toEqual([1000, 2000, 4000, 8000]);
  expect(backoffDelay(2, () => 0.5)).toBe(1500);
});

test("the step is capped at 5 minutes", () => {
  expect(backoffDelay(30, () => 1)).toBe(300_000);
  expect(backoffDelay(30, () => 0)).toBe(150_000);
  expect(defaultBackoff.capMs).toBe(300_000);
});

test("the policy is configurable and a delivery is given up after a bounded number of attempts", () => {
  expect(backoffDelay(3, () => 1, { baseMs: 100, factor: 3, capMs: 10_000 })).toBe(900);
  expect(maxDeliveryAttempts).toBeGreaterThan(1);
});

import { expect, test } from "vitest";
import { fuzzEdge } from "./hostile-activities.js";

/**
 * The fuzz campaign of CI: a fixed seed, 2,000 hostile activities against the real HTTP edge (see
 * hostile-activities.ts for the properties). A longer campaign: `npm run fuzz -- --runs 100000`.
 */
test("2,000 hostile activities: no 5xx, no stall, no forbidden change, no pollution, replies under 40 KB", async () => {
  const figures = await fuzzEdge({ runs: 2_000, seed: 20261206 });
  expect(figures.activities).toBe(2_000);
  expect(Object.keys(figures.statuses).filter((s) => Number(s) >= 500)).toEqual([]);
  // Every kind of hostile activity was tried.
  expect(Object.keys(figures.byKind).sort()).toEqual(["envelope", "execute", "invoke", "submit", "typed"]);
}, 120_000);

import { expect, test } from "vitest";
import { defaultCycle, type SalesCycle } from "../../src/domain/cycles/cycle.js";
import { newOpportunity, type Opportunity } from "../../src/domain/opportunities/opportunity.js";
import { addLine, makeQuote } from "../../src/domain/opportunities/opportunity.lifecycle.js";
import { stageActions, stageChoices } from "../../src/domain/opportunities/opportunity.stages.js";
import type { Actor } from "../../src/domain/shared/actor.js";
import type { Result } from "../../src/domain/shared/result.js";

/**
 * stageChoices answers a card's Skip and Go back buttons for all stages at once; stageActions makes the move.
 * They share their rules (opportunity.stages.ts), and here they are held to agree in every state: each
 * combination of stages that allow skipping and need a quote, every stage it can stand in (none, one not in
 * the cycle), open, won and lost, with and without a quote, and every stage left out.
 */

const ann: Actor = { tenantId: "t-a", userId: "u-ann", name: "Ann", role: "rep" };
const now = new Date("2026-11-23T10:00:00.000Z");
const base = defaultCycle();

const value = <T>(result: Result<T>): T => {
  if (!result.ok) throw new Error(`expected success, got ${result.error.code}`);
  return result.value;
};

const unquoted: Opportunity = newOpportunity(
  {
    title: "Fleet renewal",
    party: { kind: "account", ref: "A-1001", name: "Contoso" },
    currency: "EUR",
    estimatedValue: 10000,
  },
  "O-1001",
  base,
  ann,
  now,
);
const quoted: Opportunity = value(
  makeQuote(
    value(addLine(unquoted, { product: "Van", quantity: 2, unitPrice: 5000 }, ann, now)),
    { kind: "account", isCustomer: false, name: "Contoso" },
    "Q-1001",
    ann,
    now,
  ),
);

/** The default cycle's stages with each combination of allowSkip and quoteRequired (4 stages: 256 cycles). */
function* cycles(): Generator<SalesCycle> {
  const n = base.stages.length;
  for (let skips = 0; skips < 1 << n; skips++)
    for (let quotes = 0; quotes < 1 << n; quotes++)
      yield {
        ...base,
        stages: base.stages.map((s, i) => ({
          ...s,
          allowSkip: (skips & (1 << i)) !== 0,
          quoteRequired: (quotes & (1 << i)) !== 0,
        })),
      };
}

function* states(cycle: SalesCycle): Generator<Opportunity> {
  for (const o of [unquoted, quoted])
    for (const stageId of [...cycle.stages.map((s) => s.id), undefined, "gone"])
      for (const status of ["open", "won", "lost"] as const) {
        const { stageId: _stage, ...rest } = o;
        yield stageId === undefined ? { ...rest, status } : { ...rest, stageId, status };
      }
}

test("stageChoices allows a skip or go-to exactly when the move to some stage but the one left out is made", () => {
  let allowed = 0;
  let checked = 0;
  for (const cycle of cycles())
    for (const o of states(cycle))
      for (let except = -2; except <= cycle.stages.length; except++) {
        const skip = cycle.stages.some((s, i) => i !== except && stageActions.skip(o, cycle, s, ann, now).ok);
        const goto = cycle.stages.some((s, i) => i !== except && stageActions.goto(o, cycle, s, ann, now).ok);
        expect({
          skip: stageChoices.skip(o, cycle, except),
          goto: stageChoices.goto(o, cycle, except),
        }).toEqual({
          skip,
          goto,
        });
        allowed += Number(skip) + Number(goto);
        checked += 2;
      }
  // Both answers occur often: the states above are not all refused (or all allowed).
  expect(allowed).toBeGreaterThan(checked / 10);
  expect(allowed).toBeLessThan(checked - checked / 10);
});

test("a skip is refused naming the first stage in between that does not allow skipping", () => {
  for (const cycle of cycles())
    cycle.stages.forEach((target, to) => {
      const result = stageActions.skip(quoted, cycle, target, ann, now);
      const blocking = cycle.stages.slice(1, to).find((s) => !s.allowSkip);
      if (to === 0) expect(result).toMatchObject({ ok: false, error: { code: "opp.skip_backwards" } });
      else if (blocking)
        expect(result).toMatchObject({
          ok: false,
          error: { code: "opp.skip_not_allowed", params: { stage: `#stage:${blocking.id}` } },
        });
      else expect(value(result).stageId).toBe(target.id);
    });
});

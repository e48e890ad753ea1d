import { expect, test } from "vitest";
import { defaultCycle, findStage, type SalesCycle } from "../../src/domain/cycles/cycle.js";
import {
  currentValue,
  newOpportunity,
  probabilityPct,
  type Opportunity,
} from "../../src/domain/opportunities/opportunity.js";
import {
  addLine,
  closeOpportunity,
  makeOrder,
  makeQuote,
  reopenOpportunity,
  updateOpportunity,
} from "../../src/domain/opportunities/opportunity.lifecycle.js";
import { stageActions } from "../../src/domain/opportunities/opportunity.stages.js";
import type { Actor } from "../../src/domain/shared/actor.js";
import type { Result } from "../../src/domain/shared/result.js";

const ann: Actor = { tenantId: "t-a", userId: "u-ann", name: "Ann", role: "rep" };
const now = new Date("2026-11-23T10:00:00.000Z");
const cycle = defaultCycle();
const stage = (name: string) => {
  const found = findStage(cycle, name);
  if (!found) throw new Error(`no stage ${name}`);
  return found;
};

const fresh = (): Opportunity =>
  newOpportunity(
    {
      title: "Fleet renewal",
      party: { kind: "account", ref: "A-1001", name: "Contoso" },
      currency: "EUR",
      estimatedValue: 10000,
    },
    "O-1001",
    cycle,
    ann,
    now,
  );

const value = <T>(result: Result<T>): T => {
  if (!result.ok) throw new Error(`expected success, got ${result.error.code}`);
  return result.value;
};

test("a new opportunity starts in the default stage with that stage's chances and one history row", () => {
  const o = fresh();
  expect(o.stageId).toBe("qualify");
  expect(o.chancePct).toBe(20);
  expect(o.status).toBe("open");
  expect(o.history).toEqual([
    { action: "create", to: "qualify", by: { id: "u-ann", name: "Ann" }, at: now.toISOString() },
  ]);
});

test("probability is chances × completed / 100 and current value is estimated value × probability / 100", () => {
  const o = fresh(); // Qualify: completed 10 %, chances 20 %
  expect(probabilityPct(o, cycle)).toBe(2);
  expect(currentValue(o, cycle)).toBe(200);
  const negotiating = { ...o, stageId: "negotiate", chancePct: 80 };
  expect(probabilityPct(negotiating, cycle)).toBe(72);
  expect(currentValue(negotiating, cycle)).toBe(7200);
});

test("next moves one stage forward, takes the stage's chances and records who, when, from and to", () => {
  const moved = value(stageActions.next(fresh(), cycle, ann, now));
  expect(moved.stageId).toBe("develop");
  expect(moved.chancePct).toBe(40);
  expect(moved.revision).toBe(2);
  expect(moved.history.at(-1)).toEqual({
    action: "next",
    from: "qualify",
    to: "develop",
    by: { id: "u-ann", name: "Ann" },
    at: now.toISOString(),
  });
});

test("previous moves one stage back and is refused in the first stage", () => {
  const developed = value(stageActions.next(fresh(), cycle, ann, now));
  expect(value(stageActions.previous(developed, cycle, ann, now)).stageId).toBe("qualify");
  expect(stageActions.previous(fresh(), cycle, ann, now)).toEqual({
    ok: false,
    error: { code: "opp.first_stage", params: { ref: "O-1001" } },
  });
});

test("next into a stage that requires a quote is refused until there is one", () => {
  const proposing = { ...fresh(), stageId: "propose" };
  expect(stageActions.next(proposing, cycle, ann, now)).toEqual({
    ok: false,
    error: { code: "opp.quote_required", params: { ref: "O-1001", stage: "#stage:negotiate" } },
  });
  const withLine = value(addLine(proposing, { product: "Van", quantity: 2, unitPrice: 5000 }, ann, now));
  const quoted = value(
    makeQuote(withLine, { kind: "account", isCustomer: false, name: "Contoso" }, "Q-1001", ann, now),
  );
  expect(value(stageActions.next(quoted, cycle, ann, now)).stageId).toBe("negotiate");
});

test("skip jumps forward only over stages that allow skip", () => {
  // Develop and Propose allow skip: Qualify → Propose jumps over Develop.
  expect(value(stageActions.skip(fresh(), cycle, stage("Propose"), ann, now)).stageId).toBe("propose");
  // A cycle where Develop does not allow skip refuses and names it.
  const strict: SalesCycle = {
    ...cycle,
    stages: cycle.stages.map((s) => (s.id === "develop" ? { ...s, allowSkip: false } : s)),
  };
  expect(stageActions.skip(fresh(), strict, stage("Propose"), ann, now)).toEqual({
    ok: false,
    error: {
      code: "opp.skip_not_allowed",
      params: { ref: "O-1001", stage: "#stage:develop", target: "#stage:propose" },
    },
  });
  expect(stageActions.skip(fresh(), cycle, stage("Qualify"), ann, now)).toMatchObject({
    ok: false,
    error: { code: "opp.skip_backwards" },
  });
});

test("go to moves back to an earlier stage and refuses a later one", () => {
  const proposing = value(stageActions.skip(fresh(), cycle, stage("Propose"), ann, now));
  expect(value(stageActions.goto(proposing, cycle, stage("Qualify"), ann, now)).stageId).toBe("qualify");
  expect(stageActions.goto(fresh(), cycle, stage("Develop"), ann, now)).toEqual({
    ok: false,
    error: { code: "opp.goto_forward", params: { ref: "O-1001", stage: "#stage:develop" } },
  });
});

test("lines make the estimated value their sum, and then value cannot be typed over", () => {
  let o = value(addLine(fresh(), { product: "Van", quantity: 2, unitPrice: 24999.5 }, ann, now));
  o = value(addLine(o, { product: "Service", quantity: 1, unitPrice: 1200 }, ann, now));
  expect(o.estimatedValue).toBe(51199);
  expect(updateOpportunity(o, { estimatedValue: 1 }, ann, now)).toMatchObject({
    ok: false,
    error: { code: "opp.value_from_lines" },
  });
  expect(
    value(updateOpportunity(o, { chancePct: 55, expectedCloseDate: "2027-01-31" }, ann, now)),
  ).toMatchObject({
    chancePct: 55,
    expectedCloseDate: "2027-01-31",
    stageId: "qualify",
  });
});

test("closing won sets probability 100 %, lost 0 %, and a closed opportunity is read-only until reopened", () => {
  const won = value(closeOpportunity(fresh(), "won", "WON-PRICE", "2026-11-23", ann, now));
  const lost = value(closeOpportunity(fresh(), "lost", "LOST-COMPETITOR", "2026-11-23", ann, now));
  expect(probabilityPct(won, cycle)).toBe(100);
  expect(currentValue(won, cycle)).toBe(10000);
  expect(probabilityPct(lost, cycle)).toBe(0);
  expect(won.history.at(-1)).toMatchObject({ action: "close", from: "qualify", to: "won" });
  for (const attempt of [
    stageActions.next(won, cycle, ann, now),
    updateOpportunity(won, { chancePct: 10 }, ann, now),
    addLine(won, { product: "X", quantity: 1, unitPrice: 1 }, ann, now),
    closeOpportunity(won, "lost", "LOST-PRICE", "2026-11-23", ann, now),
  ]) {
    expect(attempt).toEqual({
      ok: false,
      error: { code: "opp.closed", params: { ref: "O-1001", status: "won" } },
    });
  }
  const reopened = value(reopenOpportunity(won, cycle, ann, now));
  expect(reopened).toMatchObject({ status: "open", stageId: "qualify", chancePct: 20 });
  expect(reopened.closeCode).toBeUndefined();
});

test("a quote is refused for a person contact and needs lines; an order needs the quote and a customer", () => {
  const o = value(addLine(fresh(), { product: "Van", quantity: 1, unitPrice: 100 }, ann, now));
  expect(
    makeQuote(o, { kind: "person-contact", isCustomer: true, name: "Bo Lind" }, "Q-1", ann, now),
  ).toEqual({
    ok: false,
    error: { code: "opp.quote_person", params: { ref: "O-1001", contact: "Bo Lind" } },
  });
  expect(
    makeQuote(fresh(), { kind: "account", isCustomer: true, name: "Contoso" }, "Q-1", ann, now),
  ).toMatchObject({
    ok: false,
    error: { code: "opp.quote_no_lines" },
  });
  expect(
    makeOrder(o, { kind: "account", isCustomer: true, name: "Contoso" }, "SO-1", ann, now),
  ).toMatchObject({
    ok: false,
    error: { code: "opp.order_no_quote" },
  });
  const quoted = value(
    makeQuote(o, { kind: "company-contact", isCustomer: false, name: "Contoso" }, "Q-1", ann, now),
  );
  expect(quoted.quote).toMatchObject({
    number: "Q-1",
    total: 100,
    lines: [{ product: "Van", quantity: 1, unitPrice: 100 }],
  });
  expect(
    makeOrder(quoted, { kind: "company-contact", isCustomer: false, name: "Contoso" }, "SO-1", ann, now),
  ).toEqual({
    ok: false,
    error: { code: "opp.order_not_customer", params: { ref: "O-1001", party: "Contoso" } },
  });
  const ordered = value(
    makeOrder(quoted, { kind: "company-contact", isCustomer: true, name: "Contoso" }, "SO-1", ann, now),
  );
  expect(ordered.order).toMatchObject({ number: "SO-1", quoteNumber: "Q-1", total: 100 });
  expect(
    makeOrder(ordered, { kind: "account", isCustomer: true, name: "Contoso" }, "SO-2", ann, now),
  ).toMatchObject({
    ok: false,
    error: { code: "opp.already_ordered" },
  });
});

test("a skip remembers the stages it jumped over until the opportunity goes back to or before them", () => {
  const skipped = value(stageActions.skip(fresh(), cycle, stage("Propose"), ann, now));
  expect(skipped.skipped).toEqual(["develop"]);
  // Moving on keeps it; going back to Develop makes it a stage still ahead, no longer skipped.
  expect(value(stageActions.previous(skipped, cycle, ann, now)).skipped).toBeUndefined();
  expect(value(stageActions.goto(skipped, cycle, stage("Qualify"), ann, now)).skipped).toBeUndefined();
  const next = value(stageActions.next(value(stageActions.next(fresh(), cycle, ann, now)), cycle, ann, now));
  expect(next.skipped).toBeUndefined();
});

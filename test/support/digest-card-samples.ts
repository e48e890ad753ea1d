import { digestLimits, type DigestContent, type NudgeContent } from "../../src/domain/digest/digest.js";
import { digestView, nudgeView } from "../../src/features/digest/digest.views.js";
import type { ViewContext } from "../../src/kit/rendering/view-context.js";
import type { CardSample } from "./cycle-card-samples.js";

/**
 * Samples of the digest and nudge cards for test/cards.test.ts: an empty tenant, and the fullest digest and
 * nudge (every section at its line limit, the longest titles, several currencies). Fixed data only.
 */

const long = "Nordisk Møbelhus A/S — komplet webshop med lagerintegration og B2B-portal ".repeat(2).trim();

const empty: DigestContent = {
  since: "2026-11-30T07:00:00.000Z",
  until: "2026-12-07T07:00:00.000Z",
  staleDays: 14,
  stages: [{ stage: "Qualify", count: 0, totals: [] }],
  changes: [],
  moreChanges: 0,
  stale: [],
  moreStale: 0,
  overdue: [],
  moreOverdue: 0,
  truncated: false,
};

const lines = digestLimits.lines;
const deal = (n: number) => ({
  ref: `O-${100_000 + n}`,
  title: long,
  owner: "Maximiliane Sørensen-Åkerlund",
  value: 123_456_789.5,
  currency: n % 2 ? "DKK" : "EUR",
  date: "2026-11-02",
});

const full: DigestContent = {
  ...empty,
  truncated: true,
  stages: ["Qualify", "Develop", "Propose", "Negotiate"].map((stage, i) => ({
    stage,
    count: 1000 + i,
    totals: ["DKK", "EUR", "NOK", "SEK"].map((currency) => ({
      currency,
      total: 98_765_432.1,
      weighted: 1_234_567.89,
    })),
  })),
  changes: Array.from({ length: lines }, (_, n) => ({
    kind: (["new", "moved", "won", "lost"] as const)[n % 4] ?? "new",
    ref: `O-${200_000 + n}`,
    title: long,
    value: 45_000,
    currency: "EUR",
    from: "Develop",
    to: "Propose",
  })),
  moreChanges: 250,
  stale: Array.from({ length: lines }, (_, n) => deal(n)),
  moreStale: 90,
  overdue: Array.from({ length: lines }, (_, n) => deal(n + 50)),
  moreOverdue: 12,
};

const nudge: NudgeContent = {
  date: "2026-12-07",
  items: Array.from({ length: digestLimits.nudgeItems }, (_, n) => ({
    ref: `O-${300_000 + n}`,
    title: long,
    revision: 12 + n,
    stage: "Propose",
    reasons: [
      { kind: "activity", activity: "Send the quote and follow up by phone", due: "2026-12-01" },
      { kind: "close_passed", date: "2026-11-30" },
      { kind: "stale", since: "2026-11-02", days: 35 },
      { kind: "missing", fields: ["value", "close"] },
    ],
  })),
  more: 7,
};

export function digestCardSamples(ctx: ViewContext): CardSample[] {
  const { t } = ctx;
  const nudgeButtons = nudge.items.flatMap(() => ["opp.next", "opp.update.form", "nudge.snooze"]);
  return [
    {
      card: "digest",
      variant: "an empty tenant",
      data: digestView(ctx, empty, "Europe/Copenhagen"),
      verbs: [],
      shows: [t.t("digest.title"), t.t("digest.section.changes"), t.t("digest.none")],
    },
    {
      card: "digest",
      variant: "every section full, preview",
      data: digestView(ctx, full, "America/New_York", {
        next: { periodKey: "2026-12-14", dueAt: Date.parse("2026-12-14T13:00:00Z") },
      }),
      verbs: [],
      shows: [t.t("digest.title.preview"), t.t("digest.truncated"), t.t("digest.more", { count: 250 })],
    },
    {
      card: "nudge",
      variant: "the most items, every reason",
      data: nudgeView(ctx, nudge),
      verbs: nudgeButtons,
      shows: [t.t("nudge.title"), t.t("nudge.next"), t.t("nudge.snooze"), t.t("nudge.more", { count: 7 })],
    },
  ];
}

import { byCodeUnits } from "../../domain/shared/order.js";
import type { PipelineRow } from "../../domain/opportunities/opportunity.service.js";
import { namesIn } from "../../kit/rendering/built-in-names.js";
import type { ViewContext } from "../../kit/rendering/view-context.js";
import { formatMoney } from "./opportunity.views.js";

/** One line of a FactSet: the pipeline card is two of them, built here whole. */
interface Fact {
  readonly title: string;
  readonly value: string;
}

/**
 * The `pipeline` card's data (cards/pipeline.json). The stage table and the totals are FactSets whose facts
 * are built here, a stage's line followed by one untitled line per currency, so the template reads each
 * list with one expression instead of walking a container per stage and a text block per currency (about
 * 35 expressions for the built-in cycle, 4 now: a quarter of the expansion's time). The empty notice is a
 * list of zero or one, which the template shows or leaves out without a condition of its own.
 */
export function pipelineView(ctx: ViewContext, rows: readonly PipelineRow[]) {
  const { t } = ctx;
  const money = (currency: string, total: number, weighted: number): Fact => ({
    title: "",
    value: t.t("opp.pipeline.weighted", {
      total: formatMoney(ctx, total, currency),
      weighted: formatMoney(ctx, weighted, currency),
    }),
  });
  const sums = new Map<string, { total: number; weighted: number }>();
  const stages: Fact[] = [];
  let count = 0;
  for (const row of rows) {
    count += row.count;
    stages.push({
      title: row.stageName ? namesIn(t, row.stageName) : t.t("opp.stage.none"),
      value: t.t("opp.pipeline.count", { count: row.count }),
    });
    for (const s of row.totals) {
      stages.push(money(s.currency, s.total, s.weighted));
      const sum = sums.get(s.currency) ?? { total: 0, weighted: 0 };
      sum.total += s.total;
      sum.weighted += s.weighted;
      sums.set(s.currency, sum);
    }
  }
  const round2 = (n: number) => Math.round(n * 100) / 100;
  return {
    title: t.t("opp.pipeline.title"),
    intro: t.t("opp.pipeline.intro"),
    notes: count === 0 ? [{ text: t.t("opp.pipeline.empty") }] : [],
    stages,
    total: [
      { title: t.t("opp.pipeline.total"), value: t.t("opp.pipeline.count", { count }) },
      ...[...sums.entries()]
        .sort(([a], [b]) => byCodeUnits(a, b))
        .map(([currency, s]) => money(currency, round2(s.total), round2(s.weighted))),
    ],
  };
}

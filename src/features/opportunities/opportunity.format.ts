import { numberFormat } from "../../kit/rendering/format.js";
import type { FieldProblem } from "../../domain/shared/result.js";
import type { Translator } from "../../i18n/index.js";
import type { ViewContext } from "../../kit/rendering/view-context.js";

export { dayFormatter, formatDay, formatMoney } from "../../kit/rendering/view-context.js";

/** Amounts, percentages, days and problems of an opportunity, in the reader's language and locale. */

const localeOf = (ctx: ViewContext) => ctx.locale ?? "en-GB";

export const formatNumber = (ctx: ViewContext, n: number): string => numberFormatter(ctx)(n);

export const formatPercent = (ctx: ViewContext, pct: number): string => percentFormatter(ctx)(pct);

/**
 * formatNumber for the numbers of one card (an opportunity's up to ten line quantities): the formatter is
 * looked up once. Only the lookup can throw (an unknown locale), so the fallback is chosen here, once.
 */
export function numberFormatter(ctx: ViewContext): (n: number) => string {
  try {
    const format = numberFormat(localeOf(ctx), { maximumFractionDigits: 2 });
    return (n) => format.format(n);
  } catch {
    return String;
  }
}

/** formatPercent for the percentages of one card (an opportunity card shows three): looked up once. */
export function percentFormatter(ctx: ViewContext): (pct: number) => string {
  try {
    const format = numberFormat(localeOf(ctx), { style: "percent", maximumFractionDigits: 2 });
    return (pct) => format.format(pct / 100);
  } catch {
    return (pct) => `${pct} %`;
  }
}

/** An opportunity field's name in the reader's language ("Quantity"), or the field itself. */
export const fieldLabel = (t: Translator, field: string): string => {
  const key = `opp.field.${field}`;
  return t.has(key) ? t.t(key) : field;
};

/** One sentence per problem, with the opportunity's field names: "Quantity must be more than 0." */
export function opportunityProblemText(ctx: ViewContext, problem: FieldProblem): string {
  const { t } = ctx;
  const params: Record<string, string | number> = { field: fieldLabel(t, problem.field), ...problem.params };
  if (typeof params.max === "number") params.max = formatNumber(ctx, params.max);
  for (const key of [`opp.problem.${problem.problem}`, `problem.${problem.problem}`]) {
    if (t.has(key)) return t.t(key, params);
  }
  return t.t("problem.text", params);
}

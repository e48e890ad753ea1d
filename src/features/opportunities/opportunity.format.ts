import { dateFormat, numberFormat } from "../../kit/rendering/format.js";
import type { FieldProblem } from "../../domain/shared/result.js";
import type { Translator } from "../../i18n/index.js";
import type { ViewContext } from "../../kit/rendering/view-context.js";

/** Amounts, percentages, days and problems of an opportunity, in the reader's language and locale. */

const localeOf = (ctx: ViewContext) => ctx.locale ?? "en-GB";

export function formatMoney(ctx: ViewContext, amount: number, currency: string): string {
  try {
    return numberFormat(localeOf(ctx), { style: "currency", currency }).format(amount);
  } catch {
    // An odd stored currency code or locale must not break the card: show the plain amount and the code.
    return `${numberFormat("en-GB", { minimumFractionDigits: 2 }).format(amount)} ${currency}`;
  }
}

export function formatNumber(ctx: ViewContext, n: number): string {
  try {
    return numberFormat(localeOf(ctx), { maximumFractionDigits: 2 }).format(n);
  } catch {
    return String(n);
  }
}

export function formatPercent(ctx: ViewContext, pct: number): string {
  try {
    return numberFormat(localeOf(ctx), { style: "percent", maximumFractionDigits: 2 }).format(pct / 100);
  } catch {
    return `${pct} %`;
  }
}

/** A calendar day (YYYY-MM-DD) in the reader's language; it is a date, not a moment, so no time zone. */
export function formatDay(ctx: ViewContext, day: string): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  if (Number.isNaN(date.getTime())) return day;
  try {
    return dateFormat(localeOf(ctx), { dateStyle: "medium", timeZone: "UTC" }).format(date);
  } catch {
    return day;
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

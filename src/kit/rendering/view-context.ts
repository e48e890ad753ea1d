import type { FieldProblem } from "../../domain/shared/result.js";
import type { MessageKey, Translator } from "../../i18n/index.js";
import { dateFormat, numberFormat } from "./format.js";

/**
 * View models: plain data for the card templates, every text already translated and every key the template
 * reads present (an absent key would be left in the card as literal `${…}`).
 */

export interface ViewContext {
  readonly t: Translator;
  /** The user's IANA time zone (Teams sends it as localTimezone); UTC when unknown. */
  readonly timeZone?: string;
  readonly locale?: string;
  /** Where a record's link points (`https://<BOT_DOMAIN>/r/<ref>`); absent where cards carry no links. */
  readonly recordUrl?: (ref: string) => string;
}

/** A record's link for its card (the heading opens it; pasted, it unfurls), or "" where cards carry none. */
export const recordLink = (ctx: ViewContext, ref: string): string => ctx.recordUrl?.(ref) ?? "";

export const formatDateTime = (iso: string, ctx: ViewContext): string => dateTimeFormatter(ctx)(iso);

/**
 * formatDateTime for several moments of one card: the formatter is looked up once, not for each of them.
 * Only its construction can throw, so the fallback is chosen here, once, as formatDateTime would each time.
 */
export function dateTimeFormatter(ctx: ViewContext): (iso: string) => string {
  let format: Intl.DateTimeFormat;
  try {
    format = dateFormat(ctx.locale ?? "en-GB", {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone: ctx.timeZone ?? "UTC",
    });
  } catch {
    // An unknown time zone or locale from the client must not break the card.
    format = dateFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
  }
  return (iso) => format.format(new Date(iso));
}

/** An amount in its currency, in the reader's locale ("DKK 1,250.00"). */
export const formatMoney = (ctx: ViewContext, amount: number, currency: string): string =>
  moneyFormatter(ctx, currency)(amount);

/** formatMoney for the amounts of one card in one currency: the formatter is looked up once. */
export function moneyFormatter(ctx: ViewContext, currency: string): (amount: number) => string {
  try {
    const format = numberFormat(ctx.locale ?? "en-GB", { style: "currency", currency });
    return (amount) => format.format(amount);
  } catch {
    // An odd stored currency code or locale must not break the card: show the plain amount and the code.
    const plain = numberFormat("en-GB", { minimumFractionDigits: 2 });
    return (amount) => `${plain.format(amount)} ${currency}`;
  }
}

/** A calendar day (YYYY-MM-DD) in the reader's language; it is a date, not a moment, so no time zone. */
export const formatDay = (ctx: ViewContext, day: string): string => dayFormatter(ctx)(day);

/** formatDay for the days of one card: the formatter is looked up once (only that can throw: a bad locale). */
export function dayFormatter(ctx: ViewContext): (day: string) => string {
  let format: Intl.DateTimeFormat;
  try {
    format = dateFormat(ctx.locale ?? "en-GB", { dateStyle: "medium", timeZone: "UTC" });
  } catch {
    return (day) => day;
  }
  return (day) => {
    const date = new Date(`${day}T00:00:00.000Z`);
    return Number.isNaN(date.getTime()) ? day : format.format(date);
  };
}

export const fieldLabel = (t: Translator, field: string): string => {
  const key = `lead.field.${field}`;
  return t.has(key) ? t.t(key) : field;
};

/** One sentence per problem, e.g. "Email must be an email address, like ann@contoso.com." */
export function problemText(t: Translator, problem: FieldProblem): string {
  const key = `problem.${problem.problem}`;
  const params = { field: fieldLabel(t, problem.field), ...problem.params };
  return t.has(key) ? t.t(key as MessageKey, params) : t.t("problem.text", params);
}

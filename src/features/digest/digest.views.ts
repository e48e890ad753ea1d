import { byCodeUnits } from "../../domain/shared/order.js";
import { namesIn } from "../../kit/rendering/built-in-names.js";
import type {
  DigestChange,
  DigestContent,
  DigestDeal,
  NudgeContent,
  NudgeReason,
} from "../../domain/digest/digest.js";
import type { Occurrence } from "../../domain/digest/schedule.js";
import { dateFormat } from "../../kit/rendering/format.js";
import {
  formatDay as day,
  formatMoney as money,
  type ViewContext,
} from "../../kit/rendering/view-context.js";

export { day };

/** Card data for the digest (cards/digest.json) and the nudge (cards/nudge.json). */

const localeOf = (ctx: ViewContext) => ctx.locale ?? "en-GB";

/** A moment in the tenant's zone, in the reader's language ("Mon 7 Dec 2026, 08:00"). */
export function moment(ctx: ViewContext, ms: number, zone: string): string {
  const options: Intl.DateTimeFormatOptions = {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  };
  try {
    return dateFormat(localeOf(ctx), { ...options, timeZone: zone }).format(new Date(ms));
  } catch {
    return dateFormat("en-GB", { ...options, timeZone: "UTC" }).format(new Date(ms));
  }
}

function changeText(ctx: ViewContext, change: DigestChange): string {
  const value = money(ctx, change.value, change.currency);
  const params = {
    ref: change.ref,
    title: change.title,
    value,
    from: namesIn(ctx.t, change.from ?? "—"),
    to: namesIn(ctx.t, change.to ?? "—"),
  };
  return ctx.t.t(`digest.change.${change.kind}`, params);
}

function dealText(ctx: ViewContext, deal: DigestDeal, kind: "stale" | "overdue"): string {
  return ctx.t.t(`digest.${kind}.line`, {
    ref: deal.ref,
    title: deal.title,
    owner: deal.owner,
    value: money(ctx, deal.value, deal.currency),
    date: day(ctx, deal.date),
  });
}

function section(ctx: ViewContext, lines: readonly string[], more: number) {
  const shown = lines.length > 0 ? lines : [ctx.t.t("digest.none")];
  return [...shown, ...(more > 0 ? [ctx.t.t("digest.more", { count: more })] : [])].map((text) => ({ text }));
}

export function digestView(
  ctx: ViewContext,
  content: DigestContent,
  zone: string,
  preview?: { readonly next?: Occurrence },
) {
  const { t } = ctx;
  const totals = (list: readonly { currency: string; total: number; weighted: number }[]) =>
    list.map((s) => ({
      text: t.t("digest.totals", {
        total: money(ctx, s.total, s.currency),
        weighted: money(ctx, s.weighted, s.currency),
      }),
    }));
  const sums = new Map<string, { currency: string; total: number; weighted: number }>();
  for (const row of content.stages)
    for (const s of row.totals) {
      const sum = sums.get(s.currency) ?? { currency: s.currency, total: 0, weighted: 0 };
      sums.set(s.currency, { ...sum, total: sum.total + s.total, weighted: sum.weighted + s.weighted });
    }
  const round2 = (n: number) => Math.round(n * 100) / 100;
  const count = content.stages.reduce((n, r) => n + r.count, 0);
  return {
    title: t.t(preview ? "digest.title.preview" : "digest.title"),
    period: t.t("digest.period", {
      since: moment(ctx, Date.parse(content.since), zone),
      until: moment(ctx, Date.parse(content.until), zone),
    }),
    previewText: preview
      ? preview.next
        ? t.t("digest.preview.scheduled", { next: moment(ctx, preview.next.dueAt, zone) })
        : t.t("digest.preview.unscheduled")
      : "",
    truncatedText: content.truncated ? t.t("digest.truncated") : "",
    pipelineTitle: t.t("digest.section.pipeline"),
    stages: content.stages.map((r) => ({
      stage: namesIn(t, r.stage),
      countText: t.t("digest.count", { count: r.count }),
      totals: totals(r.totals),
      subtle: r.count === 0,
    })),
    totalLabel: t.t("digest.total"),
    totalCount: t.t("digest.count", { count }),
    totals: totals(
      [...sums.values()]
        .sort((a, b) => byCodeUnits(a.currency, b.currency))
        .map((s) => ({ ...s, total: round2(s.total), weighted: round2(s.weighted) })),
    ),
    changesTitle: t.t("digest.section.changes"),
    changes: section(
      ctx,
      content.changes.map((c) => changeText(ctx, c)),
      content.moreChanges,
    ),
    staleTitle: t.t("digest.section.stale", { days: content.staleDays }),
    stale: section(
      ctx,
      content.stale.map((d) => dealText(ctx, d, "stale")),
      content.moreStale,
    ),
    overdueTitle: t.t("digest.section.overdue"),
    overdue: section(
      ctx,
      content.overdue.map((d) => dealText(ctx, d, "overdue")),
      content.moreOverdue,
    ),
  };
}

function reasonText(ctx: ViewContext, reason: NudgeReason, stage: string): string {
  const { t } = ctx;
  switch (reason.kind) {
    case "activity":
      return t.t("nudge.reason.activity", {
        activity: namesIn(ctx.t, reason.activity),
        date: day(ctx, reason.due),
      });
    case "close_passed":
      return t.t("nudge.reason.close_passed", { date: day(ctx, reason.date) });
    case "stale":
      return t.t("nudge.reason.stale", { days: reason.days });
    case "missing":
      return t.t("nudge.reason.missing", {
        stage,
        fields: reason.fields.map((f) => t.t(`nudge.field.${f}`)).join(", "),
      });
  }
}

export function nudgeView(ctx: ViewContext, content: NudgeContent) {
  const { t } = ctx;
  const count = content.items.length + content.more;
  return {
    title: t.t("nudge.title"),
    intro: t.t("nudge.intro", { date: day(ctx, content.date), count }),
    items: content.items.map((item) => ({
      ref: item.ref,
      revision: item.revision,
      title: item.title,
      stage: namesIn(ctx.t, item.stage),
      reasons: item.reasons.map((r) => ({ text: `• ${reasonText(ctx, r, namesIn(ctx.t, item.stage))}` })),
    })),
    moreText: content.more > 0 ? t.t("nudge.more", { count: content.more }) : "",
    footer: t.t("nudge.footer"),
    labels: { next: t.t("nudge.next"), update: t.t("nudge.update"), snooze: t.t("nudge.snooze") },
  };
}

export const nudgeSummary = (ctx: ViewContext, content: NudgeContent) =>
  ctx.t.t("nudge.summary", { count: content.items.length + content.more });

export const digestSummary = (ctx: ViewContext, content: DigestContent, zone: string) =>
  ctx.t.t("digest.summary", { date: moment(ctx, Date.parse(content.until), zone) });

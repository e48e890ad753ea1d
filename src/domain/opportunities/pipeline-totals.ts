import type { Opportunity } from "./opportunity.js";

/**
 * The pipeline's figures kept current with every write, one set per owner, so `pipeline` reads a few small
 * documents instead of every open opportunity. Per cycle, stage and currency: how many, the estimated value in
 * cents, and value × chance (in cents × %). The weighted value also needs the stage's completed %, which an
 * admin may change at any time, so it is applied when the pipeline is read, not stored.
 */
export interface PipelineFigures {
  readonly count: number;
  readonly cents: number;
  readonly chanceCents: number;
}

export interface PipelineTotals {
  readonly ownerId: string;
  /** By `cycleCode|stageId|currency`. */
  readonly rows: Readonly<Record<string, PipelineFigures>>;
}

export const totalsKey = (cycleCode: string, stageId: string | undefined, currency: string) =>
  `${cycleCode}|${stageId ?? ""}|${currency}`;

export function parseTotalsKey(key: string): { cycleCode: string; stageId?: string; currency: string } {
  const [cycleCode = "", stageId = "", currency = ""] = key.split("|");
  return { cycleCode, ...(stageId ? { stageId } : {}), currency };
}

/** What one opportunity adds to its owner's totals: open ones not waiting for a manager's approval. */
export function contributionOf(o: Opportunity): { key: string; figures: PipelineFigures } | undefined {
  if (o.status !== "open" || o.approval === "pending") return undefined;
  const cents = Math.round(o.estimatedValue * 100);
  return {
    key: totalsKey(o.cycleCode, o.stageId, o.currency),
    figures: { count: 1, cents, chanceCents: cents * o.chancePct },
  };
}

/** The totals after taking `minus` out and putting `plus` in (either may be absent). Empty rows are dropped. */
export function applyContribution(
  rows: Readonly<Record<string, PipelineFigures>>,
  sign: 1 | -1,
  contribution: { key: string; figures: PipelineFigures } | undefined,
): Record<string, PipelineFigures> {
  const next = { ...rows };
  if (!contribution) return next;
  const was = next[contribution.key] ?? { count: 0, cents: 0, chanceCents: 0 };
  const now = {
    count: was.count + sign * contribution.figures.count,
    cents: was.cents + sign * contribution.figures.cents,
    chanceCents: was.chanceCents + sign * contribution.figures.chanceCents,
  };
  if (now.count <= 0) delete next[contribution.key];
  else next[contribution.key] = now;
  return next;
}

/** What `opportunities` add up to, per owner: the rows each owner's totals would hold for them alone. */
export function totalsByOwner(opportunities: Iterable<Opportunity>): PipelineTotals[] {
  const byOwner = new Map<string, Record<string, PipelineFigures>>();
  for (const o of opportunities)
    byOwner.set(o.owner.id, applyContribution(byOwner.get(o.owner.id) ?? {}, 1, contributionOf(o)));
  return [...byOwner].map(([ownerId, rows]) => ({ ownerId, rows }));
}

/** True when a change moves nothing in the totals (a note, a line on a closed one…). */
export function sameContribution(
  a: ReturnType<typeof contributionOf>,
  b: ReturnType<typeof contributionOf>,
): boolean {
  if (!a || !b) return a === b;
  return (
    a.key === b.key && a.figures.cents === b.figures.cents && a.figures.chanceCents === b.figures.chanceCents
  );
}

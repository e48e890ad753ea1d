import { createHash } from "node:crypto";
import * as z from "zod";
import type { Opportunity } from "../domain/opportunities/opportunity.js";
import {
  contributionOf,
  sameContribution,
  totalsByOwner,
  type PipelineFigures,
  type PipelineTotals,
} from "../domain/opportunities/pipeline-totals.js";
import { BoundedMap } from "../domain/shared/bounded-map.js";
import type { BatchOperation, DocumentBody } from "./document-store.port.js";

/**
 * Pipeline totals documents (type `pipeline_totals`), one per owner, in the tenant's partition. Every write of
 * an opportunity that moves its figures adds to its owner's (and on a reassignment takes from the previous
 * owner's) totals in the same batch, by an `increment` (document-store.port.ts): the totals are not read first
 * and carry no ETag guard, so two moves of one owner's opportunities never refuse each other, and the batch
 * around it is all or none, so nothing is counted twice or lost.
 *
 * Why totals kept current rather than a GROUP BY query: a GROUP BY over the tenant's partition costs request
 * units (Cosmos) or index work (SQL) in proportion to the open opportunities, so `pipeline` would still grow
 * with the tenant; a totals document is one point read whatever the size. One per owner, so writers contend
 * only with writes to the same owner's opportunities (on Cosmos DB, where the increment is a guarded replace).
 *
 * A row whose count came back to 0 stays in the document (an increment only adds) and is left out when read.
 */
const figuresSchema = z.object({ count: z.number(), cents: z.number(), chanceCents: z.number() });
const totalsSchema = z.object({
  id: z.string(),
  type: z.literal("pipeline_totals"),
  ownerId: z.string(),
  rows: z.record(z.string(), figuresSchema),
});

/** Written once every opportunity of a tenant stored before the totals existed has been counted. */
export const allCountedId = "pipeline:all-counted";

/** Hashed owner ids, as every write that moves figures names its owner's totals (a bound, not a tuning knob). */
const totalsIds = new BoundedMap<string, string>(1000);

/**
 * Owner ids come from Teams and may hold characters ids may not: the id is a hash, the owner a field. Kept per
 * owner: a SHA-256 through node:crypto (a hash object, its digest, the encoding) cost a stage move 20–25 µs.
 */
export function totalsId(ownerId: string): string {
  let id = totalsIds.get(ownerId);
  if (id === undefined) {
    id = `pipeline:${createHash("sha256").update(ownerId).digest("base64url").slice(0, 32)}`;
    totalsIds.set(ownerId, id);
  }
  return id;
}

export function totalsDocument(
  ownerId: string,
  rows: Readonly<Record<string, PipelineFigures>>,
): DocumentBody {
  return { id: totalsId(ownerId), type: "pipeline_totals", ownerId, rows };
}

/** The totals as stored, without rows whose count came back to 0 (see above). */
export function parseTotals(body: unknown): PipelineTotals {
  const { ownerId, rows } = totalsSchema.parse(body);
  const counted: Record<string, PipelineFigures> = {};
  for (const [key, figures] of Object.entries(rows)) if (figures.count > 0) counted[key] = figures;
  return { ownerId, rows: counted };
}

const figureFields = ["count", "cents", "chanceCents"] as const;

/**
 * The totals writes of a change from `previous` (undefined for a new one) to `next`: one increment per owner
 * whose totals move, read nothing; none when nothing moves. A previous state not yet counted (stored before
 * the totals existed: the preparation step counts it unless a write does first) takes nothing out.
 */
export function totalsOperations(previous: Opportunity | undefined, next: Opportunity): BatchOperation[] {
  const before = previous?.counted ? contributionOf(previous) : undefined;
  const after = contributionOf(next);
  const sameOwner = !previous || previous.owner.id === next.owner.id;
  if (sameOwner && sameContribution(before, after)) return [];
  // By owner, then row key, then field: the signed amount to add.
  const changes = new Map<string, Map<string, Record<(typeof figureFields)[number], number>>>();
  const add = (owner: string, sign: 1 | -1, c: typeof after) => {
    if (!c) return;
    let rows = changes.get(owner);
    if (!rows) changes.set(owner, (rows = new Map()));
    const row = rows.get(c.key) ?? { count: 0, cents: 0, chanceCents: 0 };
    for (const field of figureFields) row[field] += sign * c.figures[field];
    rows.set(c.key, row);
  };
  if (previous) add(previous.owner.id, -1, before);
  add(next.owner.id, 1, after);
  const operations: BatchOperation[] = [];
  for (const [owner, rows] of changes) {
    const additions: { path: string[]; by: number }[] = [];
    for (const [key, row] of rows) {
      // A row that moves gets all three fields, also those that add 0 (an opportunity of no value), so a
      // row the increment creates is whole.
      if (figureFields.some((field) => row[field] !== 0))
        for (const field of figureFields) additions.push({ path: ["rows", key, field], by: row[field] });
    }
    if (additions.length > 0)
      operations.push({ op: "increment", create: totalsDocument(owner, {}), add: additions });
  }
  return operations;
}

/** Totals of many opportunities at once (seeding a benchmark tenant), as the documents to store. */
export function totalsOf(opportunities: readonly Opportunity[]): DocumentBody[] {
  return totalsByOwner(opportunities).map((t) => totalsDocument(t.ownerId, t.rows));
}

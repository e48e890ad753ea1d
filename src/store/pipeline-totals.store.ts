import { createHash } from "node:crypto";
import * as z from "zod";
import type { Opportunity } from "../domain/opportunities/opportunity.js";
import {
  applyContribution,
  contributionOf,
  sameContribution,
  totalsByOwner,
  type PipelineFigures,
  type PipelineTotals,
} from "../domain/opportunities/pipeline-totals.js";
import { BoundedMap } from "../domain/shared/bounded-map.js";
import type { BatchOperation, DocumentBody, DocumentStore } from "./document-store.port.js";

/**
 * Pipeline totals documents (type `pipeline_totals`), one per owner, in the tenant's partition. Every write of
 * an opportunity that moves its figures updates its owner's (and on a reassignment the previous owner's)
 * totals in the same batch, guarded by the totals' ETag: all or none, never counted twice.
 *
 * Why totals kept current rather than a GROUP BY query: a GROUP BY over the tenant's partition costs request
 * units (Cosmos) or index work (SQL) in proportion to the open opportunities, so `pipeline` would still grow
 * with the tenant; a totals document is one point read whatever the size. One per owner, so writers contend
 * only with writes to the same owner's opportunities.
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

export function parseTotals(body: unknown): PipelineTotals {
  const { ownerId, rows } = totalsSchema.parse(body);
  return { ownerId, rows };
}

/**
 * The totals writes of a change from `previous` (undefined for a new one) to `next`: one point read and one
 * create or guarded replace per owner whose totals move; none when nothing moves.
 */
export async function totalsOperations(
  store: DocumentStore,
  tenantId: string,
  previous: Opportunity | undefined,
  next: Opportunity,
): Promise<BatchOperation[]> {
  const before = previous?.counted ? contributionOf(previous) : undefined;
  const after = contributionOf(next);
  const sameOwner = !previous || previous.owner.id === next.owner.id;
  if (sameOwner && sameContribution(before, after)) return [];
  const changes = new Map<string, { sign: 1 | -1; c: NonNullable<typeof after> }[]>();
  const add = (owner: string, sign: 1 | -1, c: typeof after) => {
    if (c) changes.set(owner, [...(changes.get(owner) ?? []), { sign, c }]);
  };
  if (previous) add(previous.owner.id, -1, before);
  add(next.owner.id, 1, after);
  const operations: BatchOperation[] = [];
  for (const [owner, deltas] of changes) {
    const stored = await store.read(tenantId, totalsId(owner));
    let rows = stored ? parseTotals(stored.body).rows : {};
    for (const { sign, c } of deltas) rows = applyContribution(rows, sign, c);
    const body = totalsDocument(owner, rows);
    operations.push(stored ? { op: "replace", body, ifMatch: stored.etag } : { op: "create", body });
  }
  return operations;
}

/** Totals of many opportunities at once (seeding a benchmark tenant), as the documents to store. */
export function totalsOf(opportunities: readonly Opportunity[]): DocumentBody[] {
  return totalsByOwner(opportunities).map((t) => totalsDocument(t.ownerId, t.rows));
}

import type { OpportunityListFilter } from "../domain/opportunities/opportunity.repository.port.js";
import { partnerField } from "../domain/partners/partner.js";
import type { DocumentQuery, Scalar } from "./document-store.port.js";

/**
 * The store query of an opportunity list, most recently changed first: one page, its filters as equality on
 * the flat fields the documents keep for them (opportunity.repository.ts), which the embedded store's indexes
 * serve (sqlite-query.ts). Whole records (`list`) and rows (`listRows`) run the same query, so they match the
 * same opportunities in the same order, and a cursor of one continues the other.
 */
export function listQuery(
  filter: OpportunityListFilter,
  page: { readonly limit: number; readonly cursor?: string },
): DocumentQuery {
  const where: Record<string, Scalar> = {};
  if (filter.status === "closed") where.closed = true;
  else if (filter.status) where.status = filter.status;
  if (filter.ownerId) where.ownerId = filter.ownerId;
  if (filter.partyRef) where.partyRef = filter.partyRef;
  if (filter.stageId) where.stageId = filter.stageId;
  if (filter.closeCode) where.closeCode = filter.closeCode;
  if (filter.partner) where[partnerField(filter.partner.ref)] = filter.partner.access;
  if (filter.awaiting) where.awaiting = filter.awaiting;
  return {
    type: "opportunity",
    where,
    orderBy: { field: "updatedAt", direction: "desc" },
    limit: page.limit,
    ...(page.cursor ? { continuation: page.cursor } : {}),
  };
}

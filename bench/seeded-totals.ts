import type { Opportunity } from "../src/domain/opportunities/opportunity.js";
import type { DocumentStore } from "../src/store/document-store.port.js";
import { allStampedId } from "../src/store/opportunity.repository.js";
import { allCountedId, totalsDocument, totalsOf } from "../src/store/pipeline-totals.store.js";

/**
 * After a bench has written a tenant's opportunities in bulk (each already `counted` and dated): each owner's
 * pipeline totals and the markers saying the tenant is counted and dated, as the product would have left
 * them. Without these the tenant's first `pipeline` and `inbox` would count and date every opportunity once.
 * Returns how many documents it wrote.
 */
export async function writeCountedAndDated(
  store: DocumentStore,
  tenantId: string,
  all: readonly Opportunity[],
): Promise<number> {
  const totals = totalsOf(all);
  for (const body of totals) await store.create(tenantId, body);
  await store.create(tenantId, { ...totalsDocument("", {}), id: allCountedId });
  await store.create(tenantId, { id: allStampedId, type: "marker" });
  return totals.length + 2;
}

import type { SalesCycle } from "../cycles/cycle.js";
import { ConcurrencyConflict, type Versioned } from "../shared/ports.js";
import { attentionDate } from "./attention.js";
import type { Opportunity } from "./opportunity.js";
import type { OpportunityListFilter, OpportunityRepository } from "./opportunity.repository.port.js";

/** An opportunity that keeps changing while it is stamped is re-read and tried this many times. */
const stampAttempts = 4;

/**
 * Writes the attention date the current setup gives to each open opportunity of `filter` whose stored date
 * differs (or is missing). Neither its revision nor its updatedAt change — nobody changed the opportunity — so
 * the list under the cursor keeps its order while it is walked. Returns how many were written.
 */
export async function stampAttention(
  repository: OpportunityRepository,
  tenantId: string,
  cycleOf: (o: Opportunity) => SalesCycle | undefined,
  filter: OpportunityListFilter,
  pageSize = 200,
): Promise<number> {
  let cursor: string | undefined;
  let written = 0;
  do {
    const page = await repository.list(
      tenantId,
      { ...filter, status: "open" },
      { limit: pageSize, ...(cursor ? { cursor } : {}) },
    );
    for (const item of page.items) if (await stampOne(repository, tenantId, cycleOf, item)) written++;
    cursor = page.cursor;
  } while (cursor);
  return written;
}

async function stampOne(
  repository: OpportunityRepository,
  tenantId: string,
  cycleOf: (o: Opportunity) => SalesCycle | undefined,
  listed: Versioned<Opportunity>,
): Promise<boolean> {
  let current: Versioned<Opportunity> | undefined = listed;
  for (let attempt = 0; current && attempt < stampAttempts; attempt++) {
    const date = attentionDate(current.value, cycleOf(current.value));
    if (current.value.attentionDate === date) return false;
    try {
      await repository.update({ ...current.value, attentionDate: date }, current.version, current.value);
      return true;
    } catch (error) {
      if (!(error instanceof ConcurrencyConflict)) throw error;
      current = await repository.get(tenantId, listed.value.ref);
    }
  }
  return false;
}

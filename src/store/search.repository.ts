import { partnerField } from "../domain/partners/partner.js";
import type {
  FoundRecord,
  RecordSearchQuery,
  RecordSearchRepository,
} from "../domain/search/record-search.port.js";
import type { DocumentStore, StoredDocument } from "./document-store.port.js";
import { translateStoreErrors } from "./errors.js";
import { fromLeadDocument } from "./lead.repository.js";
import { fromOpportunityDocument } from "./opportunity.repository.js";
import { fromAccountDocument, fromContactDocument } from "./party.repository.js";

/** The record search on the DocumentStore's text search over the search fields (search-fields.ts). */
export class StoreRecordSearchRepository implements RecordSearchRepository {
  constructor(private readonly store: DocumentStore) {}

  search(tenantId: string, query: RecordSearchQuery): Promise<readonly FoundRecord[]> {
    return translateStoreErrors(async () => {
      const found = await this.store.search(tenantId, {
        types: query.kinds,
        words: query.words,
        ...(query.changedBy !== undefined ? { changedBy: query.changedBy } : {}),
        ...(query.partner !== undefined
          ? // The flat partner field of the opportunity document (opportunity.repository.ts).
            { oneOf: { field: partnerField(query.partner), values: ["origin", "delivered", "accepted"] } }
          : {}),
        skip: query.skip,
        count: query.count,
      });
      return found.map((stored) => recordOf(tenantId, stored));
    });
  }
}

function recordOf(tenantId: string, stored: StoredDocument): FoundRecord {
  switch (stored.body.type) {
    case "lead":
      return { kind: "lead", record: fromLeadDocument(tenantId, stored).value };
    case "opportunity":
      return { kind: "opportunity", record: fromOpportunityDocument(tenantId, stored).value };
    case "account":
      return { kind: "account", record: fromAccountDocument(tenantId, stored).value };
    case "contact":
      return { kind: "contact", record: fromContactDocument(tenantId, stored).value };
    default:
      throw new Error(`The search returned a document of type ${JSON.stringify(stored.body.type)}.`);
  }
}

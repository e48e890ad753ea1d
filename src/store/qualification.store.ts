import type { QualificationStore, QualificationWrite } from "../domain/leads/qualification.port.js";
import type { Lead } from "../domain/leads/lead.js";
import type { Versioned } from "../domain/shared/ports.js";
import type { BatchOperation, DocumentStore } from "./document-store.port.js";
import { translateStoreErrors } from "./errors.js";
import { fromLeadDocument, leadWrite } from "./lead.repository.js";
import { opportunityWrite } from "./opportunity.repository.js";
import { toAccountDocument, toContactDocument } from "./party.repository.js";
import { totalsOperations } from "./pipeline-totals.store.js";

/**
 * A qualification as one DocumentStore batch: the lead's guarded replace first (on Cosmos its guard decides
 * the batch before anything else is attempted), then the account, the contact, the opportunity with its
 * entries and its owner's pipeline totals. The reference counters are taken before, on their own: a failed
 * batch leaves a gap in the numbers, never a half-qualified lead.
 */
export class StoreQualificationStore implements QualificationStore {
  constructor(private readonly store: DocumentStore) {}

  commit(write: QualificationWrite): Promise<Versioned<Lead>> {
    const { lead, account, contact, opportunity } = write;
    return translateStoreErrors(async () => {
      const written = leadWrite(lead);
      const operations: BatchOperation[] = [
        { op: "replace", body: written.document, ifMatch: write.version },
        ...written.entries,
      ];
      if (account) operations.push({ op: "create", body: toAccountDocument(account) });
      if (contact) operations.push({ op: "create", body: toContactDocument(contact) });
      if (opportunity) {
        const o = { ...opportunity, historyCount: 0, timelineCount: 0 };
        const { document, entries } = opportunityWrite(o);
        operations.push(
          { op: "create", body: { ...document, counted: true } },
          ...entries,
          ...totalsOperations(undefined, o),
        );
      }
      const [stored] = await this.store.batch(lead.tenantId, operations);
      if (!stored) throw new Error("The batch returned no lead.");
      return fromLeadDocument(lead.tenantId, stored);
    });
  }
}

import type { Lead } from "../leads/lead.js";
import type { Opportunity } from "../opportunities/opportunity.js";
import type { Account, Contact } from "../parties/party.js";

/** A record the search found, with its kind. */
export type FoundRecord =
  | { readonly kind: "lead"; readonly record: Lead }
  | { readonly kind: "opportunity"; readonly record: Opportunity }
  | { readonly kind: "account"; readonly record: Account }
  | { readonly kind: "contact"; readonly record: Contact };

export type RecordKind = FoundRecord["kind"];

export interface RecordSearchQuery {
  readonly kinds: readonly RecordKind[];
  /** Lower-case words; a record matches when its reference, topic or title, company, contact name or e-mail
   * contain every one of them. */
  readonly words: readonly string[];
  /** Only records last changed by this user. */
  readonly changedBy?: string;
  /** Only opportunities this partner organisation may see: created by it, or distributed to it and not
   * declined or recalled. */
  readonly partner?: string;
  readonly skip: number;
  readonly count: number;
}

/** Finds records by text, most recently changed first, in one store request. */
export interface RecordSearchRepository {
  search(tenantId: string, query: RecordSearchQuery): Promise<readonly FoundRecord[]>;
}

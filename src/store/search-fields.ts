import type { Lead } from "../domain/leads/lead.js";
import type { Opportunity } from "../domain/opportunities/opportunity.js";
import { contactName, type Account, type Contact } from "../domain/parties/party.js";

/**
 * The fields a record is found by in the message extension's search (DocumentStore.search), kept on the
 * record's own document so that a search is one indexed query: `search`, the lower-case text of its
 * reference, topic or title, company, contact name and e-mail; `searchAt`, when it last changed; `searchBy`,
 * who changed it last. Written on every write of the record; documents written before these fields existed
 * get them from the one-time pass at start-up (search-backfill.ts).
 */
export interface SearchFields {
  readonly search: string;
  readonly searchAt: string;
  readonly searchBy: string;
}

/** The document types the search covers. */
export const searchableTypes = ["lead", "opportunity", "account", "contact"] as const;

/** Lower case, compatibility-normalised (so "ﬁ" finds "fi"); the search words are folded the same way. */
export const foldForSearch = (text: string): string => text.normalize("NFKC").toLowerCase();

const text = (parts: readonly (string | undefined)[]) =>
  foldForSearch(parts.filter((p): p is string => !!p && p.trim() !== "").join(" | "));

export const leadSearchFields = (lead: Lead): SearchFields => ({
  search: text([
    lead.ref,
    lead.topic,
    lead.company,
    [lead.firstName, lead.lastName].filter(Boolean).join(" "),
    lead.email,
  ]),
  searchAt: lead.updatedAt,
  searchBy: lead.updatedBy.id,
});

export const opportunitySearchFields = (o: Opportunity): SearchFields => ({
  search: text([o.ref, o.title, o.party.name, o.party.ref]),
  searchAt: o.updatedAt,
  searchBy: o.updatedBy.id,
});

export const accountSearchFields = (a: Account): SearchFields => ({
  search: text([a.ref, a.name, a.domain]),
  searchAt: a.createdAt,
  searchBy: a.createdBy.id,
});

export const contactSearchFields = (c: Contact): SearchFields => ({
  search: text([c.ref, contactName(c), c.companyName, c.email]),
  searchAt: c.createdAt,
  searchBy: c.createdBy.id,
});

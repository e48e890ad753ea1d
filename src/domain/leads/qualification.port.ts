import type { Opportunity } from "../opportunities/opportunity.js";
import type { Account, Contact } from "../parties/party.js";
import type { Versioned } from "../shared/ports.js";
import type { Lead } from "./lead.js";

/** Everything one qualification writes: the qualified lead and the records it creates. */
export interface QualificationWrite {
  /** The lead as qualified; replaces the stored lead if it is still at `version`. */
  readonly lead: Lead;
  readonly version: string;
  readonly account?: Account;
  readonly contact?: Contact;
  readonly opportunity?: Opportunity;
}

export interface QualificationStore {
  /**
   * Writes the lead and the new records all or none, so a crash or a refused write never leaves an account
   * without its qualified lead, or a lead marked qualified without its opportunity. Throws
   * ConcurrencyConflict when the lead changed since it was read or a record exists already.
   */
  commit(write: QualificationWrite): Promise<Versioned<Lead>>;
}

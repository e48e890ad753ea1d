import type { Versioned } from "../shared/ports.js";
import type { Account, Contact } from "./party.js";

export interface PartyRepository {
  nextAccountRef(tenantId: string): Promise<string>;
  nextContactRef(tenantId: string): Promise<string>;
  createAccount(account: Account): Promise<Versioned<Account>>;
  createContact(contact: Contact): Promise<Versioned<Contact>>;
  getAccount(tenantId: string, ref: string): Promise<Versioned<Account> | undefined>;
  getContact(tenantId: string, ref: string): Promise<Versioned<Contact> | undefined>;
  updateAccount(account: Account, version: string): Promise<Versioned<Account>>;
  updateContact(contact: Contact, version: string): Promise<Versioned<Contact>>;
  /** Accounts whose normalised domain or normalised name equals the given ones (duplicate detection). */
  findAccounts(
    tenantId: string,
    match: { readonly domain?: string; readonly name?: string },
    limit: number,
  ): Promise<readonly Versioned<Account>[]>;
  /** Contacts with this email (lower case), or with this normalised full name. */
  findContacts(
    tenantId: string,
    match: { readonly email?: string; readonly name?: string },
    limit: number,
  ): Promise<readonly Versioned<Contact>[]>;
}

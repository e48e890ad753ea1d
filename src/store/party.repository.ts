import * as z from "zod";
import {
  contactName,
  companyDomain,
  normaliseName,
  type Account,
  type Contact,
} from "../domain/parties/party.js";
import type { PartyRepository } from "../domain/parties/party.repository.port.js";
import type { Versioned } from "../domain/shared/ports.js";
import type { DocumentStore, Scalar, StoredDocument } from "./document-store.port.js";
import { versionedRecord } from "./document-parse.js";
import { translateStoreErrors } from "./errors.js";
import type { ReferenceAllocator } from "./reference-allocator.js";
import { userStampSchema } from "./schemas.js";
import { accountSearchFields, contactSearchFields } from "./search-fields.js";

export const accountDocumentSchema = z.object({
  id: z.string(),
  type: z.literal("account"),
  ref: z.string(),
  name: z.string(),
  domain: z.string().optional(),
  industry: z.string().optional(),
  isCustomer: z.boolean(),
  createdBy: userStampSchema,
  createdAt: z.string(),
  // Normalised keys for duplicate detection; absent keys never match.
  domainKey: z.string().nullable(),
  nameKey: z.string().nullable(),
});

export const contactDocumentSchema = z.object({
  id: z.string(),
  type: z.literal("contact"),
  ref: z.string(),
  kind: z.enum(["company", "person"]),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  companyName: z.string().optional(),
  jobTitle: z.string().optional(),
  email: z.string().optional(),
  businessPhone: z.string().optional(),
  mobilePhone: z.string().optional(),
  accountRef: z.string().optional(),
  isCustomer: z.boolean(),
  createdBy: userStampSchema,
  createdAt: z.string(),
  emailKey: z.string().nullable(),
  nameKey: z.string().nullable(),
});

export const accountId = (ref: string) => `account:${ref}`;
export const contactId = (ref: string) => `contact:${ref}`;

export function toAccountDocument(a: Account): z.infer<typeof accountDocumentSchema> {
  const { tenantId: _t, ...rest } = a;
  return {
    ...rest,
    id: accountId(a.ref),
    type: "account",
    domainKey: companyDomain(a.domain) ?? null,
    nameKey: normaliseName(a.name) ?? null,
    ...accountSearchFields(a),
  };
}

export function toContactDocument(c: Contact): z.infer<typeof contactDocumentSchema> {
  const { tenantId: _t, ...rest } = c;
  return {
    ...rest,
    id: contactId(c.ref),
    type: "contact",
    emailKey: c.email?.trim().toLowerCase() ?? null,
    nameKey: normaliseName(contactName(c)) ?? null,
    ...contactSearchFields(c),
  };
}

export function fromAccountDocument(tenantId: string, stored: StoredDocument): Versioned<Account> {
  return versionedRecord(accountDocumentSchema, tenantId, stored, ["id", "type", "domainKey", "nameKey"]);
}

export function fromContactDocument(tenantId: string, stored: StoredDocument): Versioned<Contact> {
  return versionedRecord(contactDocumentSchema, tenantId, stored, ["id", "type", "emailKey", "nameKey"]);
}

export class StorePartyRepository implements PartyRepository {
  constructor(
    private readonly store: DocumentStore,
    private readonly refs: ReferenceAllocator,
  ) {}

  nextAccountRef(tenantId: string) {
    return translateStoreErrors(() => this.refs.next(tenantId, "A"));
  }

  nextContactRef(tenantId: string) {
    return translateStoreErrors(() => this.refs.next(tenantId, "C"));
  }

  createAccount(a: Account) {
    return translateStoreErrors(async () =>
      fromAccountDocument(a.tenantId, await this.store.create(a.tenantId, toAccountDocument(a))),
    );
  }

  createContact(c: Contact) {
    return translateStoreErrors(async () =>
      fromContactDocument(c.tenantId, await this.store.create(c.tenantId, toContactDocument(c))),
    );
  }

  getAccount(tenantId: string, ref: string) {
    return translateStoreErrors(async () => {
      const stored = await this.store.read(tenantId, accountId(ref));
      return stored ? fromAccountDocument(tenantId, stored) : undefined;
    });
  }

  getContact(tenantId: string, ref: string) {
    return translateStoreErrors(async () => {
      const stored = await this.store.read(tenantId, contactId(ref));
      return stored ? fromContactDocument(tenantId, stored) : undefined;
    });
  }

  updateAccount(a: Account, version: string) {
    return translateStoreErrors(async () =>
      fromAccountDocument(a.tenantId, await this.store.replace(a.tenantId, toAccountDocument(a), version)),
    );
  }

  updateContact(c: Contact, version: string) {
    return translateStoreErrors(async () =>
      fromContactDocument(c.tenantId, await this.store.replace(c.tenantId, toContactDocument(c), version)),
    );
  }

  findAccounts(tenantId: string, match: { domain?: string; name?: string }, limit: number) {
    return translateStoreErrors(async () => {
      const found = new Map<string, Versioned<Account>>();
      const domainKey = companyDomain(match.domain);
      const nameKey = normaliseName(match.name);
      for (const [field, key] of [
        ["domainKey", domainKey],
        ["nameKey", nameKey],
      ] as const) {
        if (!key) continue;
        const where = { [field]: key };
        for (const a of await this.queryAll(tenantId, "account", where, limit)) {
          found.set(a.body.id, fromAccountDocument(tenantId, a));
        }
      }
      return [...found.values()].slice(0, limit);
    });
  }

  findContacts(tenantId: string, match: { email?: string; name?: string }, limit: number) {
    return translateStoreErrors(async () => {
      const found = new Map<string, Versioned<Contact>>();
      const emailKey = match.email?.trim().toLowerCase();
      const nameKey = normaliseName(match.name);
      for (const [field, key] of [
        ["emailKey", emailKey],
        ["nameKey", nameKey],
      ] as const) {
        if (!key) continue;
        const where = { [field]: key };
        for (const c of await this.queryAll(tenantId, "contact", where, limit)) {
          found.set(c.body.id, fromContactDocument(tenantId, c));
        }
      }
      return [...found.values()].slice(0, limit);
    });
  }

  private async queryAll(tenantId: string, type: string, where: Record<string, Scalar>, limit: number) {
    const page = await this.store.query(tenantId, {
      type,
      where,
      orderBy: { field: "ref", direction: "asc" },
      limit,
    });
    return page.items;
  }
}

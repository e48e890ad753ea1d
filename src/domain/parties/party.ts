import type { UserStamp } from "../shared/timeline.js";
import { isFreeMailDomain } from "./free-mail.js";

/** A company the tenant sells to. */
export interface Account {
  /** "A-1001" */
  readonly ref: string;
  readonly tenantId: string;
  readonly name: string;
  /** Web domain, lower case, without scheme or path (contoso.com). */
  readonly domain?: string;
  readonly industry?: string;
  /** Orders can only be made for customers. */
  readonly isCustomer: boolean;
  readonly createdBy: UserStamp;
  readonly createdAt: string;
}

export type ContactKind = "company" | "person";

export interface Contact {
  /** "C-1001" */
  readonly ref: string;
  readonly tenantId: string;
  readonly kind: ContactKind;
  readonly firstName?: string;
  readonly lastName?: string;
  /** For kind "company": the company's name. */
  readonly companyName?: string;
  readonly jobTitle?: string;
  readonly email?: string;
  readonly businessPhone?: string;
  readonly mobilePhone?: string;
  readonly accountRef?: string;
  readonly isCustomer: boolean;
  readonly createdBy: UserStamp;
  readonly createdAt: string;
}

/** What an opportunity is linked to: exactly one account or contact. */
export interface PartyLink {
  readonly kind: "account" | "contact";
  readonly ref: string;
  readonly name: string;
  /**
   * A contact of kind person (no quote can be made for one). Set when a contact is linked; absent on accounts
   * and on links stored before it existed.
   */
  readonly person?: boolean;
}

/** How an opportunity links a contact: its customer when it has no account, or the account's primary contact. */
export const contactLink = (c: Contact): PartyLink => ({
  kind: "contact",
  ref: c.ref,
  name: contactName(c),
  person: c.kind === "person",
});

export const contactName = (c: Pick<Contact, "firstName" | "lastName" | "companyName">): string =>
  [c.firstName, c.lastName].filter(Boolean).join(" ") || c.companyName || "";

export const accountRefPattern = /^A-\d{1,9}$/;
export const contactRefPattern = /^C-\d{1,9}$/;

/** Normalises a web domain or email's domain for duplicate detection: "https://www.Contoso.com/x" → "contoso.com". */
export function normaliseDomain(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const host = value
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, "")
    .replace(/^.*@/, "")
    .split(/[/:?#]/)[0]
    ?.replace(/^www\./, "");
  return host || undefined;
}

/**
 * The company web domain that a domain or e-mail address stands for, or undefined when it has none: a free-mail
 * or ISP address ("ann@gmail.com") says nothing about the company, so it is never stored or matched.
 */
export function companyDomain(value: string | undefined): string | undefined {
  const domain = normaliseDomain(value);
  return domain && !isFreeMailDomain(domain) ? domain : undefined;
}

/** Normalises a company name for duplicate detection: case, spaces and common legal suffixes ignored. */
export function normaliseName(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const name = value
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[.,]/g, " ")
    .replace(/\b(inc|ltd|llc|gmbh|a\/s|as|ab|aps|oy|plc|corp|co)\b/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return name || undefined;
}

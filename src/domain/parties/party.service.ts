import { isStaff, type Actor } from "../shared/actor.js";
import { ConcurrencyConflict, type Clock } from "../shared/ports.js";
import { fail, ok, type Result } from "../shared/result.js";
import {
  accountRefPattern,
  contactRefPattern,
  companyDomain,
  type Account,
  type Contact,
  type ContactKind,
} from "./party.js";
import { findAccount, findContact } from "./party.lookup.js";
import type { PartyRepository } from "./party.repository.port.js";

export interface NewAccount {
  readonly name: string;
  readonly domain?: string;
  readonly industry?: string;
  readonly isCustomer?: boolean;
}

export interface NewContact {
  readonly kind: ContactKind;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly companyName?: string;
  readonly jobTitle?: string;
  readonly email?: string;
  readonly businessPhone?: string;
  readonly mobilePhone?: string;
  /** "A-1001" or an account name. */
  readonly account?: string;
  readonly isCustomer?: boolean;
}

export type Party =
  | { readonly kind: "account"; readonly account: Account }
  | { readonly kind: "contact"; readonly contact: Contact };

/** Accounts and contacts: created by hand or by qualifying a lead; linked to leads and opportunities. */
export class PartyService {
  constructor(private readonly deps: { readonly parties: PartyRepository; readonly clock: Clock }) {}

  async createAccount(actor: Actor, input: NewAccount): Promise<Result<Account>> {
    if (!isStaff(actor)) return fail("forbidden", { action: "account new" });
    if (!input.name.trim()) return fail("invalid", undefined, [{ field: "name", problem: "required" }]);
    const ref = await this.deps.parties.nextAccountRef(actor.tenantId);
    const domain = companyDomain(input.domain);
    const created = await this.deps.parties.createAccount({
      ref,
      tenantId: actor.tenantId,
      name: input.name.trim(),
      ...(domain ? { domain } : {}),
      ...(input.industry ? { industry: input.industry } : {}),
      isCustomer: input.isCustomer ?? false,
      createdBy: { id: actor.userId, name: actor.name },
      createdAt: this.deps.clock.now().toISOString(),
    });
    return ok(created.value);
  }

  async createContact(actor: Actor, input: NewContact): Promise<Result<Contact>> {
    if (!isStaff(actor)) return fail("forbidden", { action: "contact new" });
    if (input.kind === "person" && !input.lastName?.trim()) {
      return fail("invalid", undefined, [{ field: "last", problem: "required" }]);
    }
    if (input.kind === "company" && !input.companyName?.trim()) {
      return fail("invalid", undefined, [{ field: "company", problem: "required" }]);
    }
    let accountRef: string | undefined;
    if (input.account) {
      const account = await this.findAccount(actor.tenantId, input.account);
      if (!account.ok) return account;
      accountRef = account.value.ref;
    }
    const ref = await this.deps.parties.nextContactRef(actor.tenantId);
    const { account: _account, isCustomer, ...fields } = input;
    const created = await this.deps.parties.createContact({
      ...fields,
      ref,
      tenantId: actor.tenantId,
      ...(accountRef ? { accountRef } : {}),
      ...(input.email ? { email: input.email.trim().toLowerCase() } : {}),
      isCustomer: isCustomer ?? false,
      createdBy: { id: actor.userId, name: actor.name },
      createdAt: this.deps.clock.now().toISOString(),
    });
    return ok(created.value);
  }

  /** A-… or C-… by reference. */
  async show(actor: Actor, ref: string): Promise<Result<Party>> {
    if (!isStaff(actor)) return fail("forbidden", { action: "show" });
    const wanted = ref.trim().toUpperCase();
    if (accountRefPattern.test(wanted)) {
      const found = await this.deps.parties.getAccount(actor.tenantId, wanted);
      return found
        ? ok({ kind: "account", account: found.value })
        : fail("party.account_not_found", { account: ref });
    }
    if (contactRefPattern.test(wanted)) {
      const found = await this.deps.parties.getContact(actor.tenantId, wanted);
      return found
        ? ok({ kind: "contact", contact: found.value })
        : fail("party.contact_not_found", { contact: ref });
    }
    return fail("party.bad_ref", { ref });
  }

  /** Marks an account or contact as a customer, so orders can be made for it. */
  async markCustomer(actor: Actor, ref: string, isCustomer: boolean): Promise<Result<Party>> {
    if (!isStaff(actor)) return fail("forbidden", { action: "customer" });
    const wanted = ref.trim().toUpperCase();
    try {
      if (accountRefPattern.test(wanted)) {
        const found = await this.deps.parties.getAccount(actor.tenantId, wanted);
        if (!found) return fail("party.account_not_found", { account: ref });
        const saved = await this.deps.parties.updateAccount({ ...found.value, isCustomer }, found.version);
        return ok({ kind: "account", account: saved.value });
      }
      if (contactRefPattern.test(wanted)) {
        const found = await this.deps.parties.getContact(actor.tenantId, wanted);
        if (!found) return fail("party.contact_not_found", { contact: ref });
        const saved = await this.deps.parties.updateContact({ ...found.value, isCustomer }, found.version);
        return ok({ kind: "contact", contact: saved.value });
      }
    } catch (error) {
      if (error instanceof ConcurrencyConflict) return fail("conflict");
      throw error;
    }
    return fail("party.bad_ref", { ref });
  }

  findAccount(tenantId: string, wanted: string): Promise<Result<Account>> {
    return findAccount(this.deps.parties, tenantId, wanted);
  }

  findContact(tenantId: string, wanted: string): Promise<Result<Contact>> {
    return findContact(this.deps.parties, tenantId, wanted);
  }
}

import { attentionDate } from "../opportunities/attention.js";
import { audible, silentNotifier, type NotificationEvent, type Notifier } from "../notify/event.js";
import { newOpportunity, type NewOpportunity, type Opportunity } from "../opportunities/opportunity.js";
import type { OpportunityRepository } from "../opportunities/opportunity.repository.port.js";
import {
  contactLink,
  contactName,
  companyDomain,
  type Account,
  type Contact,
  type PartyLink,
} from "../parties/party.js";
import { findAccount, findContact } from "../parties/party.lookup.js";
import type { PartyRepository } from "../parties/party.repository.port.js";
import { findCycle } from "../setup/tenant-setup.js";
import type { TenantSetupService } from "../setup/tenant-setup.service.js";
import { isStaff, type Actor } from "../shared/actor.js";
import { ConcurrencyConflict, stoppedBy, type Clock, type Versioned } from "../shared/ports.js";
import { fail, ok, type FailureCode, type Result } from "../shared/result.js";
import { mayChangeLead, touchLead, type Lead, type Qualification } from "./lead.js";
import type { LeadRepository } from "./lead.repository.port.js";
import type { QualificationStore } from "./qualification.port.js";

/** "Lead qualified", for channels that listen to the `lead` topic. */
function qualifiedEvent(lead: Lead, opportunityRef: string | undefined, actor: Actor): NotificationEvent {
  return {
    id: `${lead.ref}#${lead.revision}:lead_qualified`,
    kind: "lead_qualified",
    at: lead.updatedAt,
    by: { id: actor.userId, name: actor.name },
    subject: { kind: "lead", ref: lead.ref, title: lead.topic },
    facts: { ...(opportunityRef ? { opportunityRef } : {}) },
    direct: [],
  };
}

/** What the lead use cases need; LeadService hands the same to its qualification. */
export interface LeadServiceDeps {
  /** Who listens for "lead qualified"; told when a write put the event in the lead's outbox. */
  readonly notifier?: Notifier;
  readonly leads: LeadRepository;
  readonly parties: PartyRepository;
  readonly opportunities: OpportunityRepository;
  /** The one all-or-none write of a qualification. */
  readonly qualifications: QualificationStore;
  readonly setup: TenantSetupService;
  readonly clock: Clock;
}

/**
 * The lead's latest notes an opportunity made from it starts with: what the one batch of a qualification may
 * add beside the lead, account, contact, opportunity, its first history row and its owner's totals (100).
 */
const copiedNotes = 90;

export interface QualifyOptions {
  /** ISO currency of the opportunity; default: the lead's, else the tenant's. */
  readonly currency?: string;
  /** Which records to create; default from the tenant setting (all three). */
  readonly create?: { readonly account: boolean; readonly contact: boolean; readonly opportunity: boolean };
  /** Link these existing records instead of creating new ones (the answer to a duplicate warning). */
  readonly linkAccount?: string;
  readonly linkContact?: string;
  /** Create new records even though duplicates were found ("create anyway"). */
  readonly ignoreDuplicates?: boolean;
}

export interface DuplicateWarning {
  readonly leadRef: string;
  readonly accounts: readonly Pick<Account, "ref" | "name" | "domain">[];
  readonly contacts: readonly (Pick<Contact, "ref" | "email"> & { readonly name: string })[];
}

export type QualifyOutcome =
  | { readonly kind: "qualified"; readonly lead: Lead }
  | { readonly kind: "duplicates"; readonly warning: DuplicateWarning }
  | {
      readonly kind: "failed";
      readonly leadRef: string;
      readonly code: FailureCode;
      readonly params?: Record<string, string | number>;
    };

export const maxLeadsPerQualify = 20;

/**
 * Qualifying leads, the one use case of LeadService that writes several records: LeadService.qualify hands
 * on to this. It finds leads through the service's own lookup (`find`).
 */
export class LeadQualification {
  constructor(
    private readonly deps: LeadServiceDeps,
    private readonly find: (actor: Actor, ref: string) => Promise<Result<Versioned<Lead>>>,
  ) {}

  /**
   * Qualifies one or several leads: each becomes an opportunity (and an account and a contact unless existing
   * ones are linked), carrying the lead's notes. Account or contact matches by domain, name or email stop that
   * lead with a duplicate warning until the user links one or says "create anyway".
   */
  async qualify(
    actor: Actor,
    refs: readonly string[],
    options: QualifyOptions = {},
  ): Promise<Result<QualifyOutcome[]>> {
    if (!isStaff(actor)) return fail("forbidden", { action: "lead qualify" });
    const unique = [...new Set(refs.map((r) => r.trim().toUpperCase()))];
    if (unique.length === 0) return fail("lead.qualify_nothing");
    if (unique.length > maxLeadsPerQualify) return fail("lead.qualify_too_many", { max: maxLeadsPerQualify });
    if ((options.linkAccount || options.linkContact) && unique.length > 1)
      return fail("lead.link_one_at_a_time");
    const outcomes: QualifyOutcome[] = [];
    for (const [i, ref] of unique.entries()) {
      try {
        outcomes.push(await this.qualifyOne(actor, ref, options));
      } catch (error) {
        // Each lead is its own write: once one is qualified, a storage failure on a later one must not be
        // answered "nothing was changed". It is told per lead, and the leads not tried are named.
        const stopped = stoppedBy(error);
        if (!stopped || !outcomes.some((o) => o.kind === "qualified")) throw error;
        const code = stopped === "unknown" ? "lead.qualify_store_unknown" : "lead.qualify_store_unavailable";
        outcomes.push({ kind: "failed", leadRef: ref, code, params: { ref } });
        for (const rest of unique.slice(i + 1)) {
          outcomes.push({
            kind: "failed",
            leadRef: rest,
            code: "lead.qualify_not_tried",
            params: { ref: rest },
          });
        }
        break;
      }
    }
    return ok(outcomes);
  }

  private async qualifyOne(actor: Actor, ref: string, options: QualifyOptions): Promise<QualifyOutcome> {
    const failed = (code: FailureCode, params?: Record<string, string | number>): QualifyOutcome => ({
      kind: "failed",
      leadRef: ref,
      code,
      ...(params ? { params } : {}),
    });
    const found = await this.find(actor, ref);
    if (!found.ok) return failed(found.error.code, found.error.params as Record<string, string>);
    const { value: lead, version } = found.value;
    if (!mayChangeLead(actor, lead))
      return failed("lead.not_yours", { ref: lead.ref, owner: lead.owner.name });
    if (lead.status === "qualified") return failed("lead.already_qualified", { ref: lead.ref });
    if (lead.status === "disqualified") return failed("lead.qualify_disqualified", { ref: lead.ref });

    const setup = await this.deps.setup.load(actor.tenantId);
    const currency = (
      options.currency ??
      lead.qualification?.currency ??
      lead.currency ??
      setup.defaultCurrency
    ).toUpperCase();
    const create = options.create ?? { account: true, contact: true, opportunity: true };

    let plan = lead.qualification;
    if (!plan) {
      // Links chosen now, or given when the lead was created.
      let accountRef = lead.accountRef;
      let contactRef = lead.contactRef;
      if (options.linkAccount) {
        const account = await findAccount(this.deps.parties, actor.tenantId, options.linkAccount);
        if (!account.ok) return failed(account.error.code, account.error.params as Record<string, string>);
        accountRef = account.value.ref;
      }
      if (options.linkContact) {
        const contact = await findContact(this.deps.parties, actor.tenantId, options.linkContact);
        if (!contact.ok) return failed(contact.error.code, contact.error.params as Record<string, string>);
        contactRef = contact.value.ref;
      }
      const wantsAccount = create.account && !accountRef && Boolean(lead.company);
      const wantsContact = create.contact && !contactRef && Boolean(lead.lastName);
      if (!options.ignoreDuplicates) {
        const warning = await this.duplicates(actor.tenantId, lead, wantsAccount, wantsContact);
        if (warning) return { kind: "duplicates", warning };
      }
      if (create.opportunity && !accountRef && !contactRef && !wantsAccount && !wantsContact) {
        return failed("lead.qualify_no_party", { ref: lead.ref });
      }
      // Only the reference counters are taken before the one write below: a crash in between leaves gaps in
      // the numbers, never a half-qualified lead.
      plan = {
        ...(accountRef
          ? { accountRef }
          : wantsAccount
            ? { accountRef: await this.deps.parties.nextAccountRef(actor.tenantId) }
            : {}),
        ...(contactRef
          ? { contactRef }
          : wantsContact
            ? { contactRef: await this.deps.parties.nextContactRef(actor.tenantId) }
            : {}),
        ...(create.opportunity
          ? { opportunityRef: await this.deps.opportunities.nextRef(actor.tenantId) }
          : {}),
        currency,
        at: this.now().toISOString(),
        by: { id: actor.userId, name: actor.name },
      } satisfies Qualification;
    }

    const records = await this.plannedRecords(actor, lead, plan, create);
    try {
      const qualified = touchLead(lead, actor, this.now(), { status: "qualified", qualification: plan });
      const notifier = this.deps.notifier ?? silentNotifier;
      const events = await audible(notifier, actor.tenantId, [
        qualifiedEvent(qualified, plan.opportunityRef, actor),
      ]);
      const saved = await this.deps.qualifications.commit({
        lead: events.length ? { ...qualified, outbox: [...(qualified.outbox ?? []), ...events] } : qualified,
        version,
        ...records,
      });
      if (events.length) notifier.committed(actor.tenantId, { kind: "lead", ref: lead.ref });
      return { kind: "qualified", lead: saved.value };
    } catch (error) {
      if (error instanceof ConcurrencyConflict) return failed("lead.changed", { ref: lead.ref });
      throw error;
    }
  }

  private async duplicates(
    tenantId: string,
    lead: Lead,
    wantsAccount: boolean,
    wantsContact: boolean,
  ): Promise<DuplicateWarning | undefined> {
    const domain = companyDomain(lead.email);
    const accounts = wantsAccount
      ? await this.deps.parties.findAccounts(
          tenantId,
          { ...(lead.company ? { name: lead.company } : {}), ...(domain ? { domain } : {}) },
          5,
        )
      : [];
    const contacts =
      wantsContact && lead.email
        ? await this.deps.parties.findContacts(tenantId, { email: lead.email }, 5)
        : [];
    if (accounts.length === 0 && contacts.length === 0) return undefined;
    return {
      leadRef: lead.ref,
      accounts: accounts.map(({ value: a }) => ({
        ref: a.ref,
        name: a.name,
        ...(a.domain ? { domain: a.domain } : {}),
      })),
      contacts: contacts.map(({ value: c }) => ({
        ref: c.ref,
        name: contactName(c),
        ...(c.email ? { email: c.email } : {}),
      })),
    };
  }

  /**
   * The records the plan names that do not exist yet, to be written with the qualified lead. The customer of
   * the opportunity is the account when there is one (the lead named a company, or one was linked) with the
   * person as its primary contact; a lead without a company gives an opportunity for the person. Existing
   * records are kept: a plan stored by an earlier version that stopped half way names some of them.
   */
  private async plannedRecords(
    actor: Actor,
    lead: Lead,
    plan: Qualification,
    create: NonNullable<QualifyOptions["create"]>,
  ): Promise<{ account?: Account; contact?: Contact; opportunity?: Opportunity }> {
    const stamp = { id: actor.userId, name: actor.name };
    const at = this.now().toISOString();
    const tenantId = actor.tenantId;
    const storedAccount = plan.accountRef
      ? (await this.deps.parties.getAccount(tenantId, plan.accountRef))?.value
      : undefined;
    const domain = companyDomain(lead.email);
    const newAccount: Account | undefined =
      plan.accountRef && !storedAccount && create.account && lead.company
        ? {
            ref: plan.accountRef,
            tenantId,
            name: lead.company,
            ...(domain ? { domain } : {}),
            ...(lead.industry ? { industry: lead.industry } : {}),
            isCustomer: false,
            createdBy: stamp,
            createdAt: at,
          }
        : undefined;
    const storedContact = plan.contactRef
      ? (await this.deps.parties.getContact(tenantId, plan.contactRef))?.value
      : undefined;
    const newContact: Contact | undefined =
      plan.contactRef && !storedContact && create.contact && lead.lastName
        ? {
            ref: plan.contactRef,
            tenantId,
            kind: "person",
            ...(lead.firstName ? { firstName: lead.firstName } : {}),
            lastName: lead.lastName,
            ...(lead.jobTitle ? { jobTitle: lead.jobTitle } : {}),
            ...(lead.email ? { email: lead.email.toLowerCase() } : {}),
            ...(lead.businessPhone ? { businessPhone: lead.businessPhone } : {}),
            ...(lead.mobilePhone ? { mobilePhone: lead.mobilePhone } : {}),
            ...(plan.accountRef ? { accountRef: plan.accountRef } : {}),
            isCustomer: false,
            createdBy: stamp,
            createdAt: at,
          }
        : undefined;
    const account = storedAccount ?? newAccount;
    const contact = storedContact ?? newContact;
    const party: PartyLink | undefined = account
      ? { kind: "account", ref: account.ref, name: account.name }
      : contact
        ? contactLink(contact)
        : undefined;
    const opportunity =
      plan.opportunityRef && party && !(await this.deps.opportunities.get(tenantId, plan.opportunityRef))
        ? await this.plannedOpportunity(actor, lead, plan, plan.opportunityRef, {
            party,
            ...(account && contact
              ? { primaryContact: { ref: contact.ref, name: contactName(contact) } }
              : {}),
          })
        : undefined;
    return {
      ...(newAccount ? { account: newAccount } : {}),
      ...(newContact ? { contact: newContact } : {}),
      ...(opportunity ? { opportunity } : {}),
    };
  }

  private async plannedOpportunity(
    actor: Actor,
    lead: Lead,
    plan: Qualification,
    ref: string,
    customer: Pick<NewOpportunity, "party" | "primaryContact">,
  ): Promise<Opportunity> {
    const setup = await this.deps.setup.load(actor.tenantId);
    const cycle = findCycle(setup) ?? setup.cycles[0];
    if (!cycle) throw new Error(`Tenant ${actor.tenantId} has no sales cycle`);
    const opportunity = newOpportunity(
      {
        title: lead.topic,
        ...customer,
        currency: plan.currency,
        leadRef: lead.ref,
        owner: lead.owner,
        ...(lead.source ? { source: lead.source } : {}),
        // The lead's notes come along (the latest of them, as many as the one write may add).
        timeline: (await this.deps.leads.timeline(actor.tenantId, lead.ref, copiedNotes)).map((e) => ({
          ...e,
          origin: e.origin ?? lead.ref,
        })),
      },
      ref,
      cycle,
      actor,
      this.now(),
    );
    return { ...opportunity, attentionDate: attentionDate(opportunity, cycle) };
  }

  private now(): Date {
    return this.deps.clock.now();
  }
}

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
import { additiveAttempts, KeyedQueue, retryAdditive } from "../shared/additive.js";
import { ConcurrencyConflict, stoppedBy, type Clock, type Page, type Versioned } from "../shared/ports.js";
import { fail, ok, type FailureCode, type Result } from "../shared/result.js";
import {
  autofill,
  leadDraftProblems,
  leadRefPattern,
  leadTextLimit,
  maxStakeholders,
  newLead,
  touchLead,
  type Lead,
  type LeadDraft,
  type LeadStatus,
  type Qualification,
  type StakeholderRole,
  type TimelineKind,
} from "./lead.js";
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

export const leadPageSize = 10;
/**
 * The lead's latest notes an opportunity made from it starts with: what the one batch of a qualification may
 * add beside the lead, account, contact, opportunity, its first history row and its owner's totals (100).
 */
const copiedNotes = 90;

/** An existing account or contact to link, by reference, name, domain or email. */
export interface LeadLinks {
  readonly account?: string;
  readonly contact?: string;
}

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

/** Lead use cases. Text commands and card actions both call these, so they behave the same. */
export class LeadService {
  /** Additive changes to one lead, one at a time on this instance. */
  private readonly additive = new KeyedQueue();

  constructor(private readonly deps: LeadServiceDeps) {}

  async create(actor: Actor, draft: LeadDraft, links: LeadLinks = {}): Promise<Result<Versioned<Lead>>> {
    if (!isStaff(actor)) return fail("forbidden", { action: "lead new" });
    let account: Account | undefined;
    let contact: Contact | undefined;
    if (links.account) {
      const found = await findAccount(this.deps.parties, actor.tenantId, links.account);
      if (!found.ok) return found;
      account = found.value;
    }
    if (links.contact) {
      const found = await findContact(this.deps.parties, actor.tenantId, links.contact);
      if (!found.ok) return found;
      contact = found.value;
    }
    const filled = autofill(draft, { ...(account ? { account } : {}), ...(contact ? { contact } : {}) });
    const problems = leadDraftProblems(filled);
    if (problems.length > 0) return fail("invalid", undefined, problems);
    const ref = await this.deps.leads.nextRef(actor.tenantId);
    const lead: Lead = {
      ...newLead(filled, ref, actor, this.now()),
      ...(account ? { accountRef: account.ref } : {}),
      ...(contact ? { contactRef: contact.ref } : {}),
    };
    return ok(await this.deps.leads.create(lead));
  }

  async show(actor: Actor, ref: string): Promise<Result<Versioned<Lead>>> {
    if (!isStaff(actor)) return fail("forbidden", { action: "lead show" });
    return this.find(actor, ref);
  }

  async list(
    actor: Actor,
    status: LeadStatus | "all",
    cursor?: string,
  ): Promise<Result<Page<Versioned<Lead>>>> {
    if (!isStaff(actor)) return fail("forbidden", { action: "lead list" });
    const filter = status === "all" ? {} : { status };
    return ok(await this.deps.leads.list(actor.tenantId, filter, { limit: leadPageSize, cursor }));
  }

  /** A note or an activity (call, email, meeting, task) on the lead's timeline; any colleague may add one. */
  addTimeline(actor: Actor, ref: string, kind: TimelineKind, text: string) {
    return this.change(actor, ref, { anyStaff: true }, (lead) => {
      const trimmed = text.trim();
      if (!trimmed) return fail("timeline.empty");
      if (trimmed.length > leadTextLimit) return fail("timeline.too_long", { max: leadTextLimit });
      const entry = {
        kind,
        text: trimmed,
        by: { id: actor.userId, name: actor.name },
        at: this.now().toISOString(),
      };
      return ok(touchLead(lead, actor, this.now(), { timeline: [...lead.timeline, entry] }));
    });
  }

  /** Connects a contact to the lead with a role (default: stakeholder). */
  async addStakeholder(actor: Actor, ref: string, contactWanted: string, role: StakeholderRole) {
    const contact = await findContact(this.deps.parties, actor.tenantId, contactWanted);
    if (!contact.ok) return contact;
    return this.change(actor, ref, { anyStaff: true }, (lead) => {
      const others = lead.stakeholders.filter((s) => s.contactRef !== contact.value.ref);
      if (others.length >= maxStakeholders)
        return fail("lead.too_many_stakeholders", { max: maxStakeholders });
      const stakeholder = { contactRef: contact.value.ref, name: contactName(contact.value), role };
      return ok(touchLead(lead, actor, this.now(), { stakeholders: [...others, stakeholder] }));
    });
  }

  /** Keeps the lead and its timeline for the audit trail. */
  disqualify(actor: Actor, ref: string, reason: string | undefined, revision?: number) {
    return this.change(actor, ref, { revision }, (lead) => {
      if (lead.status !== "open") return fail(`lead.already_${lead.status}`, { ref: lead.ref });
      if (reason && reason.length > 500) return fail("timeline.too_long", { max: 500 });
      return ok(
        touchLead(lead, actor, this.now(), {
          status: "disqualified",
          ...(reason ? { disqualifyReason: reason.trim() } : {}),
        }),
      );
    });
  }

  reactivate(actor: Actor, ref: string, revision?: number) {
    return this.change(actor, ref, { revision }, (lead) => {
      if (lead.status !== "disqualified") return fail("lead.not_disqualified", { ref: lead.ref });
      const { disqualifyReason: _reason, ...rest } = lead;
      return ok(touchLead(rest, actor, this.now(), { status: "open" }));
    });
  }

  /** Removes the lead with its notes. Owner, managers and admins only. */
  async delete(actor: Actor, ref: string, revision?: number): Promise<Result<{ ref: string }>> {
    if (!isStaff(actor)) return fail("forbidden", { action: "lead delete" });
    const found = await this.find(actor, ref);
    if (!found.ok) return found;
    const lead = found.value.value;
    if (!mayChangeLead(actor, lead)) return fail("lead.not_yours", { ref: lead.ref, owner: lead.owner.name });
    // A Delete pressed on an older card must not remove what the user has not seen.
    if (revision !== undefined && revision !== lead.revision) return fail("lead.stale", { ref: lead.ref });
    try {
      await this.deps.leads.delete(actor.tenantId, lead.ref, found.value.version);
    } catch (error) {
      if (error instanceof ConcurrencyConflict) return fail("lead.changed", { ref: lead.ref });
      throw error;
    }
    return ok({ ref: lead.ref });
  }

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

  private async find(actor: Actor, ref: string): Promise<Result<Versioned<Lead>>> {
    const normalised = ref.trim().toUpperCase();
    if (!leadRefPattern.test(normalised)) return fail("lead.bad_ref", { ref });
    const found = await this.deps.leads.get(actor.tenantId, normalised);
    return found ? ok(found) : fail("lead.not_found", { ref: normalised });
  }

  /**
   * Read, check, apply, write guarded by the version read. Additive changes (`anyStaff`: notes, activities,
   * stakeholders) are re-read and re-applied when another writer got there first; any other change meeting
   * a concurrent writer is refused as "changed meanwhile".
   */
  private async change(
    actor: Actor,
    ref: string,
    rules: { readonly anyStaff?: boolean; readonly revision?: number | undefined },
    apply: (lead: Lead) => Result<Lead>,
  ): Promise<Result<Versioned<Lead>>> {
    if (!isStaff(actor)) return fail("forbidden", { action: "lead" });
    let refused: Result<Versioned<Lead>> | undefined;
    const attempt = () =>
      retryAdditive(
        async (tryNumber) => {
          const found = await this.find(actor, ref);
          if (!found.ok) return found;
          const lead = found.value.value;
          if (!rules.anyStaff && !mayChangeLead(actor, lead))
            return fail("lead.not_yours", { ref: lead.ref, owner: lead.owner.name });
          // The card's revision was checked on the first read; a retry applies to what is stored now.
          if (rules.revision !== undefined && rules.revision !== lead.revision && tryNumber === 0)
            return fail("lead.stale", { ref: lead.ref });
          const changed = apply(lead);
          if (!changed.ok) return changed;
          refused = fail("lead.changed", { ref: lead.ref });
          return ok(await this.deps.leads.update(changed.value, found.value.version));
        },
        rules.anyStaff ? additiveAttempts : 1,
      );
    try {
      return await (rules.anyStaff
        ? this.additive.run(`${actor.tenantId}\u0000${ref.trim().toUpperCase()}`, attempt)
        : attempt());
    } catch (error) {
      if (error instanceof ConcurrencyConflict && refused) return refused;
      throw error;
    }
  }
}

export const mayChangeLead = (actor: Actor, lead: Lead): boolean =>
  actor.role === "admin" ||
  actor.role === "manager" ||
  (actor.role === "rep" && lead.owner.id === actor.userId);

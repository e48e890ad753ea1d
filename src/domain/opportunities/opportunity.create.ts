import { findCycle } from "../setup/tenant-setup.js";
import { contactLink, type Account, type PartyLink } from "../parties/party.js";
import { findAccount, findContact } from "../parties/party.lookup.js";
import { audible, silentNotifier } from "../notify/event.js";
import { isManager, isStaff, type Actor } from "../shared/actor.js";
import { fail, ok, type Result } from "../shared/result.js";
import { attentionDate } from "./attention.js";
import { creationEvents } from "./opportunity.events.js";
import { newOpportunity, opportunityLimits, type OpportunityLine } from "./opportunity.js";
import type { OpportunityChanges, OpportunityServiceDeps, OpportunityView } from "./opportunity.change.js";

export interface CreateOpportunityInput {
  readonly title: string;
  /** "A-1001" / "C-1001", or a name or email to look up. */
  readonly account?: string;
  readonly contact?: string;
  readonly cycle?: string;
  readonly value?: number;
  readonly chancePct?: number;
  readonly expectedCloseDate?: string;
  readonly currency?: string;
  readonly type?: string;
  readonly source?: string;
  /** `owner=@user`: the salesperson it is created for; someone else than the actor only by managers and admins. */
  readonly owner?: { readonly id: string; readonly name: string };
  readonly region?: string;
  readonly industry?: string;
  readonly customerSituation?: string;
  readonly customerNeed?: string;
  readonly proposedSolution?: string;
  /** Lines it starts with (`opp clone` copies them); none otherwise. */
  readonly lines?: readonly OpportunityLine[];
  /** The account's primary contact (`opp clone` copies it). */
  readonly primaryContact?: { readonly ref: string; readonly name: string };
}

/** `opp new` and `opp clone`: a new opportunity, for one of the vendor's customers or one a partner names. */
export class OpportunityCreation {
  constructor(
    private readonly deps: OpportunityServiceDeps,
    private readonly core: OpportunityChanges,
  ) {}

  async create(actor: Actor, input: CreateOpportunityInput): Promise<Result<OpportunityView>> {
    if (!isStaff(actor) && actor.role !== "partner") return fail("forbidden", { action: "opp new" });
    if (input.owner && input.owner.id !== actor.userId && !isManager(actor))
      return fail("opp.owner_forbidden");
    let origin: { partner: string; name: string } | undefined;
    if (actor.role === "partner") {
      const partner = actor.partner
        ? await this.deps.partners?.get(actor.tenantId, actor.partner)
        : undefined;
      if (!partner) return fail("partner.no_organisation");
      origin = { partner: partner.ref, name: partner.name };
    }
    if (!input.title.trim()) return fail("invalid", undefined, [{ field: "title", problem: "required" }]);
    const setup = await this.deps.setup.load(actor.tenantId);
    const cycle = findCycle(setup, input.cycle);
    if (!cycle) return fail("cycle.not_found", { cycle: input.cycle ?? "" });
    // A partner's customer is a new account, written with the opportunity.
    const customer = origin ? await this.partnerCustomer(actor, input) : undefined;
    if (customer && !customer.ok) return customer;
    const party = customer ? ok(customer.value.link) : await this.resolveParty(actor.tenantId, input);
    if (!party.ok) return party;
    const ref = await this.deps.opportunities.nextRef(actor.tenantId);
    const opportunity = newOpportunity(
      {
        title: input.title.trim(),
        party: party.value,
        currency: input.currency ?? setup.defaultCurrency,
        ...(input.value !== undefined ? { estimatedValue: input.value } : {}),
        ...(input.chancePct !== undefined ? { chancePct: input.chancePct } : {}),
        ...(input.expectedCloseDate ? { expectedCloseDate: input.expectedCloseDate } : {}),
        ...(input.type ? { type: input.type } : {}),
        ...(input.source ? { source: input.source } : {}),
        ...(input.owner ? { owner: { id: input.owner.id, name: input.owner.name } } : {}),
        ...(input.region ? { region: input.region } : {}),
        ...(input.industry ? { industry: input.industry } : {}),
        ...(input.customerSituation ? { customerSituation: input.customerSituation } : {}),
        ...(input.customerNeed ? { customerNeed: input.customerNeed } : {}),
        ...(input.proposedSolution ? { proposedSolution: input.proposedSolution } : {}),
        ...(input.lines?.length ? { lines: input.lines } : {}),
        ...(input.primaryContact && party.value.kind === "account"
          ? { primaryContact: input.primaryContact }
          : {}),
        ...(origin ? { origin } : {}),
      },
      ref,
      cycle,
      actor,
      this.deps.clock.now(),
    );
    const notifier = this.deps.notifier ?? silentNotifier;
    const events = await audible(notifier, actor.tenantId, creationEvents(opportunity, actor));
    const stamped = { ...opportunity, attentionDate: attentionDate(opportunity, cycle) };
    const created = await this.deps.opportunities.create(
      events.length ? { ...stamped, outbox: events } : stamped,
      customer?.value.account,
    );
    if (events.length) notifier.committed(actor.tenantId, { kind: "opportunity", ref: opportunity.ref });
    return ok({ opportunity: created.value, cycle, setup });
  }

  /**
   * A new opportunity like an open one: the same customer, lines, owner, cycle and currency, at the start of
   * the cycle like any new opportunity; its title is the one given, or the original's. Created as by
   * `opp new`, so the same people may do it (an owner other than oneself only by managers and admins).
   */
  async clone(actor: Actor, ref: string, title?: string): Promise<Result<OpportunityView>> {
    if (!isStaff(actor)) return fail("forbidden", { action: "opp clone" });
    const shown = await this.core.show(actor, ref);
    if (!shown.ok) return shown;
    const source = shown.value.opportunity;
    if (source.status !== "open") return fail("opp.closed", { ref: source.ref, status: source.status });
    const party =
      source.party.kind === "account" ? { account: source.party.ref } : { contact: source.party.ref };
    return this.create(actor, {
      title: title?.trim() || source.title,
      ...party,
      cycle: source.cycleCode,
      currency: source.currency,
      owner: source.owner,
      lines: source.lines,
      ...(source.primaryContact ? { primaryContact: source.primaryContact } : {}),
      ...(source.type ? { type: source.type } : {}),
      ...(source.source ? { source: source.source } : {}),
    });
  }

  /**
   * A partner names its customer's company (`account=<name>`); a new account is made for it, which the
   * manager sees when approving. Partners never look up the vendor's accounts and contacts: a lookup would
   * tell them which customers the vendor has.
   */
  private async partnerCustomer(
    actor: Actor,
    input: CreateOpportunityInput,
  ): Promise<Result<{ readonly link: PartyLink; readonly account: Account }>> {
    const name = input.account?.trim() ?? "";
    if (input.contact || !name || /^[ACL]-\d+$/i.test(name)) return fail("opp.partner_customer");
    if (name.length > opportunityLimits.title)
      return fail("invalid", undefined, [
        { field: "account", problem: "too_long", params: { max: opportunityLimits.title } },
      ]);
    // Created with the opportunity, in its write (not before it): a failure leaves neither.
    const account: Account = {
      ref: await this.deps.parties.nextAccountRef(actor.tenantId),
      tenantId: actor.tenantId,
      name,
      isCustomer: false,
      createdBy: { id: actor.userId, name: actor.name },
      createdAt: this.core.now().toISOString(),
    };
    return ok({ link: { kind: "account", ref: account.ref, name: account.name }, account });
  }

  private async resolveParty(tenantId: string, input: CreateOpportunityInput): Promise<Result<PartyLink>> {
    if (input.account && input.contact) return fail("opp.one_party");
    if (input.account) {
      const account = await findAccount(this.deps.parties, tenantId, input.account);
      return account.ok ? ok({ kind: "account", ref: account.value.ref, name: account.value.name }) : account;
    }
    if (input.contact) {
      const contact = await findContact(this.deps.parties, tenantId, input.contact);
      return contact.ok ? ok(contactLink(contact.value)) : contact;
    }
    return fail("opp.party_required");
  }
}

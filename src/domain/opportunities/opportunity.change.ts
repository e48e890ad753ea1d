import type { SalesCycle } from "../cycles/cycle.js";
import type { PartyRepository } from "../parties/party.repository.port.js";
import { silentNotifier, type Notifier } from "../notify/event.js";
import type { TenantSetup } from "../setup/tenant-setup.js";
import type { TenantSetupService } from "../setup/tenant-setup.service.js";
import { isStaff, type Actor } from "../shared/actor.js";
import { additiveAttempts, KeyedQueue, spreadOut } from "../shared/additive.js";
import { ConcurrencyConflict, type Clock, type Versioned } from "../shared/ports.js";
import { fail, ok, type Result } from "../shared/result.js";
import type { Partner } from "../partners/partner.js";
import type { PartnerService } from "../partners/partner.service.js";
import { withEvents } from "./opportunity.events.js";
import { withAttention } from "./attention.js";
import { mayChange, mayView, opportunityRefPattern, partnerAccess, type Opportunity } from "./opportunity.js";
import type { OpportunityRepository } from "./opportunity.repository.port.js";
import type { PurgeOptions } from "./opportunity.removal.js";

export interface OpportunityServiceDeps {
  readonly opportunities: OpportunityRepository;
  readonly parties: PartyRepository;
  readonly setup: TenantSetupService;
  readonly clock: Clock;
  /** Who listens for which events; told when a write put notifications in an outbox. */
  readonly notifier?: Notifier;
  /** Partner organisations (distribution, partner-created opportunities). */
  readonly partners?: PartnerService;
  /** How many `opp purge` deletes per run, a page at a time; default defaultPurgeOptions. */
  readonly purge?: PurgeOptions;
}

/** An opportunity with what a card needs to show it: its cycle and derived figures. */
export interface OpportunityView {
  readonly opportunity: Opportunity;
  readonly cycle: SalesCycle | undefined;
  readonly setup: TenantSetup;
}

export type ChangeApply = (
  o: Opportunity,
  cycle: SalesCycle | undefined,
  setup: TenantSetup,
) => Result<Opportunity> | Promise<Result<Opportunity>>;

export interface ChangeOptions {
  /** Only the vendor's people (quotes, orders, assignment, distribution…). */
  readonly staffOnly?: boolean;
  /** Replaces the "may change it" check (notes, answers, registrations check their own rules). */
  readonly gate?: (actor: Actor, o: Opportunity) => Result<true>;
  /** Who may see it to act on it at all; default `mayView`. */
  readonly view?: (actor: Actor, o: Opportunity) => boolean;
  /** Allowed on an opportunity waiting for approval. */
  readonly whilePending?: boolean;
  /** Partners the change brings in (a distribution): their people hear of it too. */
  readonly extraPartners?: () => readonly Partner[];
  /**
   * Adds without touching what others change (a note, an activity, a line): a concurrent writer is no
   * conflict, the change is re-read and re-applied (see additiveAttempts).
   */
  readonly additive?: boolean;
}

/**
 * What every opportunity use case stands on: finding one for an actor, showing it, and the one guarded
 * read-check-apply-write path that every change takes.
 */
export class OpportunityChanges {
  /** Additive changes to one opportunity, one at a time on this instance. */
  private readonly additive = new KeyedQueue();

  constructor(readonly deps: OpportunityServiceDeps) {}

  async show(actor: Actor, ref: string): Promise<Result<OpportunityView>> {
    if (!isStaff(actor) && actor.role !== "partner") return fail("forbidden", { action: "opp show" });
    const found = await this.find(actor, ref);
    if (!found.ok) return found;
    // A partner is told no more than that there is no such opportunity for them.
    if (!mayView(actor, found.value.value)) return fail("opp.not_found", { ref: found.value.value.ref });
    return ok(await this.view(actor.tenantId, found.value.value));
  }

  /** The current state, read for the system (notification posts), not for a user: no permission check. */
  async current(tenantId: string, ref: string): Promise<OpportunityView | undefined> {
    const found = await this.deps.opportunities.get(tenantId, ref);
    return found ? this.view(tenantId, found.value) : undefined;
  }

  async view(tenantId: string, stored: Opportunity): Promise<OpportunityView> {
    const setup = await this.deps.setup.load(tenantId);
    const opportunity = await this.withPartyKind(stored);
    return { opportunity, cycle: setup.cycles.find((c) => c.code === opportunity.cycleCode), setup };
  }

  /**
   * A contact linked before links said whether it is a person (what the Quote button depends on) is looked up
   * once per view; links made since carry it, so their views read nothing more.
   */
  private async withPartyKind(o: Opportunity): Promise<Opportunity> {
    if (o.party.kind !== "contact" || o.party.person !== undefined) return o;
    const contact = await this.deps.parties.getContact(o.tenantId, o.party.ref);
    return contact ? { ...o, party: { ...o.party, person: contact.value.kind === "person" } } : o;
  }

  now(): Date {
    return this.deps.clock.now();
  }

  async find(actor: Actor, ref: string): Promise<Result<Versioned<Opportunity>>> {
    const normalised = ref.trim().toUpperCase();
    if (!opportunityRefPattern.test(normalised)) return fail("opp.bad_ref", { ref });
    const found = await this.deps.opportunities.get(actor.tenantId, normalised);
    return found ? ok(found) : fail("opp.not_found", { ref: normalised });
  }

  /** Why this actor may not change it, in words that help them. */
  refusal(actor: Actor, o: Opportunity): Result<true> {
    const access = partnerAccess(actor, o);
    if (access === "delivered") return fail("dist.accept_first", { ref: o.ref });
    if (access === "accepted") return fail("dist.collaboration_read_only", { ref: o.ref });
    if (access === "origin") return fail("opp.pending_approval", { ref: o.ref });
    return fail("opp.not_yours", { ref: o.ref, owner: o.owner.name });
  }

  /**
   * Read, check, apply, write guarded by the version read: one read and one write. A card that shows an older
   * revision than the stored one is refused, so a second press of a stale card is never applied twice.
   */
  change(
    actor: Actor,
    ref: string,
    revision: number | undefined,
    apply: ChangeApply,
    options: ChangeOptions = {},
  ): Promise<Result<OpportunityView>> {
    if (!options.additive) return this.changeNow(actor, ref, revision, apply, options);
    return this.additive.run(`${actor.tenantId}\u0000${ref.trim().toUpperCase()}`, () =>
      this.changeNow(actor, ref, revision, apply, options),
    );
  }

  private async changeNow(
    actor: Actor,
    ref: string,
    revision: number | undefined,
    apply: ChangeApply,
    options: ChangeOptions,
  ): Promise<Result<OpportunityView>> {
    if (!isStaff(actor) && actor.role !== "partner") return fail("forbidden", { action: "opp" });
    if (options.staffOnly && !isStaff(actor)) return fail("opp.partner_forbidden");
    for (let attempt = 0; ; attempt++) {
      const found = await this.find(actor, ref);
      if (!found.ok) return found;
      const current = found.value.value;
      if (!(options.view ?? mayView)(actor, current)) return fail("opp.not_found", { ref: current.ref });
      const allowed = options.gate
        ? options.gate(actor, current)
        : mayChange(actor, current)
          ? ok<true>(true)
          : this.refusal(actor, current);
      if (!allowed.ok) return allowed;
      if (current.approval === "pending" && !options.whilePending)
        return fail("opp.pending_approval", { ref: current.ref });
      // An additive change's card revision was checked on the first read; a retry applies to what is stored.
      if (revision !== undefined && revision !== current.revision && !(options.additive && attempt > 0))
        return fail("opp.stale", { ref: current.ref });
      const setup = await this.deps.setup.load(actor.tenantId);
      const cycle = setup.cycles.find((c) => c.code === current.cycleCode);
      const changed = await apply(current, cycle, setup);
      if (!changed.ok) return changed;
      try {
        const notifier = this.deps.notifier ?? silentNotifier;
        const after = changed.value;
        // Partner records are read only when the change concerns partners (their people are told).
        const partners =
          after.distribution !== current.distribution ||
          after.approval !== current.approval ||
          after.deal !== current.deal
            ? await this.partnersOf(current, options.extraPartners?.() ?? [])
            : undefined;
        const next = withAttention(await withEvents(notifier, current, after, cycle, actor, partners), setup);
        const saved = await this.deps.opportunities.update(next, found.value.version, current);
        if (next.outbox?.length)
          notifier.committed(actor.tenantId, {
            kind: "opportunity",
            ref: next.ref,
          });
        return ok({ opportunity: saved.value, cycle, setup });
      } catch (error) {
        if (!(error instanceof ConcurrencyConflict)) throw error;
        // The notification relay trims the outbox without changing the revision; only a change by a person
        // (a new revision) is reported as "changed meanwhile". Anything else is simply tried again.
        if (options.additive) {
          if (attempt + 1 >= additiveAttempts) return fail("opp.changed", { ref: current.ref });
          await spreadOut(attempt);
          continue;
        }
        const now = await this.deps.opportunities.get(actor.tenantId, current.ref);
        if (!now || now.value.revision !== current.revision || attempt + 1 >= additiveAttempts)
          return fail("opp.changed", { ref: current.ref });
        // Same revision: nobody changed the opportunity, but its record was written in between — mostly the
        // notification relay trimming the outbox after an earlier change (a quick second press meets it), or
        // a step that leaves the revision alone (a cycle change's attention stamping, the preparation's
        // counting, the search fields). The owner's totals are no cause: they are increments in this write's
        // own batch (increments.ts), which the embedded store applies atomically and the Cosmos store retries
        // itself. So it is read and applied again, a little later each time; a real concurrent edit (a new
        // revision) was answered above: refused, or for an additive change applied again to what is stored.
        await spreadOut(attempt);
      }
    }
  }

  /** The partners an opportunity is (or was) with, its creating partner and `extra`: whom events reach. */
  private async partnersOf(o: Opportunity, extra: readonly Partner[]): Promise<Map<string, Partner>> {
    const partners = new Map<string, Partner>(extra.map((p) => [p.ref, p]));
    if (!this.deps.partners) return partners;
    const refs = new Set([
      ...(o.distribution?.partners.map((e) => e.partner) ?? []),
      ...(o.origin ? [o.origin.partner] : []),
    ]);
    for (const ref of refs) {
      if (partners.has(ref)) continue;
      const partner = await this.deps.partners.get(o.tenantId, ref);
      if (partner) partners.set(ref, partner);
    }
    return partners;
  }
}

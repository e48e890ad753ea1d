import { contactName, type Account, type Contact } from "../parties/party.js";
import { findAccount, findContact } from "../parties/party.lookup.js";
import { isStaff, type Actor } from "../shared/actor.js";
import { additiveAttempts, KeyedQueue, retryAdditive } from "../shared/additive.js";
import { ConcurrencyConflict, type Page, type Versioned } from "../shared/ports.js";
import { fail, ok, type Result } from "../shared/result.js";
import type { TimelineKind } from "../shared/timeline.js";
import {
  autofill,
  leadDraftProblems,
  leadRefPattern,
  leadTextLimit,
  mayChangeLead,
  maxStakeholders,
  newLead,
  touchLead,
  type Lead,
  type LeadDraft,
  type LeadRow,
  type LeadStatus,
  type StakeholderRole,
} from "./lead.js";
import { LeadQualification, type LeadServiceDeps, type QualifyOptions } from "./lead.qualification.js";

export const leadPageSize = 10;

/** An existing account or contact to link, by reference, name, domain or email. */
export interface LeadLinks {
  readonly account?: string;
  readonly contact?: string;
}

/** Lead use cases. Text commands and card actions both call these, so they behave the same. */
export class LeadService {
  /** Additive changes to one lead, one at a time on this instance. */
  private readonly additive = new KeyedQueue();

  private readonly qualification: LeadQualification;

  constructor(private readonly deps: LeadServiceDeps) {
    this.qualification = new LeadQualification(deps, (actor, ref) => this.find(actor, ref));
  }

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
  ): Promise<Result<Page<Versioned<LeadRow>>>> {
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
   * ones are linked), carrying the lead's notes (lead.qualification.ts).
   */
  qualify(actor: Actor, refs: readonly string[], options: QualifyOptions = {}) {
    return this.qualification.qualify(actor, refs, options);
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

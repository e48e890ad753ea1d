import { isStaff, type Actor } from "../shared/actor.js";
import type { Clock, Page, Versioned } from "../shared/ports.js";
import { fail, ok, type Result } from "../shared/result.js";
import {
  leadDraftProblems,
  leadRefPattern,
  newLead,
  type Lead,
  type LeadDraft,
  type LeadStatus,
} from "./lead.js";
import type { LeadRepository } from "./lead.repository.port.js";

export interface LeadServiceDeps {
  readonly leads: LeadRepository;
  readonly clock: Clock;
}

export const leadPageSize = 10;

/** Lead use cases. Text commands and card actions both call these, so they behave the same. */
export class LeadService {
  constructor(private readonly deps: LeadServiceDeps) {}

  async create(actor: Actor, draft: LeadDraft): Promise<Result<Versioned<Lead>>> {
    if (!isStaff(actor)) return fail("forbidden", { action: "lead new" });
    const problems = leadDraftProblems(draft);
    if (problems.length > 0) return fail("invalid", undefined, problems);
    const ref = await this.deps.leads.nextRef(actor.tenantId);
    const lead = newLead(draft, ref, actor, this.deps.clock.now());
    return ok(await this.deps.leads.create(lead));
  }

  async show(actor: Actor, ref: string): Promise<Result<Versioned<Lead>>> {
    if (!isStaff(actor)) return fail("forbidden", { action: "lead show" });
    const normalised = ref.toUpperCase();
    if (!leadRefPattern.test(normalised)) return fail("lead.bad_ref", { ref });
    const found = await this.deps.leads.get(actor.tenantId, normalised);
    return found ? ok(found) : fail("lead.not_found", { ref: normalised });
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
}

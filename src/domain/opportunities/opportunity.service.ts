import type { TimelineKind } from "../leads/lead.js";
import { type CloseType } from "../setup/tenant-setup.js";
import { isStaff, type Actor } from "../shared/actor.js";
import { ConcurrencyConflict, type Versioned } from "../shared/ports.js";
import { fail, ok, type Result } from "../shared/result.js";
import {
  mayChange,
  mayPurge,
  type Opportunity,
  type OpportunityLine,
  type OpportunityUpdate,
} from "./opportunity.js";
import type { OpportunityListFilter } from "./opportunity.repository.port.js";
import { OpportunityChanges, type OpportunityServiceDeps } from "./opportunity.change.js";

import { OpportunityCreation, type CreateOpportunityInput } from "./opportunity.create.js";
import { OpportunityEdits } from "./opportunity.edit.js";
import { OpportunityQueries } from "./opportunity.queries.js";

export type { InboxItem, PartnerDashboard, PipelineRow } from "./opportunity.queries.js";
import { OpportunityDistribution, type DistributionTarget } from "./opportunity.distribution.js";

export type { AutoChoice, DistributionTarget } from "./opportunity.distribution.js";

export type { OpportunityServiceDeps, OpportunityView } from "./opportunity.change.js";
export type { CreateOpportunityInput } from "./opportunity.create.js";

/** Pages of this size are read when a use case must go through many opportunities (pipeline, purge). */
const scanPage = 200;
/** The most opportunities one pipeline or inbox looks at; beyond this it says so rather than stalling. */
const scanLimit = 20_000;

/** Opportunity use cases; text commands and card buttons both call these. */
export class OpportunityService {
  private readonly core: OpportunityChanges;
  private readonly deps: OpportunityServiceDeps;
  private readonly creation: OpportunityCreation;
  private readonly edits: OpportunityEdits;
  private readonly distribution: OpportunityDistribution;
  private readonly queries: OpportunityQueries;

  constructor(deps: OpportunityServiceDeps) {
    this.deps = deps;
    this.core = new OpportunityChanges(deps);
    this.creation = new OpportunityCreation(deps, this.core);
    this.edits = new OpportunityEdits(deps, this.core);
    this.distribution = new OpportunityDistribution(deps, this.core);
    this.queries = new OpportunityQueries(deps);
  }

  create(actor: Actor, input: CreateOpportunityInput) {
    return this.creation.create(actor, input);
  }

  clone(actor: Actor, ref: string, title?: string) {
    return this.creation.clone(actor, ref, title);
  }

  // Moves through the cycle and edits (opportunity.edit.ts)
  next(actor: Actor, ref: string, revision?: number) {
    return this.edits.next(actor, ref, revision);
  }

  previous(actor: Actor, ref: string, revision?: number) {
    return this.edits.previous(actor, ref, revision);
  }

  skip(actor: Actor, ref: string, stageName: string, revision?: number) {
    return this.edits.skip(actor, ref, stageName, revision);
  }

  goto(actor: Actor, ref: string, stageName: string, revision?: number) {
    return this.edits.goto(actor, ref, stageName, revision);
  }

  update(actor: Actor, ref: string, update: OpportunityUpdate, revision?: number) {
    return this.edits.update(actor, ref, update, revision);
  }

  addLine(actor: Actor, ref: string, line: OpportunityLine, revision?: number) {
    return this.edits.addLine(actor, ref, line, revision);
  }

  addTimeline(actor: Actor, ref: string, kind: TimelineKind, text: string) {
    return this.edits.addTimeline(actor, ref, kind, text);
  }

  assign(
    actor: Actor,
    ref: string,
    assignee: { readonly id: string; readonly name: string },
    revision?: number,
  ) {
    return this.edits.assign(actor, ref, assignee, revision);
  }

  close(
    actor: Actor,
    ref: string,
    outcome: CloseType,
    code: string,
    closedOn: string | undefined,
    revision?: number,
  ) {
    return this.edits.close(actor, ref, outcome, code, closedOn, revision);
  }

  reopen(actor: Actor, ref: string, revision?: number) {
    return this.edits.reopen(actor, ref, revision);
  }

  quote(actor: Actor, ref: string, revision?: number) {
    return this.edits.quote(actor, ref, revision);
  }

  order(actor: Actor, ref: string, revision?: number) {
    return this.edits.order(actor, ref, revision);
  }

  // Partners: distribution, answers, approvals (opportunity.distribution.ts)
  distribute(actor: Actor, ref: string, target: DistributionTarget, revision?: number) {
    return this.distribution.distribute(actor, ref, target, revision);
  }

  recall(actor: Actor, ref: string, partnerName?: string, revision?: number) {
    return this.distribution.recall(actor, ref, partnerName, revision);
  }

  accept(actor: Actor, ref: string, revision?: number) {
    return this.distribution.accept(actor, ref, revision);
  }

  decline(actor: Actor, ref: string, reason: string, revision?: number) {
    return this.distribution.decline(actor, ref, reason, revision);
  }

  register(actor: Actor, ref: string, revision?: number) {
    return this.distribution.register(actor, ref, revision);
  }

  decide(actor: Actor, ref: string, approve: boolean, reason?: string, revision?: number) {
    return this.distribution.decide(actor, ref, approve, reason, revision);
  }

  // Lists and figures (opportunity.queries.ts)
  list(actor: Actor, filter: OpportunityListFilter, cursor: string | undefined, limit?: number) {
    return this.queries.list(actor, filter, cursor, limit);
  }

  partnerDashboard(actor: Actor) {
    return this.queries.partnerDashboard(actor);
  }

  pipeline(actor: Actor, ownerId?: string) {
    return this.queries.pipeline(actor, ownerId);
  }

  inbox(actor: Actor) {
    return this.queries.inbox(actor);
  }

  show(actor: Actor, ref: string) {
    return this.core.show(actor, ref);
  }

  /** The current state, read for the system (notification posts), not for a user: no permission check. */
  current(tenantId: string, ref: string) {
    return this.core.current(tenantId, ref);
  }

  view(tenantId: string, stored: Opportunity) {
    return this.core.view(tenantId, stored);
  }

  /** Deletes one closed opportunity; from a card, only the revision the card showed (never a stale one). */
  async delete(actor: Actor, ref: string, revision?: number): Promise<Result<{ ref: string }>> {
    if (!isStaff(actor))
      return actor.role === "partner"
        ? fail("opp.partner_forbidden")
        : fail("forbidden", { action: "opp delete" });
    const found = await this.core.find(actor, ref);
    if (!found.ok) return found;
    const o = found.value.value;
    if (!mayChange(actor, o)) return fail("opp.not_yours", { ref: o.ref, owner: o.owner.name });
    if (revision !== undefined && revision !== o.revision) return fail("opp.stale", { ref: o.ref });
    if (o.status === "open") return fail("opp.delete_open", { ref: o.ref });
    try {
      await this.deps.opportunities.delete(actor.tenantId, o.ref, found.value.version);
    } catch (error) {
      if (error instanceof ConcurrencyConflict) return fail("opp.changed", { ref: o.ref });
      throw error;
    }
    return ok({ ref: o.ref });
  }

  /** Deletes closed opportunities matching the filters; managers and admins only. Reports how many. */
  async purge(
    actor: Actor,
    filter: {
      readonly before?: string;
      readonly ownerId?: string;
      readonly outcome?: CloseType;
      readonly closeCode?: string;
    },
  ): Promise<Result<{ deleted: number; skipped: number }>> {
    if (!mayPurge(actor)) return fail("forbidden", { action: "opp purge" });
    const query: OpportunityListFilter = {
      status: filter.outcome ?? "closed",
      ...(filter.ownerId ? { ownerId: filter.ownerId } : {}),
      ...(filter.closeCode ? { closeCode: filter.closeCode.toUpperCase() } : {}),
    };
    const victims: Versioned<Opportunity>[] = [];
    await this.scan(actor.tenantId, query, (o) => {
      if (!filter.before || (o.value.closedOn ?? "") <= filter.before) victims.push(o);
    });
    let deleted = 0;
    let skipped = 0;
    for (const o of victims) {
      try {
        await this.deps.opportunities.delete(actor.tenantId, o.value.ref, o.version);
        deleted++;
      } catch (error) {
        // Changed (e.g. reopened) since it was listed: leave it, and say so in the count.
        if (!(error instanceof ConcurrencyConflict)) throw error;
        skipped++;
      }
    }
    return ok({ deleted, skipped });
  }

  /** Pages through a filtered list; returns true when it stopped at the scan limit. */
  private async scan(
    tenantId: string,
    filter: OpportunityListFilter,
    visit: (o: Versioned<Opportunity>) => void,
  ): Promise<boolean> {
    let cursor: string | undefined;
    let seen = 0;
    do {
      const page = await this.deps.opportunities.list(tenantId, filter, {
        limit: scanPage,
        ...(cursor ? { cursor } : {}),
      });
      for (const item of page.items) visit(item);
      seen += page.items.length;
      cursor = page.cursor;
      if (seen >= scanLimit && cursor) return true;
    } while (cursor);
    return false;
  }
}

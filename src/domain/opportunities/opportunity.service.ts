import type { TimelineKind } from "../shared/timeline.js";
import type { CloseType } from "../setup/tenant-setup.js";
import type { Actor } from "../shared/actor.js";
import type { Opportunity, OpportunityLine } from "./opportunity.js";
import type { OpportunityUpdate } from "./opportunity.lifecycle.js";
import type { OpportunityListFilter } from "./opportunity.repository.port.js";
import { OpportunityChanges, type OpportunityServiceDeps } from "./opportunity.change.js";
import { OpportunityCreation, type CreateOpportunityInput } from "./opportunity.create.js";
import { OpportunityDistribution, type DistributionTarget } from "./opportunity.distribution.js";
import { OpportunityEdits } from "./opportunity.edit.js";
import { OpportunityQueries } from "./opportunity.queries.js";
import { OpportunityRemoval, type PurgeFilter } from "./opportunity.removal.js";

export type { OpportunityServiceDeps, OpportunityView } from "./opportunity.change.js";
export type { CreateOpportunityInput } from "./opportunity.create.js";
export type { AutoChoice, DistributionTarget } from "./opportunity.distribution.js";
export type { InboxItem, PartnerDashboard, PipelineRow } from "./opportunity.queries.js";
export type { PurgeFilter } from "./opportunity.removal.js";

/**
 * Opportunity use cases; text commands and card buttons both call these. This is their one entry: each
 * group lives in a file of its own (named beside it below), all changes go through the one guarded change
 * path in opportunity.change.ts, and this class only hands each call on.
 */
export class OpportunityService {
  private readonly core: OpportunityChanges;
  private readonly creation: OpportunityCreation;
  private readonly edits: OpportunityEdits;
  private readonly distribution: OpportunityDistribution;
  private readonly queries: OpportunityQueries;
  private readonly removal: OpportunityRemoval;

  constructor(deps: OpportunityServiceDeps) {
    this.core = new OpportunityChanges(deps);
    this.creation = new OpportunityCreation(deps, this.core);
    this.edits = new OpportunityEdits(deps, this.core);
    this.distribution = new OpportunityDistribution(deps, this.core);
    this.queries = new OpportunityQueries(deps);
    this.removal = new OpportunityRemoval(deps, this.core);
  }

  // One opportunity as it is (opportunity.change.ts)
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

  // New ones (opportunity.create.ts)
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

  // Deleting closed ones (opportunity.removal.ts)
  delete(actor: Actor, ref: string, revision?: number) {
    return this.removal.delete(actor, ref, revision);
  }

  purge(actor: Actor, filter: PurgeFilter) {
    return this.removal.purge(actor, filter);
  }
}

import { stageIndex, type SalesCycle, type Stage } from "../../domain/cycles/cycle.js";
import { dealRegistrationRefusal, mayDistribute } from "../../domain/opportunities/distribution.js";
import {
  mayAssign,
  mayChange,
  mayNote,
  mayReopen,
  opportunityLimits,
  partnerAccess,
  type Opportunity,
} from "../../domain/opportunities/opportunity.js";
import { stageChoices, stageMoves } from "../../domain/opportunities/opportunity.stages.js";
import { isManager, isStaff, type Actor } from "../../domain/shared/actor.js";
import type { Result } from "../../domain/shared/result.js";

/**
 * Which buttons an opportunity card offers this viewer, worked out with the domain's own rules (`mayChange`,
 * `mayReopen`, the stage actions), never in a template.
 */

export interface OpportunityButtons {
  readonly next: boolean;
  readonly previous: boolean;
  readonly skip: boolean;
  readonly goto: boolean;
  readonly update: boolean;
  readonly line: boolean;
  readonly close: boolean;
  readonly quote: boolean;
  readonly order: boolean;
  readonly reopen: boolean;
  readonly delete: boolean;
  readonly assign: boolean;
  /** A note or activity on the timeline. */
  readonly note: boolean;
  /** Approve and Reject: a partner's opportunity pending approval, or a deal registration (managers). */
  readonly decide: boolean;
  /** Deal registration, by the creating partner's people once the opportunity is approved. */
  readonly register: boolean;
  readonly distribute: boolean;
  /** Accept and Decline: a partner user's organisation has it delivered, awaiting its answer. */
  readonly answer: boolean;
}

export const noButtons: OpportunityButtons = {
  next: false,
  previous: false,
  skip: false,
  goto: false,
  update: false,
  line: false,
  close: false,
  quote: false,
  order: false,
  reopen: false,
  delete: false,
  assign: false,
  note: false,
  decide: false,
  register: false,
  distribute: false,
  answer: false,
};

/** The customer is a person (a contact of kind person): no quote, so no order either. */
const personParty = (o: Opportunity) => o.party.kind === "contact" && o.party.person === true;

/**
 * A move is offered when the rules allow it, or when only a missing quote stands in the way (the reply says
 * so) and a quote can be made: for a person it never can.
 */
const moveOffered = (o: Opportunity, result: Result<unknown>) =>
  result.ok || (result.error.code === "opp.quote_required" && !personParty(o));

/**
 * The stages "Skip to…" offers: those `skip` allows now (nothing unskippable in between, quote in place),
 * except the next stage, which is what "Next stage" is for.
 */
function skipOffers(o: Opportunity, cycle: SalesCycle): (s: Stage, i: number) => boolean {
  if (o.status !== "open") return () => false;
  const next = stageIndex(cycle, o.stageId) + 1;
  return (s, i) => i !== next && stageMoves.skip(o, cycle, s).ok;
}

/** The stages "Go back to…" offers: those `go to` allows now, except the previous one ("Previous stage"). */
function gotoOffers(o: Opportunity, cycle: SalesCycle): (s: Stage, i: number) => boolean {
  if (o.status !== "open") return () => false;
  const at = stageIndex(cycle, o.stageId);
  return (s, i) => (at < 0 || i !== at - 1) && stageMoves.goto(o, cycle, s).ok;
}

export const skipTargets = (o: Opportunity, cycle: SalesCycle | undefined): Stage[] =>
  cycle ? cycle.stages.filter(skipOffers(o, cycle)) : [];

export const gotoTargets = (o: Opportunity, cycle: SalesCycle | undefined): Stage[] =>
  cycle ? cycle.stages.filter(gotoOffers(o, cycle)) : [];

const sameLines = (a: Opportunity["lines"], b: Opportunity["lines"]) =>
  a.length === b.length &&
  a.every((l, i) => {
    const other = b[i];
    return (
      other !== undefined &&
      l.product === other.product &&
      l.quantity === other.quantity &&
      l.unitPrice === other.unitPrice
    );
  });

/**
 * The buttons this viewer may press on this opportunity: role, partner access, ownership, status and stage
 * decide, with the domain's own rules. Partner users never get the vendor's buttons (quote, order, delete,
 * assign, distribute); nothing but notes and the decision is offered while a partner's opportunity waits for
 * approval.
 */
export function opportunityButtons(
  actor: Actor,
  o: Opportunity,
  cycle: SalesCycle | undefined,
): OpportunityButtons {
  const open = o.status === "open";
  const staff = isStaff(actor);
  // The vendor's buttons need the right to change it; nothing but partner work while it waits for approval.
  const changes = mayChange(actor, o) && o.approval !== "pending";
  // One object literal, every field named: spreading a partial object into a literal with more fields after
  // it made V8 build the result the slow way, about 30 µs per card (a tenth of a card press).
  return {
    // A closed opportunity is read-only (seed 000): its card offers no note either.
    note: open && mayNote(actor, o),
    decide: isManager(actor) && (o.approval === "pending" || o.deal?.status === "requested"),
    register: dealRegistrationRefusal(o, actor) === undefined,
    distribute: mayDistribute(actor) && open && o.approval !== "pending" && o.approval !== "rejected",
    answer: open && partnerAccess(actor, o) === "delivered",
    next: changes && open && !!cycle && moveOffered(o, stageMoves.next(o, cycle)),
    previous: changes && open && !!cycle && moveOffered(o, stageMoves.previous(o, cycle)),
    // Whether there is any stage to offer, not which: the rules asked once for all stages (skipOffers and
    // gotoOffers name the stages a form offers, asking stageMoves about each).
    skip: changes && !!cycle && stageChoices.skip(o, cycle, stageIndex(cycle, o.stageId) + 1),
    goto: changes && !!cycle && stageChoices.goto(o, cycle, stageIndex(cycle, o.stageId) - 1),
    update: changes && open,
    line: changes && open && o.lines.length < opportunityLimits.lines,
    close: changes && open,
    // A new quote only when there are lines it would not already hold.
    // Never for a person: a quote is made for a company only (makeQuote).
    quote:
      changes &&
      staff &&
      open &&
      !personParty(o) &&
      o.lines.length > 0 &&
      !(o.quote && sameLines(o.quote.lines, o.lines)),
    order: changes && staff && o.status !== "lost" && !!o.quote && !o.order,
    reopen: changes && !open && mayReopen(actor),
    delete: changes && staff && !open,
    assign: changes && open && mayAssign(actor),
  };
}

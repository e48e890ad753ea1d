import { isManager, isStaff, type Actor } from "../shared/actor.js";
import { fail, ok, type Result } from "../shared/result.js";
import type { Partner, PartnerFit } from "../partners/partner.js";
import {
  answer,
  decideCreation,
  decideDeal,
  distribute,
  mayDistribute,
  recall,
  registerDeal,
} from "./distribution.js";
import { isHolding, partnerAccess, type Opportunity } from "./opportunity.js";
import type { OpportunityChanges, OpportunityServiceDeps, OpportunityView } from "./opportunity.change.js";

/** `opp distribute`: partners by name, or the preferred-partner rule. */
export type DistributionTarget = { readonly names: readonly string[] } | { readonly auto: true };

/** What the preferred-partner rule chose, and how many partners fitted. */
export interface AutoChoice {
  readonly fit: PartnerFit;
  readonly considered: number;
}

/** The opportunity's region, industry and products, for a refusal that says what no partner matched. */
function criteriaOf(o: Opportunity): Record<string, string> {
  return {
    region: o.region ?? "-",
    industry: o.industry ?? "-",
    products: o.lines.map((l) => l.product).join(", ") || "-",
  };
}

/** A plain-words record of why the rule chose a partner; the reply translates the AutoChoice itself. */
function describeChoice(choice: AutoChoice): string {
  const f = choice.fit;
  const matched = [
    ...(f.region ? ["region"] : []),
    ...(f.industry ? ["industry"] : []),
    ...f.products.map((p) => `product ${p}`),
  ];
  return `${f.partner.name}: ${matched.join(", ")}; ${f.partner.capacity - f.load} of ${f.partner.capacity} free${f.partner.preferred ? "; preferred" : ""}`;
}

/**
 * Partners (seed 004): distributing an opportunity to partner organisations, their answers, recalls, and
 * what waits for a manager's decision (partner-created opportunities, deal registrations).
 */
export class OpportunityDistribution {
  constructor(
    private readonly deps: OpportunityServiceDeps,
    private readonly core: OpportunityChanges,
  ) {}

  /**
   * `opp distribute O-… Fabrikam[,Northwind]` or `… auto` (managers, admins): the partners get the
   * opportunity to accept or decline; with several, they collaborate. `auto` applies the preferred-partner
   * rule and says why it chose.
   */
  async distribute(
    actor: Actor,
    ref: string,
    target: DistributionTarget,
    revision?: number,
  ): Promise<Result<OpportunityView & { readonly explanation?: AutoChoice }>> {
    if (!mayDistribute(actor)) return fail("dist.forbidden");
    const partners = this.deps.partners;
    if (!partners) return fail("dist.no_partner", { ref });
    let choice: AutoChoice | undefined;
    let chosen: Partner[] = [];
    if ("names" in target) {
      const found = await partners.findMany(actor, target.names);
      if (!found.ok) return found;
      chosen = found.value;
    }
    const result = await this.core.change(
      actor,
      ref,
      revision,
      async (o) => {
        if ("auto" in target) {
          const ranked = await partners.rank(actor, o);
          const best = ranked.find(
            (f) => !o.distribution?.partners.some((e) => e.partner === f.partner.ref && isHolding(e.status)),
          );
          if (!best) return fail("dist.no_fit", { ref: o.ref, ...criteriaOf(o) });
          choice = { fit: best, considered: ranked.length };
          chosen = [best.partner];
        }
        return distribute(o, chosen, actor, this.core.now(), choice ? describeChoice(choice) : undefined);
      },
      {
        staffOnly: true,
        whilePending: true,
        gate: () => ok<true>(true),
        extraPartners: () => chosen,
      },
    );
    if (!result.ok) return result;
    return ok({ ...result.value, ...(choice ? { explanation: choice } : {}) });
  }

  /** `opp recall O-… [partner]` (managers, admins): the partner(s) can no longer accept or work it. */
  async recall(actor: Actor, ref: string, partnerName?: string, revision?: number) {
    if (!mayDistribute(actor)) return fail<OpportunityView>("dist.forbidden");
    let partner: Partner | undefined;
    if (partnerName) {
      const found = await this.deps.partners?.find(actor, partnerName);
      if (!found?.ok) return found ?? fail<OpportunityView>("partner.not_found", { partner: partnerName });
      partner = found.value;
    }
    return this.core.change(actor, ref, revision, (o) => recall(o, actor, this.core.now(), partner), {
      staffOnly: true,
      whilePending: true,
      gate: () => ok<true>(true),
    });
  }

  /** `opp accept O-…` / the card's Accept (partner users): their organisation now manages it. */
  accept(actor: Actor, ref: string, revision?: number) {
    return this.answerAs(actor, ref, revision, { accept: true });
  }

  /** `opp decline O-… <reason>` / the card's Decline (partner users). */
  decline(actor: Actor, ref: string, reason: string, revision?: number) {
    return this.answerAs(actor, ref, revision, { accept: false, reason });
  }

  /** `opp register O-…` (partner users): deal registration for an opportunity their organisation created. */
  register(actor: Actor, ref: string, revision?: number) {
    return this.core.change(actor, ref, revision, (o) => registerDeal(o, actor, this.core.now()), {
      gate: () => ok<true>(true),
      whilePending: true,
      view: (a, o) => partnerAccess(a, o) !== undefined || isStaff(a),
    });
  }

  /**
   * `opp approve O-…` / `opp reject O-… [reason]` (managers, admins): decides what waits for a manager — a
   * partner-created opportunity pending approval, else a deal registration.
   */
  async decide(actor: Actor, ref: string, approve: boolean, reason?: string, revision?: number) {
    if (!isManager(actor)) return fail<OpportunityView>("approval.forbidden");
    return this.core.change(
      actor,
      ref,
      revision,
      (o) =>
        o.approval === "pending"
          ? decideCreation(o, actor, this.core.now(), { approve, ...(reason ? { reason } : {}) })
          : o.deal?.status === "requested"
            ? decideDeal(o, actor, this.core.now(), { approve, ...(reason ? { reason } : {}) })
            : fail("approval.nothing_pending", { ref: o.ref }),
      { staffOnly: true, whilePending: true, gate: () => ok<true>(true) },
    );
  }

  private answerAs(
    actor: Actor,
    ref: string,
    revision: number | undefined,
    decision: { readonly accept: true } | { readonly accept: false; readonly reason: string },
  ) {
    return this.core.change(actor, ref, revision, (o) => answer(o, actor, this.core.now(), decision), {
      gate: () => ok<true>(true),
      // A partner whose distribution was recalled or answered is told so, not "no such opportunity".
      view: (a, o) => partnerAccess(a, o) !== undefined || isStaff(a),
    });
  }
}

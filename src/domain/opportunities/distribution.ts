import { partnerLimits, type Partner } from "../partners/partner.js";
import { isManager, type Actor } from "../shared/actor.js";
import { fail, ok, type Result } from "../shared/result.js";
import {
  isHolding,
  openOnly,
  partnerAccess,
  touched,
  type Distribution,
  type DistributionEntry,
  type Opportunity,
} from "./opportunity.js";

/**
 * Distributing opportunities to partner organisations, their answers, and the partner-side life of an
 * opportunity (seed 004): created by a partner and approved by a manager; deal registration. Pure
 * functions of the opportunity and the actor; the service reads and writes.
 */

const stamp = (actor: Actor) => ({ id: actor.userId, name: actor.name });

/** The distribution with these entries: partners collaborate while more than one of them holds it. */
function withPartners(partners: readonly DistributionEntry[], explanation?: string): Distribution {
  return {
    collaboration: partners.filter((e) => isHolding(e.status)).length > 1,
    partners,
    ...(explanation ? { explanation } : {}),
  };
}

const reasonTooLong = (): Result<Opportunity> =>
  fail("invalid", undefined, [
    { field: "reason", problem: "too_long", params: { max: partnerLimits.reason } },
  ]);

/** Only the vendor's managers and admins distribute, recall, approve and reject; never a partner. */
export const mayDistribute = (actor: Actor): boolean => isManager(actor);

/**
 * Distributes to one partner (`delivered`, awaiting acceptance) or to several working together
 * (collaboration). Partners it is already with (delivered or accepted) are refused; one that declined or
 * was recalled can be asked again.
 */
export function distribute(
  o: Opportunity,
  partners: readonly Partner[],
  actor: Actor,
  now: Date,
  explanation?: string,
): Result<Opportunity> {
  if (!mayDistribute(actor)) return fail("dist.forbidden");
  const open = openOnly(o);
  if (!open.ok) return open;
  if (o.approval === "pending" || o.approval === "rejected") return fail("dist.not_approved", { ref: o.ref });
  if (partners.length === 0) return fail("dist.no_partner", { ref: o.ref });
  if (partners.length > partnerLimits.perDistribution)
    return fail("dist.too_many", { max: partnerLimits.perDistribution });
  const unique = [...new Map(partners.map((p) => [p.ref, p])).values()];
  const current = o.distribution?.partners ?? [];
  const active = current.filter((e) => isHolding(e.status));
  const again = unique.find((p) => active.some((e) => e.partner === p.ref));
  if (again) return fail("dist.already", { ref: o.ref, partner: again.name });
  if (o.origin && unique.some((p) => p.ref === o.origin?.partner))
    return fail("dist.own_partner", { ref: o.ref, partner: o.origin.name });
  const at = now.toISOString();
  const added: DistributionEntry[] = unique.map((p) => ({
    partner: p.ref,
    name: p.name,
    status: "delivered",
    at,
    by: stamp(actor),
  }));
  const kept = current.filter((e) => !unique.some((p) => p.ref === e.partner));
  return ok(
    touched(o, actor, now, {
      distribution: withPartners([...kept, ...added], explanation),
      history: [
        ...o.history,
        {
          action: "distribute",
          by: stamp(actor),
          at,
          note: unique.map((p) => p.name).join(", "),
        },
      ],
    }),
  );
}

/** A partner member answers a distribution: accept (the partner now manages it) or decline with a reason. */
export function answer(
  o: Opportunity,
  actor: Actor,
  now: Date,
  decision: { readonly accept: true } | { readonly accept: false; readonly reason: string },
): Result<Opportunity> {
  if (actor.role !== "partner" || !actor.partner) return fail("dist.partners_only", { ref: o.ref });
  const access = partnerAccess(actor, o);
  if (access === undefined || access === "origin") return fail("dist.not_yours", { ref: o.ref });
  if (access === "recalled") return fail("dist.recalled", { ref: o.ref });
  if (access !== "delivered") return fail("dist.answered", { ref: o.ref, status: access });
  const open = openOnly(o);
  if (!open.ok) return open;
  const reason = decision.accept ? "" : decision.reason.trim();
  if (!decision.accept && !reason)
    return fail("invalid", undefined, [{ field: "reason", problem: "required" }]);
  if (reason.length > partnerLimits.reason) return reasonTooLong();
  const at = now.toISOString();
  const partners = (o.distribution?.partners ?? []).map((e): DistributionEntry =>
    e.partner === actor.partner
      ? {
          partner: e.partner,
          name: e.name,
          status: decision.accept ? "accepted" : "declined",
          at,
          by: stamp(actor),
          ...(reason ? { reason } : {}),
        }
      : e,
  );
  const name = partners.find((e) => e.partner === actor.partner)?.name ?? "";
  return ok(
    touched(o, actor, now, {
      distribution: withPartners(partners, o.distribution?.explanation),
      history: [
        ...o.history,
        {
          action: decision.accept ? "accept" : "decline",
          by: stamp(actor),
          at,
          note: reason ? `${name}: ${reason}` : name,
        },
      ],
    }),
  );
}

/** A manager takes a distribution back from one partner, or from every partner still holding it. */
export function recall(o: Opportunity, actor: Actor, now: Date, partner?: Partner): Result<Opportunity> {
  if (!mayDistribute(actor)) return fail("dist.forbidden");
  const current = o.distribution?.partners ?? [];
  const holding = current.filter((e) => isHolding(e.status) && (!partner || e.partner === partner.ref));
  if (holding.length === 0)
    return partner
      ? fail("dist.nothing_to_recall", { ref: o.ref, partner: partner.name })
      : fail("dist.nothing_to_recall_any", { ref: o.ref });
  const at = now.toISOString();
  const partners = current.map((e): DistributionEntry =>
    holding.includes(e) ? { partner: e.partner, name: e.name, status: "recalled", at, by: stamp(actor) } : e,
  );
  return ok(
    touched(o, actor, now, {
      distribution: withPartners(partners, o.distribution?.explanation),
      history: [
        ...o.history,
        { action: "recall", by: stamp(actor), at, note: holding.map((e) => e.name).join(", ") },
      ],
    }),
  );
}

/** A manager approves or rejects an opportunity a partner created. Rejected, it is closed as lost. */
export function decideCreation(
  o: Opportunity,
  actor: Actor,
  now: Date,
  decision: { readonly approve: boolean; readonly reason?: string },
): Result<Opportunity> {
  if (!isManager(actor)) return fail("approval.forbidden");
  if (o.approval !== "pending") return fail("approval.nothing_pending", { ref: o.ref });
  const reason = decision.reason?.trim() ?? "";
  if (reason.length > partnerLimits.reason) return reasonTooLong();
  const at = now.toISOString();
  return ok(
    touched(o, actor, now, {
      approval: decision.approve ? "approved" : "rejected",
      ...(decision.approve ? {} : { status: "lost" as const, closedOn: at.slice(0, 10) }),
      history: [
        ...o.history,
        {
          action: decision.approve ? "approve" : "reject",
          by: stamp(actor),
          at,
          ...(reason ? { note: reason } : {}),
        },
      ],
    }),
  );
}

/**
 * Why this actor may not register a deal on it now, or undefined if it may: registerDeal's rules, asked
 * without registering (a card's Register button asks on every show).
 */
export function dealRegistrationRefusal(o: Opportunity, actor: Actor): Result<never> | undefined {
  if (actor.role !== "partner" || !actor.partner) return fail("deal.partners_only", { ref: o.ref });
  if (partnerAccess(actor, o) !== "origin") return fail("deal.not_origin", { ref: o.ref });
  if (o.approval !== "approved") return fail("deal.not_approved", { ref: o.ref });
  const open = openOnly(o);
  if (!open.ok) return open;
  if (o.deal && o.deal.status !== "rejected")
    return fail("deal.already", { ref: o.ref, status: o.deal.status });
  return undefined;
}

/** A partner registers a deal for exclusivity on an opportunity its organisation created (and got approved). */
export function registerDeal(o: Opportunity, actor: Actor, now: Date): Result<Opportunity> {
  const refusal = dealRegistrationRefusal(o, actor);
  if (refusal) return refusal;
  const at = now.toISOString();
  return ok(
    touched(o, actor, now, {
      deal: { status: "requested", requestedBy: stamp(actor), requestedAt: at },
      history: [...o.history, { action: "register", by: stamp(actor), at, note: o.origin?.name ?? "" }],
    }),
  );
}

/** A manager approves or rejects a deal registration. */
export function decideDeal(
  o: Opportunity,
  actor: Actor,
  now: Date,
  decision: { readonly approve: boolean; readonly reason?: string },
): Result<Opportunity> {
  if (!isManager(actor)) return fail("approval.forbidden");
  if (o.deal?.status !== "requested") return fail("deal.nothing_pending", { ref: o.ref });
  const reason = decision.reason?.trim() ?? "";
  if (reason.length > partnerLimits.reason) return reasonTooLong();
  const at = now.toISOString();
  return ok(
    touched(o, actor, now, {
      deal: {
        ...o.deal,
        status: decision.approve ? "approved" : "rejected",
        decidedBy: stamp(actor),
        decidedAt: at,
        ...(reason ? { reason } : {}),
      },
      history: [
        ...o.history,
        {
          action: decision.approve ? "approve" : "reject",
          by: stamp(actor),
          at,
          note: reason ? `deal: ${reason}` : "deal",
        },
      ],
    }),
  );
}

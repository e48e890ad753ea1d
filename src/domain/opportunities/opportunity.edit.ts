import { findStage, type SalesCycle } from "../cycles/cycle.js";
import { stageText } from "../setup/built-ins.js";
import type { TimelineKind } from "../shared/timeline.js";
import { contactName } from "../parties/party.js";
import { findCloseCode, type CloseType, type TenantSetup } from "../setup/tenant-setup.js";
import type { Actor } from "../shared/actor.js";
import { fail, ok, type Result } from "../shared/result.js";
import { mayAssign, mayNote, mayReopen, type Opportunity, type OpportunityLine } from "./opportunity.js";
import {
  addLine,
  addTimelineEntry,
  assignOpportunity,
  closeOpportunity,
  makeOrder,
  makeQuote,
  reopenOpportunity,
  updateOpportunity,
  type OpportunityUpdate,
  type PartyTerms,
} from "./opportunity.lifecycle.js";
import { stageActions } from "./opportunity.stages.js";
import type { OpportunityChanges, OpportunityServiceDeps, OpportunityView } from "./opportunity.change.js";

/**
 * What the vendor's people do to one opportunity: move it through its cycle, edit it, add lines and notes,
 * assign, close, reopen, make quotes and orders. Each is one guarded change (opportunity.change.ts).
 */
export class OpportunityEdits {
  constructor(
    private readonly deps: OpportunityServiceDeps,
    private readonly core: OpportunityChanges,
  ) {}

  next(actor: Actor, ref: string, revision?: number) {
    return this.core.change(actor, ref, revision, (o, cycle) =>
      needCycle(o, cycle, (c) => stageActions.next(o, c, actor, this.core.now())),
    );
  }

  previous(actor: Actor, ref: string, revision?: number) {
    return this.core.change(actor, ref, revision, (o, cycle) =>
      needCycle(o, cycle, (c) => stageActions.previous(o, c, actor, this.core.now())),
    );
  }

  skip(actor: Actor, ref: string, stageName: string, revision?: number) {
    return this.core.change(actor, ref, revision, (o, cycle) =>
      needCycle(o, cycle, (c) => {
        const target = findStage(c, stageName);
        return target
          ? stageActions.skip(o, c, target, actor, this.core.now())
          : fail("opp.no_such_stage", { stage: stageName, stages: stageNames(c) });
      }),
    );
  }

  goto(actor: Actor, ref: string, stageName: string, revision?: number) {
    return this.core.change(actor, ref, revision, (o, cycle) =>
      needCycle(o, cycle, (c) => {
        const target = findStage(c, stageName);
        return target
          ? stageActions.goto(o, c, target, actor, this.core.now())
          : fail("opp.no_such_stage", { stage: stageName, stages: stageNames(c) });
      }),
    );
  }

  update(actor: Actor, ref: string, update: OpportunityUpdate, revision?: number) {
    return this.core.change(actor, ref, revision, (o) =>
      updateOpportunity(o, update, actor, this.core.now()),
    );
  }

  addLine(actor: Actor, ref: string, line: OpportunityLine, revision?: number) {
    return this.core.change(actor, ref, revision, (o) => addLine(o, line, actor, this.core.now()), {
      additive: true,
    });
  }

  addTimeline(actor: Actor, ref: string, kind: TimelineKind, text: string) {
    const gate = (a: Actor, o: Opportunity) => (mayNote(a, o) ? ok<true>(true) : this.core.refusal(a, o));
    return this.core.change(
      actor,
      ref,
      undefined,
      (o) =>
        addTimelineEntry(
          o,
          { kind, text, by: { id: actor.userId, name: actor.name }, at: this.core.now().toISOString() },
          actor,
          this.core.now(),
        ),
      { gate, whilePending: true, additive: true },
    );
  }

  /** Gives one opportunity to another salesperson (managers and admins); the assignee is told. */
  assign(
    actor: Actor,
    ref: string,
    assignee: { readonly id: string; readonly name: string },
    revision?: number,
  ) {
    if (!mayAssign(actor)) return Promise.resolve(fail<OpportunityView>("assign.forbidden"));
    return this.core.change(
      actor,
      ref,
      revision,
      (o) => assignOpportunity(o, { id: assignee.id, name: assignee.name }, actor, this.core.now()),
      { staffOnly: true },
    );
  }

  /** Closes won or lost with a close code of that type; a new code may be added on the way by a manager. */
  async close(
    actor: Actor,
    ref: string,
    outcome: CloseType,
    code: string,
    closedOn: string | undefined,
    revision?: number,
  ) {
    return this.core.change(actor, ref, revision, (o, _cycle, setup) => {
      const closeCode = findCloseCode(setup, code);
      if (!closeCode) return fail("opp.unknown_close_code", { code, codes: codesOf(setup, outcome) });
      if (closeCode.type !== outcome) {
        return fail("opp.close_code_type", {
          code: closeCode.code,
          type: closeCode.type,
          outcome,
          codes: codesOf(setup, outcome),
        });
      }
      const day = closedOn ?? this.core.now().toISOString().slice(0, 10);
      return closeOpportunity(o, outcome, closeCode.code, day, actor, this.core.now());
    });
  }

  reopen(actor: Actor, ref: string, revision?: number) {
    if (!mayReopen(actor))
      return Promise.resolve(fail<OpportunityView>("forbidden", { action: "opp reopen" }));
    return this.core.change(actor, ref, revision, (o, cycle) =>
      needCycle(o, cycle, (c) => reopenOpportunity(o, c, actor, this.core.now())),
    );
  }

  quote(actor: Actor, ref: string, revision?: number) {
    return this.numbered(actor, ref, revision, "Q", makeQuote);
  }

  order(actor: Actor, ref: string, revision?: number) {
    return this.numbered(actor, ref, revision, "SO", makeOrder);
  }

  /** A quote or an order: the vendor's own documents, each with the next number of its kind. */
  private numbered(
    actor: Actor,
    ref: string,
    revision: number | undefined,
    prefix: "Q" | "SO",
    make: typeof makeQuote,
  ) {
    return this.core.change(
      actor,
      ref,
      revision,
      async (o) => {
        const terms = await this.partyTerms(o);
        if (!terms.ok) return terms;
        // Check the rules before taking a number, so a refused one does not use a number up.
        const trial = make(o, terms.value, "", actor, this.core.now());
        if (!trial.ok) return trial;
        const number = await this.deps.opportunities.nextNumber(o.tenantId, prefix);
        return make(o, terms.value, number, actor, this.core.now());
      },
      { staffOnly: true },
    );
  }

  private async partyTerms(o: Opportunity): Promise<Result<PartyTerms>> {
    if (o.party.kind === "account") {
      const account = await this.deps.parties.getAccount(o.tenantId, o.party.ref);
      if (!account) return fail("party.account_not_found", { account: o.party.ref });
      return ok({ kind: "account", isCustomer: account.value.isCustomer, name: account.value.name });
    }
    const contact = await this.deps.parties.getContact(o.tenantId, o.party.ref);
    if (!contact) return fail("party.contact_not_found", { contact: o.party.ref });
    return ok({
      kind: contact.value.kind === "company" ? "company-contact" : "person-contact",
      isCustomer: contact.value.isCustomer,
      name: contactName(contact.value),
    });
  }
}

function needCycle(
  o: Opportunity,
  cycle: SalesCycle | undefined,
  then: (cycle: SalesCycle) => Result<Opportunity>,
): Result<Opportunity> {
  return cycle ? then(cycle) : fail("cycle.not_found", { cycle: o.cycleCode });
}

const stageNames = (cycle: SalesCycle) => cycle.stages.map(stageText).join(", ");

const codesOf = (setup: TenantSetup, type: CloseType) =>
  setup.closeCodes
    .filter((c) => c.type === type)
    .map((c) => c.code)
    .join(", ");

import * as z from "zod";
import { opportunityRefPattern } from "../../domain/opportunities/opportunity.js";
import { isManager, isStaff } from "../../domain/shared/actor.js";
import { stoppedBy } from "../../domain/shared/ports.js";
import type { Failure } from "../../domain/shared/result.js";
import type { FeatureContext, FeaturePart, View } from "../../kit/feature.js";
import { cardRef, cardRevision } from "../../kit/parsing/card-fields.js";
import { managers, missing, parsed, usage, type ParsedText } from "../../kit/parsing/text-command.js";
import type { AssignCommand, OpportunityCommand } from "./commands.js";
import { assignFormView } from "./notification.views.js";
import { answer, explain, forForm, refusal } from "./opportunity.replies.js";

/**
 * `opp assign`: a manager gives one or many opportunities to a salesperson; typed with references and a
 * person, or from the Assign form of one opportunity's card.
 */

/** The most opportunities one `opp assign` takes. */
export const maxAssignRefs = 50;
/** The longest person text accepted (a mention with a long name, an email). */
const personMax = 300;

/** `opp assign O-1 [O-2 …] ‹person›`: references first, then whoever they go to. */
function parseAssign(args: readonly string[]): ParsedText<AssignCommand> {
  const refs: string[] = [];
  let i = 0;
  for (; i < args.length; i++) {
    const token = (args[i] ?? "").replace(/,$/u, "");
    if (!opportunityRefPattern.test(token.toUpperCase())) break;
    refs.push(token.toUpperCase());
  }
  const person = args.slice(i).join(" ").trim();
  if (refs.length === 0 && !person) return missing("opp assign");
  if (refs.length === 0) return usage("opp assign", { code: "opp.bad_ref", params: { ref: args[0] ?? "" } });
  if (!person) {
    return refs.length === 1
      ? parsed({ kind: "opp.assign.form", ref: refs[0] ?? "" })
      : missing("opp assign");
  }
  if (person.length > personMax)
    return usage("opp assign", { code: "reply.too_long", params: { max: personMax } });
  if (refs.length > maxAssignRefs)
    return { ok: false, error: { code: "assign.too_many", params: { max: maxAssignRefs } } };
  return parsed({ kind: "opp.assign", refs: [...new Set(refs)], person });
}

const ref = cardRef;
const revision = cardRevision;

export const assignPart: FeaturePart<AssignCommand, OpportunityCommand> = {
  textCommands: [
    {
      name: "opp assign",
      usage: "opp assign ‹O-ref› [‹O-ref› ...] @user",
      roles: managers,
      parse: parseAssign,
    },
  ],
  actions: {
    "opp.assign.form": () =>
      z.object({ ref, revision: revision.optional() }).transform(({ ref, revision }): OpportunityCommand => ({
        kind: "opp.assign.form",
        ref,
        ...(revision !== undefined ? { revision } : {}),
      })),
    "opp.assign": () =>
      z
        .object({ ref, revision: revision.optional(), person: z.string().max(personMax).optional() })
        .transform(({ ref, revision, person }): OpportunityCommand => ({
          kind: "opp.assign",
          refs: [ref],
          person: person?.trim() ?? "",
          ...(revision !== undefined ? { revision } : {}),
        })),
  },
  handlers: {
    "opp.assign.form": async (command, ctx) => assignForm(ctx, command.ref, command.revision),
    "opp.assign": async (command, ctx) => assign(ctx, command),
  },
};

async function assignForm(ctx: FeatureContext, ref: string, revision: number | undefined): Promise<View> {
  const { t } = ctx.view;
  const target = { ref, ...(revision !== undefined ? { revision } : {}) };
  if (!isManager(ctx.actor)) return refusal(ctx, target, { code: "assign.forbidden" });
  const loaded = await forForm(ctx, target);
  if (!loaded.ok) return loaded.reply;
  const o = loaded.view.opportunity;
  if (o.status !== "open")
    return refusal(ctx, target, { code: "opp.closed", params: { ref: o.ref, status: o.status } });
  const people = (await ctx.services.directory.assignees(ctx.actor)).filter((p) => p.userId !== o.owner.id);
  if (people.length === 0) return { message: t.t("assign.form.none", { ref: o.ref }) };
  return {
    card: {
      name: "opportunity-assign",
      summary: t.t("assign.form.title", { ref: o.ref }),
      data: assignFormView(ctx.view, o, people),
    },
  };
}

async function assign(
  ctx: FeatureContext,
  command: Extract<AssignCommand, { kind: "opp.assign" }>,
): Promise<View> {
  const { actor, services, turn, view } = ctx;
  const { t } = view;
  const [first] = command.refs;
  const single = command.refs.length === 1 && first !== undefined;
  const target = {
    ref: first ?? "",
    ...(command.revision !== undefined ? { revision: command.revision } : {}),
  };
  const refuse = (failure: Failure) =>
    single ? refusal(ctx, target, failure) : { message: explain(ctx, failure) };
  // Refuse before looking anybody up: the person's name is nobody else's business.
  if (!isManager(actor)) return refuse({ code: "assign.forbidden" });
  if (!command.person)
    return single ? assignForm(ctx, target.ref, command.revision) : { message: t.t("assign.usage") };
  const person = await services.directory.resolveUser(
    actor.tenantId,
    { mentions: turn.mentions, roster: turn.roster },
    command.person,
  );
  if (!person.ok) return refuse(person.error);
  const assignee = services.directory.actorFor(person.value);
  if (!isStaff(assignee)) return refuse({ code: "assign.not_staff", params: { name: person.value.name } });
  const to = { id: person.value.userId, name: person.value.name };
  if (single) {
    const result = await services.opportunities.assign(actor, first, to, command.revision);
    return answer(ctx, target, result, (v) =>
      t.t("assign.done", { ref: v.opportunity.ref, owner: v.opportunity.owner.name }),
    );
  }
  const done: string[] = [];
  const problems: string[] = [];
  let stopped: string | undefined;
  for (const [i, ref] of command.refs.entries()) {
    let result;
    try {
      result = await services.opportunities.assign(actor, ref, to);
    } catch (error) {
      // Each is its own write: once one is assigned, a storage failure must not be answered "nothing was
      // changed". What was assigned is told, this one as not (or maybe) assigned, and the rest as not tried.
      const how = stoppedBy(error);
      if (!how || done.length === 0) throw error;
      const rest = command.refs.slice(i + 1).join(", ");
      stopped = [
        t.t(how === "unknown" ? "assign.store_unknown" : "assign.store_unavailable", { ref }),
        ...(rest ? [t.t("assign.not_tried", { rest })] : []),
      ].join(" ");
      break;
    }
    if (result.ok) done.push(result.value.opportunity.ref);
    else problems.push(explain(ctx, result.error));
  }
  const lines = [
    ...(done.length ? [t.t("assign.done.many", { owner: to.name, refs: done.join(", ") })] : []),
    ...(problems.length ? [t.t("assign.failed.some", { problems: problems.join(" ") })] : []),
    ...(stopped ? [stopped] : []),
  ];
  return { message: lines.join("\n\n") };
}

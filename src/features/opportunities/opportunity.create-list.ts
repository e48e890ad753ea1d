import type { OpportunityCoreCommand } from "./commands.js";
import { stageName } from "../../kit/rendering/built-in-names.js";
import { explain, opportunityCard } from "./opportunity.replies.js";
import { createInputSchema, parseWith } from "./opportunity.input.js";
import { opportunityFactsSchema } from "./partner-deals.input.js";
import {
  opportunityFormView,
  opportunityListView,
  type ListFilterView,
  type Notice,
} from "./opportunity.views.js";
import { findStage } from "../../domain/cycles/cycle.js";
import type { TenantSetup } from "../../domain/setup/tenant-setup.js";
import { isStaff } from "../../domain/shared/actor.js";
import type { FieldProblem, Result } from "../../domain/shared/result.js";
import type { FeatureContext, View } from "../../kit/feature.js";

type Raw = Readonly<Record<string, unknown>>;

// ---------------------------------------------------------------------------------------------------------
// Use cases that need more than one call: create (choices from the setup) and list (filters by name).

type Choices = { type?: string; source?: string; cycle?: string };
export const textOf = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);

/** Type, source and cycle are chosen from the tenant's lists; typed ones are matched without regard to case. */
function resolveChoices(
  setup: TenantSetup,
  input: Choices,
): { ok: true; input: Choices } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const match = (
    field: string,
    value: string | undefined,
    choices: readonly { key: string; name: string }[],
  ) => {
    if (value === undefined || choices.length === 0) return value;
    const wanted = value.toLowerCase();
    const found = choices.find((c) => c.key.toLowerCase() === wanted || c.name.toLowerCase() === wanted);
    if (!found)
      problems.push({ field, problem: "choice", params: { choices: choices.map((c) => c.name).join(", ") } });
    return found?.key;
  };
  const plain = (list: readonly string[]) => list.map((v) => ({ key: v, name: v }));
  const resolved = {
    type: match("type", input.type, plain(setup.lists.types)),
    source: match("source", input.source, plain(setup.lists.sources)),
    cycle: match(
      "cycle",
      input.cycle,
      setup.cycles.map((c) => ({ key: c.code, name: c.name })),
    ),
  };
  return problems.length > 0 ? { ok: false, problems } : { ok: true, input: resolved };
}

export async function create(ctx: FeatureContext, raw: Raw): Promise<View> {
  const { actor, view, services } = ctx;
  const { t } = view;
  const ownerText = textOf(raw.owner);
  // A partner's opportunity is its organisation's; nobody is looked up in the vendor's directory for it.
  if (ownerText && actor.role === "partner") return { message: t.t("opp.partner_owner") };
  const setup = await services.setup.load(actor.tenantId);
  const form = (problems: readonly FieldProblem[], error = ""): View["card"] => ({
    name: "opportunity-form",
    data: opportunityFormView(view, setup, raw, problems, error),
    summary: t.t("opp.form.title"),
  });
  const parsedInput = parseWith(createInputSchema, raw);
  const facts = parseWith(opportunityFactsSchema, raw);
  const chosen = resolveChoices(setup, {
    type: textOf(raw.type),
    source: textOf(raw.source),
    cycle: textOf(raw.cycle),
  });
  if (!parsedInput.ok || !facts.ok || !chosen.ok) {
    const problems = [
      ...(parsedInput.ok ? [] : parsedInput.problems),
      ...(facts.ok ? [] : facts.problems),
      ...(chosen.ok ? [] : chosen.problems),
    ].filter((p, i, all) => all.findIndex((q) => q.field === p.field) === i);
    return {
      message: explain(ctx, { code: "invalid", fields: problems }),
      messageInCard: true,
      card: form(problems),
    };
  }
  const i = { ...parsedInput.value, ...chosen.input };
  const f = facts.value;
  const owner = ownerText && isStaff(actor) ? await ownerOf(ctx, ownerText, true) : undefined;
  if (owner && !owner.ok) return { message: explain(ctx, owner.error) };
  const result = await services.opportunities.create(actor, {
    title: i.title,
    ...(owner ? { owner: owner.value } : {}),
    ...(i.account ? { account: i.account } : {}),
    ...(i.contact ? { contact: i.contact } : {}),
    ...(i.cycle ? { cycle: i.cycle } : {}),
    ...(i.value !== undefined ? { value: i.value } : {}),
    ...(i.chance !== undefined ? { chancePct: i.chance } : {}),
    ...(i.close ? { expectedCloseDate: i.close } : {}),
    ...(i.currency ? { currency: i.currency } : {}),
    ...(i.type ? { type: i.type } : {}),
    ...(i.source ? { source: i.source } : {}),
    ...(f.region ? { region: f.region } : {}),
    ...(f.industry ? { industry: f.industry } : {}),
    ...(f.situation ? { customerSituation: f.situation } : {}),
    ...(f.need ? { customerNeed: f.need } : {}),
    ...(f.solution ? { proposedSolution: f.solution } : {}),
  });
  if (result.ok) {
    const o = result.value.opportunity;
    const text = t.t(o.approval === "pending" ? "opp.created_pending" : "opp.created", { ref: o.ref });
    return {
      message: text,
      messageInCard: true,
      card: opportunityCard(ctx, result.value, { text, style: "good" }),
    };
  }
  const text = explain(ctx, result.error);
  if (["forbidden", "opp.owner_forbidden", "partner.no_organisation"].includes(result.error.code))
    return { message: text };
  return {
    message: text,
    messageInCard: true,
    card: form(result.error.fields ?? [], result.error.fields ? "" : text),
  };
}

export async function list(
  ctx: FeatureContext,
  command: Extract<OpportunityCoreCommand, { kind: "opp.list" }>,
  done?: Notice,
): Promise<View> {
  const { actor, view, services } = ctx;
  const { t } = view;
  const partner = actor.role === "partner";
  if (!isStaff(actor) && !partner) return { message: t.t("reply.forbidden", { action: "opp list" }) };
  // Names are looked up only for staff: a partner must not learn which contacts or people exist from the replies.
  if (partner && (command.contact || command.owner)) return { message: t.t("opp.list.partner_filters") };
  const setup = await services.setup.load(actor.tenantId);
  let party: ListFilterView["party"];
  if (command.contact) {
    const found = await findParty(ctx, command.contact);
    if (!found.ok) return { message: explain(ctx, found.error) };
    party = found.value;
  }
  let stage: ListFilterView["stage"];
  if (command.stage) {
    const wanted = command.stage;
    const found = setup.cycles.map((c) => findStage(c, wanted)).find((s) => s !== undefined);
    if (!found) {
      const stages = setup.cycles.flatMap((c) => c.stages.map((s) => stageName(ctx.view.t, s))).join(", ");
      return { message: explain(ctx, { code: "opp.no_such_stage", params: { stage: wanted, stages } }) };
    }
    stage = { id: found.id, name: found.name, ...(found.builtIn ? { builtIn: found.builtIn } : {}) };
  }
  let owner: ListFilterView["owner"];
  if (command.owner) {
    const found = await ownerOf(ctx, command.owner);
    if (!found.ok) return { message: explain(ctx, found.error) };
    owner = found.value;
  }
  const scope = command.scope;
  const result = await services.opportunities.list(
    actor,
    {
      ...(scope === "mine" ? { status: "open", ownerId: actor.userId } : {}),
      ...(scope === "open" || scope === "closed" ? { status: scope } : {}),
      ...(party ? { partyRef: party.ref } : {}),
      ...(stage ? { stageId: stage.id } : {}),
      ...(owner ? { ownerId: owner.id } : {}),
    },
    command.cursor,
  );
  if (!result.ok) return { message: explain(ctx, result.error) };
  const notice: Notice | undefined = command.pickFor
    ? { text: t.t("opp.list.pick", { command: command.pickFor }), style: "emphasis" }
    : done;
  // A partner's list is what its organisation manages: the card says whose.
  const managedBy =
    partner && actor.partner ? await services.partners.get(actor.tenantId, actor.partner) : undefined;
  return {
    card: {
      name: "opportunity-list",
      data: opportunityListView(
        view,
        setup,
        {
          scope,
          ...(party ? { party } : {}),
          ...(stage ? { stage } : {}),
          ...(owner ? { owner } : {}),
          ...(managedBy ? { partner: managedBy.name } : {}),
        },
        result.value.items.map((i) => i.value),
        result.value.cursor,
        notice,
      ),
      summary: notice?.text ?? t.t(`opp.list.title.${scope}`),
    },
  };
}

/**
 * `owner=@user`: the person typed (a Teams mention, `@name`, an email, or a user id from a card), as the
 * directory knows them. An owner must be someone who works the pipeline.
 */
export async function ownerOf(
  { actor, services, turn, view }: FeatureContext,
  typed: string,
  mustBeStaff = false,
): Promise<Result<{ id: string; name: string }>> {
  const found = await services.directory.resolveUser(
    actor.tenantId,
    { mentions: turn.mentions, roster: turn.roster },
    typed,
  );
  if (!found.ok) return found;
  const user = found.value;
  const role = services.directory.actorFor(user).role;
  if (mustBeStaff && !isStaff({ ...actor, role }))
    return {
      ok: false,
      error: { code: "opp.owner_not_staff", params: { name: user.name, role: view.t.t(`role.${role}`) } },
    };
  return { ok: true, value: { id: user.userId, name: user.name } };
}

/** `contact=` in a list: a contact (by reference, email or name) or, failing that, an account. */
async function findParty(
  { actor, services }: FeatureContext,
  wanted: string,
): Promise<Result<{ ref: string; name: string }>> {
  const text = wanted.trim();
  if (/^A-\d+$/i.test(text)) {
    const account = await services.parties.findAccount(actor.tenantId, text);
    return account.ok ? { ok: true, value: { ref: account.value.ref, name: account.value.name } } : account;
  }
  const contact = await services.parties.findContact(actor.tenantId, text);
  if (contact.ok) {
    const c = contact.value;
    const name = [c.firstName, c.lastName].filter(Boolean).join(" ") || c.companyName || c.ref;
    return { ok: true, value: { ref: c.ref, name } };
  }
  if (contact.error.code !== "party.contact_not_found" || /^C-\d+$/i.test(text)) return contact;
  const account = await services.parties.findAccount(actor.tenantId, text);
  return account.ok ? { ok: true, value: { ref: account.value.ref, name: account.value.name } } : contact;
}

import { z } from "zod";
import { cardRef, cardRevision } from "../../kit/parsing/card-fields.js";
import { failureText } from "../../kit/replies/failure-text.js";
import { splitKeyValues } from "../../kit/parsing/arguments.js";
import { personTextMax } from "../directory/directory.input.js";
import type { Command, OpportunityCommand } from "../commands.js";
import {
  closeInputSchema,
  closeOutcomes,
  createInputSchema,
  inputLimits,
  lineInputSchema,
  listScopes,
  opportunityCommandKeys,
  parseWith,
  purgeInputSchema,
  updateInputKeys,
  updateInputSchema,
  type ListScope,
} from "./opportunity.input.js";
import { opportunityFactKeys, opportunityFactsSchema } from "./partner-deals.input.js";
import {
  extra,
  noArguments,
  parsed,
  usage,
  type ParsedText,
  type TextCommand,
} from "../../kit/parsing/text-command.js";
import {
  closeFormView,
  currentStageName,
  formatMoney,
  formatNumber,
  lineFormView,
  inboxView,
  opportunityButtons,
  opportunityFormView,
  opportunityListView,
  opportunityProblemText,
  opportunityView,
  partnerDashboardView,
  pipelineView,
  purgeFormView,
  stageFormView,
  updateFormView,
  type ListFilterView,
  type Notice,
} from "./opportunity.views.js";
import { findStage, stageIndex } from "../../domain/cycles/cycle.js";
import {
  mayChange,
  mayPurge,
  opportunityLimits,
  partnerAccess,
} from "../../domain/opportunities/opportunity.js";
import type { OpportunityView } from "../../domain/opportunities/opportunity.service.js";
import type { TenantSetup } from "../../domain/setup/tenant-setup.js";
import { isStaff } from "../../domain/shared/actor.js";
import type { Failure, FieldProblem, Result } from "../../domain/shared/result.js";
import type { MessageKey } from "../../i18n/index.js";
import type { Feature, FeatureContext, View } from "../../kit/feature.js";

/**
 * Opportunities from Teams: text commands and card buttons parse to the same commands, which call one
 * OpportunityService use case each and answer with the opportunity card. Card buttons carry the revision
 * their card showed; a stale or lost-race press is answered with the current card and says so.
 */

type Raw = Readonly<Record<string, unknown>>;
type Target = { readonly ref: string; readonly revision?: number };

// ---------------------------------------------------------------------------------------------------------
// Text commands

/** Without a reference, a command asks which opportunity it is for, with a list to pick from. */
const pick = (name: string, scope: ListScope = "mine"): ParsedText =>
  parsed({ kind: "opp.list", scope, pickFor: name });

function refCommand(name: string, make: (ref: string) => Command, scope: ListScope = "mine"): TextCommand {
  return {
    name,
    parse(args) {
      const [ref, ...rest] = args;
      if (ref === undefined) return pick(name, scope);
      if (rest.length > 0) return extra(name, rest);
      return parsed(make(ref));
    },
  };
}

function stageCommand(name: string, mode: "skip" | "goto"): TextCommand {
  return {
    name,
    parse(args) {
      const [ref, ...words] = args;
      if (ref === undefined) return pick(name);
      if (words.length === 0) return parsed({ kind: `opp.${mode}.form`, ref });
      return parsed({ kind: `opp.${mode}`, ref, stage: words.join(" ") });
    },
  };
}

/**
 * Splits words without "=" from the rest, leaving the words of a Teams mention (`owner=<at>Bo Lind</at>`)
 * with the key they continue.
 */
function bareWords(tokens: readonly string[]): { bare: string[]; rest: string[] } {
  const bare: string[] = [];
  const rest: string[] = [];
  let inMention = false;
  for (const token of tokens) {
    const opens = /<at>/iu.test(token);
    const closes = /<\/at>/iu.test(token);
    if (inMention || opens || token.includes("=")) rest.push(token);
    else bare.push(token);
    if (opens && !closes) inMention = true;
    if (closes) inMention = false;
  }
  return { bare, rest };
}

const badChoice = (name: string, value: string, choices: readonly string[]) =>
  usage(name, { code: "reply.bad_choice", params: { value, choices: choices.join(", ") } });

const textCommands: readonly TextCommand[] = [
  {
    name: "opp new",
    parse(args) {
      if (args.length === 0) return parsed({ kind: "opp.form" });
      const split = splitKeyValues(args, [...opportunityCommandKeys, ...opportunityFactKeys, "owner"]);
      if (!split.ok) return { ok: false, error: split.error };
      return parsed({
        kind: "opp.create",
        input: { ...split.args.values, title: split.args.words.join(" ") },
      });
    },
  },
  {
    name: "opp list",
    parse(args) {
      const split = splitKeyValues(args, ["owner", "contact", "stage"]);
      if (!split.ok) return { ok: false, error: split.error };
      const [word, ...rest] = split.args.words;
      if (rest.length > 0) return extra("opp list", rest);
      const { contact, stage, owner } = split.args.values;
      // Someone else's list shows their open opportunities unless a scope is given.
      const scope = listScopes.find((s) => s === (word ?? (owner ? "open" : "mine")).toLowerCase());
      if (!scope) return badChoice("opp list", word ?? "", listScopes);
      return parsed({
        kind: "opp.list",
        scope,
        ...(contact ? { contact } : {}),
        ...(stage ? { stage } : {}),
        ...(owner ? { owner } : {}),
      });
    },
  },
  refCommand("opp show", (ref) => ({ kind: "opp.show", ref }), "all"),
  refCommand("opp next", (ref) => ({ kind: "opp.next", ref })),
  refCommand("opp previous", (ref) => ({ kind: "opp.previous", ref })),
  stageCommand("opp skip", "skip"),
  stageCommand("opp goto", "goto"),
  {
    name: "opp update",
    parse(args) {
      const [ref, ...rest] = args;
      if (ref === undefined) return pick("opp update");
      const split = splitKeyValues(rest, updateInputKeys);
      if (!split.ok) return { ok: false, error: split.error };
      if (split.args.words.length > 0) return extra("opp update", split.args.words);
      if (Object.keys(split.args.values).length === 0) return parsed({ kind: "opp.update.form", ref });
      return parsed({ kind: "opp.update", ref, input: split.args.values });
    },
  },
  {
    name: "opp line",
    parse(args) {
      const [ref, ...rest] = args;
      if (ref === undefined) return pick("opp line");
      const split = splitKeyValues(rest, ["qty", "price"]);
      if (!split.ok) return { ok: false, error: split.error };
      const input = { ...split.args.values, product: split.args.words.join(" ") };
      // Product, quantity and price are all needed; with any missing, the line form asks for the rest.
      const { qty, price } = split.args.values;
      if (!input.product || qty === undefined || price === undefined)
        return parsed({ kind: "opp.line.form", ref, input });
      return parsed({ kind: "opp.line", ref, input });
    },
  },
  {
    name: "opp close",
    parse(args) {
      const [ref, ...rest] = args;
      if (ref === undefined) return pick("opp close");
      const split = splitKeyValues(rest, ["date"]);
      if (!split.ok) return { ok: false, error: split.error };
      const [word, code, ...more] = split.args.words;
      if (more.length > 0) return extra("opp close", more);
      if (word === undefined) return parsed({ kind: "opp.close.form", ref });
      const outcome = closeOutcomes.find((o) => o === word.toLowerCase());
      if (!outcome) return badChoice("opp close", word, closeOutcomes);
      if (code === undefined) return parsed({ kind: "opp.close.form", ref, outcome });
      return parsed({ kind: "opp.close", ref, input: { outcome, code, ...split.args.values } });
    },
  },
  refCommand("opp reopen", (ref) => ({ kind: "opp.reopen", ref }), "closed"),
  refCommand("opp quote", (ref) => ({ kind: "opp.quote", ref })),
  refCommand("opp order", (ref) => ({ kind: "opp.order", ref }), "all"),
  refCommand("opp delete", (ref) => ({ kind: "opp.delete", ref }), "closed"),
  {
    name: "opp purge",
    parse(args) {
      if (args.length === 0) return parsed({ kind: "opp.purge.form" });
      // won|lost may stand anywhere (as in the reference); only an owner's mention (`<at>Bo Lind</at>`) has
      // spaces, and the words inside it are never read as the outcome.
      const { bare, rest } = bareWords(args);
      const [word, ...more] = bare;
      if (more.length > 0) return extra("opp purge", more);
      const outcome = word === undefined ? undefined : closeOutcomes.find((o) => o === word.toLowerCase());
      if (word !== undefined && !outcome) return badChoice("opp purge", word, closeOutcomes);
      const split = splitKeyValues(rest, ["before", "owner"]);
      if (!split.ok) return { ok: false, error: split.error };
      if (split.args.words.length > 0) return extra("opp purge", split.args.words);
      return parsed({ kind: "opp.purge", input: { ...split.args.values, ...(outcome ? { outcome } : {}) } });
    },
  },
  { name: "pipeline", parse: noArguments("pipeline", { kind: "pipeline" }) },
  { name: "inbox", parse: noArguments("inbox", { kind: "inbox" }) },
];

// ---------------------------------------------------------------------------------------------------------
// Card verbs: one schema each. Card inputs arrive as strings; their meaning is parsed by the input schemas.

const ref = cardRef;
const revision = cardRevision;
const target = { ref, revision };
/** One card input's value as sent by Teams (a string), or a number from another client; nothing else. */
const inputValue = (max: number) => z.union([z.string().max(max), z.number()]).optional();
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : undefined));

const actions = {
  "opp.form": z.object({}).transform((): Command => ({ kind: "opp.form" })),
  "opp.create": z
    .record(
      z.string().max(40),
      z.union([z.string().max(opportunityLimits.text), z.number(), z.boolean(), z.null()]),
    )
    .refine((data) => Object.keys(data).length <= 40)
    .transform((input): Command => ({ kind: "opp.create", input })),
  "opp.show": z.object({ ref }).transform(({ ref }): Command => ({ kind: "opp.show", ref })),
  "opp.list": z
    .object({
      scope: z.enum(listScopes).default("mine"),
      contact: optionalText(inputLimits.party),
      stage: optionalText(inputLimits.stage),
      owner: optionalText(personTextMax),
      cursor: optionalText(2000),
    })
    .transform(({ scope, contact, stage, owner, cursor }): Command => ({
      kind: "opp.list",
      scope,
      ...(contact ? { contact } : {}),
      ...(stage ? { stage } : {}),
      ...(owner ? { owner } : {}),
      ...(cursor ? { cursor } : {}),
    })),
  ...Object.fromEntries(
    (["opp.next", "opp.previous", "opp.reopen", "opp.quote", "opp.order", "opp.delete"] as const).map(
      (kind) => [kind, z.object(target).transform((t): Command => ({ kind, ...t }))],
    ),
  ),
  ...Object.fromEntries(
    (["opp.skip.form", "opp.goto.form", "opp.update.form", "opp.line.form", "opp.delete.form"] as const).map(
      (kind) => [kind, z.object(target).transform((t): Command => ({ kind, ...t }))],
    ),
  ),
  ...Object.fromEntries(
    (["opp.skip", "opp.goto"] as const).map((kind) => [
      kind,
      z
        .object({ ...target, stage: z.string().trim().min(1).max(inputLimits.stage) })
        .transform((t): Command => ({ kind, ...t })),
    ]),
  ),
  "opp.update": z
    .object({
      ...target,
      value: inputValue(inputLimits.number),
      chance: inputValue(8),
      close: inputValue(10),
    })
    .transform(({ ref, revision, ...input }): Command => ({ kind: "opp.update", ref, revision, input })),
  "opp.line": z
    .object({
      ...target,
      product: inputValue(opportunityLimits.product),
      qty: inputValue(inputLimits.number),
      price: inputValue(inputLimits.number),
    })
    .transform(({ ref, revision, ...input }): Command => ({ kind: "opp.line", ref, revision, input })),
  "opp.close": z
    .object({
      ...target,
      outcome: z.enum(closeOutcomes),
      code: inputValue(inputLimits.closeCode),
      date: inputValue(10),
    })
    .transform(({ ref, revision, ...input }): Command => ({ kind: "opp.close", ref, revision, input })),
  "opp.close.form": z
    .object({ ...target, outcome: z.enum(closeOutcomes).optional() })
    .transform(({ ref, revision, outcome }): Command => ({
      kind: "opp.close.form",
      ref,
      revision,
      ...(outcome ? { outcome } : {}),
    })),
  "opp.purge": z
    .object({ before: inputValue(10), outcome: inputValue(10) })
    .transform((input): Command => ({ kind: "opp.purge", input })),
  "opp.purge.form": z.object({}).transform((): Command => ({ kind: "opp.purge.form" })),
  "opp.note": z
    .object({
      ref,
      noteKind: z.enum(["note", "call", "email", "meeting", "task"]).default("note"),
      noteText: z.string().max(opportunityLimits.text * 2),
    })
    .transform(({ ref, noteKind, noteText }): Command => ({
      kind: "opp.note",
      ref,
      entry: noteKind,
      text: noteText,
    })),
  pipeline: z.object({}).transform((): Command => ({ kind: "pipeline" })),
  inbox: z.object({}).transform((): Command => ({ kind: "inbox" })),
} as const satisfies Readonly<Record<string, z.ZodType<Command>>>;

const kinds = [
  "opp.form",
  "opp.create",
  "opp.show",
  "opp.list",
  "opp.next",
  "opp.previous",
  "opp.reopen",
  "opp.quote",
  "opp.order",
  "opp.delete",
  "opp.skip",
  "opp.goto",
  "opp.update",
  "opp.line",
  "opp.close",
  "opp.skip.form",
  "opp.goto.form",
  "opp.update.form",
  "opp.line.form",
  "opp.close.form",
  "opp.delete.form",
  "opp.purge",
  "opp.purge.form",
  "opp.note",
  "pipeline",
  "inbox",
] as const satisfies readonly OpportunityCommand["kind"][];

// ---------------------------------------------------------------------------------------------------------
// Replies

/** Failure codes of other parts of the domain that this feature explains in its own words. */
const ownWords: Readonly<Record<string, MessageKey>> = { "cycle.not_found": "opp.cycle_not_found" };

/** The reply for a refusal: what was wrong and what to type instead, with won/lost in the reader's words. */
export function explain({ view }: FeatureContext, failure: Failure): string {
  const { t } = view;
  if (failure.code === "invalid") {
    const problems = (failure.fields ?? []).map((p) => opportunityProblemText(view, p)).join(" ");
    return t.t("reply.invalid", { problems });
  }
  const params: Record<string, string | number> = { ...failure.params };
  for (const key of ["status", "type", "outcome"]) {
    const value = params[key];
    if (value === "open" || value === "won" || value === "lost")
      params[key] = t.t(`opp.status.${value}`).toLowerCase();
  }
  // A deal registration's status (`deal.already`) or a partner's answer (`dist.answered`) in the reader's words.
  const status = params.status;
  const statusKey = failure.code.startsWith("deal.")
    ? `opp.deal.status.${status}`
    : `opp.card.partner.${status}`;
  if (typeof status === "string" && t.has(statusKey)) params.status = t.t(statusKey).toLowerCase();
  const own = ownWords[failure.code];
  if (own && !t.has(failure.code)) return t.t(own, params);
  return failureText(t, { ...failure, params });
}

/** Adds what a refusal's text needs and the failure does not carry (the party reference to mark as customer). */
async function explainFully(ctx: FeatureContext, failure: Failure): Promise<string> {
  if (failure.code === "opp.order_not_customer" && typeof failure.params?.ref === "string") {
    const shown = await ctx.services.opportunities.show(ctx.actor, failure.params.ref);
    const partyRef = shown.ok ? shown.value.opportunity.party.ref : "<A-/C-ref>";
    return explain(ctx, { ...failure, params: { ...failure.params, partyRef } });
  }
  return explain(ctx, failure);
}

export function opportunityCard(ctx: FeatureContext, view: OpportunityView, notice?: Notice): View["card"] {
  const o = view.opportunity;
  return {
    name: "opportunity",
    data: opportunityView(ctx.view, ctx.actor, view, notice),
    summary: notice?.text ?? `${o.ref} ${o.title}`,
  };
}

const changedCodes = new Set(["opp.stale", "opp.changed"]);

/**
 * A refused command. A stale or lost-race press shows the current card saying it changed meanwhile; a
 * refused card button shows the current card with the reason on it; a typed command gets the reason.
 */
export async function refusal(ctx: FeatureContext, target: Target, failure: Failure): Promise<View> {
  const text = await explainFully(ctx, failure);
  const changed = changedCodes.has(failure.code);
  if (changed || target.revision !== undefined) {
    const current = await ctx.services.opportunities.show(ctx.actor, target.ref);
    if (current.ok) {
      return {
        message: text,
        messageInCard: true,
        card: opportunityCard(ctx, current.value, { text, style: changed ? "warning" : "attention" }),
      };
    }
  }
  return { message: text };
}

/** The answer to a change: the card with what happened on it, or the refusal. */
export async function answer(
  ctx: FeatureContext,
  target: Target,
  result: Result<OpportunityView>,
  success: (view: OpportunityView) => string,
): Promise<View> {
  if (!result.ok) return refusal(ctx, target, result.error);
  const text = success(result.value);
  return {
    message: text,
    messageInCard: true,
    card: opportunityCard(ctx, result.value, { text, style: "good" }),
  };
}

const moved = (ctx: FeatureContext) => (v: OpportunityView) =>
  ctx.view.t.t("opp.moved", {
    ref: v.opportunity.ref,
    stage: currentStageName(ctx.view.t, v.opportunity, v.cycle),
  });

/**
 * Loads the opportunity a form is for. A form opened from a card that shows an older revision is refused
 * like any stale press, so nobody fills in a form about a state they have not seen.
 */
export async function forForm(
  ctx: FeatureContext,
  target: Target,
): Promise<{ ok: true; view: OpportunityView } | { ok: false; reply: View }> {
  const shown = await ctx.services.opportunities.show(ctx.actor, target.ref);
  if (!shown.ok) return { ok: false, reply: { message: explain(ctx, shown.error) } };
  const o = shown.value.opportunity;
  if (target.revision !== undefined && target.revision !== o.revision) {
    const text = explain(ctx, { code: "opp.stale", params: { ref: o.ref } });
    return {
      ok: false,
      reply: {
        message: text,
        messageInCard: true,
        card: opportunityCard(ctx, shown.value, { text, style: "warning" }),
      },
    };
  }
  return { ok: true, view: shown.value };
}

type FormKind = "update" | "line" | "close" | "skip" | "goto" | "delete";

/** Why this viewer may not open this form now, in the domain's own failure codes; undefined when they may. */
function formRefusal(ctx: FeatureContext, view: OpportunityView, kind: FormKind): Failure | undefined {
  const { opportunity: o, cycle } = view;
  const can = opportunityButtons(ctx.actor, o, cycle);
  if (can[kind]) return undefined;
  if (kind === "delete" && ctx.actor.role === "partner") return { code: "opp.partner_forbidden" };
  // The same reasons, in the same words, as the use case that the form would end in.
  const access = partnerAccess(ctx.actor, o);
  if (access === "delivered") return { code: "dist.accept_first", params: { ref: o.ref } };
  if (o.approval === "pending" || (access === "origin" && !mayChange(ctx.actor, o)))
    return { code: "opp.pending_approval", params: { ref: o.ref } };
  if (!mayChange(ctx.actor, o)) {
    if (access === "accepted") return { code: "dist.collaboration_read_only", params: { ref: o.ref } };
    return { code: "opp.not_yours", params: { ref: o.ref, owner: o.owner.name } };
  }
  if (kind === "delete") return { code: "opp.delete_open", params: { ref: o.ref } };
  if (o.status !== "open") return { code: "opp.closed", params: { ref: o.ref, status: o.status } };
  if (kind === "line")
    return { code: "opp.too_many_lines", params: { ref: o.ref, max: opportunityLimits.lines } };
  const stage = currentStageName(ctx.view.t, o, cycle);
  if (kind === "skip") return { code: "opp.skip.none", params: { ref: o.ref, stage } };
  if (cycle && stageIndex(cycle, o.stageId) === 0) return { code: "opp.first_stage", params: { ref: o.ref } };
  return { code: "opp.goto.none", params: { ref: o.ref, stage } };
}

async function openForm(
  ctx: FeatureContext,
  target: Target,
  kind: FormKind,
  render: (view: OpportunityView) => NonNullable<View["card"]>,
): Promise<View> {
  const loaded = await forForm(ctx, target);
  if (!loaded.ok) return loaded.reply;
  const refused = formRefusal(ctx, loaded.view, kind);
  if (refused) return refusal(ctx, target, refused);
  return { card: render(loaded.view) };
}

/** Bad input on a form or in a command: the form again with each problem next to its field. */
async function invalidInput(
  ctx: FeatureContext,
  target: Target,
  problems: readonly FieldProblem[],
  render: (view: OpportunityView) => NonNullable<View["card"]>,
): Promise<View> {
  const message = explain(ctx, { code: "invalid", fields: problems });
  const loaded = await forForm(ctx, target);
  if (!loaded.ok) return loaded.reply;
  return { message, card: render(loaded.view) };
}

// ---------------------------------------------------------------------------------------------------------
// Use cases that need more than one call: create (choices from the setup) and list (filters by name).

type Choices = { type?: string; source?: string; cycle?: string };
const textOf = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);

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

async function create(ctx: FeatureContext, raw: Raw): Promise<View> {
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
    return { message: explain(ctx, { code: "invalid", fields: problems }), card: form(problems) };
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
  return { message: text, card: form(result.error.fields ?? [], result.error.fields ? "" : text) };
}

async function list(
  ctx: FeatureContext,
  command: Extract<Command, { kind: "opp.list" }>,
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
      const stages = setup.cycles.flatMap((c) => c.stages.map((s) => s.name)).join(", ");
      return { message: explain(ctx, { code: "opp.no_such_stage", params: { stage: wanted, stages } }) };
    }
    stage = { id: found.id, name: found.name };
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
async function ownerOf(
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

// ---------------------------------------------------------------------------------------------------------

export const opportunitiesFeature: Feature = {
  textCommands,
  actions,
  kinds,

  async run(command, ctx) {
    const { actor, view, services } = ctx;
    const { t } = view;
    const opps = services.opportunities;
    switch (command.kind) {
      case "opp.form": {
        // Partner users create opportunities too (they wait for a manager's approval).
        if (!isStaff(actor) && actor.role !== "partner")
          return { message: t.t("reply.forbidden", { action: "opp new" }) };
        const setup = await services.setup.load(actor.tenantId);
        return {
          card: {
            name: "opportunity-form",
            data: opportunityFormView(view, setup, command.input),
            summary: t.t("opp.form.title"),
          },
        };
      }
      case "opp.create":
        return create(ctx, command.input);
      case "opp.show": {
        const result = await opps.show(actor, command.ref);
        if (!result.ok) return { message: explain(ctx, result.error) };
        return { card: opportunityCard(ctx, result.value) };
      }
      case "opp.list":
        return list(ctx, command);

      case "opp.next":
        return answer(ctx, command, await opps.next(actor, command.ref, command.revision), moved(ctx));
      case "opp.previous":
        return answer(ctx, command, await opps.previous(actor, command.ref, command.revision), moved(ctx));
      case "opp.skip":
        return answer(
          ctx,
          command,
          await opps.skip(actor, command.ref, command.stage, command.revision),
          moved(ctx),
        );
      case "opp.goto":
        return answer(
          ctx,
          command,
          await opps.goto(actor, command.ref, command.stage, command.revision),
          moved(ctx),
        );
      case "opp.reopen":
        return answer(ctx, command, await opps.reopen(actor, command.ref, command.revision), (v) =>
          t.t("opp.reopened", {
            ref: v.opportunity.ref,
            stage: currentStageName(t, v.opportunity, v.cycle),
          }),
        );
      case "opp.quote":
        return answer(ctx, command, await opps.quote(actor, command.ref, command.revision), (v) => {
          const o = v.opportunity;
          return t.t("opp.quoted", {
            ref: o.ref,
            quote: o.quote?.number ?? "",
            total: formatMoney(view, o.quote?.total ?? 0, o.currency),
          });
        });
      case "opp.order":
        return answer(ctx, command, await opps.order(actor, command.ref, command.revision), (v) => {
          const o = v.opportunity;
          return t.t("opp.ordered", {
            ref: o.ref,
            order: o.order?.number ?? "",
            quote: o.order?.quoteNumber ?? "",
          });
        });

      case "opp.update": {
        const input = parseWith(updateInputSchema, command.input);
        if (!input.ok)
          return invalidInput(ctx, command, input.problems, (v) => ({
            name: "opportunity-update",
            data: updateFormView(view, v.opportunity, command.input, input.problems),
            summary: t.t("opp.update.title", { ref: v.opportunity.ref }),
          }));
        const { value, chance, close } = input.value;
        const result = await opps.update(
          actor,
          command.ref,
          {
            ...(value !== undefined ? { estimatedValue: value } : {}),
            ...(chance !== undefined ? { chancePct: chance } : {}),
            ...(close !== undefined ? { expectedCloseDate: close } : {}),
          },
          command.revision,
        );
        return answer(ctx, command, result, (v) => t.t("opp.updated", { ref: v.opportunity.ref }));
      }
      case "opp.line": {
        const input = parseWith(lineInputSchema, command.input);
        if (!input.ok)
          return invalidInput(ctx, command, input.problems, (v) => ({
            name: "opportunity-line",
            data: lineFormView(view, v.opportunity, command.input, input.problems),
            summary: t.t("opp.line.title", { ref: v.opportunity.ref }),
          }));
        const { product, qty, price } = input.value;
        const result = await opps.addLine(
          actor,
          command.ref,
          { product, quantity: qty, unitPrice: price },
          command.revision,
        );
        return answer(ctx, command, result, (v) =>
          t.t("opp.line_added", {
            ref: v.opportunity.ref,
            product,
            quantity: formatNumber(view, qty),
            price: formatMoney(view, price, v.opportunity.currency),
          }),
        );
      }
      case "opp.close": {
        const input = parseWith(closeInputSchema, command.input);
        if (!input.ok) {
          const outcome = closeOutcomes.find((o) => o === command.input.outcome);
          return invalidInput(ctx, command, input.problems, (v) => ({
            name: "opportunity-close",
            data: closeFormView(view, v.opportunity, v.setup, outcome, command.input, input.problems),
            summary: t.t("opp.close.title", { ref: v.opportunity.ref }),
          }));
        }
        const { outcome, code, date } = input.value;
        const result = await opps.close(actor, command.ref, outcome, code, date, command.revision);
        return answer(ctx, command, result, (v) =>
          t.t(`opp.closed_${outcome}`, { ref: v.opportunity.ref, code: v.opportunity.closeCode ?? code }),
        );
      }
      case "opp.delete": {
        const result = await opps.delete(actor, command.ref, command.revision);
        if (!result.ok) return refusal(ctx, command, result.error);
        const text = t.t("opp.deleted", { ref: result.value.ref });
        if (command.revision === undefined) return { message: text };
        // The card it was pressed on is replaced by the closed opportunities that are left.
        const listed = await list(ctx, { kind: "opp.list", scope: "closed" }, { text, style: "good" });
        return listed.card ? { message: text, messageInCard: true, card: listed.card } : { message: text };
      }

      case "opp.update.form":
        return openForm(ctx, command, "update", (v) => ({
          name: "opportunity-update",
          data: updateFormView(view, v.opportunity),
          summary: t.t("opp.update.title", { ref: v.opportunity.ref }),
        }));
      case "opp.line.form":
        return openForm(ctx, command, "line", (v) => ({
          name: "opportunity-line",
          data: lineFormView(view, v.opportunity, command.input),
          summary: t.t("opp.line.title", { ref: v.opportunity.ref }),
        }));
      case "opp.close.form":
        return openForm(ctx, command, "close", (v) => ({
          name: "opportunity-close",
          data: closeFormView(view, v.opportunity, v.setup, command.outcome),
          summary: t.t("opp.close.title", { ref: v.opportunity.ref }),
        }));
      case "opp.delete.form":
        return openForm(ctx, command, "delete", (v) => {
          const o = v.opportunity;
          return {
            name: "opportunity",
            data: opportunityView(view, actor, v, undefined, { confirmDelete: true }),
            summary: t.t("opp.deleteAsk", { ref: o.ref }),
          };
        });
      case "opp.skip.form":
      case "opp.goto.form": {
        const mode = command.kind === "opp.skip.form" ? "skip" : "goto";
        return openForm(ctx, command, mode, (v) => ({
          name: "opportunity-stage",
          data: stageFormView(view, actor, v, mode),
          summary: t.t(`opp.${mode}.title`, { ref: v.opportunity.ref }),
        }));
      }

      case "opp.purge.form":
        if (!mayPurge(actor)) return { message: t.t("reply.forbidden", { action: "opp purge" }) };
        return {
          card: { name: "opportunity-purge", data: purgeFormView(view), summary: t.t("opp.purge.title") },
        };
      case "opp.purge": {
        const input = parseWith(purgeInputSchema, command.input);
        if (!input.ok) {
          return {
            message: explain(ctx, { code: "invalid", fields: input.problems }),
            card: {
              name: "opportunity-purge",
              data: purgeFormView(view, command.input, undefined, input.problems),
              summary: t.t("opp.purge.title"),
            },
          };
        }
        const { before, outcome } = input.value;
        if (!mayPurge(actor)) return { message: t.t("reply.forbidden", { action: "opp purge" }) };
        const ownerText = textOf(command.input.owner);
        const owner = ownerText ? await ownerOf(ctx, ownerText) : undefined;
        if (owner && !owner.ok) return { message: explain(ctx, owner.error) };
        const result = await opps.purge(actor, {
          ...(before ? { before } : {}),
          ...(owner ? { ownerId: owner.value.id } : {}),
          ...(outcome ? { outcome } : {}),
        });
        if (!result.ok) return { message: explain(ctx, result.error) };
        const { deleted, skipped } = result.value;
        return { message: t.t(skipped > 0 ? "opp.purged_skipped" : "opp.purged", { deleted, skipped }) };
      }

      case "pipeline": {
        const result = await opps.pipeline(actor);
        if (!result.ok) return { message: explain(ctx, result.error) };
        return {
          card: {
            name: "pipeline",
            data: pipelineView(view, result.value.rows, result.value.truncated),
            summary: t.t("opp.pipeline.title"),
          },
        };
      }
      case "opp.note": {
        const text = command.text.trim();
        if (!text) return refusal(ctx, command, { code: "timeline.empty" });
        if (text.length > opportunityLimits.text)
          return refusal(ctx, command, {
            code: "timeline.too_long",
            params: { max: opportunityLimits.text },
          });
        const result = await opps.addTimeline(actor, command.ref, command.entry, text);
        return answer(ctx, command, result, (v) => t.t("opp.noted", { ref: v.opportunity.ref }));
      }

      case "inbox": {
        if (actor.role === "partner") {
          const dashboard = await opps.partnerDashboard(actor);
          if (!dashboard.ok) return { message: explain(ctx, dashboard.error) };
          const setup = await services.setup.load(actor.tenantId);
          return {
            card: {
              name: "partner-dashboard",
              data: partnerDashboardView(view, setup, dashboard.value),
              summary: t.t("partner.dashboard.title", { partner: dashboard.value.partner.name }),
            },
          };
        }
        const result = await opps.inbox(actor);
        if (!result.ok) return { message: explain(ctx, result.error) };
        return {
          card: { name: "inbox", data: inboxView(view, result.value), summary: t.t("opp.inbox.title") },
        };
      }
      default:
        throw new Error(`opportunities feature cannot run ${command.kind}`);
    }
  },
};

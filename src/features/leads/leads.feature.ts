import * as z from "zod";
import { splitKeyValues } from "../../kit/parsing/arguments.js";
import type { LeadCommand } from "./commands.js";
import {
  leadCommandKeys,
  missingRequired,
  parseLeadInput,
  qualifyInputSchema,
  qualifyOptions,
  timelineKinds,
} from "./lead.input.js";
import { addToTimeline, afterChange, leadCard, qualifyView, refusedOnCard } from "./lead.replies.js";
import {
  extra,
  missing,
  oneArgument,
  parsed,
  usage,
  staff,
  staffAndPartners,
} from "../../kit/parsing/text-command.js";
import { leadFormView, leadListView } from "./lead.views.js";
import { problemText } from "../../kit/rendering/view-context.js";
import { leadStatuses, stakeholderRoles } from "../../domain/leads/lead.js";
import { opportunityRefPattern } from "../../domain/opportunities/opportunity.js";
import { failureText } from "../../kit/replies/failure-text.js";
import type { Feature, Handlers } from "../../kit/feature.js";

const ref = z.string().trim().min(1).max(20);
const revision = z.coerce.number().int().min(0).max(1e9).optional();
const listChoices = [...leadStatuses, "all"] as const;

/** Keys `lead new` accepts: the lead's fields, plus an existing account or contact to link. */
const leadNewKeys = [...leadCommandKeys, "account", "contact"];

const handlers: Handlers<LeadCommand> = {
  "lead.form": async (_command, ctx) => {
    const { view } = ctx;
    const { t } = view;
    return { card: { name: "lead-form", data: leadFormView(view), summary: t.t("lead.form.title") } };
  },
  "lead.create": async (command, ctx) => {
    const { actor, view, services } = ctx;
    const { t } = view;
    const { account, contact, ...fields } = command.input;
    const input = parseLeadInput(fields);
    const links = {
      ...(typeof account === "string" && account.trim() ? { account } : {}),
      ...(typeof contact === "string" && contact.trim() ? { contact } : {}),
    };
    const result = input.ok ? await services.leads.create(actor, input.draft, links) : undefined;
    if (result?.ok) {
      const notice = t.t("lead.created", { ref: result.value.value.ref });
      return {
        ...(await leadCard(ctx, result.value.value, notice)),
        message: notice,
        messageInCard: true,
      };
    }
    if (result && result.error.code !== "invalid") return { message: failureText(t, result.error) };
    // When some fields are malformed the domain never saw the draft: name the missing required ones too,
    // so the form shows every problem at once (a linked contact may still supply the last name).
    const problems = !input.ok
      ? [...input.problems, ...missingRequired(fields, input.problems, Boolean(links.contact))]
      : (result?.error.fields ?? []);
    return {
      message: t.t("reply.invalid", { problems: problems.map((p) => problemText(t, p)).join(" ") }),
      messageInCard: true,
      card: {
        name: "lead-form",
        data: leadFormView(view, fields, problems),
        summary: t.t("lead.form.title"),
      },
    };
  },
  "lead.show": async (command, ctx) => {
    const { actor, view, services } = ctx;
    const { t } = view;
    const result = await services.leads.show(actor, command.ref);
    if (!result.ok) return { message: failureText(t, result.error) };
    const shown = await leadCard(ctx, result.value.value);
    return command.thread
      ? { ...shown, ownView: { verb: "lead.show", data: { ref: command.ref, thread: true } } }
      : shown;
  },
  "lead.list": async (command, ctx) => {
    const { actor, view, services } = ctx;
    const { t } = view;
    const result = await services.leads.list(actor, command.status, command.cursor);
    if (!result.ok) return { message: failureText(t, result.error) };
    return {
      card: {
        name: "lead-list",
        data: leadListView(
          view,
          command.status,
          result.value.items.map((i) => i.value),
          result.value.cursor,
        ),
        summary: t.t(`lead.list.title.${command.status}`),
      },
    };
  },
  "lead.qualify": async (command, ctx) => {
    const { actor, view, services } = ctx;
    const { t } = view;
    const options = qualifyInputSchema.safeParse(command.input);
    if (!options.success)
      return { message: t.t("problem.currency", { field: t.t("lead.qualify.currency") }) };
    const chosen = qualifyOptions(options.data);
    const setup = await services.setup.load(actor.tenantId);
    if (!setup.qualifyCreatesAll && !chosen.create && !chosen.linkAccount && !chosen.linkContact) {
      // The tenant lets the user choose which records to create: ask on the lead's card.
      const [only, ...more] = command.refs;
      if (only === undefined || more.length > 0) return { message: t.t("lead.qualify.choose_each") };
      const lead = await services.leads.show(actor, only);
      if (!lead.ok) return { message: failureText(t, lead.error) };
      const message = t.t("lead.qualify.choose", { ref: lead.value.value.ref });
      return { ...(await leadCard(ctx, lead.value.value, message)), message, messageInCard: true };
    }
    const result = await services.leads.qualify(actor, command.refs, chosen);
    if (!result.ok) return { message: failureText(t, result.error) };
    const [only, ...more] = result.value;
    if (command.fromCard && only?.kind === "failed" && more.length === 0) return refusedOnCard(ctx, only);
    return qualifyView(ctx, result.value, options.data.currency);
  },
  "lead.disqualify": async (command, ctx) => {
    const { actor, view, services } = ctx;
    const { t } = view;
    return afterChange(
      ctx,
      await services.leads.disqualify(actor, command.ref, command.reason, command.revision),
      (lead) => t.t("lead.disqualified", { ref: lead.ref }),
    );
  },
  "lead.reactivate": async (command, ctx) => {
    const { actor, view, services } = ctx;
    const { t } = view;
    return afterChange(ctx, await services.leads.reactivate(actor, command.ref, command.revision), (lead) =>
      t.t("lead.reactivated", { ref: lead.ref }),
    );
  },
  "lead.delete": async (command, ctx) => {
    const { actor, view, services } = ctx;
    const { t } = view;
    const result = await services.leads.delete(actor, command.ref, command.revision);
    if (result.ok) return { message: t.t("lead.deleted", { ref: result.value.ref }) };
    return afterChange(ctx, result, () => "");
  },
  "lead.stakeholder": async (command, ctx) => {
    const { actor, view, services } = ctx;
    const { t } = view;
    const role = stakeholderRoles.find((r) => r === command.role.toLowerCase().replace(/[\s-]+/g, "_"));
    if (!role) {
      return {
        message: failureText(t, {
          code: "reply.usage",
          params: {
            usage: "stakeholder ‹L-ref› ‹contact email or name› [role=‹role›]",
            problemCode: "reply.bad_choice",
            value: command.role,
            choices: stakeholderRoles.join(", "),
          },
        }),
      };
    }
    if (opportunityRefPattern.test(command.ref.toUpperCase()))
      return { message: t.t("lead.stakeholder_on_opportunity") };
    const result = await services.leads.addStakeholder(actor, command.ref, command.contact, role);
    if (!result.ok) return { message: failureText(t, result.error) };
    const added = result.value.value.stakeholders.find((s) => s.role === role);
    return {
      message: t.t("stakeholder.added", {
        name: added?.name ?? command.contact,
        role: t.t(`stakeholder.role.${role}`).toLowerCase(),
        ref: result.value.value.ref,
      }),
    };
  },
  "timeline.add": async (command, ctx) =>
    addToTimeline(ctx, command.ref, command.entry, command.text, command.fromCard ?? false),
};

/** Leads: create (inline or form), show, list, qualify, disqualify, reactivate, delete, stakeholders, timeline. */
export const leadsFeature: Feature<LeadCommand> = {
  textCommands: [
    {
      name: "lead new",
      usage: "lead new [‹topic›] [key=value ...]",
      roles: staff,
      parse(args) {
        if (args.length === 0) return parsed({ kind: "lead.form" });
        const split = splitKeyValues(args, leadNewKeys);
        if (!split.ok) return { ok: false, error: split.error };
        return parsed({
          kind: "lead.create",
          input: { ...split.args.values, topic: split.args.words.join(" ") },
        });
      },
    },
    {
      name: "lead show",
      usage: "lead show ‹L-ref›",
      roles: staff,
      parse: oneArgument("lead show", (r) => ({ kind: "lead.show", ref: r })),
    },
    {
      name: "lead list",
      usage: "lead list [open|qualified|disqualified|all]",
      roles: staff,
      parse(args) {
        const [word, ...rest] = args;
        if (rest.length > 0) return extra("lead list", rest);
        const status = listChoices.find((c) => c === (word ?? "open").toLowerCase());
        if (!status) {
          return usage("lead list", {
            code: "reply.bad_choice",
            params: { value: word ?? "", choices: listChoices.join(", ") },
          });
        }
        return parsed({ kind: "lead.list", status });
      },
    },
    {
      name: "lead qualify",
      usage: "lead qualify ‹L-ref› [‹L-ref› ...] [currency=‹ISO code›]",
      roles: staff,
      parse(args) {
        const split = splitKeyValues(args, ["currency"]);
        if (!split.ok) return { ok: false, error: split.error };
        if (split.args.words.length === 0) return missing("lead qualify");
        return parsed({ kind: "lead.qualify", refs: split.args.words, input: split.args.values });
      },
    },
    {
      name: "lead disqualify",
      usage: "lead disqualify ‹L-ref› [reason]",
      roles: staff,
      parse(args) {
        const [leadRef, ...reason] = args;
        if (leadRef === undefined) return missing("lead disqualify");
        return parsed({
          kind: "lead.disqualify",
          ref: leadRef,
          ...(reason.length ? { reason: reason.join(" ") } : {}),
        });
      },
    },
    {
      name: "lead reactivate",
      usage: "lead reactivate ‹L-ref›",
      roles: staff,
      parse: oneArgument("lead reactivate", (r) => ({ kind: "lead.reactivate", ref: r })),
    },
    {
      name: "lead delete",
      usage: "lead delete ‹L-ref›",
      roles: staff,
      parse: oneArgument("lead delete", (r) => ({ kind: "lead.delete", ref: r })),
    },
    {
      name: "note",
      usage: "note ‹ref› ‹text›",
      roles: staffAndPartners,
      parse(args) {
        const [target, ...text] = args;
        if (target === undefined || text.length === 0) return missing("note");
        return parsed({ kind: "timeline.add", ref: target, entry: "note", text: text.join(" ") });
      },
    },
    {
      name: "log",
      usage: "log ‹ref› call|email|meeting|task ‹text›",
      roles: staffAndPartners,
      parse(args) {
        const [target, kind, ...text] = args;
        if (target === undefined || kind === undefined || text.length === 0) return missing("log");
        const entry = timelineKinds.find((k) => k === kind.toLowerCase());
        if (!entry) {
          return usage("log", {
            code: "reply.bad_choice",
            params: { value: kind, choices: timelineKinds.join(", ") },
          });
        }
        return parsed({ kind: "timeline.add", ref: target, entry, text: text.join(" ") });
      },
    },
    {
      name: "stakeholder",
      usage: "stakeholder ‹L-ref› ‹contact email or name› [role=‹role›]",
      roles: staff,
      parse(args) {
        const split = splitKeyValues(args, ["role"]);
        if (!split.ok) return { ok: false, error: split.error };
        const [target, ...contact] = split.args.words;
        if (target === undefined || contact.length === 0) return missing("stakeholder");
        return parsed({
          kind: "lead.stakeholder",
          ref: target,
          contact: contact.join(" "),
          role: split.args.values.role ?? "stakeholder",
        });
      },
    },
  ],

  actions: {
    "lead.form": () => z.object({}).transform((): LeadCommand => ({ kind: "lead.form" })),
    "lead.create": () =>
      z
        .record(z.string().max(40), z.unknown())
        .refine((data) => Object.keys(data).length <= 40)
        .transform((input): LeadCommand => ({ kind: "lead.create", input })),
    "lead.show": () =>
      z.object({ ref, thread: z.literal(true).optional() }).transform(({ ref, thread }): LeadCommand => ({
        kind: "lead.show",
        ref,
        ...(thread ? { thread } : {}),
      })),
    "lead.list": () =>
      z
        .object({ status: z.enum(listChoices).default("open"), cursor: z.string().max(2000).optional() })
        .transform(({ status, cursor }): LeadCommand => ({
          kind: "lead.list",
          status,
          ...(cursor ? { cursor } : {}),
        })),
    "lead.qualify": () =>
      z
        .object({
          refs: z.array(ref).min(1).max(20),
          qualifyCurrency: z.string().max(10).optional(),
          createAccount: z.unknown().optional(),
          createContact: z.unknown().optional(),
          createOpportunity: z.unknown().optional(),
          linkAccount: z.string().max(200).optional(),
          linkContact: z.string().max(200).optional(),
          ignoreDuplicates: z.unknown().optional(),
          revision,
        })
        .transform(({ refs, qualifyCurrency, revision: _revision, ...input }): LeadCommand => ({
          kind: "lead.qualify",
          refs,
          input: { ...input, ...(qualifyCurrency ? { currency: qualifyCurrency } : {}) },
          fromCard: true,
        })),
    "lead.disqualify": () =>
      z
        .object({ ref, revision, disqualifyReason: z.string().max(500).optional() })
        .transform(({ ref, revision, disqualifyReason }): LeadCommand => ({
          kind: "lead.disqualify",
          ref,
          ...(disqualifyReason?.trim() ? { reason: disqualifyReason } : {}),
          ...(revision !== undefined ? { revision } : {}),
        })),
    "lead.reactivate": () =>
      z.object({ ref, revision }).transform(({ ref, revision }): LeadCommand => ({
        kind: "lead.reactivate",
        ref,
        ...(revision !== undefined ? { revision } : {}),
      })),
    "lead.delete": () =>
      z.object({ ref, revision }).transform(({ ref, revision }): LeadCommand => ({
        kind: "lead.delete",
        ref,
        ...(revision !== undefined ? { revision } : {}),
      })),
    "lead.note": () =>
      z
        .object({
          ref,
          noteKind: z.enum(["note", ...timelineKinds]).default("note"),
          noteText: z.string().max(4000),
        })
        .transform(({ ref, noteKind, noteText }): LeadCommand => ({
          kind: "timeline.add",
          ref,
          entry: noteKind,
          text: noteText,
          fromCard: true,
        })),
  },

  handlers,
};

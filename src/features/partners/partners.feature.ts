import * as z from "zod";
import { failureText } from "../../kit/replies/failure-text.js";
import {
  partnerFormView,
  partnerListView,
  partnerProblemsText,
  type PartnerListOptions,
} from "./partner.views.js";
import { splitKeyValues } from "../../kit/parsing/arguments.js";
import type { PartnerAdminCommand } from "./commands.js";
import { personTextMax } from "../../kit/parsing/card-fields.js";
import {
  canonicalPartnerKeys,
  parsePartnerInput,
  partnerNewKeys,
  partnerTextMax,
  splitPartnerAdd,
} from "./partner.input.js";
import {
  missing,
  noArguments,
  parsed,
  usage,
  type CommandName,
  type ParsedText,
  type TextCommand,
  staffAndPartners,
  managers,
} from "../../kit/parsing/text-command.js";
import type { Partner } from "../../domain/partners/partner.js";
import { isManager } from "../../domain/shared/actor.js";
import type { FieldProblem } from "../../domain/shared/result.js";
import type { Feature, FeatureContext, Handlers, View } from "../../kit/feature.js";

// ---------------------------------------------------------------------------------------------------------
// Text commands.

const tooLong = (name: CommandName, text: string, max: number): ParsedText<PartnerAdminCommand> =>
  usage(name, { code: "reply.too_long", params: { length: text.length, max } });

const textCommands: readonly TextCommand<PartnerAdminCommand>[] = [
  {
    name: "partner new",
    usage:
      "partner new ‹name› [regions=a,b] [industries=a,b] [products=a,b] [capacity=‹n›] [preferred=yes|no]",
    roles: managers,
    parse(args) {
      if (args.length === 0) return parsed({ kind: "partner.form" });
      const split = splitKeyValues(args, partnerNewKeys);
      if (!split.ok) return usage("partner new", split.error);
      const keys = canonicalPartnerKeys(split.args.values);
      if (!keys.ok) return usage("partner new", { code: "reply.duplicate_key", params: { key: keys.key } });
      return parsed({ kind: "partner.create", input: { ...keys.values, name: split.args.words.join(" ") } });
    },
  },
  {
    name: "partner list",
    usage: "partner list",
    roles: staffAndPartners,
    parse: noArguments("partner list", { kind: "partner.list" }),
  },
  {
    name: "partner show",
    usage: "partner show ‹partner›",
    roles: staffAndPartners,
    parse(args) {
      const partner = args.join(" ").trim();
      if (!partner) return missing("partner show");
      if (partner.length > partnerTextMax) return tooLong("partner show", partner, partnerTextMax);
      return parsed({ kind: "partner.show", partner });
    },
  },
  {
    name: "partner add",
    usage: "partner add ‹partner› @user",
    roles: managers,
    parse(args) {
      const { partner, person } = splitPartnerAdd(args);
      if (partner.length > partnerTextMax) return tooLong("partner add", partner, partnerTextMax);
      if (person.length > personTextMax) return tooLong("partner add", person, personTextMax);
      return parsed({ kind: "partner.add", partner, person });
    },
  },
];

// ---------------------------------------------------------------------------------------------------------
// Card verbs. The profile's values stay raw (the partner input schema reads them when the command runs, so
// the form can show each problem next to its input); shapes and sizes are checked here.

const rawText = (max: number) => z.union([z.string().max(max), z.number(), z.boolean()]).optional();
const rawList = z.union([z.string().max(4000), z.array(z.string().max(200)).max(50)]).optional();
const defined = (input: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));

const actions = {
  "partner.form": () => z.object({}).transform((): PartnerAdminCommand => ({ kind: "partner.form" })),
  "partner.create": () =>
    z
      .object({
        name: z
          .string()
          .max(partnerTextMax * 2)
          .optional(),
        regions: rawList,
        industries: rawList,
        products: rawList,
        capacity: rawText(20),
        preferred: rawText(10),
      })
      .transform((input): PartnerAdminCommand => ({ kind: "partner.create", input: defined(input) })),
  "partner.list": () =>
    z.object({ cursor: z.string().max(2000).optional() }).transform(({ cursor }): PartnerAdminCommand => ({
      kind: "partner.list",
      ...(cursor ? { cursor } : {}),
    })),
  "partner.add": () =>
    z
      .object({
        partner: z.string().max(partnerTextMax).optional(),
        person: z.string().max(personTextMax).optional(),
      })
      .transform(({ partner, person }): PartnerAdminCommand => ({
        kind: "partner.add",
        partner: partner?.trim() ?? "",
        person: person?.trim() ?? "",
      })),
} satisfies Record<
  Exclude<PartnerAdminCommand["kind"], "partner.show">,
  () => z.ZodType<PartnerAdminCommand>
>;

// ---------------------------------------------------------------------------------------------------------

function form(
  ctx: FeatureContext,
  values: Readonly<Record<string, unknown>>,
  problems: readonly FieldProblem[],
): View {
  const data = partnerFormView(ctx.view, values, problems);
  return {
    ...(problems.length > 0
      ? { message: partnerProblemsText(ctx.view.t, problems), messageInCard: true }
      : {}),
    card: { name: "partner-form", data, summary: data.title },
  };
}

function listCard(
  ctx: FeatureContext,
  partners: readonly Partner[],
  options: Omit<PartnerListOptions, "canManage">,
): View {
  const data = partnerListView(ctx.view, partners, { canManage: isManager(ctx.actor), ...options });
  return {
    ...(options.notice ? { message: options.notice, messageInCard: true } : {}),
    card: { name: "partner-list", data, summary: options.notice || data.title },
  };
}

async function create(ctx: FeatureContext, input: Readonly<Record<string, unknown>>): Promise<View> {
  const { actor, services, view } = ctx;
  const { t } = view;
  // A rep's typed or forged submission is refused as such, not answered with a form to fill in.
  if (!isManager(actor)) return { message: t.t("partner.forbidden") };
  const parsedInput = parsePartnerInput(input);
  if (!parsedInput.ok) return form(ctx, input, parsedInput.problems);
  const result = await services.partners.create(actor, parsedInput.value);
  if (!result.ok) {
    const { error } = result;
    if (error.code === "invalid") return form(ctx, input, error.fields ?? []);
    if (error.code === "partner.exists") {
      const shown = form(ctx, input, [{ field: "name", problem: "exists", params: error.params ?? {} }]);
      return { ...shown, message: failureText(t, error) };
    }
    return { message: failureText(t, error) };
  }
  const partner = result.value;
  return listCard(ctx, [partner], {
    single: true,
    notice: t.t("partner.created", { ref: partner.ref, name: partner.name }),
  });
}

async function add(
  ctx: FeatureContext,
  command: Extract<PartnerAdminCommand, { kind: "partner.add" }>,
): Promise<View> {
  const { actor, services, turn, view } = ctx;
  const { t } = view;
  // Refused before anybody is looked up: resolving a mention records the person.
  if (!isManager(actor)) return { message: t.t("partner.forbidden") };
  if (!command.partner || !command.person) {
    const addValues = { partner: command.partner, person: command.person };
    if (command.partner) {
      const found = await services.partners.find(actor, command.partner);
      if (!found.ok) return { message: failureText(t, found.error) };
      return listCard(ctx, [found.value], { single: true, add: addValues, notice: t.t("partner.add.open") });
    }
    const page = await services.partners.list(actor);
    if (!page.ok) return { message: failureText(t, page.error) };
    return listCard(ctx, page.value.items, {
      add: addValues,
      ...(page.value.items.length > 0 ? { notice: t.t("partner.add.open") } : {}),
      ...(page.value.cursor ? { cursor: page.value.cursor } : {}),
    });
  }
  const person = await services.directory.resolveUser(
    actor.tenantId,
    { mentions: turn.mentions, roster: turn.roster },
    command.person,
  );
  if (!person.ok) return { message: failureText(t, person.error) };
  const result = await services.partners.addMember(actor, command.partner, person.value);
  if (!result.ok) return { message: failureText(t, result.error) };
  const partner = result.value;
  return listCard(ctx, [partner], {
    single: true,
    notice: t.t("partner.member_added", { name: person.value.name, partner: partner.name }),
  });
}

const handlers: Handlers<PartnerAdminCommand> = {
  "partner.form": async (_command, ctx) => {
    const { actor, view } = ctx;
    const { t } = view;
    if (!isManager(actor)) return { message: t.t("partner.forbidden") };
    return form(ctx, {}, []);
  },
  "partner.create": async (command, ctx) => create(ctx, command.input),
  "partner.list": async (command, ctx) => {
    const { actor, services, view } = ctx;
    const { t } = view;
    const result = await services.partners.list(actor, command.cursor);
    if (!result.ok) return { message: failureText(t, result.error) };
    const own = actor.role === "partner";
    if (own && result.value.items.length === 0) return { message: t.t("partner.no_organisation") };
    return listCard(ctx, result.value.items, {
      own,
      ...(result.value.cursor ? { cursor: result.value.cursor } : {}),
    });
  },
  "partner.show": async (command, ctx) => {
    const { actor, services, view } = ctx;
    const { t } = view;
    const result = await services.partners.find(actor, command.partner);
    if (!result.ok) return { message: failureText(t, result.error) };
    return listCard(ctx, [result.value], { single: true });
  },
  "partner.add": async (command, ctx) => add(ctx, command),
};

/** Partner organisations: `partner new|list|show|add`, the partner form and the list's Add a member. */
export const partnersFeature: Feature<PartnerAdminCommand> = {
  textCommands,
  actions,

  handlers,
};

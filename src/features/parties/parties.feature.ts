import * as z from "zod";
import { splitKeyValues } from "../../kit/parsing/arguments.js";
import type { PartyCommand } from "./commands.js";
import { missing, oneArgument, parsed, usage, staff } from "../../kit/parsing/text-command.js";
import { problemsFromZod } from "../../kit/parsing/zod-problems.js";
import { partyView } from "./party.views.js";
import type { Party } from "../../domain/parties/party.service.js";
import { problemText } from "../../kit/rendering/view-context.js";
import { failureText } from "../../kit/replies/failure-text.js";
import type { Feature, FeatureContext, Handlers, View } from "../../kit/feature.js";

const ref = z.string().trim().min(1).max(20);
const text = (max: number) => z.string().trim().min(1).max(max, { error: "too_long" }).optional();
const yesNo = z
  .enum(["yes", "no", "true", "false", "ja", "nej", "nei"], { error: "yes_no" })
  .transform((v) => ["yes", "true", "ja"].includes(v))
  .optional();

const accountInput = z.object({
  name: z.string().trim().min(1, { error: "required" }).max(160, { error: "too_long" }),
  domain: z
    .string()
    .trim()
    .max(253, { error: "too_long" })
    .regex(/^(https?:\/\/)?([a-z0-9-]+\.)+[a-z]{2,}(\/.*)?$/i, { error: "domain" })
    .optional(),
  industry: text(100),
  customer: yesNo,
});

const contactInput = z.object({
  first: text(100),
  last: text(100),
  company: text(160),
  title: text(100),
  email: z
    .string()
    .trim()
    .max(254, { error: "too_long" })
    .pipe(z.email({ error: "email" }))
    .optional(),
  phone: z
    .string()
    .trim()
    .max(40, { error: "too_long" })
    .regex(/^\+?[0-9 ().\-/]{3,}$/, { error: "phone" })
    .optional(),
  mobile: z
    .string()
    .trim()
    .max(40, { error: "too_long" })
    .regex(/^\+?[0-9 ().\-/]{3,}$/, { error: "phone" })
    .optional(),
  account: text(200),
  kind: z.enum(["person", "company"], { error: "choice" }).default("person"),
  customer: yesNo,
});

const accountKeys = ["domain", "industry", "customer"];
const contactKeys = ["email", "phone", "mobile", "title", "account", "company", "kind", "customer"];

const handlers: Handlers<PartyCommand> = {
  "account.create": async (command, ctx) => {
    const { actor, services, view } = ctx;
    const { t } = view;
    const input = accountInput.safeParse(command.input);
    if (!input.success) return invalid(ctx, problemsFromZod(input.error));
    const { customer, ...fields } = input.data;
    const result = await services.parties.createAccount(actor, {
      ...fields,
      isCustomer: customer ?? false,
    });
    if (!result.ok) return { message: failureText(t, result.error) };
    return partyCard(
      ctx,
      { kind: "account", account: result.value },
      t.t("party.created", { ref: result.value.ref }),
    );
  },
  "contact.create": async (command, ctx) => {
    const { actor, services, view } = ctx;
    const { t } = view;
    const input = contactInput.safeParse(command.input);
    if (!input.success) return invalid(ctx, problemsFromZod(input.error));
    const i = input.data;
    const result = await services.parties.createContact(actor, {
      kind: i.kind,
      ...(i.first ? { firstName: i.first } : {}),
      ...(i.last ? { lastName: i.last } : {}),
      ...(i.company ? { companyName: i.company } : {}),
      ...(i.title ? { jobTitle: i.title } : {}),
      ...(i.email ? { email: i.email } : {}),
      ...(i.phone ? { businessPhone: i.phone } : {}),
      ...(i.mobile ? { mobilePhone: i.mobile } : {}),
      ...(i.account ? { account: i.account } : {}),
      isCustomer: i.customer ?? false,
    });
    if (!result.ok) return { message: failureText(t, result.error) };
    return partyCard(
      ctx,
      { kind: "contact", contact: result.value },
      t.t("party.created", { ref: result.value.ref }),
    );
  },
  "party.show": async (command, ctx) => {
    const { actor, services, view } = ctx;
    const { t } = view;
    const result = await services.parties.show(actor, command.ref);
    return result.ok ? partyCard(ctx, result.value) : { message: failureText(t, result.error) };
  },
  "party.customer": async (command, ctx) => {
    const { actor, services, view } = ctx;
    const { t } = view;
    const result = await services.parties.markCustomer(actor, command.ref, command.isCustomer);
    if (!result.ok) return { message: failureText(t, result.error) };
    const partyRef = result.value.kind === "account" ? result.value.account.ref : result.value.contact.ref;
    const notice = t.t(command.isCustomer ? "party.now_customer" : "party.no_longer_customer", {
      ref: partyRef,
    });
    return partyCard(ctx, result.value, notice);
  },
};

/** Accounts and contacts: create, show, and mark as customer (orders need a customer). */
export const partiesFeature: Feature<PartyCommand> = {
  textCommands: [
    {
      name: "account new",
      usage: "account new ‹name› [domain=‹web domain›] [industry=‹industry›] [customer=yes]",
      roles: staff,
      parse(args) {
        const split = splitKeyValues(args, accountKeys);
        if (!split.ok) return { ok: false, error: split.error };
        if (split.args.words.length === 0) return missing("account new");
        return parsed({
          kind: "account.create",
          input: { ...split.args.values, name: split.args.words.join(" ") },
        });
      },
    },
    {
      name: "contact new",
      usage:
        "contact new ‹first› ‹last› [email=] [phone=] [mobile=] [title=] [account=] [kind=person|company] [customer=yes]",
      roles: staff,
      parse(args) {
        const split = splitKeyValues(args, contactKeys);
        if (!split.ok) return { ok: false, error: split.error };
        const words = split.args.words;
        if (words.length === 0) return missing("contact new");
        const isCompany = split.args.values.kind?.toLowerCase() === "company";
        const names = isCompany
          ? { company: words.join(" ") }
          : words.length === 1
            ? { last: words[0] }
            : { first: words.slice(0, -1).join(" "), last: words.at(-1) };
        return parsed({ kind: "contact.create", input: { ...split.args.values, ...names } });
      },
    },
    {
      name: "account show",
      usage: "account show ‹A-ref›",
      roles: staff,
      parse: oneArgument("account show", (r) => ({ kind: "party.show", ref: r })),
    },
    {
      name: "contact show",
      usage: "contact show ‹C-ref›",
      roles: staff,
      parse: oneArgument("contact show", (r) => ({ kind: "party.show", ref: r })),
    },
    {
      name: "customer",
      usage: "customer ‹A-ref|C-ref› [yes|no]",
      roles: staff,
      parse(args) {
        const [target, answer, ...rest] = args;
        if (target === undefined) return missing("customer");
        if (rest.length > 0)
          return usage("customer", { code: "reply.extra_argument", params: { token: rest.join(" ") } });
        const value = (answer ?? "yes").toLowerCase();
        if (value !== "yes" && value !== "no") {
          return usage("customer", {
            code: "reply.bad_choice",
            params: { value: answer ?? "", choices: "yes, no" },
          });
        }
        return parsed({ kind: "party.customer", ref: target, isCustomer: value === "yes" });
      },
    },
  ],

  actions: {
    "party.show": () => z.object({ ref }).transform(({ ref }): PartyCommand => ({ kind: "party.show", ref })),
    "party.customer": () =>
      z
        .object({ ref, isCustomer: z.boolean() })
        .transform(({ ref, isCustomer }): PartyCommand => ({ kind: "party.customer", ref, isCustomer })),
  },

  handlers,
};

function invalid(ctx: FeatureContext, problems: ReturnType<typeof problemsFromZod>): View {
  const { t } = ctx.view;
  return { message: t.t("reply.invalid", { problems: problems.map((p) => problemText(t, p)).join(" ") }) };
}

function partyCard(ctx: FeatureContext, party: Party, notice = ""): View {
  const data = partyView(ctx.view, party, notice, ctx.actor.role !== "partner");
  return {
    card: { name: "party", data, summary: notice || data.title },
    ...(notice ? { message: notice, messageInCard: true } : {}),
  };
}

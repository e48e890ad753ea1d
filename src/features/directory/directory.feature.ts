import * as z from "zod";
import { failureText } from "../../kit/replies/failure-text.js";
import { roleFormView, roleHoldersText, roleProblemText } from "./directory.views.js";
import type { DirectoryCommand } from "./commands.js";
import { parseGrantInput, personTextMax, splitRoleArguments } from "./directory.input.js";
import {
  extra,
  noArguments,
  parsed,
  usage,
  type TextCommand,
  managers,
} from "../../kit/parsing/text-command.js";
import type { DirectoryUser } from "../../domain/directory/directory.js";
import type { RoleHolders } from "../../domain/directory/directory.service.js";
import { directoryLimits } from "../../domain/directory/directory.rules.js";
import type { Failure, FieldProblem } from "../../domain/shared/result.js";
import { stoppedBy } from "../../domain/shared/ports.js";
import type { Feature, FeatureContext, Handlers, View } from "../../kit/feature.js";

// ---------------------------------------------------------------------------------------------------------
// Text commands: `role ‹person› ‹role›`, `role list`. Without a person or a role, `role` opens the form.

const textCommands: readonly TextCommand<DirectoryCommand>[] = [
  {
    name: "role",
    usage: "role @user admin|manager|rep|partner=‹partner name›",
    roles: ["admin"],
    parse(args) {
      const split = splitRoleArguments(args);
      if (!split.ok) return extra("role", [split.extra]);
      const { user, role, partner } = split.args;
      if (!user || role === undefined) {
        return parsed({
          kind: "role.form",
          ...(user ? { user } : {}),
          ...(role ? { role } : {}),
          ...(partner ? { partner } : {}),
        });
      }
      if (user.length > personTextMax)
        return usage("role", { code: "reply.too_long", params: { length: user.length, max: personTextMax } });
      return parsed({ kind: "role.grant", user, role, ...(partner !== undefined ? { partner } : {}) });
    },
  },
  {
    name: "role list",
    usage: "role list",
    roles: managers,
    parse: noArguments("role list", { kind: "role.list" }),
  },
];

// ---------------------------------------------------------------------------------------------------------
// Card verbs. Values stay raw (the grant input schema reads them when the command runs, so the form can show
// each problem next to its input); shapes and sizes are checked here.

const raw = (max: number) => z.string().max(max).optional();

const actions = {
  "role.form": () => z.object({}).transform((): DirectoryCommand => ({ kind: "role.form" })),
  "role.grant": () =>
    z
      .object({ user: raw(personTextMax), role: raw(40), partner: raw(directoryLimits.partnerName * 2) })
      .transform(({ user, role, partner }): DirectoryCommand => ({
        kind: "role.grant",
        user: user ?? "",
        role: role ?? "",
        ...(partner !== undefined ? { partner } : {}),
      })),
  "role.list": () => z.object({}).transform((): DirectoryCommand => ({ kind: "role.list" })),
} satisfies Record<DirectoryCommand["kind"], () => z.ZodType<DirectoryCommand>>;

// ---------------------------------------------------------------------------------------------------------

function explain(ctx: FeatureContext, failure: Failure): string {
  const { t } = ctx.view;
  if (failure.code === "forbidden") return t.t("role.forbidden");
  if (failure.code === "invalid") return (failure.fields ?? []).map((p) => roleProblemText(t, p)).join(" ");
  return failureText(t, failure);
}

/** The form, with the directory's people to choose from (and the chosen one, if the directory lists more). */
async function form(
  ctx: FeatureContext,
  values: { readonly user?: string; readonly role?: string; readonly partner?: string },
  problems: readonly FieldProblem[] = [],
  chosen?: DirectoryUser,
): Promise<View> {
  const { actor, services, view } = ctx;
  const candidates = await services.directory.grantCandidates(actor);
  if (!candidates.ok) return { message: explain(ctx, candidates.error) };
  const users =
    chosen && !candidates.value.some((u) => u.userId === chosen.userId)
      ? [chosen, ...candidates.value]
      : candidates.value;
  const data = roleFormView(view, users, { ...values, ...(chosen ? { user: chosen.userId } : {}) }, problems);
  return {
    ...(problems.length > 0
      ? { message: problems.map((p) => roleProblemText(view.t, p)).join(" "), messageInCard: true }
      : {}),
    card: { name: "role-form", data, summary: data.title },
  };
}

async function grant(
  ctx: FeatureContext,
  command: Extract<DirectoryCommand, { kind: "role.grant" }>,
): Promise<View> {
  const { actor, services, turn, view } = ctx;
  const { t } = view;
  const directory = services.directory;
  // Refused before the person is looked up: resolving a mention records them, and a refusal changes nothing.
  if (!directory.mayGrant(actor)) return { message: t.t("role.forbidden") };
  const input = parseGrantInput({ user: command.user, role: command.role, partner: command.partner });
  if (!input.ok) return form(ctx, command, input.problems);
  const target = await directory.resolveUser(
    actor.tenantId,
    { mentions: turn.mentions, roster: turn.roster },
    input.value.user,
  );
  if (!target.ok) return { message: explain(ctx, target.error) };
  const { role, partner } = input.value;
  const roleName = t.t(`role.${role}`);
  // A partner role is membership of a partner organisation that exists: the partner service binds the role
  // to its ref and lists the person among its members.
  if (role === "partner") {
    const joined = await services.partners.addMember(actor, partner ?? "", target.value);
    if (!joined.ok) {
      const sentences = [explain(ctx, joined.error)];
      // An admin may mean to turn one of the vendor's managers into a partner user: say how.
      if (
        joined.error.code === "partner.member_is_staff" &&
        !directory.isConfiguredAdmin(actor.tenantId, target.value.userId)
      )
        sentences.push(t.t("role.partner_from_staff", { name: target.value.name }));
      return { message: sentences.join(" ") };
    }
    return {
      message: t.t("role.granted_partner", {
        name: target.value.name,
        role: roleName,
        partner: joined.value.name,
      }),
    };
  }
  const formerPartner = target.value.role === "partner" ? target.value.partner : undefined;
  const result = await directory.grant(actor, target.value, role);
  if (!result.ok) return { message: explain(ctx, result.error) };
  const user = result.value;
  const sentences = [t.t("role.granted", { name: user.name, role: roleName })];
  // Someone who no longer acts for a partner is no longer one of its members. The role is granted already:
  // a storage failure here is told as what it is, not as "nothing was changed".
  if (formerPartner) {
    try {
      await services.partners.removeMember(actor, formerPartner, user.userId);
    } catch (error) {
      if (!stoppedBy(error)) throw error;
      sentences.push(t.t("role.partner_list_stale", { name: user.name, partner: formerPartner }));
    }
  }
  if (directory.isConfiguredAdmin(actor.tenantId, user.userId))
    sentences.push(t.t("role.config_admin", { name: user.name }));
  return { message: sentences.join(" ") };
}

/** Partner users are bound to a partner's ref ("P-1001"); `role list` names the partner instead. */
async function withPartnerNames(ctx: FeatureContext, holders: RoleHolders): Promise<RoleHolders> {
  const refs = [
    ...new Set(holders.granted.flatMap((u) => (u.role === "partner" && u.partner ? [u.partner] : []))),
  ];
  const names = new Map<string, string>();
  for (const ref of refs) {
    const partner = await ctx.services.partners.get(ctx.actor.tenantId, ref);
    if (partner) names.set(ref, partner.name);
  }
  return {
    ...holders,
    granted: holders.granted.map((u) => {
      const name = u.partner ? names.get(u.partner) : undefined;
      return name ? { ...u, partner: name } : u;
    }),
  };
}

const handlers: Handlers<DirectoryCommand> = {
  "role.list": async (_command, ctx) => {
    const { actor, services, view } = ctx;
    const { t } = view;
    const holders = await services.directory.roleHolders(actor);
    if (!holders.ok) return { message: t.t("role.list_forbidden") };
    return { message: roleHoldersText(view, await withPartnerNames(ctx, holders.value)) };
  },
  "role.form": async (command, ctx) => {
    const { actor, services, turn, view } = ctx;
    const { t } = view;
    if (!services.directory.mayGrant(actor)) return { message: t.t("role.forbidden") };
    const values = {
      ...(command.role ? { role: command.role } : {}),
      ...(command.partner ? { partner: command.partner } : {}),
    };
    if (!command.user) return form(ctx, values);
    const target = await services.directory.resolveUser(
      actor.tenantId,
      { mentions: turn.mentions, roster: turn.roster },
      command.user,
    );
    if (!target.ok) {
      const shown = await form(ctx, values);
      return { ...shown, message: explain(ctx, target.error) };
    }
    return form(ctx, values, [], target.value);
  },
  "role.grant": async (command, ctx) => grant(ctx, command),
};

/** Roles: an admin gives someone a role (text or form); managers and admins see who holds which. */
export const directoryFeature: Feature<DirectoryCommand> = {
  textCommands,
  actions,

  handlers,
};

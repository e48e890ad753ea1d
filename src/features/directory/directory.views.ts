import type { DirectoryUser } from "../../domain/directory/directory.js";
import type { RoleHolders } from "../../domain/directory/directory.service.js";
import { describeUser, grantedRoles } from "../../domain/directory/directory.rules.js";
import type { FieldProblem } from "../../domain/shared/result.js";
import type { Translator } from "../../i18n/index.js";
import type { ViewContext } from "../../kit/rendering/view-context.js";

const roleFormFields = ["user", "role", "partner"] as const;
type RoleFormField = (typeof roleFormFields)[number];

/** One sentence for a problem with the role form's inputs (or the same words typed). */
export function roleProblemText(t: Translator, problem: FieldProblem): string {
  const value = String(problem.params?.value ?? "");
  const max = Number(problem.params?.max ?? 0);
  switch (problem.field) {
    case "user":
      return problem.problem === "too_long"
        ? t.t("problem.too_long", { field: t.t("role.form.user"), max })
        : t.t("role.user_required");
    case "role":
      return problem.problem === "required" ? t.t("role.role_required") : t.t("role.bad_role", { value });
    case "partner":
      return problem.problem === "too_long"
        ? t.t("role.partner_too_long", { max })
        : t.t("role.partner_required");
    default:
      return t.t("role.user_required");
  }
}

/** The role form: a person from the directory, the role, and the partner for the partner role. */
export function roleFormView(
  ctx: ViewContext,
  users: readonly DirectoryUser[],
  values: { readonly user?: string; readonly role?: string; readonly partner?: string } = {},
  problems: readonly FieldProblem[] = [],
) {
  const { t } = ctx;
  const label = (field: RoleFormField) => t.t(`role.form.${field}`);
  return {
    title: t.t("role.form.title"),
    intro: t.t("role.form.intro"),
    errorSummary: problems.length > 0 ? t.t("role.form.errors") : "",
    labels: {
      user: label("user"),
      userPlaceholder: t.t("role.form.user_placeholder"),
      role: label("role"),
      partner: label("partner"),
      submit: t.t("role.form.submit"),
    },
    required: { user: t.t("role.user_required"), role: t.t("role.role_required") },
    values: {
      user: values.user ?? "",
      role: values.role?.toLowerCase() ?? "",
      partner: values.partner ?? "",
    },
    errors: Object.fromEntries(
      roleFormFields.map((f) => {
        const problem = problems.find((p) => p.field === f);
        return [f, problem ? roleProblemText(t, problem) : ""];
      }),
    ) as Record<RoleFormField, string>,
    users: users.map((u) => ({ title: describeUser(u), value: u.userId })),
    roles: grantedRoles.map((role) => ({ title: t.t(`role.${role}`), value: role })),
  };
}

/** `role list` as lines of text: the configured admins, then each granted role with who gave it and when. */
export function roleHoldersText(ctx: ViewContext, holders: RoleHolders): string {
  const { t } = ctx;
  const lines: string[] = [];
  if (holders.configured.length > 0) {
    const names = holders.configured.map((a) => a.name ?? a.userId).join(", ");
    lines.push(t.t("role.list.configured", { names }));
  }
  for (const user of holders.granted) {
    if (!user.role) continue;
    const role = t.t(`role.${user.role}`);
    const entry =
      user.role === "partner" && user.partner
        ? t.t("role.list.entry_partner", { name: describeUser(user), role, partner: user.partner })
        : t.t("role.list.entry", { name: describeUser(user), role });
    const by =
      user.grantedBy && user.grantedAt
        ? ` — ${t.t("role.list.by", { by: user.grantedBy.name, date: user.grantedAt.slice(0, 10) })}`
        : "";
    lines.push(`${entry}${by}`);
  }
  if (holders.granted.length === 0) lines.push(t.t("role.list.none"));
  return lines.join("\n");
}

import { roleFormView, roleProblemText } from "../../src/features/directory/directory.views.js";
import type { ViewContext } from "../../src/kit/rendering/view-context.js";
import type { DirectoryUser } from "../../src/domain/directory/directory.js";
import { directoryLimits } from "../../src/domain/directory/directory.rules.js";
import type { FieldProblem } from "../../src/domain/shared/result.js";
import type { CardSample } from "./cycle-card-samples.js";

/**
 * Samples of the role form for test/cards.test.ts: a few people, the most the form lists with the longest
 * names, and the form showing problems. Fixed data only.
 */

const person = (n: number, name: string, extra: Partial<DirectoryUser> = {}): DirectoryUser => ({
  tenantId: "tenant-a",
  userId: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
  teamsId: `29:user-${n}`,
  name,
  external: false,
  lastSeenAt: "2026-11-23T09:30:00.000Z",
  ...extra,
});

export const directoryPeople: readonly DirectoryUser[] = [
  person(1, "Ann Berg", { email: "ann@contoso.com", role: "admin" }),
  person(2, "Bo Lind", { email: "bo@contoso.com" }),
  person(3, "Gitte Gæst", { external: true }),
];

const most = Array.from({ length: directoryLimits.formUsers }, (_, i) =>
  person(100 + i, `${"Maximiliane Sørensen-Åkerlund ".repeat(3).trim()} ${i + 1}`, {
    email: `maximiliane.sorensen-akerlund.${i + 1}@subsidiary.contoso-nordic.example.com`,
  }),
);

export function directoryCardSamples(ctx: ViewContext): CardSample[] {
  const { t } = ctx;
  const problems: FieldProblem[] = [
    { field: "user", problem: "required" },
    { field: "role", problem: "choice", params: { value: "boss" } },
    { field: "partner", problem: "too_long", params: { max: directoryLimits.partnerName } },
  ];
  return [
    {
      card: "role-form",
      variant: "three people, none chosen",
      data: roleFormView(ctx, directoryPeople),
      verbs: ["role.grant"],
      shows: [t.t("role.form.title"), "Bo Lind (bo@contoso.com)", t.t("role.manager")],
    },
    {
      card: "role-form",
      variant: "the most people with the longest names, one chosen as partner",
      data: roleFormView(ctx, most, {
        user: most[0]?.userId ?? "",
        role: "partner",
        partner: "Nordic Partners A/S",
      }),
      verbs: ["role.grant"],
      shows: ["Nordic Partners A/S"],
    },
    {
      card: "role-form",
      variant: "with problems",
      data: roleFormView(ctx, directoryPeople, { role: "boss", partner: "x".repeat(101) }, problems),
      verbs: ["role.grant"],
      shows: [t.t("role.form.errors"), ...problems.map((p) => roleProblemText(t, p))],
    },
  ];
}

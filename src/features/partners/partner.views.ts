import { partnerInputKeys } from "./partner.input.js";
import { partnerLimits, type Partner } from "../../domain/partners/partner.js";
import type { FieldProblem } from "../../domain/shared/result.js";
import type { Translator } from "../../i18n/index.js";
import type { ViewContext } from "../../kit/rendering/view-context.js";

/** The form's inputs, under the names `partner new … key=value` uses. */
export const partnerFormFields = partnerInputKeys;
type PartnerFormField = (typeof partnerFormFields)[number];

const isFormField = (field: string): field is PartnerFormField =>
  (partnerFormFields as readonly string[]).includes(field);

const fieldLabel = (t: Translator, field: string): string =>
  isFormField(field) ? t.t(`partner.field.${field}`) : field;

/** One sentence for a problem with a partner's profile, typed or on the form. */
export function partnerProblemText(t: Translator, problem: FieldProblem): string {
  const params = { field: fieldLabel(t, problem.field), ...problem.params };
  switch (problem.problem) {
    case "required":
      return t.t("problem.required", params);
    case "too_long":
      return problem.field === "name"
        ? t.t("problem.too_long", params)
        : t.t("partner.problem.value_too_long", params);
    case "list_too_long":
      return t.t("partner.problem.list_too_long", params);
    case "too_many":
      return t.t("problem.too_many", params);
    case "partner_name":
      return t.t("partner.problem.name", { value: "", ...params });
    case "range":
      return t.t("partner.problem.range", params);
    case "yes_no":
      return t.t("partner.problem.yes_no", params);
    case "exists":
      return t.t("partner.exists", { name: "", ...params });
    default:
      return t.t("problem.text", params);
  }
}

export const partnerProblemsText = (t: Translator, problems: readonly FieldProblem[]): string =>
  problems.map((p) => partnerProblemText(t, p)).join(" ");

const text = (v: unknown): string =>
  typeof v === "string"
    ? v
    : Array.isArray(v)
      ? v.filter((x) => typeof x === "string").join(", ")
      : typeof v === "number"
        ? String(v)
        : "";

const numberOrNull = (v: unknown): number | null => {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && /^\s*\d{1,9}\s*$/u.test(v)) return Number(v);
  return null;
};

const toggle = (v: unknown): "yes" | "no" =>
  v === true || (typeof v === "string" && ["yes", "true", "on", "1"].includes(v.trim().toLowerCase()))
    ? "yes"
    : "no";

/** `partner new` without arguments, or with problems to correct: every input of a partner's profile. */
export function partnerFormView(
  ctx: ViewContext,
  values: Readonly<Record<string, unknown>> = {},
  problems: readonly FieldProblem[] = [],
) {
  const { t } = ctx;
  const record = <T>(make: (field: PartnerFormField) => T) =>
    Object.fromEntries(partnerFormFields.map((f) => [f, make(f)])) as Record<PartnerFormField, T>;
  return {
    title: t.t("partner.form.title"),
    intro: t.t("partner.form.intro"),
    errorSummary: problems.length > 0 ? t.t("partner.form.errors") : "",
    labels: {
      ...record((f) => fieldLabel(t, f)),
      preferredTitle: t.t("partner.form.preferred_title"),
      submit: t.t("partner.form.submit"),
    },
    placeholders: {
      name: "Fabrikam",
      regions: t.t("partner.form.placeholder.regions"),
      industries: t.t("partner.form.placeholder.industries"),
      products: t.t("partner.form.placeholder.products"),
    },
    required: { name: t.t("problem.required", { field: fieldLabel(t, "name") }) },
    values: {
      name: text(values.name),
      regions: text(values.regions),
      industries: text(values.industries),
      products: text(values.products),
      capacity: Object.hasOwn(values, "capacity")
        ? numberOrNull(values.capacity)
        : partnerLimits.defaultCapacity,
      preferred: toggle(values.preferred),
    },
    errors: record((f) => {
      const problem = problems.find((p) => p.field === f);
      return problem ? partnerProblemText(t, problem) : "";
    }),
    maxName: partnerLimits.name,
    maxCapacity: partnerLimits.maxCapacity,
  };
}

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Values joined until about `budget` characters, then "and N more": a partner's lists may hold 20 values of
 * 60 characters and 200 members, more than a card of 25 partners has room for.
 */
function joined(t: Translator, values: readonly string[], budget: number): string {
  const shown: string[] = [];
  let length = 0;
  for (const value of values) {
    if (shown.length > 0 && length + value.length + 2 > budget) break;
    shown.push(value);
    length += value.length + 2;
  }
  const rest = values.length - shown.length;
  const list = shown.join(", ");
  return rest > 0 ? t.t("partner.list.and_more", { values: list, count: rest }) : list;
}

export interface PartnerListOptions {
  /** Managers and admins: the New partner and Add a member buttons. */
  readonly canManage: boolean;
  /** A partner user sees their own organisation only. */
  readonly own?: boolean;
  /** One partner (`partner show`, or the one just created or staffed). */
  readonly single?: boolean;
  readonly cursor?: string;
  /** A sentence above the list (what just happened). */
  readonly notice?: string;
  /** `partner add` without a partner or a person: the Add a member inputs are shown open, prefilled. */
  readonly add?: { readonly partner?: string; readonly person?: string };
}

/** Partner organisations with their profile, inbox channel and members; 25 a page. */
export function partnerListView(ctx: ViewContext, partners: readonly Partner[], options: PartnerListOptions) {
  const { t } = ctx;
  const none = t.t("partner.list.none");
  const [first] = partners;
  const title =
    options.single && first
      ? t.t("partner.show.title", { ref: first.ref, name: first.name })
      : t.t(options.own ? "partner.list.title_own" : "partner.list.title");
  const canAdd = options.canManage && partners.length > 0;
  const addPartner = options.add?.partner ?? "";
  const chosen = partners.find(
    (p) => p.ref === addPartner.toUpperCase() || p.name.toLowerCase() === addPartner.trim().toLowerCase(),
  );
  return {
    notice: options.notice ?? "",
    title,
    emptyText: t.t(options.canManage ? "partner.list.empty_manager" : "partner.list.empty"),
    cursor: options.cursor ?? "",
    canManage: options.canManage,
    canAdd,
    addOpen: canAdd && options.add !== undefined,
    items: partners.map((p) => ({
      heading: `${p.ref} · ${p.name}`,
      preferredText: p.preferred ? t.t("partner.list.preferred") : "",
      facts: [
        { title: t.t("partner.field.regions"), value: joined(t, p.regions, 100) || none },
        { title: t.t("partner.field.industries"), value: joined(t, p.industries, 100) || none },
        { title: t.t("partner.field.products"), value: joined(t, p.products, 100) || none },
        { title: t.t("partner.field.capacity"), value: String(p.capacity) },
        ...(p.inbox
          ? [{ title: t.t("partner.list.inbox"), value: p.inbox.name ?? t.t("partner.list.inbox_unnamed") }]
          : []),
        {
          title: t.t("partner.list.members"),
          value:
            joined(
              t,
              p.members.map((m) => m.name),
              120,
            ) || t.t("partner.list.no_members"),
        },
      ],
    })),
    partnerChoices: partners.map((p) => ({ title: `${clip(p.name, 60)} (${p.ref})`, value: p.ref })),
    addValues: { partner: chosen?.ref ?? first?.ref ?? "", person: options.add?.person ?? "" },
    labels: {
      more: t.t("partner.list.more"),
      newPartner: t.t("partner.list.new"),
      addMember: t.t("partner.add.title"),
      partner: t.t("partner.add.partner"),
      person: t.t("partner.add.person"),
      personPlaceholder: t.t("partner.add.person_placeholder"),
      add: t.t("partner.add.submit"),
      partnerRequired: t.t("partner.required"),
      personRequired: t.t("directory.user_required"),
    },
  };
}

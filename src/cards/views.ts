import type { CommandInfo, Role } from "../commands/catalog.js";
import {
  contactMethods,
  leadDisplayName,
  leadSources,
  type Lead,
  type LeadStatus,
} from "../domain/leads/lead.js";
import type { FieldProblem } from "../domain/shared/result.js";
import type { MessageKey, Translator } from "../i18n/index.js";

/**
 * View models: plain data for the card templates, every text already translated and every key the template
 * reads present (an absent key would be left in the card as literal `${…}`).
 */

export interface ViewContext {
  readonly t: Translator;
  /** The user's IANA time zone (Teams sends it as localTimezone); UTC when unknown. */
  readonly timeZone?: string;
  readonly locale?: string;
}

export function formatDateTime(iso: string, ctx: ViewContext): string {
  const date = new Date(iso);
  const options: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" };
  try {
    return new Intl.DateTimeFormat(ctx.locale ?? "en-GB", {
      ...options,
      timeZone: ctx.timeZone ?? "UTC",
    }).format(date);
  } catch {
    // An unknown time zone or locale from the client must not break the card.
    return new Intl.DateTimeFormat("en-GB", { ...options, timeZone: "UTC" }).format(date);
  }
}

const roleText = (t: Translator, role: Role) => t.t("help.role", { role: t.t(`role.${role}`) });

export function welcomeView(ctx: ViewContext, scope: "personal" | "team", role: Role) {
  const { t } = ctx;
  return {
    title: t.t("welcome.title"),
    text: t.t(scope === "personal" ? "welcome.personal" : "welcome.team"),
    roleText: roleText(t, role),
    labels: { newLead: t.t("welcome.newLead"), help: t.t("welcome.help") },
  };
}

export function helpView(ctx: ViewContext, commands: readonly CommandInfo[], role: Role, inChannel: boolean) {
  const { t } = ctx;
  return {
    title: t.t("help.title"),
    intro: inChannel ? t.t("help.channel", { example: "lead list" }) : t.t("help.personal"),
    roleText: roleText(t, role),
    commands: commands.map((c) => {
      const key = `command.${c.name}`;
      return { usage: c.usage, description: t.has(key) ? t.t(key) : c.description };
    }),
    canCreateLead: commands.some((c) => c.name === "lead new"),
    labels: { newLead: t.t("welcome.newLead") },
  };
}

export const leadFormFields = [
  "topic",
  "first",
  "last",
  "company",
  "title",
  "email",
  "phone",
  "mobile",
  "source",
  "industry",
  "contactmethod",
  "currency",
] as const;
type LeadFormField = (typeof leadFormFields)[number];

const fieldLabel = (t: Translator, field: string): string => {
  const key = `lead.field.${field}`;
  return t.has(key) ? t.t(key) : field;
};

/** One sentence per problem, e.g. "Email must be an email address, like ann@contoso.com." */
export function problemText(t: Translator, problem: FieldProblem): string {
  const key = `problem.${problem.problem}`;
  const params = { field: fieldLabel(t, problem.field), ...problem.params };
  return t.has(key) ? t.t(key as MessageKey, params) : t.t("problem.text", params);
}

export function leadFormView(
  ctx: ViewContext,
  values: Readonly<Record<string, unknown>> = {},
  problems: readonly FieldProblem[] = [],
) {
  const { t } = ctx;
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  const record = <T>(make: (field: LeadFormField) => T) =>
    Object.fromEntries(leadFormFields.map((f) => [f, make(f)])) as Record<LeadFormField, T>;
  return {
    title: t.t("lead.form.title"),
    intro: t.t("lead.form.intro"),
    errorSummary: problems.length > 0 ? t.t("lead.form.errors") : "",
    submitLabel: t.t("lead.form.submit"),
    labels: record((f) => fieldLabel(t, f)),
    values: record((f) => text(values[f])),
    errors: record((f) => {
      const problem = problems.find((p) => p.field === f);
      return problem ? problemText(t, problem) : "";
    }),
    requiredText: record((f) => t.t("problem.required", { field: fieldLabel(t, f) })),
    placeholders: record((f) =>
      f === "email" ? "ann@contoso.com" : f === "currency" ? "EUR" : f === "topic" ? "Website redesign" : "",
    ),
    sourceChoices: leadSources.map((s) => ({ value: s, title: t.t(`lead.source.${s}`) })),
    contactMethodChoices: contactMethods.map((m) => ({ value: m, title: t.t(`lead.contactmethod.${m}`) })),
  };
}

const statusColor: Readonly<Record<LeadStatus, string>> = {
  open: "Accent",
  qualified: "Good",
  disqualified: "Warning",
};

export function leadView(ctx: ViewContext, lead: Lead, notice = "") {
  const { t } = ctx;
  const facts: { title: string; value: string }[] = [];
  const add = (field: string, value: string | undefined) => {
    if (value) facts.push({ title: fieldLabel(t, field), value });
  };
  add("company", lead.company);
  add("title", lead.jobTitle);
  add("email", lead.email);
  add("phone", lead.businessPhone);
  add("mobile", lead.mobilePhone);
  add("source", lead.source && t.t(`lead.source.${lead.source}`));
  add("industry", lead.industry);
  add("contactmethod", lead.contactMethod && t.t(`lead.contactmethod.${lead.contactMethod}`));
  add("currency", lead.currency);
  add("owner", lead.owner.name);
  add("created", `${formatDateTime(lead.createdAt, ctx)} · ${lead.createdBy.name}`);
  return {
    notice,
    ref: lead.ref,
    topic: lead.topic,
    contactLine: [lead.firstName, lead.lastName].filter(Boolean).join(" "),
    statusText: t.t(`lead.status.${lead.status}`),
    statusColor: statusColor[lead.status],
    facts,
    timeline: lead.timeline
      .slice(-5)
      .reverse()
      .map((e) => ({ heading: `${e.by.name} · ${formatDateTime(e.at, ctx)}`, text: e.text })),
    labels: { timeline: t.t("lead.card.timeline"), noTimeline: t.t("lead.card.noTimeline") },
  };
}

export function leadListView(
  ctx: ViewContext,
  status: LeadStatus | "all",
  leads: readonly Lead[],
  cursor: string | undefined,
) {
  const { t } = ctx;
  return {
    title: t.t(`lead.list.title.${status}`),
    emptyText: t.t("lead.list.empty"),
    moreLabel: t.t("lead.list.more"),
    openLabel: t.t("lead.list.open"),
    status,
    cursor: cursor ?? "",
    items: leads.map((lead) => ({
      ref: lead.ref,
      topic: lead.topic,
      detail: [leadDisplayName(lead), lead.owner.name].filter(Boolean).join(" · "),
      statusText: t.t(`lead.status.${lead.status}`),
      statusColor: statusColor[lead.status],
    })),
  };
}

import { createNewChoice, leadInputKeys } from "./lead.input.js";
import {
  fieldLabel,
  formatDateTime,
  problemText,
  recordLink,
  type ViewContext,
} from "../../kit/rendering/view-context.js";
import {
  contactMethods,
  leadDisplayName,
  leadSources,
  type Lead,
  type LeadRow,
  type LeadStatus,
} from "../../domain/leads/lead.js";
import type { DuplicateWarning } from "../../domain/leads/lead.qualification.js";
import type { FieldProblem } from "../../domain/shared/result.js";
import { fixedTexts } from "../../kit/rendering/fixed-texts.js";

/** The form shows every lead input, under the same names as `lead new key=value` uses. */
export const leadFormFields = leadInputKeys;
type LeadFormField = (typeof leadFormFields)[number];

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

/** What the viewer may do with a lead; decided by the domain's rules, shown as the card's buttons. */
export interface LeadCardOptions {
  readonly mayChange: boolean;
  readonly mayNote: boolean;
  readonly defaultCurrency: string;
  /** The tenant setting: the user chooses which records qualifying creates. */
  readonly chooseRecords: boolean;
}

const noLeadActions: LeadCardOptions = {
  mayChange: false,
  mayNote: false,
  defaultCurrency: "EUR",
  chooseRecords: false,
};

export function leadView(
  ctx: ViewContext,
  lead: Lead,
  notice = "",
  options: LeadCardOptions = noLeadActions,
) {
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
  const links: { title: string; value: string }[] = [];
  const linked = [lead.accountRef, lead.contactRef].filter(Boolean).join(", ");
  if (linked && lead.status !== "qualified") links.push({ title: t.t("lead.card.linked"), value: linked });
  const q = lead.qualification;
  if (q && lead.status === "qualified") {
    const into = [q.opportunityRef, q.accountRef, q.contactRef].filter(Boolean).join(", ");
    links.push({ title: t.t("lead.card.qualifiedInto"), value: into });
  }
  const open = lead.status === "open";
  return {
    notice,
    ref: lead.ref,
    link: recordLink(ctx, lead.ref),
    revision: lead.revision,
    // What the buttons submit, each put into its button whole (one expression, not one per field); frozen, so
    // the renderer hands them over as they are (a Map would be sent as {}).
    buttonData: Object.freeze({ ref: lead.ref, revision: lead.revision }),
    qualifyData: Object.freeze({ refs: Object.freeze([lead.ref]), revision: lead.revision }),
    refData: Object.freeze({ ref: lead.ref }),
    topic: lead.topic,
    contactLine: [lead.firstName, lead.lastName].filter(Boolean).join(" "),
    statusText: t.t(`lead.status.${lead.status}`),
    statusColor: statusColor[lead.status],
    facts,
    links,
    disqualifiedText:
      lead.status === "disqualified" && lead.disqualifyReason
        ? t.t("lead.card.disqualified", { reason: lead.disqualifyReason })
        : "",
    stakeholders: lead.stakeholders.map((s) => ({
      name: `${s.name} (${s.contactRef})`,
      role: t.t(`stakeholder.role.${s.role}`),
    })),
    timeline: lead.timeline
      .slice(-5)
      .reverse()
      .map((e) => ({
        heading: `${t.t(`timeline.kind.${e.kind}`)} · ${e.by.name} · ${formatDateTime(e.at, ctx)}`,
        text: e.text,
      })),
    qualifyCurrency: lead.currency ?? options.defaultCurrency,
    chooseRecords: options.chooseRecords,
    noteKinds: (["note", "call", "email", "meeting", "task"] as const).map((k) => ({
      value: k,
      title: t.t(`timeline.kind.${k}`),
    })),
    actions: {
      qualify: open && options.mayChange,
      disqualify: open && options.mayChange,
      reactivate: lead.status === "disqualified" && options.mayChange,
      note: options.mayNote,
      delete: options.mayChange,
    },
    labels: cardLabels(t),
    deleteWarning: t.t("lead.delete.warning", { ref: lead.ref }),
  };
}

/** The card's headings and button titles, written into its template once per language (fixed-texts.ts). */
const cardLabels = fixedTexts({
  timeline: "lead.card.timeline",
  noTimeline: "lead.card.noTimeline",
  stakeholders: "lead.card.stakeholders",
  qualify: "lead.action.qualify",
  disqualify: "lead.action.disqualify",
  reactivate: "lead.action.reactivate",
  note: "lead.action.note",
  delete: "lead.action.delete",
  save: "lead.action.save",
  confirmDelete: "lead.action.confirmDelete",
  currency: "lead.qualify.currency",
  createAccount: "lead.qualify.createAccount",
  createContact: "lead.qualify.createContact",
  createOpportunity: "lead.qualify.createOpportunity",
  reason: "lead.disqualify.reason",
  noteKind: "lead.note.kind",
  noteText: "lead.note.text",
});

/** The duplicate warning of seed 002: matching accounts and contacts, link one or create new anyway. */
export function leadDuplicatesView(ctx: ViewContext, warning: DuplicateWarning, currency: string) {
  const { t } = ctx;
  const accounts = warning.accounts.map((a) => ({
    ref: a.ref,
    label: [a.name, a.domain].filter(Boolean).join(" · "),
  }));
  const contacts = warning.contacts.map((c) => ({
    ref: c.ref,
    label: [c.name, c.email].filter(Boolean).join(" · "),
  }));
  const createNew = { value: createNewChoice, title: t.t("lead.dup.createNew") };
  return {
    title: t.t("lead.dup.title", { ref: warning.leadRef }),
    text: t.t("lead.dup.text"),
    ref: warning.leadRef,
    currency,
    accounts,
    contacts,
    firstAccount: accounts[0]?.ref ?? "",
    firstContact: contacts[0]?.ref ?? "",
    accountChoices: [...accounts.map((a) => ({ value: a.ref, title: `${a.ref} ${a.label}` })), createNew],
    contactChoices: [...contacts.map((c) => ({ value: c.ref, title: `${c.ref} ${c.label}` })), createNew],
    labels: {
      accounts: t.t("lead.dup.accounts"),
      contacts: t.t("lead.dup.contacts"),
      linkAccount: t.t("lead.dup.linkAccount"),
      linkContact: t.t("lead.dup.linkContact"),
      link: t.t("lead.dup.link"),
      anyway: t.t("lead.dup.anyway"),
    },
  };
}

export function leadListView(
  ctx: ViewContext,
  status: LeadStatus | "all",
  leads: readonly LeadRow[],
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

import { leadLimits, leadTextLimit } from "../../domain/leads/lead.js";
import { companyDomain } from "../../domain/parties/party.js";
import type { FieldProblem } from "../../domain/shared/result.js";
import type { SourceMessage } from "../../kit/extension.js";
import type { MessageKey } from "../../i18n/index.js";
import { fieldLabel, formatDateTime, type ViewContext } from "../../kit/rendering/view-context.js";

/** The inputs of the "Create lead from message" form (cards/record-lead-form.json). */
export const leadFormFields = ["topic", "first", "last", "company", "email", "phone", "note"] as const;
type LeadFormField = (typeof leadFormFields)[number];
/** The inputs of the "Add to a lead or opportunity" form (cards/record-note-form.json). */
const noteFormFields = ["record", "note"] as const;
type NoteFormField = (typeof noteFormFields)[number];

const emailPattern = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
const phonePattern = /\+?\d[\d ().-]{6,}\d/;

/**
 * What the lead form starts with, taken from the message: its first line as the topic, the first e-mail
 * address and phone number in it, the company from the e-mail's domain (not a free-mail one), the sender's
 * name, and the whole message as the first note.
 */
export function leadPrefill(message: SourceMessage | undefined): Record<LeadFormField, string> {
  const text = message?.text ?? "";
  const firstLine = text.split("\n").find((line) => line.trim() !== "") ?? "";
  const email = emailPattern.exec(text)?.[0] ?? "";
  const phone = (phonePattern.exec(text)?.[0] ?? "").slice(0, leadLimits.phone);
  const domain = companyDomain(email);
  const label = domain?.split(".")[0] ?? "";
  const names = (message?.from?.name ?? "").trim().split(/\s+/).filter(Boolean);
  return {
    topic: firstLine.trim().slice(0, leadLimits.topic),
    first: names.slice(0, -1).join(" ").slice(0, leadLimits.name),
    last: (names.at(-1) ?? "").slice(0, leadLimits.name),
    company: label ? label[0]?.toUpperCase() + label.slice(1) : "",
    email,
    phone,
    note: text.slice(0, leadTextLimit),
  };
}

const labelOf = (ctx: ViewContext, field: string) =>
  field === "note" ? ctx.t.t("ext.lead.message") : fieldLabel(ctx.t, field);

function fieldTexts<F extends string>(
  ctx: ViewContext,
  fields: readonly F[],
  values: Readonly<Record<string, unknown>>,
  problems: readonly FieldProblem[],
  label: (field: F) => string,
) {
  const record = <T>(make: (field: F) => T) =>
    Object.fromEntries(fields.map((f) => [f, make(f)])) as Record<F, T>;
  return {
    labels: record(label),
    values: record((f) => (typeof values[f] === "string" ? values[f] : "")),
    errors: record((f) => {
      const problem = problems.find((p) => p.field === f);
      if (!problem) return "";
      const key = `problem.${problem.problem}`;
      const params = { ...problem.params, field: label(f) };
      return ctx.t.has(key) ? ctx.t.t(key as MessageKey, params) : ctx.t.t("problem.text", params);
    }),
    required: record((f) => ctx.t.t("problem.required", { field: label(f) })),
  };
}

export function leadFormView(
  ctx: ViewContext,
  values: Readonly<Record<string, unknown>>,
  problems: readonly FieldProblem[] = [],
) {
  const { t } = ctx;
  return {
    title: t.t("ext.lead.title"),
    intro: t.t("ext.lead.intro"),
    errorSummary: problems.length > 0 ? t.t("ext.lead.errors") : "",
    submitLabel: t.t("ext.lead.submit"),
    ...fieldTexts<LeadFormField>(ctx, leadFormFields, values, problems, (f) => labelOf(ctx, f)),
  };
}

export function noteFormView(
  ctx: ViewContext,
  values: Readonly<Record<string, unknown>>,
  choices: readonly { readonly title: string; readonly value: string }[],
  problems: readonly FieldProblem[] = [],
) {
  const { t } = ctx;
  const label = (f: NoteFormField) => t.t(f === "record" ? "ext.note.record" : "ext.note.text");
  const texts = fieldTexts<NoteFormField>(ctx, noteFormFields, values, problems, label);
  return {
    title: t.t("ext.note.title"),
    intro: "",
    errorSummary: "",
    submitLabel: t.t("ext.note.submit"),
    recordPlaceholder: t.t("ext.note.recordPlaceholder"),
    choices,
    noChoices: choices.length === 0 ? t.t("ext.note.none") : "",
    ...texts,
    // A record that cannot take the note is explained in full (not found, not allowed), not as "required".
    errors: {
      ...texts.errors,
      record: problems.some((p) => p.field === "record" && p.problem === "required")
        ? t.t("ext.note.pick")
        : texts.errors.record,
    },
  };
}

/**
 * The timeline note for a message: who wrote it and when, the text, and the link back to it in Teams, kept
 * within the note limit by shortening the text.
 */
export function noteEntry(ctx: ViewContext, message: SourceMessage | undefined, text: string): string {
  const { t } = ctx;
  const author = message?.from?.name || t.t("ext.note.someone");
  const time = message?.createdAt ? formatDateTime(message.createdAt, ctx) : "";
  const link = message?.link ? `\n${t.t("ext.note.link", { link: message.link })}` : "";
  const frame = t.t("ext.note.entry", { author, time, text: "" }).length + link.length;
  const room = Math.max(0, leadTextLimit - frame);
  const body = text.length > room ? `${text.slice(0, Math.max(0, room - 1))}…` : text;
  return `${t.t("ext.note.entry", { author, time, text: body })}${link}`;
}

import { isStaff } from "../../domain/shared/actor.js";
import { fail, type FieldProblem, type Failure } from "../../domain/shared/result.js";
import type { ExtensionAnswer, SourceMessage } from "../../kit/extension.js";
import { resultsOf, type ExtensionContext } from "./extension.results.js";
import { leadDraftOf, leadFromMessageSchema, noteFromMessageSchema, parseForm } from "./extension.input.js";
import { leadFormView, leadPrefill, noteEntry, noteFormView } from "./message-form.views.js";

/** The manifest's message actions (composeExtensions[0].commands of type action, context message). */
export const messageActionIds = ["createLead", "addToRecord"] as const;

const forbidden = fail("forbidden", { action: "lead new" }) as { ok: false; error: Failure };

/** The searchable choice set of the note form asks for this dataset (Data.Query). */
const recordsDataset = "records";
/** How many of the user's recent records the note form offers before they type. */
const recentChoices = 10;

/** The form a message action opens, prefilled from the message. */
export async function messageActionForm(
  ctx: ExtensionContext,
  commandId: string,
  message: SourceMessage | undefined,
): Promise<ExtensionAnswer> {
  if (commandId === "createLead") {
    // Said at once rather than after the user has filled in the form.
    if (!isStaff(ctx.actor)) return { kind: "taskMessage", text: ctx.failure(forbidden.error) };
    return leadForm(ctx, leadPrefill(message));
  }
  if (commandId === "addToRecord") return noteForm(ctx, { note: message?.text ?? "" });
  return unknown(ctx, commandId);
}

/** A submitted form: the record is created or noted, or the form comes back with its problems. */
export async function messageActionSubmit(
  ctx: ExtensionContext,
  commandId: string,
  data: unknown,
  message: SourceMessage | undefined,
): Promise<ExtensionAnswer> {
  if (commandId === "createLead") return createLead(ctx, data, message);
  if (commandId === "addToRecord") return addNote(ctx, data, message);
  return unknown(ctx, commandId);
}

/** The choices of the note form's record picker, as the user types: their leads and opportunities. */
export async function messageActionChoices(
  ctx: ExtensionContext,
  dataset: string,
  text: string,
  skip: number,
  count: number,
): Promise<ExtensionAnswer> {
  if (dataset !== recordsDataset) return { kind: "choices", choices: [] };
  return { kind: "choices", choices: await recordChoices(ctx, text, skip, count) };
}

async function createLead(
  ctx: ExtensionContext,
  data: unknown,
  message: SourceMessage | undefined,
): Promise<ExtensionAnswer> {
  const values = valuesOf(data);
  const parsed = parseForm(leadFromMessageSchema, data);
  if (!parsed.ok) return leadForm(ctx, values, parsed.problems);
  const created = await ctx.services.leads.create(ctx.actor, leadDraftOf(parsed.value));
  if (!created.ok) return leadFailure(ctx, values, created.error);
  const lead = created.value.value;
  let shown = lead;
  if (parsed.value.note) {
    const noted = await ctx.services.leads.addTimeline(
      ctx.actor,
      lead.ref,
      "note",
      noteEntry(ctx.view, message, parsed.value.note),
    );
    // The lead exists either way; a note that could not be added is not worth losing the lead's card for.
    if (noted.ok) shown = noted.value.value;
  }
  return { kind: "results", results: await resultsOf(ctx, [{ kind: "lead", record: shown }]) };
}

async function addNote(
  ctx: ExtensionContext,
  data: unknown,
  message: SourceMessage | undefined,
): Promise<ExtensionAnswer> {
  const values = valuesOf(data);
  const parsed = parseForm(noteFromMessageSchema, data);
  if (!parsed.ok) return noteForm(ctx, values, parsed.problems);
  const { record, note } = parsed.value;
  const text = noteEntry(ctx.view, message, note);
  const result = record.startsWith("L-")
    ? await ctx.services.leads.addTimeline(ctx.actor, record, "note", text)
    : await ctx.services.opportunities.addTimeline(ctx.actor, record, "note", text);
  if (!result.ok) {
    // Not found, not allowed, full: said next to the record picker, where the user can choose another.
    return noteForm(ctx, values, [], ctx.failure(result.error));
  }
  return { kind: "taskMessage", text: ctx.view.t.t("ext.note.added", { ref: record }) };
}

function leadForm(
  ctx: ExtensionContext,
  values: Readonly<Record<string, unknown>>,
  problems: readonly FieldProblem[] = [],
): ExtensionAnswer {
  const card = ctx.render("record-lead-form", leadFormView(ctx.view, values, problems));
  return { kind: "task", card, title: ctx.view.t.t("ext.lead.title") };
}

/** A failed create: field problems go next to their fields; anything else (not allowed) closes the form. */
function leadFailure(
  ctx: ExtensionContext,
  values: Readonly<Record<string, unknown>>,
  error: Failure,
): ExtensionAnswer {
  if (error.code === "invalid" && error.fields?.length) return leadForm(ctx, values, error.fields);
  return { kind: "taskMessage", text: ctx.failure(error) };
}

async function noteForm(
  ctx: ExtensionContext,
  values: Readonly<Record<string, unknown>>,
  problems: readonly FieldProblem[] = [],
  recordError?: string,
): Promise<ExtensionAnswer> {
  const choices = await recordChoices(ctx, "", 0, recentChoices);
  const view = noteFormView(ctx.view, values, choices, problems);
  const card = ctx.render(
    "record-note-form",
    recordError ? { ...view, errors: { ...view.errors, record: recordError } } : view,
  );
  return { kind: "task", card, title: ctx.view.t.t("ext.note.title") };
}

async function recordChoices(ctx: ExtensionContext, text: string, skip: number, count: number) {
  const found = await ctx.services.search.search(ctx.actor, text, { skip, count }, ["lead", "opportunity"]);
  if (!found.ok) return [];
  return found.value.map((f) => ({
    title: `${f.record.ref} · ${f.kind === "lead" ? f.record.topic : f.kind === "opportunity" ? f.record.title : ""}`,
    value: f.record.ref,
  }));
}

/** The submitted inputs that are texts, to show the form again as the user left it. */
function valuesOf(data: unknown): Record<string, string> {
  if (typeof data !== "object" || data === null) return {};
  return Object.fromEntries(
    Object.entries(data).filter(
      (e): e is [string, string] => typeof e[1] === "string" && e[1].length <= 10_000,
    ),
  );
}

function unknown(ctx: ExtensionContext, commandId: string): ExtensionAnswer {
  return {
    kind: "taskMessage",
    text: ctx.view.t.t("ext.unknown_command", { command: commandId.slice(0, 64) }),
  };
}

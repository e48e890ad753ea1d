import type { ExtensionAnswer, ExtensionRequest } from "../../kit/extension.js";
import type { FoundRecord } from "../../domain/search/record-search.port.js";
import { resultsOf, type ExtensionContext } from "./extension.results.js";
import { messageActionChoices, messageActionForm, messageActionSubmit } from "./message-actions.js";

/** The manifest's search command (manifest/manifest.json, composeExtensions[0].commands). */
export const searchCommandId = "searchRecords";

/** Answers one message-extension request. */
export async function handleExtension(
  request: ExtensionRequest,
  ctx: ExtensionContext,
): Promise<ExtensionAnswer> {
  switch (request.kind) {
    case "query":
      if (request.commandId !== searchCommandId)
        return { kind: "message", text: ctx.view.t.t("ext.unknown_command", { command: request.commandId }) };
      return search(ctx, request.text, request.skip, request.count);
    case "queryLink":
      return unfurl(ctx, request.url);
    case "fetchTask":
      return messageActionForm(ctx, request.commandId, request.message);
    case "submitAction":
      return messageActionSubmit(ctx, request.commandId, request.data, request.message);
    case "choices":
      return messageActionChoices(ctx, request.dataset, request.text, request.skip, request.count);
  }
}

async function search(
  ctx: ExtensionContext,
  text: string,
  skip: number,
  count: number,
): Promise<ExtensionAnswer> {
  const found = await ctx.services.search.search(ctx.actor, text, { skip, count });
  if (!found.ok) return { kind: "message", text: ctx.view.t.t("ext.search.refused") };
  return { kind: "results", results: await resultsOf(ctx, found.value) };
}

/** A record link: its compact card when the user may see the record; otherwise nothing, whatever the reason. */
async function unfurl(ctx: ExtensionContext, url: string): Promise<ExtensionAnswer> {
  const nothing: ExtensionAnswer = { kind: "results", results: [] };
  const ref = ctx.links.refOf(url);
  if (!ref) return nothing;
  const found = await visibleRecord(ctx, ref);
  return found ? { kind: "results", results: await resultsOf(ctx, [found]) } : nothing;
}

/** The record if the actor may see it, through the same use cases as `lead show`, `opp show` and `account show`. */
export async function visibleRecord(ctx: ExtensionContext, ref: string): Promise<FoundRecord | undefined> {
  const { actor, services } = ctx;
  switch (ref[0]) {
    case "L": {
      const lead = await services.leads.show(actor, ref);
      return lead.ok ? { kind: "lead", record: lead.value.value } : undefined;
    }
    case "O": {
      const o = await services.opportunities.show(actor, ref);
      return o.ok ? { kind: "opportunity", record: o.value.opportunity } : undefined;
    }
    default: {
      const party = await services.parties.show(actor, ref);
      if (!party.ok) return undefined;
      return party.value.kind === "account"
        ? { kind: "account", record: party.value.account }
        : { kind: "contact", record: party.value.contact };
    }
  }
}

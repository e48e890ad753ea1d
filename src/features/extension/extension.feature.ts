import type { Actor } from "../../domain/shared/actor.js";
import type { Failure } from "../../domain/shared/result.js";
import type { ExtensionAnswer, ExtensionRequest, ExtensionResult } from "../../kit/extension.js";
import type { Services } from "../../kit/feature.js";
import type { RecordLinks } from "../../kit/links.js";
import type { AdaptiveCard, CardName } from "../../kit/rendering/renderer.js";
import type { ViewContext } from "../../kit/rendering/view-context.js";
import type { FoundRecord } from "../../domain/search/record-search.port.js";
import { compactView } from "./extension.views.js";
import { messageActionChoices, messageActionForm, messageActionSubmit } from "./message-actions.js";

/** What the message extension's handlers are given: who asks, in which language, and the use cases. */
export interface ExtensionContext {
  readonly actor: Actor;
  readonly view: ViewContext;
  readonly services: Services;
  readonly links: RecordLinks;
  readonly render: (name: CardName, data: object) => AdaptiveCard;
  /** A failure as a sentence in the user's language. */
  readonly failure: (error: Failure) => string;
}

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

export async function resultsOf(
  ctx: ExtensionContext,
  found: readonly FoundRecord[],
): Promise<ExtensionResult[]> {
  // Stage names come from the tenant's sales cycles (cached by the setup service).
  const cycles = found.some((f) => f.kind === "opportunity")
    ? (await ctx.services.setup.load(ctx.actor.tenantId)).cycles
    : [];
  return found.map((f) => {
    const view = compactView(ctx.view, f, ctx.links.url(f.record.ref), cycles);
    return { card: ctx.render("record-compact", view.card), preview: view.preview };
  });
}

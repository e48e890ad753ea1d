import type { Actor } from "../../domain/shared/actor.js";
import type { Failure } from "../../domain/shared/result.js";
import type { FoundRecord } from "../../domain/search/record-search.port.js";
import type { ExtensionResult } from "../../kit/extension.js";
import type { Services } from "../../kit/feature.js";
import type { RecordLinks } from "../../kit/links.js";
import type { AdaptiveCard, CardName } from "../../kit/rendering/renderer.js";
import type { ViewContext } from "../../kit/rendering/view-context.js";
import { compactView } from "./extension.views.js";

/**
 * The context every handler of the message extension works in, and the result list they all answer with: the
 * search (extension.feature.ts) and the message actions (message-actions.ts) alike, so neither imports the other
 * for them.
 */

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

/** The records as the extension lists them: each a compact card, and a preview for the list. */
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

import { mayView } from "../opportunities/opportunity.js";
import { isStaff, type Actor } from "../shared/actor.js";
import { fail, ok, type Result } from "../shared/result.js";
import type { FoundRecord, RecordKind, RecordSearchRepository } from "./record-search.port.js";

/** Teams asks for 25 results a page at most; more than this many are never passed over. */
export const maxSearchResults = 25;
export const maxSearchSkip = 500;
const maxWords = 8;
const maxWordLength = 100;

export interface SearchPage {
  readonly skip: number;
  readonly count: number;
}

/**
 * The message extension's search: the records of the actor's tenant that the actor may see, by reference,
 * topic or title, company, contact name or e-mail. Staff see leads, opportunities, accounts and contacts; a
 * partner user only the opportunities distributed to or created by their organisation. An empty text lists
 * the records the user changed most recently (a partner: their organisation's, most recent first).
 */
export class RecordSearchService {
  constructor(private readonly deps: { readonly records: RecordSearchRepository }) {}

  async search(
    actor: Actor,
    text: string,
    page: SearchPage,
    kinds: readonly RecordKind[] = ["lead", "opportunity", "account", "contact"],
  ): Promise<Result<readonly FoundRecord[]>> {
    const words = searchWords(text);
    const skip = clamp(page.skip, 0, maxSearchSkip);
    const count = clamp(page.count, 1, maxSearchResults);
    if (isStaff(actor)) {
      return ok(
        await this.deps.records.search(actor.tenantId, {
          kinds,
          words,
          ...(words.length === 0 ? { changedBy: actor.userId } : {}),
          skip,
          count,
        }),
      );
    }
    if (actor.role !== "partner" || !actor.partner) return fail("forbidden", { action: "search" });
    if (!kinds.includes("opportunity")) return ok([]);
    const found = await this.deps.records.search(actor.tenantId, {
      kinds: ["opportunity"],
      words,
      partner: actor.partner,
      skip,
      count,
    });
    // The store's filter and the domain's rule say the same; the rule has the last word.
    return ok(found.filter((f) => f.kind === "opportunity" && mayView(actor, f.record)));
  }
}

/** The words of a search text, lower case, at most 8 of at most 100 characters. */
export function searchWords(text: string): string[] {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== "")
    .slice(0, maxWords)
    .map((w) => w.slice(0, maxWordLength));
}

const clamp = (n: number, min: number, max: number) =>
  Number.isFinite(n) ? Math.min(max, Math.max(min, Math.trunc(n))) : min;

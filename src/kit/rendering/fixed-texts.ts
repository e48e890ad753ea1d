import type { Language, MessageKey, Translator } from "../../i18n/index.js";

/**
 * A card's texts that are the same for everyone who reads it in one language — headings, field labels,
 * button titles — as one group of its view model (e.g. `labels`). Made only by `fixedTexts`, once per
 * language, so a group is known by its id and the renderer can prepare a template with these texts already
 * in it (renderer.ts, withFixedTexts): they are then not looked up again on every card. A template reads them
 * as usual (`${labels.next}`), and gets the same text either way.
 */
export class FixedTexts {
  /** @internal Made by fixedTexts only: one object per group and language, so `id` names its texts. */
  constructor(
    readonly id: string,
    readonly texts: ReadonlyMap<string, string>,
  ) {}
}

let groups = 0;

/**
 * A group of fixed texts, as a function of the reader's language: `fixedTexts({ next: "opp.button.next" })(t)`.
 * Each language's texts are translated the first time that language asks, and kept (four at most).
 */
export function fixedTexts(keys: Readonly<Record<string, MessageKey>>): (t: Translator) => FixedTexts {
  const group = ++groups;
  const byLanguage = new Map<Language, FixedTexts>();
  return (t) => {
    let fixed = byLanguage.get(t.language);
    if (!fixed) {
      const texts = new Map(Object.entries(keys).map(([name, key]) => [name, t.t(key)] as const));
      byLanguage.set(t.language, (fixed = new FixedTexts(`${group}.${t.language}`, texts)));
    }
    return fixed;
  };
}

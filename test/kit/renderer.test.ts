import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Template } from "adaptivecards-templating";
import { expect, test } from "vitest";

import { translator } from "../../src/i18n/index.js";
import { FixedTexts } from "../../src/kit/rendering/fixed-texts.js";
import { escapeCardMarkdown } from "../../src/kit/rendering/markdown.js";
import { CardRenderer } from "../../src/kit/rendering/renderer.js";
import type { ViewContext } from "../../src/kit/rendering/view-context.js";
import { projectRoot } from "../../src/util/project-root.js";
import { cycleCardSamples } from "../support/cycle-card-samples.js";
import { digestCardSamples } from "../support/digest-card-samples.js";
import { directoryCardSamples } from "../support/directory-card-samples.js";
import { distributionCardSamples } from "../support/distribution-card-samples.js";
import { extensionCardSamples } from "../support/extension-card-samples.js";
import { opportunityCardSamples } from "../support/opportunity-card-samples.js";
import { partnerCardSamples } from "../support/partner-card-samples.js";

/**
 * The renderer hands a view model's top two levels to the templating library as Maps (a cheaper lookup,
 * renderer.ts says why), and writes a view model's fixed texts (headings, button titles) into a template
 * prepared for their language. Neither may change a single card: every sample, in every language, comes out
 * exactly as the library expands the plain view model (fixed texts as plain objects) with the template in
 * cards/. The languages are rendered one after the other by one renderer, so each card's templates for
 * several languages are in use side by side.
 */
const locales = ["en-US", "da-DK", "nb-NO", "sv-SE"] as const;

test("every card comes out exactly as the templating library expands the plain view model", () => {
  const renderer = CardRenderer.load();
  const templates = new Map<string, Template>();
  const plainExpansion = (name: string, data: object): unknown => {
    let template = templates.get(name);
    if (!template) {
      const file = join(projectRoot(), "cards", `${name}.json`);
      template = new Template(JSON.parse(readFileSync(file, "utf8")));
      templates.set(name, template);
    }
    const card = template.expand({ $root: plain(data) }) as object;
    escapeCardMarkdown(card);
    return card;
  };
  let compared = 0;
  for (const locale of locales) {
    const ctx: ViewContext = {
      t: translator(locale),
      locale,
      timeZone: "Europe/Copenhagen",
      recordUrl: (ref) => `https://pipeline.contoso.com/r/${ref}`,
    };
    const samples = [
      ...cycleCardSamples(ctx),
      ...opportunityCardSamples(ctx),
      ...directoryCardSamples(ctx),
      ...digestCardSamples(ctx),
      ...distributionCardSamples(ctx),
      ...partnerCardSamples(ctx),
      ...extensionCardSamples(ctx),
    ];
    for (const sample of samples) {
      const card = renderer.render(sample.card, sample.data);
      // JSON, not toEqual: a Map that leaked into the card would be sent as {}, and toEqual would not say so.
      expect(JSON.stringify(card), `${sample.card} (${locale}, ${sample.variant})`).toBe(
        JSON.stringify(plainExpansion(sample.card, sample.data)),
      );
      compared++;
    }
  }
  expect(compared).toBeGreaterThan(100);
});

/** The view model as a template would read it if there were no fixed texts: each group a plain object. */
const plain = (data: object): object =>
  Object.fromEntries(
    Object.entries(data).map(([key, value]) => [
      key,
      value instanceof FixedTexts ? Object.fromEntries(value.texts) : (value as unknown),
    ]),
  );

/**
 * Fixed texts are written into the template only where the library would make exactly the text of them: a
 * whole value that reads one text. A text containing `${` stays an expression (written in, the library would
 * parse it); inside a `$data` item a bare `labels` is the item's own, `$root.labels` the view model's; a
 * text inside a longer value, or one the group lacks, is still evaluated. Each language gets its own texts.
 */
test("fixed texts come out exactly as the library makes of them, in each language", () => {
  inCardsCopy((folder) => {
    const template = {
      type: "AdaptiveCard",
      version: "1.5",
      body: [
        { type: "TextBlock", text: "${labels.title}" },
        { type: "TextBlock", text: "${$root.labels.title}", wrap: true },
        { type: "TextBlock", text: "${labels.dollar}" },
        { type: "TextBlock", text: "${labels.title}: ${count}" },
        { type: "TextBlock", text: "${labels.missing}" },
        {
          type: "Container",
          $data: "${items}",
          items: [
            { type: "TextBlock", text: "${labels.title}" },
            { type: "TextBlock", text: "${$root.labels.title}" },
          ],
        },
        { type: "TextBlock", $when: "${count > 1}", text: "${other.title}" },
      ],
    };
    const { renderer, expected: libraryCard } = nudgeRendering(folder, template);
    const group = (language: string, title: string) =>
      new FixedTexts(
        `test.${language}`,
        new Map([
          ["title", title],
          ["dollar", "Costs ${price}"],
        ]),
      );
    const other = new FixedTexts("other.en", new Map([["title", "Other"]]));
    const items = [{ labels: { title: "The item's own" } }, { labels: {} }];
    for (const [language, title] of [
      ["en", "Next stage"],
      ["da", "Næste fase"],
      ["en", "Next stage"],
    ] as const) {
      const data = { labels: group(language, title), other, items, count: 2, price: 5 };
      const card = renderer.render("nudge", data);
      const expected = libraryCard(plain(data));
      expect(JSON.stringify(card), language).toBe(JSON.stringify(expected));
      expect((card.body as { text: string }[])[0]?.text).toBe(title);
    }
  });
});

/**
 * Templates are prepared for expansion only when first rendered (renderer.ts says why), but a broken one must
 * still stop start-up, not a user's click: CardRenderer.load reads and prepares every template once.
 */
test("a card template that cannot be parsed stops loading, naming the template", () => {
  inCardsCopy((folder) => {
    expect(() => CardRenderer.load(folder)).not.toThrow();
    writeFileSync(join(folder, "nudge.json"), '{"type": "AdaptiveCard", "body": [{"text": "${when(}"}]}');
    expect(() => CardRenderer.load(folder)).toThrow(/nudge\.json/);
    writeFileSync(join(folder, "nudge.json"), '{"type": "AdaptiveCard",');
    expect(() => CardRenderer.load(folder)).toThrow(/nudge\.json/);
  });
});

/**
 * A template is prepared once more after the library parsed it (prepared.ts): parts without expressions are
 * expanded once and shared, frozen, by every card; a path is looked up along the view model's Maps first and
 * left to the library wherever that finds nothing. Each case where the two could part is here: a name the
 * view model lacks (the library writes `${…}` back), a name in another case (the library finds it anyway), a
 * path through a plain object or an array item, `$root` inside a `$data` item, `$index`, a static text that
 * needs escaping, a literal `$when`, nested static arrays, and a second card that must not see the first.
 */
test("a prepared template expands exactly as the library does, and cards share nothing they could change", () => {
  inCardsCopy((folder) => {
    const template = {
      type: "AdaptiveCard",
      version: "1.5",
      body: [
        { type: "TextBlock", text: "${title}" },
        { type: "TextBlock", text: "${missing} and ${group.missing}", wrap: true },
        { type: "TextBlock", text: "${TITLE} ${Group.Name}" },
        { type: "TextBlock", text: "1. A static line\n2) another", spacing: "None" },
        { type: "TextBlock", $when: "true", text: "never shown" },
        { type: "TextBlock", $when: "${group.shown}", text: "${group.name}" },
        { type: "TextBlock", $when: "${group.hidden}", text: "hidden" },
        { type: "FactSet", facts: [{ title: "3. Static", value: "fact" }, [{ title: "Inner", value: "x" }]] },
        { type: "TextBlock", text: "${plain.inner.value} ${list[1]} ${count}" },
        {
          type: "Container",
          $data: "${items}",
          items: [
            { type: "TextBlock", text: "${$index}: ${name} of ${$root.title} (${$root.group.name})" },
            { type: "TextBlock", text: "${$data.name}", weight: "Bolder" },
          ],
        },
        {
          type: "ActionSet",
          actions: [{ type: "Action.Execute", title: "Go", verb: "go", data: "${data}" }],
        },
      ],
    };
    const { renderer, expected: libraryCard } = nudgeRendering(folder, template);
    const render = (title: string, name: string, shown: boolean) => {
      const data = {
        title,
        group: { name, shown, hidden: !shown },
        plain: Object.freeze({ inner: { value: "4. deep" } }),
        list: ["a", "b"],
        count: 0,
        items: [{ name: "first" }, { name: "5. second" }],
        data: Object.freeze({ ref: title }),
      };
      const card = renderer.render("nudge", data);
      const expected = libraryCard(data);
      expect(JSON.stringify(card), title).toBe(JSON.stringify(expected));
      return card;
    };
    const first = render("Ann", "Contoso", true);
    const firstJson = JSON.stringify(first);
    render("6. Bo", "Fabrikam", false);
    expect(JSON.stringify(first)).toBe(firstJson);
    expect(JSON.stringify(first)).toContain("1\\\\. A static line");
  });
});

/** Runs `work` with a copy of cards/ in a temporary folder, removed afterwards. */
function inCardsCopy(work: (folder: string) => void): void {
  const folder = mkdtempSync(join(tmpdir(), "cards-"));
  try {
    cpSync(join(projectRoot(), "cards"), folder, { recursive: true });
    work(folder);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The renderer over `folder` with `template` as nudge.json, and what the library itself makes of a root with it. */
function nudgeRendering(folder: string, template: object) {
  writeFileSync(join(folder, "nudge.json"), JSON.stringify(template));
  const library = new Template(template);
  return {
    renderer: CardRenderer.load(folder),
    expected: (root: object): object => {
      const card = library.expand({ $root: root }) as object;
      escapeCardMarkdown(card);
      return card;
    },
  };
}

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Template } from "adaptivecards-templating";
import { expect, test } from "vitest";

import { translator } from "../../src/i18n/index.js";
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
 * renderer.ts says why). That must not change a single card: every sample, in every language, comes out
 * exactly as the library expands the plain view model.
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
    const card = template.expand({ $root: data }) as object;
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

/**
 * Templates are prepared for expansion only when first rendered (renderer.ts says why), but a broken one must
 * still stop start-up, not a user's click: CardRenderer.load reads and prepares every template once.
 */
test("a card template that cannot be parsed stops loading, naming the template", () => {
  const folder = mkdtempSync(join(tmpdir(), "cards-"));
  try {
    cpSync(join(projectRoot(), "cards"), folder, { recursive: true });
    expect(() => CardRenderer.load(folder)).not.toThrow();
    writeFileSync(join(folder, "nudge.json"), '{"type": "AdaptiveCard", "body": [{"text": "${when(}"}]}');
    expect(() => CardRenderer.load(folder)).toThrow(/nudge\.json/);
    writeFileSync(join(folder, "nudge.json"), '{"type": "AdaptiveCard",');
    expect(() => CardRenderer.load(folder)).toThrow(/nudge\.json/);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

import { expect, it } from "vitest";

import { da } from "../src/i18n/da.js";
import { en } from "../src/i18n/en.js";
import { catalogs, languageOf, translator, type Catalog } from "../src/i18n/index.js";
import { placeholderNames } from "../src/i18n/format-message.js";
import { nb } from "../src/i18n/nb.js";
import { sv } from "../src/i18n/sv.js";

const translations: ReadonlyArray<readonly [string, Catalog]> = [
  ["da", da],
  ["nb", nb],
  ["sv", sv],
];

/** Simple `{name}` placeholders and counted `{name, plural, …}` ones alike. */
const placeholders = placeholderNames;

it.each(translations)("%s catalogue has exactly the keys of the English catalogue", (_language, catalog) => {
  expect(Object.keys(catalog).sort()).toEqual(Object.keys(en).sort());
});

it.each(translations)("%s catalogue keeps the placeholders of every English text", (_language, catalog) => {
  for (const [key, english] of Object.entries(en)) {
    const translated = (catalog as Record<string, string>)[key] ?? "";
    expect(placeholders(translated), key).toEqual(placeholders(english));
  }
});

it.each(translations)("%s catalogue has no empty texts", (_language, catalog) => {
  const empty = Object.entries(catalog)
    .filter(([, text]) => text.trim() === "")
    .map(([key]) => key);
  expect(empty).toEqual([]);
});

it("Danish lead.created includes the reference and differs from English", () => {
  const danish = translator("da-DK").t("lead.created", { ref: "L-1001" });
  const english = translator("en-US").t("lead.created", { ref: "L-1001" });
  expect(danish).toContain("L-1001");
  expect(danish).not.toBe(english);
});

it.each([
  ["da-DK", "da"],
  ["nb-NO", "nb"],
  ["nn-NO", "nb"],
  ["no", "nb"],
  ["sv-SE", "sv"],
  ["sv-FI", "sv"],
  ["en-US", "en"],
  [undefined, "en"],
  ["fr-FR", "en"],
] as const)("languageOf maps %s to %s", (locale, language) => {
  expect(languageOf(locale)).toBe(language);
});

it("every command in the catalog has its own description in every language", async () => {
  const { commandCatalog } = await import("../src/features/index.js");
  // Each language's own catalogue, not `translator.has` (which asks whether a key exists at all, in English).
  const english = translator("en-GB");
  for (const locale of ["da-DK", "nb-NO", "sv-SE"]) {
    const catalog: Readonly<Record<string, string>> = catalogs[languageOf(locale)];
    for (const command of commandCatalog) {
      const key = `command.${command.name}`;
      const text = Object.hasOwn(catalog, key) ? catalog[key]?.trim() : undefined;
      expect(text, `${locale} ${key}`).toBeTruthy();
      // "help" reads the same in every language; any other description left in English is untranslated.
      if (command.name !== "help")
        expect(text, `${locale} ${key}`).not.toBe(english.t(`command.${command.name}`));
    }
  }
});

it("every feature's messages have the English keys and placeholders in every language", async () => {
  const { featureMessages } = await import("../src/i18n/feature-messages.js");
  for (const messages of featureMessages) {
    const english: Record<string, string> = messages.en;
    for (const language of ["da", "nb", "sv"] as const) {
      const other: Record<string, string> = messages[language];
      expect(Object.keys(other).sort()).toEqual(Object.keys(english).sort());
      for (const [key, text] of Object.entries(english)) {
        expect(other[key]?.trim(), `${language} ${key}`).not.toBe("");
        expect(placeholders(other[key] ?? ""), `${language} ${key}`).toEqual(placeholders(text));
      }
    }
  }
});

it("every feature's messages file is registered, and none grows past 500 lines (split by concern instead)", async () => {
  const { readFile, readdir } = await import("node:fs/promises");
  const { featureMessages } = await import("../src/i18n/feature-messages.js");
  const registered = new Set<unknown>(featureMessages);
  const root = new URL("../src/features/", import.meta.url);
  const files = (await readdir(root, { recursive: true })).filter((f) => f.endsWith(".messages.ts"));
  expect(files.length).toBeGreaterThanOrEqual(featureMessages.length);
  for (const file of files) {
    const lines = (await readFile(new URL(file, root), "utf8")).split("\n").length;
    expect(lines, file).toBeLessThanOrEqual(500);
    const module = (await import(/* @vite-ignore */ new URL(file, root).pathname)) as Record<string, unknown>;
    for (const [exported, messages] of Object.entries(module))
      expect(registered.has(messages), `${file} ${exported}`).toBe(true);
  }
});

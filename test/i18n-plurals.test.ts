import { describe, expect, test } from "vitest";

import { formatMessage } from "../src/i18n/format-message.js";
import { catalogs, translator, type Language, type MessageKey } from "../src/i18n/index.js";

/** Every count in every language goes through the language's plural rules: "1 åben", "2 åbne", "1 öppen". */

const languages: readonly Language[] = ["en", "da", "nb", "sv"];
const locales: Readonly<Record<Language, string>> = { en: "en-GB", da: "da-DK", nb: "nb-NO", sv: "sv-SE" };
const counts = [0, 1, 2, 5] as const;
/** Parameters that hold a number of things (the word after them has a singular and a plural). */
const counted = ["count", "days", "length"] as const;

const say = (language: Language, key: MessageKey, n: number, params: Record<string, string> = {}) =>
  translator(locals(language)).t(key, { count: n, days: n, length: n, ...params });
const locals = (language: Language) => locales[language];

describe("the plural construct", () => {
  test("chooses the form by the language's rules; an exact =n form wins; # is the number", () => {
    const text = "{count, plural, =0 {no lines} one {# line} other {# lines}} on {ref}";
    expect(formatMessage("en", text, { count: 0, ref: "O-1" })).toBe("no lines on O-1");
    expect(formatMessage("en", text, { count: 1, ref: "O-1" })).toBe("1 line on O-1");
    expect(formatMessage("en", text, { count: 2, ref: "O-1" })).toBe("2 lines on O-1");
    expect(formatMessage("da", "{count, plural, one {# åben} other {# åbne}}", { count: 1 })).toBe("1 åben");
  });

  test("a missing or non-numeric count leaves the construct as it is rather than guessing", () => {
    const text = "{count, plural, one {# line} other {# lines}}";
    expect(formatMessage("en", text, { ref: "x" })).toBe(text);
    expect(formatMessage("en", text, { count: "many" })).toBe(text);
  });
});

describe("counted messages in all four languages, for 0, 1, 2 and 5", () => {
  const expected: Record<string, Record<Language, readonly string[]>> = {
    "opp.pipeline.count": {
      en: ["0 open", "1 open", "2 open", "5 open"],
      da: ["0 åbne", "1 åben", "2 åbne", "5 åbne"],
      nb: ["0 åpne", "1 åpen", "2 åpne", "5 åpne"],
      sv: ["0 öppna", "1 öppen", "2 öppna", "5 öppna"],
    },
    "opp.card.moreLines": {
      en: ["…and 0 more lines.", "…and 1 more line.", "…and 2 more lines.", "…and 5 more lines."],
      da: ["…og 0 linjer mere.", "…og 1 linje mere.", "…og 2 linjer mere.", "…og 5 linjer mere."],
      nb: ["…og 0 linjer til.", "…og 1 linje til.", "…og 2 linjer til.", "…og 5 linjer til."],
      sv: ["…och 0 rader till.", "…och 1 rad till.", "…och 2 rader till.", "…och 5 rader till."],
    },
    "cycle.card.activity_count": {
      en: ["0 activities", "1 activity", "2 activities", "5 activities"],
      da: ["0 aktiviteter", "1 aktivitet", "2 aktiviteter", "5 aktiviteter"],
      nb: ["0 aktiviteter", "1 aktivitet", "2 aktiviteter", "5 aktiviteter"],
      sv: ["0 aktiviteter", "1 aktivitet", "2 aktiviteter", "5 aktiviteter"],
    },
    "cycle.card.activity": {
      en: ["Call · 0 days", "Call · 1 day", "Call · 2 days", "Call · 5 days"],
      da: ["Call · 0 dage", "Call · 1 dag", "Call · 2 dage", "Call · 5 dage"],
      nb: ["Call · 0 dager", "Call · 1 dag", "Call · 2 dager", "Call · 5 dager"],
      sv: ["Call · 0 dagar", "Call · 1 dag", "Call · 2 dagar", "Call · 5 dagar"],
    },
    "cycle.stage.cleared": {
      en: [
        "0 opportunities are now without a stage.",
        "1 opportunity is now without a stage.",
        "2 opportunities are now without a stage.",
        "5 opportunities are now without a stage.",
      ],
      da: [
        "0 salgsmuligheder er nu uden fase.",
        "1 salgsmulighed er nu uden fase.",
        "2 salgsmuligheder er nu uden fase.",
        "5 salgsmuligheder er nu uden fase.",
      ],
      nb: [
        "0 salgsmuligheter er nå uten trinn.",
        "1 salgsmulighet er nå uten trinn.",
        "2 salgsmuligheter er nå uten trinn.",
        "5 salgsmuligheter er nå uten trinn.",
      ],
      sv: [
        "0 affärsmöjligheter är nu utan steg.",
        "1 affärsmöjlighet är nu utan steg.",
        "2 affärsmöjligheter är nu utan steg.",
        "5 affärsmöjligheter är nu utan steg.",
      ],
    },
  };
  for (const [key, byLanguage] of Object.entries(expected))
    test.each(languages)(`${key} in %s`, (language) => {
      const said = counts.map((n) => say(language, key as MessageKey, n, { name: "Call" }));
      expect(said).toEqual(byLanguage[language]);
    });

  test("every message with a count says it through the plural rules, in every language", () => {
    const simple = new RegExp(`\\{(${counted.join("|")})\\}`);
    const bare = languages.flatMap((language) =>
      Object.entries(catalogs[language])
        .filter(([, text]) => simple.test(text))
        .map(([key, text]) => `${language} ${key}: ${text}`),
    );
    expect(bare).toEqual([]);
  });

  test("every counted message reads whole for 0, 1, 2 and 5: its number, no construct left over", () => {
    const countedKeys = Object.entries(catalogs.en)
      .filter(([, text]) => text.includes(", plural,"))
      .map(([key]) => key as MessageKey);
    expect(countedKeys.length).toBeGreaterThanOrEqual(14);
    for (const language of languages)
      for (const key of countedKeys)
        for (const n of counts) {
          const text = say(language, key, n, {
            name: "Call",
            replacement: "Develop",
            stage: "Qualify",
            max: "500",
            values: "Fabrikam",
            ref: "O-1",
            date: "7 Dec 2026",
          });
          expect(text, `${language} ${key} ${n}`).not.toMatch(/[{}#]|plural/);
          // one form for 1, another for 0, 2 and 5, wherever the language has one (the number shown
          // wherever the form is not a "the one …" phrasing)
          if (n !== 1) expect(text, `${language} ${key} ${n}`).toContain(String(n));
        }
  });
});

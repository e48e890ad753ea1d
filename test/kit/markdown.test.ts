import { expect, test } from "vitest";

import { escapeCardMarkdown, escapeListMarkers } from "../../src/kit/rendering/markdown.js";
import { preparedTemplate } from "../../src/kit/rendering/prepared.js";
import { CardRenderer } from "../../src/kit/rendering/renderer.js";
import { translator } from "../../src/i18n/index.js";
import { partyView } from "../../src/features/parties/party.views.js";

test("a Danish or Norwegian date that starts a line is escaped; other text is left as it is", () => {
  expect(escapeListMarkers("6. dec. 2026")).toBe("6\\. dec. 2026");
  expect(escapeListMarkers("31. mars 2027, 10:00 · Ann")).toBe("31\\. mars 2027, 10:00 · Ann");
  expect(escapeListMarkers("Noter\n2. ring Ann\n  3) send tilbud")).toBe(
    "Noter\n2\\. ring Ann\n  3\\) send tilbud",
  );
  expect(escapeListMarkers("2026.")).toBe("2026\\.");
  for (const same of [
    "Dec 6, 2026",
    "6 dec. 2026",
    "12.500 kr",
    "O-1001 moved on 6. dec.",
    "1.5",
    "**Bold** _x_",
  ])
    expect(escapeListMarkers(same)).toBe(same);
});

/**
 * A card's texts are tested for a digit at a line start before they are escaped (most have none): that test
 * must let through every text escapeListMarkers would change, whatever ends its lines.
 */
test("a card's text is escaped exactly as escapeListMarkers escapes it, on any line", () => {
  const texts = [
    "6. dec. 2026",
    "Noter\n2. ring Ann\n  3) send tilbud",
    "Noter\r2. ring Ann",
    "Noter\r\n   4. ring Ann",
    "Noter\u20285. ring Ann",
    "Noter\u20296) ring Ann",
    "\t7. tab",
    "    8. four spaces: code, not a list",
    "Dec 6, 2026",
    "O-1001 moved on 6. dec.",
    "",
  ];
  for (const text of texts) {
    const card = { type: "AdaptiveCard", body: [{ type: "TextBlock", text }] };
    escapeCardMarkdown(card);
    expect(card.body[0]?.text, JSON.stringify(text)).toBe(escapeListMarkers(text));
  }
  expect(texts.filter((text) => escapeListMarkers(text) !== text)).toHaveLength(7);
});

test("every TextBlock and fact of a card is escaped, wherever it sits; inputs, choices and data are not", () => {
  const card = {
    type: "AdaptiveCard",
    body: [
      { type: "Container", items: [{ type: "TextBlock", text: "6. dec. 2026" }] },
      { type: "FactSet", facts: [{ title: "1. Kvartal", value: "31. mars 2027" }] },
      {
        type: "Input.ChoiceSet",
        id: "x",
        label: "1. valg",
        choices: [{ title: "2. valg", value: "2. valg" }],
      },
    ],
    actions: [{ type: "Action.Execute", verb: "v", data: { text: "6. dec." } }],
  };
  escapeCardMarkdown(card);
  expect(card.body[0]).toEqual({ type: "Container", items: [{ type: "TextBlock", text: "6\\. dec. 2026" }] });
  expect(card.body[1]).toEqual({
    type: "FactSet",
    facts: [{ title: "1\\. Kvartal", value: "31\\. mars 2027" }],
  });
  expect(card.body[2]).toMatchObject({ label: "1. valg", choices: [{ title: "2. valg", value: "2. valg" }] });
  expect(card.actions[0]?.data).toEqual({ text: "6. dec." });
});

test("the card renderer escapes a Danish date in a fact value", () => {
  const t = translator("da-DK");
  const card = CardRenderer.load().render(
    "party",
    partyView(
      { t, locale: "da-DK", timeZone: "Europe/Copenhagen" },
      {
        kind: "account",
        account: {
          ref: "A-1001",
          tenantId: "t",
          name: "Contoso",
          isCustomer: false,
          createdBy: { id: "u", name: "Ann" },
          createdAt: "2026-12-06T08:00:00.000Z",
        },
      },
      "",
      false,
    ),
  );
  expect(JSON.stringify(card)).toContain("6\\\\. dec. 2026");
  expect(JSON.stringify(card)).not.toMatch(/"6\. dec/);
});

/**
 * A prepared template escapes as it expands (walk.ts): the elements it makes, each as it is made, and what a
 * view model puts into the card whole (elements, facts), wherever it sits; a button's data is left alone.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

test("a prepared template escapes the elements it makes and those a view model puts in whole", () => {
  const template: Json = {
    type: "AdaptiveCard",
    body: [
      { type: "TextBlock", text: "${day}" },
      { type: "Container", items: "${elements}" },
      { type: "FactSet", facts: "${facts}" },
      { type: "Container", $data: "${rows}", items: [{ type: "TextBlock", text: "${text}" }] },
      { type: "ActionSet", actions: [{ type: "Action.Execute", verb: "v", data: "${data}" }] },
    ],
  };
  const root = {
    day: "6. dec. 2026",
    elements: [{ type: "Container", items: [{ type: "TextBlock", text: "31. mars 2027" }] }],
    facts: [{ title: "1. Kvartal", value: "2. juni" }],
    rows: [{ text: "3. mai" }, { text: "fire" }],
    data: Object.freeze({ text: "6. dec." }),
  };
  const expanded = preparedTemplate(template).expand({ $root: root });
  expect(expanded).toEqual({
    type: "AdaptiveCard",
    body: [
      { type: "TextBlock", text: "6\\. dec. 2026" },
      {
        type: "Container",
        items: [{ type: "Container", items: [{ type: "TextBlock", text: "31\\. mars 2027" }] }],
      },
      { type: "FactSet", facts: [{ title: "1\\. Kvartal", value: "2\\. juni" }] },
      { type: "Container", items: [{ type: "TextBlock", text: "3\\. mai" }] },
      { type: "Container", items: [{ type: "TextBlock", text: "fire" }] },
      { type: "ActionSet", actions: [{ type: "Action.Execute", verb: "v", data: { text: "6. dec." } }] },
    ],
  });
});

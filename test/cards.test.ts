import { readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, test } from "vitest";

import { CardRenderer, cardNames, type CardName } from "../src/kit/rendering/renderer.js";
import { escapeListMarkers } from "../src/kit/rendering/markdown.js";
import {
  builtInActivityNames,
  builtInCloseCodeDescriptions,
  builtInCycleNames,
  builtInStageNames,
} from "../src/domain/setup/built-ins.js";
import type { Role } from "../src/domain/shared/actor.js";
import { helpView, smallTalkView, welcomeView } from "../src/features/general/general.views.js";
import { commandCatalog } from "../src/features/index.js";
import {
  leadFormFields,
  leadFormView,
  leadListView,
  leadView,
  leadDuplicatesView,
} from "../src/features/leads/lead.views.js";
import { partyView } from "../src/features/parties/party.views.js";
import { problemText, type ViewContext } from "../src/kit/rendering/view-context.js";
import { leadInputKeys } from "../src/features/leads/lead.input.js";
import { translator, type MessageKey } from "../src/i18n/index.js";
import { projectRoot } from "../src/util/project-root.js";
import {
  actionRouteProblems,
  cardBytes,
  executeActions,
  inputLabelProblems,
  leftoverTemplateProblems,
  maxCardBytes,
  parseCard,
  submittedData,
  teamsTextProblems,
  unknownPropertyProblems,
  validateCard,
  validationProblems,
  versionAndActionProblems,
} from "./support/card-validation.js";
import { cycleCardSamples } from "./support/cycle-card-samples.js";
import { digestCardSamples } from "./support/digest-card-samples.js";
import { directoryCardSamples } from "./support/directory-card-samples.js";
import { distributionCardSamples } from "./support/distribution-card-samples.js";
import {
  ann,
  tenantId,
  timeline,
  fullLead,
  ownerActions,
  minimalLead,
  tenLeads,
  cursor,
  formValues,
  formProblems,
} from "./support/lead-card-samples.js";
import { opportunityCardSamples } from "./support/opportunity-card-samples.js";
import { partnerCardSamples } from "./support/partner-card-samples.js";
import { extensionCardSamples } from "./support/extension-card-samples.js";

/**
 * Every card template, expanded through the real view models in every language, must be a card Teams
 * accepts (Adaptive Cards 1.5, no parser or validation complaints, under 40 KB) and every button on it must
 * be one the bot understands.
 */

const locales = [
  { locale: "en-US", timeZone: "America/New_York" },
  { locale: "da-DK", timeZone: "Europe/Copenhagen" },
  { locale: "nb-NO", timeZone: "Europe/Oslo" },
  { locale: "sv-SE", timeZone: "Europe/Stockholm" },
] as const;
const roles: readonly Role[] = ["admin", "manager", "rep", "partner"];

// ---------------------------------------------------------------------------------------------------------
// Fixed sample data.

// ---------------------------------------------------------------------------------------------------------
// Samples: every card, every language, the edge variants.

interface Sample {
  readonly name: string;
  readonly card: CardName;
  readonly locale: string;
  readonly data: object;
  /** The Action.Execute verbs the card must offer, in order: proves the `$when`s and `$data`s expanded. */
  readonly verbs: readonly string[];
  /** Texts the card must show: proves the variant is the one named. */
  readonly shows: readonly string[];
}

function samplesFor(locale: string, timeZone: string): Sample[] {
  const t = translator(locale);
  const ctx: ViewContext = {
    t,
    locale,
    timeZone,
    recordUrl: (ref) => `https://pipeline.contoso.com/r/${ref}`,
  };
  const sample = (
    card: CardName,
    variant: string,
    data: object,
    verbs: string[],
    shows: string[],
  ): Sample => ({
    name: `${card} (${locale}, ${variant})`,
    card,
    locale,
    data,
    verbs,
    shows,
  });
  const newest = fullLead.timeline.slice(-5).map((e) => e.text);
  return [
    ...cycleCardSamples(ctx).map((s) => sample(s.card, s.variant, s.data, s.verbs, s.shows)),
    ...opportunityCardSamples(ctx).map((s) => sample(s.card, s.variant, s.data, s.verbs, s.shows)),
    ...directoryCardSamples(ctx).map((s) => sample(s.card, s.variant, s.data, s.verbs, s.shows)),
    ...digestCardSamples(ctx).map((s) => sample(s.card, s.variant, s.data, s.verbs, s.shows)),
    ...distributionCardSamples(ctx).map((s) => sample(s.card, s.variant, s.data, s.verbs, s.shows)),
    ...partnerCardSamples(ctx).map((s) => sample(s.card, s.variant, s.data, s.verbs, s.shows)),
    ...extensionCardSamples(ctx).map((s) => sample(s.card, s.variant, s.data, s.verbs, s.shows)),
    sample(
      "welcome",
      "personal",
      welcomeView(ctx, "personal", "rep"),
      ["lead.form", "help"],
      [t.t("welcome.personal")],
    ),
    sample(
      "welcome",
      "team",
      welcomeView(ctx, "team", "admin"),
      ["lead.form", "help"],
      [t.t("welcome.team")],
    ),
    ...(["greeting", "thanks"] as const).map((talk) =>
      sample("small-talk", talk, smallTalkView(ctx, talk, "Ann Berg"), ["help"], [t.t("talk.help")]),
    ),
    ...roles.flatMap((role) =>
      [false, true].map((inChannel) => {
        const commands = commandCatalog.filter((c) => c.roles.includes(role));
        return sample(
          "help",
          `${role}, ${inChannel ? "channel" : "personal chat"}, ${commands.length} of ${commandCatalog.length} commands`,
          helpView(ctx, commands, role, inChannel),
          commands.some((c) => c.name === "lead new") ? ["lead.form"] : [],
          commands.flatMap((c) => [c.usage, t.t(`command.${c.name}` as MessageKey)]),
        );
      }),
    ),
    sample("lead-form", "empty", leadFormView(ctx), ["lead.create"], [t.t("lead.form.intro")]),
    sample(
      "lead-form",
      "with values",
      leadFormView(ctx, { ...formValues, topic: "Treasury system" }),
      ["lead.create"],
      ["Treasury system", "Contoso Danmark ApS"],
    ),
    sample(
      "lead-form",
      "with problems",
      leadFormView(ctx, formValues, formProblems),
      ["lead.create"],
      [t.t("lead.form.errors"), ...formProblems.map((p) => problemText(t, p))],
    ),
    sample(
      "lead",
      "all fields, 6 timeline entries, created notice",
      leadView(ctx, fullLead, t.t("lead.created", { ref: fullLead.ref })),
      [],
      [t.t("lead.created", { ref: fullLead.ref }), fullLead.email ?? "", "Maja Sørensen", ...newest],
    ),
    sample(
      "lead",
      "required fields only, no timeline",
      leadView(ctx, minimalLead),
      [],
      [minimalLead.topic, t.t("lead.card.noTimeline")],
    ),
    sample(
      "lead",
      "open, seen by its owner (all buttons)",
      leadView(ctx, { ...minimalLead, timeline }, "", ownerActions),
      ["lead.qualify", "lead.disqualify", "lead.note", "lead.delete"],
      [
        t.t("lead.action.qualify"),
        t.t("lead.action.disqualify"),
        t.t("lead.action.note"),
        t.t("lead.action.delete"),
      ],
    ),
    sample(
      "lead",
      "disqualified, seen by its owner, records to choose",
      leadView(ctx, { ...minimalLead, status: "disqualified", disqualifyReason: "No budget" }, "", {
        ...ownerActions,
        chooseRecords: true,
      }),
      ["lead.reactivate", "lead.note", "lead.delete"],
      [t.t("lead.card.disqualified", { reason: "No budget" }), t.t("lead.action.reactivate")],
    ),
    sample(
      "lead-duplicates",
      "an account and a contact match",
      leadDuplicatesView(
        ctx,
        {
          leadRef: "L-1002",
          accounts: [{ ref: "A-1001", name: "Contoso Ltd", domain: "contoso.com" }],
          contacts: [{ ref: "C-1001", name: "Ann Berg", email: "ann@contoso.com" }],
        },
        "DKK",
      ),
      ["lead.qualify", "lead.qualify"],
      [t.t("lead.dup.title", { ref: "L-1002" }), "A-1001", "C-1001", t.t("lead.dup.anyway")],
    ),
    sample(
      "lead-duplicates",
      "only an account matches",
      leadDuplicatesView(
        ctx,
        { leadRef: "L-1003", accounts: [{ ref: "A-1001", name: "Contoso" }], contacts: [] },
        "EUR",
      ),
      ["lead.qualify", "lead.qualify"],
      ["A-1001 Contoso"],
    ),
    sample(
      "party",
      "an account, not yet a customer",
      partyView(
        ctx,
        {
          kind: "account",
          account: {
            ref: "A-1001",
            tenantId,
            name: "Contoso Ltd",
            domain: "contoso.com",
            industry: "Retail",
            isCustomer: false,
            createdBy: ann,
            createdAt: "2025-03-01T08:00:00.000Z",
          },
        },
        t.t("party.created", { ref: "A-1001" }),
        true,
      ),
      ["party.customer"],
      ["Contoso Ltd", "contoso.com", t.t("party.mark_customer")],
    ),
    sample(
      "party",
      "a customer contact seen by someone who cannot change it",
      partyView(
        ctx,
        {
          kind: "contact",
          contact: {
            ref: "C-1001",
            tenantId,
            kind: "person",
            firstName: "Maja",
            lastName: "Sørensen",
            email: "maja@example.com",
            accountRef: "A-1001",
            isCustomer: true,
            createdBy: ann,
            createdAt: "2025-03-01T08:00:00.000Z",
          },
        },
        "",
        false,
      ),
      [],
      ["Maja Sørensen", t.t("party.customer")],
    ),
    sample("lead-list", "0 items", leadListView(ctx, "open", [], undefined), [], [t.t("lead.list.empty")]),
    sample(
      "lead-list",
      "10 items and a cursor",
      leadListView(ctx, "all", tenLeads, cursor),
      [...tenLeads.map(() => "lead.show"), "lead.list"],
      [...tenLeads.map((l) => l.ref), t.t("lead.list.more")],
    ),
  ];
}

/**
 * The samples' data holds the defaults as stored (English, with their keys); the cards show a default in
 * the reader's language (src/domain/setup/built-ins.ts), so an expected text naming one is expected so.
 */
function inReadersLanguage(text: string, locale: string): string {
  const language = translator(locale).language;
  const tables = [builtInStageNames, builtInActivityNames, builtInCycleNames, builtInCloseCodeDescriptions];
  const pairs = tables
    .flatMap((table) => Object.values(table))
    .map((texts) => [texts.en, texts[language]] as const)
    .sort(([a], [b]) => b.length - a.length);
  return pairs.reduce(
    (out, [english, local]) => out.replace(new RegExp(`\\b${english}\\b`, "g"), local),
    text,
  );
}

/**
 * Teams' dynamic typeahead (`choices.data` with a Data.Query on Input.ChoiceSet, answered by the bot's
 * application/search) is a Teams addition to the 1.5 cards it renders; the parser knows it only from 1.6.
 */
const notTeamsTypeahead = (problem: string) =>
  !/^parser: UnsupportedProperty: Property "choices\.data" is supported in version 1\.6/.test(problem);

/** Cards that answer composeExtension/queryLink: Teams unfurls links into Adaptive Cards 1.3 at most. */
const unfurlCards: readonly CardName[] = ["record-compact"];

const samples = locales.flatMap(({ locale, timeZone }) => samplesFor(locale, timeZone));
const renderer = CardRenderer.load();

// ---------------------------------------------------------------------------------------------------------

describe("card templates expanded with the real view models", () => {
  test.each(samples.map((sample) => [sample.name, sample] as const))("%s", (_name, sample) => {
    const card = renderer.render(sample.card, sample.data);
    const json = JSON.stringify(card);

    // (1) parses as Adaptive Cards 1.5 without events, and without properties the parser would ignore
    const { parsed, problems } = parseCard(card);
    expect.soft(problems.filter(notTeamsTypeahead), "parser events").toEqual([]);
    expect.soft(unknownPropertyProblems(card), "unknown properties").toEqual([]);
    // (2) the library's validation (duplicate ids, required inputs without label/error message)
    expect.soft(validationProblems(parsed), "validation").toEqual([]);
    // (3) nothing left unexpanded
    expect.soft(leftoverTemplateProblems(card), "template leftovers").toEqual([]);
    expect.soft(json.includes("${"), "the card's JSON contains ${").toBe(false);
    // (4) every input has a label
    expect.soft(inputLabelProblems(card), "input labels").toEqual([]);
    // (5) size
    expect.soft(cardBytes(card)).toBeLessThan(maxCardBytes);
    // (6) version 1.5 (1.3 for cards that also answer a pasted link: Teams unfurls nothing newer), verbs
    // only on Action.Execute, data always an object
    const version = unfurlCards.includes(sample.card) ? "1.3" : "1.5";
    expect.soft(card.version).toBe(version);
    expect.soft(versionAndActionProblems(card, version), "version and actions").toEqual([]);
    // (7) every button is one the bot understands, with the data it would send
    expect.soft(actionRouteProblems(card), "actions the bot refuses").toEqual([]);
    // (8) no text Teams would drop as HTML, no line it would draw as a numbered list
    expect.soft(teamsTextProblems(card), "text as Teams draws it").toEqual([]);

    // the sample is the variant its name says
    expect.soft(executeActions(card).map((a) => a.verb)).toEqual(sample.verbs);
    // (a text that starts a TextBlock or fact may carry the escape that keeps Teams from drawing a list)
    for (const text of sample.shows) {
      const shown = [text, escapeListMarkers(text)]
        .flatMap((t) => [t, inReadersLanguage(t, sample.locale)])
        .map((t) => JSON.stringify(t).slice(1, -1));
      expect
        .soft(
          shown.some((t) => json.includes(t)),
          `the card shows ${text}`,
        )
        .toBe(true);
    }
  });

  test("the samples cover every card in every language", () => {
    const covered = new Set(samples.map((s) => `${s.card} ${s.locale}`));
    const missing = cardNames.flatMap((card) =>
      locales.map(({ locale }) => `${card} ${locale}`).filter((key) => !covered.has(key)),
    );
    expect(missing).toEqual([]);
  });

  test("every template in cards/ is a card name the renderer loads (no orphan, none missing)", () => {
    const templates = readdirSync(join(projectRoot(), "cards"))
      .filter((file) => file.endsWith(".json"))
      .map((file) => basename(file, ".json"))
      .sort();
    expect(templates).toEqual([...cardNames].sort());
  });

  test("the lead form sends exactly the lead fields the bot parses, and the bot accepts them", () => {
    const card = renderer.render(
      "lead-form",
      leadFormView({ t: translator("da-DK") }, formValues, formProblems),
    );
    const [create] = executeActions(card);
    expect(create?.verb).toBe("lead.create");
    const data = submittedData(card, create ?? { verb: "", data: {}, associatedInputs: "auto", path: "" });
    expect(Object.keys(data).sort()).toEqual([...leadInputKeys].sort());
    expect(Object.keys(data).sort()).toEqual([...leadFormFields].sort());
    expect(data).toMatchObject({ email: formValues.email, last: formValues.last, source: "website" });
  });
});

// ---------------------------------------------------------------------------------------------------------

describe("the card checks catch broken cards", () => {
  test("an unknown property, an unlabeled input and a leftover ${x} are all reported", () => {
    const broken = {
      type: "AdaptiveCard",
      version: "1.5",
      body: [
        { type: "TextBlock", text: "Hello ${x}", colour: "Attention", wrap: true },
        { type: "Input.Text", id: "email" },
      ],
      actions: [{ type: "Action.Execute", title: "Create", verb: "lead.create", data: {} }],
    };
    expect(validateCard(broken)).toEqual([
      'unknown property "colour" on TextBlock at $.body[0]',
      'unexpanded template text "Hello ${x}" at $.body[0].text',
      'Input.Text "email" at $.body[1] has no label',
    ]);
  });

  const brokenCards: { what: string; card: object; problems: string[] }[] = [
    {
      what: "an unknown element type",
      card: { type: "AdaptiveCard", version: "1.5", body: [{ type: "Carousel2", items: [] }] },
      problems: [
        'parser: UnknownElementType: Unknown element type "Carousel2". Fallback will be used if present.',
      ],
    },
    {
      what: "a property newer than 1.5",
      card: {
        type: "AdaptiveCard",
        version: "1.5",
        body: [{ type: "Input.Text", id: "topic", label: "Topic", labelPosition: "inline" }],
      },
      problems: ["parser: UnsupportedProperty"],
    },
    {
      what: "an invalid property value",
      card: {
        type: "AdaptiveCard",
        version: "1.5",
        body: [{ type: "TextBlock", text: "x", color: "Purple" }],
      },
      problems: ["parser: InvalidPropertyValue"],
    },
    {
      what: "a template keyword left in the card",
      card: { type: "AdaptiveCard", version: "1.5", body: [{ type: "TextBlock", text: "x", $when: "true" }] },
      problems: [
        'unknown property "$when" on TextBlock at $.body[0]',
        'template keyword "$when" left at $.body[0]',
      ],
    },
    {
      what: "an unknown property inside an action's selectAction",
      card: {
        type: "AdaptiveCard",
        version: "1.5",
        body: [
          {
            type: "Container",
            items: [],
            selectAction: { type: "Action.Execute", verb: "help", data: {}, tittle: "Help" },
          },
        ],
      },
      problems: ['unknown property "tittle" on Action.Execute at $.body[0].selectAction'],
    },
    {
      what: "unknown properties deep in columns, facts and choices",
      card: {
        type: "AdaptiveCard",
        version: "1.5",
        body: [
          {
            type: "ColumnSet",
            columns: [
              { type: "Column", widht: "auto", items: [{ type: "TextBlock", text: "x", bold: true }] },
            ],
          },
          { type: "FactSet", facts: [{ title: "Owner", value: "Ann", name: "owner" }] },
          {
            type: "Input.ChoiceSet",
            id: "source",
            label: "Source",
            choices: [{ title: "Website", value: "website", selected: true }],
          },
        ],
      },
      problems: [
        'unknown property "widht" on Column at $.body[0].columns[0]',
        'unknown property "bold" on TextBlock at $.body[0].columns[0].items[0]',
        'unknown property "name" on Fact at $.body[1].facts[0]',
        'unknown property "selected" on Choice at $.body[2].choices[0]',
      ],
    },
    {
      what: "duplicate ids",
      card: {
        type: "AdaptiveCard",
        version: "1.5",
        body: [
          { type: "Input.Text", id: "email", label: "Email" },
          { type: "Input.Text", id: "email", label: "Email again" },
        ],
      },
      problems: ['validation: id "email" is used 2 times'],
    },
    {
      what: "a required input without an error message",
      card: {
        type: "AdaptiveCard",
        version: "1.5",
        body: [{ type: "Input.Text", id: "topic", label: "Topic", isRequired: true }],
      },
      problems: [
        "validation: RequiredInputsShouldHaveErrorMessage: Required inputs should have an error message",
      ],
    },
    {
      what: "version 1.6",
      card: { type: "AdaptiveCard", version: "1.6", body: [] },
      problems: ['version is "1.6", not "1.5"'],
    },
    {
      what: "a verb on Action.Submit",
      card: {
        type: "AdaptiveCard",
        version: "1.5",
        body: [],
        actions: [{ type: "Action.Submit", title: "Help", verb: "help", data: {} }],
      },
      problems: [
        'unknown property "verb" on Action.Submit at $.actions[0]',
        "Action.Submit at $.actions[0] has a verb; only Action.Execute may have one",
      ],
    },
    {
      what: "Action.Execute data that is not an object",
      card: {
        type: "AdaptiveCard",
        version: "1.5",
        body: [],
        actions: [{ type: "Action.Execute", title: "Help", verb: "help", data: "help" }],
      },
      problems: ['Action.Execute at $.actions[0] has data "help"; it must be an object'],
    },
    {
      what: "a verb the bot does not know",
      card: {
        type: "AdaptiveCard",
        version: "1.5",
        body: [],
        actions: [{ type: "Action.Execute", title: "Delete", verb: "lead.explode", data: { ref: "L-1" } }],
      },
      problems: [
        'Action.Execute "lead.explode" at $.actions[0] is refused by the bot (reply.unknown_action)',
      ],
    },
    {
      what: "data the bot refuses for a known verb",
      card: {
        type: "AdaptiveCard",
        version: "1.5",
        body: [],
        actions: [{ type: "Action.Execute", title: "More", verb: "lead.list", data: { status: "won" } }],
      },
      problems: ['Action.Execute "lead.list" at $.actions[0] is refused by the bot (reply.bad_action)'],
    },
    {
      what: "a placeholder in angle brackets, which Teams drops as HTML",
      card: {
        type: "AdaptiveCard",
        version: "1.5",
        body: [{ type: "TextBlock", text: "lead show <L-ref>" }],
      },
      problems: ['text "lead show <L-ref>" at $.body[0].text has <…>, which Teams drops'],
    },
    {
      what: "a Danish date at the start of a fact's value, and a numbered line in a text",
      card: {
        type: "AdaptiveCard",
        version: "1.5",
        body: [
          { type: "FactSet", facts: [{ title: "Lukkedato", value: "6. dec. 2026" }] },
          { type: "TextBlock", text: "Noter\n31. mars 2027: ring" },
        ],
      },
      problems: [
        'text "6. dec. 2026" at $.body[0].facts[0].value is drawn as a numbered list',
        'text "Noter\\n31. mars 2027: ring" at $.body[1].text is drawn as a numbered list',
      ],
    },
    {
      what: "a card over 40 KB",
      card: {
        type: "AdaptiveCard",
        version: "1.5",
        body: Array.from({ length: 500 }, (_, i) => ({
          type: "TextBlock",
          text: `Line ${i} ${"x".repeat(80)}`,
        })),
      },
      problems: ["the card is "],
    },
  ];

  test.each(brokenCards.map((broken) => [broken.what, broken] as const))(
    "%s is reported",
    (_what, { card, problems: expected }) => {
      const problems = validateCard(card);
      // each problem, cut to the expected text it starts with: exactly the expected problems, in order
      expect(problems.map((p) => expected.find((prefix) => p.startsWith(prefix)) ?? p)).toEqual(expected);
    },
  );
});

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { validateCard } from "../support/card-validation.js";
import { playgroundAdmin, startBotWithPlayground } from "./support/bot-and-playground.js";
import type { BotProcess } from "./support/bot-process.js";
import {
  buttonTitles,
  choiceValue,
  facts,
  Journey,
  revisionOn,
  submission,
  textBlocks,
} from "./support/journey.js";
import type { Playground } from "./support/playground.js";
import { ADAPTIVE_CARD, cardText, type BotMessage } from "./support/playground.js";

/**
 * The sales journey end to end, as a rep who is also an admin lives it in Teams: a lead typed in the personal
 * chat, worked with its card's forms, qualified past a possible duplicate into an opportunity, moved through
 * the stages with buttons, typed commands and forms (also from a team channel, mentioning the bot), lines,
 * quote, order, won and lost, deleted and purged, then pipeline, inbox and the sales cycle. One real bot
 * process (embedded store in a temp folder) and one Microsoft 365 Agents Playground; the tests run in order
 * and build on each other. Buttons are pressed on the cards the bot sent, with the verbs and data of those
 * cards; only the tests named "forged" make their own.
 */

const hookTimeoutMs = 120_000;
const testTimeoutMs = 30_000;

let bot: BotProcess;
let pg: Playground;
let j: Journey;

beforeAll(async () => {
  ({ bot, pg } = await startBotWithPlayground());
  j = new Journey(pg, bot);
}, hookTimeoutMs);

afterAll(async () => {
  await pg?.stop();
  await bot?.stop();
}, hookTimeoutMs);

/** Typed in the team's General channel, mentioning the bot (it opens a thread there). */
const inChannel = () => ({ conversationId: pg.generalChannelId, mention: true });
/** The first card of O-1001 (step 2); step 3 presses its buttons, and later finds it stale. */
const step3: { first?: BotMessage } = {};

// ---------------------------------------------------------------------------------------------------------

test(
  "the app is installed in the personal chat and in the team, by the admin the bot was told about",
  async () => {
    expect(pg.currentUser.aadObjectId).toBe(playgroundAdmin.aadObjectId);
    const mark = pg.mark();
    await pg.install("personal");
    await pg.install("team");
    const personal = await pg.nextMessage((m) => m.seq >= mark && m.conversationId === pg.personalChatId);
    const team = await pg.nextMessage((m) => m.seq >= mark && m.rootConversationId === pg.teamId);
    for (const welcome of [personal, team]) {
      expect(cardText(welcome.card)).toContain("Welcome to Pipeline");
      expect(cardText(welcome.card)).toContain("Your role: admin");
      j.cards.push({ where: "welcome", card: welcome.card });
    }
  },
  testTimeoutMs,
);

// ---------------------------------------------------------------------------------------------------------
// 1. A lead, with a note from its card's form and a typed activity

describe("1. a lead typed in the personal chat, worked with its card", () => {
  let lead: BotMessage;

  test(
    "lead new with arguments answers with the lead card of L-1001",
    async () => {
      lead = await j.askCard(
        "lead new Website redesign first=Ann last=Berg company=Contoso email=ann@contoso.com",
      );
      expect(textBlocks(lead.card)).toEqual(
        expect.arrayContaining(["Lead L-1001 created.", "L-1001", "Website redesign", "Ann Berg", "Open"]),
      );
      expect(facts(lead.card)).toMatchObject({ Company: "Contoso", Email: "ann@contoso.com" });
      expect(buttonTitles(lead.card)).toEqual(
        expect.arrayContaining(["Qualify › Qualify", "Add note › Save"]),
      );
    },
    testTimeoutMs,
  );

  test(
    "the card's Add note form saves a note, and the card shows it",
    async () => {
      const pressed = await j.press(
        lead,
        { title: "Save", in: "Add note" },
        { noteText: "Budget around 25k, decision in Q1" },
      );
      // The form sends the lead's reference from the card and what was typed, nothing else.
      expect(pressed.data).toEqual({
        ref: "L-1001",
        noteKind: "note",
        noteText: "Budget around 25k, decision in Q1",
      });
      expect(pressed.result.type).toBe(ADAPTIVE_CARD);
      expect(textBlocks(pressed.card)).toEqual(
        expect.arrayContaining(["Added to L-1001.", "Budget around 25k, decision in Q1"]),
      );
    },
    testTimeoutMs,
  );

  test(
    "a typed log adds a phone call to the lead's timeline",
    async () => {
      expect(await j.askText("log L-1001 call Discussed budget")).toBe("Added to L-1001.");
      const shown = await j.askCard("lead show L-1001");
      expect(textBlocks(shown.card)).toEqual(
        expect.arrayContaining(["Discussed budget", "Budget around 25k, decision in Q1"]),
      );
      expect(textBlocks(shown.card).some((text) => text.startsWith("Phone call · Alex Wilber"))).toBe(true);
      lead = shown;
    },
    testTimeoutMs,
  );

  test(
    "forged: a 5000-character note sent through the Add note form, and one typed, are refused; nothing is saved",
    async () => {
      const stored = await j.stored();
      // The form's note field takes at most 2000 characters, so only a forged request carries 5000.
      const save = j.button(lead, { title: "Save", in: "Add note" });
      const forged = await j.forge(lead, save.verb, { ...submission(save), noteText: "x".repeat(5000) });
      expect(forged.message).toBe(
        "That button's data was not valid, so nothing was changed. Open the card again with a fresh command.",
      );
      const typed = `note L-1001 ${"y".repeat(5000 - "note L-1001 ".length)}`;
      expect(await j.askText(typed)).toBe("That message is too long (5000 characters); keep it under 4000.");
      expect(await j.stored()).toBe(stored);
      const shown = await j.askCard("lead show L-1001");
      expect(revisionOn(shown.card, "L-1001")).toBe(revisionOn(lead.card, "L-1001"));
    },
    testTimeoutMs,
  );

  let staleLead: BotMessage;

  test(
    "a second lead's cards go out of date when a meeting is logged; Disqualify on one of them is refused",
    async () => {
      staleLead = await j.askCard("lead new Fleet renewal last=Olsen company=Fabrikam");
      expect(textBlocks(staleLead.card)).toContain("Lead L-1002 created.");
      const other = await j.askCard("lead show L-1002");
      expect(await j.askText("log L-1002 meeting Demo booked for Friday")).toBe("Added to L-1002.");
      const stored = await j.stored();
      const refused = await j.press(other, { title: "Disqualify", in: "Disqualify" });
      expect(textBlocks(refused.card)[0]).toBe(
        "This card showed an older version of L-1002; nothing was changed. Here it is now.",
      );
      expect(textBlocks(refused.card)).toContain("Demo booked for Friday");
      expect(await j.stored()).toBe(stored);
    },
    testTimeoutMs,
  );

  test(
    "Delete lead on an out-of-date lead card is refused with the current card, and the lead stays",
    async () => {
      const pressed = await j.press(staleLead, { title: "Delete lead", in: "Delete" });
      expect(pressed.message ?? textBlocks(pressed.card)[0]).toBe(
        "This card showed an older version of L-1002; nothing was changed. Here it is now.",
      );
      const shown = await j.askCard("lead show L-1002");
      expect(textBlocks(shown.card)).toContain("Demo booked for Friday");
    },
    testTimeoutMs,
  );
});

// ---------------------------------------------------------------------------------------------------------
// 2. An existing account that looks like a duplicate, then qualifying

describe("2. qualifying past a possible duplicate", () => {
  let lead: BotMessage;

  test(
    "account new in the team channel, mentioning the bot, creates A-1001 for contoso.com",
    async () => {
      const account = await j.askCard("account new Contoso Ltd domain=contoso.com", inChannel());
      expect(account.rootConversationId).toBe(pg.generalChannelId);
      expect(textBlocks(account.card)).toEqual(
        expect.arrayContaining(["A-1001 created.", "Contoso Ltd", "Not a customer yet"]),
      );
      expect(facts(account.card)).toMatchObject({ "Web domain": "contoso.com" });
    },
    testTimeoutMs,
  );

  test(
    "Qualify on the lead card (currency in its form) answers with the possible duplicates, listing A-1001",
    async () => {
      lead = await j.askCard("lead show L-1001");
      const qualify = j.button(lead, { title: "Qualify", in: "Qualify" });
      expect(qualify.inputs.map((i) => i.id)).toEqual(["qualifyCurrency"]);
      const pressed = await j.press(lead, { title: "Qualify", in: "Qualify" }, { qualifyCurrency: "EUR" });
      expect(pressed.data).toMatchObject({ refs: ["L-1001"], qualifyCurrency: "EUR" });
      expect(textBlocks(pressed.card)).toEqual(
        expect.arrayContaining([
          "Possible duplicates for L-1001",
          "These records already exist. Link the lead to one of them, or create new ones anyway.",
        ]),
      );
      expect(facts(pressed.card)).toEqual({ "A-1001": "Contoso Ltd · contoso.com" });
      expect(buttonTitles(pressed.card)).toEqual(["Link and qualify", "Create new anyway"]);
      // Nothing was created yet.
      expect(await j.askText("opp show O-1001")).toBe(
        "I can't find opportunity O-1001. Type opp list to see the opportunities.",
      );
    },
    testTimeoutMs,
  );

  test(
    "Link and qualify, with A-1001 chosen, qualifies L-1001 into O-1001 on A-1001 and a new contact",
    async () => {
      const link = j.button(lead, { title: "Link and qualify" });
      const a1001 = choiceValue(link, "linkAccount", "A-1001 Contoso Ltd · contoso.com");
      const pressed = await j.press(lead, { title: "Link and qualify" }, { linkAccount: a1001 });
      expect(pressed.data).toMatchObject({ refs: ["L-1001"], linkAccount: "A-1001" });
      expect(textBlocks(pressed.card)).toEqual(
        expect.arrayContaining([
          "Lead L-1001 qualified: opportunity O-1001, account A-1001, contact C-1001.",
          "Qualified",
        ]),
      );
      expect(facts(pressed.card)).toMatchObject({ "Qualified into": "O-1001, A-1001, C-1001" });
      // Linked, not duplicated: the new contact is on A-1001, and there is no second account.
      const contact = await j.askCard("contact show C-1001", inChannel());
      expect(textBlocks(contact.card)).toContain("Ann Berg");
      expect(facts(contact.card)).toMatchObject({ Email: "ann@contoso.com", Account: "A-1001" });
      expect(await j.askText("account show A-1002")).toBe(
        'I can\'t find the account "A-1002". Use its reference (A-1001), its name or its web domain.',
      );
    },
    testTimeoutMs,
  );

  test(
    "opp show O-1001 shows the opportunity of account A-1001 with Ann Berg as primary contact, and the lead's note and call",
    async () => {
      const opp = await j.askCard("opp show O-1001");
      const blocks = textBlocks(opp.card);
      expect(blocks).toEqual(
        expect.arrayContaining([
          "O-1001",
          "Website redesign",
          "Contoso Ltd · Account A-1001",
          "Budget around 25k, decision in Q1",
          "Discussed budget",
        ]),
      );
      expect(facts(opp.card)).toMatchObject({
        Stage: "Qualify",
        "From lead": "L-1001",
        "Primary contact": "Ann Berg (C-1001)",
      });
      step3.first = opp;
    },
    testTimeoutMs,
  );
});

// ---------------------------------------------------------------------------------------------------------
// 3. Stages: buttons, a typed skip, the Go back to… form, and a stale card

describe("3. moving O-1001 through the stages", () => {
  let typed: BotMessage;
  let inTeam: BotMessage;

  const stageOf = (card: unknown) => facts(card)["Stage"];

  test(
    "Next stage on the card → Develop",
    async () => {
      const card = step3.first as BotMessage;
      const pressed = await j.press(card, { title: "Next stage" });
      expect(pressed.data).toEqual({ ref: "O-1001", revision: revisionOn(card.card, "O-1001") });
      expect(textBlocks(pressed.card)).toContain("O-1001 moved to Develop.");
      expect(stageOf(pressed.card)).toBe("Develop");
    },
    testTimeoutMs,
  );

  test(
    "typed opp skip O-1001 Propose → Propose",
    async () => {
      typed = await j.askCard("opp skip O-1001 Propose");
      expect(textBlocks(typed.card)).toContain("O-1001 moved to Propose.");
      expect(stageOf(typed.card)).toBe("Propose");
    },
    testTimeoutMs,
  );

  test(
    "Previous stage on that card → Develop, where Go back to… is not offered (Previous stage is)",
    async () => {
      const pressed = await j.press(typed, { title: "Previous stage" });
      expect(textBlocks(pressed.card)).toContain("O-1001 moved to Develop.");
      expect(stageOf(pressed.card)).toBe("Develop");
      expect(buttonTitles(pressed.card)).not.toContain("Go back to…");
      expect(buttonTitles(pressed.card)).toContain("Previous stage");
    },
    testTimeoutMs,
  );

  test(
    "in the team channel, @Pipeline opp show O-1001 and Next stage on that card → Propose",
    async () => {
      inTeam = await j.askCard("opp show O-1001", inChannel());
      expect(inTeam.rootConversationId).toBe(pg.generalChannelId);
      expect(stageOf(inTeam.card)).toBe("Develop");
      const pressed = await j.press(inTeam, { title: "Next stage" });
      expect(textBlocks(pressed.card)).toContain("O-1001 moved to Propose.");
      expect(stageOf(pressed.card)).toBe("Propose");
    },
    testTimeoutMs,
  );

  test(
    "Go back to… opens the form; choosing Qualify → Qualify",
    async () => {
      const form = await j.press(inTeam, { title: "Go back to…" });
      expect(textBlocks(form.card)).toEqual(
        expect.arrayContaining([
          "Move O-1001 back to an earlier stage",
          "Now in Propose. Choose the stage to go back to.",
        ]),
      );
      const goBack = j.button(inTeam, { title: "Go back" });
      const pressed = await j.press(
        inTeam,
        { title: "Go back" },
        { stage: choiceValue(goBack, "stage", "Qualify") },
      );
      expect(textBlocks(pressed.card)).toContain("O-1001 moved to Qualify.");
      expect(stageOf(pressed.card)).toBe("Qualify");
      expect(textBlocks(pressed.card)).toEqual(
        expect.arrayContaining([
          "Went back: Propose → Qualify",
          "Next stage: Develop → Propose",
          "Previous stage: Propose → Develop",
          "Skipped: Develop → Propose",
          "Next stage: Qualify → Develop",
        ]),
      );
    },
    testTimeoutMs,
  );

  test(
    "Next stage on a stale card (the first one, still showing Develop) is refused with the current card",
    async () => {
      const stale = step3.first as BotMessage;
      expect(stageOf(j.cardOf(stale))).toBe("Develop");
      const stored = await j.stored();
      const pressed = await j.press(stale, { title: "Next stage" });
      expect(textBlocks(pressed.card)[0]).toBe(
        "O-1001 was changed after this card was shown, so your click did nothing. This is how it looks now; try again if you still want to.",
      );
      expect(stageOf(pressed.card)).toBe("Qualify");
      expect(await j.stored()).toBe(stored);
    },
    testTimeoutMs,
  );

  test(
    "forged: opp.next for an opportunity that does not exist, and with revisions of the wrong type",
    async () => {
      const card = step3.first as BotMessage;
      const next = j.button(card, { title: "Next stage" });
      const stored = await j.stored();
      const revision = revisionOn(j.cardOf(card), "O-1001");

      const missing = await j.forge(card, "opp.next", { ...next.data, ref: "O-9999" });
      expect(missing.message).toBe(
        "I can't find opportunity O-9999. Type opp list to see the opportunities.",
      );

      for (const wrong of ["three", true, null, { n: 3 }, [revision]]) {
        const forged = await j.forge(card, "opp.next", { ...next.data, revision: wrong });
        expect(forged.message, `revision ${JSON.stringify(wrong)}`).toBe(
          "That button's data was not valid, so nothing was changed. Open the card again with a fresh command.",
        );
      }
      expect(await j.stored()).toBe(stored);
      const shown = await j.askCard("opp show O-1001");
      expect(stageOf(shown.card)).toBe("Qualify");
      expect(revisionOn(shown.card, "O-1001")).toBe(revision);
    },
    testTimeoutMs,
  );
});

// ---------------------------------------------------------------------------------------------------------
// 4. Lines, quote, order, won, delete

describe("4. lines, quote, order, won and deleted", () => {
  let o1: BotMessage;
  let o2: BotMessage;

  test(
    "a typed line and one from the Add line form: the estimated value is their sum",
    async () => {
      o1 = await j.askCard("opp line O-1001 Website build qty=1 price=24000");
      expect(textBlocks(o1.card)).toContain("Line added to O-1001: Website build, 1 × €24,000.00.");
      expect(facts(o1.card)).toMatchObject({ "Estimated value": "€24,000.00" });

      const form = await j.press(o1, { title: "Add line" });
      expect(textBlocks(form.card)).toContain("Add a line to O-1001");
      const added = await j.press(
        o1,
        { title: "Add line" },
        { product: "Hosting setup", qty: "2", price: "1 500" },
      );
      expect(textBlocks(added.card)).toEqual(
        expect.arrayContaining([
          "Line added to O-1001: Hosting setup, 2 × €1,500.00.",
          "Website build",
          "Hosting setup",
          "€3,000.00",
          "Total",
          "€27,000.00",
        ]),
      );
      expect(facts(added.card)).toMatchObject({ "Estimated value": "€27,000.00" });
    },
    testTimeoutMs,
  );

  test(
    "O-1001 is account A-1001's deal, so its card offers Quote; Ann Berg is its primary contact",
    async () => {
      expect(textBlocks(j.cardOf(o1))).toContain("Contoso Ltd · Account A-1001");
      expect(facts(j.cardOf(o1))).toMatchObject({ "Primary contact": "Ann Berg (C-1001)" });
      expect(buttonTitles(j.cardOf(o1))).toContain("Quote");
    },
    testTimeoutMs,
  );

  test(
    "opp new on the company account A-1001, then a line: the value is the line's",
    async () => {
      const created = await j.askCard("opp new Hosting account=A-1001 value=5000");
      expect(textBlocks(created.card)).toEqual(
        expect.arrayContaining(["Opportunity O-1002 created.", "Contoso Ltd · Account A-1001"]),
      );
      expect(facts(created.card)).toMatchObject({ Stage: "Qualify", "Estimated value": "€5,000.00" });
      o2 = await j.askCard("opp line O-1002 Hosting year 1 qty=12 price=400");
      expect(facts(o2.card)).toMatchObject({ "Estimated value": "€4,800.00" });
    },
    testTimeoutMs,
  );

  test(
    "Skip to… Propose with the form; Next stage into Negotiate is refused until there is a quote",
    async () => {
      await j.press(o2, { title: "Skip to…" });
      const skip = j.button(o2, { title: "Skip" });
      const skipped = await j.press(o2, { title: "Skip" }, { stage: choiceValue(skip, "stage", "Propose") });
      expect(textBlocks(skipped.card)).toContain("O-1002 moved to Propose.");

      const stored = await j.stored();
      const refused = await j.press(o2, { title: "Next stage" });
      expect(textBlocks(refused.card)[0]).toBe(
        "The stage Negotiate needs a sales quote first. Make one with opp quote O-1002, then move the opportunity again.",
      );
      expect(facts(refused.card)["Stage"]).toBe("Propose");
      expect(await j.stored()).toBe(stored);
    },
    testTimeoutMs,
  );

  test(
    "Quote makes Q-1001 from the lines; then Next stage → Negotiate",
    async () => {
      const quoted = await j.press(o2, { title: "Quote" });
      expect(textBlocks(quoted.card)).toContain("Sales quote Q-1001 made for O-1002: €4,800.00.");
      expect(facts(quoted.card)).toMatchObject({ "Sales quote": "Q-1001 · €4,800.00" });
      const moved = await j.press(o2, { title: "Next stage" });
      expect(textBlocks(moved.card)).toContain("O-1002 moved to Negotiate.");
      expect(facts(moved.card)).toMatchObject({ Stage: "Negotiate", "Chances of success": "80%" });
    },
    testTimeoutMs,
  );

  test(
    "opp order is refused until customer A-1001 (in the channel); then Order makes SO-1001",
    async () => {
      const stored = await j.stored();
      expect(await j.askText("opp order O-1002")).toBe(
        "Contoso Ltd is not a customer yet, so no sales order can be made. Mark it as a customer with customer A-1001, then type opp order O-1002 again.",
      );
      expect(await j.stored()).toBe(stored);

      const customer = await j.askCard("customer A-1001", inChannel());
      expect(textBlocks(customer.card)).toEqual(
        expect.arrayContaining(["A-1001 is now a customer: orders can be made for it.", "Customer"]),
      );

      const ordered = await j.press(o2, { title: "Order" });
      expect(textBlocks(ordered.card)).toContain(
        "Sales order SO-1001 made for O-1002 from sales quote Q-1001.",
      );
      expect(facts(ordered.card)).toMatchObject({ "Sales order": "SO-1001 · €4,800.00" });
    },
    testTimeoutMs,
  );

  test(
    "the Close form, Won, a won close code → Won, 100 %, read-only",
    async () => {
      const form = await j.press(o2, { title: "Close" });
      expect(textBlocks(form.card)).toContain("Close O-1002");
      const won = await j.press(o2, { title: "Won" });
      expect(textBlocks(won.card)).toContain("Closing as won.");
      const close = j.button(o2, { title: "Close as won" });
      const codes = close.inputs.find((i) => i.id === "code")?.choices?.map((c) => c.value);
      expect(codes).toEqual(["WON-PRICE", "WON-PRODUCT", "WON-RELATION"]);
      const closed = await j.press(o2, { title: "Close as won" }, { code: "WON-PRODUCT" });
      const card = closed.card;
      expect(textBlocks(card)).toEqual(
        expect.arrayContaining(["O-1002 closed as won (WON-PRODUCT).", "Won"]),
      );
      // The stage line ends with how it closed.
      expect(textBlocks(card).some((t) => t.endsWith(" › Closed won"))).toBe(true);
      expect(facts(card)).toMatchObject({
        Stage: "Closed won",
        "Chances of success": "100%",
        Completed: "100%",
        Probability: "100%",
        "Close code": "WON-PRODUCT — Best product fit",
      });
      // Read-only: no stage, deal or close buttons; the admin may reopen or delete.
      expect(buttonTitles(card)).toEqual(["Reopen", "Delete"]);
    },
    testTimeoutMs,
  );

  test(
    "Delete asks to confirm; confirming deletes O-1002, which is gone from opp list closed",
    async () => {
      const ask = await j.press(o2, { title: "Delete" });
      expect(textBlocks(ask.card)).toContain(
        "Delete O-1002 with its lines and history? This cannot be undone.",
      );
      expect(buttonTitles(ask.card)).toEqual(["Delete O-1002 permanently", "Cancel"]);
      const deleted = await j.press(o2, { title: "Delete O-1002 permanently" });
      expect(textBlocks(deleted.card)).toEqual(
        expect.arrayContaining(["Opportunity O-1002 deleted.", "Closed opportunities"]),
      );
      const closed = await j.askCard("opp list closed");
      expect(cardText(closed.card)).not.toContain("O-1002");
      expect(await j.askText("opp show O-1002")).toBe(
        "I can't find opportunity O-1002. Type opp list to see the opportunities.",
      );
    },
    testTimeoutMs,
  );
});

// ---------------------------------------------------------------------------------------------------------
// 5. Lost, and purged

describe("5. another opportunity closed lost, then purged", () => {
  const step5: { lost?: BotMessage } = {};

  test(
    "a won code on lost is refused; opp close … lost LOST-PRICE closes it lost",
    async () => {
      const created = await j.askCard("opp new Support renewal account=A-1001 value=1200");
      expect(textBlocks(created.card)).toContain("Opportunity O-1003 created.");

      const stored = await j.stored();
      expect(await j.askText("opp close O-1003 lost WON-PRICE")).toBe(
        "WON-PRICE is a close code for opportunities that are won, not lost. Use one of: LOST-PRICE, LOST-COMPETITOR, LOST-NOBUDGET, LOST-NODECISION.",
      );
      expect(await j.stored()).toBe(stored);

      const lost = await j.askCard("opp close O-1003 lost LOST-PRICE");
      step5.lost = lost;
      expect(textBlocks(lost.card)).toEqual(
        expect.arrayContaining(["O-1003 closed as lost (LOST-PRICE).", "Lost"]),
      );
      // The stage line ends with how it closed.
      expect(textBlocks(lost.card).some((t) => t.endsWith(" › Closed lost"))).toBe(true);
      expect(facts(lost.card)).toMatchObject({
        Stage: "Closed lost",
        Probability: "0%",
        "Close code": "LOST-PRICE — Price too high",
      });
    },
    testTimeoutMs,
  );

  test(
    "as admin, Reopen on the lost card → back in Qualify; the Close form, Lost, a lost code → lost again",
    async () => {
      const lost = step5.lost as BotMessage;
      const reopened = await j.press(lost, { title: "Reopen" });
      expect(textBlocks(reopened.card)).toEqual(
        expect.arrayContaining(["O-1003 reopened in Qualify.", "Reopened: Closed lost → Qualify"]),
      );
      expect(facts(reopened.card)).toMatchObject({ Stage: "Qualify" });
      await j.press(lost, { title: "Close" });
      const form = await j.press(lost, { title: "Lost" });
      expect(textBlocks(form.card)).toContain("Closing as lost.");
      const close = j.button(lost, { title: "Close as lost" });
      expect(close.inputs.find((i) => i.id === "code")?.choices?.map((c) => c.value)).toEqual([
        "LOST-PRICE",
        "LOST-COMPETITOR",
        "LOST-NOBUDGET",
        "LOST-NODECISION",
      ]);
      const closed = await j.press(
        lost,
        { title: "Close as lost" },
        { code: choiceValue(close, "code", "LOST-NOBUDGET — No budget") },
      );
      expect(textBlocks(closed.card)).toContain("O-1003 closed as lost (LOST-NOBUDGET).");
      expect(facts(closed.card)).toMatchObject({ Stage: "Closed lost", Probability: "0%" });
    },
    testTimeoutMs,
  );

  test(
    "opp purge lost, as admin, reports the count; opp list closed is empty",
    async () => {
      const before = await j.askCard("opp list closed");
      expect(textBlocks(before.card)).toContain("O-1003");
      expect(await j.askText("opp purge lost")).toBe("Closed opportunities deleted: 1.");
      const after = await j.askCard("opp list closed");
      expect(textBlocks(after.card)).toEqual([
        "Closed opportunities",
        "No opportunities here. Type opp new to create one.",
      ]);
    },
    testTimeoutMs,
  );
});

// ---------------------------------------------------------------------------------------------------------
// 6. Pipeline, inbox, sales cycle

describe("6. pipeline, inbox and the sales cycle", () => {
  test(
    "the pipeline (in a channel) counts O-1001 in Qualify with its total and weighted total",
    async () => {
      const channelId = pg.channelIds[1] ?? pg.generalChannelId;
      const pipeline = await j.askCard("pipeline", { conversationId: channelId, mention: true });
      expect(pipeline.rootConversationId).toBe(channelId);
      const blocks = textBlocks(pipeline.card);
      expect(blocks.slice(0, 2)).toEqual([
        "Pipeline",
        "Open opportunities per stage, with totals and weighted totals per currency.",
      ]);
      // Stage and total lines are facts; a currency's line is the untitled fact under its stage (and total).
      expect(facts(pipeline.card)).toMatchObject({
        Qualify: "1 open",
        "All stages": "1 open",
        "": "€27,000.00 · weighted €540.00",
      });
    },
    testTimeoutMs,
  );

  test(
    "after the Update form sets a past close date, the inbox lists O-1001",
    async () => {
      const o1 = await j.askCard("opp show O-1001");
      await j.press(o1, { title: "Update" });
      const updated = await j.press(o1, { title: "Save" }, { close: "2024-01-31" });
      expect(textBlocks(updated.card)).toContain("O-1001 updated.");
      const inbox = await j.askCard("inbox");
      const text = cardText(inbox.card);
      expect(text).toContain("Your inbox");
      expect(text).toContain("O-1001");
      expect(text).toContain(
        "Expected close date Jan 31, 2024 has passed: update it or close the opportunity.",
      );
      const opened = await j.press(inbox, { title: "Open" });
      expect(textBlocks(opened.card)).toEqual(expect.arrayContaining(["O-1001", "Website redesign"]));
      expect(facts(opened.card)).toMatchObject({ "Expected close date": "Jan 31, 2024" });
    },
    testTimeoutMs,
  );

  test(
    "cycle show lists the stages of the standard sales cycle",
    async () => {
      const cycle = await j.askCard("cycle show");
      expect(textBlocks(cycle.card)).toEqual(
        expect.arrayContaining([
          "Standard sales cycle",
          // as the card carries them: the dot escaped, so Teams draws no numbered list
          "1\\. Qualify",
          "2\\. Develop",
          "3\\. Propose",
          "4\\. Negotiate",
        ]),
      );
    },
    testTimeoutMs,
  );
});

// ---------------------------------------------------------------------------------------------------------
// 8. Afterwards

test("every card the bot sent or answered a button with is valid for Teams", () => {
  expect(j.cards.length).toBeGreaterThan(30);
  const problems = j.cards.flatMap(({ where, card }) =>
    validateCard(card).map((problem) => `${where} "${textBlocks(card)[0] ?? ""}": ${problem}`),
  );
  expect(problems).toEqual([]);
});

test("the Playground saw no problems and the bot logged no errors or warnings", () => {
  expect(pg.problems()).toEqual([]);
  expect(
    bot
      .output()
      .split("\n")
      .filter((line) => /"level":"(error|warn)"/.test(line)),
  ).toEqual([]);
});

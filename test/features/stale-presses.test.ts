import { afterAll, beforeAll, expect, test } from "vitest";
import { startBotServer } from "../support/bot-server.js";
import { executeActions, submittedData } from "../support/card-validation.js";
import { chat } from "../support/chat.js";
import { RecordingConnector } from "../support/recording-connector.js";

/** Every press on a card that no longer shows the current state answers with the current card, saying why. */

const ann = { id: "29:ann", name: "Ann Berg", aadObjectId: "00000000-0000-0000-0000-00000000a001" };

let connector: RecordingConnector;
let bot: Awaited<ReturnType<typeof startBotServer>>;

beforeAll(async () => {
  connector = await RecordingConnector.start();
  bot = await startBotServer();
});

afterAll(async () => {
  await bot?.stop();
  await connector?.close();
});

const { say, press } = chat(
  () => bot,
  () => connector,
  { user: ann },
);
const verbs = (card: unknown) => executeActions(card).map((a) => a.verb);

/** Presses the button with this verb on a card as Teams would send it for the untouched card. */
function pressOn(card: unknown, verb: string) {
  const action = executeActions(card).find((a) => a.verb === verb);
  if (!action) throw new Error(`no ${verb} on the card: ${verbs(card).join(", ")}`);
  return press(verb, submittedData(card, action));
}

test("Qualify on an older card of a lead qualified meanwhile shows its current card, saying it is done", async () => {
  await say("lead new Website first=Ann last=Berg company=Contoso email=ann@contoso.com");
  const old = (await say("lead show L-1001")).cards[0];
  expect(verbs(old)).toContain("lead.qualify");
  await say("lead qualify L-1001");

  const pressed = await pressOn(old, "lead.qualify");

  expect(pressed.card).toBeDefined();
  expect(pressed.text).toContain("L-1001 is already qualified.");
  expect(pressed.text).toContain("O-1001");
  expect(verbs(pressed.card)).not.toContain("lead.qualify");
});

test("Qualify on an older card of a lead disqualified meanwhile shows it disqualified, with Reactivate", async () => {
  await say("lead new Intranet last=Holm company=Northwind email=cy@northwind.example");
  const old = (await say("lead show L-1002")).cards[0];
  await say("lead disqualify L-1002 No budget");

  const pressed = await pressOn(old, "lead.qualify");

  expect(pressed.text).toContain("L-1002 is disqualified.");
  expect(verbs(pressed.card)).toContain("lead.reactivate");
  expect(verbs(pressed.card)).not.toContain("lead.qualify");
});

test("Link and qualify on a duplicate warning already answered shows the lead's current card", async () => {
  await say("lead new Second deal first=Ann last=Berg company=Contoso email=ann@contoso.com");
  const warning = (await say("lead qualify L-1003")).cards[0];
  const [link, createAnyway] = executeActions(warning).filter((a) => a.verb === "lead.qualify");
  if (!link || !createAnyway) throw new Error(`the warning has ${verbs(warning).join(", ")}`);
  expect((await press("lead.qualify", submittedData(warning, createAnyway))).text).toContain(
    "Lead L-1003 qualified",
  );

  const pressed = await press("lead.qualify", submittedData(warning, link));

  expect(pressed.card).toBeDefined();
  expect(pressed.text).toContain("L-1003 is already qualified.");
  expect(verbs(pressed.card)).not.toContain("lead.qualify");
});

test("Next stage on an outdated opportunity card shows the current card, saying it changed", async () => {
  await say("opp new Hosting account=A-1001 value=100");
  const old = (await say("opp show O-1002")).cards[0];
  await say("opp next O-1002");

  const pressed = await pressOn(old, "opp.next");

  expect(pressed.card).toBeDefined();
  expect(pressed.text).toMatch(/changed/i);
  expect(pressed.text).toContain("Develop");
});

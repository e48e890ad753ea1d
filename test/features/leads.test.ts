import { afterAll, beforeAll, expect, test } from "vitest";
import { composeServices } from "../../src/compose.js";
import { startBotServer } from "../support/bot-server.js";
import { chat } from "../support/chat.js";
import { cardOf, cardText, RecordingConnector } from "../support/recording-connector.js";

const ann = { id: "29:ann", name: "Ann Berg", aadObjectId: "00000000-0000-0000-0000-00000000a001" };
const bo = { id: "29:bo", name: "Bo Lind", aadObjectId: "00000000-0000-0000-0000-00000000b001" };

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

const { say: sayTo, press } = chat(
  () => bot,
  () => connector,
);
const say = async (text: string, user = ann) => (await sayTo(text, { user })).sent;
const sayText = async (text: string, user = ann) => (await sayTo(text, { user })).text;
const click = async (verb: string, data: Record<string, unknown>, user = ann) =>
  (await press(verb, data, { user })).text;

const services = () => composeServices(bot.store);
const actorAnn = { tenantId: "tenant-a", userId: ann.aadObjectId, name: ann.name, role: "rep" as const };

test("qualify by text creates opportunity, account and contact and shows the qualified lead", async () => {
  await say("lead new Website redesign first=Ann last=Berg company=Contoso email=ann@contoso.com");
  await say("note L-1001 Wants a demo in January");

  const text = await sayText("lead qualify L-1001 currency=DKK");

  expect(text).toContain("Lead L-1001 qualified: opportunity O-1001, account A-1001, contact C-1001.");
  const opp = await services().opportunities.show(actorAnn, "O-1001");
  expect(opp.ok && opp.value.opportunity).toMatchObject({
    currency: "DKK",
    timeline: [{ text: "Wants a demo in January", origin: "L-1001" }],
  });
  expect(await sayText("lead qualify L-1001")).toBe("L-1001 is already qualified.");
});

test("a duplicate warning card, then linking the existing account through its button", async () => {
  await say("lead new Second deal first=Ann last=Berg company=Contoso email=ann@contoso.com");
  const warning = await say("lead qualify L-1002");
  expect(warning.map((r) => r.body.text).filter(Boolean)).toEqual([
    "L-1002 looks like an existing record; see the card to link it or create new ones anyway.",
  ]);
  const card = cardText(cardOf(warning.find((r) => cardOf(r))));
  expect(card).toContain("Possible duplicates for L-1002");
  expect(card).toContain("A-1001");
  expect(card).toContain("C-1001");

  const answer = await click("lead.qualify", {
    refs: ["L-1002"],
    qualifyCurrency: "EUR",
    ignoreDuplicates: true,
    linkAccount: "A-1001",
    linkContact: "C-1001",
  });

  expect(answer).toContain("Lead L-1002 qualified: opportunity O-1002, account A-1001, contact C-1001.");
});

test("disqualify and reactivate by button; a second press of the same card is refused with the current state", async () => {
  await say("lead new Third deal last=Nilsson company=Northwind email=n@northwind.example");
  const shown = await say("lead show L-1003");
  const card = cardOf(shown[0]);
  expect(cardText(card)).toContain("Disqualify");

  const first = await click("lead.disqualify", { ref: "L-1003", revision: 1, disqualifyReason: "No budget" });
  const second = await click("lead.disqualify", {
    ref: "L-1003",
    revision: 1,
    disqualifyReason: "No budget",
  });

  expect(first).toContain("Lead L-1003 disqualified.");
  expect(first).toContain("Disqualified: No budget");
  expect(second).toContain("This card showed an older version of L-1003; nothing was changed.");
  expect(await click("lead.reactivate", { ref: "L-1003", revision: 2 })).toContain(
    "Lead L-1003 is open again.",
  );
});

test("another rep sees the lead without change buttons and is refused when forging one", async () => {
  const asBo = cardText(cardOf((await say("lead show L-1003", bo))[0]));
  expect(asBo).not.toContain("Disqualify");
  expect(asBo).toContain("Add note");
  expect(await click("lead.delete", { ref: "L-1003", revision: 3 }, bo)).toBe(
    "Only the owner (Ann Berg), a manager or an admin can change L-1003.",
  );
  expect(await sayText("lead disqualify L-1003 spite", bo)).toBe(
    "Only the owner (Ann Berg), a manager or an admin can change L-1003.",
  );
});

test("notes and activities by text and by the card's form; bad kinds and refs are refused", async () => {
  expect(await sayText("log L-1003 call Talked to the CFO")).toBe("Added to L-1003.");
  expect(
    await click("lead.note", { ref: "L-1003", noteKind: "meeting", noteText: "Workshop booked" }),
  ).toContain("Workshop booked");
  expect(await sayText("log L-1003 lunch Pizza")).toBe(
    '"lunch" is not one of call, email, meeting, task. Type: log ‹ref› call|email|meeting|task ‹text›',
  );
  expect(await sayText("note X-1 hello")).toBe(
    '"X-1" is not a lead (L-1001) or opportunity (O-1001) reference.',
  );
  expect(await sayText("note O-1001 Sent the proposal")).toBe("Added to O-1001.");
});

test("stakeholders: a contact with a role; an unknown role lists the roles", async () => {
  expect(await sayText("stakeholder L-1003 ann@contoso.com role=decision maker")).toBe(
    "Ann Berg is now a decision maker on L-1003.",
  );
  expect(await sayText("stakeholder L-1003 ann@contoso.com role=boss")).toBe(
    '"boss" is not one of stakeholder, decision_maker, technical_buyer, influencer, other. Type: stakeholder ‹L-ref› ‹contact email or name› [role=‹role›]',
  );
  expect(cardText(cardOf((await say("lead show L-1003"))[0]))).toContain("Ann Berg (C-1001)");
});

test("lead new links an existing account and autofills the company", async () => {
  const text = cardText(cardOf((await say("lead new Upsell last=Holm account=A-1001"))[0]));
  expect(text).toContain("Contoso");
  expect(text).toContain("A-1001");
});

test("delete removes the lead; it is gone afterwards", async () => {
  expect(await sayText("lead delete L-1003")).toBe("Lead L-1003 and its notes were deleted.");
  expect(await sayText("lead show L-1003")).toBe(
    "I can't find lead L-1003. Type lead list to see your leads.",
  );
});

import { afterAll, beforeAll, expect, test } from "vitest";
import { startBotServer } from "../support/bot-server.js";
import { chat } from "../support/chat.js";
import { RecordingConnector } from "../support/recording-connector.js";

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
);
const reply = async (text: string, tenantId = "tenant-a") => (await say(text, { tenantId })).text;
const click = async (verb: string, data: Record<string, unknown>) => (await press(verb, data)).text;

test("account new creates an account with a normalised domain, shown as a card", async () => {
  const card = await reply("account new Contoso Ltd domain=https://www.Contoso.com/ industry=Retail");
  expect(card).toContain("A-1001 created.");
  expect(card).toContain("Contoso Ltd");
  expect(card).toContain("contoso.com");
  expect(card).toContain("Not a customer yet");
});

test("contact new splits first and last name and links the account by name", async () => {
  const card = await reply("contact new Ann Marie Berg email=ann@contoso.com title=CIO account=Contoso Ltd");
  expect(card).toContain("C-1001 created.");
  expect(card).toContain("Ann Marie Berg");
  expect(card).toContain("A-1001");
  const company = await reply("contact new Fabrikam kind=company email=info@fabrikam.example");
  expect(company).toContain("Contact (company)");
});

test("customer marks a party so orders can be made; the card button does the same", async () => {
  expect(await reply("customer A-1001")).toContain("A-1001 is now a customer: orders can be made for it.");
  expect(await click("party.customer", { ref: "A-1001", isCustomer: false })).toContain(
    "A-1001 is no longer marked as a customer.",
  );
  expect(await reply("customer C-1001 maybe")).toBe(
    '"maybe" is not one of yes, no. Type: customer ‹A-ref|C-ref› [yes|no]',
  );
});

test("bad input names the field and stores nothing", async () => {
  expect(await reply("contact new Bo Lind email=bo(at)lind")).toBe(
    "That didn't work: Email must be an email address, like ann@contoso.com. Nothing was saved.",
  );
  expect(await reply("account new X domain=not a domain")).toContain(
    "Web domain must be a web domain, like contoso.com.",
  );
  expect(await reply("contact new Bo account=Nowhere Inc")).toBe(
    'I can\'t find the account "Nowhere Inc". Use its reference (A-1001), its name or its web domain.',
  );
  expect(await reply("contact show C-1003")).toBe(
    'I can\'t find the contact "C-1003". Use its reference (C-1001), email or full name.',
  );
});

test("another tenant cannot see or mark these records", async () => {
  expect(await reply("account show A-1001", "tenant-b")).toContain('I can\'t find the account "A-1001"');
  expect(await reply("customer A-1001", "tenant-b")).toContain('I can\'t find the account "A-1001"');
});

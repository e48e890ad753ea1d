import { afterAll, beforeAll, expect, test } from "vitest";
import { composeServices } from "../../src/compose.js";
import type { Actor } from "../../src/domain/shared/actor.js";
import { startBotServer } from "../support/bot-server.js";
import { chat } from "../support/chat.js";
import { RecordingConnector } from "../support/recording-connector.js";

/** `opp clone`: a new opportunity with an open one's customer, lines and owner, over real HTTP. */

const ann = { id: "29:ann", name: "Ann Berg", aadObjectId: "00000000-0000-0000-0000-00000000a001" };
const tenantId = "clone-tenant";

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
  { tenantId, user: ann },
);
const annActor: Actor = { tenantId, userId: ann.aadObjectId, name: ann.name, role: "rep" };
const show = async (ref: string) => {
  const shown = await composeServices(bot.store).opportunities.show(annActor, ref);
  if (!shown.ok) throw new Error(`${ref}: ${shown.error.code}`);
  return shown.value.opportunity;
};
/** Intl separates amounts and currencies with no-break spaces; compared as plain spaces. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

test("opp clone copies customer, lines and owner into a new opportunity at the start of the cycle", async () => {
  await say("account new Contoso Ltd");
  await say("opp new Fleet tracking account=A-1001 currency=EUR");
  await say("opp line O-1001 Trackers qty=20 price=150");
  await say("opp line O-1001 Installation qty=1 price=900");
  await say("opp next O-1001");

  const reply = await say("opp clone O-1001 Fleet tracking, phase 2");

  expect(plain(reply.text)).toContain("Opportunity O-1002 created from O-1001.");
  expect(reply.cards).toHaveLength(1);
  const [source, copy] = [await show("O-1001"), await show("O-1002")];
  expect(copy).toMatchObject({
    title: "Fleet tracking, phase 2",
    status: "open",
    party: source.party,
    owner: source.owner,
    currency: "EUR",
    cycleCode: source.cycleCode,
    lines: source.lines,
  });
  expect(copy.lines).toHaveLength(2);
  // The original moved on one stage; the copy starts where every new opportunity starts.
  await say("opp new Fresh one account=A-1001");
  expect(copy.stageId).toBe((await show("O-1003")).stageId);
  expect(copy.stageId).not.toBe(source.stageId);
  expect((await show("O-1001")).revision).toBe(source.revision);
});

test("without a title the copy keeps the title; the card button does the same", async () => {
  const pressed = await press("opp.clone", { ref: "O-1001" });
  expect(pressed.card).toBeDefined();
  expect(pressed.text).toContain("created from O-1001");
  const ref = /Opportunity (O-\d+) created/.exec(pressed.text)?.[1] ?? "";
  expect((await show(ref)).title).toBe("Fleet tracking");
});

test("opp clone says what went wrong and creates nothing", async () => {
  const before = (await say("opp list all")).text;
  expect((await say("opp clone O-9999")).text).toContain("O-9999");
  expect((await say(`opp clone O-1001 ${"x".repeat(201)}`)).text).toContain("200");
  expect((await press("opp.clone", { ref: 7 })).text).not.toContain("created");
  expect((await say("opp list all")).text).toBe(before);
  // Without a reference, the list of one's opportunities asks which one.
  expect((await say("opp clone")).text).toContain("opp clone");
});

test("opp clone answers in the user's language", async () => {
  const reply = await say("opp clone O-1001", { locale: "da-DK" });
  expect(reply.text).toMatch(/Salgsmulighed O-\d+ er oprettet ud fra O-1001\./);
});

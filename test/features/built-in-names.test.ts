import { afterAll, beforeAll, expect, test } from "vitest";
import { defaultSetup } from "../../src/domain/setup/tenant-setup.js";
import { startBotServer } from "../support/bot-server.js";
import { chat } from "../support/chat.js";
import { RecordingConnector } from "../support/recording-connector.js";

/**
 * The defaults a tenant starts with — the standard cycle's stages and activities, the close codes — read in
 * the reader's language until an admin renames them; then as typed. Over real HTTP, in four languages.
 * Ann is an admin; each test has its own tenant.
 */

const ann = { id: "29:ann", name: "Ann Berg", aadObjectId: "00000000-0000-0000-0000-00000000a015" };

let connector: RecordingConnector;
let bot: Awaited<ReturnType<typeof startBotServer>>;

beforeAll(async () => {
  connector = await RecordingConnector.start();
  bot = await startBotServer({ ADMIN_AAD_IDS: ann.aadObjectId });
});

afterAll(async () => {
  await bot?.stop();
  await connector?.close();
});

let tenants = 0;
function tenant() {
  const tenantId = `built-in-names-${++tenants}`;
  const { say } = chat(
    () => bot,
    () => connector,
    { tenantId, user: ann },
  );
  const sayIn = async (locale: string, text: string) => (await say(text, { locale })).text;
  return { tenantId, sayIn };
}

test("a Danish chat reads the default stages, activities and close codes in Danish; Norwegian and Swedish likewise", async () => {
  const { sayIn } = tenant();
  const cycle = await sayIn("da-DK", "cycle show");
  expect(cycle).toContain("Kvalificer");
  expect(cycle).toContain("Udvikl");
  expect(cycle).toContain("Bekræft budget og beslutningstager");
  expect(cycle).toContain("Standardsalgsproces");
  for (const english of [
    "Qualify",
    "Develop",
    "Propose",
    "Negotiate",
    "Confirm budget",
    "Standard sales cycle",
  ])
    expect(cycle).not.toContain(english);

  const codes = await sayIn("da-DK", "closecode list");
  expect(codes).toContain("Bedste pris");
  expect(codes).not.toContain("Best price");
  expect(await sayIn("sv-SE", "closecode list")).toContain("Bästa pris");

  await sayIn("da-DK", "account new Contoso");
  const created = await sayIn("da-DK", "opp new Kaffeaftale account=Contoso");
  const ref = /O-\d+/.exec(created)?.[0] ?? "";
  const moved = await sayIn("nb-NO", `opp next ${ref}`);
  expect(moved).toContain("Neste fase: Kvalifiser → Utvikle");
  expect(moved).not.toContain("Develop");
  expect(await sayIn("sv-SE", `opp show ${ref}`)).toContain("Utveckla");
  // a stage typed in any of the languages is found
  expect(await sayIn("da-DK", `opp goto ${ref} Kvalificer`)).toContain("Udvikl → Kvalificer");
  expect(await sayIn("en-GB", `opp skip ${ref} Foreslå`)).toContain("Propose");
});

test("once an admin renames a default, every language reads the admin's text as typed", async () => {
  const { sayIn } = tenant();
  await sayIn("da-DK", "cycle stage edit Udvikl chance=45");
  // changing only the chance keeps the default's name in every language
  expect(await sayIn("sv-SE", "cycle show")).toContain("Utveckla");
  await sayIn("en-GB", "cycle stage edit Develop name=Byg løsningen");
  for (const locale of ["da-DK", "nb-NO", "sv-SE", "en-GB"]) {
    const cycle = await sayIn(locale, "cycle show");
    expect(cycle, locale).toContain("Byg løsningen");
    expect(cycle, locale).not.toMatch(/Udvikl|Utvikle|Utveckla|Develop\b/);
  }
});

test("a setup stored before defaults had keys is read in the reader's language (migrated on read)", async () => {
  const { tenantId, sayIn } = tenant();
  // As earlier versions stored it: the English defaults, no keys; one stage already renamed by an admin.
  const stored = JSON.parse(JSON.stringify(defaultSetup(tenantId)), (key, value: unknown) =>
    key === "builtIn" ? undefined : value,
  ) as ReturnType<typeof defaultSetup>;
  const [cycle] = stored.cycles;
  const renamed = {
    ...stored,
    cycles: [
      { ...cycle, stages: cycle?.stages.map((s) => (s.id === "propose" ? { ...s, name: "Tilbud" } : s)) },
    ],
  };
  const { tenantId: _t, ...body } = renamed;
  await bot.store.create(tenantId, { ...body, id: "setup", type: "setup" });
  const shown = await sayIn("sv-SE", "cycle show");
  expect(shown).toContain("Kvalificera");
  expect(shown).toContain("Tilbud");
  expect(shown).not.toContain("Föreslå");
  expect(await sayIn("sv-SE", "closecode list")).toContain("Bästa pris");
});

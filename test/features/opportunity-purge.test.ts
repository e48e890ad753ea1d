import { afterAll, beforeAll, expect, test } from "vitest";
import { composeServices } from "../../src/compose.js";
import type { Actor } from "../../src/domain/shared/actor.js";
import { startBotServer } from "../support/bot-server.js";
import { chat } from "../support/chat.js";
import { RecordingConnector } from "../support/recording-connector.js";

/**
 * `opp purge` when more match than one purge deletes, over real HTTP on each store: PURGE_BATCH is 4 here, so
 * ten matching opportunities take three runs, each told truthfully what it did and whether to run again.
 */

const ann = { id: "29:ann", name: "Ann Berg", aadObjectId: "00000000-0000-0000-0000-00000000a001" };
const eve = { id: "29:eve", name: "Eve Admin", aadObjectId: "00000000-0000-0000-0000-00000000e001" };
const tenantId = "purge-tenant";

let connector: RecordingConnector;
let bot: Awaited<ReturnType<typeof startBotServer>>;

beforeAll(async () => {
  connector = await RecordingConnector.start();
  bot = await startBotServer({ ADMIN_AAD_IDS: eve.aadObjectId, PURGE_BATCH: "4" });
});

afterAll(async () => {
  await bot?.stop();
  await connector?.close();
});

const { say, press } = chat(
  () => bot,
  () => connector,
  { tenantId, user: eve },
);
const annActor: Actor = { tenantId, userId: ann.aadObjectId, name: ann.name, role: "rep" };

/** Ann's opportunities, each closed on its day ("open" ones stay open); the titles are the days. */
async function seed(days: readonly string[]) {
  const services = composeServices(bot.store);
  for (const day of days) {
    const created = await services.opportunities.create(annActor, { title: day, account: "A-1001" });
    if (!created.ok) throw new Error(created.error.code);
    if (day === "open") continue;
    const { ref } = created.value.opportunity;
    const closed = await services.opportunities.close(annActor, ref, "lost", "LOST-PRICE", day);
    if (!closed.ok) throw new Error(closed.error.code);
  }
}

async function titlesLeft() {
  const services = composeServices(bot.store);
  const titles: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await services.opportunities.list(annActor, {}, cursor, 50);
    if (!page.ok) throw new Error(page.error.code);
    titles.push(...page.value.items.map((i) => i.value.title));
    cursor = page.value.cursor;
  } while (cursor);
  return titles.sort();
}

test("a purge larger than one batch deletes the oldest closed first, says to run it again, and the reruns finish it", async () => {
  await say("account new Purge Oy", { user: ann });
  const matching = Array.from(
    { length: 10 },
    (_, i) => `2026-03-${String(10 + ((i * 7) % 10)).padStart(2, "0")}`,
  );
  await seed([...matching, "2026-08-01", "open"]);
  const again =
    "More match: one purge deletes at most 4. Run it again with the same choices to delete the next ones.";

  expect((await say("opp purge before=2026-06-30")).texts).toEqual([
    `Closed opportunities deleted: 4. ${again}`,
  ]);
  const oldestGone = [...matching].sort().slice(4);
  expect(await titlesLeft()).toEqual([...oldestGone, "2026-08-01", "open"].sort());

  // The form's button runs the same purge: the next four.
  const pressed = await press("opp.purge", { before: "2026-06-30", outcome: "both" });
  expect(pressed.text).toBe(`Closed opportunities deleted: 4. ${again}`);

  expect((await say("opp purge before=2026-06-30")).texts).toEqual(["Closed opportunities deleted: 2."]);
  expect((await say("opp purge before=2026-06-30")).texts).toEqual(["Closed opportunities deleted: 0."]);
  expect(await titlesLeft()).toEqual(["2026-08-01", "open"]);
});

test("the run-again notice is in the user's language", async () => {
  await seed(["2025-01-01", "2025-01-02", "2025-01-03", "2025-01-04", "2025-01-05"]);
  expect((await say("opp purge before=2025-12-31", { locale: "da-DK" })).texts).toEqual([
    "Slettede lukkede salgsmuligheder: 4. Flere passer: én oprydning sletter højst 4. Kør den igen med de samme valg for at slette de næste.",
  ]);
  expect((await say("opp purge before=2025-12-31", { locale: "sv-SE" })).texts).toEqual([
    "Borttagna stängda affärsmöjligheter: 1.",
  ]);
});

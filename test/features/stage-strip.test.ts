import { afterAll, beforeAll, expect, test } from "vitest";
import { startBotServer } from "../support/bot-server.js";
import { cardNodes, validateCard } from "../support/card-validation.js";
import { chat } from "../support/chat.js";
import { RecordingConnector } from "../support/recording-connector.js";

/**
 * The stage strip of the opportunity card with six stages, as Teams draws it: one wrapping line in which a
 * marker and a stage name are never apart and no name is split across boxes; skipped stages are marked
 * skipped, not ticked. Checked on the card the bot sends, with the real Adaptive Cards parser.
 */

const eve = { id: "29:eve", name: "Eve Admin", aadObjectId: "00000000-0000-4000-8000-00000000e001" };
const nbsp = "\u00a0";

let connector: RecordingConnector;
let bot: Awaited<ReturnType<typeof startBotServer>>;

beforeAll(async () => {
  connector = await RecordingConnector.start();
  bot = await startBotServer({ ADMIN_AAD_IDS: eve.aadObjectId });
});

afterAll(async () => {
  await bot?.stop();
  await connector?.close();
});

const { say } = chat(
  () => bot,
  () => connector,
  { user: eve },
);

/** The card's TextBlocks, and the widest ColumnSet (how many boxes share the card's width). */
function layout(card: unknown) {
  const nodes = cardNodes(card).map((n) => n.node);
  const texts = nodes.filter((n) => n.type === "TextBlock").map((n) => String(n.text));
  const columns = nodes
    .filter((n) => n.type === "ColumnSet")
    .map((n) => (Array.isArray(n.columns) ? n.columns.length : 0));
  return { texts, widestRow: Math.max(0, ...columns) };
}

test("six stages: one wrapping line, whole names, skipped stages marked, the close after them", async () => {
  await say("cycle stage add Contract review skip=yes");
  await say("cycle stage add Onboarding skip=yes");
  await say("account new Contoso Ltd");
  await say("opp new Fleet account=A-1001 value=1000");
  await say("opp skip O-1001 Propose");

  const open = (await say("opp show O-1001")).cards[0];
  expect(validateCard(open)).toEqual([]);
  const during = layout(open);
  expect(during.widestRow).toBeLessThan(5);
  expect(during.texts).toContain("Stage 3 of 6");
  expect(during.texts).toContain(
    [
      `✓${nbsp}Qualify`,
      `↷${nbsp}Develop${nbsp}(skipped)`,
      `●${nbsp}Propose`,
      "Negotiate",
      `Contract${nbsp}review`,
      "Onboarding",
    ].join(" › "),
  );

  await say("opp close O-1001 won WON-PRICE");
  const won = (await say("opp show O-1001")).cards[0];
  expect(validateCard(won)).toEqual([]);
  const path = layout(won).texts.find((t) => t.includes("Qualify")) ?? "";
  // Won from Propose: the stages after it were never worked, so they are skipped, not ticked.
  expect(path).toBe(
    [
      `✓${nbsp}Qualify`,
      `↷${nbsp}Develop${nbsp}(skipped)`,
      `✓${nbsp}Propose`,
      `↷${nbsp}Negotiate${nbsp}(skipped)`,
      `↷${nbsp}Contract${nbsp}review${nbsp}(skipped)`,
      `↷${nbsp}Onboarding${nbsp}(skipped)`,
      "Closed won",
    ].join(" › "),
  );
  expect(path).not.toMatch(/✓\u00a0(Develop|Negotiate|Contract|Onboarding)/);
});

test("in Danish the skipped stage says so in Danish", async () => {
  const card = (await say("opp show O-1001", { user: eve, locale: "da-DK" })).cards[0];
  expect(layout(card).texts.join("\n")).toContain(`Udvikl${nbsp}(sprunget${nbsp}over)`);
});

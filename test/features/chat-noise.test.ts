import { afterAll, beforeAll, expect, test } from "vitest";
import { startBotServer } from "../support/bot-server.js";
import { executeActions } from "../support/card-validation.js";
import { chat } from "../support/chat.js";
import { RecordingConnector } from "../support/recording-connector.js";

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

const { say } = chat(
  () => bot,
  () => connector,
  { user: ann },
);

test.each([
  ["lead new Website email=not-an-address", "Email must be an email address, like ann@contoso.com."],
  ["opp new Deal contact=nobody", 'I can\'t find the contact "nobody".'],
  ["opp new Deal account=Contoso value=abc", "Estimated value must be a number"],
])(
  "a typed error (%s) is answered with one message: the form, showing what is wrong",
  async (typed, shown) => {
    const replies = await say(typed);
    expect(replies.sent).toHaveLength(1);
    expect(replies.cards).toHaveLength(1);
    expect(replies.text).toContain(shown);
  },
);

test.each([
  ["hi", "en-US", "Hi Ann! I keep your leads and opportunities."],
  ["Hello!", "en-GB", "Hi Ann!"],
  ["thanks!", "en-US", "You're welcome, Ann!"],
  ["Thank you.", "en-US", "You're welcome, Ann!"],
  ["hej", "da-DK", "Hej Ann! Jeg holder styr på dine kundeemner"],
  ["tak", "da-DK", "Selv tak, Ann!"],
  ["Tack 🙂", "sv-SE", "Varsågod, Ann!"],
  ["hej", "sv-SE", "Hej Ann! Jag håller ordning"],
  ["takk", "nb-NO", "Bare hyggelig, Ann!"],
  ["hei", "nb-NO", "Hei Ann!"],
  ["hallo", "da-DK", "Hej Ann!"],
])("small talk %s (%s) gets a short friendly answer with a Help button", async (typed, locale, answer) => {
  const replies = await say(typed, { user: ann, locale });
  expect(replies.sent).toHaveLength(1);
  expect(replies.text).toContain(answer);
  expect(executeActions(replies.cards[0]).map((a) => a.verb)).toEqual(["help"]);
});

test("a word that only starts like a greeting is still an unknown command", async () => {
  expect((await say("hi lead")).text).toContain("I don't know the command");
});

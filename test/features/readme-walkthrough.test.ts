import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { commandCatalog } from "../../src/features/index.js";
import { projectRoot } from "../../src/util/project-root.js";
import { startBotServer, teamsMessage } from "../support/bot-server.js";
import { executeActions, submittedData } from "../support/card-validation.js";
import { cardOf, cardText, RecordingConnector } from "../support/recording-connector.js";

/**
 * The README's Agents Playground walk-through, replayed as written: every command it shows, in its order,
 * from an empty store, as the Playground's own user (Alex Wilber, an admin) — typed in the personal chat, or
 * in the team's channel when the README mentions @Pipeline first. The form step is pressed as the README
 * says (empty, then with a topic and a last name). Each step must succeed and give the references the README
 * names.
 */

const playgroundUsers = {
  alex: {
    id: "29:1alexw-0000-4000-8000-000000000000",
    name: "Alex Wilber",
    aadObjectId: "a1e0c000-0000-4000-8000-000000000000",
  },
  "Megan Bowen": {
    id: "29:1meganb-0000-4000-8000-000000000001",
    name: "Megan Bowen",
    aadObjectId: "a1e0c000-0000-4000-8000-000000000001",
  },
  "Adele Vance": {
    id: "29:1adelev-0000-4000-8000-000000000002",
    name: "Adele Vance",
    aadObjectId: "a1e0c000-0000-4000-8000-000000000002",
  },
  "Isaiah Langer": {
    id: "29:1isaiahl-000-4000-8000-000000000003",
    name: "Isaiah Langer",
    aadObjectId: "a1e0c000-0000-4000-8000-000000000003",
  },
} as const;
const alex = playgroundUsers.alex;
const tenantId = "5f0c8a3e-6b1d-4c2e-9a7f-3d4b5c6e7f80";
const channel = "19:7d2e9b4c1a3f4e8d9c6b5a4f3e2d1c0b@thread.tacv2";

const readme = readFileSync(join(projectRoot(), "README.md"), "utf8");
const walkthrough = /<!-- walkthrough:start -->([\s\S]*?)<!-- walkthrough:end -->/.exec(readme)?.[1] ?? "";
const commandWords = new Set(commandCatalog.map((c) => c.name.split(" ")[0]));
/** Every code span of the walk-through that is a command (optionally after @Pipeline), in order. */
const steps = [...walkthrough.matchAll(/`([^`]+)`/g)]
  .map((m) => m[1] ?? "")
  .filter((span) => commandWords.has(span.replace(/^@Pipeline /, "").split(" ")[0] ?? ""));

let connector: RecordingConnector;
let bot: Awaited<ReturnType<typeof startBotServer>>;

beforeAll(async () => {
  connector = await RecordingConnector.start();
  bot = await startBotServer({ ADMIN_AAD_IDS: alex.aadObjectId });
  for (const user of Object.values(playgroundUsers))
    connector.members.set(user.id, {
      ...user,
      email: `${user.name.split(" ")[0]?.toLowerCase()}@contoso.com`,
      tenantId,
    });
});

afterAll(async () => {
  await bot?.stop();
  await connector?.close();
});

/** What Alex sees after typing `command`: the texts and the cards' texts, one per line. */
async function type(
  command: string,
): Promise<{ text: string; messages: string; cards: Record<string, unknown>[] }> {
  const inChannel = command.startsWith("@Pipeline ");
  const people = Object.keys(playgroundUsers).filter((name) => command.includes(`@${name}`));
  let text = command.replace(/^@Pipeline /, inChannel ? "<at>Pipeline</at> " : "");
  for (const name of people) text = text.replace(`@${name}`, `<at>${name}</at>`);
  const activity = {
    ...teamsMessage({
      serviceUrl: connector.serviceUrl,
      text,
      user: alex,
      tenantId,
      ...(inChannel ? { conversationId: channel, conversationType: "channel" as const } : {}),
    }),
    ...(inChannel
      ? {
          channelData: {
            tenant: { id: tenantId },
            team: { id: "19:0c1a5e5f2b8d4e7a9f3c6b1d2e4a8f70@thread.tacv2", name: "Sales" },
            channel: { id: channel, name: "Pipeline" },
          },
          entities: [
            {
              type: "mention",
              text: "<at>Pipeline</at>",
              mentioned: { id: "28:pipeline-bot", name: "Pipeline" },
            },
            ...people.map((name) => {
              const user = playgroundUsers[name as keyof typeof playgroundUsers];
              return { type: "mention", text: `<at>${name}</at>`, mentioned: { id: user.id, name } };
            }),
          ],
        }
      : {}),
  };
  expect((await bot.post(activity)).status).toBe(200);
  const sent = connector.received.filter((r) => r.body.replyToId === activity.id);
  const cards = sent.map((r) => cardOf(r)).filter((c) => c !== undefined);
  return {
    text: sent.map((r) => r.body.text ?? cardText(cardOf(r))).join("\n"),
    messages: sent.map((r) => r.body.text ?? "").join("\n"),
    cards,
  };
}

/** Presses a card's Action.Execute with the inputs filled as given. */
async function press(card: Record<string, unknown>, verb: string, values: Record<string, string>) {
  const action = executeActions(card).find((a) => a.verb === verb);
  expect(action, `the card has a ${verb} button`).toBeDefined();
  const data = {
    ...submittedData(card, action ?? { verb, data: {}, associatedInputs: "auto", path: "" }),
    ...values,
  };
  const response = await bot.post(
    teamsMessage({
      serviceUrl: connector.serviceUrl,
      type: "invoke",
      name: "adaptiveCard/action",
      value: { action: { type: "Action.Execute", verb, data } },
      user: alex,
      tenantId,
    }),
  );
  const body = (await response.json()) as { type: string; value: unknown };
  return body.type === "application/vnd.microsoft.card.adaptive" ? cardText(body.value) : String(body.value);
}

/** What each step must answer with; every step must also not be refused. */
const expected: Record<string, readonly string[]> = {
  "lead new Intranet first=Ann last=Berg company=Contoso email=ann@contoso.com": ["L-1002"],
  "lead list": ["L-1001", "L-1002"],
  "lead show L-1002": ["Intranet", "ann@contoso.com"],
  "lead qualify L-1002": ["O-1001", "A-1001", "C-1001"],
  "opp show O-1001": ["Intranet", "Ann Berg"],
  "opp next O-1001": ["Develop"],
  "@Pipeline lead list": ["L-1001"],
  "@Pipeline opp next O-1001": ["Propose"],
  "@Pipeline opp assign O-1001 @Megan Bowen": ["Megan Bowen"],
  "@Pipeline role @Adele Vance manager": ["Adele Vance"],
  "@Pipeline partner new Fabrikam regions=nordics": ["Fabrikam"],
  "@Pipeline partner add Fabrikam @Isaiah Langer": ["Isaiah Langer"],
  "@Pipeline opp distribute O-1001 Fabrikam": ["Fabrikam"],
};
const refused = /can't|cannot|isn't|not one of|Type:|don't know|not allowed|no longer|already|only /i;

test("the README's walk-through names the steps this test replays", () => {
  expect(steps).toEqual([
    "help",
    "lead new",
    "lead new Intranet first=Ann last=Berg company=Contoso email=ann@contoso.com",
    "lead list",
    "lead list all",
    "lead show L-1002",
    "lead qualify L-1002",
    "opp show O-1001",
    "opp next O-1001",
    "@Pipeline lead list",
    "@Pipeline notify here",
    "@Pipeline opp next O-1001",
    "@Pipeline opp assign O-1001 @Megan Bowen",
    "@Pipeline role @Adele Vance manager",
    "@Pipeline partner new Fabrikam regions=nordics",
    "@Pipeline partner add Fabrikam @Isaiah Langer",
    "@Pipeline opp distribute O-1001 Fabrikam",
    "@Pipeline notify here digest",
    "@Pipeline digest preview",
  ]);
  expect(walkthrough).toContain("Topic `Website redesign` and Last name `Berg`");
});

test("every step of the walk-through works as written on an empty store", { timeout: 60_000 }, async () => {
  for (const step of steps) {
    const { text, messages, cards } = await type(step);
    // a refusal is a message (cards may say "cannot be undone" beside a delete button)
    expect(messages, step).not.toMatch(refused);
    for (const shown of expected[step] ?? []) expect(text, step).toContain(shown);
    if (step === "lead new") {
      // the form: empty first (problems named, nothing created), then with a topic and a last name
      const form = cards[0] ?? {};
      const empty = await press(form, "lead.create", {});
      expect(empty).toMatch(/required/i);
      expect(empty).not.toContain("L-1001");
      expect(await press(form, "lead.create", { topic: "Website redesign", last: "Berg" })).toContain(
        "L-1001",
      );
    }
  }
  // the channel's thread for O-1001 was opened by the stage move after notify here
  const posted = connector.received.filter(
    (r) => r.body.replyToId === undefined && JSON.stringify(r.body).includes("O-1001"),
  );
  expect(posted.length).toBeGreaterThan(0);
});

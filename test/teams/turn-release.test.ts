import { CloudAdapterBase, type TurnContext } from "botbuilder";
import { afterAll, afterEach, beforeAll, expect, test, vi, type MockInstance } from "vitest";
import { startBotServer, teamsMessage } from "../support/bot-server.js";
import { RecordingConnector } from "../support/recording-connector.js";

/**
 * When a turn is over, what the SDK's finished async frames can still reach is emptied (src/teams/adapter.ts,
 * TurnSlot): the turn's state (the logic, the invoke's answer, the identity, the connector factory) and the
 * activity the SDK was given. Those frames stay reachable until V8's next full collection, and every young
 * collection in between copied what they reached into the old generation (issue 14's resident memory).
 *
 * Seen from the SDK's side: its createTurnContext is watched (not replaced), so the test holds the very
 * TurnContext the SDK built for each request that came in over HTTP, and looks at it once the answer is in.
 */

let connector: RecordingConnector;
let bot: Awaited<ReturnType<typeof startBotServer>>;
let created: MockInstance;

/** The protected method, as the spy sees it. */
type Watched = { createTurnContext(...args: unknown[]): TurnContext };

beforeAll(async () => {
  connector = await RecordingConnector.start();
  bot = await startBotServer();
});

afterAll(async () => {
  await bot?.stop();
  await connector?.close();
});

afterEach(() => created?.mockRestore());

/** Posts the activity, and returns the answer with the TurnContext the SDK made for it. */
async function turn(activity: Record<string, unknown>) {
  created = vi.spyOn(CloudAdapterBase.prototype as unknown as Watched, "createTurnContext");
  const response = await bot.post(activity);
  const body = response.headers.get("content-length") === "0" ? undefined : await response.json();
  expect(created).toHaveBeenCalledTimes(1);
  const context = created.mock.results[0]?.value as TurnContext;
  return { status: response.status, body, context };
}

const message = (text: string, extra: Record<string, unknown> = {}) => ({
  ...teamsMessage({ serviceUrl: connector.serviceUrl, text }),
  ...extra,
});

const press = (verb: string, data: unknown, extra: Record<string, unknown> = {}) =>
  message("", {
    type: "invoke",
    name: "adaptiveCard/action",
    value: { action: { type: "Action.Execute", verb, data } },
    ...extra,
  });

/** What the turn left reachable from its context: nothing in its state, nothing in its activity. */
function expectReleased(context: TurnContext) {
  expect([...context.turnState.keys()]).toEqual([]);
  const activity = context.activity as unknown as Record<string, unknown>;
  expect(Object.values(activity).filter((v) => v !== undefined)).toEqual([]);
}

test("a card press: answered with its card, then the turn's state and activity are released", async () => {
  for (const text of ["lead new Release check first=Ann last=Berg company=Contoso", "lead qualify L-1001"])
    expect((await bot.post(message(text))).status).toBe(200);

  const { status, body, context } = await turn(press("opp.show", { ref: "O-1001" }));

  expect(status).toBe(200);
  expect(body).toMatchObject({ statusCode: 200, type: "application/vnd.microsoft.card.adaptive" });
  expect(JSON.stringify(body)).toContain("Release check");
  expectReleased(context);
});

test("a message: its reply is sent, then the turn's state and activity are released", async () => {
  const before = connector.received.length;

  const { status, context } = await turn(message("help"));

  expect(status).toBe(200);
  expect(connector.received.length).toBe(before + 1);
  expectReleased(context);
});

test("expectReplies: the SDK's answer carries the turn's activities, taken before the release", async () => {
  const { status, body, context } = await turn(
    press("opp.show", { ref: "O-1001" }, { deliveryMode: "expectReplies" }),
  );

  expect(status).toBe(200);
  const { activities } = body as { activities: { type: string; value?: { status: number } }[] };
  expect(activities.filter((a) => a.type === "invokeResponse").map((a) => a.value?.status)).toEqual([200]);
  expectReleased(context);
});

test("a refused invoke: answered 400 as before, and released", async () => {
  const { status, body, context } = await turn(
    message("", { type: "invoke", name: "task/fetch", value: {} }),
  );

  expect(status).toBe(400);
  expect(body).toEqual({ error: "This bot does not handle this invoke." });
  expectReleased(context);
});

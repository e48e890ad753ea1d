import { afterAll, beforeAll, expect, test } from "vitest";
import { teamsMessage } from "../support/bot-server.js";
import {
  cardOf,
  cardText,
  RecordingConnector,
  type RecordedActivity,
} from "../support/recording-connector.js";
import { storedDocuments } from "../support/test-store.js";
import { startBotProcess, type BotProcess } from "./support/bot-process.js";

/**
 * A notification survives the death of the process that committed it. The real bot runs as a separate
 * process on the embedded store and posts to a recording connector in this process; it is killed with
 * SIGKILL (no shutdown code runs) and a new process is started on the same data folder.
 *
 * 1. The stage move and its event are one document write. The first process does not send
 *    (NOTIFICATIONS=off, as a second instance of a scaled-out bot would run), so the event is still in the
 *    opportunity's outbox when the process is killed; the next process finds it and posts it once.
 * 2. A delivery that was being retried (the connector answered 503) when the process was killed is sent
 *    once by the next process.
 */

const startTimeoutMs = 120_000;
const testTimeoutMs = 90_000;
const tenant = "tenant-crash";
const channel = "19:crash@thread.tacv2";
type User = { id: string; name: string; aadObjectId: string };
const eve: User = { id: "29:eve", name: "Eve Admin", aadObjectId: "00000000-0000-4000-8000-00000000e001" };
const ann: User = { id: "29:ann", name: "Ann Berg", aadObjectId: "00000000-0000-4000-8000-00000000a001" };

let connector: RecordingConnector;
let bot: BotProcess | undefined;
const outputs: string[] = [];

beforeAll(async () => {
  connector = await RecordingConnector.start();
}, startTimeoutMs);

afterAll(async () => {
  await bot?.stop();
  await connector?.close();
});

async function send(bot: BotProcess, text: string, user: User, inChannel = false) {
  const base = teamsMessage({
    serviceUrl: connector.serviceUrl,
    text: inChannel ? `<at>Pipeline</at> ${text}` : text,
    user,
    tenantId: tenant,
    ...(inChannel ? { conversationId: channel, conversationType: "channel" as const } : {}),
  });
  const activity = inChannel
    ? {
        ...base,
        channelData: {
          tenant: { id: tenant },
          team: { id: "19:team@thread.tacv2", name: "Sales" },
          channel: { id: channel, name: "Crash" },
        },
        entities: [
          {
            type: "mention",
            text: "<at>Pipeline</at>",
            mentioned: { id: "28:pipeline-bot", name: "Pipeline" },
          },
        ],
      }
    : base;
  const response = await fetch(bot.endpoint, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(activity),
  });
  expect(response.status).toBe(200);
  const replies = connector.received.filter((r) => r.body.replyToId === activity.id);
  return [...replies.map((r) => r.body.text ?? ""), ...replies.map((r) => cardText(cardOf(r)))].join("\n");
}

const posts = (): RecordedActivity[] =>
  connector.received.filter(
    (r) => r.body.replyToId === undefined && r.conversationId.replace(/;messageid=.*$/, "") === channel,
  );

async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${bot?.output() ?? ""}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test(
  "an event committed with a stage move is posted once by the next process after a SIGKILL",
  async () => {
    bot = await startBotProcess({ ADMIN_AAD_IDS: eve.aadObjectId, NOTIFICATIONS: "off" });
    expect(await send(bot, "notify here stage", eve, true)).toMatch(/stage changes/);
    expect(await send(bot, "account new Contoso Ltd", ann)).toContain("A-1001");
    expect(await send(bot, "opp new Crash deal account=A-1001", ann)).toContain("O-1001");
    expect(await send(bot, "opp next O-1001", ann)).toMatch(/Develop/);
    // The move is acknowledged; nothing has been posted to the channel.
    expect(posts()).toEqual([]);

    expect(await bot.kill("SIGKILL")).toEqual({ code: null, signal: "SIGKILL" });
    outputs.push(bot.output());
    bot = await startBotProcess({ ADMIN_AAD_IDS: eve.aadObjectId, DATA_DIR: bot.dataDir });

    await until("the recovered stage change", () => posts().length >= 1);
    // Give a duplicate every chance to show up.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const [post, ...more] = posts();
    expect(more).toEqual([]);
    expect(cardText(cardOf(post))).toContain("Ann Berg moved O-1001 Crash deal from Qualify to Develop");
  },
  testTimeoutMs,
);

test(
  "a delivery being retried when the process is killed is posted once by the next process",
  async () => {
    if (!bot) throw new Error("the first test did not leave a bot running");
    const before = posts().length;
    const failedBefore = connector.failed.length;
    connector.failNext(100, { status: 503 }, { conversationId: channel });
    expect(await send(bot, "opp next O-1001", ann)).toMatch(/Propose/);
    await until("the first 503", () => connector.failed.length > failedBefore);
    // Killed while an attempt holds its lease, the delivery would wait out the lease (2 minutes) before the
    // next process may send it: the lease doing its job, not what this test is about. So the kill comes while
    // a failed attempt is stored (pending, lease released) with its retry at least 1.5 s away; retries back
    // off exponentially, so such a moment always comes.
    await until("a failed attempt stored, its retry some way off", async () =>
      (await storedDocuments(bot?.dataDir ?? "", tenant, "delivery")).some(
        (d) =>
          d["status"] === "pending" &&
          d["leaseUntil"] === undefined &&
          Date.parse(String(d["notBefore"])) - Date.now() > 1_500,
      ),
    );

    expect(await bot.kill("SIGKILL")).toEqual({ code: null, signal: "SIGKILL" });
    outputs.push(bot.output());
    connector.clearFailures();
    bot = await startBotProcess({ ADMIN_AAD_IDS: eve.aadObjectId, DATA_DIR: bot.dataDir });

    await until("the retried stage change", () => posts().length > before);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const after = posts().slice(before);
    // The reply in the thread, and the root card brought up to date.
    expect(after.map((p) => p.kind)).toEqual(["send", "update"]);
    expect(cardText(cardOf(after[0]))).toContain("from Develop to Propose");
  },
  testTimeoutMs,
);

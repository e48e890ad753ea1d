import { afterAll, beforeAll, expect, test } from "vitest";
import { composeServices } from "../../src/compose.js";
import { zonedInstant } from "../../src/domain/digest/zoned-time.js";
import { StoreDigestRepository } from "../../src/store/digest.repository.js";
import { startBotServer, teamsMessage } from "../support/bot-server.js";
import { chat } from "../support/chat.js";
import { cardOf, cardText, RecordingConnector } from "../support/recording-connector.js";

/**
 * The digest and nudge commands over HTTP, on the real server and store: who may set a channel's digest,
 * what each bad input is answered, `digest preview`'s card, the tenant's time zone and stale days, `notify
 * me off|on`, and a nudge's Snooze press — stored, and honoured by the next morning's nudge.
 */

type User = { id: string; name: string; aadObjectId: string };
const eve: User = { id: "29:eve", name: "Eve Admin", aadObjectId: "00000000-0000-4000-8000-00000000e017" };
const ann: User = { id: "29:ann", name: "Ann Berg", aadObjectId: "00000000-0000-4000-8000-00000000a017" };
const tenant = "tenant-digest";
const sales = "19:sales-digest@thread.tacv2";

let connector: RecordingConnector;
let bot: Awaited<ReturnType<typeof startBotServer>>;
const personal = chat(
  () => bot,
  () => connector,
  { tenantId: tenant },
);

beforeAll(async () => {
  connector = await RecordingConnector.start();
  bot = await startBotServer({ ADMIN_AAD_IDS: eve.aadObjectId });
  for (const u of [eve, ann]) connector.members.set(u.id, { ...u, tenantId: tenant });
  for (const u of [eve, ann]) await personal.say("help", { user: u });
});

afterAll(async () => {
  await bot?.stop();
  await connector?.close();
});

/** A message in the team channel, the bot @mentioned first; the reply's text (or card text). */
async function inChannel(text: string, user: User, extra: Record<string, unknown> = {}): Promise<string> {
  const activity = {
    ...teamsMessage({
      serviceUrl: connector.serviceUrl,
      text: `<at>Pipeline</at> ${text}`,
      user,
      tenantId: tenant,
      conversationId: sales,
      conversationType: "channel",
    }),
    channelData: {
      tenant: { id: tenant },
      team: { id: "19:team-digest@thread.tacv2", name: "Sales" },
      channel: { id: sales, name: "Sales" },
    },
    entities: [
      { type: "mention", text: "<at>Pipeline</at>", mentioned: { id: "28:pipeline-bot", name: "Pipeline" } },
    ],
    ...extra,
  };
  expect((await bot.post(activity)).status).toBe(200);
  return connector.received
    .filter((r) => r.body.replyToId === activity.id)
    .map((r) => r.body.text ?? cardText(cardOf(r)))
    .join("\n");
}

const digests = () => new StoreDigestRepository(bot.store);
const channelDigest = async () => (await digests().channel(tenant, sales))?.value;

test("the first admin's Teams client sets the tenant's time zone; setting timezone changes it, bad zones are refused", async () => {
  await personal.say("help", { user: eve, ...{} });
  const activity = {
    ...teamsMessage({ serviceUrl: connector.serviceUrl, text: "list show", user: eve, tenantId: tenant }),
    localTimezone: "Europe/Oslo",
  };
  expect((await bot.post(activity)).status).toBe(200);
  expect((await personal.say("list show", { user: ann })).text).toContain("Time zone: Europe/Oslo");

  expect((await personal.say("setting timezone Mars/Olympus_Mons", { user: eve })).text).toBe(
    '"Mars/Olympus_Mons" is not a time zone I know. Use an IANA name, like Europe/Copenhagen or America/New_York.',
  );
  expect((await personal.say("setting timezone Europe/Copenhagen", { user: ann })).text).toBe(
    "You are not allowed to use setting.",
  );
  expect((await personal.say("setting timezone europe/copenhagen", { user: eve })).text).toBe(
    "Digests and morning messages are now timed in Europe/Copenhagen.",
  );
  expect((await personal.say("setting stale 0", { user: eve })).text).toBe(
    "Give the number of days as a whole number from 1 to 365.",
  );
  expect((await personal.say("setting stale 30", { user: eve })).text).toBe(
    "Opportunities without a change for 30 days now count as stale.",
  );
  const shown = (await personal.say("list show", { user: ann })).text;
  expect(shown).toContain("Time zone: Europe/Copenhagen");
  expect(shown).toContain("Stale after: 30 days");
});

test("notify here digest: managers and admins in a channel; every bad input says what to type and saves nothing", async () => {
  await personal.say("setting timezone Europe/Copenhagen", { user: eve });
  expect(await inChannel("notify here digest", ann)).toBe(
    "Only managers and admins set up a channel's digest. Ask one of them to type notify here digest in this channel.",
  );
  expect((await personal.say("notify here digest", { user: eve })).text).toBe(
    "A digest is posted to a team channel: mention me in that channel and type notify here digest there.",
  );
  const usage = "notify here digest [weekly|daily] [‹day›] [‹HH:MM›] | notify here digest off";
  for (const [typed, problem] of [
    ["notify here digest someday", '"someday" is no day of the week. Use monday … sunday.'],
    ["notify here digest monday 25:00", '"25:00" is no time of day. Write it as HH:MM, like 08:00.'],
    [
      "notify here digest daily friday",
      "A daily digest comes every working day; give only the time, like notify here digest daily 08:00.",
    ],
  ] as const) {
    const answer = await inChannel(typed, eve);
    expect(answer, typed).toContain(problem);
    expect(answer, typed).toContain(usage);
  }
  expect(await channelDigest()).toBeUndefined();

  const set = await inChannel("notify here digest", eve);
  expect(set).toMatch(
    /^This channel gets the pipeline digest every Monday at 08:00 \(Europe\/Copenhagen\)\. The next one: Mon, .+ 2026, 08:00 AM\. Type digest preview to see it now\.$/,
  );
  expect((await channelDigest())?.schedule).toEqual({ cadence: "weekly", weekday: 1, minutes: 480 });

  expect(await inChannel("notify here digest weekly fredag 16.30", eve)).toContain(
    "every Friday at 16:30 (Europe/Copenhagen)",
  );
  expect(await inChannel("notify here digest daily 7:15", eve)).toContain(
    "every working day at 07:15 (Europe/Copenhagen)",
  );
  expect((await channelDigest())?.schedule).toEqual({ cadence: "daily", weekday: 1, minutes: 435 });
  // `notify here` itself still only names event topics: the digest is a command of its own.
  expect(await inChannel("notify here stage", eve)).toContain("This channel now hears about stage changes");
  expect((await channelDigest())?.active).toBe(true);

  expect(await inChannel("notify here digest off", ann)).toContain("Only managers and admins");
  expect(await inChannel("notify here digest off", eve)).toBe(
    "This channel gets no more digests. Type notify here digest to start again.",
  );
  expect(await inChannel("notify here digest off", eve)).toBe(
    "This channel had no digest, so nothing changed.",
  );
  expect((await channelDigest())?.active).toBe(false);
});

test("digest preview shows the digest now, in the reader's language, and when the next one is due", async () => {
  await personal.say("account new Contoso Ltd", { user: ann });
  await personal.say("opp new Web shop account=Contoso Ltd value=12000", { user: ann });
  await inChannel("notify here digest weekly monday 08:00", eve);

  const preview = await inChannel("digest preview", ann);
  expect(preview).toContain("Pipeline digest — preview");
  expect(preview).toContain("The next digest here is posted Mon,");
  expect(preview).toContain("Pipeline per stage");
  expect(preview).toContain("Qualify");
  expect(preview).toContain("€12,000.00 · weighted");

  const danish = await personal.say("digest preview", { user: ann, locale: "da-DK" });
  expect(danish.text).toContain("Pipeline-oversigt — forhåndsvisning");
  expect(danish.text).toContain("Der er ingen oversigt her");
  expect(danish.text).toContain("12.000,00");
  expect((await personal.say("digest preview now", { user: ann })).text).toContain("digest preview");
});

test("notify me off|on, and a nudge's Snooze: stored per person and opportunity, honoured the next morning", async () => {
  expect((await personal.say("notify me maybe", { user: ann })).text).toContain("notify me off|on");
  expect((await personal.say("notify me off", { user: ann })).text).toBe(
    "You get no more morning messages. Type notify me on to get them again.",
  );
  expect((await digests().prefs(tenant, ann.aadObjectId))?.value.off).toBe(true);
  expect((await personal.say("notify me on", { user: ann })).text).toBe(
    "You get a message on working mornings when something of yours is due.",
  );

  const created = await personal.say("opp new Late deal account=Contoso Ltd value=500 close=2026-11-02", {
    user: ann,
  });
  const ref = /O-\d+/.exec(created.text)?.[0] ?? "";
  expect(ref).not.toBe("");
  // What tomorrow morning's nudges would say, from the bot's own store.
  const services = composeServices(bot.store);
  const morning = async () => {
    const date = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const nudges = await services.digests.nudges(tenant, {
      periodKey: date,
      dueAt: zonedInstant(date, 480, "UTC"),
    });
    return nudges.find((n) => n.user.userId === ann.aadObjectId)?.content.items.map((i) => i.ref) ?? [];
  };
  expect(await morning()).toContain(ref);

  expect((await personal.press("nudge.snooze", {}, { user: ann })).text).toBe(
    "That button's data was not valid, so nothing was changed. Open the card again with a fresh command.",
  );
  expect((await personal.press("nudge.snooze", { ref: "O-999999" }, { user: ann })).text).toContain(
    "O-999999",
  );
  const snoozed = await personal.press("nudge.snooze", { ref }, { user: ann });
  expect(snoozed.message).toMatch(new RegExp(`^${ref} stays out of your morning messages until .+\\.$`));
  const prefs = (await digests().prefs(tenant, ann.aadObjectId))?.value;
  expect(Object.keys(prefs?.snoozes ?? {})).toEqual([ref]);
  expect(await morning()).not.toContain(ref);
});

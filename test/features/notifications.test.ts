import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { Delivery } from "../../src/domain/notify/ports.js";
import { startBotServer, teamsMessage } from "../support/bot-server.js";
import {
  cardOf,
  cardText,
  RecordingConnector,
  type RecordedActivity,
} from "../support/recording-connector.js";

/**
 * Notifications over HTTP: the real server, store, relay, worker and Teams transport, posting to the
 * stand-in Bot Connector, which can fail on demand. A manager subscribes a channel; stage moves start one
 * thread per opportunity and reply in it while the root card is updated in place; an assignment tells the
 * channel, the assignee (with an @mention and the card) and the previous owner; 429, 5xx and 403 are
 * handled as Teams asks, and nothing is ever posted twice.
 */

type User = { id: string; name: string; aadObjectId: string };
const eve: User = { id: "29:eve", name: "Eve Admin", aadObjectId: "00000000-0000-4000-8000-00000000e001" };
const ann: User = { id: "29:ann", name: "Ann Berg", aadObjectId: "00000000-0000-4000-8000-00000000a001" };
const bo: User = { id: "29:bo", name: "Bo Lind", aadObjectId: "00000000-0000-4000-8000-00000000b001" };
const tenant = "tenant-a";
const sales = "19:sales@thread.tacv2";
const other = "19:other@thread.tacv2";

let connector: RecordingConnector;
let bot: Awaited<ReturnType<typeof startBotServer>>;

beforeAll(async () => {
  connector = await RecordingConnector.start();
  bot = await startBotServer({ ADMIN_AAD_IDS: eve.aadObjectId });
  for (const u of [eve, ann, bo])
    connector.members.set(u.id, {
      ...u,
      email: `${u.name.split(" ")[0]?.toLowerCase()}@contoso.com`,
      tenantId: tenant,
    });
  // Everybody has talked to the bot once, so the directory knows them and their personal chats.
  for (const u of [eve, ann, bo]) await dm("help", u);
  await dm("account new Contoso Ltd", ann);
});

afterAll(async () => {
  await bot?.stop();
  await connector?.close();
});

beforeEach(() => connector.clearFailures());

// ---------------------------------------------------------------------------------------------------------

const tag = (u: User) => `<at>${u.name}</at>`;

function repliesTo(activityId: string) {
  const replies = connector.received.filter((r) => r.body.replyToId === activityId);
  const texts = replies.map((r) => r.body.text).filter((t): t is string => typeof t === "string");
  const cards = replies.map((r) => cardOf(r)).filter((c) => c !== undefined);
  return { text: texts.join("\n"), all: [...texts, ...cards.map(cardText)].join("\n") };
}

/** A message in a team channel (the bot @mentioned first), with the given people @mentioned in it. */
async function say(text: string, user: User, mentioned: readonly User[] = [], channel = sales) {
  const activity = {
    ...teamsMessage({
      serviceUrl: connector.serviceUrl,
      text: `<at>Pipeline</at> ${text}`,
      user,
      tenantId: tenant,
      conversationId: channel,
      conversationType: "channel",
    }),
    channelData: {
      tenant: { id: tenant },
      team: { id: "19:team@thread.tacv2", name: "Sales" },
      channel: { id: channel, name: channel === sales ? "Sales" : "Other" },
    },
    entities: [
      { type: "mention", text: "<at>Pipeline</at>", mentioned: { id: "28:pipeline-bot", name: "Pipeline" } },
      ...mentioned.map((m) => ({ type: "mention", text: tag(m), mentioned: { id: m.id, name: m.name } })),
    ],
  };
  expect((await bot.post(activity)).status).toBe(200);
  return repliesTo(activity.id);
}

/** A message in the user's personal chat with the bot. */
async function dm(text: string, user: User) {
  const activity = teamsMessage({ serviceUrl: connector.serviceUrl, text, user, tenantId: tenant });
  expect((await bot.post(activity)).status).toBe(200);
  return repliesTo(activity.id);
}

/** What the bot posted on its own (not a reply to an incoming activity) since `from`. */
function proactive(from: number): RecordedActivity[] {
  return connector.received.slice(from).filter((r) => r.body.replyToId === undefined);
}

const inChannel = (posts: RecordedActivity[], channel: string) =>
  posts.filter((p) => p.conversationId.replace(/;messageid=.*$/, "") === channel);

async function settle(): Promise<void> {
  await bot.notifications.idle();
}

async function deliveries(): Promise<Delivery[]> {
  const page = await bot.store.query(tenant, { type: "delivery", limit: 1000 });
  return page.items.map((i) => i.body as unknown as Delivery);
}

async function newOpportunity(title: string): Promise<string> {
  const reply = await dm(`opp new ${title} account=A-1001 value=100000`, ann);
  const ref = /O-\d+/.exec(reply.all)?.[0];
  if (!ref) throw new Error(`no opportunity created: ${reply.all}`);
  await settle();
  return ref;
}

// ---------------------------------------------------------------------------------------------------------

describe("subscribing a channel", () => {
  test("only managers and admins subscribe, only in a channel; a rep is refused and nothing changes", async () => {
    expect((await say("notify here", ann)).text).toMatch(/managers and admins/i);
    expect((await say("notify", ann)).text).toMatch(/hears nothing from me yet/);
    expect((await dm("notify here", eve)).text).toMatch(/per channel/);
    expect((await say("notify here stages sometimes", eve)).text).toMatch(/sometimes/);
    expect((await say("notify", eve)).text).toMatch(/hears nothing from me yet/);

    const before = connector.received.length;
    const ref = await newOpportunity("Unheard deal");
    await dm(`opp next ${ref}`, ann);
    await settle();
    expect(proactive(before)).toEqual([]);
  });

  test("notify here subscribes the channel to what it names", async () => {
    expect((await say("notify here stage assignment", eve)).text).toMatch(/stage changes, assignments/i);
    expect((await say("notify", ann)).text).toMatch(/stage changes, assignments/i);
  });
});

describe("stage changes", () => {
  test("the first move starts a thread with the current state; later moves reply in it and update the root", async () => {
    const ref = await newOpportunity("Threaded deal");
    const start = connector.received.length;
    await dm(`opp next ${ref}`, ann);
    await settle();
    const first = inChannel(proactive(start), sales);
    expect(first).toHaveLength(1);
    const root = first[0];
    if (!root?.id) throw new Error("no root post");
    expect(root.kind).toBe("send");
    expect(root.threadRootId).toBeUndefined();
    const rootText = cardText(cardOf(root));
    expect(rootText).toContain(`${ref} · Threaded deal`);
    expect(rootText).toContain("Ann Berg moved");
    expect(rootText).toContain("●\u00a0Develop");

    const second = connector.received.length;
    await dm(`opp next ${ref}`, ann);
    await settle();
    const after = inChannel(proactive(second), sales);
    expect(after.map((p) => p.kind)).toEqual(["send", "update"]);
    const [reply, update] = after;
    expect(reply?.threadRootId).toBe(root.id);
    expect(cardText(cardOf(reply))).toMatch(/Develop.*Propose/s);
    expect(update?.activityId).toBe(root.id);
    expect(cardText(cardOf(update))).toContain("●\u00a0Propose");

    // Another opportunity gets a thread of its own.
    const otherRef = await newOpportunity("Second thread");
    const third = connector.received.length;
    await dm(`opp next ${otherRef}`, ann);
    await settle();
    const own = inChannel(proactive(third), sales);
    expect(own).toHaveLength(1);
    expect(own[0]?.threadRootId).toBeUndefined();
  });

  test("a channel subscribed to won only hears nothing of stage moves", async () => {
    expect((await say("notify here won", eve, [], other)).text).toMatch(/won/i);
    const ref = await newOpportunity("Quiet in other");
    const start = connector.received.length;
    await dm(`opp next ${ref}`, ann);
    await settle();
    expect(inChannel(proactive(start), other)).toEqual([]);
    expect(inChannel(proactive(start), sales)).toHaveLength(1);
    expect((await say("notify off", eve, [], other)).text).toMatch(/nothing more/);
  });
});

describe("assignment", () => {
  test("the channel, the assignee (mentioned, with the card) and the previous owner are told", async () => {
    const ref = await newOpportunity("Assigned deal");
    const start = connector.received.length;
    const reply = await say(`opp assign ${ref} ${tag(bo)}`, eve, [bo]);
    expect(reply.all).toContain(`${ref} is now Bo Lind's.`);
    await settle();

    const posts = proactive(start);
    expect(inChannel(posts, sales)).toHaveLength(1);
    expect(cardText(cardOf(inChannel(posts, sales)[0]))).toContain("Eve Admin assigned");

    const toBo = posts.filter((p) => p.conversationId === `a:personal-${bo.id}`);
    expect(toBo).toHaveLength(1);
    expect(toBo[0]?.body.text).toMatch(/^<at>Bo Lind<\/at> /);
    expect(toBo[0]?.body.entities).toEqual([
      expect.objectContaining({
        type: "mention",
        text: "<at>Bo Lind</at>",
        mentioned: { id: bo.id, name: "Bo Lind" },
      }),
    ]);
    expect(cardText(cardOf(toBo[0]))).toContain("Assigned deal");

    const toAnn = posts.filter((p) => p.conversationId === `a:personal-${ann.id}`);
    expect(toAnn).toHaveLength(1);
    expect(toAnn[0]?.body.text).toMatch(/Bo Lind/);
    // The assigner is not told about their own act.
    expect(posts.filter((p) => p.conversationId === `a:personal-${eve.id}`)).toEqual([]);
  });

  test("a person is written to in the language of their Teams client", async () => {
    const ref = await newOpportunity("Dansk aftale");
    const danish = teamsMessage({
      serviceUrl: connector.serviceUrl,
      text: "help",
      user: bo,
      tenantId: tenant,
      locale: "da-DK",
    });
    expect((await bot.post(danish)).status).toBe(200);
    const start = connector.received.length;
    await say(`opp assign ${ref} ${tag(bo)}`, eve, [bo]);
    await settle();
    const toBo = proactive(start).filter((p) => p.conversationId === `a:personal-${bo.id}`);
    expect(toBo.map((p) => p.body.text)).toEqual([
      `<at>Bo Lind</at> Eve Admin tildelte ${ref} Dansk aftale til dig.`,
    ]);
    // Back to English for the tests that follow.
    await dm("help", bo);
  });

  test("a rep cannot assign, typed or forged; bulk assignment reports each opportunity", async () => {
    const one = await newOpportunity("Bulk one");
    const two = await newOpportunity("Bulk two");
    expect((await say(`opp assign ${one} ${tag(bo)}`, ann, [bo])).all).toMatch(/managers and admins/i);
    const forged = teamsMessage({
      serviceUrl: connector.serviceUrl,
      type: "invoke",
      name: "adaptiveCard/action",
      value: {
        action: { type: "Action.Execute", verb: "opp.assign", data: { ref: one, person: bo.aadObjectId } },
      },
      user: ann,
      tenantId: tenant,
    });
    const response = await bot.post(forged);
    expect(JSON.stringify(await response.json())).toMatch(/managers and admins/i);

    const reply = await say(`opp assign ${one} ${two} O-99999 ${tag(bo)}`, eve, [bo]);
    expect(reply.all).toContain(`${one}, ${two}`);
    expect(reply.all).toContain("O-99999");
    await settle();
  });
});

describe("delivery guarantees", () => {
  test("429 waits for Retry-After, then posts once", async () => {
    const ref = await newOpportunity("Throttled deal");
    connector.failNext(1, { status: 429, headers: { "Retry-After": "1" } }, { conversationId: sales });
    const start = connector.received.length;
    const failedBefore = connector.failed.length;
    const began = Date.now();
    await dm(`opp next ${ref}`, ann);
    await settle();
    expect(connector.failed.slice(failedBefore).map((f) => f.status)).toEqual([429]);
    expect(Date.now() - began).toBeGreaterThanOrEqual(900);
    expect(inChannel(proactive(start), sales)).toHaveLength(1);
  });

  test("5xx is retried with backoff until it goes through, once", async () => {
    const ref = await newOpportunity("Flaky deal");
    connector.failNext(2, { status: 503 }, { conversationId: sales });
    const start = connector.received.length;
    const failedBefore = connector.failed.length;
    await dm(`opp next ${ref}`, ann);
    await settle();
    expect(connector.failed.slice(failedBefore).map((f) => f.status)).toEqual([503, 503]);
    expect(inChannel(proactive(start), sales)).toHaveLength(1);
  });

  test("a 429 followed by 503s still delivers exactly once", async () => {
    const ref = await newOpportunity("Stormy deal");
    connector.failNext(1, { status: 429, headers: { "Retry-After": "1" } }, { conversationId: sales });
    connector.failNext(2, { status: 503 }, { conversationId: sales });
    const start = connector.received.length;
    const failedBefore = connector.failed.length;
    await dm(`opp next ${ref}`, ann);
    await settle();
    expect(connector.failed.slice(failedBefore).map((f) => f.status)).toEqual([429, 503, 503]);
    expect(inChannel(proactive(start), sales)).toHaveLength(1);
    const stored = (await deliveries()).filter(
      (d) => d.event.subject.ref === ref && d.event.kind === "stage_changed" && d.target.kind === "channel",
    );
    expect(stored.map((d) => d.status)).toEqual(["sent"]);
  });

  test("nothing is posted twice: recovering deliveries and outboxes again sends nothing new", async () => {
    const before = connector.requests.length;
    await bot.notifications.worker.recover([tenant]);
    await bot.notifications.relay.recover([tenant]);
    await settle();
    expect(connector.requests.slice(before).filter((r) => r.kind !== "getMember")).toEqual([]);
    const all = await deliveries();
    expect(all.length).toBeGreaterThan(0);
    expect(all.filter((d) => d.status === "pending")).toEqual([]);
    expect(new Set(all.map((d) => d.id)).size).toBe(all.length);
  });

  test("403 (bot removed) marks the channel gone and stops posting there", async () => {
    connector.setGone(sales, 403);
    const ref = await newOpportunity("Removed deal");
    const failedBefore = connector.failed.length;
    await dm(`opp next ${ref}`, ann);
    await settle();
    expect(connector.failed.slice(failedBefore).map((f) => f.status)).toEqual([403]);
    const gone = (await deliveries()).filter((d) => d.status === "gone");
    expect(gone.length).toBeGreaterThanOrEqual(1);

    // The subscription is off: the next move is not even tried there.
    const again = connector.requests.length;
    await dm(`opp next ${ref}`, ann);
    await settle();
    expect(connector.requests.slice(again).filter((r) => r.conversationId.startsWith(sales))).toEqual([]);
  });
});

describe("removal", () => {
  test("removing the bot from a channel ends its subscription at once: nothing is tried there", async () => {
    expect((await say("notify here stage", eve, [], other)).text).toMatch(/stage changes/);
    const removal = {
      ...teamsMessage({
        serviceUrl: connector.serviceUrl,
        user: eve,
        tenantId: tenant,
        conversationId: other,
      }),
      type: "conversationUpdate",
      conversation: { id: other, conversationType: "channel", tenantId: tenant },
      channelData: {
        tenant: { id: tenant },
        team: { id: "19:team@thread.tacv2", name: "Sales" },
        channel: { id: other, name: "Other" },
        eventType: "teamMemberRemoved",
      },
      membersRemoved: [{ id: "28:pipeline-bot" }],
    };
    expect((await bot.post(removal)).status).toBe(200);

    const ref = await newOpportunity("After removal");
    const before = connector.requests.length;
    await dm(`opp next ${ref}`, ann);
    await settle();
    expect(connector.requests.slice(before).filter((r) => r.conversationId.startsWith(other))).toEqual([]);
  });
});

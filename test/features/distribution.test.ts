import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { composeServices } from "../../src/compose.js";
import type { ConversationAddress } from "../../src/domain/directory/directory.js";
import type { Opportunity } from "../../src/domain/opportunities/opportunity.js";
import type { Partner } from "../../src/domain/partners/partner.js";
import type { Actor } from "../../src/domain/shared/actor.js";
import { startBotServer, teamsMessage } from "../support/bot-server.js";
import { executeActions, submittedData } from "../support/card-validation.js";
import {
  cardOf,
  cardText,
  RecordingConnector,
  type RecordedActivity,
} from "../support/recording-connector.js";

/**
 * Distribution over HTTP: the real server, store, relay, worker and Teams transport, posting to the stand-in
 * Bot Connector. A manager distributes from the sales channel; each partner member is @mentioned in their
 * personal chat with the partner card (or the partner's inbox channel gets it); pressing Accept answers with
 * the opportunity as the partner now manages it, and the owner and the channel are told; every press that
 * may not count is refused and changes nothing. Partners, their members and the opportunities' partner
 * facts are set up through the store-backed services, before the bot meets the people involved.
 */

type User = { id: string; name: string; aadObjectId: string };
const user = (key: string, name: string, n: number): User => ({
  id: `29:${key}`,
  name,
  aadObjectId: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
});
const eve = user("eve", "Eve Admin", 1);
const mia = user("mia", "Mia Holm", 2);
const ann = user("ann", "Ann Berg", 3);
const pia = user("pia", "Pia Partner", 4);
const per = user("per", "Per Partner", 5);
const nils = user("nils", "Nils Northwind", 6);
const olga = user("olga", "Olga Contoso", 7);
const everybody = [eve, mia, ann, pia, per, nils, olga];

const tenant = "tenant-a";
const sales = "19:sales@thread.tacv2";
const contosoInbox = "19:contoso-partners@thread.tacv2";
const botId = "28:pipeline-bot";

let connector: RecordingConnector;
let bot: Awaited<ReturnType<typeof startBotServer>>;
let services: ReturnType<typeof composeServices>;
const partners: Record<"fabrikam" | "northwind" | "contoso", Partner> = {} as Record<
  "fabrikam" | "northwind" | "contoso",
  Partner
>;

const actorOf = (u: User, role: Actor["role"], partner?: string): Actor => ({
  tenantId: tenant,
  userId: u.aadObjectId,
  name: u.name,
  role,
  ...(partner ? { partner } : {}),
});
const personalOf = (u: User): ConversationAddress => ({
  serviceUrl: connector.serviceUrl,
  conversationId: `a:personal-${u.id}`,
  kind: "personal",
  botId,
});

function ok<T>(result: { ok: true; value: T } | { ok: false; error: { code: string } }): T {
  if (!result.ok) throw new Error(`setup failed: ${result.error.code}`);
  return result.value;
}

beforeAll(async () => {
  connector = await RecordingConnector.start();
  bot = await startBotServer({ ADMIN_AAD_IDS: eve.aadObjectId });
  services = composeServices(bot.store);
  for (const u of everybody)
    connector.members.set(u.id, { ...u, email: `${u.id.slice(3)}@contoso.com`, tenantId: tenant });
  // The directory learns of everybody (as their first message would record them) and their roles are set,
  // all before the bot itself meets them, so it reads them as they are.
  for (const u of everybody)
    await services.directory.seen({
      tenantId: tenant,
      userId: u.aadObjectId,
      teamsId: u.id,
      name: u.name,
      conversation: personalOf(u),
      roster: {
        member: async () => ({ teamsId: u.id, aadObjectId: u.aadObjectId, name: u.name, tenantId: tenant }),
      },
    });
  const admin = actorOf(eve, "admin");
  const known = async (u: User) => {
    const found = await services.directory.user(tenant, u.aadObjectId);
    if (!found) throw new Error(`${u.name} is not in the directory`);
    return found;
  };
  ok(await services.directory.grant(admin, await known(mia), "manager"));
  partners.fabrikam = ok(
    await services.partners.create(admin, {
      name: "Fabrikam",
      regions: ["nordics"],
      industries: ["retail"],
      products: ["web shop"],
      capacity: 5,
      preferred: true,
    }),
  );
  partners.northwind = ok(
    await services.partners.create(admin, {
      name: "Northwind",
      regions: ["dach"],
      industries: ["manufacturing"],
      products: ["erp"],
      capacity: 3,
    }),
  );
  partners.contoso = ok(
    await services.partners.create(admin, {
      name: "Contoso Partners",
      regions: ["benelux"],
      industries: ["manufacturing"],
      capacity: 4,
    }),
  );
  for (const [u, p] of [
    [pia, partners.fabrikam],
    [per, partners.fabrikam],
    [nils, partners.northwind],
    [olga, partners.contoso],
  ] as const)
    ok(await services.partners.addMember(admin, p.ref, await known(u)));
  ok(
    await services.partners.setInbox(actorOf(olga, "partner", partners.contoso.ref), {
      serviceUrl: connector.serviceUrl,
      conversationId: contosoInbox,
      kind: "channel",
      botId,
      teamId: "19:contoso-team@thread.tacv2",
      channelId: contosoInbox,
    }),
  );
  ok(await services.parties.createAccount(actorOf(ann, "rep"), { name: "Nordisk Møbel A/S" }));

  for (const u of everybody) await dm("help", u);
  expect((await say("notify here partner", mia)).all).toMatch(/partner events/);
});

afterAll(async () => {
  await bot?.stop();
  await connector?.close();
});

// ---------------------------------------------------------------------------------------------------------
// Talking to the bot

type Card = Record<string, unknown>;
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

function repliesTo(activityId: string) {
  const replies = connector.received.filter((r) => r.body.replyToId === activityId);
  const texts = replies.map((r) => r.body.text).filter((t): t is string => typeof t === "string");
  const cards = replies.map((r) => cardOf(r)).filter((c): c is Card => c !== undefined);
  return { cards, all: plain([...texts, ...cards.map(cardText)].join("\n")) };
}

/** A message in the sales channel, the bot @mentioned first. */
async function say(text: string, from: User, locale?: string) {
  const activity = {
    ...teamsMessage({
      serviceUrl: connector.serviceUrl,
      text: `<at>Pipeline</at> ${text}`,
      user: from,
      tenantId: tenant,
      conversationId: sales,
      conversationType: "channel",
      ...(locale ? { locale } : {}),
    }),
    channelData: {
      tenant: { id: tenant },
      team: { id: "19:team@thread.tacv2", name: "Sales" },
      channel: { id: sales, name: "Sales" },
    },
    entities: [{ type: "mention", text: "<at>Pipeline</at>", mentioned: { id: botId, name: "Pipeline" } }],
  };
  expect((await bot.post(activity)).status).toBe(200);
  return repliesTo(activity.id);
}

async function dm(text: string, from: User) {
  const activity = teamsMessage({ serviceUrl: connector.serviceUrl, text, user: from, tenantId: tenant });
  expect((await bot.post(activity)).status).toBe(200);
  return repliesTo(activity.id);
}

/** Presses a card button (Action.Execute) as `from`; the card that replaces it, or the message. */
async function press(verb: string, data: unknown, from: User, conversationId?: string) {
  const activity = teamsMessage({
    serviceUrl: connector.serviceUrl,
    type: "invoke",
    name: "adaptiveCard/action",
    value: { action: { type: "Action.Execute", verb, data } },
    user: from,
    tenantId: tenant,
    ...(conversationId ? { conversationId, conversationType: "channel" as const } : {}),
  });
  const response = await bot.post(activity);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { statusCode: number; type: string; value: unknown };
  const card = body.type === "application/vnd.microsoft.card.adaptive" ? (body.value as Card) : undefined;
  return { card, text: plain(card ? cardText(card) : String(body.value)) };
}

/** Presses the button with this verb on a card, with what Teams would send for it (and typed inputs). */
function pressOn(
  card: Card | undefined,
  verb: string,
  from: User,
  inputs: Record<string, unknown> = {},
  conversationId?: string,
) {
  const action = executeActions(card).find((a) => a.verb === verb);
  if (!action) throw new Error(`no ${verb} button; the card has ${verbsOf(card).join(", ")}`);
  return press(verb, { ...submittedData(card, action), ...inputs }, from, conversationId);
}

const verbsOf = (card: Card | undefined) => executeActions(card).map((a) => String(a.verb));

async function settle(): Promise<void> {
  await bot.notifications.idle();
}

/** What the bot posted on its own (not a reply to an incoming activity) since `from`. */
const proactive = (from: number): RecordedActivity[] =>
  connector.received.slice(from).filter((r) => r.body.replyToId === undefined);
const toUser = (posts: RecordedActivity[], u: User) =>
  posts.filter((p) => p.conversationId === `a:personal-${u.id}`);
const inChannel = (posts: RecordedActivity[], channel: string) =>
  posts.filter((p) => p.conversationId.replace(/;messageid=.*$/, "") === channel);

async function stored(ref: string): Promise<Opportunity> {
  return ok(await services.opportunities.show(actorOf(eve, "admin"), ref)).opportunity;
}
const statuses = async (ref: string) =>
  Object.fromEntries(((await stored(ref)).distribution?.partners ?? []).map((e) => [e.name, e.status]));

let opened = 0;
/** An opportunity of Ann's with what partners are shown, and an internal note they must never see. */
async function opportunity(
  facts: { region?: string; industry?: string; product?: string } = { region: "nordics" },
): Promise<string> {
  const title = `Web shop ${++opened}`;
  const created = ok(
    await services.opportunities.create(actorOf(ann, "rep"), {
      title,
      account: "Nordisk Møbel A/S",
      value: 450000,
      currency: "DKK",
      expectedCloseDate: "2027-01-31",
      customerSituation: "Their web shop runs on a platform that is out of support.",
      customerNeed: "A new web shop before the spring collection.",
      proposedSolution: "Our licence; the partner implements and hosts it.",
      ...(facts.region ? { region: facts.region } : {}),
      ...(facts.industry ? { industry: facts.industry } : {}),
    }),
  );
  const ref = created.opportunity.ref;
  if (facts.product)
    ok(
      await services.opportunities.addLine(actorOf(ann, "rep"), ref, {
        product: facts.product,
        quantity: 1,
        unitPrice: 100000,
      }),
    );
  expect((await dm(`note ${ref} Internal: our margin here is thin.`, ann)).all).toContain(ref);
  await settle();
  return ref;
}

/** Distributes as Mia in the sales channel and waits until everybody was told. */
async function distribute(ref: string, to: string) {
  const start = connector.received.length;
  const reply = await say(`opp distribute ${ref} ${to}`, mia);
  await settle();
  return { reply, posts: proactive(start) };
}

// ---------------------------------------------------------------------------------------------------------

describe("distributing to one partner", () => {
  test("each member is @mentioned with the partner card; Accept answers with the managed view; owner and channel are told", async () => {
    const ref = await opportunity();
    const { reply, posts } = await distribute(ref, "Fabrikam");
    expect(reply.all).toContain(`${ref} went to Fabrikam. They are told now and can accept or decline it.`);
    expect(reply.cards).toHaveLength(1);

    for (const member of [pia, per]) {
      const told = toUser(posts, member);
      expect(told).toHaveLength(1);
      expect(told[0]?.body.text).toBe(
        `<at>${member.name}</at> Mia Holm offers ${ref} Web shop ${opened} to your organisation. Accept or decline it.`,
      );
      expect(told[0]?.body.entities).toEqual([
        expect.objectContaining({ type: "mention", mentioned: { id: member.id, name: member.name } }),
      ]);
      const card = cardOf(told[0]);
      expect(verbsOf(card)).toEqual(["opp.accept", "opp.decline"]);
      const words = plain(cardText(card));
      for (const shown of [
        `${ref} · Opportunity for Fabrikam`,
        "Nordisk Møbel A/S",
        "450,000 DKK",
        "A new web shop before the spring collection.",
        "Your organisation alone",
        "Ann Berg",
      ])
        expect(words).toContain(shown);
      expect(JSON.stringify(card)).toContain('"label":"Reason for declining"');
      expect(words).not.toContain("margin");
    }
    expect(toUser(posts, nils)).toEqual([]);
    const channel = inChannel(posts, sales);
    expect(channel).toHaveLength(1);
    expect(plain(cardText(cardOf(channel[0])))).toContain(
      `Mia Holm distributed ${ref} Web shop ${opened} to Fabrikam.`,
    );

    const card = cardOf(toUser(posts, pia)[0]);
    const start = connector.received.length;
    const accepted = await pressOn(card, "opp.accept", pia);
    expect(accepted.text).toContain(`You accepted ${ref} for Fabrikam; your organisation now works on it.`);
    expect(accepted.text).toContain(`Web shop ${opened}`);
    expect(accepted.text).not.toContain("Reason for declining");
    expect(await statuses(ref)).toEqual({ Fabrikam: "accepted" });

    await settle();
    const after = proactive(start);
    const toAnn = toUser(after, ann);
    expect(toAnn).toHaveLength(1);
    expect(toAnn[0]?.body.text).toBe(`<at>Ann Berg</at> Fabrikam accepted ${ref} Web shop ${opened}.`);
    expect(
      inChannel(after, sales)
        .map((p) => plain(cardText(cardOf(p))))
        .join("\n"),
    ).toContain(`Fabrikam accepted ${ref} Web shop ${opened}.`);
    expect(toUser(after, pia)).toEqual([]);

    // Per presses Accept on his own card: already answered, nothing changes.
    const revision = (await stored(ref)).revision;
    const again = await pressOn(cardOf(toUser(posts, per)[0]), "opp.accept", per);
    expect(again.text).toContain(
      `Your organisation already answered ${ref} (accepted). Nothing was changed.`,
    );
    const typed = await dm(`opp accept ${ref}`, pia);
    expect(typed.all).toContain(`Your organisation already answered ${ref} (accepted).`);
    expect((await stored(ref)).revision).toBe(revision);
  });

  test("a member of another partner pressing the card is refused, learns nothing, and nothing changes", async () => {
    const ref = await opportunity();
    const { posts } = await distribute(ref, "Fabrikam");
    const card = cardOf(toUser(posts, pia)[0]);
    const before = await stored(ref);
    const forged = await pressOn(card, "opp.accept", nils);
    expect(forged.card).toBeUndefined();
    expect(forged.text).toBe(`I can't find opportunity ${ref}. Type opp list to see the opportunities.`);
    const declined = await pressOn(card, "opp.decline", nils, { reason: "Mine now" });
    expect(declined.card).toBeUndefined();
    expect(await stored(ref)).toEqual(before);
  });
});

describe("collaboration", () => {
  test("two partners get the card; one accepts, the other declines with a reason; the owner hears both", async () => {
    const ref = await opportunity();
    const { reply, posts } = await distribute(ref, "Fabrikam, Northwind");
    expect(reply.all).toContain(`${ref} went to Fabrikam and Northwind; they work on it together.`);
    const piaCard = cardOf(toUser(posts, pia)[0]);
    const nilsCard = cardOf(toUser(posts, nils)[0]);
    expect(plain(cardText(piaCard))).toContain("Together with Northwind");
    expect(plain(cardText(nilsCard))).toContain("Together with Fabrikam");
    expect(toUser(posts, nils)[0]?.body.text).toContain("to work on together with other partners");

    // Decline without a reason (a client that skipped the check): the card comes back asking for one.
    const bare = await press("opp.decline", { ref, revision: (await stored(ref)).revision }, nils);
    expect(verbsOf(bare.card)).toEqual(["opp.accept", "opp.decline"]);
    expect(bare.text).toContain("Reason for declining is required.");
    expect(await statuses(ref)).toEqual({ Fabrikam: "delivered", Northwind: "delivered" });

    const start = connector.received.length;
    const declined = await pressOn(nilsCard, "opp.decline", nils, {
      reason: "No ERP capacity before March.",
    });
    expect(declined.text).toContain(
      `You declined ${ref} for Northwind. The vendor is told your reason: No ERP capacity before March.`,
    );
    expect(verbsOf(declined.card)).toEqual([]);
    // Pia's card shows an older revision than the stored one; her answer still counts.
    const accepted = await pressOn(piaCard, "opp.accept", pia);
    expect(accepted.text).toContain(`You accepted ${ref} for Fabrikam`);
    expect(await statuses(ref)).toEqual({ Fabrikam: "accepted", Northwind: "declined" });

    await settle();
    const toAnn = toUser(proactive(start), ann).map((p) => p.body.text);
    expect(toAnn).toEqual([
      `<at>Ann Berg</at> Northwind declined ${ref} Web shop ${opened}: No ERP capacity before March.`,
      `<at>Ann Berg</at> Fabrikam accepted ${ref} Web shop ${opened}.`,
    ]);
  });
});

describe("recall", () => {
  test("a recalled partner is told, and a press afterwards is refused with nothing changed", async () => {
    const ref = await opportunity();
    const { posts } = await distribute(ref, "Fabrikam");
    const card = cardOf(toUser(posts, pia)[0]);

    const start = connector.received.length;
    expect((await say(`opp recall ${ref} Fabrikam`, mia)).all).toContain(
      `${ref} was taken back from Fabrikam; they can no longer accept or work on it.`,
    );
    await settle();
    const told = toUser(proactive(start), pia);
    expect(told).toHaveLength(1);
    expect(told[0]?.body.text).toContain(
      `Mia Holm took ${ref} Web shop ${opened} back from your organisation`,
    );
    expect(verbsOf(cardOf(told[0]))).toEqual([]);
    expect(plain(cardText(cardOf(told[0])))).not.toContain("Nordisk Møbel");

    const before = await stored(ref);
    const pressed = await pressOn(card, "opp.accept", pia);
    expect(pressed.text).toContain(`The vendor has taken ${ref} back from your organisation`);
    expect(verbsOf(pressed.card)).toEqual([]);
    expect(await stored(ref)).toEqual(before);
    expect((await say(`opp recall ${ref}`, mia)).all).toBe(
      `${ref} is not with any partner, so there is nothing to recall.`,
    );
  });
});

describe("automatic distribution", () => {
  test("auto picks the partner by region, industry and products, and says why in the reader's language", async () => {
    const ref = await opportunity({ region: "dach", industry: "manufacturing", product: "ERP" });
    const start = connector.received.length;
    const reply = await say(`opp distribute ${ref} auto`, mia);
    expect(reply.all).toContain(
      `${ref} went automatically to Northwind, because it covers the region dach, it covers the industry manufacturing, it offers erp, and it has room for 3 more of 3. Partners that fitted: 2.`,
    );
    await settle();
    expect(toUser(proactive(start), nils)).toHaveLength(1);
    expect(await statuses(ref)).toEqual({ Northwind: "delivered" });

    const danish = await opportunity({ region: "benelux", industry: "manufacturing" });
    expect((await say(`opp distribute ${danish} auto`, mia, "da-DK")).all).toContain(
      `${danish} gik automatisk til Contoso Partners, fordi den dækker regionen benelux, den dækker branchen manufacturing og den har plads til 4 mere af 4.`,
    );
    await settle();
  });

  test("auto with no partner that fits is refused and says what to type instead", async () => {
    const ref = await opportunity({ region: "antarctica" });
    const before = await stored(ref);
    const reply = await say(`opp distribute ${ref} auto`, mia);
    expect(reply.all).toBe(
      `No partner fits ${ref}: none with free capacity serves its region (antarctica), industry (-) or products (-). Name a partner instead: opp distribute ${ref} ‹partner›.`,
    );
    expect(await stored(ref)).toEqual(before);
    expect((await say(`opp distribute ${ref} auto,Fabrikam`, mia)).all).toContain(
      "Choose either auto or partners",
    );
  });
});

describe("who may distribute", () => {
  test("a rep and a partner are refused, typed or forged; oversized data is refused before anything runs", async () => {
    const ref = await opportunity();
    const before = await stored(ref);
    const forbidden = "Only the vendor's managers and admins distribute opportunities to partners.";
    expect((await dm(`opp distribute ${ref} Fabrikam`, ann)).all).toContain(forbidden);
    expect((await dm(`opp distribute ${ref} Fabrikam`, pia)).all).toContain(forbidden);
    const data = { ref, revision: before.revision, partners: partners.fabrikam.ref };
    expect((await press("opp.distribute", data, ann)).text).toContain(forbidden);
    expect((await press("opp.distribute", data, pia)).text).toContain(forbidden);
    expect((await press("opp.distribute.form", { ref, revision: before.revision }, ann)).text).toContain(
      forbidden,
    );
    expect((await press("opp.recall", { ref, revision: before.revision }, pia)).text).toContain(forbidden);
    const oversized = await press("opp.distribute", { ...data, partners: "x".repeat(5000) }, mia);
    expect(oversized.text).toContain("That button's data was not valid, so nothing was changed.");
    const long = await press("opp.decline", { ref, revision: 1, reason: "y".repeat(5000) }, pia);
    expect(long.text).toContain("That button's data was not valid");
    expect(await stored(ref)).toEqual(before);
  });
});

describe("the Distribute form", () => {
  test("opens from opp.distribute.form, lists the partners and automatic, and distributes what is chosen", async () => {
    const ref = await opportunity();
    const { revision } = await stored(ref);
    const form = await press("opp.distribute.form", { ref, revision }, mia);
    expect(verbsOf(form.card)).toEqual(["opp.distribute", "opp.show"]);
    for (const shown of ["Distribute " + ref, "Automatic: the best-matching partner", "Fabrikam ★ preferred"])
      expect(form.text).toContain(shown);
    expect((await say(`opp distribute ${ref}`, mia)).all).toContain("Northwind");

    // Nothing chosen (a client that skipped the check): the form again, saying what to do.
    const empty = await pressOn(form.card, "opp.distribute", mia);
    expect(verbsOf(empty.card)).toEqual(["opp.distribute", "opp.show"]);
    expect(empty.text).toContain("Name at least one partner");

    const done = await pressOn(form.card, "opp.distribute", mia, { partners: partners.northwind.ref });
    expect(done.text).toContain(`${ref} went to Northwind.`);
    expect(await statuses(ref)).toEqual({ Northwind: "delivered" });
    await settle();

    // The old form shows an older revision: refused as changed meanwhile, nothing distributed twice.
    const stale = await pressOn(form.card, "opp.distribute", mia, { partners: partners.fabrikam.ref });
    expect(stale.text).toMatch(/changed/i);
    expect(await statuses(ref)).toEqual({ Northwind: "delivered" });
  });
});

describe("a partner with an inbox channel", () => {
  test("gets the card in that channel instead of its members' personal chats, and answers from there", async () => {
    const ref = await opportunity();
    const { posts } = await distribute(ref, "Contoso Partners");
    expect(toUser(posts, olga)).toEqual([]);
    const inbox = inChannel(posts, contosoInbox);
    expect(inbox).toHaveLength(1);
    expect(inbox[0]?.threadRootId).toBeUndefined();
    const card = cardOf(inbox[0]);
    expect(verbsOf(card)).toEqual(["opp.accept", "opp.decline"]);
    expect(plain(cardText(card))).toContain(`${ref} · Opportunity for Contoso Partners`);

    const accepted = await pressOn(card, "opp.accept", olga, {}, contosoInbox);
    expect(accepted.text).toContain(`You accepted ${ref} for Contoso Partners`);
    expect(await statuses(ref)).toEqual({ "Contoso Partners": "accepted" });
    await settle();
  });
});

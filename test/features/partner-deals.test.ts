import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { composeServices } from "../../src/compose.js";
import type { Opportunity } from "../../src/domain/opportunities/opportunity.js";
import type { Actor } from "../../src/domain/shared/actor.js";
import type { DocumentBody } from "../../src/store/document-store.port.js";
import { startBotServer, teamsMessage } from "../support/bot-server.js";
import { executeActions, submittedData } from "../support/card-validation.js";
import { cardOf, cardText, RecordingConnector } from "../support/recording-connector.js";

/**
 * Partner-created opportunities and deal registration over HTTP: the real server and store, replies recorded
 * by a stand-in Bot Connector. A partner user creates opportunities that wait for a manager; the manager
 * approves or rejects them by text and by card; the partner registers deals and the manager decides them;
 * the partner's `inbox` is its dashboard. Whatever is forged by the wrong people is refused and changes nothing.
 */

type User = { id: string; name: string; aadObjectId: string };
const eve: User = { id: "29:eve", name: "Eve Admin", aadObjectId: "00000000-0000-4000-8000-00000000e001" };
const mia: User = { id: "29:mia", name: "Mia Manager", aadObjectId: "00000000-0000-4000-8000-00000000d001" };
const ann: User = { id: "29:ann", name: "Ann Berg", aadObjectId: "00000000-0000-4000-8000-00000000a001" };
const pia: User = { id: "29:pia", name: "Pia Fabrikam", aadObjectId: "00000000-0000-4000-8000-00000000f001" };
const nils: User = {
  id: "29:nils",
  name: "Nils Northwind",
  aadObjectId: "00000000-0000-4000-8000-00000000f002",
};
const tor: User = {
  id: "29:tor",
  name: "Tor Elsewhere",
  aadObjectId: "00000000-0000-4000-8000-00000000b002",
};
const tenant = "tenant-a";
const otherTenant = "tenant-b";

let connector: RecordingConnector;
let bot: Awaited<ReturnType<typeof startBotServer>>;
let services: ReturnType<typeof composeServices>;
/** Pia's opportunities, as the tests create them: approved (by text, by card), rejected, and only pending. */
const refs = { first: "", second: "", rejected: "", fromForm: "" };

const actorOf = (user: User, role: Actor["role"]): Actor => ({
  tenantId: tenant,
  userId: user.aadObjectId,
  name: user.name,
  role,
});
const eveActor = actorOf(eve, "admin");

beforeAll(async () => {
  connector = await RecordingConnector.start();
  // Tor is an admin too, of another tenant: there he may do anything, here nothing.
  bot = await startBotServer({ ADMIN_AAD_IDS: `${eve.aadObjectId},${tor.aadObjectId}` });
  services = composeServices(bot.store);
  for (const u of [eve, mia, ann, pia, nils]) connector.members.set(u.id, { ...u, tenantId: tenant });
  connector.members.set(tor.id, { ...tor, tenantId: otherTenant });
  // Known to the directory before their first message, so the bot reads their roles fresh.
  const user = (u: User) =>
    services.directory.seen({
      tenantId: tenant,
      userId: u.aadObjectId,
      teamsId: u.id,
      name: u.name,
      conversation: {
        serviceUrl: connector.serviceUrl,
        conversationId: `a:personal-${u.id}`,
        kind: "personal",
        botId: "28:pipeline-bot",
      },
      roster: { member: async () => ({ teamsId: u.id, aadObjectId: u.aadObjectId, name: u.name }) },
    });
  expect((await services.directory.grant(eveActor, await user(mia), "manager")).ok).toBe(true);
  const fabrikam = await services.partners.create(eveActor, { name: "Fabrikam", regions: ["nordics"] });
  const northwind = await services.partners.create(eveActor, { name: "Northwind" });
  expect([fabrikam, northwind].map((p) => p.ok && p.value.ref)).toEqual(["P-1001", "P-1002"]);
  expect((await services.partners.addMember(eveActor, "Fabrikam", await user(pia))).ok).toBe(true);
  expect((await services.partners.addMember(eveActor, "Northwind", await user(nils))).ok).toBe(true);
  const account = await services.parties.createAccount(actorOf(ann, "rep"), { name: "Contoso Ltd" });
  expect(account.ok && account.value.ref).toBe("A-1001");
});

afterAll(async () => {
  await bot?.stop();
  await connector?.close();
});

// ---------------------------------------------------------------------------------------------------------
// Talking to the bot

type Card = Record<string, unknown>;

/** Intl separates amounts and currencies with no-break spaces; tests compare them as plain spaces. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

/** A message in the user's personal chat; the texts and cards the bot answered with. */
async function say(text: string, user: User, tenantId = tenant) {
  const activity = teamsMessage({ serviceUrl: connector.serviceUrl, text, user, tenantId });
  expect((await bot.post(activity)).status).toBe(200);
  const replies = connector.received.filter((r) => r.body.replyToId === activity.id);
  const cards = replies.map((r) => cardOf(r)).filter((c): c is Card => c !== undefined);
  const texts = replies.map((r) => r.body.text).filter((t): t is string => typeof t === "string");
  return { texts, card: cards[0], all: plain([...texts, ...cards.map(cardText)].join("\n")) };
}

/** A card button (Action.Execute) pressed, or forged, by this user: the card that replaces it, or the text. */
async function press(verb: string, data: unknown, user: User, tenantId = tenant) {
  const activity = teamsMessage({
    serviceUrl: connector.serviceUrl,
    type: "invoke",
    name: "adaptiveCard/action",
    value: { action: { type: "Action.Execute", verb, data } },
    user,
    tenantId,
  });
  const response = await bot.post(activity);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { type: string; value: unknown };
  const card = body.type === "application/vnd.microsoft.card.adaptive" ? (body.value as Card) : undefined;
  return { card, text: plain(card ? cardText(card) : String(body.value)) };
}

const verbsOf = (card: Card | undefined) => executeActions(card).map((a) => String(a.verb));

/** Presses the button with this verb on a card, sending what Teams would send, with these inputs filled in. */
function pressOn(card: Card | undefined, verb: string, user: User, inputs: Record<string, unknown> = {}) {
  const action = executeActions(card).find((a) => a.verb === verb);
  if (!action) throw new Error(`no ${verb} button on the card; it has ${verbsOf(card).join(", ")}`);
  return press(verb, { ...submittedData(card, action), ...inputs }, user);
}

async function stored(ref: string): Promise<Opportunity> {
  const shown = await services.opportunities.show(eveActor, ref);
  if (!shown.ok) throw new Error(`${ref}: ${shown.error.code}`);
  return shown.value.opportunity;
}

/** Every opportunity document of both tenants, as stored. */
async function opportunities(): Promise<DocumentBody[]> {
  const pages = await Promise.all(
    [tenant, otherTenant].map((t) => bot.store.query(t, { type: "opportunity", limit: 100 })),
  );
  return pages.flatMap((p) => p.items.map((i) => i.body));
}

/** Pia creates an opportunity for Fabrikam by text; its reference. */
async function partnerCreates(title: string): Promise<string> {
  const reply = await say(`opp new ${title} account=Contoso Retail`, pia);
  const ref = /Opportunity (O-\d+) created\./.exec(reply.all)?.[1];
  if (!ref) throw new Error(`not created: ${reply.all}`);
  return ref;
}

// ---------------------------------------------------------------------------------------------------------

describe("partner-created opportunities", () => {
  test("a partner user creates one by text: it waits for approval; only notes until then", async () => {
    const reply = await say(
      "opp new Store fit-out account=Nordic Stores region=Nordics industry=Retail need=One stock for stores and web shop",
      pia,
    );
    expect(reply.texts).toEqual([]);
    expect(reply.all).toContain(
      "Opportunity O-1001 created. It waits for a manager's approval; you can add notes meanwhile.",
    );
    refs.first = "O-1001";
    expect(reply.all).toContain("Pending approval (created by Fabrikam)");
    expect(reply.all).toContain("One stock for stores and web shop");
    expect(verbsOf(reply.card)).toEqual(["opp.note"]);
    expect(await stored("O-1001")).toMatchObject({
      title: "Store fit-out",
      origin: { partner: "P-1001", name: "Fabrikam" },
      approval: "pending",
      region: "nordics",
      industry: "retail",
      customerNeed: "One stock for stores and web shop",
    });

    expect((await say("opp next O-1001", pia)).all).toContain(
      "O-1001 was created by a partner and waits for a manager's approval",
    );
    const noted = await pressOn(reply.card, "opp.note", pia, { noteText: "Visited the Aarhus store." });
    expect(noted.text).toContain("Added to O-1001.");
    expect(noted.text).toContain("Visited the Aarhus store.");

    const managerCard = (await say("opp show O-1001", mia)).card;
    expect(verbsOf(managerCard)).toEqual(["opp.approve", "opp.reject", "opp.note"]);
    // Another partner is not told it exists.
    expect((await say("opp show O-1001", nils)).all).toBe(
      "I can't find opportunity O-1001. Type opp list to see the opportunities.",
    );
  });

  test("a partner opens the form and creates from it; owner= is not for partners", async () => {
    const form = await say("opp new", pia);
    expect(verbsOf(form.card)).toEqual(["opp.create"]);
    const before = await opportunities();
    expect((await say("opp new Side deal account=Contoso Retail owner=@Ann", pia)).all).toBe(
      "Partner users create opportunities for their own organisation, so owner= cannot be used. Leave it out.",
    );
    expect(await opportunities()).toEqual(before);

    const created = await pressOn(form.card, "opp.create", pia, {
      title: "From the form",
      account: "Nordic Retail Group",
      region: "Nordics",
      situation: "Two stores and no web shop yet",
      need: "Online sales before the summer",
    });
    expect(created.text).toMatch(/Opportunity O-\d+ created\. It waits for a manager's approval/);
    refs.fromForm = /(O-\d+) created/.exec(created.text)?.[1] ?? "";
    expect(await stored(refs.fromForm)).toMatchObject({
      title: "From the form",
      approval: "pending",
      // A new customer record for the name the partner typed; the vendor's accounts are never looked up.
      party: { kind: "account", name: "Nordic Retail Group" },
      region: "nordics",
      customerSituation: "Two stores and no web shop yet",
      customerNeed: "Online sales before the summer",
    });
    expect((await say("opp new Probe account=A-1001", pia)).all).toContain("Name your customer's company");
  });

  test("a manager approves by text and by the card's button, and rejects with a reason", async () => {
    // Without a reference, the manager sees what waits for a decision.
    expect((await say("opp approve", mia)).all).toContain("waiting for your approval: opp approve O-1001");
    expect((await say("opp approve O-1001", mia)).all).toContain(
      "O-1001 approved. Fabrikam can work on it now.",
    );
    expect(await stored("O-1001")).toMatchObject({ approval: "approved", status: "open" });

    const second = await partnerCreates("Second store");
    refs.second = second;
    const approved = await pressOn((await say(`opp show ${second}`, mia)).card, "opp.approve", mia);
    expect(approved.text).toContain(`${second} approved. Fabrikam can work on it now.`);
    expect(approved.text).toContain("Approved (created by Fabrikam)");
    // Approved, it can be distributed: the manager's card now offers it.
    expect(verbsOf(approved.card)).toContain("opp.distribute.form");

    const third = await partnerCreates("Third store");
    refs.rejected = third;
    const rejected = await pressOn((await say(`opp show ${third}`, eve)).card, "opp.reject", eve, {
      reason: "Already in our pipeline",
    });
    expect(rejected.text).toContain(`${third} rejected and closed as lost.`);
    expect(rejected.text).toContain("Rejected: Already in our pipeline");
    expect(await stored(third)).toMatchObject({ approval: "rejected", status: "lost" });
    // The partner sees why; it can do nothing more with it.
    const seen = await say(`opp show ${third}`, pia);
    expect(seen.all).toContain("Rejected (created by Fabrikam)");
    expect(seen.all).toContain("Already in our pipeline");
    expect(verbsOf(seen.card)).toEqual([]);

    expect((await say(`opp approve ${third}`, mia)).all).toContain(
      `${third} has nothing waiting for approval`,
    );
  });
});

describe("deal registration", () => {
  test("the creating partner registers by card and by text, once; not before approval", async () => {
    const card = (await say("opp show O-1001", pia)).card;
    expect(verbsOf(card)).toContain("opp.register");
    expect(verbsOf(card)).not.toContain("opp.quote");
    expect(verbsOf(card)).not.toContain("opp.assign.form");
    const registered = await pressOn(card, "opp.register", pia);
    expect(registered.text).toContain(
      "Deal registration for O-1001 requested. A manager approves or rejects it.",
    );
    expect(registered.text).toContain("Requested by Pia Fabrikam");
    expect(verbsOf(registered.card)).not.toContain("opp.register");
    expect((await stored("O-1001")).deal).toMatchObject({
      status: "requested",
      requestedBy: { name: pia.name },
    });

    expect((await say("opp register O-1001", pia)).all).toBe(
      "A deal registration for O-1001 is already requested. Nothing was changed.",
    );
    expect((await say(`opp register ${refs.fromForm}`, pia)).all).toBe(
      `${refs.fromForm} waits for the vendor's approval; register the deal once it is approved.`,
    );
    expect((await say(`opp register ${refs.second}`, pia)).all).toContain(
      `Deal registration for ${refs.second} requested.`,
    );
  });

  test("a manager approves one deal by text and rejects another on the card, with a reason", async () => {
    expect((await say("opp approve O-1001", mia)).all).toContain("Deal registration for O-1001 approved.");
    const second = refs.second;
    const card = (await say(`opp show ${second}`, mia)).card;
    expect(verbsOf(card).slice(0, 2)).toEqual(["opp.approve", "opp.reject"]);
    const rejected = await pressOn(card, "opp.reject", mia, { reason: "Registered by another partner" });
    expect(rejected.text).toContain(`Deal registration for ${second} rejected.`);
    expect(rejected.text).toContain("Reason: Registered by another partner");
    expect(await stored("O-1001")).toMatchObject({
      deal: { status: "approved", decidedBy: { name: mia.name } },
    });
    expect(await stored(second)).toMatchObject({
      deal: { status: "rejected", reason: "Registered by another partner" },
    });
    const seen = await say(`opp show ${second}`, pia);
    expect(seen.all).toContain("Rejected by Mia Manager");
    expect(seen.all).toContain("Reason: Registered by another partner");
  });
});

describe("what partner users see", () => {
  test("inbox is the partner's dashboard; opp list is what it manages; help shows partner commands", async () => {
    const mine = actorOf(ann, "rep");
    const manager = actorOf(mia, "manager");
    const create = async (title: string) => {
      const created = await services.opportunities.create(mine, { title, account: "A-1001" });
      if (!created.ok) throw new Error(created.error.code);
      return created.value.opportunity.ref;
    };
    const together = await create("Web shop, together");
    const offered = await create("Data platform, offered");
    expect(
      (await services.opportunities.distribute(manager, together, { names: ["Fabrikam", "Northwind"] })).ok,
    ).toBe(true);
    expect((await services.opportunities.distribute(manager, offered, { names: ["Fabrikam"] })).ok).toBe(
      true,
    );
    const piaActor = { ...actorOf(pia, "partner"), partner: "P-1001" };
    expect((await services.opportunities.accept(piaActor, together)).ok).toBe(true);

    const dashboard = await say("inbox", pia);
    const text = dashboard.all;
    expect(text).toContain("Fabrikam: your opportunities");
    const section = (title: string, next?: string) =>
      text.slice(text.indexOf(title), next ? text.indexOf(next) : undefined);
    const awaiting = section("Awaiting your answer", "Managed by you");
    const managed = section("Managed by you", "Created by you");
    const created = section("Created by you");
    expect(awaiting).toContain(offered);
    expect(awaiting).toContain(`Type opp accept ${offered}, or opp decline ${offered} ‹reason›.`);
    expect(awaiting).not.toContain(together);
    expect(managed).toContain(together);
    expect(managed).toContain("Together with Northwind");
    expect(managed).not.toContain(offered);
    expect(created).toContain("O-1001");
    expect(created).toContain("Deal registration approved");
    expect(created).toContain("Deal registration rejected · Reason: Registered by another partner");
    expect(created).toContain("Rejected");
    expect(created).toContain("Waiting for the vendor's approval");
    expect(verbsOf(dashboard.card).every((v) => v === "opp.show")).toBe(true);
    // Opened from the dashboard, an opportunity awaiting the answer offers Accept and Decline.
    const opened = await pressOn(dashboard.card, "opp.show", pia);
    expect(opened.text).toContain(`${offered}\nData platform, offered`);
    expect(verbsOf(opened.card)).toEqual(["opp.accept", "opp.decline"]);

    // The vendor's people keep their own inbox.
    expect((await say("inbox", ann)).all).toContain("Your inbox");

    const list = await say("opp list", pia);
    expect(list.all).toContain("Managed by Fabrikam");
    expect(list.all).toContain(together);
    expect(list.all).not.toContain(offered);
    expect(list.all).not.toContain("O-1001");
    expect((await say("opp list contact=Contoso", pia)).all).toBe(
      "Partner users list by scope and stage only: opp list [mine|open|closed|all] [stage=‹name›].",
    );

    const help = (await say("help", pia)).all;
    expect(help).toContain("opp register ‹O-ref›");
    expect(help).toContain("opp new");
    expect(help).not.toContain("opp approve");
    expect((await say("help", mia)).all).toContain("opp approve ‹O-ref›");

    const accepted = await pressOn(opened.card, "opp.accept", pia);
    expect(verbsOf(accepted.card)).toContain("opp.next");
    expect((await stored(offered)).distribution?.partners).toMatchObject([
      { partner: "P-1001", status: "accepted", by: { name: pia.name } },
    ]);
  });

  test("collaborating partners only add notes; why a partner declined is for the vendor's people", async () => {
    const created = await services.opportunities.create(actorOf(ann, "rep"), {
      title: "Loyalty app, three partners",
      account: "A-1001",
    });
    if (!created.ok) throw new Error(created.error.code);
    const ref = created.value.opportunity.ref;
    const manager = actorOf(mia, "manager");
    expect(
      (await services.opportunities.distribute(manager, ref, { names: ["Fabrikam", "Northwind"] })).ok,
    ).toBe(true);
    const piaActor = { ...actorOf(pia, "partner"), partner: "P-1001" };
    const nilsActor = { ...actorOf(nils, "partner"), partner: "P-1002" };
    expect((await services.opportunities.accept(piaActor, ref)).ok).toBe(true);
    expect((await services.opportunities.decline(nilsActor, ref, "No consultants before June")).ok).toBe(
      true,
    );
    const other = await services.opportunities.create(actorOf(ann, "rep"), {
      title: "Pair",
      account: "A-1001",
    });
    if (!other.ok) throw new Error(other.error.code);
    const pair = other.value.opportunity.ref;
    expect(
      (await services.opportunities.distribute(manager, pair, { names: ["Fabrikam", "Northwind"] })).ok,
    ).toBe(true);
    expect((await services.opportunities.accept(piaActor, pair)).ok).toBe(true);
    expect((await services.opportunities.accept(nilsActor, pair)).ok).toBe(true);

    const vendor = await say(`opp show ${ref}`, mia);
    expect(vendor.all).toContain("Declined");
    expect(vendor.all).toContain("Reason: No consultants before June");
    const partner = await say(`opp show ${ref}`, pia);
    expect(partner.all).toContain("Fabrikam");
    expect(partner.all).not.toContain("No consultants before June");
    expect(partner.all, partner.all).not.toContain("Northwind");

    const collaborating = await say(`opp show ${pair}`, nils);
    expect(collaborating.all).toContain("Collaboration: the partners work on it together.");
    expect(verbsOf(collaborating.card)).toEqual(["opp.note"]);
    expect((await say(`opp next ${pair}`, nils)).all).toContain(
      `Several partners work on ${pair} together, so it cannot be changed or closed by a partner`,
    );
  });
});

describe("forged submissions by the wrong people", () => {
  test("every forged approve, reject and register is refused and changes nothing", async () => {
    const pending = await partnerCreates("Pending, to forge against");
    const first = (await stored(refs.first)).revision;
    const before = await opportunities();
    const refusals: [string, unknown, User, string][] = [
      ["opp.approve", { ref: pending, revision: 1 }, ann, "Only managers and admins approve or reject."],
      ["opp.reject", { ref: pending, revision: 1, reason: "x" }, pia, "Only managers and admins approve"],
      ["opp.approve", { ref: pending, revision: 1 }, nils, "Only managers and admins approve or reject."],
      ["opp.register", { ref: refs.first, revision: first }, nils, `I can't find opportunity ${refs.first}.`],
      ["opp.register", { ref: refs.first, revision: first }, ann, "Deal registration is for partner users"],
      [
        "opp.register",
        { ref: refs.first, revision: first },
        pia,
        "is already approved. Nothing was changed.",
      ],
      ["opp.approve", { ref: pending, revision: 1 }, tor, `I can't find opportunity ${pending}.`],
      ["opp.register", { ref: refs.second, revision: 1 }, tor, `I can't find opportunity ${refs.second}.`],
      ["opp.note", { ref: pending, noteText: "forged" }, nils, `I can't find opportunity ${pending}.`],
      ["opp.approve", { ref: pending, revision: "x" }, mia, "That button"],
      [
        "opp.reject",
        { ref: refs.first, revision: first },
        mia,
        `${refs.first} has nothing waiting for approval`,
      ],
      ["opp.approve", { ref: refs.first, revision: first - 1 }, mia, `${refs.first} was changed after`],
    ];
    for (const [verb, data, user, expected] of refusals) {
      const answer = await press(verb, data, user, user === tor ? otherTenant : tenant);
      expect(answer.text, `${verb} by ${user.name}`).toContain(expected);
    }
    // Typed, the other tenant's admin learns nothing either.
    expect((await say(`opp show ${refs.first}`, tor, otherTenant)).all).toBe(
      `I can't find opportunity ${refs.first}. Type opp list to see the opportunities.`,
    );
    expect(await opportunities()).toEqual(before);
  });
});

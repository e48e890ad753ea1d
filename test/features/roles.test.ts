import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { composeServices } from "../../src/compose.js";
import type { Actor } from "../../src/domain/shared/actor.js";
import type { DocumentBody } from "../../src/store/document-store.port.js";
import { startBotServer, teamsMessage } from "../support/bot-server.js";
import { cardOf, cardText, RecordingConnector } from "../support/recording-connector.js";

/**
 * Roles over HTTP: the real server and store, Teams' member API answered by the stand-in Bot Connector.
 * An admin gives roles by @mentioning people; everything else is refused the same way whether typed or
 * forged as a card submission; guests get the help and nothing else; `owner=@user` picks people by mention.
 */

type User = { id: string; name: string; aadObjectId: string };
const eve: User = { id: "29:eve", name: "Eve Admin", aadObjectId: "00000000-0000-4000-8000-00000000e001" };
const ann: User = { id: "29:ann", name: "Ann Berg", aadObjectId: "00000000-0000-4000-8000-00000000a001" };
const bo: User = { id: "29:bo", name: "Bo Lind", aadObjectId: "00000000-0000-4000-8000-00000000b001" };
const gus: User = { id: "29:gus", name: "Gus Guest", aadObjectId: "00000000-0000-4000-8000-00000000c001" };
const tenant = "tenant-a";
const channelId = "19:sales@thread.tacv2";

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
  connector.members.set(gus.id, { ...gus, userRole: "guest" });
  const services = composeServices(bot.store);
  const actor: Actor = { tenantId: tenant, userId: ann.aadObjectId, name: ann.name, role: "rep" };
  const account = await services.parties.createAccount(actor, { name: "Contoso Ltd" });
  expect(account.ok && account.value.ref).toBe("A-1001");
});

afterAll(async () => {
  await bot?.stop();
  await connector?.close();
});

// ---------------------------------------------------------------------------------------------------------

const tag = (u: User) => `<at>${u.name}</at>`;

/** A message in the sales channel (the bot @mentioned first), with the given people @mentioned in it. */
async function say(text: string, user: User, mentioned: readonly User[] = []) {
  const activity = {
    ...teamsMessage({
      serviceUrl: connector.serviceUrl,
      text: `<at>Pipeline</at> ${text}`,
      user,
      tenantId: tenant,
      conversationId: channelId,
      conversationType: "channel",
    }),
    entities: [
      { type: "mention", text: "<at>Pipeline</at>", mentioned: { id: "28:pipeline-bot", name: "Pipeline" } },
      ...mentioned.map((m) => ({ type: "mention", text: tag(m), mentioned: { id: m.id, name: m.name } })),
    ],
  };
  expect((await bot.post(activity)).status).toBe(200);
  const replies = connector.received.filter((r) => r.body.replyToId === activity.id);
  const texts = replies.map((r) => r.body.text).filter((t): t is string => typeof t === "string");
  const cards = replies.map((r) => cardOf(r)).filter((c) => c !== undefined);
  return { text: texts.join("\n"), cards, all: [...texts, ...cards.map(cardText)].join("\n") };
}

/** A card button (Action.Execute) pressed, or forged, by this user. */
async function press(verb: string, data: unknown, user: User) {
  const activity = teamsMessage({
    serviceUrl: connector.serviceUrl,
    type: "invoke",
    name: "adaptiveCard/action",
    value: { action: { type: "Action.Execute", verb, data } },
    user,
    tenantId: tenant,
  });
  const response = await bot.post(activity);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { type: string; value: unknown };
  return body.type === "application/vnd.microsoft.card.adaptive" ? cardText(body.value) : String(body.value);
}

/** Every user document of the tenant, as stored. */
async function users(): Promise<DocumentBody[]> {
  const page = await bot.store.query(tenant, { type: "user", limit: 100 });
  return page.items.map((i) => i.body);
}

async function owner(ref: string): Promise<string> {
  const admin: Actor = { tenantId: tenant, userId: eve.aadObjectId, name: eve.name, role: "admin" };
  const shown = await composeServices(bot.store).opportunities.show(admin, ref);
  if (!shown.ok) throw new Error(shown.error.code);
  return shown.value.opportunity.owner.name;
}

// ---------------------------------------------------------------------------------------------------------

describe("roles", () => {
  test("a rep cannot give roles: typed or forged as a card submission, nothing changes", async () => {
    await say("help", bo);
    const before = await users();

    expect((await say(`role ${tag(bo)} admin`, ann, [bo])).text).toBe(
      "Only admins can give roles. Nothing was changed.",
    );
    expect(await press("role.grant", { user: bo.aadObjectId, role: "admin" }, ann)).toBe(
      "Only admins can give roles. Nothing was changed.",
    );
    expect(await press("role.form", {}, ann)).toBe("Only admins can give roles. Nothing was changed.");
    expect((await say("role list", ann)).text).toBe("Only managers and admins can see who holds which role.");
    // Ann's own record was added by her first turn; nobody else's changed.
    expect((await users()).filter((u) => u.id !== `user:${ann.aadObjectId}`)).toEqual(before);
  });

  test("an admin gives a role by @mentioning the person; role list shows it", async () => {
    expect((await say(`role ${tag(bo)} manager`, eve, [bo])).text).toBe("Bo Lind now has the role manager.");
    const list = (await say("role list", eve)).text;
    expect(list).toContain("Admins from the configuration: Eve Admin");
    expect(list).toMatch(/^Bo Lind \(bo@contoso\.com\): manager — given by Eve Admin on \d{4}-\d{2}-\d{2}$/m);
  });

  test("an admin from the configuration stays admin, and the reply says so", async () => {
    expect((await say(`role ${tag(eve)} rep`, eve, [eve])).text).toBe(
      "Eve Admin now has the role sales rep. Eve Admin is an admin from the configuration (ADMIN_AAD_IDS) and stays admin whatever role is stored.",
    );
    expect((await say("role list", eve)).text).toContain("Admins from the configuration: Eve Admin");
  });

  test("without a role, role opens the form with the person chosen; the form's answer gives the role", async () => {
    const form = await say(`role ${tag(ann)}`, eve, [ann]);
    expect(form.all).toContain("Give a role");
    expect(form.all).toContain("Ann Berg (ann@contoso.com)");
    expect(await press("role.grant", { user: ann.aadObjectId, role: "boss" }, eve)).toContain(
      '"boss" is not a role.',
    );
    expect(await press("role.grant", { user: ann.aadObjectId, role: "rep" }, eve)).toBe(
      "Ann Berg now has the role sales rep.",
    );
  });

  test("a guest gets the help and nothing else, until mapped to a partner", async () => {
    const refusal =
      "You are a guest in this organisation, so you have no access to the pipeline yet. Ask an admin to map you to a partner (role @you partner=‹partner name›). Type help to see what you can do.";
    expect((await say("lead new Website last=Berg", gus)).text).toBe(refusal);
    expect((await say("opp list", gus)).text).toBe(refusal);
    expect(await press("opp.list", {}, gus)).toBe(refusal);
    const help = await say("help", gus);
    expect(help.all).toContain("guest without access");
    expect(help.all).not.toContain("lead new");

    expect((await say(`role ${tag(gus)} rep`, eve, [gus])).text).toBe(
      "Gus Guest is a guest or from another organisation and can only be mapped to a partner: type role @Gus Guest partner=‹partner name›.",
    );
    // The partner role binds a partner organisation that exists.
    expect((await say(`role ${tag(gus)} partner=Nordic Partners A/S`, eve, [gus])).text).toBe(
      "I don't know the partner Nordic Partners A/S. Type partner list to see the partners.",
    );
    expect((await say("partner new Nordic Partners A/S", eve)).all).toContain(
      "Partner P-1001 Nordic Partners A/S created.",
    );
    expect((await say(`role ${tag(gus)} partner=Nordic Partners A/S`, eve, [gus])).text).toBe(
      "Gus Guest now has the role partner for Nordic Partners A/S.",
    );
  });
});

describe("what managers may do and reps may not", () => {
  test("a manager reopens and purges closed opportunities; a rep cannot", async () => {
    expect((await say("opp new Deal one account=A-1001", ann)).all).toContain("Opportunity O-1001 created.");
    expect((await say("opp close O-1001 won WON-PRICE", ann)).all).toContain(
      "O-1001 closed as won (WON-PRICE).",
    );

    expect((await say("opp reopen O-1001", ann)).text).toBe("You are not allowed to use opp reopen.");
    expect((await say("opp reopen O-1001", bo)).all).toContain("O-1001 reopened in");
    expect((await say("opp close O-1001 lost LOST-PRICE", ann)).all).toContain("O-1001 closed as lost");

    expect((await say("opp purge", ann)).text).toBe("You are not allowed to use opp purge.");
    expect((await say(`opp purge owner=${tag(bo)} lost`, bo, [bo])).text).toBe(
      "Closed opportunities deleted: 0.",
    );
    expect((await say(`opp purge lost owner=${tag(ann)}`, bo, [ann])).text).toBe(
      "Closed opportunities deleted: 1.",
    );
  });
});

describe("owner=@user", () => {
  test("opp new: a manager creates for someone else; a rep only for themselves", async () => {
    expect((await say(`opp new Deal two account=A-1001 owner=${tag(bo)}`, ann, [bo])).text).toBe(
      "Only managers and admins can create an opportunity for someone else. Leave out owner= to create it for yourself.",
    );
    const mine = (await say("opp new Deal two account=A-1001 owner=@Ann", ann)).all;
    const mineRef = /Opportunity (O-\d+) created\./.exec(mine)?.[1] ?? "";
    expect(await owner(mineRef)).toBe("Ann Berg");

    const given = (await say(`opp new Deal three account=A-1001 owner=${tag(ann)}`, bo, [ann])).all;
    const givenRef = /Opportunity (O-\d+) created\./.exec(given)?.[1] ?? "";
    expect(await owner(givenRef)).toBe("Ann Berg");

    expect((await say(`opp new Deal four account=A-1001 owner=${tag(gus)}`, bo, [gus])).text).toBe(
      "Gus Guest does not work the pipeline (role: partner), so they cannot own an opportunity.",
    );
    expect((await say("opp new Deal four account=A-1001 owner=@Nobody", bo)).text).toBe(
      'I don\'t know "Nobody" yet. @mention the person (type @ and pick them from the list) so that Teams tells me who it is.',
    );
  });

  test("opp list: someone's open opportunities, and the next page keeps the owner", async () => {
    const list = await say(`opp list owner=${tag(ann)}`, bo, [ann]);
    expect(list.all).toContain("Open opportunities");
    expect(list.all).toContain("Owner: Ann Berg");
    expect(list.all).toContain("Deal two");
    expect(list.all).toContain("Deal three");
    const byName = await say("opp list all owner=@Bo", bo);
    expect(byName.all).toContain("Owner: Bo Lind");
    expect(byName.all).not.toContain("Deal two");
    expect(await press("opp.list", { scope: "open", owner: ann.aadObjectId }, bo)).toContain(
      "Owner: Ann Berg",
    );
  });
});

describe("the bot removed from a conversation", () => {
  test("removal from a channel and uninstalling from a personal chat mark the conversation inactive", async () => {
    const directory = () => composeServices(bot.store).directory;
    expect((await directory().conversation(tenant, channelId))?.active).toBe(true);
    const removed = {
      ...teamsMessage({
        serviceUrl: connector.serviceUrl,
        type: "conversationUpdate",
        user: eve,
        tenantId: tenant,
        conversationId: channelId,
        conversationType: "channel",
      }),
      membersRemoved: [{ id: "28:pipeline-bot" }],
    };
    expect((await bot.post(removed)).status).toBe(200);
    expect((await directory().conversation(tenant, channelId))?.active).toBe(false);

    await say("help", ann);
    const personal = await press("help", {}, ann);
    expect(personal).toContain("What you can ask me");
    expect((await directory().user(tenant, ann.aadObjectId))?.personal?.conversationId).toBe(
      "a:personal-29:ann",
    );
    const uninstalled = {
      ...teamsMessage({
        serviceUrl: connector.serviceUrl,
        type: "installationUpdate",
        user: ann,
        tenantId: tenant,
      }),
      action: "remove",
    };
    expect((await bot.post(uninstalled)).status).toBe(200);
    expect((await directory().conversation(tenant, "a:personal-29:ann"))?.active).toBe(false);
    expect((await directory().user(tenant, ann.aadObjectId))?.personal).toBeUndefined();
  });
});

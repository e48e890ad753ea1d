import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { composeServices } from "../../src/compose.js";
import type { Partner } from "../../src/domain/partners/partner.js";
import type { Actor } from "../../src/domain/shared/actor.js";
import type { DocumentBody } from "../../src/store/document-store.port.js";
import { startBotServer, teamsMessage } from "../support/bot-server.js";
import { executeActions } from "../support/card-validation.js";
import { cardOf, cardText, RecordingConnector } from "../support/recording-connector.js";

/**
 * Partner administration over HTTP: the real server and store, Teams' member API answered by the stand-in
 * Bot Connector. Managers define partners (typed or through the form) and staff them by @mention; an admin's
 * `role @user partner=‹name›` goes through the same use case; a partner member makes a channel their
 * organisation's inbox. Every refusal changes nothing, whether typed or forged as a card submission.
 */

type User = { id: string; name: string; aadObjectId: string };
const eve: User = { id: "29:eve", name: "Eve Admin", aadObjectId: "00000000-0000-4000-8000-00000000e001" };
const max: User = { id: "29:max", name: "Max Manager", aadObjectId: "00000000-0000-4000-8000-00000000d001" };
const ann: User = { id: "29:ann", name: "Ann Berg", aadObjectId: "00000000-0000-4000-8000-00000000a001" };
const frida: User = {
  id: "29:frida",
  name: "Frida Fabrikam",
  aadObjectId: "00000000-0000-4000-8000-00000000f001",
};
const gus: User = { id: "29:gus", name: "Gus Guest", aadObjectId: "00000000-0000-4000-8000-00000000c001" };
const tenant = "tenant-a";
const sales = { id: "19:sales@thread.tacv2", name: "Sales" };
const fabrikamChannel = { id: "19:fabrikam@thread.tacv2", name: "Fabrikam deals" };

let connector: RecordingConnector;
let bot: Awaited<ReturnType<typeof startBotServer>>;

beforeAll(async () => {
  connector = await RecordingConnector.start();
  bot = await startBotServer({ ADMIN_AAD_IDS: eve.aadObjectId });
  for (const u of [eve, max, ann, frida])
    connector.members.set(u.id, {
      ...u,
      email: `${u.name.split(" ")[0]?.toLowerCase()}@contoso.com`,
      tenantId: tenant,
    });
  connector.members.set(gus.id, { ...gus, userRole: "guest" });
});

afterAll(async () => {
  await bot?.stop();
  await connector?.close();
});

// ---------------------------------------------------------------------------------------------------------

const tag = (u: User) => `<at>${u.name}</at>`;

/** A message in a team channel (the bot @mentioned first), with the given people @mentioned in it. */
async function say(
  text: string,
  user: User,
  options: { mentioned?: readonly User[]; channel?: { id: string; name: string } } = {},
) {
  const channel = options.channel ?? sales;
  const base = teamsMessage({
    serviceUrl: connector.serviceUrl,
    text: `<at>Pipeline</at> ${text}`,
    user,
    tenantId: tenant,
    conversationId: channel.id,
    conversationType: "channel",
  });
  const activity = {
    ...base,
    channelData: {
      tenant: { id: tenant },
      team: { id: "19:team@thread.tacv2", name: "Contoso" },
      channel: { id: channel.id, name: channel.name },
    },
    entities: [
      { type: "mention", text: "<at>Pipeline</at>", mentioned: { id: "28:pipeline-bot", name: "Pipeline" } },
      ...(options.mentioned ?? []).map((m) => ({
        type: "mention",
        text: tag(m),
        mentioned: { id: m.id, name: m.name },
      })),
    ],
  };
  return replies(activity);
}

/** A message in the user's personal chat with the bot. */
async function sayPersonally(text: string, user: User) {
  return replies(teamsMessage({ serviceUrl: connector.serviceUrl, text, user, tenantId: tenant }));
}

async function replies(activity: { id: string }) {
  expect((await bot.post(activity)).status).toBe(200);
  const sent = connector.received.filter((r) => r.body.replyToId === activity.id);
  const texts = sent.map((r) => r.body.text).filter((t): t is string => typeof t === "string");
  const cards = sent.map((r) => cardOf(r)).filter((c) => c !== undefined);
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

/** Fresh services over the bot's store: what is stored, not what some instance cached. */
const services = () => composeServices(bot.store);

async function partner(ref: string): Promise<Partner | undefined> {
  return services().partners.get(tenant, ref);
}

/** Every partner document and name claim of the tenant, as stored. */
async function partnerDocuments(): Promise<DocumentBody[]> {
  const store = bot.store;
  const docs = await store.query(tenant, { type: "partner", limit: 100 });
  const claims = await store.query(tenant, { type: "partner-name", limit: 100 });
  return [...docs.items, ...claims.items].map((i) => i.body);
}

async function directoryUser(u: User) {
  return services().directory.user(tenant, u.aadObjectId);
}

const forbidden = "Only managers and admins manage partner organisations. Nothing was changed.";

// ---------------------------------------------------------------------------------------------------------

describe("partner new", () => {
  test("a manager creates a partner inline; the profile is stored normalised", async () => {
    expect((await say(`role ${tag(max)} manager`, eve, { mentioned: [max] })).text).toBe(
      "Max Manager now has the role manager.",
    );
    const created = await say(
      "partner new Fabrikam regions=Nordics, Germany industries=retail products=ERP,crm capacity=5 preferred=yes",
      max,
    );
    expect(created.text).toBe("");
    expect(created.all).toContain(
      "Partner P-1001 Fabrikam created. Add its people with partner add Fabrikam @person.",
    );
    expect(created.all).toContain("nordics, germany");
    expect(await partner("P-1001")).toMatchObject({
      name: "Fabrikam",
      regions: ["nordics", "germany"],
      industries: ["retail"],
      products: ["erp", "crm"],
      capacity: 5,
      preferred: true,
      members: [],
      createdBy: { id: max.aadObjectId, name: "Max Manager" },
    });
  });

  test("without arguments it opens the form, whose submission creates the partner", async () => {
    const form = await say("partner new", max);
    expect(form.all).toContain("New partner");
    expect(form.all).toContain("Create partner");
    expect(
      await press(
        "partner.create",
        {
          name: "Northwind Traders",
          regions: "benelux",
          industries: "",
          products: "",
          capacity: "3",
          preferred: "no",
        },
        max,
      ),
    ).toContain("Partner P-1002 Northwind Traders created.");
    expect(await partner("P-1002")).toMatchObject({
      name: "Northwind Traders",
      regions: ["benelux"],
      industries: [],
      products: [],
      capacity: 3,
      preferred: false,
    });
  });

  test("a duplicate name is refused in any case and spacing, typed or submitted; nothing is stored", async () => {
    const before = await partnerDocuments();
    const typed = await say("partner new  fabrikam ", max);
    // One message: the form, with the problem on it.
    expect(typed.text).toBe("");
    expect(typed.all).toContain("There is already a partner called Fabrikam.");
    expect(typed.all).toContain("New partner");
    const submitted = await press("partner.create", { name: " NORTHWIND   traders " }, max);
    expect(submitted).toContain("There is already a partner called Northwind Traders.");
    expect(submitted).toContain("Please correct this:");
    expect(await partnerDocuments()).toEqual(before);
  });

  test("a rep is refused, typed or with a forged card submission; nothing is stored", async () => {
    const before = await partnerDocuments();
    expect((await say("partner new Contoso", ann)).text).toBe(forbidden);
    expect((await say("partner new", ann)).text).toBe(forbidden);
    expect(await press("partner.create", { name: "Contoso", capacity: "2" }, ann)).toBe(forbidden);
    expect(await press("partner.form", {}, ann)).toBe(forbidden);
    expect(await partnerDocuments()).toEqual(before);
  });

  test("oversized or garbage input is refused, saying what was wrong; nothing is stored", async () => {
    const before = await partnerDocuments();
    const refusals: [string, string][] = [
      [
        "partner new auto",
        '"auto" cannot be a partner name: not auto or all, and without , ; < or >. Choose another name.',
      ],
      ["partner new Contoso capacity=lots", "Capacity must be a whole number from 0 to 10000."],
      ["partner new Contoso capacity=-1", "Capacity must be a whole number from 0 to 10000."],
      ["partner new Contoso preferred=maybe", "Preferred partner must be yes or no."],
      [
        `partner new Contoso regions=${Array.from({ length: 21 }, (_, i) => `r${i}`).join(",")}`,
        "Regions can have at most 20 entries.",
      ],
      [
        `partner new Contoso products=${"x".repeat(61)}`,
        "Each value in Products can be at most 60 characters.",
      ],
      [`partner new ${"N".repeat(101)}`, "Name can be at most 100 characters."],
      ["partner new capacity=3", "Name is required."],
    ];
    for (const [typed, problem] of refusals) {
      const reply = await say(typed, max);
      expect(reply.text, typed).toBe("");
      expect(reply.cards, typed).toHaveLength(1);
      expect(reply.all, typed).toContain(problem);
      expect(reply.all, typed).toContain("Please correct this:");
    }
    expect((await say("partner new Contoso colour=blue", max)).text).toBe(
      '"colour" is not something I can set here. Use one of: regions, industries, products, capacity, preferred, region, industry, product. Type: partner new ‹name› [regions=a,b] [industries=a,b] [products=a,b] [capacity=‹n›] [preferred=yes|no]',
    );
    expect((await say("partner new Contoso region=a regions=b", max)).text).toContain(
      "You gave regions twice. Give it once.",
    );
    const badAction =
      "That button's data was not valid, so nothing was changed. Open the card again with a fresh command.";
    expect(await press("partner.create", { name: "x".repeat(500) }, max)).toBe(badAction);
    expect(await press("partner.create", { name: "Contoso", capacity: { n: 1 } }, max)).toBe(badAction);
    expect(await press("partner.create", { name: "Contoso", regions: [1, 2] }, max)).toBe(badAction);
    expect(await press("partner.create", { name: "Contoso", capacity: -5 }, max)).toContain(
      "Capacity must be a whole number from 0 to 10000.",
    );
    expect(await partnerDocuments()).toEqual(before);
  });
});

describe("partner add, and role @user partner=‹name›", () => {
  test("partner add @mention: the person acts for that partner and sees only their organisation", async () => {
    await sayPersonally("help", frida);
    const added = await say(`partner add Fabrikam ${tag(frida)}`, max, { mentioned: [frida] });
    expect(added.all).toContain(
      "Frida Fabrikam now acts for Fabrikam: they see what is distributed to Fabrikam and hear of it in their chat with me.",
    );
    expect((await partner("P-1001"))?.members).toEqual([{ id: frida.aadObjectId, name: "Frida Fabrikam" }]);
    expect(await directoryUser(frida)).toMatchObject({ role: "partner", partner: "P-1001" });

    const own = await sayPersonally("partner list", frida);
    expect(own.all).toContain("Your partner organisation");
    expect(own.all).toContain("Fabrikam");
    expect(own.all).not.toContain("Northwind");
    expect(own.all).not.toContain("New partner");
    expect((await sayPersonally("partner show Northwind Traders", frida)).text).toBe(
      "I don't know the partner Northwind Traders. Type partner list to see the partners.",
    );
    const help = (await sayPersonally("help", frida)).all;
    expect(help).toContain("partner list");
    expect(help).toContain("notify here");
    expect(help).not.toContain("partner new");
    expect(help).not.toContain("lead new");
    expect((await sayPersonally("partner new Contoso", frida)).text).toBe(forbidden);
  });

  test("the vendor's people see every partner with its members; managers get the buttons", async () => {
    const list = await say("partner list", ann);
    expect(list.all).toContain("Partners");
    expect(list.all).toContain("P-1001 · Fabrikam");
    expect(list.all).toContain("P-1002 · Northwind Traders");
    expect(list.all).toContain("Frida Fabrikam");
    expect(list.all).not.toContain("New partner");
    const managed = await say("partner list", max);
    expect(managed.all).toContain("New partner");
    expect(managed.all).toContain("Add member");
  });

  test("partner add without a person opens Add a member; its submission moves the person", async () => {
    const open = await say("partner add Northwind Traders", max);
    expect(open.all).toContain(
      "Choose the partner and name the person under Add a member, or type partner add ‹partner› @person.",
    );
    expect(open.all).toContain("Northwind Traders (P-1002)");
    expect(await press("partner.add", { partner: "P-1002", person: "frida@contoso.com" }, max)).toContain(
      "Frida Fabrikam now acts for Northwind Traders",
    );
    expect((await partner("P-1001"))?.members).toEqual([]);
    expect((await partner("P-1002"))?.members).toEqual([{ id: frida.aadObjectId, name: "Frida Fabrikam" }]);
    expect(await directoryUser(frida)).toMatchObject({ role: "partner", partner: "P-1002" });
  });

  test("partner add is refused for reps, unknown partners and the vendor's managers; nothing changes", async () => {
    const before = await partnerDocuments();
    expect((await say(`partner add Fabrikam ${tag(ann)}`, ann, { mentioned: [ann] })).text).toBe(forbidden);
    expect(await press("partner.add", { partner: "P-1001", person: "ann@contoso.com" }, ann)).toBe(forbidden);
    expect((await say(`partner add Nowhere ${tag(ann)}`, max, { mentioned: [ann] })).text).toBe(
      "I don't know the partner Nowhere. Type partner list to see the partners.",
    );
    expect((await say(`partner add Fabrikam ${tag(max)}`, max, { mentioned: [max] })).text).toBe(
      "Max Manager is one of your managers; partner members must be partner users. Nothing was changed.",
    );
    expect((await say("partner add Fabrikam @Nobody", max)).text).toBe(
      'I don\'t know "Nobody" yet. @mention the person (type @ and pick them from the list) so that Teams tells me who it is.',
    );
    expect(await partnerDocuments()).toEqual(before);
    expect(await directoryUser(ann)).not.toHaveProperty("role");
  });

  test("role partner=‹unknown› is refused; partner=‹name› makes the person a member of that partner", async () => {
    await say("help", gus);
    expect((await say(`role ${tag(gus)} partner=Nowhere`, eve, { mentioned: [gus] })).text).toBe(
      "I don't know the partner Nowhere. Type partner list to see the partners.",
    );
    expect(await directoryUser(gus)).not.toHaveProperty("role");
    expect((await say(`role ${tag(gus)} partner=fabrikam`, eve, { mentioned: [gus] })).text).toBe(
      "Gus Guest now has the role partner for Fabrikam.",
    );
    expect((await partner("P-1001"))?.members).toEqual([{ id: gus.aadObjectId, name: "Gus Guest" }]);
    expect(await directoryUser(gus)).toMatchObject({ role: "partner", partner: "P-1001" });
    expect((await say("role list", eve)).text).toMatch(
      /^Gus Guest: partner \(Fabrikam\) — given by Eve Admin/m,
    );
    expect(
      await press("role.grant", { user: gus.aadObjectId, role: "partner", partner: "Nowhere" }, eve),
    ).toBe("I don't know the partner Nowhere. Type partner list to see the partners.");
  });

  test("a role other than partner takes the person out of their partner's members", async () => {
    expect((await say(`role ${tag(frida)} rep`, eve, { mentioned: [frida] })).text).toBe(
      "Frida Fabrikam now has the role sales rep.",
    );
    expect((await partner("P-1002"))?.members).toEqual([]);
    expect(await directoryUser(frida)).toMatchObject({ role: "rep" });
    expect(await directoryUser(frida)).not.toHaveProperty("partner");
    // A guest can only be a partner user, so the change is refused and Gus stays a member.
    expect((await say(`role ${tag(gus)} rep`, eve, { mentioned: [gus] })).text).toContain(
      "can only be mapped to a partner",
    );
    expect((await partner("P-1001"))?.members).toEqual([{ id: gus.aadObjectId, name: "Gus Guest" }]);
    expect((await say(`role ${tag(max)} partner=Fabrikam`, eve, { mentioned: [max] })).text).toBe(
      "Max Manager is one of your managers; partner members must be partner users. Nothing was changed. To make Max Manager a partner user, first give them another role: role @Max Manager rep.",
    );
  });
});

describe("a partner's inbox channel", () => {
  test("notify here partner by a partner member makes the channel their organisation's inbox", async () => {
    expect((await say("notify", gus, { channel: fabrikamChannel })).text).toBe(
      "Fabrikam has no inbox channel; distributed opportunities go to each member's chat with me. Type notify here partner in a channel to make it the inbox.",
    );
    expect((await say("notify here partner", gus, { channel: fabrikamChannel })).text).toBe(
      "This channel is now Fabrikam's inbox: opportunities distributed to Fabrikam are posted here instead of in each member's chat. Type notify off here to stop.",
    );
    expect((await partner("P-1001"))?.inbox).toMatchObject({
      conversationId: fabrikamChannel.id,
      kind: "channel",
      channelId: fabrikamChannel.id,
      name: "Fabrikam deals",
    });
    // Posts there will be in the language of the member who set it up.
    expect((await partner("P-1001"))?.inboxLocale).toBe("en-US");
    expect((await say("notify", gus, { channel: fabrikamChannel })).text).toBe(
      "This channel is Fabrikam's inbox: opportunities distributed to Fabrikam are posted here. Type notify off to stop.",
    );
    expect((await say("notify", gus)).text).toBe(
      "Fabrikam's inbox is another channel (Fabrikam deals). Type notify here partner to make it this one.",
    );
    expect((await say("partner list", max)).all).toContain("Fabrikam deals");
  });

  test("other topics, other channels, personal chats and reps change nothing", async () => {
    const before = await partnerDocuments();
    expect((await say("notify here stage", gus)).text).toBe(
      "As a partner user you can make this channel your organisation's inbox: type notify here partner. Other topics are for the vendor's managers.",
    );
    expect((await say("notify off", gus)).text).toBe(
      "This channel is not Fabrikam's inbox, so nothing was changed. Type notify off in the inbox channel to stop it.",
    );
    expect((await sayPersonally("notify here partner", gus)).text).toBe(
      "A partner inbox is a channel: mention me in your organisation's channel and type notify here partner there.",
    );
    expect((await say("notify here partner", ann, { channel: fabrikamChannel })).text).toBe(
      "Only managers and admins choose what a channel hears. Ask one of them to type notify here in this channel.",
    );
    expect(await partnerDocuments()).toEqual(before);
    // A manager's notify here is unchanged: a channel subscription, not a partner inbox.
    expect((await say("notify here partner", max)).text).toBe(
      "This channel now hears about partner events. Each opportunity gets one thread here; its first post is kept up to date.",
    );
    expect(await partnerDocuments()).toEqual(before);
  });

  test("notify off in the inbox channel clears it; removing the bot from the channel clears it too", async () => {
    expect((await say("notify off", gus, { channel: fabrikamChannel })).text).toBe(
      "This channel is no longer Fabrikam's inbox; distributed opportunities go to each member's chat with me again.",
    );
    expect((await partner("P-1001"))?.inbox).toBeUndefined();

    await say("notify here", gus, { channel: fabrikamChannel });
    expect((await partner("P-1001"))?.inbox?.conversationId).toBe(fabrikamChannel.id);
    const removed = {
      ...teamsMessage({
        serviceUrl: connector.serviceUrl,
        type: "conversationUpdate",
        user: gus,
        tenantId: tenant,
        conversationId: fabrikamChannel.id,
        conversationType: "channel",
      }),
      membersRemoved: [{ id: "28:pipeline-bot" }],
    };
    expect((await bot.post(removed)).status).toBe(200);
    expect((await partner("P-1001"))?.inbox).toBeUndefined();
    expect((await partner("P-1001"))?.members).toEqual([{ id: gus.aadObjectId, name: "Gus Guest" }]);
  });
});

describe("partner list paging", () => {
  test("more than 25 partners are listed a page at a time; the card's More button shows the next page", async () => {
    const manager: Actor = { tenantId: tenant, userId: max.aadObjectId, name: max.name, role: "manager" };
    for (let i = 1; i <= 25; i++) {
      const made = await services().partners.create(manager, { name: `Zeta ${String(i).padStart(2, "0")}` });
      expect(made.ok).toBe(true);
    }
    const first = await say("partner list", max);
    expect(first.all).toContain("P-1001 · Fabrikam");
    expect(first.all).toContain("Zeta 23");
    expect(first.all).not.toContain("Zeta 24");
    expect(first.all).toContain("More partners");
    const card = first.cards[0];
    const more = executeActions(card).find((a) => a.verb === "partner.list");
    expect(more).toBeDefined();
    const next = await press("partner.list", more?.data, max);
    expect(next).toContain("Zeta 24");
    expect(next).toContain("Zeta 25");
    expect(next).not.toContain("Fabrikam");
    expect(next).not.toContain("More partners");
  });
});

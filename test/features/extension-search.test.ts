import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { composeServices } from "../../src/compose.js";
import type { Actor } from "../../src/domain/shared/actor.js";
import { startBotServer } from "../support/bot-server.js";
import { parseCard, unknownPropertyProblems, leftoverTemplateProblems } from "../support/card-validation.js";
import { extensionClient, type User } from "../support/extension.js";
import { RecordingConnector } from "../support/recording-connector.js";

/**
 * The message extension's search (composeExtension/query) over HTTP, on the real server and store: staff
 * find leads, opportunities, accounts and contacts of their own tenant by reference, topic, company, contact
 * name or e-mail; an empty search lists what they changed last; a partner user finds only the opportunities
 * distributed to or created by their organisation; another tenant's user finds nothing of this tenant.
 */

const eve: User = { id: "29:eve", name: "Eve Admin", aadObjectId: "00000000-0000-4000-8000-00000000e001" };
const mia: User = { id: "29:mia", name: "Mia Manager", aadObjectId: "00000000-0000-4000-8000-00000000d001" };
const ann: User = { id: "29:ann", name: "Ann Berg", aadObjectId: "00000000-0000-4000-8000-00000000a001" };
const pia: User = { id: "29:pia", name: "Pia Fabrikam", aadObjectId: "00000000-0000-4000-8000-00000000f001" };
const tor: User = {
  id: "29:tor",
  name: "Tor Elsewhere",
  aadObjectId: "00000000-0000-4000-8000-00000000b002",
};
const tenant = "tenant-a";
const otherTenant = "tenant-b";
const domain = "pipeline.contoso.test";

let connector: RecordingConnector;
let bot: Awaited<ReturnType<typeof startBotServer>>;
const client = extensionClient(
  () => bot,
  () => connector,
);

const actorOf = (user: User, role: Actor["role"], tenantId = tenant): Actor => ({
  tenantId,
  userId: user.aadObjectId,
  name: user.name,
  role,
});

beforeAll(async () => {
  connector = await RecordingConnector.start();
  bot = await startBotServer({ ADMIN_AAD_IDS: `${eve.aadObjectId},${tor.aadObjectId}`, BOT_DOMAIN: domain });
  // A clock that moves a minute per reading, so "most recently changed" has one answer.
  let minute = 0;
  const clock = { now: () => new Date(Date.parse("2026-11-20T09:00:00.000Z") + ++minute * 60_000) };
  const services = composeServices(bot.store, clock);
  for (const u of [eve, mia, ann, pia]) connector.members.set(u.id, { ...u, tenantId: tenant });
  connector.members.set(tor.id, { ...tor, tenantId: otherTenant });
  const seen = (u: User) =>
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
  const eveActor = actorOf(eve, "admin");
  expect((await services.directory.grant(eveActor, await seen(mia), "manager")).ok).toBe(true);
  expect((await services.partners.create(eveActor, { name: "Fabrikam" })).ok).toBe(true);
  expect((await services.partners.addMember(eveActor, "Fabrikam", await seen(pia))).ok).toBe(true);

  const annActor = actorOf(ann, "rep");
  const miaActor = actorOf(mia, "manager");
  const ok = <T>(result: { ok: boolean; value?: T }) => {
    expect(result.ok, JSON.stringify(result)).toBe(true);
    return result.value as T;
  };
  ok(await services.parties.createAccount(annActor, { name: "Contoso Ltd", domain: "contoso.com" }));
  ok(
    await services.parties.createContact(annActor, {
      kind: "person",
      firstName: "Lars",
      lastName: "Lund",
      email: "lars@contoso.com",
    }),
  );
  ok(
    await services.leads.create(annActor, {
      topic: "Website redesign",
      firstName: "Lars",
      lastName: "Lund",
      company: "Contoso Ltd",
      email: "lars@contoso.com",
    }),
  );
  ok(
    await services.opportunities.create(annActor, {
      title: "Server upgrade",
      account: "A-1001",
      value: 12000,
    }),
  );
  ok(
    await services.opportunities.create(miaActor, {
      title: "Cloud migration",
      account: "A-1001",
      value: 50000,
    }),
  );
  ok(
    await services.leads.create(miaActor, { topic: "Fabrikam intro", lastName: "Holm", company: "Fabrikam" }),
  );
  ok(await services.opportunities.distribute(eveActor, "O-1002", { names: ["Fabrikam"] }));
  // The other tenant has records with the same references and a look-alike name.
  const torActor = actorOf(tor, "admin", otherTenant);
  ok(await services.parties.createAccount(torActor, { name: "Contoso Nordic", domain: "contoso.no" }));
  ok(await services.leads.create(torActor, { topic: "Contoso website", lastName: "Dahl" }));
});

afterAll(async () => {
  await bot?.stop();
  await connector?.close();
});

describe("search by staff", () => {
  test("finds leads, opportunities, accounts and contacts by company, newest change first", async () => {
    const { titles } = await client.search(ann, tenant, "contoso");
    expect(titles).toEqual([
      "O-1002 · Cloud migration",
      "O-1001 · Server upgrade",
      "L-1001 · Website redesign",
      "C-1001 · Lars Lund",
      "A-1001 · Contoso Ltd",
    ]);
  });

  test("finds by reference, topic, contact name and e-mail, case-insensitively; all words must match", async () => {
    expect((await client.search(ann, tenant, "o-1001")).titles).toEqual(["O-1001 · Server upgrade"]);
    expect((await client.search(ann, tenant, "REDESIGN")).titles).toEqual(["L-1001 · Website redesign"]);
    expect((await client.search(ann, tenant, "lars lund")).titles).toEqual([
      "L-1001 · Website redesign",
      "C-1001 · Lars Lund",
    ]);
    expect((await client.search(ann, tenant, "lars@contoso.com")).titles).toEqual([
      "L-1001 · Website redesign",
      "C-1001 · Lars Lund",
    ]);
    expect((await client.search(ann, tenant, "contoso upgrade")).titles).toEqual(["O-1001 · Server upgrade"]);
    expect((await client.search(ann, tenant, "nordic")).titles).toEqual([]);
  });

  test("each result is a compact Adaptive Card with an Open link on the bot's domain, and a preview", async () => {
    const { attachments } = await client.search(ann, tenant, "o-1001");
    const [result] = attachments;
    expect(result?.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(result?.preview.contentType).toBe("application/vnd.microsoft.card.thumbnail");
    expect(result?.preview.content).toEqual({
      title: "O-1001 · Server upgrade",
      subtitle: "Opportunity · Qualify",
      text: "€12,000.00 · Contoso Ltd · Ann Berg",
    });
    const card = result?.content;
    expect(card?.version).toBe("1.3");
    expect(card?.actions).toEqual([
      { type: "Action.OpenUrl", title: "Open", url: `https://${domain}/r/O-1001` },
    ]);
    expect(parseCard(card).problems).toEqual([]);
    expect(unknownPropertyProblems(card)).toEqual([]);
    expect(leftoverTemplateProblems(card)).toEqual([]);
  });

  test("an empty search lists the records the user changed last; skip and count page through them", async () => {
    // Ann created the account, contact, lead and O-1001; Mia created O-1002 and Eve last changed it.
    expect((await client.search(ann, tenant)).titles).toEqual([
      "O-1001 · Server upgrade",
      "L-1001 · Website redesign",
      "C-1001 · Lars Lund",
      "A-1001 · Contoso Ltd",
    ]);
    expect((await client.search(ann, tenant, "", { skip: 1, count: 2 })).titles).toEqual([
      "L-1001 · Website redesign",
      "C-1001 · Lars Lund",
    ]);
    expect((await client.search(ann, tenant, "contoso", { skip: 4, count: 25 })).titles).toEqual([
      "A-1001 · Contoso Ltd",
    ]);
    expect((await client.search(mia, tenant)).titles).toEqual(["L-1002 · Fabrikam intro"]);
  });

  test("at most 25 results a page, whatever count Teams asks for", async () => {
    const { attachments } = await client.search(ann, tenant, "", { count: 100 });
    expect(attachments.length).toBeLessThanOrEqual(25);
  });
});

describe("who sees what", () => {
  test("a partner user finds only the opportunities distributed to their organisation", async () => {
    expect((await client.search(pia, tenant, "contoso")).titles).toEqual(["O-1002 · Cloud migration"]);
    expect((await client.search(pia, tenant)).titles).toEqual(["O-1002 · Cloud migration"]);
    expect((await client.search(pia, tenant, "lars")).titles).toEqual([]);
    expect((await client.search(pia, tenant, "fabrikam")).titles).toEqual([]);
  });

  test("another tenant's admin finds only their own tenant's records, never this tenant's", async () => {
    expect((await client.search(tor, otherTenant, "contoso")).titles).toEqual([
      "L-1001 · Contoso website",
      "A-1001 · Contoso Nordic",
    ]);
  });

  test("a user of another tenant in this tenant's chat is refused with a sentence and sees nothing", async () => {
    const found = await client.search(tor, tenant, "contoso");
    expect(found.attachments).toEqual([]);
    expect(found.message).toMatch(/\S/);
  });
});

describe("bad requests", () => {
  test("an unknown command is answered with a message, not results", async () => {
    const { status, body } = await client.invoke(
      "composeExtension/query",
      { commandId: "nope", parameters: [{ name: "query", value: "contoso" }] },
      ann,
      tenant,
    );
    expect(status).toBe(200);
    expect(body).toEqual({
      composeExtension: {
        type: "message",
        text: "This app has no command nope. Update the app and try again.",
      },
    });
  });

  test("a query value that is not what Teams sends is refused with 400", async () => {
    for (const value of [undefined, "contoso", 42, [1]]) {
      const { status } = await client.invoke("composeExtension/query", value, ann, tenant);
      expect(status, JSON.stringify(value)).toBe(400);
    }
  });

  test("odd paging and hostile text find nothing they should not, and never fail", async () => {
    for (const [text, skip, count] of [
      ["%", 0, 25],
      ["_", 0, 25],
      ["' OR 1=1 --", 0, 25],
      ["contoso", -5, -1],
      ["contoso", 1e9, 1e9],
      ["x".repeat(300), 0, 25],
    ] as const) {
      const found = await client.search(ann, tenant, text, { skip, count });
      expect(found.message, `${text} ${skip} ${count}`).toBeUndefined();
      for (const title of found.titles) expect(title).not.toMatch(/Nordic|Contoso website/);
    }
  });
});

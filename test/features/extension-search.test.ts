import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { startBotServer } from "../support/bot-server.js";
import { parseCard, unknownPropertyProblems, leftoverTemplateProblems } from "../support/card-validation.js";
import {
  botDomain,
  extensionClient,
  otherTenant,
  startSeededBot,
  tenant,
  users,
} from "../support/extension.js";
import { RecordingConnector } from "../support/recording-connector.js";

/**
 * The message extension's search (composeExtension/query) over HTTP, on the real server and store: staff
 * find leads, opportunities, accounts and contacts of their own tenant by reference, topic, company, contact
 * name or e-mail; an empty search lists what they changed last; a partner user finds only the opportunities
 * distributed to or created by their organisation; another tenant's user finds nothing of this tenant.
 */

const { mia, ann, pia, tor } = users;

let connector: RecordingConnector;
let bot: Awaited<ReturnType<typeof startBotServer>>;
const client = extensionClient(
  () => bot,
  () => connector,
);

beforeAll(async () => {
  connector = await RecordingConnector.start();
  ({ bot } = await startSeededBot(connector));
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
      { type: "Action.OpenUrl", title: "Open", url: `https://${botDomain}/r/O-1001` },
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

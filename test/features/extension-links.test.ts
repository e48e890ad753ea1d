import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { startBotServer } from "../support/bot-server.js";
import { chat } from "../support/chat.js";
import {
  extensionClient,
  botDomain,
  otherTenant,
  startSeededBot,
  tenant,
  users,
} from "../support/extension.js";
import { RecordingConnector } from "../support/recording-connector.js";

/**
 * Record links over HTTP: lead and opportunity cards carry `https://<BOT_DOMAIN>/r/<ref>`; pasted in Teams
 * (composeExtension/queryLink) a link unfurls into the record's compact card only for a user who may see the
 * record, and into nothing at all for anybody else (another tenant, a partner it was not distributed to, a
 * zero-install anonymousQueryLink). Opened in a browser, GET /r/<ref> redirects to the bot's chat in Teams
 * and shows no data.
 */

const { ann, pia, tor } = users;
let connector: RecordingConnector;
let bot: Awaited<ReturnType<typeof startBotServer>>;
const client = extensionClient(
  () => bot,
  () => connector,
);
const link = (ref: string) => `https://${botDomain}/r/${ref}`;
const nothing = { composeExtension: { type: "result", attachmentLayout: "list", attachments: [] } };

beforeAll(async () => {
  connector = await RecordingConnector.start();
  ({ bot } = await startSeededBot(connector));
});

afterAll(async () => {
  await bot?.stop();
  await connector?.close();
});

describe("cards carry the record's link", () => {
  test("the lead and opportunity cards open https://<BOT_DOMAIN>/r/<ref> from their heading", async () => {
    const talk = chat(
      () => bot,
      () => connector,
      { user: ann, tenantId: tenant },
    );
    const lead = await talk.say("lead show L-1001");
    const opportunity = await talk.say("opp show O-1001");
    expect(JSON.stringify(lead.cards[0])).toContain(
      JSON.stringify({ type: "Action.OpenUrl", url: link("L-1001") }),
    );
    expect(JSON.stringify(opportunity.cards[0])).toContain(
      JSON.stringify({ type: "Action.OpenUrl", url: link("O-1001") }),
    );
  });
});

describe("a pasted link unfurls", () => {
  test("for a user who may see the record: its compact card (Adaptive Cards 1.3) with a preview", async () => {
    const { attachments } = await client.unfurl(ann, tenant, link("O-1001"));
    expect(attachments).toHaveLength(1);
    expect(attachments[0]?.content.version).toBe("1.3");
    expect(attachments[0]?.preview.content.title).toBe("O-1001 · Server upgrade");
    expect((await client.unfurl(ann, tenant, link("l-1001"))).attachments[0]?.preview.content.title).toBe(
      "L-1001 · Website redesign",
    );
    expect((await client.unfurl(ann, tenant, `${link("C-1001")}/`)).attachments).toHaveLength(1);
    expect((await client.unfurl(ann, tenant, link("A-1001"))).attachments).toHaveLength(1);
  });

  test("for a partner user: only an opportunity distributed to their organisation", async () => {
    expect((await client.unfurl(pia, tenant, link("O-1002"))).attachments).toHaveLength(1);
    for (const ref of ["O-1001", "L-1001", "A-1001", "C-1001", "O-9999"]) {
      expect((await client.unfurl(pia, tenant, link(ref))).body, ref).toEqual(nothing);
    }
  });

  test("for another tenant's user: nothing, the same answer as for a record that does not exist", async () => {
    // In tenant B, Tor's own L-1001 unfurls; tenant A's O-1001 (no such record in B) does not.
    expect(
      (await client.unfurl(tor, otherTenant, link("L-1001"))).attachments[0]?.preview.content.title,
    ).toBe("L-1001 · Contoso website");
    expect((await client.unfurl(tor, otherTenant, link("O-1001"))).body).toEqual(nothing);
    // In tenant A's conversations he is an outsider: nothing at all.
    for (const ref of ["O-1001", "L-1001", "O-1002"]) {
      expect((await client.unfurl(tor, tenant, link(ref))).body, ref).toEqual(nothing);
    }
  });

  test("a zero-install (anonymous) link reveals nothing, whoever sends it", async () => {
    for (const user of [ann, pia, tor]) {
      expect((await client.unfurl(user, tenant, link("O-1001"), true)).body).toEqual(nothing);
    }
    const { status, body } = await client.invoke(
      "composeExtension/anonymousQueryLink",
      { url: link("O-1001") },
      ann,
      "",
    );
    expect({ status, body }).toEqual({ status: 200, body: nothing });
  });

  test("links of another domain, other paths and non-links unfurl into nothing", async () => {
    for (const url of [
      `https://elsewhere.test/r/O-1001`,
      `https://${botDomain}/x/O-1001`,
      `https://${botDomain}/r/O-1001/history`,
      `https://${botDomain}/r/P-1001`,
      `https://${botDomain}/r/`,
      "not a url",
    ]) {
      expect((await client.unfurl(ann, tenant, url)).body, url).toEqual(nothing);
    }
    expect((await client.invoke("composeExtension/queryLink", { link: "x" }, ann, tenant)).status).toBe(400);
  });
});

describe("GET /r/<ref> in a browser", () => {
  test("redirects to the bot's chat in Teams with the show command, and shows no data", async () => {
    for (const [ref, command] of [
      ["O-1001", "opp show O-1001"],
      ["l-1001", "lead show L-1001"],
      ["O-9999", "opp show O-9999"],
    ] as const) {
      const response = await fetch(`${bot.url}/r/${ref}`, { redirect: "manual" });
      expect(response.status).toBe(302);
      const location = new URL(response.headers.get("location") ?? "");
      expect(location.origin + location.pathname).toBe("https://teams.microsoft.com/l/chat/0/0");
      expect(location.searchParams.get("message")).toBe(command);
      const text = await response.text();
      expect(text).not.toMatch(/Server upgrade|Contoso|Lars/);
    }
  });

  test("anything but a record reference is 404 and says what it is not", async () => {
    for (const path of ["/r/P-1001", "/r/O-1001x", "/r/%00", "/r/O-1234567890"]) {
      const response = await fetch(`${bot.url}${path}`, { redirect: "manual" });
      expect(response.status, path).toBe(404);
      expect(await response.json()).toEqual({ error: "This is not a Pipeline record link." });
    }
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { startBotServer, teamsMessage } from "../support/bot-server.js";
import { cardOf, cardText, RecordingConnector } from "../support/recording-connector.js";

/**
 * Access holes a red-team pass found (issue 11), each over real HTTP into /api/messages: a failed member
 * lookup must not make a guest a member, configured admins are admins of their own tenant only, and a
 * tenant id that is not a plain id is refused before it reaches the store.
 */

type User = { id: string; name: string; aadObjectId: string };
const eve: User = { id: "29:eve", name: "Eve Admin", aadObjectId: "00000000-0000-4000-8000-00000000e001" };
const gus: User = { id: "29:gus", name: "Gus Guest", aadObjectId: "00000000-0000-4000-8000-00000000c001" };
const ann: User = { id: "29:ann", name: "Ann Berg", aadObjectId: "00000000-0000-4000-8000-00000000a001" };

let connector: RecordingConnector;
let bot: Awaited<ReturnType<typeof startBotServer>>;

beforeAll(async () => {
  connector = await RecordingConnector.start();
  bot = await startBotServer({ ADMIN_AAD_IDS: `tenant-a:${eve.aadObjectId}` });
  connector.members.set(eve.id, { ...eve, tenantId: "tenant-a" });
  connector.members.set(ann.id, { ...ann, tenantId: "tenant-a" });
});

afterEach(() => connector.clearFailures());

afterAll(async () => {
  await bot?.stop();
  await connector?.close();
});

async function say(text: string, user: User, tenantId: string, extra: Record<string, unknown> = {}) {
  const activity = { ...teamsMessage({ serviceUrl: connector.serviceUrl, text, user, tenantId }), ...extra };
  const response = await bot.post(activity);
  const replies = connector.received.filter((r) => r.body.replyToId === activity.id);
  const texts = replies.map((r) => r.body.text).filter((t): t is string => typeof t === "string");
  const cards = replies.map((r) => cardOf(r)).filter((c) => c !== undefined);
  return { status: response.status, all: [...texts, ...cards.map(cardText)].join("\n") };
}

describe("a failed member lookup", () => {
  test.each([404, 500, 429, 503])(
    "(%i) leaves the user help-only until a lookup succeeds, and is asked again on the next turn",
    async (status) => {
      const tenantId = `tenant-lookup-${status}`;
      const guest: User = { ...gus, id: `29:gus-${status}`, aadObjectId: gus.aadObjectId };
      connector.failNext(100, { status, headers: { "retry-after": "0" } }, { kind: "getMember" });
      const refused = await say(`lead new Guest deal ${status} last=Berg company=Contoso`, guest, tenantId);
      expect(refused.status).toBe(200);
      expect(refused.all).toMatch(/could not confirm/i);
      expect(refused.all).not.toMatch(/L-1001/);

      const help = await say("help", guest, tenantId);
      expect(help.all).toMatch(/What you can ask me/);

      // Teams answers now: the guest is a guest, and stays refused, with the guest's reply.
      connector.clearFailures();
      connector.members.set(guest.id, { ...guest, userRole: "guest" });
      const asGuest = await say(`lead new Guest deal ${status} last=Berg company=Contoso`, guest, tenantId);
      expect(asGuest.all).toMatch(/guest in this organisation/);

      // A member whose first lookup failed becomes a member once Teams answers.
      const member: User = {
        ...ann,
        id: `29:ann-${status}`,
        aadObjectId: `00000000-0000-4000-8000-0000000a${status}0`.slice(-36).padStart(36, "0"),
      };
      connector.failNext(100, { status }, { kind: "getMember" });
      expect((await say("lead list", member, tenantId)).all).toMatch(/could not confirm/i);
      connector.clearFailures();
      connector.members.set(member.id, { ...member, tenantId });
      expect((await say(`lead new Member deal last=Berg company=Contoso`, member, tenantId)).all).toMatch(
        /L-10\d\d/,
      );
    },
  );
});

describe("admins from ADMIN_AAD_IDS", () => {
  test("are admins in their own tenant only, and not as a guest or external member anywhere", async () => {
    const home = await say("role list", eve, "tenant-a");
    expect(home.all).toMatch(/Eve Admin/);
    expect(home.all).not.toMatch(/Only managers and admins/);

    // The same AAD object id writing in tenant B (shared channel, Teams says: from another tenant).
    const elsewhere = await say("lead list all", eve, "tenant-b");
    expect(elsewhere.all).toMatch(/guest in this organisation/);
    expect((await say("role list", eve, "tenant-b")).all).toMatch(/guest in this organisation/);
  });

  test("an admin id that Teams reports as a guest in the admin's own tenant is not admin there", async () => {
    const tenantId = "tenant-c";
    const local = await startBotServer({ ADMIN_AAD_IDS: `${tenantId}:${gus.aadObjectId}` });
    try {
      const guest: User = { ...gus, id: "29:gus-c" };
      connector.members.set(guest.id, { ...guest, userRole: "guest" });
      const activity = teamsMessage({
        serviceUrl: connector.serviceUrl,
        text: "role list",
        user: guest,
        tenantId,
      });
      expect((await local.post(activity)).status).toBe(200);
      const replies = connector.received.filter((r) => r.body.replyToId === activity.id);
      expect(replies.map((r) => r.body.text).join("\n")).toMatch(/guest in this organisation/);
    } finally {
      await local.stop();
    }
  });
});

describe("tenant ids", () => {
  test("a tenant id with control characters or separators sees nothing of the tenant it starts with", async () => {
    const created = await say("lead new Secret deal last=Berg company=Contoso", ann, "tenant-a");
    expect(created.all).toMatch(/L-1001/);
    expect((await say("lead list", ann, "tenant-a")).all).toMatch(/Secret deal/);

    for (const hostile of [
      "tenant-a\u0000x",
      "tenant-a/x",
      "tenant-a:x",
      " tenant-a",
      `${"a".repeat(100)}`,
    ]) {
      const mallory: User = { ...ann, id: "29:mallory" };
      const activity = {
        ...teamsMessage({
          serviceUrl: connector.serviceUrl,
          text: "lead list",
          user: mallory,
          tenantId: hostile,
        }),
      };
      const response = await bot.post(activity);
      const replies = connector.received.filter((r) => r.body.replyToId === activity.id);
      const all = replies.map((r) => [r.body.text, cardText(cardOf(r))].join(" ")).join("\n");
      expect(all, JSON.stringify(hostile)).not.toMatch(/Secret deal/);
      // Longer than any tenant id is a malformed activity (400); the others are told they named no tenant.
      if (hostile.length > 64) expect(response.status).toBe(400);
      else expect(all, JSON.stringify(hostile)).toMatch(/organisation \(tenant\)/);
    }
  });
});

import { beforeEach, describe, expect, test } from "vitest";
import type { ConversationAddress, Roster, RosterMember } from "../../src/domain/directory/directory.js";
import { actorOf, systemTenantId } from "../../src/domain/directory/directory.rules.js";
import { directoryCacheMs } from "../../src/domain/directory/directory.records.js";
import { DirectoryService } from "../../src/domain/directory/directory.service.js";
import type { Actor } from "../../src/domain/shared/actor.js";
import { StoreDirectoryRepository } from "../../src/store/directory.repository.js";
import { fixedClock } from "../fakes/fixed-clock.js";
import { InMemoryDocumentStore } from "../fakes/in-memory-document-store.js";

const tenant = "tenant-a";
const adminId = "00000000-0000-4000-8000-00000000ad01";
const annId = "00000000-0000-4000-8000-00000000a001";
const boId = "00000000-0000-4000-8000-00000000b001";

const personalOf = (teamsId: string): ConversationAddress => ({
  serviceUrl: "https://smba.example.net/emea/",
  conversationId: `a:personal-${teamsId}`,
  kind: "personal",
  botId: "28:pipeline-bot",
});
const channel: ConversationAddress = {
  serviceUrl: "https://smba.example.net/emea/",
  conversationId: "19:sales@thread.tacv2",
  kind: "channel",
  botId: "28:pipeline-bot",
  teamId: "19:team@thread.tacv2",
  channelId: "19:sales@thread.tacv2",
  name: "Sales",
};

/** A roster that answers from a table and counts the lookups. */
function rosterOf(members: readonly RosterMember[] = []) {
  const asked: string[] = [];
  const roster: Roster = {
    member: async (teamsId) => {
      asked.push(teamsId);
      return members.find((m) => m.teamsId === teamsId);
    },
  };
  return { roster, asked };
}

const annMember: RosterMember = {
  teamsId: "29:ann",
  aadObjectId: annId,
  name: "Ann Berg",
  email: "ann@contoso.com",
};
const boMember: RosterMember = {
  teamsId: "29:bo",
  aadObjectId: boId,
  name: "Bo Lind",
  email: "bo@contoso.com",
};
const guestMember: RosterMember = {
  teamsId: "29:gus",
  aadObjectId: "00000000-0000-4000-8000-00000000c001",
  name: "Gus Guest",
  userRole: "guest",
};

let store: InMemoryDocumentStore;
let clock: ReturnType<typeof fixedClock>;
let directory: DirectoryService;

const makeService = () =>
  new DirectoryService({
    directory: new StoreDirectoryRepository(store),
    clock,
    admins: [{ userId: adminId }],
  });

beforeEach(() => {
  store = new InMemoryDocumentStore();
  clock = fixedClock("2026-11-23T09:30:00.000Z");
  directory = makeService();
});

function seenInput(
  member: RosterMember,
  roster: Roster,
  conversation: ConversationAddress = personalOf(member.teamsId),
) {
  return {
    tenantId: tenant,
    userId: (member.aadObjectId ?? member.teamsId).toLowerCase(),
    teamsId: member.teamsId,
    name: member.name,
    conversation,
    roster,
  };
}

const admin = async (): Promise<Actor> => {
  const { roster } = rosterOf([{ teamsId: "29:admin", aadObjectId: adminId, name: "Eve Admin" }]);
  const user = await directory.seen({
    tenantId: tenant,
    userId: adminId,
    teamsId: "29:admin",
    name: "Eve Admin",
    conversation: personalOf("29:admin"),
    roster,
  });
  return actorOf(user, [{ userId: adminId }]);
};

describe("seen", () => {
  test("a new user's first messages arriving together ask Teams once and share its answer", async () => {
    // Teams takes its time to answer (a loaded connector): every turn is waiting when the answer comes.
    let lookups = 0;
    const answers: (() => void)[] = [];
    const roster: Roster = {
      member: () => {
        lookups++;
        return new Promise((resolve) => answers.push(() => resolve(annMember)));
      },
    };
    const turns = Array.from({ length: 10 }, () => directory.seen(seenInput(annMember, roster)));
    for (let i = 0; i < 50 && answers.length < 10; i++) await new Promise((r) => setImmediate(r));
    for (const answer of answers) answer();
    const users = await Promise.all(turns);
    expect(lookups).toBe(1);
    expect(users.map((u) => [u.userId, u.external, u.unverified])).toEqual(
      Array.from({ length: 10 }, () => [annId, false, undefined]),
    );
  });

  test("the first turn records the user (asking Teams once), the personal chat and the tenant", async () => {
    const { roster, asked } = rosterOf([annMember]);
    const user = await directory.seen(seenInput(annMember, roster));

    expect(user).toEqual({
      tenantId: tenant,
      userId: annId,
      teamsId: "29:ann",
      name: "Ann Berg",
      email: "ann@contoso.com",
      external: false,
      personal: personalOf("29:ann"),
      lastSeenAt: "2026-11-23T09:30:00.000Z",
    });
    expect(asked).toEqual(["29:ann"]);
    expect(await directory.user(tenant, annId)).toEqual(user);
    expect(await directory.conversation(tenant, "a:personal-29:ann")).toEqual({
      tenantId: tenant,
      address: personalOf("29:ann"),
      lastSeenAt: "2026-11-23T09:30:00.000Z",
      active: true,
    });
    expect(await directory.knownTenants()).toEqual([tenant]);
    expect(actorOf(user, [{ userId: adminId }]).role).toBe("rep");
  });

  test("the common turn costs no read and no write; after the cache time one read per record and still no write", async () => {
    const { roster, asked } = rosterOf([annMember]);
    await directory.seen(seenInput(annMember, roster));
    const [reads, writes] = [store.reads, store.writes];

    for (let i = 0; i < 100; i++) await directory.seen(seenInput(annMember, roster));
    expect([store.reads - reads, store.writes - writes]).toEqual([0, 0]);

    clock.advance(directoryCacheMs);
    await directory.seen(seenInput(annMember, roster));
    expect([store.reads - reads, store.writes - writes]).toEqual([2, 0]);
    expect(asked).toEqual(["29:ann"]);
  });

  test("a new name, a new chat or an unknown conversation is written; a day later lastSeenAt is refreshed", async () => {
    const { roster } = rosterOf([annMember]);
    await directory.seen(seenInput(annMember, roster));

    const writes = store.writes;
    const renamed = await directory.seen({ ...seenInput(annMember, roster), name: "Ann Berg-Holm" });
    expect(renamed.name).toBe("Ann Berg-Holm");
    expect(store.writes - writes).toBe(1);

    await directory.seen(seenInput({ ...annMember, name: "Ann Berg-Holm" }, roster, channel));
    expect(store.writes - writes).toBe(2);
    expect((await directory.user(tenant, annId))?.personal).toEqual(personalOf("29:ann"));
    expect((await directory.conversation(tenant, channel.conversationId))?.address).toEqual(channel);

    clock.advance(24 * 60 * 60 * 1000);
    const later = await directory.seen(seenInput({ ...annMember, name: "Ann Berg-Holm" }, roster, channel));
    expect(later.lastSeenAt).toBe("2026-11-24T09:30:00.000Z");
  });

  test("a record held in memory is still refreshed once a day has passed, and a new language is written", async () => {
    const { roster } = rosterOf([annMember]);
    await directory.seen(seenInput(annMember, roster));
    // Another instance reads both records ten seconds before their day is up, and holds them for the cache time.
    clock.advance(24 * 60 * 60 * 1000 - 10_000);
    directory = makeService();
    await directory.seen(seenInput(annMember, roster));
    const writes = store.writes;

    clock.advance(20_000);
    const later = await directory.seen(seenInput(annMember, roster));
    expect(later.lastSeenAt).toBe("2026-11-24T09:30:10.000Z");
    expect((await directory.conversation(tenant, personalOf("29:ann").conversationId))?.lastSeenAt).toBe(
      "2026-11-24T09:30:10.000Z",
    );
    expect(store.writes - writes).toBe(2);

    const danish = await directory.seen({ ...seenInput(annMember, roster), locale: "da-DK" });
    expect(danish.locale).toBe("da-DK");
    expect(store.writes - writes).toBe(3);
    await directory.seen({ ...seenInput(annMember, roster), locale: "da-DK" });
    expect(store.writes - writes).toBe(3);
  });

  test("guests, anonymous users, users of another tenant and users Teams did not answer for are external", async () => {
    const other: RosterMember = { ...boMember, tenantId: "tenant-b" };
    const anonymous: RosterMember = { teamsId: "29:anon", name: "Visitor", userRole: "anonymous" };
    const home: RosterMember = {
      teamsId: "29:cai",
      aadObjectId: "00000000-0000-4000-8000-00000000c002",
      name: "Cai Home",
      tenantId: "TENANT-A",
    };
    const cases: [RosterMember, Roster, boolean][] = [
      [guestMember, rosterOf([guestMember]).roster, true],
      [other, rosterOf([other]).roster, true],
      [anonymous, rosterOf([anonymous]).roster, true],
      [home, rosterOf([home]).roster, false],
      // Teams did not answer: nobody knows, so no access, with or without an AAD object id.
      [annMember, rosterOf([]).roster, true],
      [{ teamsId: "29:noaad", name: "No Aad" }, rosterOf([]).roster, true],
    ];
    for (const [member, roster, external] of cases) {
      const user = await makeService().seen(seenInput(member, roster));
      expect(user.external, member.name).toBe(external);
      expect(actorOf(user, []).role, member.name).toBe(external ? "external" : "rep");
    }
  });

  test("a user whose lookup failed is unverified, asked again on each turn, and a member once Teams answers", async () => {
    const answers: (RosterMember | undefined)[] = [undefined, undefined, annMember];
    let asked = 0;
    const roster: Roster = { member: async () => answers[asked++] };
    const first = await directory.seen(seenInput(annMember, roster));
    expect(first).toMatchObject({ external: true, unverified: true });
    expect(actorOf(first, []).role).toBe("external");
    const second = await directory.seen(seenInput(annMember, roster));
    expect(second).toMatchObject({ external: true, unverified: true });
    const third = await directory.seen(seenInput(annMember, roster));
    expect(third.external).toBe(false);
    expect(third.unverified).toBeUndefined();
    expect(third.email).toBe("ann@contoso.com");
    expect(actorOf(third, []).role).toBe("rep");
    expect(asked).toBe(3);
    // Once known, Teams is not asked again.
    await directory.seen(seenInput(annMember, roster));
    expect(asked).toBe(3);
  });

  test("admins from configuration are admins in their tenant only, and never as guests", async () => {
    const admins = [{ tenantId: tenant, userId: annId }];
    const user = await directory.seen(seenInput(annMember, rosterOf([annMember]).roster));
    expect(actorOf(user, admins).role).toBe("admin");
    expect(actorOf({ ...user, tenantId: "tenant-b" }, admins).role).toBe("rep");
    expect(actorOf({ ...user, external: true }, admins).role).toBe("external");
    expect(actorOf({ ...user, external: true, role: "partner", partner: "P-1001" }, admins).role).toBe(
      "partner",
    );
  });

  test("two instances seeing a new user at once both answer, and one record is stored", async () => {
    const { roster } = rosterOf([annMember]);
    const [one, two] = await Promise.all([
      makeService().seen(seenInput(annMember, roster)),
      makeService().seen(seenInput(annMember, roster)),
    ]);
    expect(one).toEqual(two);
    expect(Object.keys(store.dump()).filter((k) => k.includes("user:"))).toEqual([`${tenant}/user:${annId}`]);
  });

  test("the tenant registry is written once per tenant, in the system partition, and survives a restart", async () => {
    const { roster } = rosterOf([annMember, boMember]);
    await directory.seen(seenInput(annMember, roster));
    await directory.seen(seenInput(boMember, roster));
    await directory.seen({ ...seenInput(annMember, roster), tenantId: "tenant-b" });
    const registry = Object.keys(store.dump()).filter((k) => k.startsWith(`${systemTenantId}/`));
    expect(registry).toEqual([`${systemTenantId}/tenant:${tenant}`, `${systemTenantId}/tenant:tenant-b`]);

    const restarted = makeService();
    expect(await restarted.knownTenants()).toEqual([tenant, "tenant-b"]);
    const writes = store.writes;
    await restarted.seen(seenInput(annMember, roster));
    expect(store.writes).toBe(writes);
  });

  test("a reserved tenant id is refused as a bug", async () => {
    const { roster } = rosterOf([annMember]);
    await expect(
      directory.seen({ ...seenInput(annMember, roster), tenantId: systemTenantId }),
    ).rejects.toThrow("Not a tenant id");
    expect(store.writes).toBe(0);
  });
});

describe("resolveUser", () => {
  test("a Teams mention is looked up in the roster and recorded, by its full or shortened name", async () => {
    const { roster, asked } = rosterOf([boMember]);
    const ctx = { mentions: [{ id: "29:bo", name: "Bo Lind" }], roster };

    const tagged = await directory.resolveUser(tenant, ctx, "<at>Bo Lind</at>");
    expect(tagged.ok && tagged.value).toMatchObject({
      userId: boId,
      name: "Bo Lind",
      email: "bo@contoso.com",
    });
    expect(asked).toEqual(["29:bo"]);
    expect(await directory.byTeamsId(tenant, "29:bo")).toMatchObject({ userId: boId });

    const shortened = await directory.resolveUser(tenant, ctx, "<at>Bo</at>");
    expect(shortened.ok && shortened.value.userId).toBe(boId);
    const typed = await directory.resolveUser(tenant, ctx, "@bo lind");
    expect(typed.ok && typed.value.userId).toBe(boId);
  });

  test("without a mention: a name, an email or a user id is searched in the directory", async () => {
    const { roster } = rosterOf([annMember, boMember]);
    await directory.seen(seenInput(annMember, roster));
    await directory.seen(seenInput(boMember, roster));
    const ctx = { mentions: [], roster };

    for (const text of ["@Ann", "ann", "Berg", "ann berg", "ANN@contoso.com", annId]) {
      const found = await directory.resolveUser(tenant, ctx, text);
      expect(found.ok && found.value.userId, text).toBe(annId);
    }
  });

  test("an ambiguous name lists the matches; an unknown one says to @mention the person", async () => {
    const annHolm: RosterMember = {
      teamsId: "29:annh",
      aadObjectId: "00000000-0000-4000-8000-00000000a002",
      name: "Ann Holm",
    };
    const { roster } = rosterOf([annMember, annHolm]);
    await directory.seen(seenInput(annMember, roster));
    await directory.seen(seenInput(annHolm, roster));
    const ctx = { mentions: [], roster };

    expect(await directory.resolveUser(tenant, ctx, "@Ann")).toEqual({
      ok: false,
      error: {
        code: "directory.ambiguous",
        params: { name: "Ann", matches: "Ann Berg (ann@contoso.com), Ann Holm" },
      },
    });
    expect(await directory.resolveUser(tenant, ctx, "@Zoe")).toEqual({
      ok: false,
      error: { code: "directory.unknown_user", params: { name: "Zoe" } },
    });
    expect(await directory.resolveUser(tenant, ctx, "  ")).toEqual({
      ok: false,
      error: { code: "directory.user_required" },
    });
  });

  test("a mention Teams cannot look up is found by its Teams id when known, and refused otherwise", async () => {
    const { roster } = rosterOf([boMember]);
    await directory.seen(seenInput(boMember, roster));
    const silent = rosterOf([]).roster;
    const known = await directory.resolveUser(
      tenant,
      { mentions: [{ id: "29:bo", name: "Bo Lind" }], roster: silent },
      "<at>Bo Lind</at>",
    );
    expect(known.ok && known.value.userId).toBe(boId);
    const unknown = await directory.resolveUser(
      tenant,
      { mentions: [{ id: "29:zoe", name: "Zoe" }], roster: silent },
      "<at>Zoe</at>",
    );
    expect(unknown).toEqual({
      ok: false,
      error: { code: "directory.lookup_failed", params: { name: "Zoe" } },
    });
  });

  test("users of one tenant are never found from another", async () => {
    const { roster } = rosterOf([annMember]);
    await directory.seen(seenInput(annMember, roster));
    const found = await directory.resolveUser("tenant-b", { mentions: [], roster }, "ann@contoso.com");
    expect(found.ok).toBe(false);
    expect(await directory.user("tenant-b", annId)).toBeUndefined();
  });
});

describe("grant", () => {
  test("an admin gives a role; who and when is recorded; the actor then has it", async () => {
    const eve = await admin();
    const { roster } = rosterOf([annMember]);
    const ann = await directory.seen(seenInput(annMember, roster));
    clock.advance(60_000);

    const granted = await directory.grant(eve, ann, "manager");
    expect(granted).toEqual({
      ok: true,
      value: {
        ...ann,
        role: "manager",
        grantedBy: { id: adminId, name: "Eve Admin" },
        grantedAt: "2026-11-23T09:31:00.000Z",
      },
    });
    // The grant is seen at once by this instance's next turn.
    expect(actorOf(await directory.seen(seenInput(annMember, roster)), [{ userId: adminId }]).role).toBe(
      "manager",
    );

    const partner = await directory.grant(eve, ann, "partner", "  Nordic Partners A/S ");
    expect(partner.ok && [partner.value.role, partner.value.partner]).toEqual([
      "partner",
      "Nordic Partners A/S",
    ]);
    expect(partner.ok && actorOf(partner.value, [])).toEqual({
      tenantId: tenant,
      userId: annId,
      name: "Ann Berg",
      role: "partner",
      partner: "Nordic Partners A/S",
    });
    const back = await directory.grant(eve, ann, "rep");
    expect(back.ok && back.value.partner).toBeUndefined();
  });

  test("only admins give roles, and a refusal changes nothing", async () => {
    const { roster } = rosterOf([annMember, boMember]);
    const ann = await directory.seen(seenInput(annMember, roster));
    const bo = await directory.seen(seenInput(boMember, roster));
    const before = store.dump();
    for (const role of ["manager", "rep", "partner", "external"] as const) {
      const actor = { ...actorOf(bo, []), role };
      expect(await directory.grant(actor, ann, "admin")).toEqual({
        ok: false,
        error: { code: "forbidden", params: { action: "role" } },
      });
    }
    expect(store.dump()).toEqual(before);
  });

  test("a guest can only be mapped to a partner; a partner needs a name of at most 100 characters", async () => {
    const eve = await admin();
    const { roster } = rosterOf([guestMember]);
    const gus = await directory.seen(seenInput(guestMember, roster));
    const before = store.dump();

    expect(await directory.grant(eve, gus, "rep")).toEqual({
      ok: false,
      error: { code: "directory.external_needs_partner", params: { name: "Gus Guest" } },
    });
    expect((await directory.grant(eve, gus, "partner", " ")).ok).toBe(false);
    expect(await directory.grant(eve, gus, "partner", "x".repeat(101))).toEqual({
      ok: false,
      error: { code: "invalid", fields: [{ field: "partner", problem: "too_long", params: { max: 100 } }] },
    });
    expect(store.dump()).toEqual(before);

    const mapped = await directory.grant(eve, gus, "partner", "Fabrikam Partners");
    expect(mapped.ok && actorOf(mapped.value, []).role).toBe("partner");
  });

  test("admins from configuration stay admins whatever is stored", async () => {
    const eve = await admin();
    const stored = await directory.user(tenant, adminId);
    if (!stored) throw new Error("admin not recorded");
    const demoted = await directory.grant(eve, stored, "rep");
    expect(demoted.ok && demoted.value.role).toBe("rep");
    expect(demoted.ok && actorOf(demoted.value, [{ userId: adminId }]).role).toBe("admin");
    expect(directory.isConfiguredAdmin(tenant, adminId.toUpperCase())).toBe(true);
  });

  test("role holders: the configured admins by name and every granted role; managers and admins may look", async () => {
    const eve = await admin();
    const { roster } = rosterOf([annMember, boMember]);
    const ann = await directory.seen(seenInput(annMember, roster));
    await directory.seen(seenInput(boMember, roster));
    await directory.grant(eve, ann, "manager");

    const holders = await directory.roleHolders(eve);
    expect(holders.ok && holders.value.configured).toEqual([{ userId: adminId, name: "Eve Admin" }]);
    expect(holders.ok && holders.value.granted.map((u) => [u.name, u.role])).toEqual([
      ["Ann Berg", "manager"],
    ]);
    const rep = { ...eve, userId: boId, role: "rep" as const };
    expect((await directory.roleHolders(rep)).ok).toBe(false);
    expect((await directory.assignees(eve)).map((u) => u.name)).toEqual(["Ann Berg", "Bo Lind", "Eve Admin"]);
    expect(await directory.assignees(rep)).toEqual([]);
  });
});

describe("conversations", () => {
  test("a removed conversation is inactive until the bot is back; a personal chat comes and goes", async () => {
    const { roster } = rosterOf([annMember]);
    await directory.seen(seenInput(annMember, roster, channel));

    clock.advance(1000);
    await directory.conversationRemoved(tenant, channel.conversationId);
    expect(await directory.conversation(tenant, channel.conversationId)).toEqual({
      tenantId: tenant,
      address: channel,
      lastSeenAt: "2026-11-23T09:30:00.000Z",
      active: false,
      removedAt: "2026-11-23T09:30:01.000Z",
    });
    await directory.seen(seenInput(annMember, roster, channel));
    expect((await directory.conversation(tenant, channel.conversationId))?.active).toBe(true);

    await directory.personalOpened(tenant, annId, personalOf("29:ann"));
    expect((await directory.user(tenant, annId))?.personal).toEqual(personalOf("29:ann"));
    expect((await directory.conversation(tenant, "a:personal-29:ann"))?.active).toBe(true);
    await directory.personalGone(tenant, annId);
    expect((await directory.user(tenant, annId))?.personal).toBeUndefined();

    // Removing what is unknown or already removed writes nothing.
    const writes = store.writes;
    await directory.conversationRemoved(tenant, "19:unknown@thread.tacv2");
    await directory.personalGone(tenant, "00000000-0000-4000-8000-000000000000");
    await directory.personalGone(tenant, annId);
    expect(store.writes).toBe(writes);
  });
});

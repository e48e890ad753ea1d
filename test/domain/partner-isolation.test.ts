import { describe, expect, test } from "vitest";
import type { DirectoryUser } from "../../src/domain/directory/directory.js";
import type { Actor, Role } from "../../src/domain/shared/actor.js";
import { fail, ok, type FailureCode, type Result } from "../../src/domain/shared/result.js";
import { fakeServices } from "../fakes/services.js";

/**
 * Partner isolation over the real use cases and the fake store: who may see and do what with an opportunity,
 * by role, by ownership and by partner organisation, and across tenants. Every allowed write works and changes
 * what is stored; every other action is refused with a stated code and leaves every stored document exactly
 * as it was. Reads (show, list, dashboard) never change anything; the refused ones do not reveal the
 * opportunity.
 */

const tenantId = "tenant-a";
const otherTenant = "tenant-b";
const address = {
  serviceUrl: "https://smba.example.net/",
  conversationId: "a:x",
  kind: "personal" as const,
  botId: "28:b",
};
const person = (userId: string, name: string, role: Role, tenant = tenantId): Actor => ({
  tenantId: tenant,
  userId,
  name,
  role,
});

const staff = {
  admin: person("u-eve", "Eve Admin", "admin"),
  manager: person("u-mia", "Mia Manager", "manager"),
  "rep owner": person("u-ann", "Ann Owner", "rep"),
  "rep non-owner": person("u-bo", "Bo Other", "rep"),
} as const;

const who = [
  "admin",
  "manager",
  "rep owner",
  "rep non-owner",
  "partner member",
  "other partner",
  "other tenant admin",
  "other tenant partner",
] as const;
type Who = (typeof who)[number];

/**
 * Tenant A: partners Fabrikam (Pia) and Northwind (Nils); an account; and, all owned by Ann unless created by
 * Pia for Fabrikam:
 *   O-1001 distributed to Fabrikam and accepted (Fabrikam manages it alone)
 *   O-1002 distributed to Fabrikam, not answered yet
 *   O-1003 created by Fabrikam, pending approval
 *   O-1004 created by Fabrikam and approved
 *   O-1005 created by Fabrikam, approved, deal registration requested
 *   O-1006 distributed to Fabrikam and accepted, then closed lost by Ann
 * Tenant B: its own partner P-1001 ("Northwind") and nothing else; its people try tenant A's references.
 */
async function world() {
  const s = fakeServices("2026-11-23T09:30:00.000Z");
  const { manager: mia, "rep owner": ann } = staff;
  const seen = async (tenant: string, userId: string, name: string): Promise<DirectoryUser> =>
    s.directory.seen({
      tenantId: tenant,
      userId,
      teamsId: `29:${userId}`,
      name,
      conversation: { ...address, conversationId: `a:${userId}` },
      roster: { member: async () => ({ teamsId: `29:${userId}`, aadObjectId: userId, name }) },
    });
  const must = <T>(result: Result<T>, what: string): T => {
    if (!result.ok) throw new Error(`${what}: ${JSON.stringify(result.error)}`);
    return result.value;
  };
  const partnerUser = async (
    tenant: string,
    manager: Actor,
    partner: string,
    userId: string,
    name: string,
  ) => {
    must(await s.partners.addMember(manager, partner, await seen(tenant, userId, name)), "member");
    return s.directory.actorFor((await s.directory.user(tenant, userId)) as DirectoryUser);
  };

  const fabrikam = must(await s.partners.create(mia, { name: "Fabrikam", regions: ["nordics"] }), "fabrikam");
  must(await s.partners.create(mia, { name: "Northwind" }), "northwind");
  const pia = await partnerUser(tenantId, mia, "Fabrikam", "u-pia", "Pia Fabrikam");
  const nils = await partnerUser(tenantId, mia, "Northwind", "u-nils", "Nils Northwind");
  for (const [userId, name] of [
    ["u-ann", "Ann Owner"],
    ["u-bo", "Bo Other"],
  ] as const)
    await seen(tenantId, userId, name);

  const account = must(await s.parties.createAccount(ann, { name: "Contoso" }), "account").ref;
  const vendor = async (title: string) =>
    must(await s.opportunities.create(ann, { title, account, value: 1000 }), title).opportunity.ref;
  const byPartner = async (title: string) =>
    // A partner names its customer; it never links the vendor's records.
    must(await s.opportunities.create(pia, { title, account: `${title} customer` }), title).opportunity.ref;

  const managed = await vendor("Managed by Fabrikam");
  must(await s.opportunities.distribute(mia, managed, { names: ["Fabrikam"] }), "distribute");
  must(await s.opportunities.accept(pia, managed), "accept");
  const delivered = await vendor("Delivered to Fabrikam");
  must(await s.opportunities.distribute(mia, delivered, { names: ["Fabrikam"] }), "distribute");
  const pending = await byPartner("Pending");
  const approved = await byPartner("Approved");
  must(await s.opportunities.decide(mia, approved, true), "approve");
  const deal = await byPartner("Deal");
  must(await s.opportunities.decide(mia, deal, true), "approve");
  must(await s.opportunities.register(pia, deal), "register");
  const closed = await vendor("Closed");
  must(await s.opportunities.distribute(mia, closed, { names: ["Fabrikam"] }), "distribute");
  must(await s.opportunities.accept(pia, closed), "accept");
  must(await s.opportunities.close(ann, closed, "lost", "LOST-PRICE", "2026-11-23"), "close");
  expect([managed, delivered, pending, approved, deal, closed]).toEqual([
    "O-1001",
    "O-1002",
    "O-1003",
    "O-1004",
    "O-1005",
    "O-1006",
  ]);

  const otherAdmin = person("u-tor", "Tor Other-Tenant", "admin", otherTenant);
  const tenantB = must(await s.partners.create(otherAdmin, { name: "Northwind" }), "tenant b partner");
  // Tenant B's partner has the same reference as Fabrikam in tenant A.
  expect(tenantB.ref).toBe(fabrikam.ref);
  const otherPartner = await partnerUser(otherTenant, otherAdmin, "Northwind", "u-una", "Una Other-Tenant");

  const actors: Record<Who, Actor> = {
    ...staff,
    "partner member": pia,
    "other partner": nils,
    "other tenant admin": otherAdmin,
    "other tenant partner": otherPartner,
  };
  return { s, actors, refs: { managed, delivered, pending, approved, deal, closed } };
}

type World = Awaited<ReturnType<typeof world>>;

/** Not a failure the bot ever tells anyone: this table's mark for "the list did not show it". */
const notListed = "not_listed" as FailureCode;

/** A read that does not show the opportunity to this actor is refused, as far as the table is concerned. */
const sees = (ref: string, result: Result<{ readonly refs: readonly string[] }>): Result<unknown> =>
  !result.ok ? result : result.value.refs.includes(ref) ? ok(true) : fail(notListed, { ref });

interface Case {
  readonly read?: boolean;
  readonly run: (w: World, actor: Actor) => Promise<Result<unknown>>;
  readonly allowed: readonly Who[];
  /** The refusal each actor not allowed gets. */
  readonly refused: Partial<Record<Who, string>>;
}

const unseen = {
  "other partner": "opp.not_found",
  "other tenant admin": "opp.not_found",
  "other tenant partner": "opp.not_found",
} as const;

/** Changing O-1001, which Fabrikam manages alone: its owner, managers, admins and Fabrikam's people. */
const change = (run: Case["run"]): Case => ({
  run,
  allowed: ["admin", "manager", "rep owner", "partner member"],
  refused: { "rep non-owner": "opp.not_yours", ...unseen },
});

/** What only the vendor's managers and admins do; others are told so, another tenant finds nothing. */
const managers = (run: Case["run"], forbidden: string): Case => ({
  run,
  allowed: ["admin", "manager"],
  refused: {
    "rep owner": forbidden,
    "rep non-owner": forbidden,
    "partner member": forbidden,
    "other partner": forbidden,
    "other tenant admin": "opp.not_found",
    "other tenant partner": forbidden,
  },
});

/** Answers and registrations: the partner member only; the vendor's people are told it is for partners. */
const partnerOnly = (run: Case["run"], forStaff: string): Case => ({
  run,
  allowed: ["partner member"],
  refused: {
    admin: forStaff,
    manager: forStaff,
    "rep owner": forStaff,
    "rep non-owner": forStaff,
    ...unseen,
  },
});

const cases: Record<string, Case> = {
  "show O-1001 (managed by Fabrikam)": {
    read: true,
    run: ({ s }, a) => s.opportunities.show(a, "O-1001"),
    allowed: ["admin", "manager", "rep owner", "rep non-owner", "partner member"],
    refused: unseen,
  },
  "show O-1003 (created by Fabrikam, pending)": {
    read: true,
    run: ({ s }, a) => s.opportunities.show(a, "O-1003"),
    allowed: ["admin", "manager", "rep owner", "rep non-owner", "partner member"],
    refused: unseen,
  },
  "opp list shows O-1001": {
    read: true,
    run: async ({ s }, a) => {
      const listed = await s.opportunities.list(a, {}, undefined, 50);
      return sees("O-1001", listed.ok ? ok({ refs: listed.value.items.map((i) => i.value.ref) }) : listed);
    },
    allowed: ["admin", "manager", "rep owner", "rep non-owner", "partner member"],
    refused: {
      "other partner": "not_listed",
      "other tenant admin": "not_listed",
      "other tenant partner": "not_listed",
    },
  },
  "the dashboard shows O-1001, O-1002 and O-1003": {
    read: true,
    run: async ({ s }, a) => {
      const d = await s.opportunities.partnerDashboard(a);
      if (!d.ok) return d;
      const { managed, delivered, created } = d.value;
      const shown = [managed, delivered, created].map((l) => l.map((o) => o.ref));
      return shown[0]?.includes("O-1001") && shown[1]?.includes("O-1002") && shown[2]?.includes("O-1003")
        ? ok(true)
        : fail(notListed, { shown: shown.flat().join(",") });
    },
    allowed: ["partner member"],
    refused: {
      admin: "partner.no_organisation",
      manager: "partner.no_organisation",
      "rep owner": "partner.no_organisation",
      "rep non-owner": "partner.no_organisation",
      "other partner": "not_listed",
      "other tenant admin": "partner.no_organisation",
      "other tenant partner": "not_listed",
    },
  },
  "opp next O-1001": change(({ s }, a) => s.opportunities.next(a, "O-1001")),
  "opp update O-1001": change(({ s }, a) => s.opportunities.update(a, "O-1001", { chancePct: 55 })),
  "note O-1001": change(({ s }, a) => s.opportunities.addTimeline(a, "O-1001", "note", "Met the buyer")),
  "opp close O-1001": change(({ s }, a) =>
    s.opportunities.close(a, "O-1001", "lost", "LOST-PRICE", "2026-11-23"),
  ),
  "opp assign O-1001 to Bo": managers(
    ({ s }, a) => s.opportunities.assign(a, "O-1001", { id: "u-bo", name: "Bo Other" }),
    "assign.forbidden",
  ),
  "opp distribute O-1001 to Northwind": managers(
    ({ s }, a) => s.opportunities.distribute(a, "O-1001", { names: ["Northwind"] }),
    "dist.forbidden",
  ),
  "opp recall O-1001": managers(({ s }, a) => s.opportunities.recall(a, "O-1001"), "dist.forbidden"),
  "opp accept O-1002": partnerOnly(({ s }, a) => s.opportunities.accept(a, "O-1002"), "dist.partners_only"),
  "opp decline O-1002": partnerOnly(
    ({ s }, a) => s.opportunities.decline(a, "O-1002", "No capacity this quarter"),
    "dist.partners_only",
  ),
  "opp register O-1004": partnerOnly(
    ({ s }, a) => s.opportunities.register(a, "O-1004"),
    "deal.partners_only",
  ),
  "opp approve O-1003 (the creation)": managers(
    ({ s }, a) => s.opportunities.decide(a, "O-1003", true),
    "approval.forbidden",
  ),
  "opp reject O-1003 (the creation)": managers(
    ({ s }, a) => s.opportunities.decide(a, "O-1003", false, "Already ours"),
    "approval.forbidden",
  ),
  "opp approve O-1005 (the deal)": managers(
    ({ s }, a) => s.opportunities.decide(a, "O-1005", true),
    "approval.forbidden",
  ),
  "opp reject O-1005 (the deal)": managers(
    ({ s }, a) => s.opportunities.decide(a, "O-1005", false, "Registered by another partner"),
    "approval.forbidden",
  ),
  "opp delete O-1006 (closed)": {
    run: ({ s }, a) => s.opportunities.delete(a, "O-1006"),
    allowed: ["admin", "manager", "rep owner"],
    refused: {
      "rep non-owner": "opp.not_yours",
      "partner member": "opp.partner_forbidden",
      "other partner": "opp.partner_forbidden",
      "other tenant admin": "opp.not_found",
      "other tenant partner": "opp.partner_forbidden",
    },
  },
};

const table = Object.entries(cases).flatMap(([action, c]) =>
  who.map((w) => [action, w, c.allowed.includes(w) ? "allowed" : (c.refused[w] ?? "?"), c] as const),
);

describe("partner isolation: role × action × ownership × tenant", () => {
  test.each(table)("%s by %s: %s", async (_action, w, expected, c) => {
    const built = await world();
    const before = built.s.store.dump();
    const result = await c.run(built, built.actors[w]);
    const after = built.s.store.dump();
    if (expected === "allowed") {
      expect(result.ok, JSON.stringify(result)).toBe(true);
      if (c.read) expect(after).toEqual(before);
      else expect(after).not.toEqual(before);
    } else {
      expect(result.ok ? "allowed" : result.error.code).toBe(expected);
      expect(after).toEqual(before);
    }
  });

  test("every actor is either allowed or refused with a stated code, for every action", () => {
    const missing = table.filter(([, , expected]) => expected === "?").map(([a, w]) => `${a} by ${w}`);
    expect(missing).toEqual([]);
    const contradictions = Object.entries(cases).flatMap(([action, c]) =>
      c.allowed.filter((w) => c.refused[w] !== undefined).map((w) => `${action} by ${w}`),
    );
    expect(contradictions).toEqual([]);
    expect(table).toHaveLength(Object.keys(cases).length * who.length);
  });

  test("a refused read tells another partner and another tenant nothing about the opportunity", async () => {
    const { s, actors } = await world();
    for (const w of ["other partner", "other tenant admin", "other tenant partner"] as const) {
      const shown = await s.opportunities.show(actors[w], "O-1001");
      expect(shown).toEqual({ ok: false, error: { code: "opp.not_found", params: { ref: "O-1001" } } });
    }
  });
});

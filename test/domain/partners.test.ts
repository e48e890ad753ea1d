import { describe, expect, test } from "vitest";
import type { DirectoryUser } from "../../src/domain/directory/directory.js";
import type { Actor } from "../../src/domain/shared/actor.js";
import { fakeServices } from "../fakes/services.js";

/**
 * Partner organisations and distribution over the real use cases and the fake store: the rules of seed 004
 * as the domain enforces them, whatever the entry point (commands and cards call these same use cases).
 */

const tenantId = "tenant-a";
const actor = (userId: string, name: string, role: Actor["role"], partner?: string): Actor => ({
  tenantId,
  userId,
  name,
  role,
  ...(partner ? { partner } : {}),
});
const mia = actor("u-mia", "Mia Manager", "manager");
const ann = actor("u-ann", "Ann Rep", "rep");
const address = {
  serviceUrl: "https://smba.example.net/",
  conversationId: "a:x",
  kind: "personal" as const,
  botId: "28:b",
};

async function world() {
  const s = fakeServices("2026-11-23T09:30:00.000Z");
  const seen = async (userId: string, name: string): Promise<DirectoryUser> => {
    const user = await s.directory.seen({
      tenantId,
      userId,
      teamsId: `29:${userId}`,
      name,
      conversation: { ...address, conversationId: `a:${userId}` },
      roster: { member: async () => ({ teamsId: `29:${userId}`, aadObjectId: userId, name }) },
    });
    return user;
  };
  const fab = await s.partners.create(mia, {
    name: "Fabrikam",
    regions: ["Nordics"],
    industries: ["Retail"],
    products: ["Web shop"],
    capacity: 2,
    preferred: true,
  });
  const north = await s.partners.create(mia, { name: "Northwind", regions: ["Nordics"], capacity: 5 });
  if (!fab.ok || !north.ok) throw new Error("partners");
  const pia = await seen("u-pia", "Pia Fabrikam");
  const nils = await seen("u-nils", "Nils Northwind");
  expect((await s.partners.addMember(mia, "fabrikam", pia)).ok).toBe(true);
  expect((await s.partners.addMember(mia, "Northwind", nils)).ok).toBe(true);
  const asPia = s.directory.actorFor((await s.directory.user(tenantId, "u-pia")) as DirectoryUser);
  const asNils = s.directory.actorFor((await s.directory.user(tenantId, "u-nils")) as DirectoryUser);
  const account = await s.parties.createAccount(ann, { name: "Contoso" });
  if (!account.ok) throw new Error("account");
  const opp = await s.opportunities.create(ann, {
    title: "Shop",
    account: account.value.ref,
    value: 1000,
    region: "nordics",
    industry: "retail",
  });
  if (!opp.ok) throw new Error("opp");
  return { s, fab: fab.value, north: north.value, asPia, asNils, ref: opp.value.opportunity.ref };
}

describe("partners", () => {
  test("members act for their partner; names are unique whatever the case", async () => {
    const w = await world();
    expect(w.asPia).toMatchObject({ role: "partner", partner: w.fab.ref });
    expect(await w.s.partners.create(mia, { name: "  FABRIKAM " })).toMatchObject({
      ok: false,
      error: { code: "partner.exists" },
    });
    expect(await w.s.partners.create(ann, { name: "Contoso Partners" })).toMatchObject({
      ok: false,
      error: { code: "partner.forbidden" },
    });
  });

  test("distribute to one: only that partner sees it, accepts once; a second press is refused", async () => {
    const w = await world();
    expect((await w.s.opportunities.show(w.asPia, w.ref)).ok).toBe(false);
    const d = await w.s.opportunities.distribute(mia, w.ref, { names: ["Fabrikam"] });
    expect(d.ok && d.value.opportunity.distribution?.partners).toMatchObject([
      { partner: w.fab.ref, status: "delivered" },
    ]);
    expect((await w.s.opportunities.show(w.asPia, w.ref)).ok).toBe(true);
    expect(await w.s.opportunities.show(w.asNils, w.ref)).toMatchObject({
      ok: false,
      error: { code: "opp.not_found" },
    });
    expect(await w.s.opportunities.accept(w.asNils, w.ref)).toMatchObject({
      ok: false,
      error: { code: "opp.not_found" },
    });
    expect(await w.s.opportunities.next(w.asPia, w.ref)).toMatchObject({
      ok: false,
      error: { code: "dist.accept_first" },
    });
    const accepted = await w.s.opportunities.accept(w.asPia, w.ref);
    expect(accepted.ok && accepted.value.opportunity.distribution?.partners[0]?.status).toBe("accepted");
    expect(await w.s.opportunities.accept(w.asPia, w.ref)).toMatchObject({
      ok: false,
      error: { code: "dist.answered" },
    });
    // Managing it alone, the partner works it; it never distributes or assigns.
    expect((await w.s.opportunities.next(w.asPia, w.ref)).ok).toBe(true);
    expect(await w.s.opportunities.distribute(w.asPia, w.ref, { names: ["Northwind"] })).toMatchObject({
      ok: false,
      error: { code: "dist.forbidden" },
    });
    const dash = await w.s.opportunities.partnerDashboard(w.asPia);
    expect(dash.ok && dash.value.managed.map((o) => o.ref)).toEqual([w.ref]);
  });

  test("collaboration: one accepts, one declines with a reason; collaborating partners only add notes", async () => {
    const w = await world();
    expect((await w.s.opportunities.distribute(mia, w.ref, { names: ["Fabrikam", "Northwind"] })).ok).toBe(
      true,
    );
    expect((await w.s.opportunities.accept(w.asPia, w.ref)).ok).toBe(true);
    expect(await w.s.opportunities.decline(w.asNils, w.ref, " ")).toMatchObject({ ok: false });
    const declined = await w.s.opportunities.decline(w.asNils, w.ref, "No capacity this quarter");
    expect(declined.ok && declined.value.opportunity.distribution?.partners.map((e) => e.status)).toEqual([
      "accepted",
      "declined",
    ]);
    expect((await w.s.opportunities.show(w.asNils, w.ref)).ok).toBe(false);
    // Collaboration was decided at distribution: Fabrikam alone remains, so it now manages it.
    expect((await w.s.opportunities.addTimeline(w.asPia, w.ref, "note", "Met the customer")).ok).toBe(true);
  });

  test("the dashboard shows a first page of each list and says when there is more", async () => {
    const w = await world();
    const account = await w.s.parties.createAccount(ann, { name: "Many" });
    if (!account.ok) throw new Error("account");
    for (let i = 0; i < 11; i++) {
      const o = await w.s.opportunities.create(ann, { title: `Deal ${i}`, account: account.value.ref });
      if (!o.ok) throw new Error("opp");
      await w.s.opportunities.distribute(mia, o.value.opportunity.ref, { names: ["Northwind"] });
    }
    const dash = await w.s.opportunities.partnerDashboard(w.asNils);
    if (!dash.ok) throw new Error(dash.error.code);
    expect(dash.value.delivered).toHaveLength(10);
    expect(dash.value.more).toEqual({ delivered: true, managed: false, created: false });
  });

  test("recall: a press after the recall is refused and changes nothing", async () => {
    const w = await world();
    await w.s.opportunities.distribute(mia, w.ref, { names: ["Fabrikam"] });
    expect((await w.s.opportunities.recall(mia, w.ref)).ok).toBe(true);
    const before = w.s.store.dump();
    expect(await w.s.opportunities.accept(w.asPia, w.ref)).toMatchObject({
      ok: false,
      error: { code: "dist.recalled" },
    });
    expect(w.s.store.dump()).toEqual(before);
  });

  test("auto picks the best-fitting partner with free capacity, and refuses when none fits", async () => {
    const w = await world();
    const auto = await w.s.opportunities.distribute(mia, w.ref, { auto: true });
    expect(auto.ok && auto.value.explanation?.fit.partner.name).toBe("Fabrikam");
    const account = await w.s.parties.createAccount(ann, { name: "Far away" });
    if (!account.ok) throw new Error("account");
    const far = await w.s.opportunities.create(ann, {
      title: "Far",
      account: account.value.ref,
      region: "Mars",
    });
    if (!far.ok) throw new Error("far");
    expect(await w.s.opportunities.distribute(mia, far.value.opportunity.ref, { auto: true })).toMatchObject({
      ok: false,
      error: { code: "dist.no_fit" },
    });
  });

  test("partner-created: pending approval, approved by a manager, deal registered and decided", async () => {
    const w = await world();
    const account = await w.s.parties.createAccount(ann, { name: "Vendor's own customer" });
    if (!account.ok) throw new Error("account");
    // A partner cannot link (and so probe) the vendor's accounts; it names its customer instead.
    expect(
      await w.s.opportunities.create(w.asPia, { title: "Probe", account: account.value.ref }),
    ).toMatchObject({ ok: false, error: { code: "opp.partner_customer" } });
    const created = await w.s.opportunities.create(w.asPia, {
      title: "From Fabrikam",
      account: "Vendor's own customer",
    });
    if (!created.ok) throw new Error(JSON.stringify(created));
    expect(created.value.opportunity.party.ref).not.toBe(account.value.ref);
    const ref = created.value.opportunity.ref;
    expect(created.value.opportunity).toMatchObject({ approval: "pending", origin: { partner: w.fab.ref } });
    expect(await w.s.opportunities.next(mia, ref)).toMatchObject({
      ok: false,
      error: { code: "opp.pending_approval" },
    });
    expect(await w.s.opportunities.register(w.asPia, ref)).toMatchObject({
      ok: false,
      error: { code: "deal.not_approved" },
    });
    expect(await w.s.opportunities.decide(w.asPia, ref, true)).toMatchObject({
      ok: false,
      error: { code: "approval.forbidden" },
    });
    const waiting = async () => {
      const inbox = await w.s.opportunities.inbox(mia);
      return inbox.ok ? inbox.value.filter((i) => i.ref === ref).map((i) => i.reason) : [];
    };
    expect(await waiting()).toEqual(["approval_pending"]);
    const counted = async () => {
      const pipeline = await w.s.opportunities.pipeline(mia);
      return pipeline.ok ? pipeline.value.rows.reduce((n, r) => n + r.count, 0) : -1;
    };
    // Waiting for approval, it is not in the vendor's pipeline; approved, it is.
    const before = await counted();
    expect((await w.s.opportunities.decide(mia, ref, true)).ok).toBe(true);
    expect(await waiting()).toEqual([]);
    expect(await counted()).toBe(before + 1);
    expect(await w.s.opportunities.register(w.asNils, ref)).toMatchObject({ ok: false });
    const registered = await w.s.opportunities.register(w.asPia, ref);
    expect(registered.ok && registered.value.opportunity.deal?.status).toBe("requested");
    expect(await waiting()).toEqual(["deal_pending"]);
    const rejected = await w.s.opportunities.decide(mia, ref, false, "Already in our pipeline");
    expect(rejected.ok && rejected.value.opportunity.deal).toMatchObject({
      status: "rejected",
      reason: "Already in our pipeline",
    });
  });
});

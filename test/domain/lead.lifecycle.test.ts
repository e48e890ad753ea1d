import { beforeEach, expect, test } from "vitest";
import type { Actor } from "../../src/domain/shared/actor.js";
import type { Result } from "../../src/domain/shared/result.js";
import { fakeServices } from "../fakes/services.js";

const ann: Actor = { tenantId: "t-a", userId: "u-ann", name: "Ann", role: "rep" };
const bo: Actor = { tenantId: "t-a", userId: "u-bo", name: "Bo", role: "rep" };
const mia: Actor = { tenantId: "t-a", userId: "u-mia", name: "Mia", role: "manager" };

let s: ReturnType<typeof fakeServices>;

beforeEach(() => {
  s = fakeServices("2026-11-23T09:30:00.000Z");
});

function value<T>(result: Result<T>): T {
  if (!result.ok)
    throw new Error(`expected success, got ${result.error.code} ${JSON.stringify(result.error.params)}`);
  return result.value;
}

const newLead = (topic = "Website redesign", extra: Record<string, string> = {}) =>
  s.leads.create(ann, {
    topic,
    firstName: "Ann",
    lastName: "Berg",
    company: "Contoso",
    email: "ann@contoso.com",
    ...extra,
  });

test("linking an account fills the company, a contact fills names, title, phones and email — only empty fields", async () => {
  value(await s.parties.createAccount(ann, { name: "Fabrikam", domain: "fabrikam.com" }));
  value(
    await s.parties.createContact(ann, {
      kind: "person",
      firstName: "Lars",
      lastName: "Holm",
      jobTitle: "CIO",
      email: "lars@fabrikam.com",
      mobilePhone: "+45 20 00 00 00",
    }),
  );

  const lead = value(
    await s.leads.create(
      ann,
      { topic: "Intranet", jobTitle: "Head of IT" },
      { account: "fabrikam", contact: "lars@fabrikam.com" },
    ),
  ).value;

  expect(lead).toMatchObject({
    company: "Fabrikam",
    firstName: "Lars",
    lastName: "Holm",
    jobTitle: "Head of IT",
    email: "lars@fabrikam.com",
    mobilePhone: "+45 20 00 00 00",
    accountRef: "A-1001",
    contactRef: "C-1001",
  });
});

test("notes and activities go on the timeline with author and time; empty or oversized text is refused", async () => {
  value(await newLead());
  value(await s.leads.addTimeline(bo, "L-1001", "note", "  Met at the fair  "));
  value(await s.leads.addTimeline(ann, "L-1001", "call", "Called about budget"));
  expect(await s.leads.addTimeline(ann, "L-1001", "note", "   ")).toEqual({
    ok: false,
    error: { code: "timeline.empty" },
  });
  expect(await s.leads.addTimeline(ann, "L-1001", "note", "x".repeat(2001))).toEqual({
    ok: false,
    error: { code: "timeline.too_long", params: { max: 2000 } },
  });
  const lead = value(await s.leads.show(ann, "L-1001")).value;
  expect(lead.timeline).toEqual([
    { kind: "note", text: "Met at the fair", by: { id: "u-bo", name: "Bo" }, at: "2026-11-23T09:30:00.000Z" },
    {
      kind: "call",
      text: "Called about budget",
      by: { id: "u-ann", name: "Ann" },
      at: "2026-11-23T09:30:00.000Z",
    },
  ]);
});

test("stakeholders are contacts with a role; adding one again changes its role", async () => {
  value(await newLead());
  value(
    await s.parties.createContact(ann, {
      kind: "person",
      firstName: "Eva",
      lastName: "Dahl",
      email: "eva@contoso.com",
    }),
  );
  value(await s.leads.addStakeholder(ann, "L-1001", "Eva Dahl", "stakeholder"));
  const lead = value(await s.leads.addStakeholder(ann, "L-1001", "C-1001", "decision_maker")).value;
  expect(lead.stakeholders).toEqual([{ contactRef: "C-1001", name: "Eva Dahl", role: "decision_maker" }]);
  expect(await s.leads.addStakeholder(ann, "L-1001", "nobody@x.com", "other")).toMatchObject({
    ok: false,
    error: { code: "party.contact_not_found" },
  });
});

test("qualify creates account, contact and opportunity, in the chosen currency, carrying the lead's notes", async () => {
  value(await newLead());
  value(await s.leads.addTimeline(ann, "L-1001", "note", "Wants a demo"));

  const [outcome] = value(await s.leads.qualify(ann, ["l-1001"], { currency: "dkk" }));

  expect(outcome).toMatchObject({
    kind: "qualified",
    lead: {
      status: "qualified",
      qualification: {
        accountRef: "A-1001",
        contactRef: "C-1001",
        opportunityRef: "O-1001",
        currency: "DKK",
      },
    },
  });
  const account = value(await s.parties.show(ann, "A-1001"));
  expect(account).toMatchObject({ kind: "account", account: { name: "Contoso", domain: "contoso.com" } });
  const contact = value(await s.parties.show(ann, "C-1001"));
  expect(contact).toMatchObject({
    kind: "contact",
    contact: { firstName: "Ann", lastName: "Berg", email: "ann@contoso.com", accountRef: "A-1001" },
  });
  const opp = value(await s.opportunities.show(ann, "O-1001")).opportunity;
  expect(opp).toMatchObject({
    title: "Website redesign",
    currency: "DKK",
    leadRef: "L-1001",
    // The lead named a company: the account is the customer, the person its primary contact.
    party: { kind: "account", ref: "A-1001", name: "Contoso" },
    primaryContact: { ref: "C-1001", name: "Ann Berg" },
    owner: { id: "u-ann" },
  });
  expect(opp.timeline).toEqual([
    {
      kind: "note",
      text: "Wants a demo",
      by: { id: "u-ann", name: "Ann" },
      at: "2026-11-23T09:30:00.000Z",
      origin: "L-1001",
    },
  ]);
});

test("a matching account or contact stops qualification with a duplicate warning until linked or created anyway", async () => {
  value(await s.parties.createAccount(ann, { name: "Contoso Ltd", domain: "contoso.com" }));
  value(await newLead());

  const [warning] = value(await s.leads.qualify(ann, ["L-1001"]));
  expect(warning).toEqual({
    kind: "duplicates",
    warning: {
      leadRef: "L-1001",
      accounts: [{ ref: "A-1001", name: "Contoso Ltd", domain: "contoso.com" }],
      contacts: [],
    },
  });
  expect(value(await s.leads.show(ann, "L-1001")).value.status).toBe("open");

  const [linked] = value(await s.leads.qualify(ann, ["L-1001"], { linkAccount: "A-1001" }));
  expect(linked).toMatchObject({
    kind: "qualified",
    lead: { qualification: { accountRef: "A-1001", contactRef: "C-1001" } },
  });
  // No second account was created.
  expect(await s.parties.show(ann, "A-1002")).toMatchObject({ ok: false });
});

test("create anyway makes new records despite duplicates", async () => {
  value(await s.parties.createAccount(ann, { name: "Contoso", domain: "contoso.com" }));
  value(await newLead());
  const [outcome] = value(await s.leads.qualify(ann, ["L-1001"], { ignoreDuplicates: true }));
  expect(outcome).toMatchObject({ kind: "qualified", lead: { qualification: { accountRef: "A-1002" } } });
});

test("free-mail domains are never a company's domain: not stored on the account, never a duplicate", async () => {
  value(await newLead("First", { company: "Hansen VVS", email: "jens@gmail.com" }));
  value(await s.leads.qualify(ann, ["L-1001"]));
  const shown = value(await s.parties.show(ann, "A-1001"));
  expect(shown).toMatchObject({ kind: "account", account: { name: "Hansen VVS" } });
  expect(shown.kind === "account" && shown.account).not.toHaveProperty("domain");

  for (const [n, email] of [
    [2, "kari@gmail.com"],
    [3, "ola@online.no"],
    [4, "lis@telia.com"],
    [5, "bo@mail.dk"],
  ] as const) {
    value(await newLead(`Lead ${n}`, { company: `Firma ${n}`, email }));
    const [outcome] = value(await s.leads.qualify(ann, [`L-100${n}`]));
    expect(outcome?.kind, email).toBe("qualified");
  }
  // Typed by hand, a free-mail domain is not kept either; a company's own domain is.
  const typed = value(await s.parties.createAccount(ann, { name: "Solo", domain: "hotmail.com" }));
  expect(typed).not.toHaveProperty("domain");
  expect(
    value(await s.parties.createAccount(ann, { name: "Own", domain: "https://www.Own.dk/x" })),
  ).toMatchObject({
    domain: "own.dk",
  });
});

test("several leads qualify in one action, each with its own outcome", async () => {
  value(await newLead("One", { company: "Alpha", email: "a@alpha.com" }));
  value(await newLead("Two", { company: "Beta", email: "b@beta.com" }));
  value(await s.leads.disqualify(ann, "L-1002", "No budget"));
  value(await newLead("Three", { company: "Gamma", email: "c@gamma.com" }));

  const outcomes = value(await s.leads.qualify(ann, ["L-1001", "L-1002", "L-1003", "L-1009"]));

  expect(outcomes.map((o) => (o.kind === "failed" ? `${o.leadRef}:${o.code}` : o.kind))).toEqual([
    "qualified",
    "L-1002:lead.qualify_disqualified",
    "qualified",
    "L-1009:lead.not_found",
  ]);
});

test("a qualification an earlier version left half way (its plan stored on the lead) resumes with the same references", async () => {
  value(await newLead());
  // Earlier versions wrote the plan first, then each record: a crash after the plan left only the plan.
  const stored = await s.store.read<{ id: string; type: string }>("t-a", "lead:L-1001");
  if (!stored) throw new Error("lead missing");
  const plan = {
    accountRef: "A-1001",
    contactRef: "C-1001",
    opportunityRef: "O-1001",
    currency: "EUR",
    at: "2026-11-23T09:30:00.000Z",
    by: { id: "u-ann", name: "Ann" },
  };
  await s.store.replace("t-a", { ...stored.body, qualification: plan }, stored.etag);

  const [outcome] = value(await s.leads.qualify(ann, ["L-1001"]));

  expect(outcome).toMatchObject({ kind: "qualified", lead: { qualification: plan } });
  expect(value(await s.opportunities.show(ann, "O-1001")).opportunity).toMatchObject({
    party: { ref: "A-1001" },
    primaryContact: { ref: "C-1001" },
  });
  // Qualifying again is refused: it is done.
  expect(value(await s.leads.qualify(ann, ["L-1001"]))).toEqual([
    { kind: "failed", leadRef: "L-1001", code: "lead.already_qualified", params: { ref: "L-1001" } },
  ]);
});

test("disqualify keeps the lead and its notes with a reason; reactivate reopens it; only the owner or a manager", async () => {
  value(await newLead());
  value(await s.leads.addTimeline(ann, "L-1001", "note", "Keep me"));
  expect(await s.leads.disqualify(bo, "L-1001", "No")).toMatchObject({
    ok: false,
    error: { code: "lead.not_yours" },
  });
  const out = value(await s.leads.disqualify(ann, "L-1001", "No budget this year")).value;
  expect(out).toMatchObject({
    status: "disqualified",
    disqualifyReason: "No budget this year",
    timeline: [{ text: "Keep me" }],
  });
  expect(value(await s.leads.qualify(ann, ["L-1001"]))[0]).toMatchObject({
    kind: "failed",
    code: "lead.qualify_disqualified",
  });
  const back = value(await s.leads.reactivate(mia, "L-1001")).value;
  expect(back.status).toBe("open");
  expect(back.disqualifyReason).toBeUndefined();
});

test("delete removes the lead with its notes; a stale card revision is refused", async () => {
  const lead = value(await newLead()).value;
  value(await s.leads.addTimeline(ann, "L-1001", "note", "x"));
  expect(await s.leads.disqualify(ann, "L-1001", undefined, lead.revision)).toEqual({
    ok: false,
    error: { code: "lead.stale", params: { ref: "L-1001" } },
  });
  expect(await s.leads.delete(bo, "L-1001")).toMatchObject({ ok: false, error: { code: "lead.not_yours" } });
  expect(await s.leads.delete(ann, "L-1001")).toEqual({ ok: true, value: { ref: "L-1001" } });
  expect(await s.leads.show(ann, "L-1001")).toMatchObject({ ok: false, error: { code: "lead.not_found" } });
});

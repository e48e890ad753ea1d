import { expect, test, vi } from "vitest";
import * as z from "zod";
import { parseDocument } from "../../src/store/document-parse.js";
import { conversationDocumentSchema, userDocumentSchema } from "../../src/store/directory.repository.js";
import { leadDocumentSchema, StoreLeadRepository } from "../../src/store/lead.repository.js";
import { historyEntrySchema, StoreOpportunityRepository } from "../../src/store/opportunity.repository.js";
import {
  accountDocumentSchema,
  contactDocumentSchema,
  fromAccountDocument,
  fromContactDocument,
} from "../../src/store/party.repository.js";
import { ReferenceAllocator } from "../../src/store/reference-allocator.js";
import { timelineEntrySchema } from "../../src/store/schemas.js";
import { openEmbedded } from "../support/test-store.js";
import { tempDir } from "../support/temp-dir.js";
import { setupDocumentSchema } from "../../src/store/tenant-setup.repository.js";
import { frozen, paths, withChange } from "../support/field-changes.js";

/**
 * The directory's users and conversations, leads, tenant setups, accounts, contacts and the timeline and
 * stage-history entries are read with parseDocument (the schema interpreter) rather than zod's generated parser: for each, a full stored document and every field of it
 * removed or damaged must be answered exactly as zod answers (the same value, frozen in the same places, or
 * the same error). Their schemas use what the opportunity's does not: nullable fields, defaults, numbers.
 */

const ann = { id: "6f1c2a7e-0b7d-4c55-9f3e-0d8a1b2c3d41", name: "Ann Jensen" };
const at = "2025-03-12T15:30:00.000Z";
const address = {
  serviceUrl: "https://smba.trafficmanager.net/emea/",
  conversationId: "a:1Xbc-personal",
  kind: "personal",
  botId: "28:bot",
  teamId: "19:team@thread.tacv2",
  channelId: "19:channel@thread.tacv2",
  name: "Sales",
};

const user = {
  id: "user:6f1c2a7e-0b7d-4c55-9f3e-0d8a1b2c3d41",
  type: "user",
  userId: ann.id,
  teamsId: "29:1abc",
  name: "Ann Jensen",
  email: "ann@contoso.example",
  external: false,
  unverified: true,
  role: "manager",
  partner: "P-1001",
  personal: address,
  locale: "da-DK",
  lastSeenAt: at,
  grantedBy: ann,
  grantedAt: at,
  granted: true,
  emailKey: "ann@contoso.example",
  nameKey: "ann jensen",
  firstNameKey: "ann",
  lastNameKey: null,
};

const conversation = {
  id: "conversation:a:1Xbc",
  type: "conversation",
  address,
  kind: "channel",
  lastSeenAt: at,
  active: false,
  removedAt: at,
};

const note = { kind: "note", text: "Called", by: ann, at, origin: "card" };
const lead = {
  id: "lead:L-1001",
  type: "lead",
  ref: "L-1001",
  topic: "Wind farm",
  firstName: "Ida",
  lastName: "Holm",
  company: "Fabrikam",
  jobTitle: "Buyer",
  email: "ida@fabrikam.example",
  businessPhone: "+45 1234",
  mobilePhone: "+45 5678",
  source: "partner",
  industry: "Energy",
  contactMethod: "email",
  currency: "DKK",
  productInterests: ["Consulting", "Licences"],
  status: "qualified",
  owner: ann,
  ownerId: ann.id,
  timeline: [note],
  timelineCount: 4,
  accountRef: "A-1001",
  contactRef: "C-1001",
  stakeholders: [{ contactRef: "C-1002", name: "Bo", role: "decision_maker" }],
  qualification: { accountRef: "A-1001", opportunityRef: "O-1001", currency: "DKK", at, by: ann },
  disqualifyReason: "None",
  revision: 3,
  outboxPending: false,
  createdBy: ann,
  createdAt: at,
  updatedBy: ann,
  updatedAt: at,
  search: "wind farm",
};

const activity = { name: "Call", durationDays: 2, reminder: true, builtIn: "call" };
const setup = {
  id: "setup",
  type: "setup",
  cycles: [
    {
      code: "default",
      name: "Default",
      stages: [
        {
          id: "qualify",
          name: "Qualify",
          completedPct: 10,
          chancePct: 20,
          allowSkip: false,
          quoteRequired: true,
          activities: [activity],
          builtIn: "qualify",
        },
      ],
      defaultStageId: "qualify",
      builtIn: "default",
    },
  ],
  defaultCycleCode: "default",
  closeCodes: [{ code: "won", type: "won", description: "Won", builtIn: "won" }],
  lists: { types: ["New"], sources: ["Web"], paymentTerms: ["30 days"] },
  qualifyCreatesAll: true,
  defaultCurrency: "DKK",
  listenedTopics: ["stage", "won"],
  timeZone: "Europe/Copenhagen",
  staleDays: 14,
};

const account = {
  id: "account:A-1001",
  type: "account",
  ref: "A-1001",
  name: "Fabrikam",
  domain: "fabrikam.example",
  industry: "Energy",
  isCustomer: true,
  createdBy: ann,
  createdAt: at,
  domainKey: "fabrikam.example",
  nameKey: null,
  search: "a-1001 fabrikam",
};

const contact = {
  id: "contact:C-1001",
  type: "contact",
  ref: "C-1001",
  kind: "person",
  firstName: "Ida",
  lastName: "Holm",
  companyName: "Fabrikam",
  jobTitle: "Buyer",
  email: "ida@fabrikam.example",
  businessPhone: "+45 1234",
  mobilePhone: "+45 5678",
  accountRef: "A-1001",
  isCustomer: false,
  createdBy: ann,
  createdAt: at,
  emailKey: "ida@fabrikam.example",
  nameKey: null,
};

const historyRow = { action: "goto", from: "qualify", to: "develop", by: ann, at, note: "Budget approved" };

const documents: [string, z.ZodType, object][] = [
  ["an account", accountDocumentSchema, account],
  ["a contact", contactDocumentSchema, contact],
  ["a timeline entry", timelineEntrySchema, note],
  ["a stage history entry", historyEntrySchema, historyRow],
  ["a directory user", userDocumentSchema, user],
  ["a conversation", conversationDocumentSchema, conversation],
  ["a lead", leadDocumentSchema, lead],
  ["a tenant setup", setupDocumentSchema, setup],
];

type Answer = { ok: true; value: unknown; frozen: string[] } | { ok: false; issues: unknown };

function answer(read: () => unknown): Answer {
  try {
    const value = read();
    return { ok: true, value, frozen: frozen(value) };
  } catch (error) {
    if (!(error instanceof z.ZodError)) throw error;
    return { ok: false, issues: error.issues };
  }
}

const replacements: unknown[] = [null, undefined, 0, -1.5, Infinity, NaN, "", "won", true, {}, [], [{}]];

test.each(documents)("%s is read as zod reads it, without zod's generated parser", (_name, schema, body) => {
  const zodParse = vi.spyOn(schema, "parse");
  const zodSafeParse = vi.spyOn(schema, "safeParse");
  try {
    const read = parseDocument(schema, body);
    expect(zodParse).not.toHaveBeenCalled();
    expect(zodSafeParse).not.toHaveBeenCalled();
    zodParse.mockRestore();
    expect(answer(() => read)).toStrictEqual(answer(() => schema.parse(body)));
  } finally {
    zodParse.mockRestore();
    zodSafeParse.mockRestore();
  }
});

test.each(documents)(
  "every field of %s, removed or damaged, is answered as zod answers it",
  (_n, schema, body) => {
    const compare = (value: unknown) =>
      expect(
        answer(() => parseDocument(schema, value)),
        JSON.stringify(value),
      ).toStrictEqual(answer(() => schema.parse(value)));
    for (const path of paths(body)) {
      if (path.length > 0) compare(withChange(body, path, { remove: true }));
      for (const value of replacements) compare(path.length ? withChange(body, path, { value }) : value);
    }
  },
);

test("a lead stored before stakeholders and revisions existed gets zod's defaults, fresh each time", () => {
  const { stakeholders: _s, revision: _r, ...old } = lead;
  const first = parseDocument(leadDocumentSchema, old);
  expect(first).toStrictEqual(leadDocumentSchema.parse(old));
  expect(first).toMatchObject({ stakeholders: [], revision: 1 });
  // The default is not one shared array a later change could alter for every old lead.
  expect(parseDocument(leadDocumentSchema, old).stakeholders).not.toBe(first.stakeholders);
});

test("accounts, contacts, a lead's timeline and an opportunity's stage history are read without zod's generated parser", async () => {
  const dir = await tempDir("record-schemas-parse");
  const store = await openEmbedded(dir.path);
  const expected = {
    timeline: timelineEntrySchema.parse(note),
    history: historyEntrySchema.parse(historyRow),
  };
  const schemas = [accountDocumentSchema, contactDocumentSchema, timelineEntrySchema, historyEntrySchema];
  const spies = schemas.flatMap((s) => [vi.spyOn(s, "parse"), vi.spyOn(s, "safeParse")]);
  try {
    const tenant = "tenant-parse";
    const entry = (record: string, kind: string, body: object) =>
      store.create(tenant, { id: `${record}:${kind[0]}1`, type: "entry", record, kind, seq: 1, entry: body });
    await entry("lead:L-1001", "timeline", note);
    await entry("opportunity:O-1001", "history", historyRow);
    const refs = new ReferenceAllocator(store);

    expect(fromAccountDocument(tenant, { body: account, etag: "e1" }).value.name).toBe("Fabrikam");
    expect(fromContactDocument(tenant, { body: contact, etag: "e2" }).value.lastName).toBe("Holm");
    const timeline = await new StoreLeadRepository(store, refs).timeline(tenant, "L-1001", 5);
    const history = await new StoreOpportunityRepository(store, refs).history(tenant, "O-1001", { limit: 5 });
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    expect(timeline).toEqual([expected.timeline]);
    expect(history.items).toEqual([expected.history]);
  } finally {
    for (const spy of spies) spy.mockRestore();
    await store.close();
    await dir.remove();
  }
});

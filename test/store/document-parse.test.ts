import { expect, test, vi } from "vitest";
import * as z from "zod";
import { parseDocument, withoutFields } from "../../src/store/document-parse.js";
import { opportunityDocumentSchema } from "../../src/store/opportunity.repository.js";
import { frozen, paths, withChange } from "../support/field-changes.js";

/**
 * parseDocument reads the common case of a stored document without zod's generated parser; it must answer
 * exactly what zod answers: the same value (frozen where zod freezes) or the same error. Compared on a full
 * opportunity document and on every field of it removed or damaged (wrong type, null, NaN-like, extra).
 */

const ann = { id: "6f1c2a7e-0b7d-4c55-9f3e-0d8a1b2c3d41", name: "Ann Jensen" };
const at = "2025-03-12T15:30:00.000Z";
const line = { product: "Consulting", quantity: 120, unitPrice: 1150.5 };

const stored = {
  id: "opportunity:O-1007",
  type: "opportunity",
  ref: "O-1007",
  title: "Wind farm",
  party: { kind: "account", ref: "A-1001", name: "Fabrikam", person: false },
  primaryContact: { ref: "C-1001", name: "Ida Holm" },
  owner: ann,
  type_: "New business",
  source: "Partner",
  currency: "DKK",
  estimatedValue: 408060,
  chancePct: 60,
  cycleCode: "default",
  stageId: "propose",
  skipped: ["qualify"],
  status: "open",
  lines: [line, { ...line, product: "Licences", quantity: 12 }],
  expectedCloseDate: "2025-06-30",
  customerSituation: "Two sites",
  leadRef: "L-1001",
  timeline: [{ kind: "task", text: "Prepare a fixed-price quote.", by: ann, at, origin: "card" }],
  timelineCount: 3,
  historyCount: 2,
  counted: true,
  attentionDate: "2025-06-30",
  history: [{ action: "next", from: "develop", to: "propose", by: ann, at, note: "Budget agreed" }],
  quote: { number: "Q-1007", createdAt: at, createdBy: ann, lines: [line], total: 138060 },
  order: { number: "SO-1007", createdAt: at, createdBy: ann, quoteNumber: "Q-1007", total: 138060 },
  region: "Nordics",
  distribution: {
    collaboration: true,
    partners: [{ partner: "P-1001", name: "Fabrikam", status: "accepted", at, by: ann, reason: "ok" }],
    explanation: "Local presence",
  },
  origin: { partner: "P-1002", name: "Northwind" },
  approval: "approved",
  deal: { status: "requested", requestedBy: ann, requestedAt: at },
  revision: 7,
  createdBy: ann,
  createdAt: at,
  updatedBy: ann,
  updatedAt: at,
  ownerId: ann.id,
  partyRef: "A-1001",
  closed: false,
  outboxPending: true,
  outbox: [
    {
      id: "e-1",
      kind: "stage_changed",
      at,
      by: ann,
      subject: { kind: "opportunity", ref: "O-1007", title: "Wind farm" },
      facts: { fromStage: "develop", toStage: "propose", value: 408060, currency: "DKK", approved: true },
      direct: [ann],
      partners: [{ partner: "P-1001", name: "Fabrikam", locale: "da", members: [ann] }],
      nudge: {
        date: "2025-03-12",
        items: [
          {
            ref: "O-1007",
            title: "Wind farm",
            revision: 7,
            stage: "propose",
            reasons: [{ kind: "stale", since: at, days: 14 }],
          },
        ],
        more: 0,
      },
    },
  ],
  // Written for queries and search, not part of the schema: dropped on read.
  partner_P1001: "accepted",
  search: "wind farm fabrikam",
};

type Answer = { ok: true; value: unknown } | { ok: false; issues: unknown };

function answer(read: () => unknown): Answer {
  try {
    return { ok: true, value: read() };
  } catch (error) {
    if (!(error instanceof z.ZodError)) throw error;
    return { ok: false, issues: error.issues };
  }
}

function compare(body: unknown): void {
  const ours = answer(() => parseDocument(opportunityDocumentSchema, body));
  const zods = answer(() => opportunityDocumentSchema.parse(body));
  expect(ours, JSON.stringify(body)).toStrictEqual(zods);
  if (ours.ok && zods.ok) expect(frozen(ours.value)).toEqual(frozen(zods.value));
}

const replacements: unknown[] = [null, undefined, 0, -1.5, Infinity, NaN, "", "won", true, {}, [], [{}]];

test("a stored opportunity is read as zod reads it: the same value, frozen in the same places", () => {
  const read = parseDocument(opportunityDocumentSchema, stored);
  expect(read).toStrictEqual(opportunityDocumentSchema.parse(stored));
  expect(frozen(read)).toContain("$.lines");
  expect(read).not.toHaveProperty("search");
});

test("the common case is read without zod's generated parser (what makes it cheaper)", () => {
  const zodParse = vi.spyOn(opportunityDocumentSchema, "parse");
  try {
    parseDocument(opportunityDocumentSchema, stored);
    expect(zodParse).not.toHaveBeenCalled();
    expect(() => parseDocument(opportunityDocumentSchema, { ...stored, revision: "7" })).toThrow(z.ZodError);
    expect(zodParse).toHaveBeenCalledTimes(1);
  } finally {
    zodParse.mockRestore();
  }
});

test("every field of a stored opportunity, removed or damaged, is answered as zod answers it", () => {
  for (const path of paths(stored)) {
    if (path.length > 0) compare(withChange(stored, path, { remove: true }));
    for (const value of replacements) compare(path.length ? withChange(stored, path, { value }) : value);
  }
  // Old documents (before entries were split out) and documents with fields this version does not know.
  compare({ ...stored, timelineCount: undefined, historyCount: undefined });
  compare(JSON.parse(JSON.stringify(stored).replace(/^\{/, '{"__proto__":{"title":1},')));
  compare(Object.assign(Object.create(null) as object, stored));
});

test("checks (the interpreter runs zod's own), loose and strict objects and unions are answered as zod answers them", () => {
  const schema = z.object({
    name: z.string().max(3),
    count: z.number().int(),
    kept: z.object({ a: z.string() }).loose(),
    exact: z.object({ a: z.string() }).strict(),
    either: z.union([z.string(), z.number()]),
  });
  const good = { name: "abc", count: 2, kept: { a: "x", b: 1 }, exact: { a: "x" }, either: 1 };
  const bodies = [
    good,
    { ...good, name: "abcd" },
    { ...good, count: 2.5 },
    { ...good, exact: { a: "x", b: 1 } },
    { ...good, either: true },
  ];
  for (const body of bodies) {
    const ours = answer(() => parseDocument(schema, body));
    expect(ours, JSON.stringify(body)).toStrictEqual(answer(() => schema.parse(body)));
  }
});

test("withoutFields gives what the rest pattern gives: the other own fields, in order, __proto__ kept as a field", () => {
  const document = JSON.parse(
    '{"id":"x:1","b":1,"type":"x","a":{"n":2},"__proto__":{"polluted":true},"u":null,"2":"two","z":"last"}',
  ) as Record<string, unknown>;
  document.undefinedField = undefined;
  const { id: _id, type: _type, ...expected } = document;
  const got = withoutFields(document, ["id", "type"]);
  expect(Object.keys(got)).toEqual(Object.keys(expected));
  expect(got).toStrictEqual(expected);
  expect(Object.getPrototypeOf(got)).toBe(Object.prototype);
  expect(Object.hasOwn(got, "__proto__")).toBe(true);
  expect((got as { polluted?: unknown }).polluted).toBeUndefined();
  expect(got.a).toBe(document.a);
  expect(got).not.toBe(document);
  expect(Object.keys(document)).toContain("id");
});

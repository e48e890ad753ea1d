import { expect, test } from "vitest";
import * as z from "zod";
import { actionTable, cardActions, parseCardAction as parseAction } from "../../src/features/index.js";
import { ActionSchemas, parseAction as parseWith } from "../../src/kit/parsing/parse-action.js";
import { readBySchema } from "../../src/kit/parsing/schema-reader.js";
import { parseLeadInput } from "../../src/features/leads/lead.input.js";

test("each card verb parses to the same command its text form gives", () => {
  expect(parseAction("help", {})).toEqual({ ok: true, command: { kind: "help" } });
  expect(parseAction("lead.form", {})).toEqual({ ok: true, command: { kind: "lead.form" } });
  expect(parseAction("lead.show", { ref: "L-1001" })).toEqual({
    ok: true,
    command: { kind: "lead.show", ref: "L-1001" },
  });
  expect(parseAction("lead.list", { status: "all", cursor: "abc" })).toEqual({
    ok: true,
    command: { kind: "lead.list", status: "all", cursor: "abc" },
  });
  expect(parseAction("lead.create", { topic: "X", last: "Berg" })).toEqual({
    ok: true,
    command: { kind: "lead.create", input: { topic: "X", last: "Berg" } },
  });
});

test("unknown verbs and forged or wrong-typed data are refused", () => {
  expect(parseAction("lead.explode", {})).toEqual({
    ok: false,
    error: { code: "reply.unknown_action", params: { verb: "lead.explode" } },
  });
  expect(parseAction(42, {})).toEqual({
    ok: false,
    error: { code: "reply.unknown_action", params: { verb: "42" } },
  });
  expect(parseAction("lead.show", { ref: 1001 })).toEqual({ ok: false, error: { code: "reply.bad_action" } });
  expect(parseAction("lead.show", { ref: "L-".padEnd(100, "1") })).toEqual({
    ok: false,
    error: { code: "reply.bad_action" },
  });
  expect(parseAction("lead.list", { status: "everything" })).toEqual({
    ok: false,
    error: { code: "reply.bad_action" },
  });
  expect(parseAction("lead.create", "not an object")).toEqual({
    ok: false,
    error: { code: "reply.bad_action" },
  });
});

test("a verb's schema is built at its first press and kept; an unknown verb builds none", () => {
  const built: string[] = [];
  const counted = (verb: string) => () => {
    built.push(verb);
    return z.object({ ref: z.string().max(10) }).transform(({ ref }) => ({ kind: verb, ref }));
  };
  const schemas = new ActionSchemas({ "a.show": counted("a.show"), "b.show": counted("b.show") });
  expect(built).toEqual([]);
  for (const verb of ["nope", "__proto__", "constructor", "toString", "hasOwnProperty"])
    expect(parseWith(verb, { ref: "x" }, schemas)).toEqual({
      ok: false,
      error: { code: "reply.unknown_action", params: { verb } },
    });
  expect(built).toEqual([]);
  expect(parseWith("a.show", { ref: "x" }, schemas)).toEqual({
    ok: true,
    command: { kind: "a.show", ref: "x" },
  });
  expect(parseWith("a.show", { ref: "x".repeat(11) }, schemas)).toEqual({
    ok: false,
    error: { code: "reply.bad_action" },
  });
  expect(parseWith("a.show", { ref: "y" }, schemas)).toEqual({
    ok: true,
    command: { kind: "a.show", ref: "y" },
  });
  expect(built).toEqual(["a.show"]);
  expect(schemas.builtCount).toBe(1);
});

test("every verb builds its schema when asked, not before: each call of its entry makes a new one", () => {
  for (const [verb, build] of Object.entries(actionTable)) expect(build(), verb).not.toBe(build());
});

test("a kept schema answers every verb's data as a freshly built one does, press after press", () => {
  const samples: unknown[] = [
    undefined,
    null,
    "O-1007",
    7,
    [],
    {},
    { ref: "O-1007" },
    { ref: " O-1007 ", revision: 3 },
    { ref: "O-1007", revision: "3" },
    { ref: 1007 },
    { ref: "O-".padEnd(200, "1") },
    { ref: "L-1001", refs: ["L-1001"], revision: 1, stage: "Qualify", person: "Ann" },
    JSON.parse('{"__proto__": {"ref": "O-1"}, "constructor": 1}'),
  ];
  const answer = (read: ReturnType<typeof readBySchema>) =>
    read.success ? { ok: true, command: read.data } : { ok: false, error: { code: "reply.bad_action" } };
  const fresh = Object.entries(actionTable).map(([verb, build]) => [verb, build()] as const);
  for (let press = 0; press < 2; press++)
    for (const [verb, schema] of fresh)
      for (const data of samples)
        expect(parseAction(verb, data), `${verb} ${JSON.stringify(data)}`).toEqual(
          answer(readBySchema(schema, data ?? {})),
        );
  expect(cardActions.builtCount).toBe(Object.keys(actionTable).length);
});

test("lead input: fields are trimmed, choices normalised, currency upper-cased", () => {
  expect(
    parseLeadInput({
      topic: " Deal ",
      last: " Berg ",
      source: "Mailing list",
      contactmethod: "EMAIL",
      currency: "dkk",
      phone: "+45 12 34 56 78",
    }),
  ).toEqual({
    ok: true,
    draft: {
      topic: "Deal",
      lastName: "Berg",
      source: "mailing_list",
      contactMethod: "email",
      currency: "DKK",
      businessPhone: "+45 12 34 56 78",
    },
  });
});

test("lead input: every bad field is named with its problem", () => {
  expect(
    parseLeadInput({
      topic: "x".repeat(201),
      email: "ann(at)contoso",
      currency: "euro",
      phone: "call me",
      source: "tv",
      first: 7,
    }),
  ).toEqual({
    ok: false,
    problems: [
      { field: "topic", problem: "too_long", params: { max: 200 } },
      { field: "first", problem: "text" },
      { field: "email", problem: "email" },
      { field: "phone", problem: "phone" },
      {
        field: "source",
        problem: "choice",
        params: { choices: "campaign, website, mailing_list, referral, partner, other" },
      },
      { field: "currency", problem: "currency" },
    ],
  });
});

test("lead input: blank optional fields are left out rather than stored empty", () => {
  expect(parseLeadInput({ topic: "Deal", last: "Berg", email: "", company: "  ", source: "" })).toEqual({
    ok: true,
    draft: { topic: "Deal", lastName: "Berg" },
  });
});

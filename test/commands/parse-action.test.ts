import { expect, test } from "vitest";
import { parseCardAction as parseAction } from "../../src/features/index.js";
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

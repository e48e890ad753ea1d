import { expect, test } from "vitest";
import { parseCommandText as parseText } from "../../src/features/index.js";
import { tokenize } from "../../src/kit/parsing/tokenize.js";

test("help, and an empty message, mean help", () => {
  expect(parseText("help")).toEqual({ ok: true, command: { kind: "help" } });
  expect(parseText("   ")).toEqual({ ok: true, command: { kind: "help" } });
  expect(parseText("HELP")).toEqual({ ok: true, command: { kind: "help" } });
});

test("lead new without arguments opens the form", () => {
  expect(parseText("lead new")).toEqual({ ok: true, command: { kind: "lead.form" } });
  expect(parseText("Lead New")).toEqual({ ok: true, command: { kind: "lead.form" } });
});

test("lead new takes the topic from the leading words and fields from key=value", () => {
  expect(
    parseText("lead new Website redesign first=Ann last=Berg company=Contoso email=ann@contoso.com"),
  ).toEqual({
    ok: true,
    command: {
      kind: "lead.create",
      input: {
        topic: "Website redesign",
        first: "Ann",
        last: "Berg",
        company: "Contoso",
        email: "ann@contoso.com",
      },
    },
  });
});

test("values with spaces may be quoted, or simply continue after the key", () => {
  const quoted = parseText('lead new Deal company="Contoso Ltd" last=Berg');
  const bare = parseText("lead new Deal company=Contoso Ltd last=Berg");
  const typographic = parseText("lead new Deal company=\u201cContoso Ltd\u201d last=O'Brien");

  expect(quoted).toEqual({
    ok: true,
    command: { kind: "lead.create", input: { topic: "Deal", company: "Contoso Ltd", last: "Berg" } },
  });
  expect(bare).toEqual(quoted);
  expect(typographic).toEqual({
    ok: true,
    command: { kind: "lead.create", input: { topic: "Deal", company: "Contoso Ltd", last: "O'Brien" } },
  });
});

test("keys are case-insensitive", () => {
  expect(parseText("lead new X LAST=Berg")).toEqual({
    ok: true,
    command: { kind: "lead.create", input: { topic: "X", last: "Berg" } },
  });
});

test("an unknown key is refused with the keys that work", () => {
  expect(parseText("lead new X colour=red")).toEqual({
    ok: false,
    error: {
      code: "reply.unknown_key",
      params: {
        key: "colour",
        keys: "first, last, company, title, email, phone, mobile, source, industry, contactmethod, currency, account, contact",
      },
    },
  });
});

test("a malformed key=value is refused naming the token", () => {
  expect(parseText("lead new X =Berg")).toEqual({
    ok: false,
    error: { code: "reply.malformed_argument", params: { token: "=Berg" } },
  });
  expect(parseText("lead new X e-mail=a@b.c")).toEqual({
    ok: false,
    error: { code: "reply.malformed_argument", params: { token: "e-mail=a@b.c" } },
  });
});

test("a key given twice is refused", () => {
  expect(parseText("lead new X last=A last=B")).toEqual({
    ok: false,
    error: { code: "reply.duplicate_key", params: { key: "last" } },
  });
});

test("an unclosed quote is refused", () => {
  expect(parseText('lead new X company="Contoso')).toEqual({
    ok: false,
    error: { code: "reply.unclosed_quote" },
  });
});

test("lead show needs exactly one reference", () => {
  expect(parseText("lead show L-1001")).toEqual({ ok: true, command: { kind: "lead.show", ref: "L-1001" } });
  expect(parseText("lead show")).toMatchObject({
    ok: false,
    error: {
      code: "reply.usage",
      params: { usage: "lead show ‹L-ref›", problemCode: "reply.missing_argument" },
    },
  });
  expect(parseText("lead show L-1 L-2")).toMatchObject({
    ok: false,
    error: { code: "reply.usage", params: { problemCode: "reply.extra_argument", token: "L-2" } },
  });
});

test("lead list defaults to open and accepts the statuses and all", () => {
  expect(parseText("lead list")).toEqual({ ok: true, command: { kind: "lead.list", status: "open" } });
  expect(parseText("lead list ALL")).toEqual({ ok: true, command: { kind: "lead.list", status: "all" } });
  expect(parseText("lead list disqualified")).toEqual({
    ok: true,
    command: { kind: "lead.list", status: "disqualified" },
  });
  expect(parseText("lead list closed")).toMatchObject({
    ok: false,
    error: { code: "reply.usage", params: { problemCode: "reply.bad_choice", value: "closed" } },
  });
});

test("an unknown command suggests the nearest one when it looks like a typo", () => {
  expect(parseText("lead nwe")).toEqual({
    ok: false,
    error: { code: "reply.unknown_command_suggest", params: { text: "lead nwe", suggestion: "lead new" } },
  });
  expect(parseText("hepl")).toEqual({
    ok: false,
    error: { code: "reply.unknown_command_suggest", params: { text: "hepl", suggestion: "help" } },
  });
  expect(parseText("order pizza")).toEqual({
    ok: false,
    error: { code: "reply.unknown_command", params: { text: "order pizza" } },
  });
});

test("an oversized message is refused before it is parsed", () => {
  expect(parseText(`lead new ${"x".repeat(5000)}`)).toEqual({
    ok: false,
    error: { code: "reply.too_long", params: { length: 5009, max: 4000 } },
  });
});

test("tokenize splits on any white space, including non-breaking spaces", () => {
  expect(tokenize("lead\u00a0show \t L-1")).toEqual({ ok: true, tokens: ["lead", "show", "L-1"] });
  expect(tokenize('a "" b')).toEqual({ ok: true, tokens: ["a", "", "b"] });
});

import { expect, test } from "vitest";
import { parseGrantInput } from "../../src/features/directory/directory.input.js";
import { parseCardAction, parseCommandText as parseText } from "../../src/features/index.js";

test("role ‹person› ‹role›: the person as typed, a Teams mention's words never read as the role", () => {
  expect(parseText("role <at>Bo Lind</at> manager")).toEqual({
    ok: true,
    command: { kind: "role.grant", user: "<at>Bo Lind</at>", role: "manager" },
  });
  expect(parseText("ROLE @Ann Rep Berg Admin")).toEqual({
    ok: true,
    command: { kind: "role.grant", user: "@Ann Rep Berg", role: "Admin" },
  });
  expect(parseText("role <at>Rep Manager</at> rep")).toEqual({
    ok: true,
    command: { kind: "role.grant", user: "<at>Rep Manager</at>", role: "rep" },
  });
});

test("role ‹person› partner=‹name›: the partner's name runs to the end", () => {
  expect(parseText("role <at>Gus Guest</at> partner=Nordic Partners A/S")).toEqual({
    ok: true,
    command: {
      kind: "role.grant",
      user: "<at>Gus Guest</at>",
      role: "partner",
      partner: "Nordic Partners A/S",
    },
  });
});

test("role without a person or a role opens the form with what was given; role list lists", () => {
  expect(parseText("role")).toEqual({ ok: true, command: { kind: "role.form" } });
  expect(parseText("role <at>Bo Lind</at>")).toEqual({
    ok: true,
    command: { kind: "role.form", user: "<at>Bo Lind</at>" },
  });
  expect(parseText("role manager")).toEqual({ ok: true, command: { kind: "role.form", role: "manager" } });
  expect(parseText("role list")).toEqual({ ok: true, command: { kind: "role.list" } });
  expect(parseText("role @Bo manager now")).toEqual({
    ok: false,
    error: {
      code: "reply.usage",
      params: {
        usage: "role @user admin|manager|rep|partner=‹partner name›",
        problemCode: "reply.extra_argument",
        token: "now",
      },
    },
  });
});

test("the role form's submission parses to the same command; oversized values are refused", () => {
  expect(parseCardAction("role.grant", { user: "u-1", role: "rep", partner: "" })).toEqual({
    ok: true,
    command: { kind: "role.grant", user: "u-1", role: "rep", partner: "" },
  });
  expect(parseCardAction("role.grant", { user: "x".repeat(301), role: "rep" }).ok).toBe(false);
  expect(parseCardAction("role.grant", { user: "u-1", role: 7 }).ok).toBe(false);
});

test("the grant input names each problem by its input", () => {
  expect(parseGrantInput({ user: " ", role: "" })).toEqual({
    ok: false,
    problems: [
      { field: "user", problem: "required", params: { value: "" } },
      { field: "role", problem: "required", params: { value: "" } },
    ],
  });
  expect(parseGrantInput({ user: "@Bo", role: "boss" })).toEqual({
    ok: false,
    problems: [{ field: "role", problem: "choice", params: { value: "boss" } }],
  });
  expect(parseGrantInput({ user: "@Bo", role: "Partner", partner: "" })).toEqual({
    ok: false,
    problems: [{ field: "partner", problem: "required", params: { value: "" } }],
  });
  expect(parseGrantInput({ user: "@Bo", role: "Manager", partner: "ignored" })).toEqual({
    ok: true,
    value: { user: "@Bo", role: "manager" },
  });
});

test("owner=@user on opp list, opp new and opp purge; a mention's words are not the purge outcome", () => {
  expect(parseText("opp list owner=<at>Bo Lind</at>")).toEqual({
    ok: true,
    command: { kind: "opp.list", scope: "open", owner: "<at>Bo Lind</at>" },
  });
  expect(parseText("opp list closed owner=@Bo stage=Develop")).toEqual({
    ok: true,
    command: { kind: "opp.list", scope: "closed", owner: "@Bo", stage: "Develop" },
  });
  expect(parseText("opp new Deal account=A-1001 owner=<at>Bo Lind</at>")).toEqual({
    ok: true,
    command: { kind: "opp.create", input: { title: "Deal", account: "A-1001", owner: "<at>Bo Lind</at>" } },
  });
  expect(parseText("opp purge won owner=<at>Won Lost</at> before=2026-01-01")).toEqual({
    ok: true,
    command: {
      kind: "opp.purge",
      input: { outcome: "won", owner: "<at>Won Lost</at>", before: "2026-01-01" },
    },
  });
  expect(parseText("opp purge before=2026-01-01 lost")).toEqual({
    ok: true,
    command: { kind: "opp.purge", input: { before: "2026-01-01", outcome: "lost" } },
  });
  expect(parseText("opp purge won lost").ok).toBe(false);
  expect(parseText("opp purge maybe").ok).toBe(false);
});

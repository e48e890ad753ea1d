import { expect, test } from "vitest";
import { parseText } from "../../src/kit/parsing/parse-text.js";
import type { CommandName, TextCommand } from "../../src/kit/parsing/text-command.js";

/**
 * Which command a message selects: the longest whose words it starts with (case-insensitive), the first in
 * the table's order among equals. parseText looks only at the commands whose first word was typed; these are
 * the cases a wrong grouping would get wrong.
 */

type Picked = { readonly kind: string; readonly args: readonly string[] };

const command = (name: string, tag = name): TextCommand<Picked> => ({
  name: name as CommandName,
  usage: name,
  roles: [],
  parse: (args) => ({ ok: true, command: { kind: tag, args } }),
});

const table = [
  command("opp"),
  command("opp show"),
  command("opp show thread"),
  command("lead new"),
  command("lead"),
  command("show"),
  command("opp show", "opp show (second)"),
];

const picked = (text: string) => {
  const parsed = parseText(text, table, { kind: "help", args: [] });
  return parsed.ok ? `${parsed.command.kind} [${parsed.command.args.join(" ")}]` : parsed.error.code;
};

test("the longest command whose words start the message is chosen, whatever their case", () => {
  expect(picked("opp show thread O-1")).toBe("opp show thread [O-1]");
  expect(picked("OPP Show O-1")).toBe("opp show [O-1]");
  expect(picked("opp list")).toBe("opp [list]");
  expect(picked("lead new Topic")).toBe("lead new [Topic]");
  expect(picked("lead News")).toBe("lead [News]");
  expect(picked("show opp")).toBe("show [opp]");
  expect(picked("")).toBe("help []");
});

test("among commands with the same words the first in the table wins; unknown first words select none", () => {
  expect(picked("opp show")).toBe("opp show []");
  expect(picked("thread opp")).toBe("reply.unknown_command");
  expect(picked("oppshow O-1")).toMatch(/^reply\.unknown_command/);
});

import { leadStatuses } from "../domain/leads/lead.js";
import type { Failure } from "../domain/shared/result.js";
import { splitKeyValues } from "./arguments.js";
import { commandCatalog } from "./catalog.js";
import type { Command } from "./command.js";
import { leadCommandKeys } from "./lead.input.js";
import { tokenize } from "./tokenize.js";

export type ParsedText = { ok: true; command: Command } | { ok: false; error: Failure };

interface TextCommandSpec {
  /** The catalog name, e.g. "lead new". */
  readonly name: string;
  parse(args: readonly string[]): ParsedText;
}

const usageOf = (name: string): string => commandCatalog.find((c) => c.name === name)?.usage ?? name;

const usage = (name: string, problem: Failure): ParsedText => ({
  ok: false,
  error: {
    code: "reply.usage",
    params: { usage: usageOf(name), problemCode: problem.code, ...problem.params },
  },
});

const noArguments =
  (name: string, command: Command) =>
  (args: readonly string[]): ParsedText =>
    args.length === 0
      ? { ok: true, command }
      : usage(name, { code: "reply.extra_argument", params: { token: args.join(" ") } });

/** The routing table: the words that select a command, and how its arguments are read. */
const specs: readonly TextCommandSpec[] = [
  { name: "help", parse: noArguments("help", { kind: "help" }) },
  {
    name: "lead new",
    parse(args) {
      if (args.length === 0) return { ok: true, command: { kind: "lead.form" } };
      const split = splitKeyValues(args, leadCommandKeys);
      if (!split.ok) return { ok: false, error: split.error };
      return {
        ok: true,
        command: { kind: "lead.create", input: { ...split.args.values, topic: split.args.words.join(" ") } },
      };
    },
  },
  {
    name: "lead show",
    parse(args) {
      const [ref, ...extra] = args;
      if (ref === undefined) return usage("lead show", { code: "reply.missing_argument" });
      if (extra.length > 0)
        return usage("lead show", { code: "reply.extra_argument", params: { token: extra.join(" ") } });
      return { ok: true, command: { kind: "lead.show", ref } };
    },
  },
  {
    name: "lead list",
    parse(args) {
      const choices = [...leadStatuses, "all"] as const;
      const [word, ...extra] = args;
      if (extra.length > 0)
        return usage("lead list", { code: "reply.extra_argument", params: { token: extra.join(" ") } });
      const status = choices.find((c) => c === (word ?? "open").toLowerCase());
      if (!status)
        return usage("lead list", {
          code: "reply.bad_choice",
          params: { value: word ?? "", choices: choices.join(", ") },
        });
      return { ok: true, command: { kind: "lead.list", status } };
    },
  },
];

/** Parses a message (mentions already removed). Command words are case-insensitive. */
export function parseText(text: string): ParsedText {
  const tokenized = tokenize(text);
  if (!tokenized.ok) return tokenized;
  const tokens = tokenized.tokens;
  if (tokens.length === 0) return { ok: true, command: { kind: "help" } };
  const lower = tokens.map((t) => t.toLowerCase());
  let best: TextCommandSpec | undefined;
  for (const spec of specs) {
    const words = spec.name.split(" ");
    if (words.every((w, i) => lower[i] === w) && (!best || words.length > best.name.split(" ").length))
      best = spec;
  }
  if (best) return best.parse(tokens.slice(best.name.split(" ").length));
  return { ok: false, error: unknownCommand(tokens) };
}

function unknownCommand(tokens: readonly string[]): Failure {
  const typed = tokens.slice(0, 2).join(" ").slice(0, 60);
  const suggestion = closestCommand(tokens.slice(0, 2).join(" ").toLowerCase());
  return suggestion
    ? { code: "reply.unknown_command_suggest", params: { text: typed, suggestion } }
    : { code: "reply.unknown_command", params: { text: typed } };
}

/** The catalog command nearest to what was typed, if it is close enough to be a typo or a missing word. */
function closestCommand(typed: string): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const { name } of commandCatalog) {
    const candidates = [name, name.split(" ")[0] ?? name];
    for (const candidate of candidates) {
      const distance = editDistance(typed.slice(0, name.length + 2), candidate);
      if (!best || distance < best.distance) best = { name, distance };
    }
  }
  return best && best.distance <= 2 ? best.name : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] ?? 0;
      row[j] = Math.min(current + 1, (row[j - 1] ?? 0) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] ?? 0;
}

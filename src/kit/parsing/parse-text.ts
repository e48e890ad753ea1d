import type { Failure } from "../../domain/shared/result.js";
import type { CommandShape, ParsedText, TextCommand } from "./text-command.js";
import { tokenize } from "./tokenize.js";

/**
 * Parses a message (mentions already removed) with the given routing table, in help order. Command words are
 * case-insensitive; the longest matching command wins ("lead new" over "lead"). An empty message is `empty`.
 */
export function parseText<C extends CommandShape>(
  text: string,
  commands: readonly TextCommand<C>[],
  empty: C,
): ParsedText<C> {
  const tokenized = tokenize(text);
  if (!tokenized.ok) return tokenized;
  const tokens = tokenized.tokens;
  if (tokens.length === 0) return { ok: true, command: empty };
  const lower = tokens.map((t) => t.toLowerCase());
  let best: { spec: TextCommand<C>; words: number } | undefined;
  // Only the commands whose first word was typed can match (in help order, as the table has them).
  for (const { spec, words } of commandWords(commands).get(lower[0] ?? "") ?? []) {
    if (
      words.length <= lower.length &&
      words.every((w, i) => lower[i] === w) &&
      (!best || words.length > best.words)
    ) {
      best = { spec, words: words.length };
    }
  }
  if (best) return withUsage(best.spec.parse(tokens.slice(best.words)), commands);
  return { ok: false, error: unknownCommand(tokens, commands) };
}

/**
 * Each command's words, split once per routing table and grouped by first word: splitting all ~70 names on
 * every message cost about 25 µs a message, a tenth of what a read command may cost above the echo bot (issue
 * 14), and comparing the typed words with all ~70 commands most of the rest of parsing a message.
 */
const wordsByTable = new WeakMap<object, ReadonlyMap<string, readonly CommandWords<CommandShape>[]>>();

interface CommandWords<C extends CommandShape> {
  readonly spec: TextCommand<C>;
  readonly words: readonly string[];
}

function commandWords<C extends CommandShape>(
  commands: readonly TextCommand<C>[],
): ReadonlyMap<string, readonly CommandWords<C>[]> {
  // A table holds commands of one type C: what it was stored with is what it is read as.
  const kept = wordsByTable.get(commands) as ReadonlyMap<string, readonly CommandWords<C>[]> | undefined;
  if (kept) return kept;
  const made = new Map<string, CommandWords<C>[]>();
  for (const spec of commands) {
    const words = spec.name.split(" ");
    const first = words[0] ?? "";
    made.set(first, [...(made.get(first) ?? []), { spec, words }]);
  }
  wordsByTable.set(commands, made as ReadonlyMap<string, readonly CommandWords<CommandShape>[]>);
  return made;
}

/** A refusal names the command whose usage it shows (`usageOf`); the reply shows that command's usage. */
function withUsage<C extends CommandShape>(
  result: ParsedText<C>,
  commands: readonly TextCommand<C>[],
): ParsedText<C> {
  if (result.ok || result.error.code !== "reply.usage") return result;
  const { usageOf, ...params } = result.error.params ?? {};
  if (usageOf === undefined) return result;
  const usage = commands.find((c) => c.name === usageOf)?.usage ?? String(usageOf);
  return { ok: false, error: { ...result.error, params: { usage, ...params } } };
}

function unknownCommand(tokens: readonly string[], commands: readonly TextCommand<CommandShape>[]): Failure {
  const typed = tokens.slice(0, 2).join(" ").slice(0, 60);
  const suggestion = closestCommand(tokens.slice(0, 2).join(" ").toLowerCase(), commands);
  return suggestion
    ? { code: "reply.unknown_command_suggest", params: { text: typed, suggestion } }
    : { code: "reply.unknown_command", params: { text: typed } };
}

/** The command nearest to what was typed, if it is close enough to be a typo or a missing word. */
function closestCommand(typed: string, commands: readonly TextCommand<CommandShape>[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const { name } of commands) {
    for (const candidate of [name, name.split(" ")[0] ?? name]) {
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

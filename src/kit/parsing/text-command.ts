import type { Failure } from "../../domain/shared/result.js";
import { commandCatalog } from "../../features/catalog.js";
import type { Command } from "../../features/commands.js";

export type ParsedText = { ok: true; command: Command } | { ok: false; error: Failure };

/** One entry of the text routing table: the words that select a command, and how its arguments are read. */
export interface TextCommand {
  /** The catalog name, e.g. "lead new". */
  readonly name: string;
  parse(args: readonly string[]): ParsedText;
}

export const usageOf = (name: string): string => commandCatalog.find((c) => c.name === name)?.usage ?? name;

/** A refusal that says what was wrong and shows the command's usage. */
export const usage = (name: string, problem: Failure): ParsedText => ({
  ok: false,
  error: {
    code: "reply.usage",
    params: { usage: usageOf(name), problemCode: problem.code, ...problem.params },
  },
});

export const parsed = (command: Command): ParsedText => ({ ok: true, command });

export const noArguments =
  (name: string, command: Command) =>
  (args: readonly string[]): ParsedText =>
    args.length === 0 ? parsed(command) : extra(name, args);

export const extra = (name: string, args: readonly string[]): ParsedText =>
  usage(name, { code: "reply.extra_argument", params: { token: args.join(" ") } });

export const missing = (name: string): ParsedText => usage(name, { code: "reply.missing_argument" });

/** Exactly one argument (a reference, usually). */
export const oneArgument =
  (name: string, make: (arg: string) => Command) =>
  (args: readonly string[]): ParsedText => {
    const [first, ...rest] = args;
    if (first === undefined) return missing(name);
    if (rest.length > 0) return extra(name, rest);
    return parsed(make(first));
  };

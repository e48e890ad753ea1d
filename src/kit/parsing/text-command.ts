import type { Role } from "../../domain/shared/actor.js";
import type { Failure } from "../../domain/shared/result.js";
import type { MessageKey } from "../../i18n/index.js";

/** Every command is a record with a `kind`; each feature declares the union of its own. */
export interface CommandShape {
  readonly kind: string;
}

/** Raw field values by input name (typed `key=value` or a card's inputs); parsed when executed. */
export type RawInput = Readonly<Record<string, unknown>>;

/** A command name is one whose description is a message (`command.<name>`), so it is written once. */
export type CommandName = MessageKey extends infer K ? (K extends `command.${infer N}` ? N : never) : never;

export type ParsedText<C extends CommandShape = CommandShape> =
  { ok: true; command: C } | { ok: false; error: Failure };

/**
 * One typed command: the words that select it, what to type (help and replies to bad input show it), who
 * may use it (help shows a user only these), and how its arguments are read. Its one-line description is
 * the message `command.<name>`.
 */
export interface TextCommand<C extends CommandShape = CommandShape> {
  /** The words that select the command, lower case, e.g. "lead new". */
  readonly name: CommandName;
  readonly usage: string;
  readonly roles: readonly Role[];
  parse(args: readonly string[]): ParsedText<C>;
}

/** The help entry of a command: what to type, who may, and its one line (the English message). */
export interface CommandInfo {
  readonly name: CommandName;
  readonly usage: string;
  readonly description: string;
  readonly roles: readonly Role[];
}

export const everyone: readonly Role[] = ["admin", "manager", "rep", "partner", "external"];
export const staff: readonly Role[] = ["admin", "manager", "rep"];
export const staffAndPartners: readonly Role[] = [...staff, "partner"];
export const managers: readonly Role[] = ["admin", "manager"];

/**
 * A refusal that says what was wrong; `parseText` adds the usage of the command named, so each usage text is
 * written once, in that command's entry.
 */
export const usage = (name: CommandName, problem: Failure): ParsedText<never> => ({
  ok: false,
  error: { code: "reply.usage", params: { usageOf: name, problemCode: problem.code, ...problem.params } },
});

export const parsed = <const C extends CommandShape>(command: C): ParsedText<C> => ({ ok: true, command });

export const noArguments =
  <const C extends CommandShape>(name: CommandName, command: C) =>
  (args: readonly string[]): ParsedText<C> =>
    args.length === 0 ? parsed(command) : extra(name, args);

export const extra = (name: CommandName, args: readonly string[]): ParsedText<never> =>
  usage(name, { code: "reply.extra_argument", params: { token: args.join(" ") } });

export const missing = (name: CommandName): ParsedText<never> =>
  usage(name, { code: "reply.missing_argument" });

/** Exactly one argument (a reference, usually). */
export const oneArgument =
  <const C extends CommandShape>(name: CommandName, make: (arg: string) => C) =>
  (args: readonly string[]): ParsedText<C> => {
    const [first, ...rest] = args;
    if (first === undefined) return missing(name);
    if (rest.length > 0) return extra(name, rest);
    return parsed(make(first));
  };

import { splitKeyValues } from "../../kit/parsing/arguments.js";
import {
  closeOutcomes,
  listScopes,
  opportunityCommandKeys,
  updateInputKeys,
  type ListScope,
} from "./opportunity.input.js";
import { opportunityFactKeys } from "./partner-deals.input.js";
import {
  extra,
  noArguments,
  parsed,
  usage,
  type ParsedText,
  type CommandName,
  type TextCommand,
  staff,
  staffAndPartners,
  managers,
} from "../../kit/parsing/text-command.js";

import type { OpportunityCommand } from "./commands.js";

// ---------------------------------------------------------------------------------------------------------
// Text commands

/** Without a reference, a command asks which opportunity it is for, with a list to pick from. */
const pick = (name: CommandName, scope: ListScope = "mine"): ParsedText<OpportunityCommand> =>
  parsed({ kind: "opp.list", scope, pickFor: name });

function refCommand(
  name: CommandName,
  make: (ref: string) => OpportunityCommand,
  scope: ListScope = "mine",
): Pick<TextCommand<OpportunityCommand>, "name" | "parse"> {
  return {
    name,
    parse(args) {
      const [ref, ...rest] = args;
      if (ref === undefined) return pick(name, scope);
      if (rest.length > 0) return extra(name, rest);
      return parsed(make(ref));
    },
  };
}

function stageCommand(
  name: CommandName,
  mode: "skip" | "goto",
): Pick<TextCommand<OpportunityCommand>, "name" | "parse"> {
  return {
    name,
    parse(args) {
      const [ref, ...words] = args;
      if (ref === undefined) return pick(name);
      if (words.length === 0) return parsed({ kind: `opp.${mode}.form`, ref });
      return parsed({ kind: `opp.${mode}`, ref, stage: words.join(" ") });
    },
  };
}

/**
 * Splits words without "=" from the rest, leaving the words of a Teams mention (`owner=<at>Bo Lind</at>`)
 * with the key they continue.
 */
function bareWords(tokens: readonly string[]): { bare: string[]; rest: string[] } {
  const bare: string[] = [];
  const rest: string[] = [];
  let inMention = false;
  for (const token of tokens) {
    const opens = /<at>/iu.test(token);
    const closes = /<\/at>/iu.test(token);
    if (inMention || opens || token.includes("=")) rest.push(token);
    else bare.push(token);
    if (opens && !closes) inMention = true;
    if (closes) inMention = false;
  }
  return { bare, rest };
}

const badChoice = (name: CommandName, value: string, choices: readonly string[]) =>
  usage(name, { code: "reply.bad_choice", params: { value, choices: choices.join(", ") } });

export const opportunityTextCommands: readonly TextCommand<OpportunityCommand>[] = [
  {
    name: "opp new",
    usage: "opp new [‹title›] [key=value ...] [owner=@user]",
    roles: staffAndPartners,
    parse(args) {
      if (args.length === 0) return parsed({ kind: "opp.form" });
      const split = splitKeyValues(args, [...opportunityCommandKeys, ...opportunityFactKeys, "owner"]);
      if (!split.ok) return { ok: false, error: split.error };
      return parsed({
        kind: "opp.create",
        input: { ...split.args.values, title: split.args.words.join(" ") },
      });
    },
  },
  {
    name: "opp list",
    usage: "opp list [mine|open|closed|all] [owner=@user] [contact=‹name›] [stage=‹name›]",
    roles: staffAndPartners,
    parse(args) {
      const split = splitKeyValues(args, ["owner", "contact", "stage"]);
      if (!split.ok) return { ok: false, error: split.error };
      const [word, ...rest] = split.args.words;
      if (rest.length > 0) return extra("opp list", rest);
      const { contact, stage, owner } = split.args.values;
      // Someone else's list shows their open opportunities unless a scope is given.
      const scope = listScopes.find((s) => s === (word ?? (owner ? "open" : "mine")).toLowerCase());
      if (!scope) return badChoice("opp list", word ?? "", listScopes);
      return parsed({
        kind: "opp.list",
        scope,
        ...(contact ? { contact } : {}),
        ...(stage ? { stage } : {}),
        ...(owner ? { owner } : {}),
      });
    },
  },
  {
    ...refCommand("opp show", (ref) => ({ kind: "opp.show", ref }), "all"),
    usage: "opp show ‹O-ref›",
    roles: staffAndPartners,
  },
  {
    ...refCommand("opp next", (ref) => ({ kind: "opp.next", ref })),
    usage: "opp next ‹O-ref›",
    roles: staffAndPartners,
  },
  {
    ...refCommand("opp previous", (ref) => ({ kind: "opp.previous", ref })),
    usage: "opp previous ‹O-ref›",
    roles: staffAndPartners,
  },
  { ...stageCommand("opp skip", "skip"), usage: "opp skip ‹O-ref› ‹stage›", roles: staffAndPartners },
  { ...stageCommand("opp goto", "goto"), usage: "opp goto ‹O-ref› ‹stage›", roles: staffAndPartners },
  {
    name: "opp update",
    usage: "opp update ‹O-ref› [value=‹n›] [chance=‹n›] [close=‹YYYY-MM-DD›]",
    roles: staffAndPartners,
    parse(args) {
      const [ref, ...rest] = args;
      if (ref === undefined) return pick("opp update");
      const split = splitKeyValues(rest, updateInputKeys);
      if (!split.ok) return { ok: false, error: split.error };
      if (split.args.words.length > 0) return extra("opp update", split.args.words);
      if (Object.keys(split.args.values).length === 0) return parsed({ kind: "opp.update.form", ref });
      return parsed({ kind: "opp.update", ref, input: split.args.values });
    },
  },
  {
    name: "opp line",
    usage: "opp line ‹O-ref› ‹product› qty=‹n› price=‹n›",
    roles: staffAndPartners,
    parse(args) {
      const [ref, ...rest] = args;
      if (ref === undefined) return pick("opp line");
      const split = splitKeyValues(rest, ["qty", "price"]);
      if (!split.ok) return { ok: false, error: split.error };
      const input = { ...split.args.values, product: split.args.words.join(" ") };
      // Product, quantity and price are all needed; with any missing, the line form asks for the rest.
      const { qty, price } = split.args.values;
      if (!input.product || qty === undefined || price === undefined)
        return parsed({ kind: "opp.line.form", ref, input });
      return parsed({ kind: "opp.line", ref, input });
    },
  },
  {
    name: "opp close",
    usage: "opp close ‹O-ref› won|lost ‹close code› [date=‹YYYY-MM-DD›]",
    roles: staffAndPartners,
    parse(args) {
      const [ref, ...rest] = args;
      if (ref === undefined) return pick("opp close");
      const split = splitKeyValues(rest, ["date"]);
      if (!split.ok) return { ok: false, error: split.error };
      const [word, code, ...more] = split.args.words;
      if (more.length > 0) return extra("opp close", more);
      if (word === undefined) return parsed({ kind: "opp.close.form", ref });
      const outcome = closeOutcomes.find((o) => o === word.toLowerCase());
      if (!outcome) return badChoice("opp close", word, closeOutcomes);
      if (code === undefined) return parsed({ kind: "opp.close.form", ref, outcome });
      return parsed({ kind: "opp.close", ref, input: { outcome, code, ...split.args.values } });
    },
  },
  {
    ...refCommand("opp reopen", (ref) => ({ kind: "opp.reopen", ref }), "closed"),
    usage: "opp reopen ‹O-ref›",
    roles: managers,
  },
  {
    ...refCommand("opp quote", (ref) => ({ kind: "opp.quote", ref })),
    usage: "opp quote ‹O-ref›",
    roles: staff,
  },
  {
    ...refCommand("opp order", (ref) => ({ kind: "opp.order", ref }), "all"),
    usage: "opp order ‹O-ref›",
    roles: staff,
  },
  {
    ...refCommand("opp delete", (ref) => ({ kind: "opp.delete", ref }), "closed"),
    usage: "opp delete ‹O-ref›",
    roles: staff,
  },
  {
    name: "opp purge",
    usage: "opp purge [before=‹YYYY-MM-DD›] [owner=@user] [won|lost]",
    roles: managers,
    parse(args) {
      if (args.length === 0) return parsed({ kind: "opp.purge.form" });
      // won|lost may stand anywhere (as in the reference); only an owner's mention (`<at>Bo Lind</at>`) has
      // spaces, and the words inside it are never read as the outcome.
      const { bare, rest } = bareWords(args);
      const [word, ...more] = bare;
      if (more.length > 0) return extra("opp purge", more);
      const outcome = word === undefined ? undefined : closeOutcomes.find((o) => o === word.toLowerCase());
      if (word !== undefined && !outcome) return badChoice("opp purge", word, closeOutcomes);
      const split = splitKeyValues(rest, ["before", "owner"]);
      if (!split.ok) return { ok: false, error: split.error };
      if (split.args.words.length > 0) return extra("opp purge", split.args.words);
      return parsed({ kind: "opp.purge", input: { ...split.args.values, ...(outcome ? { outcome } : {}) } });
    },
  },
  { name: "pipeline", usage: "pipeline", roles: staff, parse: noArguments("pipeline", { kind: "pipeline" }) },
  { name: "inbox", usage: "inbox", roles: staffAndPartners, parse: noArguments("inbox", { kind: "inbox" }) },
];

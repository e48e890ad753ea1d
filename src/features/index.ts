import type { CommandOf, Feature, Handler, Handlers } from "../kit/feature.js";
import { ActionSchemas, parseAction, type ActionTable } from "../kit/parsing/parse-action.js";
import { parseText } from "../kit/parsing/parse-text.js";
import type { CommandInfo, CommandName, ParsedText, TextCommand } from "../kit/parsing/text-command.js";
import { translator } from "../i18n/index.js";
import { cyclesFeature } from "./cycles/cycles.feature.js";
import { digestFeature } from "./digest/digest.feature.js";
import { directoryFeature } from "./directory/directory.feature.js";
import { generalFeature } from "./general/general.feature.js";
import { smallTalk } from "./general/small-talk.js";
import { leadsFeature } from "./leads/leads.feature.js";
import { notifyFeature } from "./notify/notify.feature.js";
import { opportunitiesFeature } from "./opportunities/opportunities.feature.js";
import { partiesFeature } from "./parties/parties.feature.js";
import { partnersFeature } from "./partners/partners.feature.js";
import { settingsFeature } from "./settings/settings.feature.js";

/** Every slice of the bot, one folder each. A command kind belongs to the one feature that declares it. */
export const features = {
  general: generalFeature,
  leads: leadsFeature,
  opportunities: opportunitiesFeature,
  cycles: cyclesFeature,
  parties: partiesFeature,
  settings: settingsFeature,
  directory: directoryFeature,
  notify: notifyFeature,
  digest: digestFeature,
  partners: partnersFeature,
} as const;

type AnyFeature = (typeof features)[keyof typeof features];

/** Whatever the user asked for, typed or clicked: the union of every feature's commands. */
export type Command = CommandOf<AnyFeature>;
export type CommandKind = Command["kind"];

/** The order `help` lists the commands in (and the suggestion for a typo prefers): each command once. */
const helpOrder: readonly CommandName[] = [
  "help",
  "lead new",
  "lead list",
  "lead show",
  "opp new",
  "opp clone",
  "opp list",
  "opp show",
  "opp next",
  "opp previous",
  "opp skip",
  "opp goto",
  "opp update",
  "opp line",
  "opp close",
  "opp reopen",
  "opp quote",
  "opp order",
  "opp delete",
  "opp purge",
  "opp register",
  "opp approve",
  "opp reject",
  "opp assign",
  "opp distribute",
  "opp recall",
  "opp accept",
  "opp decline",
  "partner new",
  "partner list",
  "partner show",
  "partner add",
  "notify",
  "notify here",
  "notify off",
  "notify here digest",
  "digest preview",
  "notify me",
  "pipeline",
  "inbox",
  "cycle show",
  "cycle stage add",
  "cycle stage edit",
  "cycle stage move",
  "cycle stage default",
  "cycle stage activities",
  "cycle stage delete",
  "closecode list",
  "closecode add",
  "lead qualify",
  "lead disqualify",
  "lead reactivate",
  "lead delete",
  "note",
  "log",
  "account new",
  "contact new",
  "account show",
  "contact show",
  "customer",
  "list show",
  "list add",
  "list remove",
  "setting",
  "role",
  "role list",
  "stakeholder",
];

const all: readonly Feature<Command>[] = Object.values(features) as readonly Feature<Command>[];

const helpRank = (name: string) => {
  const rank = helpOrder.indexOf(name as CommandName);
  return rank < 0 ? helpOrder.length : rank;
};

/** Every typed command, in help order. */
export const textCommands: readonly TextCommand<Command>[] = all
  .flatMap((f) => f.textCommands)
  .sort((a, b) => helpRank(a.name) - helpRank(b.name));

export const actionTable: ActionTable<Command> = Object.assign({}, ...all.map((f) => f.actions));

/** The card verbs' schemas, each built at its verb's first press (see ActionSchemas). */
export const cardActions = new ActionSchemas(actionTable);

/** One handler per kind, from the feature that declares the kind. */
export const handlers: Handlers<Command> = Object.assign({}, ...all.map((f) => f.handlers));

const english = translator("en");

/**
 * The commands in the order `help` shows them. The help card, the manifest's `commandLists` (checked by a
 * test) and the README's command reference all follow this list.
 */
export const commandCatalog: readonly CommandInfo[] = textCommands.map(({ name, usage, roles }) => ({
  name,
  usage,
  roles,
  description: english.t(`command.${name}`),
}));

/** Parses typed text with every feature's commands; an empty message asks for help, small talk is answered. */
export function parseCommandText(text: string): ParsedText<Command> {
  const talk = smallTalk(text);
  if (talk) return { ok: true, command: { kind: "talk", talk } };
  return parseText(text, textCommands, { kind: "help" } as Command);
}

/** Parses a card button's verb and data with every feature's schemas. */
export const parseCardAction = (verb: unknown, data: unknown) => parseAction(verb, data, cardActions);

/** The handler of a command; the map has one for every kind (the compiler checks it). */
export function handlerFor<C extends Command>(command: C): Handler<C> {
  return handlers[command.kind as CommandKind] as unknown as Handler<C>;
}

export { helpOrder };
export type { CommandInfo };

import type { ActionTable } from "../commands/parse-action.js";
import { parseAction } from "../commands/parse-action.js";
import { parseText } from "../commands/parse-text.js";
import type { TextCommand } from "../commands/text-command.js";
import { cyclesFeature } from "./cycles.feature.js";
import { directoryFeature } from "./directory.feature.js";
import { distributionFeature } from "./distribution.feature.js";
import type { Feature } from "./feature.js";
import { generalFeature } from "./general.feature.js";
import { leadsFeature } from "./leads.feature.js";
import { partiesFeature } from "./parties.feature.js";
import { settingsFeature } from "./settings.feature.js";
import { notifyFeature } from "./notify.feature.js";
import { opportunitiesFeature } from "./opportunities.feature.js";
import { partnerDealsFeature } from "./partner-deals.feature.js";
import { partnersFeature } from "./partners.feature.js";

/** Every slice of the bot. A command kind belongs to exactly one feature (checked by a test). */
export const features: readonly Feature[] = [
  generalFeature,
  leadsFeature,
  cyclesFeature,
  opportunitiesFeature,
  partnerDealsFeature,
  partiesFeature,
  settingsFeature,
  directoryFeature,
  notifyFeature,
  distributionFeature,
  partnersFeature,
];

export const textCommands: readonly TextCommand[] = features.flatMap((f) => f.textCommands);

export const actionTable: ActionTable = Object.assign({}, ...features.map((f) => f.actions)) as ActionTable;

/** Parses typed text with every feature's commands. */
export const parseCommandText = (text: string) => parseText(text, textCommands);

/** Parses a card button's verb and data with every feature's schemas. */
export const parseCardAction = (verb: unknown, data: unknown) => parseAction(verb, data, actionTable);

export function featureFor(kind: string): Feature | undefined {
  return features.find((f) => (f.kinds as readonly string[]).includes(kind));
}

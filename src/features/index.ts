import type { ActionTable } from "../kit/parsing/parse-action.js";
import { parseAction } from "../kit/parsing/parse-action.js";
import { parseText } from "../kit/parsing/parse-text.js";
import type { TextCommand } from "../kit/parsing/text-command.js";
import { cyclesFeature } from "./cycles/cycles.feature.js";
import { directoryFeature } from "./directory/directory.feature.js";
import { distributionFeature } from "./opportunities/distribution.feature.js";
import type { Feature } from "../kit/feature.js";
import { generalFeature } from "./general/general.feature.js";
import { leadsFeature } from "./leads/leads.feature.js";
import { partiesFeature } from "./parties/parties.feature.js";
import { settingsFeature } from "./settings/settings.feature.js";
import { notifyFeature } from "./notify/notify.feature.js";
import { opportunitiesFeature } from "./opportunities/opportunities.feature.js";
import { partnerDealsFeature } from "./opportunities/partner-deals.feature.js";
import { partnersFeature } from "./partners/partners.feature.js";

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

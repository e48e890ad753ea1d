import {
  builtInActivityNames,
  builtInCloseCodeDescriptions,
  builtInCycleNames,
  builtInStageNames,
  builtInText,
  resolveBuiltInTokens,
} from "../../domain/setup/built-ins.js";
import type { Translator } from "../../i18n/index.js";

/**
 * Names of a tenant's defaults as the reader sees them: a default stage, activity, cycle or close code that no
 * admin has renamed in the reader's language, anything else exactly as typed.
 */
interface Named {
  readonly name: string;
  readonly builtIn?: string;
}

export const stageName = (t: Translator, stage: Named): string =>
  builtInText(builtInStageNames, stage.builtIn, t.language) ?? stage.name;

export const activityName = (t: Translator, activity: Named): string =>
  builtInText(builtInActivityNames, activity.builtIn, t.language) ?? activity.name;

export const cycleName = (t: Translator, cycle: Named): string =>
  builtInText(builtInCycleNames, cycle.builtIn, t.language) ?? cycle.name;

export const closeCodeDescription = (
  t: Translator,
  code: { readonly description: string; readonly builtIn?: string },
): string => builtInText(builtInCloseCodeDescriptions, code.builtIn, t.language) ?? code.description;

/** A text the domain wrote with `#stage:…` tokens for defaults (failures, events, inbox), for this reader. */
export const namesIn = (t: Translator, text: string): string => resolveBuiltInTokens(text, t.language);

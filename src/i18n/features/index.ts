import type { FeatureMessages } from "../define.js";
import { cycleMessages } from "./cycles.js";
import { directoryMessages } from "./directory.js";
import { distributionMessages } from "./distribution.js";
import { leadMessages } from "./leads.js";
import { opportunityMessages } from "./opportunities.js";
import { partnerMessages } from "./partners.js";
import { partnerDealMessages } from "./partner-deals.js";
import { partnerAdminMessages } from "./partners-admin.js";
import { partyMessages } from "./parties.js";
import { notifyMessages } from "./notify.js";
import { settingMessages } from "./settings.js";

/**
 * Messages of features, each in its own file so features can grow side by side. Add a feature's messages
 * to this tuple; their keys join `MessageKey`.
 */
export const featureMessages = [
  partyMessages,
  opportunityMessages,
  leadMessages,
  cycleMessages,
  settingMessages,
  notifyMessages,
  directoryMessages,
  partnerMessages,
  distributionMessages,
  partnerDealMessages,
  partnerAdminMessages,
] as const satisfies readonly FeatureMessages<Readonly<Record<string, string>>>[];

type Each<T> = T extends FeatureMessages<infer E> ? keyof E : never;
export type FeatureMessageKey = Each<(typeof featureMessages)[number]>;

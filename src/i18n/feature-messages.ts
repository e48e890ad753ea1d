import type { FeatureMessages } from "./define.js";
import { assignMessages } from "../features/opportunities/assign.messages.js";
import { digestMessages } from "../features/digest/digest.messages.js";
import { closeCodeMessages } from "../features/cycles/close-codes.messages.js";
import { cycleCardMessages } from "../features/cycles/cycle-card.messages.js";
import { cycleMessages } from "../features/cycles/cycles.messages.js";
import { directoryMessages } from "../features/directory/directory.messages.js";
import { distributionMessages } from "../features/opportunities/distribution.messages.js";
import { leadMessages } from "../features/leads/leads.messages.js";
import { opportunityMessages } from "../features/opportunities/opportunities.messages.js";
import { opportunityCardMessages } from "../features/opportunities/opportunity-card.messages.js";
import { opportunityFormMessages } from "../features/opportunities/opportunity-forms.messages.js";
import { pipelineMessages } from "../features/opportunities/pipeline.messages.js";
import { partnerMessages } from "../features/opportunities/partners.messages.js";
import { partnerDealMessages } from "../features/opportunities/partner-deals.messages.js";
import { partnerAdminMessages } from "../features/partners/partners.messages.js";
import { partyMessages } from "../features/parties/parties.messages.js";
import { notifyMessages } from "../features/notify/notify.messages.js";
import { settingMessages } from "../features/settings/settings.messages.js";
import { generalMessages } from "../features/general/general.messages.js";
import { extensionMessages } from "../features/extension/extension.messages.js";

/**
 * Messages of features, each in its own file so features can grow side by side. Add a feature's messages
 * to this tuple; their keys join `MessageKey`.
 */
export const featureMessages = [
  partyMessages,
  opportunityMessages,
  opportunityCardMessages,
  opportunityFormMessages,
  pipelineMessages,
  leadMessages,
  cycleMessages,
  cycleCardMessages,
  closeCodeMessages,
  settingMessages,
  notifyMessages,
  digestMessages,
  assignMessages,
  directoryMessages,
  partnerMessages,
  distributionMessages,
  partnerDealMessages,
  partnerAdminMessages,
  generalMessages,
  extensionMessages,
] as const satisfies readonly FeatureMessages<Readonly<Record<string, string>>>[];

type Each<T> = T extends FeatureMessages<infer E> ? keyof E : never;
export type FeatureMessageKey = Each<(typeof featureMessages)[number]>;

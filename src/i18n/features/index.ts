import type { FeatureMessages } from "../define.js";
import { partyMessages } from "./parties.js";

/**
 * Messages of features, each in its own file so features can grow side by side. Add a feature's messages
 * to this tuple; their keys join `MessageKey`.
 */
export const featureMessages = [partyMessages] as const satisfies readonly FeatureMessages<
  Readonly<Record<string, string>>
>[];

type Each<T> = T extends FeatureMessages<infer E> ? keyof E : never;
export type FeatureMessageKey = Each<(typeof featureMessages)[number]>;

import { catalogs } from "./catalogs.js";
import type { Catalog, en } from "./en.js";
import type { FeatureMessageKey } from "./feature-messages.js";
import { formatMessage, type Params } from "./format-message.js";

export type CoreMessageKey = keyof typeof en;
/** A failure whose code is `x` is told with the message `reply.x` when there is no message `x`. */
type ReplyCode = MessageKey extends infer K ? (K extends `reply.${infer C}` ? C : never) : never;
export type MessageKey = CoreMessageKey | FeatureMessageKey;
export type { Catalog };
export type Language = "en" | "da" | "nb" | "sv";
export type { Params };

export { catalogs };

/** Picks the language from a Teams locale such as "da-DK", "nb-NO", "no", "sv-SE"; English otherwise. */
export function languageOf(locale: string | undefined): Language {
  const tag = (locale ?? "").toLowerCase();
  if (tag.startsWith("da")) return "da";
  if (tag.startsWith("nb") || tag.startsWith("nn") || tag === "no" || tag.startsWith("no-")) return "nb";
  if (tag.startsWith("sv")) return "sv";
  return "en";
}

export interface Translator {
  readonly language: Language;
  t(key: MessageKey, params?: Params): string;
  has(key: string): key is MessageKey;
}

export function translator(locale: string | undefined): Translator {
  const language = languageOf(locale);
  const catalog = catalogs[language];
  const english = catalogs.en;
  return {
    language,
    t: (key, params) => formatMessage(language, catalog[key], params),
    has: (key): key is MessageKey => Object.hasOwn(english, key),
  };
}

declare module "../domain/shared/result.js" {
  /** The failure codes that have a message: each is a message key, or `x` for a message `reply.x`. */
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- its members are the supertype's keys
  interface FailureCodes extends Record<MessageKey | ReplyCode | "invalid", true> {}
}

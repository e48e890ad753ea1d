import { da } from "./da.js";
import { en, type Catalog } from "./en.js";
import { featureMessages, type FeatureMessageKey } from "./feature-messages.js";
import { formatMessage, type Params } from "./format-message.js";
import { nb } from "./nb.js";
import { sv } from "./sv.js";

export type CoreMessageKey = keyof typeof en;
/** A failure whose code is `x` is told with the message `reply.x` when there is no message `x`. */
type ReplyCode = MessageKey extends infer K ? (K extends `reply.${infer C}` ? C : never) : never;
export type MessageKey = CoreMessageKey | FeatureMessageKey;
export type { Catalog };
export type Language = "en" | "da" | "nb" | "sv";
export type { Params };

/** Every message of every language: the core catalogue plus each feature's messages. */
export const catalogs: Readonly<Record<Language, Readonly<Record<MessageKey, string>>>> = merged(
  { en, da, nb, sv },
  featureMessages,
);

/**
 * The core catalogue of each language with each feature's messages merged in. The parts are handed in rather
 * than read from this module's scope: a module binding that a function reads stays in the (bundle-wide) module
 * scope for the life of the process, and once merged the per-feature objects are not needed any more.
 */
function merged(
  core: Readonly<Record<Language, Catalog>>,
  features: typeof featureMessages,
): Record<Language, Record<MessageKey, string>> {
  return Object.fromEntries(
    (["en", "da", "nb", "sv"] as const).map((language) => [
      language,
      Object.assign({}, core[language], ...features.map((m) => m[language])) as Record<MessageKey, string>,
    ]),
  ) as Record<Language, Record<MessageKey, string>>;
}

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

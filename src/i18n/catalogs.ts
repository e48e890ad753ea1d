import { da } from "./da.js";
import { en, type Catalog } from "./en.js";
import { featureMessages, type FeatureMessageKey } from "./feature-messages.js";
import { nb } from "./nb.js";
import { sv } from "./sv.js";

type Language = "en" | "da" | "nb" | "sv";
type Key = keyof typeof en | FeatureMessageKey;

/**
 * Every message of every language: the core catalogue plus each feature's messages. Data only, and nothing but
 * this module reads the catalogue and message modules: the bundle (scripts/bundle.mjs, prebuiltDataPlugin)
 * evaluates it when it is built and loads the result from a JSON file at start-up instead of these modules,
 * whose 280 KB of source a Node process would otherwise keep in its heap for as long as it runs.
 */
export const catalogs: Readonly<Record<Language, Readonly<Record<Key, string>>>> = merged(
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
): Record<Language, Record<Key, string>> {
  return Object.fromEntries(
    (["en", "da", "nb", "sv"] as const).map((language) => [
      language,
      Object.assign({}, core[language], ...features.map((m) => m[language])) as Record<Key, string>,
    ]),
  ) as Record<Language, Record<Key, string>>;
}

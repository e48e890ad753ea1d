/**
 * The process's one cache of Intl formatters: card dates and amounts (src/kit/rendering/format.ts), the
 * zoned clock of digests and nudges (src/domain/digest/zoned-time.ts) and lists of names ("a, b and c"). Building an Intl formatter costs about
 * 0.25 ms and native memory that is not given back promptly, so each is made once per locale, time zone and
 * options. Locales and time zones come from clients and settings, so the cache is bounded; when full it forgets
 * the formatter used least recently (not all of them at once, which made every card after it pay again).
 *
 * Used least recently by a stamp, not by position: one card asks for three or four formatters in turn (its
 * amounts, percentages, dates), so in a Map kept in order of use almost every lookup moved its entry (a delete
 * and an insert, several times the lookup; ~3 % of an opportunity card). A hit now only writes its stamp, and
 * the oldest stamp is searched for only when a new formatter would make the cache overflow, which is rare and
 * costs far less than building that formatter.
 */
const limit = 500;

type Formatter = Intl.DateTimeFormat | Intl.NumberFormat | Intl.ListFormat;

interface Entry {
  readonly formatter: Formatter;
  used: number;
}

const formats = new Map<string, Entry>();
let clock = 0;

/**
 * The formatter cached under `key`, made by `make` on a miss. Keys of date, number and list formatters are
 * kept apart by their prefix, so a lookup finds the kind it made (the cast below relies on that).
 */
function cached<F extends Formatter>(key: string, make: () => F): F {
  const found = formats.get(key);
  if (found) {
    found.used = ++clock;
    return found.formatter as F;
  }
  const made = make();
  if (formats.size >= limit) forgetLeastRecentlyUsed();
  formats.set(key, { formatter: made, used: ++clock });
  return made;
}

function forgetLeastRecentlyUsed(): void {
  let oldest: string | undefined;
  let stamp = Infinity;
  for (const [key, entry] of formats)
    if (entry.used < stamp) {
      stamp = entry.used;
      oldest = key;
    }
  if (oldest !== undefined) formats.delete(oldest);
}

/** How many formatters are cached (for tests of the bound). */
export const cachedFormatCount = (): number => formats.size;

/**
 * The cache key of a locale and flat options. An opportunity card looks a formatter up a dozen times, and
 * JSON.stringify of the options cost as much as the formatting itself; joining the few option values does
 * not. The names stay in the key so that { currency: "EUR" } and { timeZone: "EUR" } never meet.
 */
function keyOf(
  locale: string,
  options: Intl.DateTimeFormatOptions | Intl.NumberFormatOptions | Intl.ListFormatOptions,
): string {
  // for-in, not Object.entries: the same own keys in the same order (the options are plain literals), without
  // an array of pairs per lookup (a third of a lookup's cost; an opportunity card makes five).
  let key = locale;
  const fields = options as Readonly<Record<string, unknown>>;
  for (const name in fields) key += `|${name}=${String(fields[name])}`;
  return key;
}

/** Throws like the Intl constructor on an unknown locale, time zone or currency; callers fall back. */
export const dateFormat = (locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat =>
  cached(`date|${keyOf(locale, options)}`, () => new Intl.DateTimeFormat(locale, options));

export const numberFormat = (locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat =>
  cached(`number|${keyOf(locale, options)}`, () => new Intl.NumberFormat(locale, options));

export const listFormat = (locale: string, options: Intl.ListFormatOptions): Intl.ListFormat =>
  cached(`list|${keyOf(locale, options)}`, () => new Intl.ListFormat(locale, options));

/**
 * A date formatter cached under a key of the caller's own (prefix `own|`), for a hot path whose options never
 * change but the zone: cheaper than building the key from every option on each call.
 */
export const ownDateFormat = (key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat =>
  cached(`own|${key}`, make);

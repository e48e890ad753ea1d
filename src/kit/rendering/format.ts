/**
 * Cached Intl formatters. Building an Intl formatter costs about 0.25 ms and native memory that is not given
 * back promptly, and cards format several dates and amounts each, so formatters are made once per locale,
 * time zone and options. Locale and time zone come from the client, so the cache is bounded.
 */
const maxEntries = 500;
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

function cached<F>(cache: Map<string, F>, key: string, make: () => F): F {
  const found = cache.get(key);
  if (found) return found;
  const made = make();
  if (cache.size >= maxEntries) cache.clear();
  cache.set(key, made);
  return made;
}

/**
 * The cache key of a locale and flat options. An opportunity card looks a formatter up a dozen times, and
 * JSON.stringify of the options cost as much as the formatting itself; joining the few option values does
 * not. The names stay in the key so that { currency: "EUR" } and { timeZone: "EUR" } never meet.
 */
function keyOf(locale: string, options: Intl.DateTimeFormatOptions | Intl.NumberFormatOptions): string {
  let key = locale;
  for (const [name, value] of Object.entries(options)) key += `|${name}=${String(value)}`;
  return key;
}

/** Throws like the Intl constructor on an unknown locale, time zone or currency; callers fall back. */
export const dateFormat = (locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat =>
  cached(dateFormats, keyOf(locale, options), () => new Intl.DateTimeFormat(locale, options));

export const numberFormat = (locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat =>
  cached(numberFormats, keyOf(locale, options), () => new Intl.NumberFormat(locale, options));

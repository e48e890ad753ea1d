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

/** Throws like the Intl constructor on an unknown locale, time zone or currency; callers fall back. */
export const dateFormat = (locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat =>
  cached(dateFormats, `${locale}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));

export const numberFormat = (locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat =>
  cached(numberFormats, `${locale}|${JSON.stringify(options)}`, () => new Intl.NumberFormat(locale, options));

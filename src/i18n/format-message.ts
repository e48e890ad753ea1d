/**
 * Fills a message's `{name}` placeholders, and chooses the form of a counted word with the ICU MessageFormat
 * plural construct: `{count, plural, one {# åben} other {# åbne}}` ("#" is the number). Forms are chosen by
 * the language's CLDR plural rules (Intl.PluralRules, built into Node), so Danish "1 åben" / "2 åbne" and
 * Swedish "1 öppen" / "2 öppna" come out right; an exact `=0 {…}` form wins over the rules. Only this one
 * construct of ICU MessageFormat is understood (our texts need no more), so no library is needed; a text
 * written in it would read the same in a full ICU implementation.
 */
const pluralForms =
  /\{(\w+),\s*plural,((?:\s*(?:=\d+|zero|one|two|few|many|other)\s*\{(?:[^{}]|\{\w+\})*\})+)\s*\}/g;
const pluralForm = /(=\d+|zero|one|two|few|many|other)\s*\{((?:[^{}]|\{\w+\})*)\}/g;
const placeholder = /\{(\w+)\}/g;

export type Params = Readonly<Record<string, string | number>>;

const rulesByLocale = new Map<string, Intl.PluralRules>();
const rulesFor = (locale: string): Intl.PluralRules => {
  let rules = rulesByLocale.get(locale);
  if (!rules) rulesByLocale.set(locale, (rules = new Intl.PluralRules(locale)));
  return rules;
};

/**
 * A message cut into its parts once: literal text, `{name}` placeholders, and plural constructs whose forms
 * are cut the same way. Every reply formats a few dozen messages; reading each with regular expressions on
 * every call (and collecting a plural's forms into a new Map each time) was a measurable part of a turn.
 * The texts come from the catalogs only, so the cache holds at most one entry per catalog message.
 */
type Part = string | { readonly param: string } | Plural;

interface Plural {
  readonly count: string;
  /** The construct as written: what is left when the count is missing or not a number. */
  readonly whole: readonly Part[];
  /** Form key ("=0", "one", "other"…) → the form's parts; "#" in a literal part is the number. */
  readonly forms: ReadonlyMap<string, readonly Part[]>;
}

const compiled = new Map<string, readonly Part[]>();

export function formatMessage(locale: string, text: string, params: Params | undefined): string {
  if (!params) return text;
  let parts = compiled.get(text);
  if (!parts) compiled.set(text, (parts = compile(text)));
  return render(parts, locale, params, undefined);
}

function render(parts: readonly Part[], locale: string, params: Params, count: string | undefined): string {
  let out = "";
  for (const part of parts) {
    if (typeof part === "string") out += count === undefined ? part : part.replaceAll("#", count);
    else if ("param" in part)
      out += Object.hasOwn(params, part.param) ? String(params[part.param]) : `{${part.param}}`;
    else out += renderPlural(part, locale, params);
  }
  return out;
}

function renderPlural(plural: Plural, locale: string, params: Params): string {
  const value = params[plural.count];
  const n = typeof value === "number" ? value : Number(value);
  if (!Object.hasOwn(params, plural.count) || !Number.isFinite(n))
    return render(plural.whole, locale, params, undefined);
  const category = rulesFor(locale).select(n);
  const form = plural.forms.get(`=${n}`) ?? plural.forms.get(category) ?? plural.forms.get("other");
  return form === undefined
    ? render(plural.whole, locale, params, undefined)
    : render(form, locale, params, String(value));
}

/** The text's plural constructs, and `{name}` placeholders outside and inside them. */
function compile(text: string): readonly Part[] {
  if (!text.includes(", plural,")) return placeholders(text);
  const parts: Part[] = [];
  let at = 0;
  for (const m of text.matchAll(pluralForms)) {
    parts.push(...placeholders(text.slice(at, m.index)));
    const forms = new Map<string, readonly Part[]>();
    // A key written twice: the last one counts.
    for (const form of (m[2] ?? "").matchAll(pluralForm))
      forms.set(form[1] ?? "", placeholders(form[2] ?? ""));
    parts.push({ count: m[1] ?? "", whole: placeholders(m[0]), forms });
    at = m.index + m[0].length;
  }
  parts.push(...placeholders(text.slice(at)));
  return parts;
}

function placeholders(text: string): Part[] {
  const parts: Part[] = [];
  let at = 0;
  for (const m of text.matchAll(placeholder)) {
    if (m.index > at) parts.push(text.slice(at, m.index));
    parts.push({ param: m[1] ?? "" });
    at = m.index + m[0].length;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts;
}

/** The names a text uses, simple placeholders and counted ones alike (each once, sorted). */
export function placeholderNames(text: string): string[] {
  const names = new Set<string>();
  const rest = text.replace(pluralForms, (_whole, name: string, forms: string) => {
    names.add(name);
    for (const form of forms.matchAll(pluralForm))
      for (const inner of (form[2] ?? "").matchAll(placeholder)) names.add(inner[1] ?? "");
    return "";
  });
  for (const m of rest.matchAll(placeholder)) names.add(m[1] ?? "");
  return [...names].sort();
}

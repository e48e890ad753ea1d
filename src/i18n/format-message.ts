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

export function formatMessage(locale: string, text: string, params: Params | undefined): string {
  if (!params) return text;
  const counted = text.includes(", plural,")
    ? text.replace(pluralForms, (whole, name: string, forms: string) => {
        const value = params[name];
        const n = typeof value === "number" ? value : Number(value);
        if (!Object.hasOwn(params, name) || !Number.isFinite(n)) return whole;
        const chosen = choose(forms, n, rulesFor(locale).select(n));
        return chosen === undefined ? whole : chosen.replaceAll("#", String(value));
      })
    : text;
  return counted.replace(placeholder, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

function choose(forms: string, n: number, category: Intl.LDMLPluralRule): string | undefined {
  const byKey = new Map([...forms.matchAll(pluralForm)].map((m) => [m[1] ?? "", m[2] ?? ""] as const));
  return byKey.get(`=${n}`) ?? byKey.get(category) ?? byKey.get("other");
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

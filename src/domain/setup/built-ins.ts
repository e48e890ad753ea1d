/**
 * The defaults a new tenant gets (the standard sales cycle, its activities, the close codes) in the four
 * languages the bot speaks. A default keeps a stable key (`builtIn`) and is shown in the reader's language
 * until an admin renames it; from then on the admin's text is shown as typed. Terms follow Microsoft's own
 * Danish, Norwegian and Swedish help (Dynamics 365 Sales' business process stages Kvalificer / Udvikl /
 * Foreslå, Kvalificera / Utveckla / Föreslå, "salgstilbud", "beslutsfattare", "Kundens behov", "Foreslået
 * løsning"; seeds 000–004). This is data, not messages: the domain needs the names to recognise a stage typed
 * in any of the languages, and to know whether an edit renamed a default.
 */
export type BuiltInLanguage = "en" | "da" | "nb" | "sv";
export type BuiltInTexts = Readonly<Record<BuiltInLanguage, string>>;

export const builtInCycleNames: Readonly<Record<string, BuiltInTexts>> = {
  standard: {
    en: "Standard sales cycle",
    da: "Standardsalgsproces",
    nb: "Standard salgssyklus",
    sv: "Standardförsäljningscykel",
  },
};

export const builtInStageNames: Readonly<Record<string, BuiltInTexts>> = {
  qualify: { en: "Qualify", da: "Kvalificer", nb: "Kvalifiser", sv: "Kvalificera" },
  develop: { en: "Develop", da: "Udvikl", nb: "Utvikle", sv: "Utveckla" },
  propose: { en: "Propose", da: "Foreslå", nb: "Foreslå", sv: "Föreslå" },
  negotiate: { en: "Negotiate", da: "Forhandl", nb: "Forhandle", sv: "Förhandla" },
};

export const builtInActivityNames: Readonly<Record<string, BuiltInTexts>> = {
  "qualify.budget": {
    en: "Confirm budget and decision maker",
    da: "Bekræft budget og beslutningstager",
    nb: "Bekreft budsjett og beslutningstaker",
    sv: "Bekräfta budget och beslutsfattare",
  },
  "qualify.need": {
    en: "Identify the customer need",
    da: "Afdæk kundens behov",
    nb: "Kartlegg kundens behov",
    sv: "Identifiera kundens behov",
  },
  "develop.present": {
    en: "Present the proposed solution",
    da: "Præsenter den foreslåede løsning",
    nb: "Presenter den foreslåtte løsningen",
    sv: "Presentera den föreslagna lösningen",
  },
  "propose.quote": {
    en: "Send the quote",
    da: "Send salgstilbuddet",
    nb: "Send salgstilbudet",
    sv: "Skicka försäljningsofferten",
  },
  "negotiate.close": {
    en: "Agree terms and close",
    da: "Aftal vilkår og luk",
    nb: "Avtal vilkår og lukk",
    sv: "Kom överens om villkor och stäng",
  },
};

export const builtInCloseCodeDescriptions: Readonly<Record<string, BuiltInTexts>> = {
  "WON-PRICE": { en: "Best price", da: "Bedste pris", nb: "Beste pris", sv: "Bästa pris" },
  "WON-PRODUCT": {
    en: "Best product fit",
    da: "Produktet passer bedst",
    nb: "Produktet passer best",
    sv: "Produkten passar bäst",
  },
  "WON-RELATION": {
    en: "Existing relationship",
    da: "Eksisterende relation",
    nb: "Eksisterende relasjon",
    sv: "Befintlig relation",
  },
  "LOST-PRICE": {
    en: "Price too high",
    da: "Prisen er for høj",
    nb: "Prisen er for høy",
    sv: "Priset är för högt",
  },
  "LOST-COMPETITOR": {
    en: "Went with a competitor",
    da: "Valgte en konkurrent",
    nb: "Valgte en konkurrent",
    sv: "Valde en konkurrent",
  },
  "LOST-NOBUDGET": { en: "No budget", da: "Intet budget", nb: "Mangler budsjett", sv: "Ingen budget" },
  "LOST-NODECISION": {
    en: "No decision made",
    da: "Ingen beslutning truffet",
    nb: "Ingen beslutning tatt",
    sv: "Inget beslut fattat",
  },
};

/** A default's text in a language (English for a language the bot does not speak). */
export const builtInText = (
  table: Readonly<Record<string, BuiltInTexts>>,
  key: string | undefined,
  language: string,
): string | undefined => {
  const texts = key === undefined ? undefined : table[key];
  if (!texts) return undefined;
  return Object.hasOwn(texts, language) ? texts[language as BuiltInLanguage] : texts.en;
};

/** Whether `name` is the default's name in any of the languages (compared without case). */
export const isBuiltInName = (
  table: Readonly<Record<string, BuiltInTexts>>,
  key: string | undefined,
  name: string,
): boolean => {
  const texts = key === undefined ? undefined : table[key];
  const wanted = name.trim().toLowerCase();
  return texts !== undefined && Object.values(texts).some((text) => text.toLowerCase() === wanted);
};

/**
 * How the domain names a stage, activity or cycle in texts it hands on (failure details, events, inbox
 * items): a default still unrenamed as a token (`#stage:develop`) the renderer turns into the reader's
 * language, anything else as typed.
 */
const token =
  (kind: string, table: Readonly<Record<string, BuiltInTexts>>) =>
  (named: { readonly name: string; readonly builtIn?: string }): string =>
    named.builtIn !== undefined && Object.hasOwn(table, named.builtIn)
      ? `#${kind}:${named.builtIn}`
      : named.name;

export const stageText = token("stage", builtInStageNames);
export const activityText = token("activity", builtInActivityNames);
export const cycleText = token("cycle", builtInCycleNames);

const tables: Readonly<Record<string, Readonly<Record<string, BuiltInTexts>>>> = {
  stage: builtInStageNames,
  activity: builtInActivityNames,
  cycle: builtInCycleNames,
};

/** Every `#stage:…`, `#activity:…` and `#cycle:…` token of a text, in the reader's language. */
export const resolveBuiltInTokens = (text: string, language: string): string =>
  text.includes("#")
    ? text.replace(/#(stage|activity|cycle):([\w-]+(?:\.[\w-]+)*)/g, (whole, kind: string, key: string) => {
        const table = tables[kind];
        return (table && builtInText(table, key, language)) ?? whole;
      })
    : text;

import providers from "email-providers/all.json" with { type: "json" };

/**
 * Free-mail and ISP domains are where people, not companies, have their mail: such a domain is never an
 * account's web domain and never makes two records duplicates. The list is the `email-providers` package
 * (about 8,000 providers, kept up to date upstream) plus the Nordic ISPs and free-mail services our teams
 * meet that it lacks.
 */
const nordicProviders = [
  "online.no",
  "telenor.no",
  "broadpark.no",
  "getmail.no",
  "frisurf.no",
  "c2i.net",
  "start.no",
  "telia.com",
  "telia.no",
  "telia.se",
  "tele2.se",
  "comhem.se",
  "bredband.net",
  "spray.se",
  "passagen.se",
  "live.se",
  "hotmail.se",
  "outlook.dk",
  "mail.dk",
  "jubii.dk",
  "get2net.dk",
  "ofir.dk",
  "privat.dk",
  "stofanet.dk",
  "webspeed.dk",
  "youmail.dk",
  "tdcadsl.dk",
  "live.dk",
  "live.no",
];

/**
 * The package's list is looked up by binary search where it stands rather than copied into a Set: the JSON
 * module keeps the array for the life of the process anyway, and a Set of its 8,760 names cost another
 * 0.31 MB of heap (up to four times that of RSS under load, by V8's growing factor) for one lookup per
 * created or edited record. The list ships sorted; should an update not be, a sorted copy is made once.
 */
const isSorted = (names: readonly string[]) => names.every((name, i) => i === 0 || names[i - 1]! < name);
const sortedProviders: readonly string[] = isSorted(providers) ? providers : [...providers].sort();
const nordic: ReadonlySet<string> = new Set(nordicProviders);

/** Whether a normalised domain ("gmail.com") belongs to a free-mail or ISP provider. */
export function isFreeMailDomain(domain: string): boolean {
  if (nordic.has(domain)) return true;
  let low = 0;
  let high = sortedProviders.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const name = sortedProviders[middle]!;
    if (name === domain) return true;
    if (name < domain) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}

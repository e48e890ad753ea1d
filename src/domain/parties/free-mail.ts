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
 * The package's list is looked up by binary search rather than copied into a Set (a Set of its 8,760 names
 * cost another 0.31 MB of heap, up to four times that of RSS under load by V8's growing factor, for one lookup
 * per created or edited record), and it is kept as one string of the names, sorted and separated by "\n",
 * with where each name starts: 0.16 MB, where the array and its 8,760 strings held 0.35 MB. In the bundle
 * nothing else keeps the array, so it goes once this module has read it. The list ships sorted; should an
 * update not be, it is sorted here first.
 */
const isSorted = (names: readonly string[]) => names.every((name, i) => i === 0 || names[i - 1]! < name);
const sorted: readonly string[] = isSorted(providers) ? providers : [...providers].sort();
const packed = sorted.join("\n");
/** Where each name starts in `packed`, and one past the end (where a name after the last would start). */
const starts = new Uint32Array(sorted.length + 1);
for (let i = 0, at = 0; i <= sorted.length; i++) {
  starts[i] = at;
  at += (sorted[i]?.length ?? 0) + 1;
}
const nordic: ReadonlySet<string> = new Set(nordicProviders);

/** Whether a normalised domain ("gmail.com") belongs to a free-mail or ISP provider. */
export function isFreeMailDomain(domain: string): boolean {
  if (nordic.has(domain)) return true;
  let low = 0;
  let high = starts.length - 2;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const name = packed.slice(starts[middle], starts[middle + 1]! - 1);
    if (name === domain) return true;
    if (name < domain) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}

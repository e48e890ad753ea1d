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
 * The package's list is looked up by binary search, kept as one string (its names in order, each ended by "\n")
 * with where each name starts: 0.16 MB of heap, where its 8,760 names as strings hold 0.3 MB and their array
 * 0.07 MB more, and V8 lets the heap grow to up to four times what it keeps. The array is only read here,
 * while this module loads: the bundle reads it from a JSON file at start-up (scripts/bundle-plugins.mjs,
 * prebuiltModules), so nothing keeps it or its strings afterwards. The list ships sorted; should an update not
 * be, it is sorted first.
 */
const isSorted = (names: readonly string[]) => names.every((name, i) => i === 0 || names[i - 1]! < name);
const { text: providerText, starts: providerStarts } = joined(
  isSorted(providers) ? providers : [...providers].sort(),
);
const nordic: ReadonlySet<string> = new Set(nordicProviders);

function joined(names: readonly string[]): { text: string; starts: Uint32Array } {
  const starts = new Uint32Array(names.length + 1);
  let at = 0;
  names.forEach((name, i) => {
    starts[i] = at;
    at += name.length + 1;
  });
  starts[names.length] = at;
  return { text: `${names.join("\n")}\n`, starts };
}

/** Whether a normalised domain ("gmail.com") belongs to a free-mail or ISP provider. */
export function isFreeMailDomain(domain: string): boolean {
  if (nordic.has(domain)) return true;
  let low = 0;
  let high = providerStarts.length - 2;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const name = providerText.slice(providerStarts[middle]!, providerStarts[middle + 1]! - 1);
    if (name === domain) return true;
    if (name < domain) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}

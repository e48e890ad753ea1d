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

const freeMailDomains: ReadonlySet<string> = new Set([...providers, ...nordicProviders]);

/** Whether a normalised domain ("gmail.com") belongs to a free-mail or ISP provider. */
export function isFreeMailDomain(domain: string): boolean {
  return freeMailDomains.has(domain);
}

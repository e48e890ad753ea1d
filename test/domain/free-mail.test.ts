import providers from "email-providers/all.json" with { type: "json" };
import { expect, test } from "vitest";

import { isFreeMailDomain } from "../../src/domain/parties/free-mail.js";

/** The lookup is a binary search over the package's list (free-mail.ts says why): it must find every name. */
test("every provider of the package and every Nordic one is free mail; a company's domain is not", () => {
  const missed = providers.filter((domain) => !isFreeMailDomain(domain));
  expect(missed).toEqual([]);
  for (const domain of ["online.no", "telia.se", "jubii.dk", "live.dk", "gmail.com", "hotmail.com"])
    expect(isFreeMailDomain(domain), domain).toBe(true);
  // Names just before, after and between the list's own (the test's Set is the oracle), and the extremes.
  const listed = new Set<string>(providers);
  const near = providers.flatMap((domain) => [`${domain}x`, `x${domain}`, domain.slice(0, -1), `${domain}.`]);
  for (const domain of [...near, "", "0", "zzzz.zz", "contoso.com", "nordiskmobel.dk"])
    expect(isFreeMailDomain(domain), domain).toBe(
      listed.has(domain) || ["live.dk", "live.no"].includes(domain),
    );
});

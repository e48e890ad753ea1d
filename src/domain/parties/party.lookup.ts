import type { Versioned } from "../shared/ports.js";
import { fail, ok, type Result } from "../shared/result.js";
import { accountRefPattern, contactName, contactRefPattern, type Account, type Contact } from "./party.js";
import type { PartyRepository } from "./party.repository.port.js";

/** An account by reference (A-1001), web domain or name; refuses when a name matches several. */
export async function findAccount(
  parties: PartyRepository,
  tenantId: string,
  wanted: string,
): Promise<Result<Account>> {
  const text = wanted.trim();
  if (accountRefPattern.test(text.toUpperCase())) {
    const found = await parties.getAccount(tenantId, text.toUpperCase());
    return found ? ok(found.value) : fail("party.account_not_found", { account: text });
  }
  const matches = await parties.findAccounts(
    tenantId,
    { name: text, ...(text.includes(".") ? { domain: text } : {}) },
    5,
  );
  return single(
    matches,
    () => fail("party.account_not_found", { account: text }),
    (m) =>
      fail("party.ambiguous", {
        name: text,
        matches: m.map((a) => `${a.value.ref} ${a.value.name}`).join(", "),
      }),
  );
}

/** A contact by reference (C-1001), email or full name; refuses when a name matches several. */
export async function findContact(
  parties: PartyRepository,
  tenantId: string,
  wanted: string,
): Promise<Result<Contact>> {
  const text = wanted.trim();
  if (contactRefPattern.test(text.toUpperCase())) {
    const found = await parties.getContact(tenantId, text.toUpperCase());
    return found ? ok(found.value) : fail("party.contact_not_found", { contact: text });
  }
  const matches = await parties.findContacts(
    tenantId,
    text.includes("@") ? { email: text } : { name: text },
    5,
  );
  return single(
    matches,
    () => fail("party.contact_not_found", { contact: text }),
    (m) =>
      fail("party.ambiguous", {
        name: text,
        matches: m.map((c) => `${c.value.ref} ${contactName(c.value)}`).join(", "),
      }),
  );
}

function single<T>(
  matches: readonly Versioned<T>[],
  none: () => Result<T>,
  many: (m: readonly Versioned<T>[]) => Result<T>,
): Result<T> {
  if (matches.length === 1 && matches[0]) return ok(matches[0].value);
  return matches.length === 0 ? none() : many(matches);
}

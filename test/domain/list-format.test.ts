import { expect, test } from "vitest";
import { cachedFormatCount, listFormat } from "../../src/domain/shared/intl-formats.js";
import { listText } from "../../src/features/opportunities/distribution.views.js";
import { translator } from "../../src/i18n/index.js";

/**
 * Lists of names in the reader's language ("Ann, Bo and Cai": a partner's team, the partners holding a deal)
 * take their Intl.ListFormat from the process's one formatter cache (intl-formats.ts), like dates and
 * amounts: made once per language, not on every call. (A file of its own: the cache starts nearly empty.)
 */
test("a list of names takes its formatter from the cache, not a new one per call", () => {
  const before = cachedFormatCount();
  const t = translator("sv-SE");
  expect(listText(t, ["Ann", "Bo", "Cai"])).toBe("Ann, Bo och Cai");
  expect(cachedFormatCount()).toBe(before + 1);
  expect(listText(t, ["Dag", "Eva"])).toBe("Dag och Eva");
  expect(listText(translator("da-DK"), ["Ann", "Bo"])).toBe("Ann og Bo");
  expect(cachedFormatCount()).toBe(before + 2);
  expect(listFormat("sv-SE", { type: "conjunction" })).toBe(listFormat("sv-SE", { type: "conjunction" }));
});

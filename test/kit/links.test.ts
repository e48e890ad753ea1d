import { expect, test } from "vitest";

import { recordLinks } from "../../src/kit/links.js";

test("a record's link is the bot's /r/<ref>, whatever the reference", () => {
  for (const base of ["https://bot.contoso.com", "https://bot.contoso.com/", "http://127.0.0.1:3978"]) {
    const links = recordLinks(base);
    for (const ref of ["O-1042", "L-1", "C-999999999", "A-1001", "o-1042", "x y", "../admin", "..", "ä"]) {
      expect(links.url(ref), `${base} ${ref}`).toBe(new URL(`/r/${encodeURIComponent(ref)}`, base).href);
    }
    expect(links.url("O-1042")).toBe(`${new URL(base).origin}/r/O-1042`);
    expect(links.refOf(links.url("O-1042"))).toBe("O-1042");
  }
});

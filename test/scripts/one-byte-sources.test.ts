import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
// @ts-expect-error a plain .mjs build script without type declarations
import { escapeFolder, toLatin1Source } from "../../scripts/one-byte-sources.mjs";

const escape = toLatin1Source as (text: string) => string;
const escapeAll = escapeFolder as (dir: string) => number;

// Every place a compiled module holds such a character: strings, templates, regular expressions (with and
// without the u flag, inside a class), property names, comments, and characters outside the BMP.
const module = `
// A comment with “quotes” — and …
export const plain = "opp close ‹ref› won|lost — 1 åben…";
export const template = \`✓\u00a0\${"Qualify"} › ● Develop 🙂\`;
export const matches = [/[‹›]/.test("a›b"), /^🙂$/u.test("🙂"), /[🙂]/u.test("🙂"), /Ａ/.test("Ａnna")];
export const keys = Object.keys({ "ﬁ›": 1 });
`;

describe("one-byte-sources (npm run build)", () => {
  it("leaves nothing above U+00FF, and the module's values are the same", async () => {
    const dir = mkdtempSync(join(tmpdir(), "one-byte-"));
    writeFileSync(join(dir, "original.mjs"), module);
    writeFileSync(join(dir, "escaped.js"), module);
    writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));

    expect(escapeAll(dir)).toBe(1);
    const escaped = readFileSync(join(dir, "escaped.js"), "utf8");
    expect([...escaped].every((c) => c.charCodeAt(0) <= 0xff)).toBe(true);
    expect(escaped).toContain("\\u203a");

    const original = (await import(pathToFileURL(join(dir, "original.mjs")).href)) as Record<string, unknown>;
    const rewritten = (await import(pathToFileURL(join(dir, "escaped.js")).href)) as Record<string, unknown>;
    expect(rewritten).toEqual(original);
    expect(original.matches).toEqual([true, true, true, true]);
  });

  it("does not touch a file that is already Latin-1", () => {
    const dir = mkdtempSync(join(tmpdir(), "one-byte-"));
    writeFileSync(join(dir, "a.js"), 'export const a = "Tak, åben";\n');
    expect(escapeAll(dir)).toBe(0);
    expect(escape("Tak, åben")).toBe("Tak, åben");
  });
});

import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, expect, test } from "vitest";
// @ts-expect-error a plain .mjs build script without type declarations
import { runOnce } from "../../scripts/bundle-once.mjs";
import { projectRoot } from "../../src/util/project-root.js";

/**
 * scripts/bundle-once.mjs puts an entry bundle's code inside a function run once. Shaped as esbuild writes one:
 * the banner's two lines, then code with static imports among it (esbuild leaves an ES module's imports of
 * node builtins where the module stands). The wrapped file must run as the module did, and keep every line and
 * column of the code where it was, since the source map points there.
 */
const dir = mkdtempSync(join(projectRoot(), "node_modules", ".cache", "bundle-once-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const banner = [
  'import { createRequire as __bundleCreateRequire } from "node:module";',
  "const require = __bundleCreateRequire(import.meta.url);",
].join("\n");
const code = [
  'var first = 1;import{join as pathJoin}from"node:path";var joined = pathJoin("a", "b");',
  'import os2 from "node:os";',
  'function report(){ return { first, joined, eol: os2.EOL, self: String(this), url: import.meta.url.endsWith(".mjs"), req: typeof require("node:fs").readFileSync }; }',
  "process.stdout.write(JSON.stringify(report.call(undefined)));",
].join("\n");

const run = async (file: string) =>
  JSON.parse((await promisify(execFile)(process.execPath, [file])).stdout) as unknown;

test("the wrapped bundle runs as the module did, its code on the same lines and columns", async () => {
  const file = join(dir, "entry.mjs");
  writeFileSync(file, `${banner}\n${code}\n`);
  const before = await run(file);
  expect(before).toEqual({
    first: 1,
    joined: join("a", "b"),
    eol: "\n",
    self: "undefined",
    url: true,
    req: "function",
  });

  expect(await runOnce(file)).toBe(2);
  const wrapped = readFileSync(file, "utf8");
  expect(await run(file)).toEqual(before);
  // The code inside a function; each line of it where it was, the imports blanked in place.
  const lines = wrapped.split("\n");
  expect(lines[1]).toMatch(/\(function\(\)\{$/);
  const original = code.split("\n");
  const moved = 'import{join as pathJoin}from"node:path";';
  expect(lines[2]).toBe(original[0]?.replace(moved, " ".repeat(moved.length)));
  expect(lines[3]?.trim()).toBe("");
  expect(lines.slice(4, 6)).toEqual(original.slice(2, 4));
  expect(wrapped.trimEnd().endsWith("})();")).toBe(true);
});

test("a bundle that exports bindings is refused: a function cannot export them", async () => {
  const file = join(dir, "library.mjs");
  writeFileSync(file, `${banner}\nvar x = 1;export{x};\n`);
  await expect(runOnce(file)).rejects.toThrow(/exports bindings/);
});

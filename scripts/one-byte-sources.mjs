import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * Run after `tsc` by `npm run build`: writes every character above U+00FF in the compiled JavaScript under the
 * given folder (default dist) as a \uXXXX escape.
 *
 * Why: V8 keeps each module's source text in the heap for as long as the process runs (it compiles functions
 * lazily from it), and stores a source with even one character outside Latin-1 — a "…", "›" or "—" in a
 * message or a comment — as a two-byte string, twice the size. In issue 14's memory work that was about half
 * of the bot's own 1.5 MB of kept source. An escape means the same character wherever a compiled file can hold
 * one (string, template and regular-expression literals, identifiers) and is plain text in a comment, so the
 * program is unchanged; only the source maps' columns on such a line shift.
 */
function* javascriptFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* javascriptFiles(path);
    else if (/\.c?js$/.test(entry.name)) yield path;
  }
}

// Without the `u` flag this matches UTF-16 code units, so a character outside the BMP becomes its two
// surrogate escapes, which every literal reads back as the same character.
const wide = /[\u0100-\uffff]/g;

/** The same JavaScript with every character above U+00FF written as a \uXXXX escape. */
export function toLatin1Source(text) {
  return text.replace(wide, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Rewrites the .js files under `dir` that need it; returns how many. */
export function escapeFolder(dir) {
  let changed = 0;
  for (const file of javascriptFiles(dir)) {
    const text = readFileSync(file, "utf8");
    const escaped = toLatin1Source(text);
    if (escaped === text) continue;
    writeFileSync(file, escaped);
    changed += 1;
  }
  return changed;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = process.argv[2] ?? "dist";
  process.stdout.write(`one-byte-sources: ${escapeFolder(root)} files in ${root} escaped to Latin-1\n`);
}

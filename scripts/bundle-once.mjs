import { readFileSync, writeFileSync } from "node:fs";
import { init, parse } from "es-module-lexer";

/**
 * Run by scripts/bundle.mjs on each entry bundle: puts the bundle's code, everything after its banner, inside a
 * function that runs once, so that V8 can drop that code's bytecode once start-up is over.
 *
 * Why: an ES module's top level is compiled as a resumable function (the module's body can await), and V8 never
 * flushes the bytecode of a resumable function, while it flushes that of any other function not run for a few
 * full collections. A bundle's top level is the code of every ES module in it (the bot's own, zod, the message
 * catalogs): for the bot 150 KB of bytecode and 300 KB of constant pool (object and array literals, the names
 * of a thousand modules), 0.5 MB of heap held for the life of the process; the echo bot's 0.14 MB. Inside a
 * plain function run once, it goes after about five full collections; what the code built stays.
 *
 * The function only changes where the bytecode lives: the module's top-level bindings become the function's,
 * which nothing outside the bundle could see anyway (an entry bundle exports nothing), its `this` is undefined
 * as a module's is, and `import.meta` is the module's inside it. The static imports esbuild leaves among the
 * code (node builtins imported by ES modules) must stay at the module's top level: each is moved onto the
 * banner's first line and blanked where it was, and the function opens at the end of the banner's second, so
 * that every line and column of the code — what the source map maps — stays where esbuild put it.
 */
export async function runOnce(file) {
  await init;
  const source = readFileSync(file, "utf8");
  const [imports, exports] = parse(source);
  if (exports.length > 0)
    throw new Error(`${file} exports bindings: an entry bundle cannot run inside a function`);
  const firstLineEnd = source.indexOf("\n");
  const bannerEnd = source.indexOf("\n", firstLineEnd + 1);
  if (firstLineEnd < 0 || bannerEnd < 0 || !source.startsWith("import "))
    throw new Error(`${file} has no banner`);
  const moved = [];
  const pieces = [];
  let from = bannerEnd;
  for (const { d, ss, se } of imports) {
    if (d !== -1 || ss < bannerEnd) continue; // a dynamic import(), or the banner's own
    const end = source[se] === ";" ? se + 1 : se;
    moved.push(source.slice(ss, end));
    pieces.push(source.slice(from, ss), source.slice(ss, end).replace(/[^\n]/g, " "));
    from = end;
  }
  pieces.push(source.slice(from));
  const code = pieces.join("");
  const mapComment = code.lastIndexOf("\n//# sourceMappingURL=");
  const body = mapComment < 0 ? code : code.slice(0, mapComment);
  const tail = mapComment < 0 ? "" : code.slice(mapComment);
  writeFileSync(
    file,
    `${source.slice(0, firstLineEnd)}${moved.map((m) => (m.endsWith(";") ? m : `${m};`)).join("")}` +
      `${source.slice(firstLineEnd, bannerEnd)}(function(){${body}\n})();${tail}`,
  );
  return moved.length;
}

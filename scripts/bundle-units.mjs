import { rmSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * Compile units for scripts/bundle.mjs: what a bundle loads at start-up is split into several ES module files
 * instead of one, each large CommonJS library (`unitMinBytes` or more of the bundle) in a file of its own, and a
 * bundle's `ownUnits` (the bot's features) in another. The code is the same, only spread over files: esbuild's
 * code splitting puts each module into the chunk of the entry points that reach it, so one extra entry point per
 * unit (a generated module importing that unit's files, written nowhere) draws the lines; the bundle's entry file
 * imports the chunks statically, and Node loads them all before any of it runs.
 *
 * Why: memory outside V8's heap, which glibc's malloc keeps.
 * - V8 compiles an ES module's top level in one go, and the parser's and compiler's memory (malloc'ed zones and
 *   tables) peaks with the size of the unit: 12.9 MB for the 5.4 MB bundle in one file, 5.5 MB for the largest
 *   unit once split (`node dist/bench/compile-peak.js <files>`). glibc keeps those pages in its main arena after
 *   V8 frees them; split, each unit reuses the previous one's, and the bot's main arena once ready fell from
 *   14.1 to 7.4 MB (`node dist/bench/startup.js`; bench/README.md, "Compile units").
 * - glibc raises its trim and mmap thresholds to the size of every block above them that is freed (up to
 *   32 MB): Node's ES module loader reads each file into one buffer of its size, and V8 allocates a file's line
 *   table (a quarter of its size) for the first stack trace through it, so a 5.4 MB file left the threshold at
 *   5.4 MB and let each thread's malloc arena keep twice that freed. Smaller files leave it lower.
 * Only CommonJS libraries become units of their own: esbuild cannot tree-shake them, so an entry point for them
 * adds no code; an ES module library (zod) as an entry point would keep everything it exports.
 */
export const unitMinBytes = 100 * 1024;

const unitNamespace = "compile-unit";

/**
 * The top-level package (`node_modules/<name>` or `node_modules/@scope/name`) of an input path: a package's own
 * copies of its dependencies (`node_modules/restify/node_modules/lru-cache`) go with it.
 */
function packageOf(input) {
  const parts = input.split("/");
  const at = parts.indexOf("node_modules");
  if (at < 0) return undefined;
  const scoped = parts[at + 1]?.startsWith("@");
  return parts.slice(0, at + (scoped ? 3 : 2)).join("/");
}

/** The output files `file` loads before it runs: itself and the chunks it imports statically, transitively. */
export function startupOutputs(metafile, file) {
  const seen = new Set();
  const visit = (out) => {
    if (seen.has(out) || !metafile.outputs[out]) return;
    seen.add(out);
    for (const i of metafile.outputs[out].imports)
      if (i.kind === "import-statement" && !i.external) visit(i.path);
  };
  visit(file);
  return [...seen];
}

/**
 * The units of a bundle from the metafile of its build in one piece (`output`: its entry file's key in the
 * metafile, relative to `root`): each CommonJS package with `unitMinBytes` or more in its start-up files, then
 * `ownUnits` (entry files relative to `root`). Each unit: its name and the absolute paths its entry imports.
 */
export function findUnits(root, metafile, output, ownUnits = []) {
  const bytes = new Map();
  const files = new Map();
  for (const out of startupOutputs(metafile, output))
    for (const [input, { bytesInOutput }] of Object.entries(metafile.outputs[out].inputs)) {
      const pkg = packageOf(input);
      if (!pkg || input.includes(":")) continue;
      bytes.set(pkg, (bytes.get(pkg) ?? 0) + bytesInOutput);
      const esm = metafile.inputs[input]?.format === "esm";
      files.set(pkg, [...(files.get(pkg) ?? []), { path: resolve(root, input), esm }]);
    }
  const libraries = [...bytes]
    .filter(([pkg, size]) => size >= unitMinBytes && files.get(pkg).some((f) => !f.esm))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([pkg]) => ({
      name: pkg
        .replace(/^node_modules\//, "")
        .replace(/@/g, "")
        .replace(/\//g, "+"),
      files: files.get(pkg),
    }));
  const own = ownUnits.map((entry) => ({
    name: entry.replace(/[/.]/g, "-"),
    files: [{ path: join(root, entry), esm: true }],
  }));
  return [...libraries, ...own];
}

/** esbuild entry points for `units`, named `<out>-unit-<name>`, and the plugin that generates their modules. */
export function unitEntries(out, units) {
  const entryPoints = Object.fromEntries(
    units.map((u) => [`${out}-unit-${u.name}`, `${unitNamespace}:${u.name}`]),
  );
  const byName = new Map(units.map((u) => [u.name, u]));
  const plugin = {
    name: "compile-units",
    setup(build) {
      build.onResolve({ filter: new RegExp(`^${unitNamespace}:`) }, (args) => ({
        path: args.path.slice(unitNamespace.length + 1),
        namespace: unitNamespace,
      }));
      build.onLoad({ filter: /.*/, namespace: unitNamespace }, (args) => ({
        loader: "js",
        resolveDir: build.initialOptions.absWorkingDir,
        // A CommonJS or JSON file is re-exported, not imported bare: esbuild drops a bare import of a file its
        // package calls free of side effects, and it cannot leave out parts of such a file anyway. An ES module
        // is imported bare, so that nothing it exports is kept for the unit's sake; if esbuild drops that import,
        // the module stays where the bundle's entry put it.
        contents: (byName.get(args.path)?.files ?? [])
          .map(({ path, esm }, i) =>
            esm ? `import ${JSON.stringify(path)};` : `export * as m${i} from ${JSON.stringify(path)};`,
          )
          .join("\n"),
      }));
    },
  };
  return { entryPoints, plugin };
}

/**
 * Deletes the units' own entry files (nothing imports them: each only marks where a chunk begins) and drops them
 * from the metafile; throws if a file that is kept imports one.
 */
export function dropUnitEntries(root, metafile, out) {
  const isUnit = (file) => file.split("/").pop().startsWith(`${out}-unit-`);
  for (const [file, output] of Object.entries(metafile.outputs)) {
    if (isUnit(file)) continue;
    const bad = output.imports.find((i) => isUnit(i.path));
    if (bad) throw new Error(`${file} imports the compile unit's entry ${bad.path}`);
  }
  for (const file of Object.keys(metafile.outputs).filter(isUnit)) {
    delete metafile.outputs[file];
    for (const suffix of ["", ".map", ".LEGAL.txt"]) rmSync(join(root, file + suffix), { force: true });
  }
}

import { rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";
import { build } from "esbuild";
import {
  dedupePlugin,
  deferredModulesPlugin,
  lazyPackagesPlugin,
  lodashMethodsPlugin,
  prebuiltDataPlugin,
} from "./bundle-plugins.mjs";
import { dropUnitEntries, findUnits, unitEntries } from "./bundle-units.mjs";
import { escapeFolder } from "./one-byte-sources.mjs";

/**
 * Run by `npm run build` after `tsc`: bundles the bot (src/main.ts) and the benchmark's echo bot
 * (bench/echo-main.ts) with esbuild into dist/bundle/, which is what `npm start`, the playground, the deploy and
 * the benchmark run.
 *
 * Why: a Node process keeps every loaded module's source text in its heap for as long as it runs (V8 compiles
 * functions lazily from it), and pays per module file to resolve, read and compile it at start-up. The tsc
 * output loads ~1,100 separate files from node_modules with their comments, unused exports and, for zod, all
 * 64 locales. One tree-shaken file with whitespace removed holds only the code the bot can reach.
 *
 * - ESM, like the tsc output: `import.meta.url` (src/util/project-root.ts, the store's integrity check) keeps
 *   working, and projectRoot() finds cards/ by walking up from dist/bundle/ as it does from dist/src/.
 * - Identifiers are not minified, so stack traces and logs read as in the source; dist/bundle/*.js.map maps them
 *   back to the files (`node --enable-source-maps` to use it). No `keepNames`: it wraps every function and class
 *   the bundle defines in a `__name(fn, "…")` call (Object.defineProperty), and the libraries define closures on
 *   every request — measured side by side, it added ~0.2–0.3 ms of CPU per request to both bots (an echo card
 *   press 0.76 → 0.47 ms). Without identifier minification esbuild renames only on a clash between modules, and
 *   no code here reads a function's or class's `name` (errors carry their own `name` property).
 *   Minifying identifiers as well was measured (bench/startup.ts, three starts each, load ~16): retained heap
 *   bot 32.6 → 30.4 MB, echo 19.6 → 18.3 MB, so the bot's lead over the echo shrinks by under 1 MB. Not taken:
 *   production stack traces and logged errors would show mangled names unless Node runs with
 *   --enable-source-maps, which keeps each loaded file's source map (about 2.5 times the code's size) in memory;
 *   and libraries do read class names (botbuilder-core keys registered bot state by `constructor.name`).
 * - `splitting`: the Cosmos DB SDK is imported dynamically (src/store/open-store.ts) and becomes a chunk of its
 *   own, loaded only when STORE=cosmos. What loads at start-up is split into compile units too
 *   (scripts/bundle-units.mjs: each large CommonJS library, and the bot's features, in a file of its own), which
 *   keeps V8's compile and glibc's malloc thresholds small; the entry file imports them.
 * - `charset: "ascii"` writes non-ASCII characters as escapes, so V8 stores the source as one byte per
 *   character (why: scripts/one-byte-sources.mjs). esbuild leaves regular-expression literals as they are, and a
 *   single "〇" in one would make the whole bundle a two-byte string (twice its size in the heap), so the output
 *   goes through one-byte-sources as well.
 * - Libraries no request of ours reaches are loaded on first use (scripts/bundle-plugins.mjs, lazyPackages):
 *   each becomes a CommonJS file of its own in <bundle>-lazy/, and its `require` in the bundle a stand-in that
 *   requires that file when first touched. The identical copies of zod 3 that botbuilder's packages carry are
 *   bundled once (dedupedPackages).
 * - External: better-sqlite3 (a native addon found through its package), and restify's optional
 *   dtrace-provider (a native addon restify loads in a try/catch; not installed here).
 */
const external = ["better-sqlite3", "dtrace-provider"];

// esbuild turns a bundled CommonJS module's require("node:…") into a call of `require`, which an ES module does
// not have: give the bundle one, resolving from the bundle's own folder as node_modules packages expect.
const banner = [
  'import { createRequire as __bundleCreateRequire } from "node:module";',
  "const require = __bundleCreateRequire(import.meta.url);",
].join("\n");

/** The esbuild options the bundles and their lazily loaded files share. */
const common = {
  bundle: true,
  // A compile unit's entry imports ES modules bare (scripts/bundle-units.mjs); esbuild may drop those, as meant.
  logOverride: { "ignored-bare-import": "silent" },
  platform: "node",
  target: "node20",
  minifyWhitespace: true,
  minifySyntax: true,
  charset: "ascii",
  // Licence comments go to a .LEGAL.txt beside each file instead of into the kept source.
  legalComments: "external",
  // Each file names its map in a closing comment, which only `node --enable-source-maps` reads.
  sourcemap: "linked",
  external,
  logLevel: "warning",
  metafile: true,
};

/** The esbuild options both bundles share, so the echo bot is built exactly like the bot. */
const shared = { ...common, format: "esm", splitting: true, banner: { js: banner } };

export const bundles = [
  { name: "bot", entry: "src/main.ts", out: "main", ownUnits: ["src/features/index.ts"] },
  { name: "echo", entry: "bench/echo-main.ts", out: "echo-main" },
];

/**
 * Bundles the entry points named in `only` (default both) into `outdir` (default `<root>/dist/bundle`); returns
 * each bundle's file and size. The folder must lie inside the project, so that the bundle finds cards/ and
 * node_modules/ by walking up from it.
 */
export async function bundleAll(root, outdir = join(root, "dist", "bundle"), only = ["bot", "echo"]) {
  rmSync(outdir, { recursive: true, force: true });
  const results = [];
  for (const bundle of bundles.filter((b) => only.includes(b.name))) {
    results.push(await bundleEntry(root, outdir, bundle));
  }
  escapeFolder(outdir);
  return results;
}

/**
 * Bundles one entry point (`entry`, relative to `root`) into `<outdir>/<out>.js`, its chunks into
 * `<outdir>/<out>-*.js` and the libraries it loads on first use into `<out>-lazy/`; writes esbuild's metafiles beside
 * it (`<out>.meta.json`, `<out>-lazy.meta.json`).
 */
export async function bundleEntry(root, outdir, { name, entry, out, ownUnits = [] }) {
  const lazy = [];
  const options = (onLazy) => ({
    ...shared,
    absWorkingDir: root,
    entryPoints: { [out]: join(root, entry) },
    outdir,
    // Each bundle's chunks under its own name, so the two never share a file; beside the bundle, so that the
    // lazy stand-ins' `./<out>-lazy/…` resolves alike from whichever file esbuild puts them in.
    chunkNames: `${out}-[name]-[hash]`,
    plugins: [
      lazyPackagesPlugin(`${out}-lazy`, onLazy),
      dedupePlugin(),
      lodashMethodsPlugin(),
      prebuiltDataPlugin(`${out}-data`),
      deferredModulesPlugin(),
    ],
  });
  // First in one piece, written nowhere, to see which libraries it holds; then split into compile units.
  const whole = await build({ ...options(() => {}), write: false });
  const output = relative(root, join(outdir, `${out}.js`))
    .split(sep)
    .join("/");
  const units = unitEntries(out, findUnits(root, whole.metafile, output, ownUnits));
  const split = options((pkg, path, file) => lazy.push({ pkg, path, file }));
  const result = await build({
    ...split,
    entryPoints: { ...split.entryPoints, ...units.entryPoints },
    plugins: [...split.plugins, units.plugin],
  });
  dropUnitEntries(root, result.metafile, out);
  writeFileSync(join(outdir, `${out}.meta.json`), JSON.stringify(result.metafile));
  const lazyMeta = {};
  for (const { pkg, path, file } of lazy) {
    const built = await build({
      ...common,
      absWorkingDir: root,
      format: "cjs",
      entryPoints: [path],
      outfile: join(outdir, `${out}-lazy`, file),
      plugins: [dedupePlugin()],
    });
    lazyMeta[file] = { package: pkg, metafile: built.metafile };
  }
  writeFileSync(join(outdir, `${out}-lazy.meta.json`), JSON.stringify(lazyMeta));
  const file = join(outdir, `${out}.js`);
  return { name, file, bytes: statSync(file).size };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const results = await bundleAll(root);
  for (const r of results)
    process.stdout.write(
      `bundle: ${r.name} -> ${relative(root, r.file)} (${(r.bytes / 1024).toFixed(0)} KB)\n`,
    );
}

import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { Buffer } from "node:buffer";
import { createRequire } from "node:module";
import { basename, join, relative, sep } from "node:path";
import { isDeepStrictEqual } from "node:util";

/**
 * esbuild plugins for scripts/bundle.mjs: what a bundle holds beyond what esbuild's tree shaking finds (it cannot
 * shake CommonJS, which is how every library here ships).
 */

/**
 * Libraries a bundle loads on first use instead of at start-up, each with the packages whose `require` of it is
 * made lazy (a require from anywhere else is bundled as usual). A Node process keeps every loaded script's source
 * text in its heap and runs each module's top level, so a library no request reaches is memory held for nothing.
 * Each was checked in the importer's source (node_modules/<importer>/lib) to be reached only from inside
 * functions, never at its module's top level, so the require itself touches nothing:
 * - adaptive-expressions, the expression language of the card templates, loads these for its builtin functions
 *   `xPath()` (xpath, @xmldom/xmldom), `xml()` (fast-xml-parser) and the timex functions (`getNextViableDate()`,
 *   `timexResolve()`, …), which no card in cards/ calls. (Its big-integer is called at its top level; jspath goes
 *   through `__importStar`, which lists the module's keys — both stay in the bundle.)
 * - botframework-connector loads @azure/identity (with its own msal-node 5) only to create a managed-identity
 *   credential (MicrosoftAppType=UserAssignedMSI), and msal-node 2 only when an app password or certificate
 *   asks for its first token — never in anonymous local mode, and at the first reply otherwise.
 */
export const lazyPackages = [
  { name: "xpath", importers: ["adaptive-expressions"] },
  { name: "@xmldom/xmldom", importers: ["adaptive-expressions"] },
  { name: "fast-xml-parser", importers: ["adaptive-expressions"] },
  { name: "@microsoft/recognizers-text-data-types-timex-expression", importers: ["adaptive-expressions"] },
  { name: "@azure/identity", importers: ["botframework-connector"] },
  { name: "@azure/msal-node", importers: ["botframework-connector"] },
];

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const inPackage = (file, pkg) => file.split(sep).join("/").includes(`/node_modules/${pkg}/`);

/** The folder of the package that `file` (a resolved path inside node_modules) belongs to. */
function packageRoot(file, name) {
  const normal = file.split(sep).join("/");
  const marker = `/node_modules/${name}/`;
  const at = normal.lastIndexOf(marker);
  if (at < 0) throw new Error(`${file} does not lie in a ${name} package`);
  return join(file.slice(0, at + marker.length - 1));
}

/**
 * Where esbuild itself resolves `args` (a plugin's onResolve hands it back to esbuild, marking the call with
 * `marker` so that the same hook lets it pass).
 */
const resolveUnhooked = (build, args, marker) =>
  build.resolve(args.path, {
    kind: args.kind,
    resolveDir: args.resolveDir,
    importer: args.importer,
    pluginData: { [marker]: true },
  });

const versionOf = (root) => JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version;

/**
 * Turns each lazy package's `require` (lazyPackages) into a stand-in whose first property access requires the
 * package, built by esbuild into a CommonJS file of its own in `<folder>/` beside the bundle. The bundle's
 * `require` (its banner) resolves from the bundle's own folder. `onLazy(name, path, file)` is told each package
 * resolved this way, to be built once the bundle is: `file` is its name inside `<folder>/`.
 */
export function lazyPackagesPlugin(folder, onLazy) {
  const byName = new Map(lazyPackages.map((p) => [p.name, p]));
  const filter = new RegExp(`^(${lazyPackages.map((p) => escapeRegExp(p.name)).join("|")})$`);
  const files = new Map(); // resolved path -> file name in the folder
  return {
    name: "lazy-packages",
    setup(build) {
      build.onResolve({ filter }, async (args) => {
        if (args.pluginData?.lazyResolving) return undefined;
        const lazy = byName.get(args.path);
        if (!lazy?.importers.some((pkg) => inPackage(args.importer, pkg))) return undefined;
        const real = await resolveUnhooked(build, args, "lazyResolving");
        if (real.errors.length) return { errors: real.errors };
        let file = files.get(real.path);
        if (!file) {
          const base = lazy.name.replace(/^@/, "").replace(/\//g, "+");
          const taken = new Set(files.values());
          file = `${base}.cjs`;
          for (let i = 2; taken.has(file); i++) file = `${base}-${i}.cjs`;
          files.set(real.path, file);
          onLazy(lazy.name, real.path, file);
        }
        return { path: real.path, namespace: "lazy-package", pluginData: { file } };
      });
      // The stand-in's own require stays a require, run by the bundle when the package is first touched.
      build.onResolve({ filter: /.*/, namespace: "lazy-package" }, (args) => ({
        path: args.path,
        external: true,
      }));
      build.onLoad({ filter: /.*/, namespace: "lazy-package" }, (args) => ({
        loader: "js",
        contents: lazyStub(`./${folder}/${args.pluginData.file}`),
      }));
    },
  };
}

/**
 * The stand-in module: a Proxy that requires the real module on the first property access (or `in`, or a key
 * listing) and forwards to it from then on. None of the lazy packages exports a function itself, so it need not
 * be callable.
 */
function lazyStub(request) {
  return `let loaded;
const load = () => (loaded ??= require(${JSON.stringify(request)}));
module.exports = new Proxy({}, {
  get: (_, key) => Reflect.get(load(), key),
  has: (_, key) => Reflect.has(load(), key),
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor: (_, key) => {
    const d = Reflect.getOwnPropertyDescriptor(load(), key);
    return d && { ...d, configurable: true };
  },
});
`;
}

/**
 * Packages of which libraries carry identical copies: botbuilder, botbuilder-core, botframework-connector and
 * botframework-schema each have zod 3 in a node_modules of their own (the project's zod 4 holds the top level,
 * so npm cannot hoist theirs), and esbuild bundles each copy, 93 KB apiece. Every import of a listed package
 * resolves into one copy of the version it resolves to (the first by path, so each build picks the same); a copy
 * of another version stays apart.
 */
export const dedupedPackages = ["zod"];

/** The copies of `name` in `<root>/node_modules` and one level of nesting below it, by version. */
function copiesByVersion(root, name) {
  const top = join(root, "node_modules");
  const folders = [top];
  for (const entry of readdirSync(top, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
    const scoped = entry.name.startsWith("@")
      ? readdirSync(join(top, entry.name)).map((n) => join(entry.name, n))
      : [entry.name];
    for (const pkg of scoped) folders.push(join(top, pkg, "node_modules"));
  }
  const byVersion = new Map();
  for (const folder of folders) {
    const copy = join(folder, name);
    if (!existsSync(join(copy, "package.json"))) continue;
    const version = versionOf(copy);
    byVersion.set(version, [...(byVersion.get(version) ?? []), copy].sort());
  }
  return byVersion;
}

export function dedupePlugin() {
  const filter = new RegExp(`^(${dedupedPackages.map(escapeRegExp).join("|")})(/.*)?$`);
  return {
    name: "dedupe-packages",
    setup(build) {
      const root = build.initialOptions.absWorkingDir ?? process.cwd();
      const copies = new Map(dedupedPackages.map((name) => [name, copiesByVersion(root, name)]));
      build.onResolve({ filter }, async (args) => {
        if (args.pluginData?.dedupeResolving) return undefined;
        const real = await resolveUnhooked(build, args, "dedupeResolving");
        if (real.errors.length) return { errors: real.errors };
        const name = dedupedPackages.find((p) => args.path === p || args.path.startsWith(`${p}/`));
        const copy = packageRoot(real.path, name);
        const first = copies.get(name)?.get(versionOf(copy))?.[0];
        if (!first || first === copy) return { path: real.path };
        return { path: join(first, real.path.slice(copy.length)) };
      });
    },
  };
}

/**
 * A package's `require("lodash/<method>")` (adaptive-expressions reads `lodash/isEqual`) as that method of the
 * whole lodash of the same package folder (`require("lodash").<method>`, which restify loads in every bundle
 * anyway): the method files are the same version's code cut into modules, and bundled beside the whole library
 * they are a second copy (isEqual: 70 modules, 35 KB of source kept and their functions built at start-up).
 * Only where the method's file and the whole library resolve into one package; anything else is left alone.
 */
export function lodashMethodsPlugin() {
  return {
    name: "lodash-methods",
    setup(build) {
      const root = build.initialOptions.absWorkingDir ?? process.cwd();
      build.onResolve({ filter: /^lodash\/[A-Za-z]+(\.js)?$/ }, async (args) => {
        if (args.pluginData?.lodashResolving) return undefined;
        const method = await resolveUnhooked(build, args, "lodashResolving");
        const whole = await resolveUnhooked(build, { ...args, path: "lodash" }, "lodashResolving");
        if (method.errors.length || whole.errors.length) return undefined;
        if (packageRoot(method.path, "lodash") !== packageRoot(whole.path, "lodash")) return undefined;
        const name = args.path.slice("lodash/".length).replace(/\.js$/, "");
        // A file that is not a method of the whole library (`lodash/lodash`, `lodash/core`) stays as it is.
        if (typeof createRequire(whole.path)(whole.path)[name] !== "function") return undefined;
        // One module per library and method: esbuild tells modules apart by namespace and path (relative, so
        // that the bundle names no folder of the machine that built it).
        return {
          path: `${relative(root, whole.path).split(sep).join("/")}#${name}`,
          namespace: "lodash-method",
        };
      });
      build.onResolve({ filter: /.*/, namespace: "lodash-method" }, (args) => ({
        path: args.path,
        namespace: "file",
      }));
      build.onLoad({ filter: /.*/, namespace: "lodash-method" }, (args) => {
        const at = args.path.lastIndexOf("#");
        const [whole, name] = [args.path.slice(0, at), args.path.slice(at + 1)];
        const path = JSON.stringify(join(root, whole));
        return { loader: "js", contents: `module.exports = require(${path}).${name};` };
      });
    },
  };
}

/**
 * Modules of plain data that a bundle evaluates when it is built: the bundle holds a stand-in that reads their
 * exports from a JSON file in `<folder>/` beside it at start-up. Why: a Node process keeps every loaded script's
 * source in its heap for as long as it runs, and the top-level code of an ES module bundle for as long as well
 * (V8 does not flush a module's top-level bytecode), with every string and array its literals hold: a module of
 * texts is kept two or three times over, as source, as literals and as the values made from them. Read from a
 * file, only the values stay, and a value that the importer only reads while it loads does not stay either.
 * - src/i18n/catalogs.ts: every message in four languages, 280 KB of source in 22 modules, which nothing but it
 *   imports (test/scripts/bundle.test.ts checks that none of them is in the bundle);
 * - email-providers/all.json: 8,760 domain names, 137 KB of source, as many strings kept by the literal, which
 *   src/domain/parties/free-mail.ts reads once into a string of its own.
 * A module (a path from the project's root) must be data built from data: each export must survive JSON
 * unchanged (checked here), and nothing may read it but an import of its exports.
 */
export const prebuiltModules = ["src/i18n/catalogs.ts", "node_modules/email-providers/all.json"];

export function prebuiltDataPlugin(folder) {
  return {
    name: "prebuilt-data",
    setup(build) {
      const root = build.initialOptions.absWorkingDir ?? process.cwd();
      const outdir = build.initialOptions.outdir;
      const modules = new Set(prebuiltModules.map((m) => join(root, m)));
      const names = prebuiltModules.map((m) => escapeRegExp(basename(m).replace(/\.[jt]s$/, "")));
      build.onResolve({ filter: new RegExp(`(^|/)(${names.join("|")})(\\.[jt]s)?$`) }, async (args) => {
        if (args.pluginData?.prebuiltResolving) return undefined;
        const real = await resolveUnhooked(build, args, "prebuiltResolving");
        if (real.errors.length || !modules.has(real.path)) return undefined;
        return { path: relative(root, real.path).split(sep).join("/"), namespace: "prebuilt-data" };
      });
      build.onLoad({ filter: /.*/, namespace: "prebuilt-data" }, async (args) => {
        const data = await evaluate(root, args.path);
        const file = `${folder}/${args.path
          .replace(/^node_modules\//, "")
          .replace(/\.[jt]s$|\.json$/, "")
          .replace(/[/@]/g, "+")}.json`;
        mkdirSync(join(outdir, folder), { recursive: true });
        writeFileSync(join(outdir, file), JSON.stringify(data));
        const exports = Object.keys(data).map((name) =>
          name === "default" ? "export default data.default;" : `export const ${name} = data.${name};`,
        );
        return {
          loader: "js",
          contents: [
            'import { readFileSync } from "node:fs";',
            `const data = JSON.parse(readFileSync(new URL(${JSON.stringify(`./${file}`)}, import.meta.url), "utf8"));`,
            ...exports,
          ].join("\n"),
        };
      });
    },
  };
}

/**
 * The exports of the module at `path` (from `root`): a JSON file's value as its default export, a module's
 * exports by running it in this process, bundled on its own. Throws unless they are plain JSON.
 */
async function evaluate(root, path) {
  if (path.endsWith(".json")) return { default: JSON.parse(readFileSync(join(root, path), "utf8")) };
  const { build } = await import("esbuild");
  const built = await build({
    absWorkingDir: root,
    entryPoints: [join(root, path)],
    bundle: true,
    format: "esm",
    platform: "node",
    write: false,
    logLevel: "silent",
  });
  const code = built.outputFiles[0].text;
  const data = { ...(await import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`)) };
  if (!isDeepStrictEqual(JSON.parse(JSON.stringify(data)), data))
    throw new Error(`${path}: its exports do not survive JSON unchanged, so it cannot be prebuilt`);
  return data;
}

/**
 * Modules inside a library that the bundle runs on first use instead of at start-up: each stays in the bundle,
 * but its `require` from the library's own files is a stand-in that runs it when one of its exports is first
 * read. Unlike a lazy package (lazyPackages) it is not put in a file of its own, so the modules it shares with
 * the rest of the library stay one copy. A library's index that re-exports it (`__exportStar(require(…))`)
 * lists the stand-in's keys, which the stand-in knows from the build (the module is loaded here to list them)
 * without running it, and makes each export a getter, as it does for every module.
 * - adaptive-expressions: the regular-expression parser of `isMatch()` (lib/commonRegex.js and its ANTLR parser
 *   lib/generated/, with lru-cache), the time-zone table of `convertFromUTC()` and `getNextViableTime()`
 *   (lib/timeZoneConverter.js) and the trigger trees of adaptive dialogs (lib/triggerTrees/): no card calls
 *   them, and at start-up they built a hundred classes and tables (about 0.3 MB of heap) for nothing.
 *   Each was checked in the library's source to be read only inside functions, or re-exported by its index.
 */
export const deferredModules = [
  {
    pkg: "adaptive-expressions",
    files: [
      "lib/commonRegex.js",
      "lib/generated/index.js",
      "lib/timeZoneConverter.js",
      "lib/triggerTrees/index.js",
    ],
  },
];

export function deferredModulesPlugin() {
  return {
    name: "deferred-modules",
    setup(build) {
      const root = build.initialOptions.absWorkingDir ?? process.cwd();
      build.onResolve({ filter: /^\.\.?\// }, async (args) => {
        if (args.pluginData?.deferResolving) return undefined;
        const entry = deferredModules.find((d) => inPackage(args.importer, d.pkg));
        if (!entry) return undefined;
        const real = await resolveUnhooked(build, args, "deferResolving");
        if (real.errors.length) return undefined;
        const inside = relative(packageRoot(real.path, entry.pkg), real.path).split(sep).join("/");
        if (!entry.files.includes(inside)) return undefined;
        return {
          path: relative(root, real.path).split(sep).join("/"),
          namespace: "deferred-module",
          pluginData: { real: real.path, pkg: entry.pkg },
        };
      });
      build.onResolve({ filter: /.*/, namespace: "deferred-module" }, (args) => ({
        path: args.path,
        namespace: "file",
        pluginData: { deferResolving: true },
      }));
      build.onLoad({ filter: /.*/, namespace: "deferred-module" }, (args) => {
        const { real, pkg } = args.pluginData;
        // Through the library's index first, as the library loads it (its modules require each other in a cycle).
        const load = createRequire(real);
        load(pkg);
        const keys = Object.keys(load(real));
        return { loader: "js", resolveDir: root, contents: deferredStub(real, keys) };
      });
    },
  };
}

/**
 * The stand-in of a deferred module: a Proxy that answers the listing of its keys (`__esModule` and `keys`)
 * itself, and runs the module (`require(path)`, bundled as usual) when an export is first read.
 */
function deferredStub(path, keys) {
  return `let loaded;
const load = () => (loaded ??= require(${JSON.stringify(path)}));
const keys = ${JSON.stringify(keys)};
const esModule = { value: true, writable: false, enumerable: false, configurable: true };
module.exports = new Proxy({}, {
  get: (_, key) => (key === "__esModule" ? true : Reflect.get(load(), key)),
  has: (_, key) => key === "__esModule" || keys.includes(key) || Reflect.has(load(), key),
  ownKeys: () => ["__esModule", ...keys],
  getOwnPropertyDescriptor: (_, key) => {
    if (key === "__esModule") return esModule;
    if (keys.includes(key)) return { get: () => load()[key], set: undefined, enumerable: true, configurable: true };
    const d = Reflect.getOwnPropertyDescriptor(load(), key);
    return d && { ...d, configurable: true };
  },
});
`;
}

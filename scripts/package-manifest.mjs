/**
 * Builds the Teams app package: manifest/manifest.json with the real ids, plus its two icons, zipped at
 * the archive root as Teams wants it.
 *
 *   MicrosoftAppId=<guid> [BOT_DOMAIN=bot.contoso.com] npm run package [-- --out <dir>]
 *
 * - MicrosoftAppId (or MICROSOFT_APP_ID): the bot's Microsoft App ID. It replaces the placeholder GUID
 *   00000000-0000-0000-0000-000000000000 in both `id` and `bots[0].botId`; real ids are never committed.
 * - BOT_DOMAIN (optional): the bare host name the bot is served from; it becomes `validDomains` (the committed
 *   manifest has none, so no example domain ever reaches a package) and the domain of the message extension's
 *   link handler (record links `https://BOT_DOMAIN/r/<ref>` unfurl).
 * - --out <dir>: where to write appPackage.zip (default: build/ in the repository).
 *
 * The language files named in `localizationInfo` (da.json, nb.json, sv.json) go into the package beside the
 * manifest. The manifest and each language file are validated against the official JSON schemas shipped in
 * @microsoft/app-manifest (offline: the schemas are loaded from the package, never fetched) and against the
 * Teams limits the schemas do not express. Any problem exits with status 1 and says what to fix.
 */
import { Buffer } from "node:buffer";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { readPngHeader } from "./lib/png.mjs";
import { createZip } from "./lib/zip.mjs";

const PLACEHOLDER_ID = "00000000-0000-0000-0000-000000000000";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Teams limits for bot command menus; the schema allows more than Teams shows. */
const MAX_COMMANDS = 10;
const MAX_COMMAND_TITLE = 32;
const MAX_COMMAND_DESCRIPTION = 128;
const ICONS = {
  color: { size: 192, what: "full-colour icon" },
  outline: { size: 32, what: "white-on-transparent outline icon" },
};

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const manifestDir = join(repoRoot, "manifest");

class PackagingError extends Error {
  /** @param {string[]} problems */
  constructor(problems) {
    super(problems.join("\n"));
    this.problems = problems;
  }
}

try {
  const { outDir } = readArgs(process.argv.slice(2));
  const { zipPath, appId, files } = await buildPackage({ env: process.env, outDir });
  const shown = relative(process.cwd(), zipPath);
  const where = shown && !shown.startsWith("..") && !isAbsolute(shown) ? shown : zipPath;
  console.log(`Wrote ${where} for Teams app id ${appId} (${files.join(", ")})`);
} catch (error) {
  if (error instanceof PackagingError) {
    console.error("package-manifest: the app package was not written:");
    for (const problem of error.problems) console.error(`  - ${problem}`);
  } else {
    console.error("package-manifest: failed:", error);
  }
  process.exitCode = 1;
}

/** @param {string[]} argv */
function readArgs(argv) {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { out: { type: "string" } }, strict: true }));
  } catch (error) {
    throw new PackagingError([`${error.message}. Usage: node scripts/package-manifest.mjs [--out <dir>]`]);
  }
  if (values.out === "") throw new PackagingError(["--out needs a directory"]);
  return { outDir: values.out ? resolve(process.cwd(), values.out) : join(repoRoot, "build") };
}

/**
 * @param {{ env: NodeJS.ProcessEnv, outDir: string }} options
 * @returns {Promise<{ zipPath: string, appId: string, files: string[] }>}
 */
async function buildPackage({ env, outDir }) {
  const problems = [];
  const appId = readAppId(env, problems);
  const botDomain = readBotDomain(env, problems);

  const manifestPath = join(manifestDir, "manifest.json");
  const manifest = readJson(manifestPath);

  // Ids: the committed manifest holds the placeholder, the package holds the real id.
  const bots = Array.isArray(manifest.bots) ? manifest.bots : [];
  if (bots.length !== 1) problems.push(`${manifestPath} must declare exactly one bot (found ${bots.length})`);
  const extensions = Array.isArray(manifest.composeExtensions) ? manifest.composeExtensions : [];
  for (const [field, value] of [
    ["id", manifest.id],
    ["bots[0].botId", bots[0]?.botId],
    ...extensions.map((e, i) => [`composeExtensions[${i}].botId`, e.botId]),
  ]) {
    if (value !== PLACEHOLDER_ID) {
      problems.push(
        `${manifestPath} must keep the placeholder ${PLACEHOLDER_ID} in ${field} (found ${JSON.stringify(value)}); ` +
          "the real id comes from MicrosoftAppId when packaging",
      );
    }
  }

  // Domains: bare host names only; the schema does not check this.
  const domains = Array.isArray(manifest.validDomains) ? [...manifest.validDomains] : [];
  for (const domain of domains) {
    const problem = hostNameProblem(domain, { wildcard: true });
    if (problem) problems.push(`${manifestPath} validDomains entry ${JSON.stringify(domain)} ${problem}`);
  }
  if (botDomain && !domains.some((d) => String(d).toLowerCase() === botDomain)) domains.push(botDomain);

  // Command menus: Teams shows at most 10 commands per list, titles up to 32 and descriptions up to 128.
  for (const [i, list] of (bots[0]?.commandLists ?? []).entries()) {
    const commands = list.commands ?? [];
    const where = `${manifestPath} bots[0].commandLists[${i}] (${(list.scopes ?? []).join(", ")})`;
    if (commands.length > MAX_COMMANDS) {
      problems.push(`${where} has ${commands.length} commands; Teams shows at most ${MAX_COMMANDS}`);
    }
    for (const { title = "", description = "" } of commands) {
      if (title.length > MAX_COMMAND_TITLE) {
        problems.push(`${where} command title "${title}" is longer than ${MAX_COMMAND_TITLE} characters`);
      }
      if (description.length > MAX_COMMAND_DESCRIPTION) {
        problems.push(
          `${where} description of "${title}" is longer than ${MAX_COMMAND_DESCRIPTION} characters`,
        );
      }
    }
  }

  const icons = readIcons(manifest, manifestPath, problems);
  const languages = readLanguages(manifest, manifestPath, problems);
  if (problems.length) throw new PackagingError(problems);

  const packaged = {
    ...manifest,
    id: appId,
    bots: [{ ...bots[0], botId: appId }, ...bots.slice(1)],
    ...(extensions.length
      ? { composeExtensions: extensions.map((e) => extensionFor(e, appId, botDomain)) }
      : {}),
    ...(domains.length ? { validDomains: domains } : {}),
  };
  const schemaErrors = [
    ...(await validate(packaged)).map((e) => `schema (${packaged.$schema}): ${e.trim() || "manifest"}`),
  ];
  for (const { name, json } of languages) {
    for (const e of await validate(json, "MicrosoftTeams.Localization.schema.json"))
      schemaErrors.push(`${name}: schema (${json.$schema}): ${e.trim() || "language file"}`);
  }
  if (schemaErrors.length) throw new PackagingError(schemaErrors);

  const entries = [
    { name: "manifest.json", data: Buffer.from(`${JSON.stringify(packaged, null, 2)}\n`, "utf8") },
    ...icons,
    ...languages.map(({ name, data }) => ({ name, data })),
  ];
  const zip = createZip(entries);
  mkdirSync(outDir, { recursive: true });
  const zipPath = join(outDir, "appPackage.zip");
  const partial = `${zipPath}.partial`;
  writeFileSync(partial, zip);
  renameSync(partial, zipPath);
  return { zipPath, appId, files: entries.map((e) => e.name) };
}

/**
 * The message extension with the real bot id; with BOT_DOMAIN, its link handlers unfurl that domain. Without
 * it there is no link handler at all: the committed example domain never reaches a package.
 * @param {Record<string, any>} extension @param {string} appId @param {string | undefined} botDomain
 */
function extensionFor(extension, appId, botDomain) {
  const handlers = (extension.messageHandlers ?? []).flatMap((h) =>
    h.type !== "link" ? [h] : botDomain ? [{ ...h, value: { ...h.value, domains: [botDomain] } }] : [],
  );
  const { messageHandlers: _committed, ...rest } = extension;
  return { ...rest, botId: appId, ...(handlers.length ? { messageHandlers: handlers } : {}) };
}

/** @param {NodeJS.ProcessEnv} env @param {string[]} problems */
function readAppId(env, problems) {
  const camel = env.MicrosoftAppId?.trim();
  const upper = env.MICROSOFT_APP_ID?.trim();
  if (camel && upper && camel.toLowerCase() !== upper.toLowerCase()) {
    problems.push("MicrosoftAppId and MICROSOFT_APP_ID are both set and differ: set only one of them");
    return PLACEHOLDER_ID;
  }
  const appId = camel || upper;
  if (!appId) {
    problems.push(
      "MicrosoftAppId is not set: set MicrosoftAppId (or MICROSOFT_APP_ID) to the bot's Microsoft App ID, " +
        "a GUID like 3f2504e0-4f89-41d3-9a0c-0305e82c3301",
    );
  } else if (!GUID.test(appId)) {
    problems.push(`MicrosoftAppId must be a GUID like 3f2504e0-4f89-41d3-9a0c-0305e82c3301, got "${appId}"`);
  } else if (appId === PLACEHOLDER_ID) {
    problems.push(
      `MicrosoftAppId is the placeholder ${PLACEHOLDER_ID}: set it to the bot's real Microsoft App ID`,
    );
  } else {
    return appId.toLowerCase();
  }
  return PLACEHOLDER_ID;
}

/** @param {NodeJS.ProcessEnv} env @param {string[]} problems @returns {string | undefined} */
function readBotDomain(env, problems) {
  const raw = env.BOT_DOMAIN?.trim();
  if (!raw) return undefined;
  const problem = hostNameProblem(raw, { wildcard: false });
  if (problem) {
    problems.push(`BOT_DOMAIN ${JSON.stringify(raw)} ${problem}`);
    return undefined;
  }
  return raw.toLowerCase();
}

/**
 * Why a validDomains entry is not a bare host name (e.g. `bot.contoso.com`, or `*.contoso.com` where a
 * wildcard is allowed), or undefined when it is one.
 * @param {unknown} value
 * @param {{ wildcard: boolean }} options
 */
function hostNameProblem(value, { wildcard }) {
  const example = "such as bot.contoso.com";
  if (typeof value !== "string" || value === "") return `must be a bare host name ${example}`;
  const parts = [];
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(value);
  if (scheme) parts.push(`the scheme "${scheme[0]}"`);
  const rest = value.slice(scheme ? scheme[0].length : 0);
  const path = /[/?#].*$/.exec(rest);
  if (path) parts.push(`the path "${path[0]}"`);
  const host = path ? rest.slice(0, path.index) : rest;
  const port = /:\d*$/.exec(host);
  if (port) parts.push(`the port "${port[0]}"`);
  if (parts.length) return `must be a bare host name ${example}: remove ${parts.join(" and ")}`;
  if (!wildcard && value.includes("*")) return `must name one host ${example}, without a wildcard`;
  const labels = (value.startsWith("*.") ? value.slice(2) : value).split(".");
  const label = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;
  if (
    value.length > 253 ||
    labels.length < 2 ||
    !labels.every((l) => label.test(l)) ||
    !/[a-z]/i.test(labels.at(-1) ?? "")
  ) {
    const rule = wildcard ? '; a wildcard only as a leading "*."' : "";
    return `must be a bare host name ${example} (letters, digits and hyphens in dot-separated labels${rule})`;
  }
  return undefined;
}

/**
 * Checks the icons the manifest names and returns them as zip entries.
 * @param {Record<string, any>} manifest @param {string} manifestPath @param {string[]} problems
 */
function readIcons(manifest, manifestPath, problems) {
  const entries = [];
  for (const [key, { size, what }] of Object.entries(ICONS)) {
    const name = manifest.icons?.[key];
    if (typeof name !== "string" || name !== basename(name) || name.startsWith(".")) {
      problems.push(
        `${manifestPath} icons.${key} must be a file name next to the manifest (found ${JSON.stringify(name)})`,
      );
      continue;
    }
    const file = join(manifestDir, name);
    if (!existsSync(file)) {
      problems.push(`icons.${key} names ${file}, which does not exist (run node scripts/make-icons.mjs)`);
      continue;
    }
    const data = readFileSync(file);
    try {
      const { width, height, bitDepth, colorType } = readPngHeader(data);
      if (width !== size || height !== size) {
        problems.push(`${file} is ${width}x${height}; the ${what} must be ${size}x${size}`);
      }
      if (key === "outline" && colorType !== 4 && colorType !== 6) {
        problems.push(`${file} has no alpha channel (PNG colour type ${colorType}); the ${what} needs one`);
      }
      if (bitDepth !== 8) problems.push(`${file} has bit depth ${bitDepth}; use 8`);
    } catch (error) {
      problems.push(`${file}: ${error.message}`);
      continue;
    }
    entries.push({ name, data });
  }
  return entries;
}

/**
 * The language files `localizationInfo` names: next to the manifest, each with the localization schema of
 * the manifest's version, translating only strings the manifest has, within Teams' command menu limits.
 * @param {Record<string, any>} manifest @param {string} manifestPath @param {string[]} problems
 * @returns {{ name: string, data: Buffer, json: Record<string, any> }[]}
 */
function readLanguages(manifest, manifestPath, problems) {
  const files = [];
  const expectedSchema = String(manifest.$schema ?? "").replace(
    "MicrosoftTeams.schema.json",
    "MicrosoftTeams.Localization.schema.json",
  );
  for (const { languageTag, file: name } of manifest.localizationInfo?.additionalLanguages ?? []) {
    if (typeof name !== "string" || name !== basename(name) || !name.endsWith(".json")) {
      problems.push(
        `${manifestPath} localizationInfo names ${JSON.stringify(name)}: use a .json file name next to it`,
      );
      continue;
    }
    const file = join(manifestDir, name);
    if (!existsSync(file)) {
      problems.push(`localizationInfo names ${file} (${languageTag}), which does not exist`);
      continue;
    }
    const json = readJson(file);
    if (json.$schema !== expectedSchema)
      problems.push(`${file} must name the schema ${expectedSchema} (found ${JSON.stringify(json.$schema)})`);
    for (const [key, value] of Object.entries(json)) {
      if (key === "$schema") continue;
      if (lookUp(manifest, key) === undefined)
        problems.push(`${file} translates "${key}", which the manifest does not have`);
      if (/\.commands\[\d+\]\.description$/.test(key) && String(value).length > MAX_COMMAND_DESCRIPTION)
        problems.push(`${file} "${key}" is longer than ${MAX_COMMAND_DESCRIPTION} characters`);
    }
    files.push({ name, data: readFileSync(file), json });
  }
  return files;
}

/** The manifest's value at a localization key such as `bots[0].commandLists[1].commands[2].title`. */
function lookUp(manifest, key) {
  if (Object.hasOwn(manifest, key.split(".")[0]) && /^(name|description)\.(short|full)$/.test(key))
    return manifest[key.split(".")[0]]?.[key.split(".")[1]];
  let node = manifest;
  for (const part of key.match(/[^.[\]]+/g) ?? []) {
    if (node === undefined || node === null) return undefined;
    node = node[/^\d+$/.test(part) ? Number(part) : part];
  }
  return node;
}

/**
 * Validates against the schema named by `$schema` (the app manifest's, or `schemaName` of the same version),
 * loaded from the copy @microsoft/app-manifest ships.
 * @param {Record<string, any>} manifest
 * @param {string} [schemaName]
 * @returns {Promise<string[]>}
 */
async function validate(manifest, schemaName) {
  const schemaFile = localSchemaFile(manifest.$schema, schemaName);
  const version = /\/v(\d+\.\d+)\//.exec(manifest.$schema)?.[1];
  if (!schemaName && manifest.manifestVersion !== version) {
    return [`manifestVersion "${manifest.manifestVersion}" does not match the $schema URL (v${version})`];
  }
  // The package cleans the same two escapes when it loads a schema itself. The localization schema also has
  // patterns with a lone "]" after "\b" ("activityTypes[\b(…)\b]"), which its validator's unicode regular
  // expressions refuse to compile; escaping that bracket keeps the pattern's meaning.
  const schema = JSON.parse(
    readFileSync(schemaFile, "utf8")
      .replace(/\\a/g, "\\u0007")
      .replace(/\\v/g, "\\u000b")
      .replace(/\\\\b\]/g, "\\\\b\\\\]"),
  );
  // Loaded only now: it is the slow part, and every cheaper check has passed by here.
  const { AppManifestUtils } = await import("@microsoft/app-manifest");
  return AppManifestUtils.validateAgainstSchema(manifest, schema);
}

/** @param {unknown} url @param {string} [schemaName] */
function localSchemaFile(url, schemaName = "MicrosoftTeams.schema.json") {
  const match =
    typeof url === "string" &&
    /^https:\/\/developer\.microsoft\.com\/(?:[a-z]{2}(?:-[a-z]{2})?\/)?json-schemas\/(teams\/v\d+\.\d+\/)(MicrosoftTeams(?:\.Localization)?\.schema\.json)$/i.exec(
      url,
    );
  const packageDir = dirname(createRequire(import.meta.url).resolve("@microsoft/app-manifest/package.json"));
  const file =
    match && match[2] === schemaName
      ? join(packageDir, "build", "json-schemas", match[1], schemaName)
      : undefined;
  if (!file || !existsSync(file)) {
    throw new PackagingError([
      `$schema ${JSON.stringify(url)} is not an official Teams manifest schema that @microsoft/app-manifest ships, ` +
        "so it cannot be validated offline; use https://developer.microsoft.com/json-schemas/teams/v1.<n>/MicrosoftTeams.schema.json",
    ]);
  }
  return file;
}

/** @param {string} file */
function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8").replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new PackagingError([`cannot read ${file}: ${error.message}`]);
  }
}

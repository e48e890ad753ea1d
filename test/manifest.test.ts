/**
 * The Teams app manifest, its icons and the packager (scripts/package-manifest.mjs). Everything runs
 * offline: the official schema comes from the copy @microsoft/app-manifest ships, and the PNG and zip
 * readers below are independent of the scripts' writers so that they check the files, not the code.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { inflateRawSync, inflateSync } from "node:zlib";
import { AppManifestUtils } from "@microsoft/app-manifest";
import { afterAll, describe, expect, test } from "vitest";
import { translator } from "../src/i18n/index.js";
import type { Role } from "../src/domain/shared/actor.js";
import { commandCatalog } from "../src/features/index.js";
import { catalogs, type MessageKey } from "../src/i18n/index.js";
import { searchCommandId } from "../src/features/extension/extension.feature.js";
import { messageActionIds } from "../src/features/extension/message-actions.js";

interface Command {
  title: string;
  description?: string;
}
interface CommandList {
  scopes: string[];
  commands: Command[];
}
interface Manifest {
  $schema: string;
  manifestVersion: string;
  id: string;
  accentColor: string;
  icons: { color: string; outline: string };
  validDomains?: string[];
  localizationInfo?: {
    defaultLanguageTag: string;
    additionalLanguages: { languageTag: string; file: string }[];
  };
  bots: {
    botId: string;
    scopes: string[];
    supportsFiles?: boolean;
    isNotificationOnly?: boolean;
    commandLists?: CommandList[];
  }[];
  composeExtensions?: {
    botId: string;
    commands: {
      id: string;
      type: string;
      context?: string[];
      title: string;
      description?: string;
      fetchTask?: boolean;
      parameters?: { title: string; description?: string }[];
    }[];
    messageHandlers?: { type: string; value: { domains: string[]; supportsAnonymizedPayloads?: boolean } }[];
  }[];
}

const PLACEHOLDER_ID = "00000000-0000-0000-0000-000000000000";
const TEST_APP_ID = "6c1f3a2e-9b4d-4e8a-a5f0-2d7c8b9e1f43";
/** What Teams shows in a bot's command menu (stricter than the schema since v1.24). */
const MAX_COMMANDS = 10;
const MAX_TITLE = 32;
const MAX_DESCRIPTION = 128;

const manifestDir = fileURLToPath(new URL("../manifest/", import.meta.url));
const packager = fileURLToPath(new URL("../scripts/package-manifest.mjs", import.meta.url));
const manifestText = readFileSync(join(manifestDir, "manifest.json"), "utf8");
const manifest = JSON.parse(manifestText) as Manifest;
const bot = manifest.bots[0];
const commandLists = bot?.commandLists ?? [];

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

test(
  "manifest.json validates against the official Teams schema offline with zero errors",
  { timeout: 30_000 },
  async () => {
    expect(await validateOffline(manifest)).toEqual([]);
  },
);

test("manifest.json names a schema of version 1.19 or later that matches its manifestVersion", () => {
  const version =
    /^https:\/\/developer\.microsoft\.com\/json-schemas\/teams\/v(1\.(\d+))\/MicrosoftTeams\.schema\.json$/.exec(
      manifest.$schema,
    );
  expect(version, `unexpected $schema ${manifest.$schema}`).not.toBeNull();
  expect(Number(version?.[2])).toBeGreaterThanOrEqual(19);
  expect(manifest.manifestVersion).toBe(version?.[1]);
});

test("manifest.json commits the placeholder GUID, never a real app or bot id", () => {
  expect(manifest.id).toBe(PLACEHOLDER_ID);
  expect(manifest.bots).toHaveLength(1);
  expect(bot?.botId).toBe(PLACEHOLDER_ID);
});

test("the bot is conversational in personal chat, teams and group chats, without files", () => {
  expect([...(bot?.scopes ?? [])].sort()).toEqual(["groupChat", "personal", "team"]);
  expect(bot?.supportsFiles).toBe(false);
  expect(bot?.isNotificationOnly).toBe(false);
});

test("manifest.json commits no validDomains: the package takes them from BOT_DOMAIN, never an example", () => {
  expect(manifest.validDomains).toBeUndefined();
  expect(manifestText).not.toMatch(/"validDomains"/);
});

// ---------------------------------------------------------------------------------------------------------
// The app in Danish, Norwegian and Swedish: localizationInfo and one language file each.

const languages = [
  { tag: "da-dk", file: "da.json", language: "da" },
  { tag: "nb-no", file: "nb.json", language: "nb" },
  { tag: "sv-se", file: "sv.json", language: "sv" },
] as const;
const languageFile = (file: string) =>
  JSON.parse(readFileSync(join(manifestDir, file), "utf8")) as Record<string, string>;

test("localizationInfo names a language file for Danish, Norwegian and Swedish; English is the default", () => {
  const info = (manifest as unknown as { localizationInfo?: Record<string, unknown> }).localizationInfo;
  expect(info).toEqual({
    defaultLanguageTag: "en-us",
    additionalLanguages: languages.map(({ tag, file }) => ({ languageTag: tag, file })),
  });
});

test.each(languages)(
  "$file validates against the official localization schema offline",
  { timeout: 30_000 },
  async ({ file }) => {
    const strings = languageFile(file);
    expect(strings.$schema).toBe(
      manifest.$schema.replace("MicrosoftTeams.schema", "MicrosoftTeams.Localization.schema"),
    );
    expect(await validateOffline(strings as unknown as { $schema: string })).toEqual([]);
    // and the check can fail: a key the schema does not know is reported
    expect(
      await validateOffline({ ...strings, "bots[0].nickname": "x" } as unknown as { $schema: string }),
    ).not.toEqual([]);
  },
);

test.each(languages)(
  "$file translates the name, the descriptions and every command menu entry with the bot's own texts",
  ({ file, language }) => {
    const strings = languageFile(file);
    const english = manifest as unknown as {
      name: Record<string, string>;
      description: Record<string, string>;
    };
    expect(strings["name.short"]).toBe(english.name.short);
    for (const key of ["name.full", "description.short", "description.full"] as const) {
      const [part, size] = key.split(".") as ["name" | "description", string];
      expect(strings[key], key).toBeTruthy();
      expect(strings[key], key).not.toBe(english[part][size]);
    }
    expect(strings["description.short"]?.length).toBeLessThanOrEqual(80);
    expect(strings["description.full"]?.length).toBeLessThanOrEqual(4000);
    const expected: Record<string, string> = {};
    commandLists.forEach((list, i) =>
      list.commands.forEach((command, j) => {
        expected[`bots[0].commandLists[${i}].commands[${j}].description`] =
          catalogs[language][`command.${command.title}` as MessageKey];
      }),
    );
    const commandKeys = Object.fromEntries(
      Object.entries(strings).filter(([key]) => key.startsWith("bots[0]")),
    );
    expect(commandKeys).toEqual(expected);
    for (const text of Object.values(commandKeys)) expect(text.length).toBeLessThanOrEqual(MAX_DESCRIPTION);
  },
);

test("the bare host name check rejects schemes, paths, ports and inner wildcards", () => {
  for (const good of ["pipeline.example.com", "*.example.com", "bot-1.eu.example.co.uk"]) {
    expect(isBareHostName(good), good).toBe(true);
  }
  for (const bad of [
    "https://pipeline.example.com",
    "pipeline.example.com/",
    "pipeline.example.com/path",
    "pipeline.example.com:443",
    "pipe*.example.com",
    "*.*.example.com",
    "*",
    "localhost",
    "-bad.example.com",
    "bad_host.example.com",
    "10.0.0.1",
    "",
  ]) {
    expect(isBareHostName(bad), bad).toBe(false);
  }
});

test("the colour icon is a 192x192 full-colour PNG on the accent colour", () => {
  const png = decodePng(readFileSync(join(manifestDir, manifest.icons.color)));
  expect([png.width, png.height]).toEqual([192, 192]);
  expect([2, 6]).toContain(png.colorType);
  const accent = [1, 3, 5].map((i) => parseInt(manifest.accentColor.slice(i, i + 2), 16));
  expect(png.pixel(0, 0).slice(0, 3)).toEqual(accent);
  expect(png.pixel(191, 191).slice(0, 3)).toEqual(accent);
});

test("the outline icon is a 32x32 PNG with an alpha channel and only white or transparent pixels", () => {
  const png = decodePng(readFileSync(join(manifestDir, manifest.icons.outline)));
  expect([png.width, png.height]).toEqual([32, 32]);
  expect([4, 6], "the outline needs an alpha channel (PNG colour type 4 or 6)").toContain(png.colorType);
  const offending: string[] = [];
  let opaque = 0;
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const [r, g, b, a] = png.pixel(x, y);
      if (a === 0) continue;
      if (r !== 255 || g !== 255 || b !== 255) offending.push(`(${x},${y})=rgba(${r},${g},${b},${a})`);
      if (a === 255) opaque++;
    }
  }
  expect(offending, "pixels that are neither white nor fully transparent").toEqual([]);
  expect(opaque, "the outline glyph is visible").toBeGreaterThan(32);
});

test("every command menu entry is a catalog command with its catalog description, within Teams limits", () => {
  expect(commandLists.length).toBeGreaterThan(0);
  for (const list of commandLists) {
    const where = `commandLists for ${list.scopes.join(", ")}`;
    expect(list.commands.length, `${where}: Teams shows at most ${MAX_COMMANDS}`).toBeLessThanOrEqual(
      MAX_COMMANDS,
    );
    expect(list.commands.length, where).toBeGreaterThan(0);
    const titles = list.commands.map((c) => c.title);
    expect(new Set(titles).size, `${where}: duplicate titles`).toBe(titles.length);
    for (const { title, description } of list.commands) {
      const command = commandCatalog.find((c) => c.name === title);
      expect(command, `${where}: "${title}" is not a command in the command catalog`).toBeDefined();
      expect(title.length, `${where}: title "${title}"`).toBeLessThanOrEqual(MAX_TITLE);
      expect(description?.length ?? 0, `${where}: description of "${title}"`).toBeGreaterThan(0);
      expect(description?.length ?? 0, `${where}: description of "${title}"`).toBeLessThanOrEqual(
        MAX_DESCRIPTION,
      );
      expect(description, `${where}: description of "${title}" should follow the catalog`).toBe(
        command?.description,
      );
    }
  }
});

test("each bot scope has exactly one command list", () => {
  const scopes = commandLists.flatMap((l) => l.scopes).sort();
  expect(scopes).toEqual([...(bot?.scopes ?? [])].sort());
});

test("the personal command menu lists every command reps, managers and admins may use while it has room", () => {
  const staff: readonly Role[] = ["rep", "manager", "admin"];
  const wanted = commandCatalog.filter((c) => c.roles.some((r) => staff.includes(r))).map((c) => c.name);
  const personal = commandLists.find((l) => l.scopes.includes("personal"));
  const listed = personal?.commands.map((c) => c.title) ?? [];
  if (wanted.length <= MAX_COMMANDS) {
    const suggestion = JSON.stringify(
      commandCatalog
        .filter((c) => wanted.includes(c.name))
        .map((c) => ({ title: c.name, description: c.description })),
    );
    expect(
      wanted.filter((name) => !listed.includes(name)),
      `missing from the personal commandLists in manifest/manifest.json; catalog order gives ${suggestion}`,
    ).toEqual([]);
  } else {
    expect(listed, `the personal command list has room for ${MAX_COMMANDS} commands`).toHaveLength(
      MAX_COMMANDS,
    );
  }
});

test(
  "the packager writes appPackage.zip with manifest.json and both icons at its root and the app id substituted",
  { timeout: 60_000 },
  async () => {
    const out = tempDir();
    const result = runPackager(["--out", out], {
      MicrosoftAppId: TEST_APP_ID,
      BOT_DOMAIN: "bot.pipeline-test.example.net",
    });
    expect(result.status, result.stderr).toBe(0);
    const zipPath = join(out, "appPackage.zip");
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(zipPath);
    expect(lines[0]).toContain(TEST_APP_ID);

    const files = readZip(readFileSync(zipPath));
    expect([...files.keys()].sort()).toEqual([
      "color.png",
      "da.json",
      "manifest.json",
      "nb.json",
      "outline.png",
      "sv.json",
    ]);
    for (const language of ["da", "nb", "sv"])
      expect(files.get(`${language}.json`)).toEqual(readFileSync(join(manifestDir, `${language}.json`)));
    expect(files.get("color.png")).toEqual(readFileSync(join(manifestDir, manifest.icons.color)));
    expect(files.get("outline.png")).toEqual(readFileSync(join(manifestDir, manifest.icons.outline)));

    const packagedText = files.get("manifest.json")?.toString("utf8") ?? "";
    expect(packagedText).not.toContain(PLACEHOLDER_ID);
    const packaged = JSON.parse(packagedText) as Manifest;
    expect(packaged.id).toBe(TEST_APP_ID);
    expect(packaged.bots[0]?.botId).toBe(TEST_APP_ID);
    expect(packaged.validDomains).toEqual(["bot.pipeline-test.example.net"]);
    // The message extension is the bot's, and unfurls the bot's own domain.
    expect(packaged.composeExtensions?.[0]?.botId).toBe(TEST_APP_ID);
    expect(packaged.composeExtensions?.[0]?.messageHandlers).toEqual([
      {
        type: "link",
        value: { domains: ["bot.pipeline-test.example.net"], supportsAnonymizedPayloads: true },
      },
    ]);
    const unchanged = (m: Manifest) => ({
      ...m,
      id: "",
      bots: m.bots.map((b) => ({ ...b, botId: "" })),
      composeExtensions: m.composeExtensions?.map((e) => ({ ...e, botId: "", messageHandlers: [] })),
      validDomains: undefined,
    });
    expect(unchanged(packaged)).toEqual(unchanged(manifest));
    expect(await validateOffline(packaged)).toEqual([]);
  },
);

test("the message extension declares search, the two message actions and the link handler, as the bot handles them", () => {
  const extension = manifest.composeExtensions?.[0];
  expect(extension?.botId).toBe(PLACEHOLDER_ID);
  expect(extension?.commands.map((c) => [c.id, c.type, c.context, c.fetchTask ?? false])).toEqual([
    [searchCommandId, "query", ["compose", "commandBox"], false],
    ...messageActionIds.map((id) => [id, "action", ["message"], true]),
  ]);
  expect(extension?.messageHandlers?.map((h) => h.type)).toEqual(["link"]);
});

describe("the manifest in Danish, Norwegian and Swedish", () => {
  const languages = ["da", "nb", "sv"] as const;
  const localized = (language: string) =>
    JSON.parse(readFileSync(join(manifestDir, `${language}.json`), "utf8")) as Record<string, string> &
      Manifest;

  test("the message extension's texts are the extension's messages in each language", () => {
    const texts = (t: ReturnType<typeof translator>) => [
      t.t("ext.manifest.search.title"),
      t.t("ext.manifest.search.description"),
      t.t("ext.manifest.search.parameter"),
      t.t("ext.manifest.search.parameterDescription"),
      t.t("ext.manifest.createLead.title"),
      t.t("ext.manifest.createLead.description"),
      t.t("ext.manifest.addToRecord.title"),
      t.t("ext.manifest.addToRecord.description"),
    ];
    const [search, createLead, addToRecord] = manifest.composeExtensions?.[0]?.commands ?? [];
    expect([
      search?.title,
      search?.description,
      search?.parameters?.[0]?.title,
      search?.parameters?.[0]?.description,
      createLead?.title,
      createLead?.description,
      addToRecord?.title,
      addToRecord?.description,
    ]).toEqual(texts(translator("en")));
    for (const language of languages) {
      const file = localized(language);
      const key = (i: number, rest: string) => file[`composeExtensions[0].commands[${i}].${rest}`];
      expect(
        [
          key(0, "title"),
          key(0, "description"),
          key(0, "parameters[0].title"),
          key(0, "parameters[0].description"),
          key(1, "title"),
          key(1, "description"),
          key(2, "title"),
          key(2, "description"),
        ],
        language,
      ).toEqual(texts(translator(language)));
    }
  });
});

test(
  "the packager also reads MICROSOFT_APP_ID, and without BOT_DOMAIN the package has no validDomains",
  { timeout: 30_000 },
  () => {
    const out = tempDir();
    const result = runPackager(["--out", out], { MICROSOFT_APP_ID: TEST_APP_ID.toUpperCase() });
    expect(result.status, result.stderr).toBe(0);
    const packaged = JSON.parse(
      readZip(readFileSync(join(out, "appPackage.zip")))
        .get("manifest.json")
        ?.toString() ?? "{}",
    );
    expect((packaged as Manifest).id).toBe(TEST_APP_ID);
    expect((packaged as Manifest).validDomains).toBeUndefined();
  },
);

test(
  "the packager rejects a BOT_DOMAIN with a scheme or path and names BOT_DOMAIN",
  { timeout: 30_000 },
  () => {
    const out = tempDir();
    const result = runPackager(["--out", out], {
      MicrosoftAppId: TEST_APP_ID,
      BOT_DOMAIN: "https://x.example.com/path",
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("BOT_DOMAIN");
    expect(result.stderr).toContain("https://x.example.com/path");
    expect(readdirSync(out)).toEqual([]);
  },
);

test(
  "the packager refuses to run without MicrosoftAppId and says which variable to set",
  { timeout: 30_000 },
  () => {
    const out = tempDir();
    const result = runPackager(["--out", out], {});
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("MicrosoftAppId");
    expect(readdirSync(out)).toEqual([]);
  },
);

// ---------------------------------------------------------------------------------------------------------

type ValidateArgs = Parameters<typeof AppManifestUtils.validateAgainstSchema>;

/**
 * Validates against the schema file @microsoft/app-manifest ships, so nothing is ever fetched: the app
 * manifest's, or a language file's (MicrosoftTeams.Localization.schema.json of the same version).
 */
async function validateOffline(m: { $schema: string }): Promise<string[]> {
  const suffix =
    /^https:\/\/developer\.microsoft\.com\/(?:[a-z]{2}-[a-z]{2}\/)?json-schemas\/(teams\/v[\d.]+\/MicrosoftTeams(?:\.Localization)?\.schema\.json)$/i.exec(
      m.$schema,
    )?.[1];
  const packageDir = dirname(createRequire(import.meta.url).resolve("@microsoft/app-manifest/package.json"));
  const schemaFile = join(packageDir, "build", "json-schemas", suffix ?? "missing");
  expect(existsSync(schemaFile), `@microsoft/app-manifest ships no schema for ${m.$schema}`).toBe(true);
  const schema = JSON.parse(
    readFileSync(schemaFile, "utf8")
      .replace(/\\a/g, "\\u0007")
      .replace(/\\v/g, "\\u000b")
      // the localization schema's "\b]" (a lone bracket) does not compile as a unicode regular expression
      .replace(/\\\\b\]/g, "\\\\b\\\\]"),
  ) as ValidateArgs[1];
  return AppManifestUtils.validateAgainstSchema(m as unknown as ValidateArgs[0], schema);
}

/** A validDomains entry Teams accepts: `host.example.com` or `*.example.com`, nothing else. */
function isBareHostName(value: string): boolean {
  const host = value.startsWith("*.") ? value.slice(2) : value;
  const labels = host.split(".");
  return (
    host.length <= 253 &&
    labels.length >= 2 &&
    labels.every((l) => /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i.test(l)) &&
    /[a-z]/i.test(labels[labels.length - 1] ?? "")
  );
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "pipeline-manifest-"));
  tempDirs.push(dir);
  return dir;
}

function runPackager(args: string[], env: Record<string, string>) {
  const inherited: NodeJS.ProcessEnv = { ...process.env };
  delete inherited.MicrosoftAppId;
  delete inherited.MICROSOFT_APP_ID;
  delete inherited.BOT_DOMAIN;
  return spawnSync(process.execPath, [packager, ...args], {
    env: { ...inherited, ...env },
    encoding: "utf8",
    timeout: 50_000,
  });
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (crcTable[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

interface DecodedPng {
  width: number;
  height: number;
  colorType: number;
  /** RGBA of one pixel, whatever the colour type. */
  pixel(x: number, y: number): [number, number, number, number];
}

/** Decodes a non-interlaced 8-bit grey, RGB, grey+alpha or RGBA PNG, checking every chunk's CRC. */
function decodePng(file: Buffer): DecodedPng {
  expect(file.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const idat: Buffer[] = [];
  let ihdr: Buffer | undefined;
  let offset = 8;
  for (;;) {
    const length = file.readUInt32BE(offset);
    const type = file.toString("latin1", offset + 4, offset + 8);
    const data = file.subarray(offset + 8, offset + 8 + length);
    expect(crc32(file.subarray(offset + 4, offset + 8 + length)), `CRC of ${type}`).toBe(
      file.readUInt32BE(offset + 8 + length),
    );
    if (type === "IHDR") ihdr = data;
    if (type === "IDAT") idat.push(data);
    offset += 12 + length;
    if (type === "IEND") break;
  }
  if (!ihdr) throw new Error("PNG without IHDR");
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  const [bitDepth, colorType, , , interlace] = [ihdr[8], ihdr[9], ihdr[10], ihdr[11], ihdr[12]];
  expect(bitDepth, "bit depth").toBe(8);
  expect(interlace, "interlace").toBe(0);
  const channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[colorType ?? -1];
  if (!channels) throw new Error(`unsupported PNG colour type ${colorType}`);

  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  expect(raw.length).toBe((stride + 1) * height);
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let i = 0; i < stride; i++) {
      const x = raw[y * (stride + 1) + 1 + i] ?? 0;
      const a = i >= channels ? (pixels[y * stride + i - channels] ?? 0) : 0;
      const b = y > 0 ? (pixels[(y - 1) * stride + i] ?? 0) : 0;
      const c = y > 0 && i >= channels ? (pixels[(y - 1) * stride + i - channels] ?? 0) : 0;
      const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter ?? -1];
      if (predictor === undefined) throw new Error(`bad PNG filter ${filter} on row ${y}`);
      pixels[y * stride + i] = (x + predictor) & 0xff;
    }
  }
  return {
    width,
    height,
    colorType: colorType ?? -1,
    pixel(x, y) {
      const p = [...pixels.subarray((y * width + x) * channels, (y * width + x + 1) * channels)];
      const [v0 = 0, v1 = 0, v2 = 0, v3 = 0] = p;
      if (channels === 1) return [v0, v0, v0, 255];
      if (channels === 2) return [v0, v0, v0, v1];
      if (channels === 3) return [v0, v1, v2, 255];
      return [v0, v1, v2, v3];
    },
  };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Reads a zip through its central directory, inflating each entry and checking its size and CRC. */
function readZip(zip: Buffer): Map<string, Buffer> {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  expect(end, "end of central directory record").toBeGreaterThanOrEqual(0);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at), "central directory header").toBe(0x02014b50);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localOffset = zip.readUInt32LE(at + 42);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;

    expect(zip.readUInt32LE(localOffset), `local header of ${name}`).toBe(0x04034b50);
    expect(
      zip.toString("utf8", localOffset + 30, localOffset + 30 + zip.readUInt16LE(localOffset + 26)),
    ).toBe(name);
    const start = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const body = zip.subarray(start, start + compressedSize);
    expect([0, 8], `compression method of ${name}`).toContain(method);
    const data = method === 8 ? inflateRawSync(body) : Buffer.from(body);
    expect(data.length, `size of ${name}`).toBe(size);
    expect(crc32(data), `CRC of ${name}`).toBe(crc);
    files.set(name, data);
  }
  return files;
}

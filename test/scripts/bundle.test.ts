import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { startBotProcess, type BotProcess } from "../e2e/support/bot-process.js";
import { teamsMessage } from "../support/bot-server.js";
import { validateCard } from "../support/card-validation.js";
// @ts-expect-error a plain .mjs build script without type declarations
import { bundleEntry } from "../../scripts/bundle.mjs";
// @ts-expect-error a plain .mjs build script without type declarations
import { lazyPackages } from "../../scripts/bundle-plugins.mjs";
// @ts-expect-error a plain .mjs build script without type declarations
import { startupOutputs } from "../../scripts/bundle-units.mjs";
import providers from "email-providers/all.json" with { type: "json" };
import { catalogs } from "../../src/i18n/index.js";
import { projectRoot } from "../../src/util/project-root.js";
import { exercise } from "./fixtures/lazy-libraries.js";
import { cardOf, cardText, RecordingConnector } from "../support/recording-connector.js";

/**
 * The bot's esbuild bundle (scripts/bundle.mjs), which `npm start`, the playground and the deploy run, built
 * for this test run by test/setup/bot-bundle.ts: it starts, finds what it reads from disk (cards/ at start-up,
 * better-sqlite3's native addon, the store), and answers a message and a card over real HTTP. Its metafile shows
 * what esbuild kept: only the zod locale the bot uses, and the Cosmos DB SDK in a chunk of its own that an
 * embedded-store bot never loads (test/store/lazy-cosmos.test.ts); the libraries no request reaches only in files
 * of their own that load on first use, and botbuilder's four copies of zod 3 as one.
 */

const startTimeoutMs = 120_000;
let connector: RecordingConnector | undefined;
let bot: BotProcess | undefined;

beforeAll(async () => {
  connector = await RecordingConnector.start();
  // The preload reports each file the bundle loads from its lazy folder.
  const preload = join(projectRoot(), "test/scripts/fixtures/report-lazy-loads.mjs");
  bot = await startBotProcess(
    { NODE_OPTIONS: `--import=${pathToFileURL(preload).href}` },
    { startTimeoutMs },
  );
}, startTimeoutMs);

afterAll(async () => {
  await bot?.stop();
  await connector?.close();
});

async function send(text: string): Promise<string> {
  if (!bot || !connector) throw new Error("the bot did not start");
  const activity = teamsMessage({ serviceUrl: connector.serviceUrl, text });
  const response = await fetch(bot.endpoint, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(activity),
  });
  expect(response.status).toBe(200);
  const replies = connector.received.filter((r) => r.body.replyToId === activity.id);
  expect(replies.length).toBeGreaterThan(0);
  for (const reply of replies) {
    const card = cardOf(reply);
    if (card) expect(validateCard(card)).toEqual([]);
  }
  return replies.map((r) => `${r.body.text ?? ""}\n${cardText(cardOf(r))}`).join("\n");
}

describe("the bundle as a process", () => {
  test("answers /healthz on the embedded store", async () => {
    const response = await fetch(`${bot?.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", store: { ok: true, kind: "embedded" } });
  });

  test("answers help, and a new lead with its card", async () => {
    expect(await send("help")).toMatch(/lead new/);
    const created = await send("lead new Website redesign first=Ann last=Berg company=Contoso");
    expect(created).toContain("L-1001");
    expect(created).toContain("Website redesign");
    expect(bot?.output() ?? "").not.toMatch(/error|exception/i);
  });

  test("loads none of the lazily loaded libraries for them", async () => {
    expect(await send("lead show L-1001")).toContain("Website redesign");
    expect(bot?.output()).toContain("[lazy-load] watching");
    expect(bot?.output()).not.toMatch(/\[lazy-load\] \./);
  });
});

describe("what the bundle holds", () => {
  type Meta = {
    outputs: Record<string, { bytes: number; inputs: Record<string, unknown>; entryPoint?: string }>;
  };
  const bundle = inject("botBundle");
  const meta = JSON.parse(readFileSync(join(dirname(bundle), "main.meta.json"), "utf8")) as Meta;
  const mainOutput = Object.keys(meta.outputs).find((out) => out.endsWith("/main.js"));
  // The bundle's entry file and the chunks it imports statically: what the bot loads at start-up.
  const startup = (mainOutput ? startupOutputs(meta, mainOutput) : []) as string[];
  const fileOf = new Map(
    startup.flatMap((out) => Object.keys(meta.outputs[out]?.inputs ?? {}).map((i) => [i, out])),
  );
  const inputs = [...fileOf.keys()];

  test("the bot's own modules and its libraries are in the files it loads at start-up", () => {
    expect(mainOutput).toBeDefined();
    expect(inputs).toContain("src/main.ts");
    expect(inputs.some((i) => i.includes("node_modules/adaptivecards-templating/"))).toBe(true);
  });

  test("split into compile units: no file over 1 MB, the large libraries and the features each in their own", () => {
    // scripts/bundle-units.mjs: V8 compiles each file's top level in one go, and glibc keeps what that takes.
    const sizes = startup.map((out) => meta.outputs[out]?.bytes ?? 0);
    expect(Math.max(...sizes)).toBeLessThan(1024 * 1024);
    const fileHolding = (prefix: string) => {
      const files = new Set(inputs.filter((i) => i.startsWith(prefix)).map((i) => fileOf.get(i)));
      expect(files.size, prefix).toBe(1);
      return [...files][0];
    };
    const units = [
      "src/features/opportunities/",
      "node_modules/botbuilder/",
      "node_modules/botframework-connector/",
      "node_modules/restify/",
      "node_modules/adaptive-expressions/",
      "node_modules/antlr4ts/",
    ].map(fileHolding);
    expect(new Set([...units, mainOutput]).size).toBe(units.length + 1);
    // The units' own entry files only drew the lines: none is written.
    expect(readdirSync(dirname(bundle)).filter((f) => f.includes("-unit-"))).toEqual([]);
  });

  test("each file it loads at start-up names its source map, so --enable-source-maps finds the TypeScript", () => {
    expect(startup.length).toBeGreaterThan(1);
    const sources = startup.flatMap((out) => {
      const file = join(dirname(bundle), basename(out));
      const comment = /\n\/\/# sourceMappingURL=([^\n]+)\n?$/.exec(readFileSync(file, "utf8"));
      expect(comment?.[1], out).toBe(`${basename(out)}.map`);
      return (JSON.parse(readFileSync(`${file}.map`, "utf8")) as { sources: string[] }).sources;
    });
    expect(sources.some((s) => s.endsWith("src/main.ts"))).toBe(true);
    expect(sources.some((s) => s.endsWith("src/features/opportunities/opportunity-card.views.ts"))).toBe(
      true,
    );
  });

  test("of zod's locales only English, which zod itself configures", () => {
    // The bot's zod (botbuilder's packages bring copies of zod 3 of their own, which load English only).
    const locales = inputs.filter((i) => /^node_modules\/zod\/.*\/locales\//.test(i));
    expect(locales.length).toBeGreaterThan(0);
    expect(locales.filter((i) => !/locales\/(en|index)\.js$/.test(i))).toEqual([]);
  });

  test("the lazily loaded libraries only in files of their own beside the bundle", () => {
    const names = (lazyPackages as { name: string }[]).map((p) => p.name);
    const bundled = inputs.filter((i) => names.some((name) => i.includes(`node_modules/${name}/`)));
    expect(bundled.length).toBeGreaterThan(0);
    // What the bundle keeps of each is the stand-in that requires its file.
    expect(bundled.filter((i) => !i.startsWith("lazy-package:"))).toEqual([]);
    const lazyMeta = JSON.parse(readFileSync(join(dirname(bundle), "main-lazy.meta.json"), "utf8")) as Record<
      string,
      { package: string }
    >;
    expect(
      Object.values(lazyMeta)
        .map((m) => m.package)
        .sort(),
    ).toEqual([...names].sort());
    for (const file of Object.keys(lazyMeta))
      expect(existsSync(join(dirname(bundle), "main-lazy", file))).toBe(true);
  });

  test("one copy of zod 3 for botbuilder's four packages", () => {
    const copies = new Set(
      inputs
        .filter((i) => i.includes("node_modules/") && /\/zod\//.test(i))
        .map((i) => i.slice(0, i.lastIndexOf("/zod/") + 4)),
    );
    const versions = [...copies].map(
      (copy) =>
        (JSON.parse(readFileSync(join(projectRoot(), copy, "package.json"), "utf8")) as { version: string })
          .version,
    );
    expect(
      versions.filter((v) => v.startsWith("3.")),
      [...copies].join(", "),
    ).toHaveLength(1);
    expect(versions.filter((v) => v.startsWith("4."))).toHaveLength(1);
  });

  test("adaptive-expressions' regular-expression parser, time-zone table and trigger trees run on first use", () => {
    // scripts/bundle-plugins.mjs, deferredModules: bundled, but behind a stand-in its index lists without running.
    for (const file of [
      "commonRegex.js",
      "generated/index.js",
      "timeZoneConverter.js",
      "triggerTrees/index.js",
    ])
      expect(inputs).toContain(`deferred-module:node_modules/adaptive-expressions/lib/${file}`);
  });

  test("lodash once: adaptive-expressions' lodash/isEqual is the whole library's method", () => {
    // scripts/bundle-plugins.mjs, lodashMethodsPlugin: restify loads the whole lodash anyway.
    expect(inputs).toContain("node_modules/lodash/lodash.js");
    expect(inputs).toContain("lodash-method:node_modules/lodash/lodash.js#isEqual");
    expect(inputs.filter((i) => /^node_modules\/lodash\/(?!lodash\.js$)/.test(i))).toEqual([]);
  });

  test("the message catalogs and the free-mail list as JSON files written when it was built, not as modules", () => {
    // scripts/bundle-plugins.mjs, prebuiltModules: a loaded module's source and top-level literals stay in the heap.
    expect(inputs).toContain("prebuilt-data:src/i18n/catalogs.ts");
    expect(inputs).toContain("prebuilt-data:node_modules/email-providers/all.json");
    const everyInput = Object.values(meta.outputs).flatMap((o) => Object.keys(o.inputs));
    const modules = everyInput.filter((i) =>
      /\.messages\.ts$|^src\/i18n\/(en|da|nb|sv|feature-messages|catalogs)\.ts$|^node_modules\/email-providers\//.test(
        i,
      ),
    );
    expect(modules).toEqual([]);
    const data = (name: string) =>
      JSON.parse(readFileSync(join(dirname(bundle), "main-data", name), "utf8")) as unknown;
    expect(data("src+i18n+catalogs.json")).toEqual({ catalogs });
    expect(data("email-providers+all.json")).toEqual({ default: providers });
  });

  test("the Cosmos DB SDK only in a chunk of its own", () => {
    expect(inputs.filter((i) => i.includes("node_modules/@azure/cosmos/"))).toEqual([]);
    const chunks = Object.entries(meta.outputs).filter(([out]) =>
      /cosmos-document-store-[^/]+\.js$/.test(out),
    );
    expect(chunks).toHaveLength(1);
    expect(
      Object.keys(chunks[0]?.[1].inputs ?? {}).some((i) => i.includes("node_modules/@azure/cosmos/")),
    ).toBe(true);
  });
});

describe("the lazily loaded libraries and the one zod 3, bundled", () => {
  // The libraries' own code, run as it is and bundled with the build's plugins (test/scripts/fixtures/lazy-libraries.ts).
  let dir: string | undefined;
  afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

  test("work as the libraries do unbundled, each loaded when first called", async () => {
    const cache = join(projectRoot(), "node_modules", ".cache");
    dir = mkdtempSync(join(cache, "lazy-libraries-"));
    const out = "lazy-libraries";
    const entry = "test/scripts/fixtures/lazy-libraries.ts";
    const built = (await bundleEntry(projectRoot(), dir, { name: out, entry, out })) as { file: string };
    const { stdout } = await promisify(execFile)(process.execPath, [built.file], { cwd: projectRoot() });
    const bundled = JSON.parse(stdout) as Record<string, unknown>;
    const direct = await exercise();
    // Unbundled there is no lazy folder; bundled, a plain expression and botbuilder's start load nothing from it.
    expect({ ...bundled, atEnd: [] }).toEqual(direct);
    expect(bundled["xPath"]).toBe(3);
    expect([bundled["objectsEqual"], bundled["objectsDiffer"]]).toEqual([true, false]);
    expect(bundled["isMatch"]).toBe(true);
    expect(bundled["convertFromUTC"]).toBe("2018-01-01 18:00");
    expect(bundled["exported"]).toEqual(
      expect.arrayContaining(["CommonRegex", "TimeZoneConverter", "TriggerTree"]),
    );
    expect(bundled["zodRefusesANumber"]).toMatchObject({ name: "ZodError" });
    expect(bundled["msiCredentials"]).toBe("ManagedIdentityAppCredentials");
    expect(bundled["passwordClient"]).toBe("function");
    expect(bundled["atEnd"]).toEqual([
      "azure+identity.cjs",
      "azure+msal-node.cjs",
      "fast-xml-parser.cjs",
      "microsoft+recognizers-text-data-types-timex-expression.cjs",
      "xmldom+xmldom.cjs",
      "xpath.cjs",
    ]);
  }, 120_000);
});

import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { startBotProcess, type BotProcess } from "../e2e/support/bot-process.js";
import { tempDir } from "../support/temp-dir.js";

/**
 * The Cosmos DB SDK is loaded only when the configuration names Cosmos DB (src/store/open-store.ts). Loaded,
 * it holds about 4 MB of V8 heap for good, and V8 lets the old generation grow to about four times what it
 * retains under load, so an eager import would cost the embedded store's users some 16 MB of resident memory
 * (issue 14's memory target). Checked on the real bot in its own process, started from its bundle as in
 * production: the SDK is in a chunk of its own (test/scripts/bundle.test.ts), and a module loader hook records
 * every module the bot's ES modules resolve from the first line on.
 */

let bot: BotProcess | undefined;
let dir: { path: string; remove(): Promise<void> } | undefined;
let log = "";

// Started like the e2e tests' bots, in a hook: a start-up on a loaded machine takes longer than a test may.
beforeAll(async () => {
  dir = await tempDir("lazy-cosmos");
  log = join(dir.path, "resolved.txt");
  await writeFile(log, "");
  const preload = await resolveRecorder(dir.path, log);
  bot = await startBotProcess({ STORE: "embedded", NODE_OPTIONS: `--import=${pathToFileURL(preload).href}` });
});

afterAll(async () => {
  await bot?.stop();
  await dir?.remove();
});

/** A preload that registers a resolve hook appending each resolved URL to `log`, one a line. */
async function resolveRecorder(folder: string, log: string): Promise<string> {
  const hook = [
    'import { appendFileSync } from "node:fs";',
    "let log;",
    "export function initialize(data) { log = data.log; }",
    "export async function resolve(specifier, context, next) {",
    "  const resolved = await next(specifier, context);",
    '  appendFileSync(log, resolved.url + "\\n");',
    "  return resolved;",
    "}",
  ].join("\n");
  const hookFile = join(folder, "record-resolve-hook.mjs");
  const preload = join(folder, "record-resolve.mjs");
  await writeFile(hookFile, hook);
  await writeFile(
    preload,
    [
      'import { register } from "node:module";',
      `register(${JSON.stringify(pathToFileURL(hookFile).href)}, { data: { log: ${JSON.stringify(log)} } });`,
    ].join("\n"),
  );
  return preload;
}

test("the bot on the embedded store starts without loading the Cosmos DB SDK", async () => {
  const resolved = (await readFile(log, "utf8")).split("\n").filter(Boolean);
  // The recorder saw the bundle itself and one of its lazily loaded chunks: it was really there.
  expect(resolved).toContain(pathToFileURL(inject("botBundle")).href);
  expect(resolved.some((url) => /\/main-chunk-[^/]+\.js$/.test(url))).toBe(true);
  expect(resolved.filter((url) => /cosmos-document-store-[^/]+\.js$/.test(url))).toEqual([]);
  expect(resolved.filter((url) => url.includes("/node_modules/@azure/cosmos/"))).toEqual([]);
});

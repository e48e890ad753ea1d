import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { startBotProcess, type BotProcess } from "../e2e/support/bot-process.js";
import { teamsMessage } from "../support/bot-server.js";
import { validateCard } from "../support/card-validation.js";
import { cardOf, cardText, RecordingConnector } from "../support/recording-connector.js";

/**
 * The bot's esbuild bundle (scripts/bundle.mjs), which `npm start`, the playground and the deploy run, built
 * for this test run by test/setup/bot-bundle.ts: it starts, finds what it reads from disk (cards/ at start-up,
 * better-sqlite3's native addon, the store), and answers a message and a card over real HTTP. Its metafile shows
 * what esbuild kept: only the zod locale the bot uses, and the Cosmos DB SDK in a chunk of its own that an
 * embedded-store bot never loads (test/store/lazy-cosmos.test.ts).
 */

const startTimeoutMs = 120_000;
let connector: RecordingConnector | undefined;
let bot: BotProcess | undefined;

beforeAll(async () => {
  connector = await RecordingConnector.start();
  bot = await startBotProcess({}, { startTimeoutMs });
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
});

describe("what the bundle holds", () => {
  type Meta = { outputs: Record<string, { inputs: Record<string, unknown>; entryPoint?: string }> };
  const bundle = inject("botBundle");
  const meta = JSON.parse(readFileSync(join(dirname(bundle), "main.meta.json"), "utf8")) as Meta;
  const [mainOutput, main] = Object.entries(meta.outputs).find(([out]) => out.endsWith("/main.js")) ?? [];
  const inputs = Object.keys(main?.inputs ?? {});

  test("the bot's own modules and its libraries are in the one file", () => {
    expect(mainOutput).toBeDefined();
    expect(inputs).toContain("src/main.ts");
    expect(inputs.some((i) => i.includes("node_modules/adaptivecards-templating/"))).toBe(true);
  });

  test("of zod's locales only English, which zod itself configures", () => {
    // The bot's zod (botbuilder's packages bring copies of zod 3 of their own, which load English only).
    const locales = inputs.filter((i) => /^node_modules\/zod\/.*\/locales\//.test(i));
    expect(locales.length).toBeGreaterThan(0);
    expect(locales.filter((i) => !/locales\/(en|index)\.js$/.test(i))).toEqual([]);
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

import { afterAll, beforeAll, expect, test } from "vitest";
import { en } from "../../src/i18n/en.js";
import { da } from "../../src/i18n/da.js";
import { nb } from "../../src/i18n/nb.js";
import { sv } from "../../src/i18n/sv.js";
import { StoreError, type DocumentStore } from "../../src/store/document-store.port.js";
import { startBotServer } from "../support/bot-server.js";
import { chat } from "../support/chat.js";
import { RecordingConnector } from "../support/recording-connector.js";
import { openTestStore } from "../support/test-store.js";
import { tempDir } from "../support/temp-dir.js";

/**
 * What the user is told when the store fails. "Nothing was changed" only where that is true — a read, or a
 * write the store refused before sending it; a write whose answer was lost (a Cosmos connection that broke
 * under it, resent and refused) may have been saved, and the user is told to check before trying again, so
 * that a lead or opportunity is not created twice. The store's failures are injected at the DocumentStore
 * port, over the real store; everything above it (repositories, app, HTTP, texts) is the bot's own.
 */

type Failing = "none" | "read" | "write refused" | "write unknown";
let failing: Failing = "none";

const writes = new Set(["create", "replace", "delete", "batch"]);
const reads = new Set(["read", "query", "search"]);

function failingStore(store: DocumentStore): DocumentStore {
  return new Proxy(store, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== "function" || typeof name !== "string") return value;
      return (...args: unknown[]) => {
        if (failing === "read" && reads.has(name))
          throw new StoreError("unavailable", "Cosmos query failed (HTTP 503).");
        if (failing === "write refused" && writes.has(name))
          throw new StoreError("unavailable", "Cosmos create failed (HTTP 503).");
        if (failing === "write unknown" && writes.has(name))
          throw new StoreError(
            "unavailable",
            "Cosmos create: the connection broke under it, and its resend was refused (HTTP 409), so it may or may not have been saved.",
            { outcomeUnknown: true },
          );
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

let connector: RecordingConnector;
let bot: Awaited<ReturnType<typeof startBotServer>>;
let dir: Awaited<ReturnType<typeof tempDir>>;
const { say } = chat(
  () => bot,
  () => connector,
);

beforeAll(async () => {
  connector = await RecordingConnector.start();
  dir = await tempDir("storage-replies");
  bot = await startBotServer({}, async () => failingStore(await openTestStore(dir.path)));
  // The user is known (their first turn records them) before any failure is injected.
  expect((await say("lead new Warm-up last=Berg company=Contoso")).text).toMatch(/L-1001/);
});

afterAll(async () => {
  failing = "none";
  await bot?.stop();
  await connector?.close();
  await dir?.remove();
});

const languages = [
  ["en-US", en],
  ["da-DK", da],
  ["nb-NO", nb],
  ["sv-SE", sv],
] as const;

async function answer(mode: Failing, text: string, locale: string): Promise<string> {
  failing = mode;
  try {
    return (await say(text, { locale })).text;
  } finally {
    failing = "none";
  }
}

test.each(languages)(
  "%s: a write whose outcome is unknown says so, and to check before trying again",
  async (locale, texts) => {
    const reply = await answer("write unknown", `lead new Pumps ${locale} last=Berg company=Contoso`, locale);
    expect(reply).toBe(texts["reply.store_outcome_unknown"]);
    expect(reply).not.toBe(texts["reply.store_unavailable"]);
    expect(reply).toMatch(/lead show/);
  },
);

test.each(languages)(
  "%s: a write refused before it was sent says nothing was changed",
  async (locale, texts) => {
    const reply = await answer(
      "write refused",
      `lead new Valves ${locale} last=Berg company=Contoso`,
      locale,
    );
    expect(reply).toBe(texts["reply.store_unavailable"]);
  },
);

test.each(languages)("%s: a read that fails says nothing was changed", async (locale, texts) => {
  expect(await answer("read", "lead list", locale)).toBe(texts["reply.store_unavailable"]);
});

test("the English texts tell the two cases apart", () => {
  expect(en["reply.store_unavailable"]).toMatch(/nothing was changed/);
  expect(en["reply.store_outcome_unknown"]).not.toMatch(/nothing was changed/);
  expect(en["reply.store_outcome_unknown"]).toMatch(/can't tell whether your change was saved/);
});

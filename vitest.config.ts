import { defineConfig } from "vitest/config";

/**
 * Behaviour tests (real HTTP into /api/messages, the bot as a process, the Agents Playground) run on both
 * stores: once in the project `embedded` and once in the project `cosmos`, which starts a local Cosmos
 * server per test file (test/setup/cosmos-store.ts) and tells the helpers to put every bot on it
 * (test/support/test-store.ts). Everything else (parsers, domain with fakes, the store adapters' own suites,
 * which already cover both) runs once.
 */
const onBothStores = ["test/server.test.ts", "test/features/**/*.test.ts", "test/e2e/**/*.e2e.test.ts"];

export default defineConfig({
  test: {
    setupFiles: ["test/setup/no-console.ts"],
    // Bundles the bot once per run: the tests that start it as a process run the bundle (test/setup/bot-bundle.ts).
    globalSetup: ["test/setup/bot-bundle.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // End-to-end files start real processes (bot, Agents Playground, Cosmos server); two at a time suits
    // a 2-core machine.
    maxWorkers: 2,
    reporters: ["default", "./test/setup/summary-reporter.ts"],
    projects: [
      { extends: true, test: { name: "embedded", include: ["test/**/*.test.ts"] } },
      {
        extends: true,
        test: {
          name: "cosmos",
          include: onBothStores,
          env: { TEST_STORE: "cosmos" },
          setupFiles: ["test/setup/cosmos-store.ts"],
        },
      },
    ],
  },
});

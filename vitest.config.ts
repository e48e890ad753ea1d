import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup/no-console.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // End-to-end files start real processes (bot, Agents Playground, Cosmos server); two at a time suits
    // a 2-core machine.
    maxWorkers: 2,
    reporters: ["default", "./test/setup/summary-reporter.ts"],
  },
});

/**
 * What the global setup (test/setup/bot-bundle.ts) provides to tests, typed for `inject`. A file of its own so
 * that code outside vitest's program that reads it (bench/failover.ts through test/e2e/support/bot-process.ts,
 * compiled by tsconfig.build.json) sees the same declaration without loading the setup and its build script.
 */
declare module "vitest" {
  export interface ProvidedContext {
    /** The bot's bundle built for this test run (what `npm start` runs): test/e2e/support/bot-process.ts. */
    botBundle: string;
  }
}

export {};

import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { composeBot } from "./compose.js";
import { ConfigError, readConfig } from "./config/config.js";
import { createLogger } from "./log.js";
import { startServer } from "./server.js";
import { openStore } from "./store/open-store.js";

async function main(): Promise<void> {
  let config;
  try {
    config = readConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  const store = await openStore(config.store);
  // On Cosmos DB any number of instances may share the store: they elect the one that sends.
  const election =
    config.store.kind === "cosmos"
      ? { holder: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`, ...config.senderLease }
      : undefined;
  const { app, notifications, searchBackfill, opportunityBackfill } = composeBot({
    config,
    store,
    log,
    ...(election ? { election } : {}),
  });
  // Awaited only on a new store (one write); records of an older version get their fields in the background.
  await searchBackfill.start();
  const server = await startServer({ config, app, store, log });
  await notifications.start();
  // Tenants stored before pipeline totals and attention dates: prepared in the background, resumably.
  await opportunityBackfill.start();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("stopping", { signal });
    await server.close();
    await notifications.stop();
    await searchBackfill.stop();
    await opportunityBackfill.stop();
    await store.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("unhandledRejection", (reason) => {
    log.error("unhandled rejection", {
      error: reason instanceof Error ? (reason.stack ?? reason.message) : String(reason),
    });
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Pipeline bot failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});

import { ConfigError, readConfig } from "./config/config.js";
import { backupEmbeddedStore } from "./store/embedded/backup.js";

/** `npm run backup -- <file>`: an online backup of the embedded store named by DATA_DIR, safe while the bot runs. */
async function main(): Promise<void> {
  const target = process.argv[2];
  if (!target || process.argv.length > 3) {
    process.stderr.write("Usage: npm run backup -- <file>   (the file must not exist yet)\n");
    process.exit(2);
  }
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
  if (config.store.kind !== "embedded") {
    process.stderr.write(
      "STORE is cosmos: use Azure Cosmos DB's own backups; this command backs up the embedded store.\n",
    );
    process.exit(2);
  }
  const started = Date.now();
  const { pages } = await backupEmbeddedStore(config.store.dataDir, target);
  process.stdout.write(
    `Backed up ${config.store.dataDir}/pipeline.db to ${target} (${pages} pages, ${Date.now() - started} ms).\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`Backup failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

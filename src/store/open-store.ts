import { mkdir } from "node:fs/promises";
import type { Config } from "../config/config.js";
import type { DocumentStore } from "./document-store.port.js";
import { EmbeddedDocumentStore } from "./embedded/embedded-document-store.js";

/** Opens the store the configuration names: the embedded SQLite database (default) or Azure Cosmos DB. */
export async function openStore(config: Config["store"]): Promise<DocumentStore> {
  if (config.kind === "cosmos") {
    // Loaded only when used: the Cosmos SDK costs start-up time and memory the embedded store does not need.
    const { CosmosDocumentStore } = await import("./cosmos/cosmos-document-store.js");
    return CosmosDocumentStore.open({
      endpoint: config.endpoint,
      key: config.key,
      database: config.database,
      container: config.container,
    });
  }
  // Only the default ./data is created: a DATA_DIR someone set and that is missing (a volume that did not
  // mount) must stop start-up rather than start an empty store beside it.
  if (config.createDataDir) await mkdir(config.dataDir, { recursive: true });
  return openEmbeddedStore(config.dataDir);
}

/** The embedded store on DATA_DIR; tests open it through here too, so the choice lives in one place. */
export function openEmbeddedStore(dataDir: string): Promise<EmbeddedDocumentStore> {
  return EmbeddedDocumentStore.open({ dir: dataDir });
}

import type { Config } from "../config/config.js";
import type { DocumentStore } from "./document-store.port.js";
import { EmbeddedDocumentStore } from "./embedded/embedded-document-store.js";

/** Opens the store the configuration names: the embedded journal (default) or Azure Cosmos DB. */
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
  return EmbeddedDocumentStore.open({ dir: config.dataDir });
}

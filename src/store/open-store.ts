import type { Config } from "../config/config.js";
import { CosmosDocumentStore } from "./cosmos/cosmos-document-store.js";
import type { DocumentStore } from "./document-store.port.js";
import { EmbeddedDocumentStore } from "./embedded/embedded-document-store.js";

/** Opens the store the configuration names: the embedded journal (default) or Azure Cosmos DB. */
export async function openStore(config: Config["store"]): Promise<DocumentStore> {
  if (config.kind === "cosmos") {
    return CosmosDocumentStore.open({
      endpoint: config.endpoint,
      key: config.key,
      database: config.database,
      container: config.container,
    });
  }
  return EmbeddedDocumentStore.open({ dir: config.dataDir });
}

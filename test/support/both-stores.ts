import { afterAll, beforeAll } from "vitest";
import { CosmosDocumentStore } from "../../src/store/cosmos/cosmos-document-store.js";
import type { DocumentStore } from "../../src/store/document-store.port.js";
import { startCosmosServer, type CosmosTestServer } from "./cosmos-server.js";
import { tempDir } from "./temp-dir.js";
import { openEmbedded } from "./test-store.js";

export interface OpenedStore {
  readonly store: DocumentStore;
  done(): Promise<void>;
}

/**
 * The two adapters a repository's contract runs against, for `describe.each`: a fresh embedded store in a
 * temp folder, and a fresh container on the local Cosmos server that this call starts for the test file.
 */
export function bothStores(name: string): [string, () => Promise<OpenedStore>][] {
  let cosmos: CosmosTestServer | undefined;
  let containers = 0;
  beforeAll(async () => {
    cosmos = await startCosmosServer();
  });
  afterAll(async () => {
    await cosmos?.stop();
  });
  return [
    [
      "embedded",
      async () => {
        const dir = await tempDir(name);
        const store = await openEmbedded(dir.path);
        return { store, done: async () => (await store.close(), await dir.remove()) };
      },
    ],
    [
      "cosmos",
      async () => {
        if (!cosmos) throw new Error("the local Cosmos server is not running");
        const store = await CosmosDocumentStore.open({
          endpoint: cosmos.endpoint,
          key: cosmos.key,
          agent: cosmos.agent,
          database: `${name}-repository-test`,
          container: `${name}-${++containers}`,
        });
        return { store, done: () => store.close() };
      },
    ],
  ];
}

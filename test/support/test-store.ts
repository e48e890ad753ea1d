import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { CosmosClient } from "@azure/cosmos";
import { CosmosDocumentStore } from "../../src/store/cosmos/cosmos-document-store.js";
import type { DocumentStore } from "../../src/store/document-store.port.js";
import { EmbeddedDocumentStore } from "../../src/store/embedded/embedded-document-store.js";
import type { CosmosTestServer } from "./cosmos-server.js";

/**
 * The one place tests choose a store. Behaviour tests (HTTP features, notifications, partners, the bot
 * processes of the end-to-end files) run once per store: the vitest project `embedded` and the project
 * `cosmos` (vitest.config.ts), which sets TEST_STORE=cosmos and starts a local Cosmos server for each test
 * file (test/setup/cosmos-store.ts). Swapping the embedded implementation is a change to `openEmbedded`.
 */

export type TestStoreKind = "embedded" | "cosmos";

/** The store this test file runs on. */
export const testStoreKind: TestStoreKind = process.env["TEST_STORE"] === "cosmos" ? "cosmos" : "embedded";

/** The embedded store on a folder: every test that wants the embedded store opens it here. */
export const openEmbedded = (dir: string): Promise<DocumentStore> => EmbeddedDocumentStore.open({ dir });

let server: CosmosTestServer | undefined;

/** Called by the cosmos project's setup file around each test file. */
export function useCosmosServer(running: CosmosTestServer | undefined): void {
  server = running;
}

/** The local Cosmos server of this test file (cosmos project only). */
export function cosmosServer(): CosmosTestServer {
  if (!server) {
    throw new Error(
      "No local Cosmos server: the cosmos project's setup file (test/setup/cosmos-store.ts) starts it.",
    );
  }
  return server;
}

/** Database and container that belong to one data folder: a bot restarted on the folder finds its data again. */
export function cosmosNamesFor(dataDir: string): { database: string; container: string } {
  return {
    database: "pipeline-test",
    container: `c-${createHash("sha256").update(dataDir).digest("hex").slice(0, 24)}`,
  };
}

/** Configuration variables that put a bot on this file's store (nothing for the embedded store). */
export function storeEnvFor(dataDir: string): Record<string, string> {
  if (testStoreKind === "embedded") return {};
  const names = cosmosNamesFor(dataDir);
  return {
    STORE: "cosmos",
    COSMOS_ENDPOINT: cosmosServer().endpoint,
    COSMOS_KEY: cosmosServer().key,
    COSMOS_DATABASE: names.database,
    COSMOS_CONTAINER: names.container,
  };
}

/**
 * The store of this file's kind that belongs to the data folder `dir`: empty for a fresh folder, and the same
 * data again when opened once more on it (a restart).
 */
export async function openTestStore(dir: string): Promise<DocumentStore> {
  if (testStoreKind === "embedded") return openEmbedded(dir);
  const running = cosmosServer();
  const names = cosmosNamesFor(dir);
  return CosmosDocumentStore.open({
    endpoint: running.endpoint,
    key: running.key,
    ...(running.endpoint.startsWith("https:") ? { agent: running.agent } : {}),
    ...names,
  });
}

/**
 * A fingerprint of everything stored for the data folder `dataDir`, read beside the bot (not through it): any
 * write, even a refused one, changes it. Embedded: the journal's size. Cosmos: every item's id and ETag.
 */
export async function storeFingerprint(dataDir: string): Promise<string> {
  if (testStoreKind === "embedded") return String(statSync(join(dataDir, "journal.log")).size);
  const running = cosmosServer();
  const names = cosmosNamesFor(dataDir);
  const client = new CosmosClient({
    endpoint: running.endpoint,
    key: running.key,
    connectionPolicy: { enableEndpointDiscovery: false },
  });
  try {
    const { resources } = await client
      .database(names.database)
      .container(names.container)
      .items.query<{ id: string; tenantId: string; _etag: string }>("SELECT c.id, c.tenantId, c._etag FROM c")
      .fetchAll();
    return JSON.stringify(resources.map((r) => `${r.tenantId}/${r.id}@${r._etag}`).sort());
  } finally {
    client.dispose();
  }
}

/**
 * The documents of one type that the store of `dataDir` holds for `tenant`, read beside a running bot (not
 * through it, and without opening the store: a second embedded store on the folder could compact the
 * journal under the bot). Embedded: the journal's intact lines, the last record per id winning. Cosmos: a
 * query through a second client.
 */
export async function storedDocuments(
  dataDir: string,
  tenant: string,
  type: string,
): Promise<Record<string, unknown>[]> {
  if (testStoreKind === "embedded") {
    const latest = new Map<string, Record<string, unknown> | undefined>();
    for (const line of readFileSync(join(dataDir, "journal.log"), "utf8").split("\n")) {
      let record: { t?: string; id?: string; b?: Record<string, unknown> } | undefined;
      try {
        record = JSON.parse(line.slice(9)) as typeof record;
      } catch {
        continue; // a line being written right now
      }
      if (record?.t === tenant && record.id !== undefined) latest.set(record.id, record.b);
    }
    return [...latest.values()].filter((b): b is Record<string, unknown> => b?.["type"] === type);
  }
  const running = cosmosServer();
  const names = cosmosNamesFor(dataDir);
  const client = new CosmosClient({
    endpoint: running.endpoint,
    key: running.key,
    connectionPolicy: { enableEndpointDiscovery: false },
  });
  try {
    const { resources } = await client
      .database(names.database)
      .container(names.container)
      .items.query<Record<string, unknown>>({
        query: "SELECT * FROM c WHERE c.tenantId = @tenant AND c.type = @type",
        parameters: [
          { name: "@tenant", value: tenant },
          { name: "@type", value: type },
        ],
      })
      .fetchAll();
    return resources;
  } finally {
    client.dispose();
  }
}

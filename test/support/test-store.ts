import { createHash } from "node:crypto";
import { join } from "node:path";
import Database from "better-sqlite3";
import { CosmosClient, type SqlQuerySpec } from "@azure/cosmos";
import { CosmosDocumentStore } from "../../src/store/cosmos/cosmos-document-store.js";
import type { DocumentStore } from "../../src/store/document-store.port.js";
import { openEmbeddedStore } from "../../src/store/open-store.js";
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
export const openEmbedded = (dir: string): Promise<DocumentStore> => openEmbeddedStore(dir);

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
 * write changes it. Embedded: SQLite's write counter (every committed write raises it). Cosmos: every item's
 * id and ETag.
 */
export async function storeFingerprint(dataDir: string): Promise<string> {
  if (testStoreKind === "embedded") {
    return String(
      readEmbedded(dataDir, (db) => db.prepare("SELECT value FROM meta WHERE key = 'version'").pluck().get()),
    );
  }
  const resources = await queryCosmos<{ id: string; tenantId: string; _etag: string }>(
    dataDir,
    "SELECT c.id, c.tenantId, c._etag FROM c",
  );
  // The notification sender's lease is renewed on a timer, not by anything a test does: left out, or a
  // slow step (a loaded machine) sees it change between two fingerprints.
  const changedByUsers = resources.filter((r) => !(r.tenantId === "~pipeline" && r.id === "sender-lease"));
  return JSON.stringify(changedByUsers.map((r) => `${r.tenantId}/${r.id}@${r._etag}`).sort());
}

/**
 * The documents of one type that the store of `dataDir` holds for `tenant`, read beside a running bot (not
 * through it, and without opening the store, which the bot holds locked). Embedded: a read-only SQLite
 * connection on the bot's file. Cosmos: a query through a second client.
 */
export async function storedDocuments(
  dataDir: string,
  tenant: string,
  type: string,
): Promise<Record<string, unknown>[]> {
  if (testStoreKind === "embedded") {
    const bodies = readEmbedded(dataDir, (db) =>
      db.prepare("SELECT body FROM documents WHERE tenant = ? AND type = ?").pluck().all(tenant, type),
    ) as string[];
    return bodies.map((body) => JSON.parse(body) as Record<string, unknown>);
  }
  return queryCosmos<Record<string, unknown>>(dataDir, {
    query: "SELECT * FROM c WHERE c.tenantId = @tenant AND c.type = @type",
    parameters: [
      { name: "@tenant", value: tenant },
      { name: "@type", value: type },
    ],
  });
}

/** A query through a second client on the container of the bot of `dataDir`, beside the running bot. */
async function queryCosmos<T>(dataDir: string, query: string | SqlQuerySpec): Promise<T[]> {
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
      .items.query<T>(query)
      .fetchAll();
    return resources;
  } finally {
    client.dispose();
  }
}

/** A read-only connection to the embedded store's file beside the running bot (WAL lets it read meanwhile). */
function readEmbedded<R>(dataDir: string, read: (db: Database.Database) => R): R {
  const db = new Database(join(dataDir, "pipeline.db"), { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

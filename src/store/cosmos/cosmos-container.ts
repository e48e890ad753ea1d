import {
  IndexingMode,
  PartitionKeyDefinitionVersion,
  PartitionKeyKind,
  type Container,
  type ContainerDefinition,
  type CosmosClient,
  type IndexingPolicy,
} from "@azure/cosmos";
import { StoreError } from "../document-store.port.js";
import { statusOf } from "./cosmos-errors.js";
import { requireResource } from "./cosmos-items.js";

/** The store's container: created with its partition key and indexing policy, or found as it is. */

export const partitionKeyPath = "/tenantId";

/**
 * Consistent indexing with the default range index on every path, so equality filters and single-field
 * ORDER BY on any top-level field are served by the index. Only the system `_etag` is left out, as in the
 * Cosmos default policy. Composite indexes are not needed: queries order by one field only.
 */
export const indexingPolicy: IndexingPolicy = {
  indexingMode: IndexingMode.consistent,
  automatic: true,
  includedPaths: [{ path: "/*" }],
  excludedPaths: [{ path: '/"_etag"/?' }],
};

export async function createContainerIfMissing(
  client: CosmosClient,
  databaseId: string,
  containerId: string,
): Promise<ContainerDefinition> {
  const { database } = await client.databases.createIfNotExists({ id: databaseId });
  const { resource } = await database.containers.createIfNotExists({
    id: containerId,
    partitionKey: {
      paths: [partitionKeyPath],
      kind: PartitionKeyKind.Hash,
      version: PartitionKeyDefinitionVersion.V2,
    },
    indexingPolicy,
  });
  return requireResource(resource, "container create");
}

export async function readContainerDefinition(
  container: Container,
  label: string,
): Promise<ContainerDefinition> {
  let resource: ContainerDefinition | undefined;
  try {
    resource = (await container.read()).resource;
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
  if (!resource) {
    throw new StoreError(
      "unavailable",
      `Cosmos container ${label} does not exist (and createIfMissing is false).`,
    );
  }
  return resource;
}

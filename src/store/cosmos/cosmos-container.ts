import {
  IndexingMode,
  PartitionKeyDefinitionVersion,
  PartitionKeyKind,
  CosmosClient,
  type Container,
  type ContainerDefinition,
  type IndexingPolicy,
} from "@azure/cosmos";
import type { Agent } from "node:http";
import { StoreError } from "../document-store.port.js";
import { cosmosAgent } from "./cosmos-agent.js";
import { statusOf, translate } from "./cosmos-errors.js";
import { requireResource } from "./cosmos-items.js";
import type { CosmosStoreOptions } from "./cosmos-options.js";

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

const defaultContainer = "pipeline";

/**
 * A client for the account and the store's container in it: created when allowed and missing, its partition
 * key checked. The agent is the store's own (to close with it) unless the caller gave one.
 */
export async function connect(
  options: CosmosStoreOptions,
): Promise<{ client: CosmosClient; container: Container; label: string; ownAgent: Agent | undefined }> {
  const containerId = options.container ?? defaultContainer;
  const endpoint = new URL(options.endpoint);
  const plainHttp = endpoint.protocol === "http:";
  const ownAgent = options.agent || plainHttp ? undefined : cosmosAgent(options.idleSocketMs, options.tls);
  const client = new CosmosClient({
    endpoint: options.endpoint,
    key: options.key,
    ...(options.agent || ownAgent ? { agent: options.agent ?? ownAgent } : {}),
    userAgentSuffix: "pipeline-bot",
    connectionPolicy: {
      enableEndpointDiscovery: !plainHttp,
      ...(options.requestTimeoutMs === undefined ? {} : { requestTimeout: options.requestTimeoutMs }),
    },
  });
  const dispose = () => {
    client.dispose();
    ownAgent?.destroy();
  };
  const label = `${options.database}/${containerId}`;
  let definition: ContainerDefinition;
  try {
    definition =
      options.createIfMissing === false
        ? await readContainerDefinition(client.database(options.database).container(containerId), label)
        : await createContainerIfMissing(client, options.database, containerId);
  } catch (error) {
    dispose();
    throw translate(error, `open of ${label}`, {});
  }
  const paths = definition.partitionKey?.paths ?? [];
  if (paths.length !== 1 || paths[0] !== partitionKeyPath) {
    dispose();
    throw new Error(
      `Cosmos container ${label} is partitioned by ${JSON.stringify(paths)}; this store needs ["${partitionKeyPath}"].`,
    );
  }
  return { client, container: client.database(options.database).container(containerId), label, ownAgent };
}

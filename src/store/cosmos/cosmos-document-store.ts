import { createHash } from "node:crypto";
import type { Agent } from "node:http";
import { performance } from "node:perf_hooks";
import {
  BulkOperationType,
  CosmosClient,
  IndexingMode,
  PartitionKeyDefinitionVersion,
  PartitionKeyKind,
  type Container,
  type ContainerDefinition,
  type IndexingPolicy,
  type OperationInput,
  type OperationResponse,
  type Response,
} from "@azure/cosmos";
import {
  StoreError,
  type BatchOperation,
  type DocumentBody,
  type DocumentPage,
  type DocumentQuery,
  type DocumentStore,
  type Scalar,
  type SearchQuery,
  type StoreErrorCode,
  type StoreHealth,
  type StoredDocument,
} from "../document-store.port.js";
import { assertTenantId, assertUsableDocumentId } from "../document-rules.js";
import { nextNumberByGuardedWrite } from "../counter.js";
import { cosmosAgent, type CosmosTlsOptions } from "./cosmos-agent.js";
import { buildSearchSpec } from "./cosmos-search.js";

/**
 * The Azure Cosmos DB (NoSQL API) adapter of the document store. This folder is the only place in src/ that
 * imports `@azure/cosmos`.
 *
 * Layout: one container (default `pipeline`) partitioned by `/tenantId`. Each item is `{ ...body, tenantId }`:
 * the store adds `tenantId` on the way in and strips it (with the Cosmos system fields `_rid`, `_self`,
 * `_etag`, `_attachments`, `_ts`, `_lsn`) on the way out. Because of that, `tenantId` and those system names
 * are reserved: a body that contains any of them is refused (TypeError) instead of being silently altered.
 * The ETag is the item's `_etag`.
 *
 * Tenancy: every point operation addresses the item by (id, partition key = tenantId), and every query has
 * `c.tenantId = @tenantId` in its WHERE besides the `partitionKey` option (defence in depth; the local test
 * server ignores the option, so the WHERE is what keeps tenants apart there). Items that come back with
 * another tenantId are treated as a broken invariant and throw.
 *
 * Errors: 404/409/412 become `StoreError` codes as the port describes; a continuation token this store did
 * not issue becomes `invalid_continuation`; network failures, throttling that outlasted the SDK's retries,
 * 5xx and other unexpected statuses become `unavailable` with the SDK error as `cause`. Caller bugs (invalid
 * arguments, and 400/413 from Cosmos) are thrown as they are.
 */

/** Where and how to connect. */
export interface CosmosStoreOptions {
  /** Account endpoint, e.g. `https://<account>.documents.azure.com:443/`. Plain `http:` turns endpoint discovery off. */
  readonly endpoint: string;
  readonly key: string;
  readonly database: string;
  /** Container id. Default: `pipeline`. */
  readonly container?: string;
  /**
   * HTTP(S) agent for this client only, owned by the caller (tests use one to accept the local server's
   * self-signed certificate). Default: the store's own keep-alive agent that closes idle sockets (cosmos-agent.ts).
   */
  readonly agent?: Agent;
  /** Idle time after which the store's own agent closes a pooled connection. Default: 30 s (cosmos-agent.ts). */
  readonly idleSocketMs?: number;
  /** TLS settings of the store's own agent (not used with `agent`). */
  readonly tls?: CosmosTlsOptions;
  /** Create the database and container when missing. Default: true. When false, a missing container fails `open`. */
  readonly createIfMissing?: boolean;
  /** Called once per SDK operation issued by the port methods (after it settles); must not throw. */
  readonly onRequest?: (event: CosmosRequestEvent) => void;
}

export type CosmosOperation = "read" | "create" | "replace" | "delete" | "query" | "batch" | "patch";

/** One SDK operation as seen by `onRequest`. */
export interface CosmosRequestEvent {
  readonly operation: CosmosOperation;
  readonly tenantId: string;
  /** The document id for point operations. */
  readonly id?: string;
  /** The SQL and parameters for queries. */
  readonly query?: QuerySpec;
  /** HTTP status; undefined when no response arrived (network failure). */
  readonly statusCode?: number;
  readonly requestCharge: number;
  readonly durationMs: number;
}

/** A parameterised Cosmos SQL query. Values only ever travel as parameters, never inside `query`. */
export interface QuerySpec {
  readonly query: string;
  readonly parameters: readonly { readonly name: string; readonly value: Scalar }[];
}

const defaultContainer = "pipeline";
const partitionKeyPath = "/tenantId";
const tenantField = "tenantId";
const maxLimit = 1000;
/** Field names usable in `where` / `orderBy`: plain identifiers, so they can be written into the SQL text. */
const fieldNamePattern = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Properties Cosmos adds to every item; stripped from returned bodies and refused in given ones. */
const systemFields: ReadonlySet<string> = new Set(["_rid", "_self", "_etag", "_attachments", "_ts", "_lsn"]);
/** "Owner resource does not exist": the database or container is missing, not the item. */
const subStatusOwnerMissing = 1003;
/**
 * Node's codes for a connection that broke under a request ("socket hang up", a connection closed before the
 * answer, is ECONNRESET too): the request may or may not have reached Cosmos.
 */
const connectionLostCodes: ReadonlySet<string> = new Set(["ECONNRESET", "EPIPE"]);
const batchConnectionLost =
  /^Batch request error: (read ECONNRESET|write EPIPE|write ECONNRESET|socket hang up)$/;
/** Sends of a write after its connection broke (`resendGuarded`, `nextNumber`); a bound, not a tuning knob. */
const maxResends = 2;

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

export class CosmosDocumentStore implements DocumentStore {
  private requests = 0;
  private charge = 0;
  private closed = false;
  /** Whether the endpoint takes patch `incr` (false once it said it cannot: the counter falls back). */
  private patchIncrement = true;

  private constructor(
    private readonly client: CosmosClient,
    private readonly container: Container,
    private readonly label: string,
    private readonly onRequest: ((event: CosmosRequestEvent) => void) | undefined,
    /** The agent the store made (not one the caller gave): closed with the store. */
    private readonly ownAgent: Agent | undefined,
  ) {}

  /** Connects, creates the database and container when allowed and missing, and checks the partition key. */
  static async open(options: CosmosStoreOptions): Promise<CosmosDocumentStore> {
    const containerId = options.container ?? defaultContainer;
    const endpoint = new URL(options.endpoint);
    const plainHttp = endpoint.protocol === "http:";
    const ownAgent = options.agent || plainHttp ? undefined : cosmosAgent(options.idleSocketMs, options.tls);
    const client = new CosmosClient({
      endpoint: options.endpoint,
      key: options.key,
      ...(options.agent || ownAgent ? { agent: options.agent ?? ownAgent } : {}),
      userAgentSuffix: "pipeline-bot",
      connectionPolicy: { enableEndpointDiscovery: !plainHttp },
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
    return new CosmosDocumentStore(
      client,
      client.database(options.database).container(containerId),
      label,
      options.onRequest,
      ownAgent,
    );
  }

  /** SDK operations issued by the port methods (read, create, replace, delete, patch: 1 each; 1 per query page). */
  get requestCount(): number {
    return this.requests;
  }

  /** Request units charged for those operations, as reported by Cosmos (the local test server reports 1 each). */
  get requestCharge(): number {
    return this.charge;
  }

  async read<T extends DocumentBody>(tenantId: string, id: string): Promise<StoredDocument<T> | undefined> {
    assertTenantId(tenantId);
    assertUsableDocumentId(id);
    let response;
    try {
      response = await this.issue("read", tenantId, { id }, () =>
        this.container.item(id, tenantId).read<Record<string, unknown>>(),
      );
    } catch (error) {
      if (statusOf(error) === 404 && subStatusOf(error) !== subStatusOwnerMissing) return undefined;
      throw translate(error, `read of ${describe(id)} in ${this.label}`, {});
    }
    if (response.statusCode === 404) {
      if (response.substatus === subStatusOwnerMissing) {
        throw unavailable(`Cosmos container ${this.label} does not exist`, undefined);
      }
      return undefined;
    }
    if (!response.resource) return undefined;
    return toStored<T>(response.resource, tenantId);
  }

  async create<T extends DocumentBody>(tenantId: string, body: T): Promise<StoredDocument<T>> {
    assertTenantId(tenantId);
    const item = toItem(tenantId, body);
    let response;
    try {
      response = await this.resendGuarded([409], () =>
        this.issue("create", tenantId, { id: body.id }, () =>
          this.container.items.create<Record<string, unknown>>(item),
        ),
      );
    } catch (error) {
      throw translate(error, `create of ${describe(body.id)} in ${this.label}`, {
        409: ["conflict", `Document ${describe(body.id)} already exists.`],
      });
    }
    return toStored<T>(requireResource(response.resource, "create"), tenantId);
  }

  async replace<T extends DocumentBody>(
    tenantId: string,
    body: T,
    ifMatch: string,
  ): Promise<StoredDocument<T>> {
    assertTenantId(tenantId);
    assertEtag(ifMatch);
    const item = toItem(tenantId, body);
    let response;
    try {
      response = await this.resendGuarded([412, 404], () =>
        this.issue("replace", tenantId, { id: body.id }, () =>
          this.container.item(body.id, tenantId).replace<Record<string, unknown>>(item, {
            accessCondition: { type: "IfMatch", condition: ifMatch },
          }),
        ),
      );
    } catch (error) {
      throw translate(error, `replace of ${describe(body.id)} in ${this.label}`, {
        404: ["not_found", `Document ${describe(body.id)} does not exist.`],
        409: ["conflict", `Document ${describe(body.id)} conflicts with another document.`],
        412: ["conflict", `Document ${describe(body.id)} has changed since it was read.`],
      });
    }
    return toStored<T>(requireResource(response.resource, "replace"), tenantId);
  }

  async delete(tenantId: string, id: string, ifMatch: string): Promise<void> {
    assertTenantId(tenantId);
    assertUsableDocumentId(id);
    assertEtag(ifMatch);
    try {
      await this.resendGuarded([412, 404], () =>
        this.issue("delete", tenantId, { id }, () =>
          this.container
            .item(id, tenantId)
            .delete({ accessCondition: { type: "IfMatch", condition: ifMatch } }),
        ),
      );
    } catch (error) {
      // Resent and found gone: an earlier send deleted it, or someone else did; gone is what was asked.
      if (error instanceof OutcomeUnknown && statusOf(error.cause) === 404) return;
      throw translate(error, `delete of ${describe(id)} in ${this.label}`, {
        404: ["not_found", `Document ${describe(id)} does not exist.`],
        412: ["conflict", `Document ${describe(id)} has changed since it was read.`],
      });
    }
  }

  /**
   * One request in the common case: a patch `incr` of `next`, which Cosmos applies atomically to the stored
   * document, and returns the document as it is after the increment. The first call on a counter finds no
   * document (404) and creates it; when another caller created it first (409) the patch is sent again.
   * An endpoint that answers that it cannot patch (400 about the operation, 405, 501: an emulator without
   * PATCH) gets the guarded read-and-replace from then on.
   *
   * A connection that broke under the patch or the create leaves unknown whether it applied. Either is sent
   * again (the patch anew, the create as a patch): that can skip the number the lost request took, never hand
   * one out twice, and the port promises unique numbers, not gapless ones. A create whose 409 came after a lost
   * create is never taken as ours: another caller may have created the same counter, with the same body.
   */
  async nextNumber(tenantId: string, counterId: string, first: number): Promise<number> {
    assertTenantId(tenantId);
    assertUsableDocumentId(counterId);
    if (!Number.isSafeInteger(first)) throw new TypeError("first must be a safe integer.");
    // Two rounds without losses: a 409 on create means the document now exists, so the second patch finds it.
    let lost = 0;
    for (let round = 0; round < 2 + lost && this.patchIncrement; round++) {
      const next = await this.incrementCounter(tenantId, counterId);
      if (next === "cannot") break;
      if (typeof next === "number") return next - 1;
      if (next === "missing") {
        const created = await this.createCounter(tenantId, counterId, first);
        if (created === "created") return first;
        if (created === "exists") continue;
      }
      if (++lost > maxResends) {
        throw unavailable(
          `Cosmos increment of ${describe(counterId)} in ${this.label} lost its connection ${lost} times`,
          undefined,
        );
      }
    }
    return nextNumberByGuardedWrite(this, tenantId, counterId, first);
  }

  /** `next` after the increment; "missing" when the counter does not exist; "cannot" when PATCH is refused. */
  private async incrementCounter(
    tenantId: string,
    id: string,
  ): Promise<number | "missing" | "cannot" | "lost"> {
    let response;
    try {
      response = await this.issue("patch", tenantId, { id }, () =>
        this.container
          .item(id, tenantId)
          .patch<Record<string, unknown>>([{ op: "incr", path: "/next", value: 1 }]),
      );
    } catch (error) {
      const status = statusOf(error);
      if (status === 404 && subStatusOf(error) !== subStatusOwnerMissing) return "missing";
      if (status === 405 || status === 501 || (status === 400 && /patch|operation/i.test(messageOf(error)))) {
        this.patchIncrement = false;
        return "cannot";
      }
      if (connectionLost(error)) return "lost";
      throw translate(error, `increment of ${describe(id)} in ${this.label}`, {});
    }
    if (response.statusCode === 404) return "missing";
    const next = toStored(requireResource(response.resource, "patch"), tenantId).body["next"];
    if (typeof next !== "number" || !Number.isSafeInteger(next)) {
      throw new Error(`Counter ${describe(id)} holds no whole number after its increment.`);
    }
    return next;
  }

  /** The counter's first create, sent once: "exists" on 409, "lost" when the connection broke under it. */
  private async createCounter(
    tenantId: string,
    id: string,
    first: number,
  ): Promise<"created" | "exists" | "lost"> {
    const item = toItem(tenantId, { id, type: "counter", next: first + 1 });
    try {
      await this.issue("create", tenantId, { id }, () => this.container.items.create(item));
      return "created";
    } catch (error) {
      if (statusOf(error) === 409) return "exists";
      if (connectionLost(error)) return "lost";
      throw translate(error, `create of ${describe(id)} in ${this.label}`, {});
    }
  }

  /**
   * A transactional batch on the tenant's partition. The SDK does not throw for a failed batch: the
   * operation that failed carries its own status (the others 424), which is translated here.
   */
  async batch(
    tenantId: string,
    operations: readonly BatchOperation[],
  ): Promise<readonly (StoredDocument | undefined)[]> {
    assertTenantId(tenantId);
    if (!Array.isArray(operations) || operations.length < 1 || operations.length > 100) {
      throw new RangeError("A batch holds 1..100 operations.");
    }
    // Checked before anything is sent; built afresh for every send, as the SDK rewrites each operation's
    // partition key in place (a resend of the same objects would name another partition).
    batchInputs(tenantId, operations);
    // Reported under the first operation's id (a record written with its entries) and, when the batch
    // failed, the status of the operation that failed.
    const first = operations[0];
    const firstId = first?.op === "delete" ? first.id : first?.body.id;
    let response;
    try {
      response = await this.resendGuarded([409, 412, 404], async () => {
        const sent = await this.issue("batch", tenantId, firstId ? { id: firstId } : {}, async () => {
          const result = await this.container.items.batch(batchInputs(tenantId, operations), tenantId);
          const failure = result.result?.find((r) => r.statusCode >= 400 && r.statusCode !== 424);
          return {
            ...result,
            statusCode: failure?.statusCode ?? result.code ?? 200,
            requestCharge: (result.result ?? []).reduce((sum, r) => sum + r.requestCharge, 0),
          };
        });
        // A batch that failed is an answer, not an exception, in the SDK: thrown here so that a resend's
        // refusal is seen as one.
        if (sent.statusCode >= 400) throw new BatchFailed(sent);
        return sent;
      });
    } catch (error) {
      if (!(error instanceof BatchFailed)) throw translate(error, `batch in ${this.label}`, {});
      response = error.response;
    }
    const results = response.result ?? [];
    const failed = results.findIndex((r) => r.statusCode >= 400 && r.statusCode !== 424);
    if (failed >= 0 || results.length !== operations.length) {
      const status = results[failed]?.statusCode;
      const op = operations[failed];
      const what = op ? describe(op.op === "delete" ? op.id : op.body.id) : "?";
      if (status === 409) throw new StoreError("conflict", `Document ${what} already exists.`);
      if (status === 412) throw new StoreError("conflict", `Document ${what} has changed since it was read.`);
      if (status === 404) throw new StoreError("not_found", `Document ${what} does not exist.`);
      throw unavailable(
        `Cosmos batch in ${this.label} failed (HTTP ${String(status ?? response.code)})`,
        undefined,
      );
    }
    return results.map((r, i) => {
      if (operations[i]?.op === "delete") return undefined;
      const body = r.resourceBody as Record<string, unknown> | undefined;
      return toStored(requireResource(body, "batch"), tenantId);
    });
  }

  /**
   * One page per call: one `fetchNext()` with `maxItemCount = limit`. The continuation handed out wraps the
   * SDK's token with a checksum binding it to this tenant and query; any other token is `invalid_continuation`.
   */
  async query<T extends DocumentBody>(tenantId: string, query: DocumentQuery): Promise<DocumentPage<T>> {
    const spec = buildQuerySpec(tenantId, query);
    if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > maxLimit) {
      throw new RangeError(`Query limit must be an integer in 1..${maxLimit}, got ${String(query.limit)}.`);
    }
    const sdkToken =
      query.continuation === undefined ? undefined : openContinuation(query.continuation, tenantId, spec);
    let response;
    try {
      response = await this.issue("query", tenantId, { query: spec }, () =>
        this.container.items
          .query<Record<string, unknown>>(
            { query: spec.query, parameters: spec.parameters.map((p) => ({ name: p.name, value: p.value })) },
            {
              partitionKey: tenantId,
              maxItemCount: query.limit,
              ...(sdkToken === undefined ? {} : { continuationToken: sdkToken }),
            },
          )
          .fetchNext(),
      );
    } catch (error) {
      if (sdkToken !== undefined && statusOf(error) === 400) {
        throw withCause(
          new StoreError("invalid_continuation", "Cosmos refused the continuation token of this query."),
          error,
        );
      }
      throw translate(error, `query of type ${describe(query.type)} in ${this.label}`, {});
    }
    const items = response.resources.map((resource) => toStored<T>(resource, tenantId));
    const next = response.continuationToken;
    return {
      items,
      ...(next ? { continuation: sealContinuation(next, tenantId, spec) } : {}),
    };
  }

  async search(tenantId: string, query: SearchQuery): Promise<readonly StoredDocument[]> {
    const { top, ...spec } = buildSearchSpec(tenantId, query);
    let response;
    try {
      response = await this.issue("query", tenantId, { query: spec }, () =>
        this.container.items
          .query<Record<string, unknown>>(spec, { partitionKey: tenantId, maxItemCount: top })
          .fetchNext(),
      );
    } catch (error) {
      throw translate(error, `search in ${this.label}`, {});
    }
    return response.resources.slice(query.skip).map((resource) => toStored(resource, tenantId));
  }

  /** A cheap read of the container definition. Never throws. Not counted in `requestCount`. */
  async health(): Promise<StoreHealth> {
    if (this.closed) return { ok: false, kind: "cosmos", detail: `closed (${this.label})` };
    const started = performance.now();
    try {
      const response = await this.container.read();
      const ms = Math.round(performance.now() - started);
      if (!response.resource) {
        return { ok: false, kind: "cosmos", detail: `container ${this.label} not found (${ms} ms)` };
      }
      return { ok: true, kind: "cosmos", detail: `container ${this.label} reachable (${ms} ms)` };
    } catch (error) {
      const status = statusOf(error);
      return {
        ok: false,
        kind: "cosmos",
        detail: `container ${this.label} unreachable${status === undefined ? "" : ` (HTTP ${status})`}: ${messageOf(error)}`,
      };
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.client.dispose();
    this.ownAgent?.destroy();
  }

  /**
   * Sends a write whose guard refuses a second application — a create (409 once the id exists), a replace or
   * delete with IfMatch (412 once the ETag changed, 404 once deleted), a transactional batch of those (it fails
   * as a whole) — and sends it again, at most `maxResends` times, when the connection broke under it. The SDK
   * resends no write after a reset, as it cannot tell whether Cosmos applied it; the guard can. If an earlier
   * send had applied, the resend is refused: a resend that succeeds is therefore the only application, and
   * one refused by the guard (`refusedBy`) leaves the outcome unknown — ours applied, or someone else's write
   * came in between — which `translate` reports as such, never as a conflict (that would say nothing was saved).
   */
  private async resendGuarded<R>(refusedBy: readonly number[], send: () => Promise<R>): Promise<R> {
    for (let sends = 1; ; sends++) {
      try {
        return await send();
      } catch (error) {
        const lost = connectionLost(error);
        if (lost && sends <= maxResends) continue;
        if (sends > 1 && (lost || refusedBy.includes(statusOf(error) ?? 0))) {
          throw new OutcomeUnknown(sends, error);
        }
        throw error;
      }
    }
  }

  /** Runs one SDK call, counting it and reporting it to `onRequest`. */
  private async issue<R extends { readonly requestCharge: number }>(
    operation: CosmosOperation,
    tenantId: string,
    detail: { readonly id?: string; readonly query?: QuerySpec },
    send: () => Promise<R>,
  ): Promise<R> {
    if (this.closed) throw new StoreError("unavailable", `The Cosmos store (${this.label}) is closed.`);
    this.requests += 1;
    const started = performance.now();
    let statusCode: number | undefined;
    let requestCharge = 0;
    try {
      const response = await send();
      statusCode = (response as { readonly statusCode?: number }).statusCode ?? 200;
      requestCharge = response.requestCharge;
      return response;
    } catch (error) {
      statusCode = statusOf(error);
      requestCharge = chargeOf(error);
      throw error;
    } finally {
      if (Number.isFinite(requestCharge)) this.charge += requestCharge;
      this.onRequest?.({
        operation,
        tenantId,
        ...detail,
        ...(statusCode === undefined ? {} : { statusCode }),
        requestCharge,
        durationMs: performance.now() - started,
      });
    }
  }
}

/**
 * The SQL for a query, as a pure function (exported for tests): the tenant and type filters always come
 * first, caller fields are validated identifiers written as `c["field"]` (bracket notation also covers names
 * that are Cosmos SQL keywords, such as `value` or `order`), and every value is a parameter.
 */
export function buildQuerySpec(tenantId: string, query: DocumentQuery): QuerySpec {
  assertTenantId(tenantId);
  if (typeof query.type !== "string" || query.type === "") {
    throw new TypeError("Query type must be a non-empty string.");
  }
  const parameters: { name: string; value: Scalar }[] = [
    { name: "@tenantId", value: tenantId },
    { name: "@type", value: query.type },
  ];
  const conditions = ["c.tenantId = @tenantId", "c.type = @type"];
  Object.entries(query.where ?? {}).forEach(([field, value], index) => {
    assertField(field);
    if (!isScalar(value)) {
      throw new TypeError(
        `Query filter on ${JSON.stringify(field)} must be a string, number, boolean or null.`,
      );
    }
    const name = `@p${index}`;
    conditions.push(`c["${field}"] = ${name}`);
    parameters.push({ name, value });
  });
  const order = query.orderBy ?? { field: "id", direction: "asc" };
  assertField(order.field);
  if (order.direction !== "asc" && order.direction !== "desc") {
    throw new TypeError(
      `Query order direction must be "asc" or "desc", got ${JSON.stringify(order.direction)}.`,
    );
  }
  return {
    query: `SELECT * FROM c WHERE ${conditions.join(" AND ")} ORDER BY c["${order.field}"] ${order.direction.toUpperCase()}`,
    parameters,
  };
}

/** The SDK's batch operations for the port's, checked (an ETag for every guarded operation). */
function batchInputs(tenantId: string, operations: readonly BatchOperation[]): OperationInput[] {
  return operations.map((op): OperationInput => {
    switch (op.op) {
      case "create":
        return {
          operationType: BulkOperationType.Create,
          partitionKey: tenantId,
          resourceBody: toItem(tenantId, op.body) as never,
        };
      case "replace":
        assertEtag(op.ifMatch);
        return {
          operationType: BulkOperationType.Replace,
          partitionKey: tenantId,
          id: op.body.id,
          resourceBody: toItem(tenantId, op.body) as never,
          ifMatch: op.ifMatch,
        };
      case "delete":
        assertUsableDocumentId(op.id);
        assertEtag(op.ifMatch);
        // The SDK's type has no ifMatch for a delete, yet sends the operation as it is, and Cosmos honours it.
        return {
          operationType: BulkOperationType.Delete,
          partitionKey: tenantId,
          id: op.id,
          ifMatch: op.ifMatch,
        } as OperationInput;
      default:
        throw new TypeError(`Unknown batch operation ${JSON.stringify((op as { op?: unknown }).op)}.`);
    }
  });
}

async function createContainerIfMissing(
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

async function readContainerDefinition(container: Container, label: string): Promise<ContainerDefinition> {
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

function toItem(tenantId: string, body: DocumentBody): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new TypeError("A document body must be a plain object.");
  }
  assertUsableDocumentId(body.id);
  if (typeof body.type !== "string" || body.type === "") {
    throw new TypeError(`Document ${describe(body.id)} needs a non-empty string type.`);
  }
  for (const field of Object.keys(body)) {
    if (field === tenantField || systemFields.has(field)) {
      throw new TypeError(
        `Document ${describe(body.id)} contains the reserved field ${JSON.stringify(field)}; the store keeps it.`,
      );
    }
  }
  return { ...body, [tenantField]: tenantId };
}

function toStored<T extends DocumentBody>(
  item: Record<string, unknown>,
  tenantId: string,
): StoredDocument<T> {
  if (item[tenantField] !== tenantId) {
    // Only reachable if partitioning or the query filter were broken: fail loudly rather than leak.
    throw new Error(`Tenant isolation violated: Cosmos returned an item of another tenant for ${tenantId}.`);
  }
  const etag = item["_etag"];
  if (typeof etag !== "string" || etag === "") throw new Error("Cosmos returned an item without an _etag.");
  const body: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(item)) {
    if (field !== tenantField && !systemFields.has(field)) body[field] = value;
  }
  return { body: body as T, etag };
}

function requireResource<R>(resource: R | undefined, operation: string): R {
  if (resource === undefined) throw new Error(`Cosmos ${operation} returned no resource.`);
  return resource;
}

/** Continuation envelope: `base64url(JSON {v, c: SDK token, h: checksum of tenant + query + token})`. */
function sealContinuation(sdkToken: string, tenantId: string, spec: QuerySpec): string {
  const envelope = { v: 1, c: sdkToken, h: continuationChecksum(sdkToken, tenantId, spec) };
  return Buffer.from(JSON.stringify(envelope), "utf8").toString("base64url");
}

function openContinuation(token: string, tenantId: string, spec: QuerySpec): string {
  let envelope: unknown;
  try {
    envelope = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    envelope = undefined;
  }
  if (typeof envelope === "object" && envelope !== null) {
    const { v, c, h } = envelope as { v?: unknown; c?: unknown; h?: unknown };
    if (v === 1 && typeof c === "string" && h === continuationChecksum(c, tenantId, spec)) return c;
  }
  throw new StoreError(
    "invalid_continuation",
    "This continuation token was not issued by the store for this tenant and query.",
  );
}

/**
 * Not a secret MAC: it catches corrupted tokens and tokens of another tenant or query. A forger who
 * recomputes it gains nothing, since the query still carries the tenant filter.
 */
function continuationChecksum(sdkToken: string, tenantId: string, spec: QuerySpec): string {
  return createHash("sha256")
    .update(JSON.stringify([tenantId, spec.query, spec.parameters, sdkToken]))
    .digest("base64url")
    .slice(0, 22);
}

function assertEtag(etag: string): void {
  if (typeof etag !== "string" || etag === "") throw new TypeError("ifMatch must be a non-empty ETag.");
}

function assertField(field: string): void {
  if (!fieldNamePattern.test(field)) {
    throw new TypeError(
      `Invalid field name in query: ${JSON.stringify(field)} (need ${fieldNamePattern.source}).`,
    );
  }
  if (field === tenantField || systemFields.has(field)) {
    throw new TypeError(`Field ${JSON.stringify(field)} is kept by the store and cannot be queried.`);
  }
}

function isScalar(value: unknown): value is Scalar {
  return (
    value === null ||
    typeof value === "string" ||
    typeof value === "boolean" ||
    (typeof value === "number" && Number.isFinite(value))
  );
}

function describe(id: unknown): string {
  return JSON.stringify(id);
}

/** A batch whose operation failed (the SDK answers it, it does not throw): thrown so a resend can see it. */
class BatchFailed extends Error {
  readonly code: number;
  constructor(readonly response: Response<OperationResponse[]> & { readonly statusCode: number }) {
    super(`Cosmos batch failed (HTTP ${response.statusCode})`);
    this.code = response.statusCode;
  }
}

/** A write whose connection broke, resent until the connection held or the resend was refused (`cause`). */
class OutcomeUnknown extends Error {
  constructor(
    readonly sends: number,
    cause: unknown,
  ) {
    super("The outcome of a resent write is unknown.", { cause });
  }
}

function connectionLost(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code } = error as { code?: unknown };
  if (typeof code === "string") return connectionLostCodes.has(code);
  // The SDK's batch rethrows a failed request as `new Error("Batch request error: " + message)`, without
  // the code: Node's messages for those codes are all that is left.
  return error instanceof Error && batchConnectionLost.test(error.message);
}

/** HTTP status of an SDK error (`ErrorResponse.code`, or `statusCode` of a REST pipeline error). */
function statusOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  if (typeof code === "number") return code;
  if (typeof statusCode === "number") return statusCode;
  return undefined;
}

function subStatusOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { substatus } = error as { substatus?: unknown };
  return typeof substatus === "number" ? substatus : undefined;
}

function chargeOf(error: unknown): number {
  if (typeof error !== "object" || error === null) return 0;
  const { requestCharge } = error as { requestCharge?: unknown };
  return typeof requestCharge === "number" ? requestCharge : 0;
}

/**
 * Maps a failure of an SDK call to what the port promises: StoreErrors as they are; the statuses in
 * `expected` to their StoreError codes (a 404 whose substatus says the container itself is missing is an
 * outage, not a missing document); bugs as they are (400 bad request, 413 document too large, and
 * TypeError/RangeError raised before anything was sent); everything else (network failures, timeouts,
 * 429 after the SDK's retries, 401/403, 5xx) to `unavailable` with the SDK error as `cause`.
 */
function translate(
  error: unknown,
  what: string,
  expected: Partial<Record<number, readonly [StoreErrorCode, string]>>,
): unknown {
  if (error instanceof StoreError) return error;
  if (error instanceof OutcomeUnknown) {
    const refused = statusOf(error.cause);
    const after =
      refused === undefined
        ? `every one of ${error.sends} sends`
        : `it, and its resend was refused (HTTP ${refused})`;
    return unavailable(
      `Cosmos ${what}: the connection broke under ${after}, so it may or may not have been saved`,
      error.cause,
    );
  }
  const status = statusOf(error);
  if (status === undefined && (error instanceof TypeError || error instanceof RangeError)) return error;
  if (status === 400 || status === 413) return error;
  const mapped = status === undefined ? undefined : expected[status];
  if (mapped && !(status === 404 && subStatusOf(error) === subStatusOwnerMissing)) {
    return withCause(new StoreError(mapped[0], mapped[1]), error);
  }
  return unavailable(`Cosmos ${what} failed${status === undefined ? "" : ` (HTTP ${status})`}`, error);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function unavailable(message: string, cause: unknown): StoreError {
  return withCause(new StoreError("unavailable", `${message}.`), cause);
}

function withCause(error: StoreError, cause: unknown): StoreError {
  if (cause !== undefined) error.cause = cause;
  return error;
}

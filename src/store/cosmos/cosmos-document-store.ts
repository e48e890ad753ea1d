import type { Agent } from "node:http";
import { performance } from "node:perf_hooks";
import type { Container, CosmosClient } from "@azure/cosmos";
import {
  StoreError,
  operationId,
  type BatchOperation,
  type DocumentBody,
  type DocumentPage,
  type DocumentQuery,
  type DocumentStore,
  type SearchQuery,
  type StoreHealth,
  type StoredDocument,
} from "../document-store.port.js";
import { assertTenantId, assertUsableDocumentId } from "../document-rules.js";
import {
  RefusedOperation,
  incrementRounds,
  resolveIncrements,
  type GuardedOperation,
} from "./cosmos-increments.js";
import { spreadOut } from "../../domain/shared/additive.js";
import { nextNumberByGuardedWrite } from "../counter.js";
import { CosmosCounter, maxResends } from "./cosmos-counter.js";
import { connect } from "./cosmos-container.js";
import type { CosmosOperation, CosmosRequestEvent, CosmosStoreOptions } from "./cosmos-options.js";
import {
  BatchFailed,
  BatchThrottled,
  OutcomeUnknown,
  answerUnknown,
  batchThrottled,
  chargeOf,
  connectionLost,
  messageOf,
  statusOf,
  subStatusOf,
  subStatusOwnerMissing,
  throttledBatchAnswer,
  translate,
  unavailable,
  withCause,
} from "./cosmos-errors.js";
import { assertEtag, batchInputs, describe, requireResource, toItem, toStored } from "./cosmos-items.js";
import {
  buildQuerySpec,
  continuationSpec,
  maxLimit,
  openContinuation,
  sealContinuation,
  type QuerySpec,
} from "./cosmos-queries.js";
import { buildSearchSpec } from "./cosmos-search.js";

export { indexingPolicy } from "./cosmos-container.js";
export type { CosmosOperation, CosmosRequestEvent, CosmosStoreOptions } from "./cosmos-options.js";
export { buildQuerySpec, type QuerySpec } from "./cosmos-queries.js";

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

export class CosmosDocumentStore implements DocumentStore {
  private requests = 0;
  private charge = 0;
  private closed = false;
  /** Reference numbers: a patch `incr` per number, or guarded writes where the endpoint cannot patch. */
  private readonly counter = new CosmosCounter({
    label: () => this.label,
    patchNext: (tenantId, id) =>
      this.issue("patch", tenantId, { id }, () =>
        this.container
          .item(id, tenantId)
          .patch<Record<string, unknown>>([{ op: "incr", path: "/next", value: 1 }]),
      ),
    create: (tenantId, id, item) =>
      this.issue("create", tenantId, { id }, () => this.container.items.create(item)),
    guardedNext: (tenantId, id, first) => nextNumberByGuardedWrite(this, tenantId, id, first),
  });

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
    const { client, container, label, ownAgent } = await connect(options);
    return new CosmosDocumentStore(client, container, label, options.onRequest, ownAgent);
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
      response = await this.resendGuarded(() =>
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
      response = await this.resendGuarded(() =>
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
      await this.resendGuarded(() =>
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
    return this.counter.next(tenantId, counterId, first);
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
    if (!operations.some((op) => op.op === "increment")) return this.send(tenantId, operations);
    // Increments as guarded writes after a point read, read and sent again while only their guards refuse
    // (cosmos-increments.ts).
    batchInputs(
      tenantId,
      operations.filter((op) => op.op !== "increment"),
    );
    for (let round = 1; ; round++) {
      const resolved = await resolveIncrements((id) => this.read(tenantId, id), operations);
      try {
        const results = await this.send(tenantId, resolved.operations);
        return results.map((r, i) => (resolved.increments.has(i) ? undefined : r));
      } catch (error) {
        const lostRace = error instanceof RefusedOperation && resolved.increments.has(error.index);
        if (!lostRace || round >= incrementRounds) throw error;
        await spreadOut(round - 1);
      }
    }
  }

  /** One transactional batch of guarded writes, sent (and resent after a lost connection) as it is. */
  private async send(
    tenantId: string,
    operations: readonly GuardedOperation[],
  ): Promise<readonly (StoredDocument | undefined)[]> {
    // Checked before anything is sent; built afresh for every send, as the SDK rewrites each operation's
    // partition key in place (a resend of the same objects would name another partition).
    batchInputs(tenantId, operations);
    // Reported under the first operation's id (a record written with its entries) and, when the batch
    // failed, the status of the operation that failed.
    const first = operations[0];
    const firstId = first ? operationId(first) : undefined;
    let response;
    try {
      response = await this.resendGuarded(async () => {
        const sent = await this.issue("batch", tenantId, firstId ? { id: firstId } : {}, async () => {
          const result = await this.container.items
            .batch(batchInputs(tenantId, operations), tenantId)
            .catch((error: unknown) => {
              throw batchThrottled(error) ? new BatchThrottled(error as Error) : error;
            });
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
      const what = op ? describe(operationId(op)) : "?";
      if (status === 409) throw new RefusedOperation("conflict", `Document ${what} already exists.`, failed);
      if (status === 412)
        throw new RefusedOperation("conflict", `Document ${what} has changed since it was read.`, failed);
      if (status === 404) throw new RefusedOperation("not_found", `Document ${what} does not exist.`, failed);
      if (status === 429)
        throw translate(throttledBatchAnswer(response, failed), `batch in ${this.label}`, {});
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
    const bound = continuationSpec(tenantId, query);
    const sdkToken =
      query.continuation === undefined ? undefined : openContinuation(query.continuation, tenantId, bound);
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
      ...(next ? { continuation: sealContinuation(next, tenantId, bound) } : {}),
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
   * one refused by the guard (or failing otherwise) leaves the outcome unknown — ours applied, or someone
   * else's write came in between — which `translate` reports as such, never as a conflict (that would say
   * nothing was saved). A send answered by a timeout or a 5xx (`answerUnknown`) is not sent again: waiting
   * out another timeout would hold the user's turn, and the answer already says the store is in trouble.
   */
  private async resendGuarded<R>(send: () => Promise<R>): Promise<R> {
    for (let sends = 1; ; sends++) {
      try {
        return await send();
      } catch (error) {
        if (connectionLost(error) && sends <= maxResends) continue;
        // After a lost send any failure of the resend leaves the first one's outcome open (a 429 or a 503 on
        // the resend says nothing about it); on the first send, a timeout or a 5xx answer does not say either.
        if (sends > 1 || answerUnknown(error)) throw new OutcomeUnknown(sends, error);
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

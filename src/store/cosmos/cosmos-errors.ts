import type { OperationResponse, Response } from "@azure/cosmos";
import { StoreError, type StoreErrorCode } from "../document-store.port.js";

/**
 * How the Cosmos store reads the SDK's failures: HTTP status and substatus, a connection that broke under a
 * request, and the mapping to what the DocumentStore port promises (`translate`).
 */

/** "Owner resource does not exist": the database or container is missing, not the item. */
export const subStatusOwnerMissing = 1003;

/**
 * Node's codes for a connection that broke under a request ("socket hang up", a connection closed before the
 * answer, is ECONNRESET too): the request may or may not have reached Cosmos.
 */
const connectionLostCodes: ReadonlySet<string> = new Set(["ECONNRESET", "EPIPE"]);

/** The SDK's own request timeout (`connectionPolicy.requestTimeout`): it aborts a request it has sent. */
const sdkTimeoutCode = "TimeoutError";

const batchConnectionLost =
  /^Batch request error: (read ECONNRESET|write EPIPE|write ECONNRESET|socket hang up)$/;

/**
 * What Cosmos DB says in every 429 it answers ("Request rate is large. More Request Units may be needed, so no
 * changes were made…"). A transactional batch throttled after the SDK's own retries reaches us as
 * `new Error("Batch request error: " + message)` (Items.batch), without its status: this text is all that is
 * left to tell it from a failure that may have come after Cosmos applied the batch.
 */
const throttledText = "Request rate is large";

/** A batch the SDK gave up on because Cosmos kept throttling it: nothing was applied. */
export function batchThrottled(error: unknown): boolean {
  return (
    error instanceof Error &&
    error.message.startsWith("Batch request error: ") &&
    error.message.includes(throttledText)
  );
}

/** A throttled batch with its status put back, so it is reported as every throttled request is. */
export class BatchThrottled extends Error {
  readonly code = 429;
  constructor(cause: Error) {
    super(cause.message, { cause });
  }
}

/**
 * A batch Cosmos answered (not thrown: a 207 whose failed operation says 429) with an operation refused as
 * throttled, shaped as the SDK's ErrorResponse for `translate`, with the wait Cosmos asked for where the answer
 * has one: the operation's own `retryAfterMilliseconds`, else the response's `x-ms-retry-after-ms` — where the
 * SDK's bulk executor reads it (BulkResponse). A batch thrown as throttled (BatchThrottled) has lost both.
 */
export function throttledBatchAnswer(
  response: Response<OperationResponse[]>,
  index: number,
): { readonly code: 429; readonly retryAfterInMs?: number } {
  const operation = response.result?.[index] as { retryAfterMilliseconds?: unknown } | undefined;
  const retryAfterInMs =
    waitOf(operation?.retryAfterMilliseconds) ?? waitOf(response.headers?.[retryAfterHeader]);
  return retryAfterInMs === undefined ? { code: 429 } : { code: 429, retryAfterInMs };
}

const retryAfterHeader = "x-ms-retry-after-ms";

/** A wait in milliseconds as Cosmos writes it (a number in a body, digits in a header); else undefined. */
function waitOf(value: unknown): number | undefined {
  const ms = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof ms === "number" && Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/** A batch whose operation failed (the SDK answers it, it does not throw): thrown so a resend can see it. */
export class BatchFailed extends Error {
  readonly code: number;
  constructor(readonly response: Response<OperationResponse[]> & { readonly statusCode: number }) {
    super(`Cosmos batch failed (HTTP ${response.statusCode})`);
    this.code = response.statusCode;
  }
}

/**
 * A write that may have been applied: its connection broke and the resends did not settle it (`sends` > 1), or
 * its one send was answered with a status that does not say whether it applied (`unanswered`).
 */
export class OutcomeUnknown extends Error {
  constructor(
    readonly sends: number,
    cause: unknown,
  ) {
    super("The outcome of a resent write is unknown.", { cause });
  }
}

export function connectionLost(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code } = error as { code?: unknown };
  if (typeof code === "string") return connectionLostCodes.has(code);
  // The SDK's batch rethrows a failed request as `new Error("Batch request error: " + message)`, without
  // the code: Node's messages for those codes are all that is left.
  return error instanceof Error && batchConnectionLost.test(error.message);
}

/**
 * Whether a write that failed so may nevertheless have been applied: the request was sent and its answer does
 * not say. 408 and 5xx (a gateway's 503 or 504, a timeout on the service's side) come after Cosmos may have
 * applied it; the SDK's own timeout aborts a request already sent (it resends no write after one). A batch's
 * failure reaches us as `new Error("Batch request error: " + message)` without its status: whatever it was,
 * it may have come after the send. Everything else (4xx, a refused connection, a closed store) applied nothing.
 */
export function answerUnknown(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  if ((error as { code?: unknown }).code === sdkTimeoutCode) return true;
  const status = statusOf(error);
  if (status !== undefined) return status === 408 || status >= 500;
  return error instanceof Error && error.message.startsWith("Batch request error: ");
}

/** HTTP status of an SDK error (`ErrorResponse.code`, or `statusCode` of a REST pipeline error). */
export function statusOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  if (typeof code === "number") return code;
  if (typeof statusCode === "number") return statusCode;
  return undefined;
}

/** The wait a 429 asked for (the SDK's `retryAfterInMs`, from `x-ms-retry-after-ms`). */
function retryAfterOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { retryAfterInMs } = error as { retryAfterInMs?: unknown };
  return typeof retryAfterInMs === "number" && Number.isFinite(retryAfterInMs) && retryAfterInMs >= 0
    ? retryAfterInMs
    : undefined;
}

export function subStatusOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { substatus } = error as { substatus?: unknown };
  return typeof substatus === "number" ? substatus : undefined;
}

export function chargeOf(error: unknown): number {
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
export function translate(
  error: unknown,
  what: string,
  expected: Partial<Record<number, readonly [StoreErrorCode, string]>>,
): unknown {
  if (error instanceof StoreError) return error;
  if (error instanceof OutcomeUnknown) {
    return withCause(
      new StoreError(
        "unavailable",
        `Cosmos ${what}: ${unknownBecause(error)}, so it may or may not have been saved.`,
        {
          outcomeUnknown: true,
        },
      ),
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
  if (status === 429) {
    // Throttled beyond the SDK's own retries: nothing was applied; the caller may try again after a while.
    const retryAfterMs = retryAfterOf(error);
    return withCause(
      new StoreError("unavailable", `Cosmos ${what} was throttled (HTTP 429).`, {
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      }),
      error,
    );
  }
  return unavailable(`Cosmos ${what} failed${status === undefined ? "" : ` (HTTP ${status})`}`, error);
}

function unknownBecause({ sends, cause }: OutcomeUnknown): string {
  const status = statusOf(cause);
  const answer = status === undefined ? messageOf(cause) : `HTTP ${status}`;
  if (sends === 1) return `its answer did not say whether it applied (${answer})`;
  if (connectionLost(cause)) return `the connection broke under every one of ${sends} sends`;
  if (status === 409 || status === 412 || status === 404) {
    return `the connection broke under it, and its resend was refused (${answer})`;
  }
  return `the connection broke under it, and its resend failed (${answer})`;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function unavailable(message: string, cause: unknown): StoreError {
  return withCause(new StoreError("unavailable", `${message}.`), cause);
}

export function withCause(error: StoreError, cause: unknown): StoreError {
  if (cause !== undefined) error.cause = cause;
  return error;
}

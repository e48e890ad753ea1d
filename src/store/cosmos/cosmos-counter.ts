import { StoreError } from "../document-store.port.js";
import {
  connectionLost,
  messageOf,
  statusOf,
  subStatusOf,
  subStatusOwnerMissing,
  translate,
  unavailable,
  withCause,
} from "./cosmos-errors.js";
import { describe, requireResource, toItem, toStored } from "./cosmos-items.js";

/** Sends of a write after its connection broke (`resendGuarded`, the counter); a bound, not a tuning knob. */
export const maxResends = 2;

/** The store's requests a counter needs, each issued and counted by the store. */
export interface CounterRequests {
  readonly label: () => string;
  /** One patch `incr` of `/next`. */
  readonly patchNext: (
    tenantId: string,
    id: string,
  ) => Promise<{ readonly statusCode: number; readonly resource?: Record<string, unknown> | undefined }>;
  /** One create of the counter's first document. */
  readonly create: (tenantId: string, id: string, item: Record<string, unknown>) => Promise<unknown>;
  /** The guarded read-and-replace, for an endpoint that cannot patch. */
  readonly guardedNext: (tenantId: string, id: string, first: number) => Promise<number>;
}

/**
 * Reference numbers on Cosmos DB. One request in the common case: a patch `incr` of `next`, which Cosmos applies
 * atomically to the stored document, and returns the document as it is after the increment. The first call on a
 * counter finds no document (404) and creates it; when another caller created it first (409) the patch is sent
 * again. An endpoint that answers that it cannot patch (400 about the operation, 405, 501: an emulator without
 * PATCH) gets the guarded read-and-replace from then on.
 *
 * A connection that broke under the patch or the create leaves unknown whether it applied. Either is sent again
 * (the patch anew, the create as a patch): that can skip the number the lost request took, never hand one out
 * twice, and the port promises unique numbers, not gapless ones. A create whose 409 came after a lost create is
 * never taken as ours: another caller may have created the same counter, with the same body.
 */
export class CosmosCounter {
  /** Whether the endpoint takes patch `incr` (false once it said it cannot: the counter falls back). */
  private patchIncrement = true;

  constructor(private readonly requests: CounterRequests) {}

  /** The next number of `counterId` in the tenant's partition, `first` for a counter never used. */
  async next(tenantId: string, counterId: string, first: number): Promise<number> {
    // Two rounds without losses: a 409 on create means the document now exists, so the second patch finds it.
    let lost = 0;
    for (let round = 0; round < 2 + lost && this.patchIncrement; round++) {
      const next = await this.increment(tenantId, counterId);
      if (next === "cannot") break;
      if (typeof next === "number") return next - 1;
      if (next === "missing") {
        const created = await this.create(tenantId, counterId, first);
        if (created === "created") return first;
        if (created === "exists") continue;
      }
      if (++lost > maxResends) {
        throw unavailable(
          `Cosmos increment of ${describe(counterId)} in ${this.requests.label()} lost its connection ${lost} times`,
          undefined,
        );
      }
    }
    try {
      return await this.requests.guardedNext(tenantId, counterId, first);
    } catch (error) {
      // A counter write that may have applied skips a number at most: nothing the user sees was changed.
      if (!(error instanceof StoreError && error.outcomeUnknown)) throw error;
      throw withCause(new StoreError("unavailable", error.message), error);
    }
  }

  /** `next` after the increment; "missing" when the counter does not exist; "cannot" when PATCH is refused. */
  private async increment(tenantId: string, id: string): Promise<number | "missing" | "cannot" | "lost"> {
    let response;
    try {
      response = await this.requests.patchNext(tenantId, id);
    } catch (error) {
      const status = statusOf(error);
      if (status === 404 && subStatusOf(error) !== subStatusOwnerMissing) return "missing";
      if (status === 405 || status === 501 || (status === 400 && /patch|operation/i.test(messageOf(error)))) {
        this.patchIncrement = false;
        return "cannot";
      }
      if (connectionLost(error)) return "lost";
      throw translate(error, `increment of ${describe(id)} in ${this.requests.label()}`, {});
    }
    if (response.statusCode === 404) return "missing";
    const next = toStored(requireResource(response.resource, "patch"), tenantId).body["next"];
    if (typeof next !== "number" || !Number.isSafeInteger(next)) {
      throw new Error(`Counter ${describe(id)} holds no whole number after its increment.`);
    }
    return next;
  }

  /** The counter's first create, sent once: "exists" on 409, "lost" when the connection broke under it. */
  private async create(tenantId: string, id: string, first: number): Promise<"created" | "exists" | "lost"> {
    const item = toItem(tenantId, { id, type: "counter", next: first + 1 });
    try {
      await this.requests.create(tenantId, id, item);
      return "created";
    } catch (error) {
      if (statusOf(error) === 409) return "exists";
      if (connectionLost(error)) return "lost";
      throw translate(error, `create of ${describe(id)} in ${this.requests.label()}`, {});
    }
  }
}

import { BulkOperationType, type OperationInput } from "@azure/cosmos";
import type {
  BatchOperation,
  DocumentBody,
  IncrementOperation,
  StoredDocument,
} from "../document-store.port.js";
import { assertUsableDocumentId } from "../document-rules.js";

/** The shape of a Cosmos item against a stored document's body, both ways, and the SDK's batch operations. */

export const tenantField = "tenantId";

/** Properties Cosmos adds to every item; stripped from returned bodies and refused in given ones. */
export const systemFields: ReadonlySet<string> = new Set([
  "_rid",
  "_self",
  "_etag",
  "_attachments",
  "_ts",
  "_lsn",
]);

export function toItem(tenantId: string, body: DocumentBody): Record<string, unknown> {
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

export function toStored<T extends DocumentBody>(
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

export function requireResource<R>(resource: R | undefined, operation: string): R {
  if (resource === undefined) throw new Error(`Cosmos ${operation} returned no resource.`);
  return resource;
}

export function assertEtag(etag: string): void {
  if (typeof etag !== "string" || etag === "") throw new TypeError("ifMatch must be a non-empty ETag.");
}

export function describe(id: unknown): string {
  return JSON.stringify(id);
}

/** The SDK's batch operations for the port's, checked (an ETag for every guarded operation). */
export function batchInputs(
  tenantId: string,
  operations: readonly Exclude<BatchOperation, IncrementOperation>[],
): OperationInput[] {
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

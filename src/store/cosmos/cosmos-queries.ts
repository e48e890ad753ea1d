import { createHash } from "node:crypto";
import { StoreError, type DocumentQuery, type Scalar } from "../document-store.port.js";
import { assertAtMost, assertTenantId, queryFields } from "../document-rules.js";
import { systemFields, tenantField } from "./cosmos-items.js";

/** The Cosmos SQL of a document query, and the continuation tokens the store hands out for its pages. */

/** A parameterised Cosmos SQL query. Values only ever travel as parameters, never inside `query`. */
export interface QuerySpec {
  readonly query: string;
  readonly parameters: readonly { readonly name: string; readonly value: Scalar }[];
}

export const maxLimit = 1000;

/** Field names usable in `where` / `orderBy`: plain identifiers, so they can be written into the SQL text. */
const fieldNamePattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

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
  assertAtMost(query);
  if (query.atMost !== undefined) {
    // A comparison of a string with a missing field or a number is undefined in Cosmos SQL: no match.
    conditions.push(`c["${order.field}"] <= @atMost`);
    parameters.push({ name: "@atMost", value: query.atMost });
  }
  return {
    query: `SELECT ${projection(query)} FROM c WHERE ${conditions.join(" AND ")} ORDER BY c["${order.field}"] ${order.direction.toUpperCase()}`,
    parameters,
  };
}

/**
 * `*`, or with `fields` one object per item: `id`, `type`, the tenant and `_etag` (which every returned item
 * is checked for, see toStored) and the fields, each read as `c["field"]` so a name that is a keyword (`value`)
 * still works. An object constructor leaves out a property whose value is undefined, so a field the item lacks
 * is left out, as the port says. The names are checked identifiers, written into the text as JSON strings.
 */
function projection(query: DocumentQuery): string {
  const fields = queryFields(query);
  if (fields === undefined) return "*";
  const members = ["id", "type", tenantField, "_etag", ...fields].map(
    (f) => `${JSON.stringify(f)}: c["${f}"]`,
  );
  return `VALUE {${members.join(", ")}}`;
}

/**
 * What a continuation token is bound to: the query as it would be without `fields`, so that a list asking for
 * fewer fields accepts the tokens the same list handed out before (on cards' next-page buttons), as far as
 * Cosmos DB itself accepts them (a token it refuses is `invalid_continuation`, like a forged one).
 */
export function continuationSpec(tenantId: string, query: DocumentQuery): QuerySpec {
  return query.fields === undefined
    ? buildQuerySpec(tenantId, query)
    : buildQuerySpec(tenantId, { ...query, fields: undefined });
}

/** Continuation envelope: `base64url(JSON {v, c: SDK token, h: checksum of tenant + query + token})`. */
export function sealContinuation(sdkToken: string, tenantId: string, spec: QuerySpec): string {
  const envelope = { v: 1, c: sdkToken, h: continuationChecksum(sdkToken, tenantId, spec) };
  return Buffer.from(JSON.stringify(envelope), "utf8").toString("base64url");
}

export function openContinuation(token: string, tenantId: string, spec: QuerySpec): string {
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

import { createHash } from "node:crypto";
import {
  maxQueryFields,
  maxSearchCount,
  maxSearchSkip,
  type DocumentBody,
  type DocumentQuery,
  type SearchQuery,
} from "./document-store.port.js";

/**
 * The rules about ids and tenants that every adapter enforces the same way, so a document that one store
 * accepts is never refused by the other (Cosmos DB refuses `/ \ ? #` in ids and ids over 255 characters).
 * Breaking one is a bug in the caller, not an expected failure: it throws a TypeError.
 */

/** Cosmos refuses these characters in ids (they are also path separators in its REST address). */
const forbiddenIdCharacters = /[/\\?#]/;
export const maxDocumentIdLength = 255;

/** A document id usable on every store: 1..255 characters, none of / \ ? #. */
export function isUsableDocumentId(id: unknown): id is string {
  return (
    typeof id === "string" && id !== "" && id.length <= maxDocumentIdLength && !forbiddenIdCharacters.test(id)
  );
}

export function assertUsableDocumentId(id: unknown): asserts id is string {
  if (!isUsableDocumentId(id)) {
    throw new TypeError(
      `Document id ${JSON.stringify(id)} is not usable: 1..${maxDocumentIdLength} characters, none of / \\ ? #.`,
    );
  }
}

export function assertTenantId(tenantId: unknown): asserts tenantId is string {
  if (typeof tenantId !== "string" || tenantId === "") {
    throw new TypeError("tenantId must be a non-empty string.");
  }
}

/** Readable ids are kept up to this length, leaving room under the limit for whatever a prefix adds. */
const maxReadableIdLength = 200;

/**
 * The document id for `key` under `prefix`, usable on every store whatever the key holds (Teams conversation
 * ids, event ids with `#`): `<prefix>:<key>` when that is usable and at most 200 characters, otherwise
 * `<prefix>~<sha256 of key, 64 hex>`. The readable form keeps ids that were stored before this rule
 * addressable; the two forms never collide because a prefix never contains `:` or `~`. Callers keep the
 * key itself in the document, so nothing is read back from the id.
 */
export function documentIdFor(prefix: string, key: string): string {
  const id = `${prefix}:${key}`;
  if (id.length <= maxReadableIdLength && isUsableDocumentId(id)) return id;
  return `${prefix}~${createHash("sha256").update(key).digest("hex")}`;
}

/**
 * Checks a query's `atMost` the same way on every store: a string bound on the order field, which must be
 * given and not be the id. A malformed one is a bug in the caller.
 */
export function assertAtMost(query: DocumentQuery): void {
  if (query.atMost === undefined) return;
  if (typeof query.atMost !== "string" || query.orderBy === undefined || query.orderBy.field === "id")
    throw new TypeError("Query atMost must be a string, and needs an orderBy field other than id.");
}

const searchFieldPattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A query's `fields` checked the same way on every store, without `id` and `type` (always given back): plain
 * names, distinct, none that a store keeps for itself (`tenantId`, Cosmos's `_…`). Undefined without `fields`.
 * A malformed list is a bug in the caller.
 */
export function queryFields(query: DocumentQuery): readonly string[] | undefined {
  const { fields } = query;
  if (fields === undefined) return undefined;
  if (!Array.isArray(fields) || fields.length < 1 || fields.length > maxQueryFields)
    throw new RangeError(`Query fields must be a list of 1..${maxQueryFields} names.`);
  if (new Set(fields).size !== fields.length) throw new RangeError("Query fields must be distinct.");
  for (const field of fields)
    if (
      typeof field !== "string" ||
      !searchFieldPattern.test(field) ||
      field === "tenantId" ||
      field[0] === "_"
    )
      throw new TypeError(`Invalid field name in query fields: ${JSON.stringify(field)}.`);
  return fields.filter((field) => field !== "id" && field !== "type");
}

/** `id`, `type` and those of `fields` the body has: a missing one is left out, an explicit null kept. */
export function pickFields(body: DocumentBody, fields: readonly string[]): DocumentBody {
  const kept: Record<string, unknown> = { id: body.id, type: body.type };
  for (const field of fields) if (Object.hasOwn(body, field)) kept[field] = body[field];
  return kept as DocumentBody;
}

/** Checks a SearchQuery's bounds the same way on every store; a malformed one is a bug in the caller. */
export function assertSearchQuery(query: SearchQuery): void {
  const strings = (values: readonly unknown[], max: number, what: string) => {
    if (!Array.isArray(values) || values.length > max)
      throw new RangeError(`Search ${what} must be a list of at most ${max}.`);
    for (const value of values)
      if (typeof value !== "string" || value === "" || value.length > 100)
        throw new TypeError(`Search ${what} must be strings of 1..100 characters.`);
  };
  strings(query.types, 8, "types");
  if (query.types.length === 0) throw new RangeError("Search types must name at least one type.");
  strings(query.words, 8, "words");
  if (query.changedBy !== undefined) strings([query.changedBy], 1, "changedBy");
  if (query.oneOf !== undefined) {
    if (!searchFieldPattern.test(query.oneOf.field))
      throw new TypeError("Search oneOf.field is not a field.");
    strings(query.oneOf.values, 8, "oneOf.values");
    if (query.oneOf.values.length === 0) throw new RangeError("Search oneOf.values must not be empty.");
  }
  if (!Number.isInteger(query.skip) || query.skip < 0 || query.skip > maxSearchSkip)
    throw new RangeError(`Search skip must be an integer in 0..${maxSearchSkip}.`);
  if (!Number.isInteger(query.count) || query.count < 1 || query.count > maxSearchCount)
    throw new RangeError(`Search count must be an integer in 1..${maxSearchCount}.`);
}

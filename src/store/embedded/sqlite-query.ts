import { createHash } from "node:crypto";
import { StoreError, type DocumentQuery, type Scalar, type SearchQuery } from "../document-store.port.js";
import { assertAtMost, assertSearchQuery, assertTenantId } from "../document-rules.js";
import { searchableTypes } from "../search-fields.js";

/**
 * How a DocumentQuery becomes SQL on the `documents` table, and which indexes serve it.
 *
 * Every index begins with the tenant, so a query only ever walks its own tenant's rows. Indexes on JSON
 * fields are partial (`WHERE type = '…'`): they hold only the documents of one type, and SQLite uses them
 * when the query names that type as a literal, which is why the type is written into the SQL text (quoted)
 * rather than bound. Values are always bound.
 *
 * The order key is `ifnull(json_extract(body, '$.field'), x'')`: a document whose field is null or missing
 * gets an empty blob, which sorts after every number and string, so the key is never NULL and a page can
 * continue from it with one row-value comparison that the index serves.
 */

export const maxLimit = 1000;
const entryType = "entry";
const notEntry = `type <> '${entryType}'`;
const fieldPattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** One partial index: documents of `type`, by tenant, then the `equal` fields, then `order`, then id. */
export interface ListIndex {
  readonly type: string;
  readonly equal: readonly string[];
  readonly order: string;
  /** Only the documents whose first `equal` field is set (`set`) or true (`true`): see `sparseFilters`. */
  readonly only?: "set" | "true";
}

/**
 * The lists the repositories (src/store/*.repository.ts) run, each with the filters it uses. A query that
 * matches none still walks only its tenant (`documents_by_type`), just less directly; the query-plan test
 * (test/store/sqlite-query-plans.test.ts) runs every query the repositories issue and fails on a plan that
 * is not a tenant-first index search.
 */
const lists: readonly { type: string; order: string; filters: readonly string[] }[] = [
  { type: "lead", order: "createdAt", filters: ["status", "ownerId"] },
  {
    type: "opportunity",
    order: "updatedAt",
    filters: ["status", "closed", "ownerId", "partyRef", "stageId", "closeCode", "awaiting"],
  },
  { type: "partner", order: "nameKey", filters: [] },
  {
    type: "user",
    order: "nameKey",
    filters: ["teamsId", "emailKey", "firstNameKey", "lastNameKey", "granted"],
  },
  { type: "account", order: "ref", filters: ["domainKey", "nameKey"] },
  { type: "contact", order: "ref", filters: ["emailKey", "nameKey"] },
  { type: "delivery", order: "seq", filters: ["status"] },
];

/**
 * Filters that most documents of their type do not have, or have false, and that queries only ever ask to
 * be set (`awaiting: "deal"`) or true (`closed: true`): the index on one holds only the documents that match,
 * so writing any other document leaves that index alone. SQLite rewrites every index whose expressions read
 * `body` when a document is updated, whether its values changed or not, one more B-tree page per index and
 * write (a WAL frame at the commit, a page at the checkpoint); a stage move of an open opportunity without
 * pending notifications is in none of these. The index's condition is one the query's own terms imply (an
 * equality implies IS NOT NULL; `closed: true` writes `json_type(…) = 'true'` into the query, see
 * `equality`), so SQLite still uses it for the queries that name the filter.
 */
const sparseFilters: Readonly<Record<string, "set" | "true">> = {
  closed: "true",
  closeCode: "set",
  awaiting: "set",
  outboxPending: "true",
};

/** Outbox scans (`outboxPending: true`) and subscription scans, ordered by id. */
const idOrderedFilters: readonly { type: string; field: string }[] = [
  { type: "lead", field: "outboxPending" },
  { type: "opportunity", field: "outboxPending" },
  { type: "subscription", field: "active" },
  { type: "digest", field: "active" },
];

/**
 * A record's stage history and timeline entries (src/store/entries.ts): one kind newest first, a page at a
 * time; deleting a record's entries walks the same index a kind at a time. Either walks that record's entries
 * only, however many the tenant holds.
 */
const entryIndexes: readonly ListIndex[] = [{ type: entryType, equal: ["record", "kind"], order: "seq" }];

/**
 * `opp purge`: a tenant's closed opportunities, oldest close date first, up to a date (`atMost`), so a purge
 * walks only what it may delete, a page at a time, however many the tenant has.
 */
const closedIndex: ListIndex = { type: "opportunity", equal: ["closed"], order: "closedOn" };

/** A salesperson's inbox: their open opportunities, earliest attention date first (attention.ts). */
const attentionIndex: ListIndex = {
  type: "opportunity",
  equal: ["ownerId", "status"],
  order: "attentionDate",
};

export const listIndexes: readonly ListIndex[] = [
  ...lists.flatMap((l) => [
    { type: l.type, equal: [], order: l.order },
    ...l.filters.map((f) => ({ type: l.type, equal: [f], order: l.order })),
  ]),
  ...idOrderedFilters.map((f) => ({ type: f.type, equal: [f.field], order: "id" })),
  ...entryIndexes,
  attentionIndex,
  closedIndex,
].map((index: ListIndex) => {
  const only = sparseFilters[index.equal[0] ?? ""];
  return only ? { ...index, only } : index;
});

/**
 * A tenant's documents of one type, by id: what a query uses that no partial index serves (a type without
 * lists, a filter no index has). Stage history and timeline entries (type `entry`) are left out. A change
 * writes one or more of them, and every query for them names their record and kind, which
 * ix_entry_record_kind_seq serves; in this index each entry would be one more B-tree insert per change, into
 * its record's region of the index, so one or two more pages per change to write to the WAL, fsync and
 * checkpoint (bench/write-path.ts, `opp next` with 16 reps: 7.2 WAL frames per move with it, 5.6 without).
 * SQLite uses a partial index only when the query's own terms imply its condition, and it does not derive
 * `type <> 'entry'` from `type = 'lead'`, so buildSelect writes that term into every query for another type.
 * Files written before carried every document in it: the store rebuilds it when it opens one
 * (sqlite-database.ts, ensureIndex), once.
 */
export const typeIndex: IndexDefinition = {
  name: "documents_by_type",
  sql: `CREATE INDEX documents_by_type ON documents (tenant, type, id) WHERE ${notEntry}`,
};

/** Indexes earlier versions created that no query uses any more: dropped when the file is opened. */
export const retiredIndexes: readonly string[] = [
  // A record's entries by id, for deleting them; that now walks ix_entry_record_kind_seq a kind at a time.
  "ix_entry_record_id",
];

/**
 * Fields named after a partner (`partner_P1001`: that partner's access to an opportunity, see
 * opportunity.repository.ts) cannot be declared up front. A partial index per such field is created the first
 * time a query filters on it; it holds only the opportunities that partner has any access to, in every tenant,
 * so a partner's lists (`inbox`, `opp list`) walk that partner's opportunities rather than the tenant's.
 */
const perPartnerField = /^partner_P\d{1,9}$/;

/** The per-partner index a query needs (its name and the SQL that creates it), if it is a partner's list. */
export function perPartnerIndex(query: DocumentQuery): { name: string; sql: string } | undefined {
  if (query.type !== "opportunity" || query.orderBy?.field !== "updatedAt") return undefined;
  const field = Object.keys(query.where ?? {}).find((f) => perPartnerField.test(f));
  if (!field) return undefined;
  const name = `ix_opportunity_${field}_updatedAt`;
  const columns = ["tenant", fieldExpression(field), orderExpression("updatedAt"), "id"];
  return {
    name,
    sql:
      `CREATE INDEX IF NOT EXISTS ${name} ON documents (${columns.join(", ")}) ` +
      `WHERE type = 'opportunity' AND ${fieldExpression(field)} IS NOT NULL`,
  };
}

export function indexName(index: ListIndex): string {
  return `ix_${index.type}_${[...index.equal, index.order].join("_")}`;
}

/**
 * An index and its definition, as SQLite keeps it in sqlite_master (`CREATE INDEX name …`, without IF NOT
 * EXISTS): the store compares the two when it opens a file and rebuilds an index whose definition changed.
 */
export interface IndexDefinition {
  readonly name: string;
  readonly sql: string;
}

export function indexDefinition(index: ListIndex): IndexDefinition {
  const columns = ["tenant", ...index.equal.map(fieldExpression), orderExpression(index.order), "id"];
  const conditions = [`type = ${sqlString(index.type)}`];
  const field = index.equal[0];
  if (index.only === "set" && field) conditions.push(`${fieldExpression(field)} IS NOT NULL`);
  if (index.only === "true" && field) conditions.push(`json_type(body, '$.${field}') = 'true'`);
  const name = indexName(index);
  return {
    name,
    sql: `CREATE INDEX ${name} ON documents (${columns.join(", ")}) WHERE ${conditions.join(" AND ")}`,
  };
}

// ---- text search (SearchQuery) ----------------------------------------------------------------------------

/**
 * The search indexes hold only documents that carry the lower-case `search` text (leads, opportunities,
 * accounts, contacts; src/store/search-fields.ts), most recently changed first: one by tenant, one by tenant
 * and who last changed them (an empty search lists the user's own recent changes). A search walks one of them
 * from the newest entry and stops after skip + count matches; `instr` checks each word on the way.
 */
// Comparisons joined by OR, not `type IN (…)`: SQLite evaluates an IN list of more than two constants through a
// temporary B-tree it builds each time a statement runs, which cost a stage move's three writes more than the
// JSON parse this check saves (valgrind: +19 % instructions per move with IN, against main's parse).
const searchedTypes = `(${searchableTypes.map((type) => `type = ${sqlString(type)}`).join(" OR ")})`;
/**
 * The type comes first: SQLite checks a partial index's condition on every document written, of any type, and
 * `json_extract` parses the document's text, so without it every write of a document that is never searched
 * (a stage history entry, an owner's totals, a conversation) parsed its JSON twice for nothing, about half the
 * cost of a totals update (4 of 9 µs). A search for types among them names the same term (SQLite uses a partial
 * index only when the query repeats its condition); one for another type is still answered, by the type index.
 */
const searchOnly = `${searchedTypes} AND json_extract(body, '$.search') IS NOT NULL`;
const searchOrder = orderExpression("searchAt");

export const searchIndexes: readonly IndexDefinition[] = [
  {
    name: "ix_search_recent",
    sql: `CREATE INDEX ix_search_recent ON documents (tenant, ${searchOrder}, id) WHERE ${searchOnly}`,
  },
  {
    name: "ix_search_by",
    sql: `CREATE INDEX ix_search_by ON documents (tenant, ${fieldExpression("searchBy")}, ${searchOrder}, id) WHERE ${searchOnly}`,
  },
];

/** The SQL for one search page. Throws TypeError/RangeError on a malformed query. */
export function buildSearch(tenantId: string, query: SearchQuery): SqlQuery {
  assertTenantId(tenantId);
  assertSearchQuery(query);
  // The partial indexes' own condition, verbatim, so that SQLite may use them.
  const indexed = query.types.every((type) => (searchableTypes as readonly string[]).includes(type));
  const conditions = [
    "tenant = ?",
    indexed ? searchOnly : `json_extract(body, '$.search') IS NOT NULL`,
    `type IN (${query.types.map(sqlString).join(", ")})`,
  ];
  const params: (string | number)[] = [tenantId];
  if (query.changedBy !== undefined) {
    conditions.push(`${fieldExpression("searchBy")} = ?`);
    params.push(query.changedBy);
  }
  if (query.oneOf) {
    conditions.push(
      `${fieldExpression(query.oneOf.field)} IN (${query.oneOf.values.map(() => "?").join(", ")})`,
    );
    params.push(...query.oneOf.values);
  }
  for (const word of query.words) {
    conditions.push(`instr(json_extract(body, '$.search'), ?) > 0`);
    params.push(word);
  }
  return {
    sql:
      `SELECT id, version, body FROM documents WHERE ${conditions.join(" AND ")} ` +
      `ORDER BY ${searchOrder} DESC, id DESC LIMIT ? OFFSET ?`,
    params: [...params, query.count, query.skip],
  };
}

/** Where the last page ended: the order key and id of its last row. */
export type OrderKey = string | number | Buffer;

export interface SqlQuery {
  readonly sql: string;
  readonly params: readonly (string | number | Buffer | null)[];
}

/** The SQL for one page (`limit + 1` rows, to know whether more follow). Throws TypeError on bad input. */
export function buildSelect(tenantId: string, query: DocumentQuery, after?: [OrderKey, string]): SqlQuery {
  assertTenantId(tenantId);
  if (typeof query.type !== "string" || query.type === "") {
    throw new TypeError("Query type must be a non-empty string.");
  }
  if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > maxLimit) {
    throw new RangeError(`Query limit must be an integer in 1..${maxLimit}, got ${String(query.limit)}.`);
  }
  const order = query.orderBy ?? { field: "id", direction: "asc" };
  assertField(order.field);
  if (order.direction !== "asc" && order.direction !== "desc") {
    throw new TypeError(`Query order direction must be "asc" or "desc".`);
  }
  const conditions = ["tenant = ?", `type = ${sqlString(query.type)}`];
  // Redundant but for the planner: it makes documents_by_type usable for this query (see typeIndex).
  if (query.type !== entryType) conditions.push(notEntry);
  const params: (string | number | Buffer | null)[] = [tenantId];
  for (const [field, value] of Object.entries(query.where ?? {})) {
    assertField(field);
    const [condition, bound] = equality(field, value);
    conditions.push(condition);
    params.push(...bound);
  }
  const key = orderExpression(order.field);
  const dir = order.direction === "asc" ? "ASC" : "DESC";
  assertAtMost(query);
  if (query.atMost !== undefined) {
    // The order key is the indexed expression, so the index serves the range; the type check then keeps
    // numbers (which SQLite sorts before every string) out, as Cosmos does.
    conditions.push(`${key} <= ? AND json_type(body, '$.${order.field}') = 'text'`);
    params.push(query.atMost);
  }
  if (after) {
    conditions.push(
      order.field === "id"
        ? `id ${dir === "ASC" ? ">" : "<"} ?`
        : `(${key}, id) ${dir === "ASC" ? ">" : "<"} (?, ?)`,
    );
    params.push(...(order.field === "id" ? [after[1]] : after));
  }
  const orderBy = order.field === "id" ? `id ${dir}` : `${key} ${dir}, id ${dir}`;
  // Named, since the planner has no statistics to prefer a partner's small index over the status index.
  const partnerIndex = perPartnerIndex(query);
  const from = partnerIndex ? `documents INDEXED BY ${partnerIndex.name}` : "documents";
  return {
    sql: `SELECT id, version, body, ${key} AS k FROM ${from} WHERE ${conditions.join(" AND ")} ORDER BY ${orderBy} LIMIT ?`,
    params: [...params, query.limit + 1],
  };
}

/**
 * Equality with JSON's types kept apart: 30 does not match "30", true does not match 1, and null matches an
 * explicit null only, not a missing field. The json_extract term is the one an index serves; the json_type
 * term then checks the kind on the few rows that remain.
 */
function equality(field: string, value: Scalar): [string, (string | number)[]] {
  const extract = fieldExpression(field);
  const kind = `json_type(body, '$.${field}')`;
  if (value === null) return [`${extract} IS NULL AND ${kind} = 'null'`, []];
  if (typeof value === "boolean") return [`${extract} = ? AND ${kind} = '${String(value)}'`, [value ? 1 : 0]];
  if (typeof value === "number" && Number.isFinite(value)) {
    return [`${extract} = ? AND ${kind} IN ('integer', 'real')`, [value]];
  }
  if (typeof value === "string") return [`${extract} = ? AND ${kind} = 'text'`, [value]];
  throw new TypeError(`Query filter on ${JSON.stringify(field)} must be a string, number, boolean or null.`);
}

function fieldExpression(field: string): string {
  return field === "id" ? "id" : `json_extract(body, '$.${field}')`;
}

function orderExpression(field: string): string {
  return field === "id" ? "id" : `ifnull(json_extract(body, '$.${field}'), x'')`;
}

function assertField(field: string): void {
  if (typeof field !== "string" || !fieldPattern.test(field)) {
    throw new TypeError(
      `Invalid field name in query: ${JSON.stringify(field)} (need ${fieldPattern.source}).`,
    );
  }
}

function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

// ---- continuation tokens ----------------------------------------------------------------------------------

/** `base64url(JSON [kind, key, id, check])`; the check binds the token to its tenant and query. */
export function sealContinuation(tenantId: string, shape: string, key: OrderKey, id: string): string {
  const encoded: [string, string | number] = Buffer.isBuffer(key)
    ? ["b", key.toString("base64")]
    : [typeof key === "number" ? "n" : "s", key];
  const payload = [...encoded, id];
  return Buffer.from(JSON.stringify([...payload, check(tenantId, shape, payload)])).toString("base64url");
}

export function openContinuation(tenantId: string, shape: string, token: string): [OrderKey, string] {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    value = undefined;
  }
  if (Array.isArray(value) && value.length === 4) {
    const [kind, key, id, sum] = value as unknown[];
    if (typeof id === "string" && sum === check(tenantId, shape, [kind, key, id])) {
      if (kind === "b" && typeof key === "string") return [Buffer.from(key, "base64"), id];
      if ((kind === "n" && typeof key === "number") || (kind === "s" && typeof key === "string")) {
        return [key, id];
      }
    }
  }
  throw new StoreError("invalid_continuation", "This continuation token was not issued by the store.");
}

/**
 * What a token is bound to besides its tenant: the query without its limit, continuation and `fields` (which
 * change what a row holds, not which rows come next).
 */
export function queryShape(query: DocumentQuery): string {
  const shape = [query.type, query.where ?? {}, query.orderBy ?? null];
  // Only when given, so that tokens handed out before `atMost` existed (on cards' next-page buttons) still open.
  return JSON.stringify(query.atMost === undefined ? shape : [...shape, query.atMost]);
}

function check(tenantId: string, shape: string, payload: unknown[]): string {
  return createHash("sha256")
    .update(JSON.stringify([tenantId, shape, payload]))
    .digest("base64url")
    .slice(0, 22);
}

import type { Scalar, SearchQuery } from "../document-store.port.js";
import { assertSearchQuery, assertTenantId } from "../document-rules.js";

/**
 * The Cosmos SQL for one text search (SearchQuery): one query in the tenant's partition, `CONTAINS` on the
 * lower-case `search` field of each word, newest `searchAt` first, TOP skip + count (the local test server
 * has no OFFSET/LIMIT, and TOP is one page either way). Values only travel as parameters; the field name of
 * `oneOf` is checked against the field pattern before it is written into the text.
 */
export function buildSearchSpec(
  tenantId: string,
  query: SearchQuery,
): { readonly query: string; readonly parameters: { name: string; value: Scalar }[]; readonly top: number } {
  assertTenantId(tenantId);
  assertSearchQuery(query);
  const parameters: { name: string; value: Scalar }[] = [{ name: "@tenantId", value: tenantId }];
  const bind = (value: string) => {
    const name = `@p${parameters.length}`;
    parameters.push({ name, value });
    return name;
  };
  const conditions = [
    "c.tenantId = @tenantId",
    `c.type IN (${query.types.map(bind).join(", ")})`,
    "IS_STRING(c.search)",
  ];
  if (query.changedBy !== undefined) conditions.push(`c.searchBy = ${bind(query.changedBy)}`);
  if (query.oneOf)
    conditions.push(`c["${query.oneOf.field}"] IN (${query.oneOf.values.map(bind).join(", ")})`);
  for (const word of query.words) conditions.push(`CONTAINS(c.search, ${bind(word)})`);
  const top = query.skip + query.count;
  return {
    query: `SELECT TOP ${top} * FROM c WHERE ${conditions.join(" AND ")} ORDER BY c.searchAt DESC`,
    parameters,
    top,
  };
}

import {
  maxIncrements,
  StoreError,
  type DocumentBody,
  type IncrementOperation,
} from "./document-store.port.js";
import { assertUsableDocumentId } from "./document-rules.js";

/** The `increment` batch operation (document-store.port.ts) as both stores check and apply it. */

/** Throws TypeError/RangeError for an increment no store may apply (checked before anything is written). */
export function assertIncrement(op: IncrementOperation): void {
  const body = op.create as unknown;
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new TypeError("An increment's document must be a plain object.");
  assertUsableDocumentId(op.create.id);
  if (typeof op.create.type !== "string" || op.create.type === "")
    throw new TypeError(`Document ${JSON.stringify(op.create.id)} needs a non-empty string type.`);
  if (!Array.isArray(op.add) || op.add.length < 1 || op.add.length > maxIncrements)
    throw new RangeError(`An increment holds 1..${maxIncrements} additions.`);
  const seen = new Set<string>();
  for (const { path, by } of op.add) {
    if (!Array.isArray(path) || path.length < 1 || path.some((p) => typeof p !== "string" || p === ""))
      throw new TypeError("An increment's path is one or more non-empty property names.");
    if (path.length === 1 && (path[0] === "id" || path[0] === "type"))
      throw new TypeError("An increment may not change a document's id or type.");
    if (typeof by !== "number" || !Number.isFinite(by))
      throw new TypeError("An increment adds a finite number.");
    const key = path.join("\u0000");
    if (seen.has(key)) throw new TypeError(`An increment names ${JSON.stringify(path)} twice.`);
    seen.add(key);
  }
}

/**
 * `body` with the additions applied (a copy; `body` is left as it is): a missing field counts as 0 and missing
 * objects on its path are created. Throws TypeError when a field holds something other than a number, or
 * something on the path other than an object.
 */
export function withIncrements<T extends DocumentBody>(body: T, add: IncrementOperation["add"]): T {
  const result = { ...body } as Record<string, unknown>;
  for (const { path, by } of add) {
    let parent = result;
    for (const name of path.slice(0, -1)) {
      const child = parent[name] ?? {};
      if (typeof child !== "object" || child === null || Array.isArray(child))
        throw new TypeError(`${JSON.stringify(path)} runs through something other than an object.`);
      // Copied on the way down, so the caller's nested objects are never changed.
      parent = parent[name] = { ...(child as Record<string, unknown>) };
    }
    const field = path[path.length - 1] as string;
    const was = parent[field] ?? 0;
    if (typeof was !== "number")
      throw new TypeError(`${JSON.stringify(path)} holds something other than a number.`);
    parent[field] = was + by;
  }
  return result as T;
}

/**
 * What an increment leaves stored: its document with the additions when none is stored (`stored` undefined),
 * else the stored body with them. Refuses (conflict) a stored document of another type.
 */
export function incremented(op: IncrementOperation, stored: DocumentBody | undefined): DocumentBody {
  if (!stored) return withIncrements(op.create, op.add);
  if (stored.type !== op.create.type)
    throw new StoreError("conflict", `Document ${JSON.stringify(op.create.id)} exists with another type.`);
  return withIncrements(stored, op.add);
}

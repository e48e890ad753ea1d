import type * as z from "zod";
import type { Versioned } from "../domain/shared/ports.js";
import { parseBySchema } from "../kit/parsing/schema-reader.js";
import type { StoredDocument } from "./document-store.port.js";
import { deepFreeze } from "../util/deep-freeze.js";

/**
 * Parses a stored document's body with its zod schema, the common case read by the schema interpreter of
 * src/kit/parsing/schema-reader.ts instead of zod's generated parser (why: see there); whatever it is unsure of
 * is parsed by zod itself, so zod's answer (its value, or its error) is what the caller gets either way.
 * test/store/document-parse.test.ts compares it with zod on stored documents and their damaged variants.
 */
export function parseDocument<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  return parseBySchema(schema, body);
}

/**
 * A parsed document without its store-only fields (id, kind, query copies): a fresh object with every other
 * own field, in the same order, as `const { id, type, …, ...rest } = document` gives it.
 *
 * Why not the rest pattern: on Node 20 a rest with excluded keys is done by a runtime call that adds the
 * fields one by one through the slow path, 7–14 µs for an opportunity document (some 40 fields) on every read
 * of it; this loop costs 1–2 µs. A field named `__proto__` (possible only in a loose schema's extra fields) is
 * defined as an own field, as the rest pattern defines it, never set as the prototype.
 */
export function withoutFields<T extends object, K extends keyof T & string>(
  document: T,
  dropped: readonly K[],
): Omit<T, K> {
  const out: Record<string, unknown> = {};
  const from = document as Record<string, unknown>;
  for (const key of Object.keys(from)) {
    if ((dropped as readonly string[]).includes(key)) continue;
    if (key === "__proto__")
      Object.defineProperty(out, key, {
        value: from[key],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else out[key] = from[key];
  }
  return out as Omit<T, K>;
}

/**
 * A stored record as the domain sees it: its document parsed, its store-only fields (`dropped`) left out, the
 * tenant added, and the document's etag as its version. The tenant is assigned onto the fresh object rather than
 * spread into another (see toOpportunityDocument in opportunity.repository.ts).
 */
export function versionedRecord<S extends z.ZodType, K extends keyof z.output<S> & string>(
  schema: S,
  tenantId: string,
  stored: StoredDocument,
  dropped: readonly K[],
): Versioned<Omit<z.output<S>, K> & { tenantId: string }> {
  const record = withoutFields(parseDocument(schema, stored.body) as z.output<S> & object, dropped);
  return { value: Object.assign(record, { tenantId }), version: stored.etag };
}

/**
 * Records parsed from the documents a store shares between reads. The embedded store hands every read of an
 * unchanged document the same frozen StoredDocument (src/store/embedded/document-cache.ts), so the record
 * parsed from it is the same too, and is parsed once: kept beside that object (a WeakMap, so it lives exactly
 * as long as the store holds the document), frozen all the way down like it, since every reader gets it. A
 * write needs no invalidation here: the next read of the document returns a new object — the document the
 * write returned, when the store's cache keeps it, with the record the repository `remember`ed beside it. A
 * document that is not frozen (a list's, Cosmos DB's) is parsed every time, as before.
 */
export class SharedRecords<R extends object> {
  private readonly records = new WeakMap<StoredDocument, { readonly tenantId: string; readonly record: R }>();

  constructor(private readonly parse: (tenantId: string, stored: StoredDocument) => R) {}

  of(tenantId: string, stored: StoredDocument): R {
    if (!Object.isFrozen(stored)) return this.parse(tenantId, stored);
    const kept = this.held(tenantId, stored);
    if (kept) return kept;
    const record = deepFreeze(this.parse(tenantId, stored));
    this.records.set(stored, { tenantId, record });
    return record;
  }

  /** The record kept for `stored`, if any: without reading its body (a write's is decoded only when read). */
  held(tenantId: string, stored: StoredDocument): R | undefined {
    const kept = this.records.get(stored);
    return kept?.tenantId === tenantId ? kept.record : undefined;
  }

  /**
   * `record` is what parsing `stored` gives — a write's document (stored-rows.ts `written`, which the embedded
   * store keeps for the reads after it) and the record the repository built it from — so a read handed that
   * document takes the record as it is. Frozen all the way down, as it is shared from then on. The caller
   * answers for the equality (test/store/written-records.test.ts checks it for every change); a document
   * that is not frozen (Cosmos DB's) is never handed out again, and nothing is kept.
   */
  remember(tenantId: string, stored: StoredDocument, record: R): R {
    if (!Object.isFrozen(stored)) return record;
    this.records.set(stored, { tenantId, record: deepFreeze(record) });
    return record;
  }
}

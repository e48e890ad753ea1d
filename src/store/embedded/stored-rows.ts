import type { DocumentBody, StoredDocument } from "../document-store.port.js";
import { pickFields } from "../document-rules.js";
import { deepFreeze } from "../../util/deep-freeze.js";

/** The embedded store's rows as documents, and its versions as ETags. */

/** A row of `documents` as the store selects it. */
export interface Row {
  readonly id: string;
  readonly version: number;
  readonly body: string;
}

export function toStored<T extends DocumentBody>(row: Row): StoredDocument<T> {
  return { body: JSON.parse(row.body) as T, etag: etagOf(row.version) };
}

/**
 * A query's `fields` of a row, picked after parsing its whole text in JavaScript. Measured on opportunity
 * documents (about 850 bytes, 15 fields, bench/read-path.ts's data): extracting them in SQLite instead
 * (`body -> '$.f'` per field) cost more CPU than the parse it saves, about 1.5 µs per field and row against
 * 6 to 7 µs for a whole parse, since SQLite parses the text again for every field it extracts.
 */
export function picked<T extends DocumentBody>(row: Row, fields: readonly string[]): StoredDocument<T> {
  return { body: pickFields(JSON.parse(row.body) as DocumentBody, fields) as T, etag: etagOf(row.version) };
}

/**
 * A document as just written: its body is parsed from the JSON stored only when a caller reads it. Most writers
 * only want the ETag (a record's batch returns its entries and totals too, and the repositories build what they
 * return from the record they wrote), and parsing each written document back cost a stage move about as much
 * CPU as serialising it. The body, when read, is still a copy of what is stored, never the caller's object.
 *
 * Frozen all the way down, like a read's: the document cache may keep this very object for the reads after
 * the write (document-cache.ts), and a repository the record it made of it (SharedRecords, document-parse.ts).
 */
export function written<T extends DocumentBody>(json: string, version: number): StoredDocument<T> {
  let body: T | undefined;
  return Object.freeze({
    get body(): T {
      body ??= deepFreeze(JSON.parse(json) as T);
      return body;
    },
    etag: etagOf(version),
  });
}

export const etagOf = (version: number) => `"${version}"`;

/** An ETag this store never issued matches no version (-1), so the guarded write reports a conflict. */
export function versionOf(etag: string): number {
  if (typeof etag !== "string" || etag === "") throw new TypeError("ifMatch must be a non-empty ETag.");
  const match = /^"(\d{1,15})"$/.exec(etag);
  return match ? Number(match[1]) : -1;
}

import { BoundedMap } from "../../domain/shared/bounded-map.js";
import type { StoredDocument } from "../document-store.port.js";
import { deepFreeze } from "../../util/deep-freeze.js";

/**
 * The embedded store's documents as last read, decoded, so that reading one again costs neither SQLite's
 * point read (its statement, its two file locks, its pages) nor the JSON parse: a card pressed, a record shown
 * to several people in a row (a notification's card per subscriber, the refresh of a shared card by each
 * viewer), a record read and read again within one command.
 *
 * Why it can be coherent: the store is the only writer of its file (data-dir.ts holds an exclusive lock), and
 * every write goes through EmbeddedDocumentStore, whose insert, update and remove name the document here
 * (`touch`) inside the transaction that writes it. The rules:
 * - filled by reads, with what the read connection returned: committed data, never a write still waiting for
 *   its commit (or one whose commit will fail);
 * - a document a write touched is forgotten once that write's transaction has settled (`settled`: its COMMIT
 *   returned, or it was rolled back). Until then a read returns the committed document, as the read connection
 *   does, cached or not; a read filled meanwhile is forgotten with the rest;
 * - except a document held here that a replace of a committed transaction wrote (`wrote`, the last such
 *   replace of it in the transaction): it is then held as that replace stored it — the very document the
 *   replace returned (stored-rows.ts `written`: its text and version, what the read connection returns from
 *   then on, decoded when first read), so a repository that kept the record it wrote beside that document
 *   (SharedRecords) need not parse it again. A replace rolled back to its savepoint is not kept
 *   (`rolledBack`: the versions it used are given back, so every write of a version above the mark is
 *   dropped), and a later write of the same document in the transaction drops an earlier one's, so anything
 *   but a replace that stands, last, in a committed transaction is forgotten. Why: a record is mostly read,
 *   changed and read again (a stage move and the card after it, the next press, the notification relay
 *   reading what a change put in its outbox), and each change would otherwise send the next read back to
 *   SQLite, the JSON parse and the record's parse. Only documents already held are kept, so writes alone
 *   (entries, counters, deliveries) never fill it;
 * - cleared when the store closes or finds its file damaged;
 * - what it hands out is frozen, deeply: one object is given to every caller that reads the document, so no
 *   caller may change it (none does: the repositories parse a body into a new record).
 *
 * Bounded by count and by the JSON text's length (the parsed object takes a few times that in V8's heap), least
 * recently read forgotten first: what it holds is a fixed cost in resident memory, which issue 14 bounds.
 */
export interface DocumentCacheBudget {
  /** At most this many documents (0: no cache). */
  readonly documents: number;
  /** At most this many characters of JSON text, all documents together; a larger document is not held. */
  readonly jsonChars: number;
}

/**
 * A team's working set: the records being shown and worked on, its setup, its people. An opportunity is about
 * 1 100–1 400 characters of JSON and about 1.9 KB of V8 heap parsed and frozen (1 385 characters: 1 945 bytes
 * each, 5 000 of them measured), so this holds some 400 of them in about 1 MB when full.
 */
export const defaultDocumentCache: DocumentCacheBudget = { documents: 512, jsonChars: 512 * 1024 };

interface Entry {
  /** Frozen: decoded from the read connection's row, or a replace's document (its body decoded when read). */
  readonly document: StoredDocument;
  /** The length of its JSON text. */
  readonly chars: number;
}

/** A replace of the open transaction: what it returned, and the version it wrote. */
interface Written extends Entry {
  readonly version: number;
}

export class DocumentCache {
  private readonly entries: BoundedMap<string, Entry> | undefined;
  private chars = 0;
  /** Documents written by the open transaction: forgotten when it settles (but see `written`). */
  private touched: string[] = [];
  /** The last replace of each document in the open transaction that still stands, by key. */
  private readonly written = new Map<string, Written>();
  private readonly largest: number;

  constructor(private readonly budget: DocumentCacheBudget) {
    const { documents, jsonChars } = budget;
    if (!Number.isInteger(documents) || documents < 0 || !Number.isInteger(jsonChars) || jsonChars < 0)
      throw new RangeError("A document cache's budget is two whole numbers >= 0.");
    this.entries = documents > 0 && jsonChars > 0 ? new BoundedMap(documents) : undefined;
    // One document may take at most an eighth of the budget, so a few large ones never flush the rest.
    this.largest = Math.floor(jsonChars / 8);
  }

  get(tenantId: string, id: string): StoredDocument | undefined {
    return this.entries?.get(keyOf(tenantId, id))?.document;
  }

  /** Holds what the read connection returned for (tenantId, id), frozen; returns it. */
  fill<D extends StoredDocument>(tenantId: string, id: string, document: D, chars: number): D {
    const entries = this.entries;
    if (!entries || chars > this.largest) return document;
    deepFreeze(document);
    this.hold(keyOf(tenantId, id), { document, chars });
    return document;
  }

  /** A write of the open transaction changes (tenantId, id): an earlier replace of it there is not kept. */
  touch(tenantId: string, id: string): void {
    if (!this.entries) return;
    const key = keyOf(tenantId, id);
    this.touched.push(key);
    if (this.written.size > 0) this.written.delete(key);
  }

  /**
   * A replace of the open transaction wrote `version` of (tenantId, id), after its `touch`: `document` is what
   * it returned (frozen, its body the stored text's: stored-rows.ts `written`), `chars` that text's length.
   */
  wrote(tenantId: string, id: string, document: StoredDocument, version: number, chars: number): void {
    if (this.entries && chars <= this.largest)
      this.written.set(keyOf(tenantId, id), { document, version, chars });
  }

  /** The open transaction was rolled back to a savepoint taken at version `mark`: later writes are gone. */
  rolledBack(mark: number): void {
    for (const [key, write] of this.written) if (write.version > mark) this.written.delete(key);
  }

  /**
   * The open transaction ended, `committed` or rolled back: what it wrote is read again from the file, but a
   * document held here that it replaced is held as that replace stored it, once committed.
   */
  settled(committed: boolean): void {
    if (this.touched.length === 0) return;
    const written = committed ? this.written : undefined;
    for (const key of this.touched) if (!written?.has(key)) this.forget(key);
    // Every key here was touched (`wrote` follows `touch`), and kept only when it is held.
    if (written)
      for (const [key, write] of written) {
        if (this.entries?.has(key)) this.hold(key, { document: write.document, chars: write.chars });
      }
    this.written.clear();
    this.touched = [];
  }

  clear(): void {
    this.entries?.clear();
    this.chars = 0;
    this.touched = [];
    this.written.clear();
  }

  /** Documents held and their JSON characters (tests, diagnostics). */
  get held(): { readonly documents: number; readonly jsonChars: number } {
    return { documents: this.entries?.size ?? 0, jsonChars: this.chars };
  }

  private hold(key: string, entry: Entry): void {
    const entries = this.entries;
    if (!entries) return;
    this.forget(key);
    while (entries.size >= this.budget.documents || this.chars + entry.chars > this.budget.jsonChars) {
      const oldest = entries.keys().next();
      if (oldest.done) break;
      this.forget(oldest.value);
    }
    entries.set(key, entry);
    this.chars += entry.chars;
  }

  private forget(key: string): void {
    const entries = this.entries;
    const entry = entries?.get(key);
    if (!entries || !entry) return;
    entries.delete(key);
    this.chars -= entry.chars;
  }
}

/** An id never contains "/" (document-rules.ts), so the first "/" ends it: no two pairs share a key. */
const keyOf = (tenantId: string, id: string) => `${id}/${tenantId}`;

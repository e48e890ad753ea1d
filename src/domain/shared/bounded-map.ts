/**
 * A Map for per-process caches keyed by tenant, user or conversation: it keeps at most `limit` entries, and
 * adding one more forgets the one used least recently. Keys come from the outside (any caller may name a new
 * tenant or conversation), so a cache without a bound grows for as long as the process runs; with one, its
 * memory stays fixed, and forgetting an entry only costs the read that fills it again.
 */
/** No key known to be last (a private symbol, so no caller's key can be mistaken for it). */
const unknown: unique symbol = Symbol("unknown");

export class BoundedMap<K, V> {
  // A Map iterates in insertion order; an entry used again is moved to the end, so the first is the oldest.
  private readonly entries = new Map<K, V>();
  /**
   * The key at the end (the most recently used), or `unknown`. A hit on it need not move it:
   * it is already last. Caches are mostly hit by the same tenant or user many times in a row, and moving
   * an entry is a delete and an insert into the Map, several times the cost of the lookup.
   */
  private newest: K | typeof unknown = unknown;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`A bound must be a whole number >= 1: ${limit}`);
  }

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined || key === this.newest) return value;
    this.entries.delete(key);
    this.entries.set(key, value);
    this.newest = key;
    return value;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  set(key: K, value: V): this {
    this.entries.delete(key);
    this.entries.set(key, value);
    this.newest = key;
    if (this.entries.size > this.limit) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    return this;
  }

  delete(key: K): boolean {
    if (key === this.newest) this.newest = unknown;
    return this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
    this.newest = unknown;
  }

  /** Oldest first. */
  keys(): IterableIterator<K> {
    return this.entries.keys();
  }

  get size(): number {
    return this.entries.size;
  }
}

import { BoundedMap } from "../shared/bounded-map.js";
import { ConcurrencyConflict, type Versioned } from "../shared/ports.js";
import type { DirectoryUser } from "./directory.js";
import type { DirectoryRepository, KnownConversation } from "./directory.repository.port.js";

/** How long a user or conversation is served from memory before it is read again (other instances write too). */
export const directoryCacheMs = 30_000;
/**
 * Users, and conversations, kept in memory at most; the least recently used is forgotten first (a bound, not a
 * tuning knob: an entry lives 30 s anyway, so this is more than the users active in any 30 s).
 */
export const directoryCacheEntries = 10_000;
/** Attempts at a guarded write that keeps meeting concurrent writers. */
const writeAttempts = 3;

/**
 * A record held in memory: served until `until`; `seenAtMs` is its `lastSeenAt` parsed once here, so the
 * common turn's "seen lately?" is a subtraction, not a date parse.
 */
export interface Cached<T> {
  readonly value: Versioned<T>;
  readonly until: number;
  readonly seenAtMs: number;
}

export const userKey = (tenantId: string, id: string) => `${tenantId}\u0000${id}`;

/**
 * The directory's users and conversations as DirectoryService reads and writes them: per instance, each is
 * served from memory for `directoryCacheMs` (so the common turn reads nothing), and every write is guarded by
 * the version read, re-read and tried again when another instance or turn wrote first.
 */
export class DirectoryRecords {
  private readonly users = new BoundedMap<string, Cached<DirectoryUser>>(directoryCacheEntries);
  private readonly conversations = new BoundedMap<string, Cached<KnownConversation>>(directoryCacheEntries);

  constructor(
    private readonly directory: DirectoryRepository,
    private readonly clockMs: () => number,
  ) {}

  /** As writeUser, for changes that always produce a user (create when missing). */
  async upsertUser(
    tenantId: string,
    userId: string,
    change: (current: DirectoryUser | undefined) => Promise<DirectoryUser | undefined>,
  ): Promise<DirectoryUser> {
    const saved = await this.writeUser(tenantId, userId, change);
    if (!saved) throw new Error(`The change of user ${userId} produced no user`);
    return saved.value;
  }

  /**
   * Read (from the cache when fresh), change, write guarded by the version read. A change that returns
   * undefined writes nothing. A conflict re-reads from the store and tries again.
   */
  async writeUser(
    tenantId: string,
    userId: string,
    change: (current: DirectoryUser | undefined) => Promise<DirectoryUser | undefined>,
  ): Promise<Versioned<DirectoryUser> | undefined> {
    for (let attempt = 0; ; attempt++) {
      const current = await this.loadUser(tenantId, userId, attempt > 0);
      const next = await change(current?.value);
      if (next === undefined) return current;
      try {
        return this.remember(
          this.users,
          userKey(tenantId, userId),
          await this.directory.saveUser(next, current?.version),
        );
      } catch (error) {
        this.users.delete(userKey(tenantId, userId));
        if (!(error instanceof ConcurrencyConflict) || attempt + 1 >= writeAttempts) throw error;
      }
    }
  }

  async writeConversation(
    tenantId: string,
    conversationId: string,
    change: (current: KnownConversation | undefined) => KnownConversation | undefined,
  ): Promise<void> {
    const key = userKey(tenantId, conversationId);
    for (let attempt = 0; ; attempt++) {
      const current = await this.loadConversation(tenantId, conversationId, attempt > 0);
      const next = change(current?.value);
      if (next === undefined) return;
      try {
        this.remember(this.conversations, key, await this.directory.saveConversation(next, current?.version));
        return;
      } catch (error) {
        this.conversations.delete(key);
        if (!(error instanceof ConcurrencyConflict) || attempt + 1 >= writeAttempts) throw error;
      }
    }
  }

  /** The user as held in memory if still fresh at `nowMs`; nothing is read (the common turn, see `seen`). */
  freshUser(tenantId: string, userId: string, nowMs: number): Cached<DirectoryUser> | undefined {
    const cached = this.users.get(userKey(tenantId, userId));
    return cached && cached.until > nowMs ? cached : undefined;
  }

  /** As freshUser, for a conversation. */
  freshConversation(tenantId: string, conversationId: string, nowMs: number) {
    const cached = this.conversations.get(userKey(tenantId, conversationId));
    return cached && cached.until > nowMs ? cached : undefined;
  }

  async loadUser(tenantId: string, userId: string, fresh = false) {
    const key = userKey(tenantId, userId);
    const cached = this.users.get(key);
    if (!fresh && cached && cached.until > this.clockMs()) return cached.value;
    const stored = await this.directory.getUser(tenantId, userId);
    if (!stored) {
      this.users.delete(key);
      return undefined;
    }
    return this.remember(this.users, key, stored);
  }

  async loadConversation(tenantId: string, conversationId: string, fresh = false) {
    const key = userKey(tenantId, conversationId);
    const cached = this.conversations.get(key);
    if (!fresh && cached && cached.until > this.clockMs()) return cached.value;
    const stored = await this.directory.getConversation(tenantId, conversationId);
    if (!stored) {
      this.conversations.delete(key);
      return undefined;
    }
    return this.remember(this.conversations, key, stored);
  }

  private remember<T extends { readonly lastSeenAt: string }>(
    cache: BoundedMap<string, Cached<T>>,
    key: string,
    value: Versioned<T>,
  ): Versioned<T> {
    cache.set(key, {
      value,
      until: this.clockMs() + directoryCacheMs,
      seenAtMs: Date.parse(value.value.lastSeenAt),
    });
    return value;
  }
}

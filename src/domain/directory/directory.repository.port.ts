import type { Versioned } from "../shared/ports.js";
import type { ConversationAddress, DirectoryUser } from "./directory.js";

/** A conversation the bot is (or was) part of: one record per conversation, in its tenant. */
export interface KnownConversation {
  readonly tenantId: string;
  readonly address: ConversationAddress;
  readonly lastSeenAt: string;
  /** False once the bot was removed from it (uninstalled, removed from the team or chat). */
  readonly active: boolean;
  readonly removedAt?: string;
}

/**
 * Users and conversations per tenant, and the registry of tenants the bot has seen (kept apart from every
 * tenant's own records, in the system partition). Writes are guarded by the version read: `save…` with
 * `undefined` creates and throws ConcurrencyConflict when the record already exists.
 */
export interface DirectoryRepository {
  getUser(tenantId: string, userId: string): Promise<Versioned<DirectoryUser> | undefined>;
  userByTeamsId(tenantId: string, teamsId: string): Promise<Versioned<DirectoryUser> | undefined>;
  /** Users with this email (any case), or whose full, first or last name equals `name` (normalised). */
  findUsers(
    tenantId: string,
    match: { readonly email?: string; readonly name?: string },
    limit: number,
  ): Promise<readonly DirectoryUser[]>;
  /** Users by name; only those holding a granted role with `granted`. */
  listUsers(
    tenantId: string,
    options: { readonly granted?: boolean; readonly limit: number },
  ): Promise<readonly DirectoryUser[]>;
  saveUser(user: DirectoryUser, version: string | undefined): Promise<Versioned<DirectoryUser>>;

  getConversation(
    tenantId: string,
    conversationId: string,
  ): Promise<Versioned<KnownConversation> | undefined>;
  saveConversation(
    conversation: KnownConversation,
    version: string | undefined,
  ): Promise<Versioned<KnownConversation>>;

  /** Whether the tenant is in the registry. */
  isRegistered(tenantId: string): Promise<boolean>;
  /** Adds the tenant to the registry; a registration that already exists is kept as it is. */
  register(tenantId: string, at: string): Promise<void>;
  /** Every registered tenant. */
  tenants(): Promise<string[]>;
}

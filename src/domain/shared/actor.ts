/**
 * Roles per tenant. `external`: a guest or a user of another tenant (shared channels) who has not been
 * mapped to a partner organisation — such a user may read the help text and nothing else.
 */
export type Role = "admin" | "manager" | "rep" | "partner" | "external";

/** Who is acting: always within exactly one tenant. */
export interface Actor {
  readonly tenantId: string;
  /** Stable user id: the AAD object id when Teams gives one, else the channel user id. */
  readonly userId: string;
  readonly name: string;
  readonly role: Role;
  /** The partner organisation a `partner` user belongs to. */
  readonly partner?: string;
}

/** An admin from configuration (ADMIN_AAD_IDS): an AAD object id, bound to the tenant it is admin of. */
export interface ConfiguredAdmin {
  /** Lower case; absent only in anonymous local mode, where it means every tenant. */
  readonly tenantId?: string;
  /** AAD object id, lower case. */
  readonly userId: string;
}

export const isConfiguredAdmin = (
  admins: readonly ConfiguredAdmin[],
  tenantId: string,
  userId: string,
): boolean => {
  const tenant = tenantId.toLowerCase();
  const user = userId.toLowerCase();
  return admins.some((a) => a.userId === user && (a.tenantId === undefined || a.tenantId === tenant));
};

/**
 * Guests and members of other tenants come first: whatever id they carry, they are no admins here (a
 * partner mapping is their only role). Then admins from configuration, then a granted role; members are reps.
 */
export function roleFor(
  tenantId: string,
  userId: string,
  admins: readonly ConfiguredAdmin[],
  granted?: { readonly role?: Exclude<Role, "external">; readonly external?: boolean },
): Role {
  if (granted?.external) return granted.role === "partner" ? "partner" : "external";
  if (isConfiguredAdmin(admins, tenantId, userId)) return "admin";
  return granted?.role ?? "rep";
}

/** The vendor's own people: everybody who works the pipeline (not partners, not unmapped guests). */
export const isStaff = (actor: Actor): boolean =>
  actor.role === "admin" || actor.role === "manager" || actor.role === "rep";

export const isManager = (actor: Actor): boolean => actor.role === "admin" || actor.role === "manager";

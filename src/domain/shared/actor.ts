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

/** Admins are bootstrapped from configuration; a granted role applies otherwise; members act as reps. */
export function roleFor(
  userId: string,
  adminIds: readonly string[],
  granted?: { readonly role?: Exclude<Role, "external">; readonly external?: boolean },
): Role {
  if (adminIds.includes(userId.toLowerCase())) return "admin";
  if (granted?.role) return granted.role;
  return granted?.external ? "external" : "rep";
}

/** The vendor's own people: everybody who works the pipeline (not partners, not unmapped guests). */
export const isStaff = (actor: Actor): boolean =>
  actor.role === "admin" || actor.role === "manager" || actor.role === "rep";

export const isManager = (actor: Actor): boolean => actor.role === "admin" || actor.role === "manager";

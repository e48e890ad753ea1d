export type Role = "admin" | "manager" | "rep" | "partner";

/** Who is acting: always within exactly one tenant. */
export interface Actor {
  readonly tenantId: string;
  /** Stable user id: the AAD object id when Teams gives one, else the channel user id. */
  readonly userId: string;
  readonly name: string;
  readonly role: Role;
}

/** Admins are bootstrapped from configuration; everybody else in the tenant acts as a rep for now. */
export function roleFor(userId: string, adminIds: readonly string[]): Role {
  return adminIds.includes(userId.toLowerCase()) ? "admin" : "rep";
}

export const isStaff = (actor: Actor): boolean => actor.role !== "partner";

/** Roles: the person as typed (`<at>Anna</at>`, `@Anna`, an email, or a user id from the form), the role raw. */
export type DirectoryCommand =
  | {
      readonly kind: "role.form";
      readonly user?: string;
      readonly role?: string;
      readonly partner?: string;
    }
  | { readonly kind: "role.grant"; readonly user: string; readonly role: string; readonly partner?: string }
  | { readonly kind: "role.list" };

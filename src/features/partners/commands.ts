import type { RawInput } from "../../kit/parsing/text-command.js";

/** Partner organisations: defined and staffed by managers; the partner as typed (name or "P-1001"). */
export type PartnerAdminCommand =
  | { readonly kind: "partner.form" }
  | { readonly kind: "partner.create"; readonly input: RawInput }
  | { readonly kind: "partner.list"; readonly cursor?: string }
  | { readonly kind: "partner.show"; readonly partner: string }
  /** Either may be empty (typed without it): the list then opens its Add a member inputs. */
  | { readonly kind: "partner.add"; readonly partner: string; readonly person: string };

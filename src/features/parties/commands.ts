export type PartyCommand =
  | { readonly kind: "account.create"; readonly input: Readonly<Record<string, unknown>> }
  | { readonly kind: "contact.create"; readonly input: Readonly<Record<string, unknown>> }
  | { readonly kind: "party.show"; readonly ref: string }
  | { readonly kind: "party.customer"; readonly ref: string; readonly isCustomer: boolean };

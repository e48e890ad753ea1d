/** `help`. */
export type GeneralCommand = { readonly kind: "help" };

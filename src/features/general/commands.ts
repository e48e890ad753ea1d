import type { SmallTalk } from "./small-talk.js";

/** `help`, and a greeting or thank-you typed instead of a command. */
export type GeneralCommand = { readonly kind: "help" } | { readonly kind: "talk"; readonly talk: SmallTalk };

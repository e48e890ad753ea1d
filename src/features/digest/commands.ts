import type { Schedule } from "../../domain/digest/schedule.js";

export type DigestCommand =
  | { readonly kind: "digest.set"; readonly schedule: Schedule }
  | { readonly kind: "digest.off" }
  | { readonly kind: "digest.preview" }
  | { readonly kind: "nudge.set"; readonly on: boolean }
  | { readonly kind: "nudge.snooze"; readonly ref: string };

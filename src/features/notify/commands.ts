import type { Topic } from "../../domain/notify/event.js";

export type NotifyCommand =
  | { readonly kind: "notify.here"; readonly topics: readonly Topic[] }
  | { readonly kind: "notify.off" }
  | { readonly kind: "notify.status" };

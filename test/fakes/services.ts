import { composeServices } from "../../src/compose.js";
import { fixedClock } from "./fixed-clock.js";
import { InMemoryDocumentStore } from "./in-memory-document-store.js";

/** Every use case over the fake document store and a fixed clock, for unit tests of the domain. */
export function fakeServices(iso?: string) {
  const store = new InMemoryDocumentStore();
  const clock = fixedClock(iso);
  return { store, clock, ...composeServices(store, clock) };
}

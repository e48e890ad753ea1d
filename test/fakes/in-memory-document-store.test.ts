import { documentStoreContract } from "../store/document-store.contract.js";
import { InMemoryDocumentStore } from "./in-memory-document-store.js";

// The fake the domain tests use keeps the port's rules too, batches included (no restart: it has no disk).
documentStoreContract("InMemoryDocumentStore (test fake)", async () => ({
  store: new InMemoryDocumentStore(),
  cleanup: async () => {},
}));

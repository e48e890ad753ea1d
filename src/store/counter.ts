import { setTimeout as delay } from "node:timers/promises";
import { StoreError, type DocumentBody, type DocumentStore } from "./document-store.port.js";

/** A counter document: `next` is the number the next call hands out. */
export interface CounterDocument extends DocumentBody {
  readonly type: "counter";
  readonly next: number;
}

const maxAttempts = 30;

/**
 * `nextNumber` for a store that has no atomic increment of its own: read, then a replace guarded by the
 * ETag; a lost race waits a moment (jittered, growing) and reads again. Adapters with an atomic increment
 * (a SQL transaction, a Cosmos DB patch) do better; this stays as their fallback and for the fakes.
 */
export async function nextNumberByGuardedWrite(
  store: Pick<DocumentStore, "read" | "create" | "replace">,
  tenantId: string,
  id: string,
  first: number,
): Promise<number> {
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    try {
      const current = await store.read<CounterDocument>(tenantId, id);
      if (!current) {
        await store.create<CounterDocument>(tenantId, { id, type: "counter", next: first + 1 });
        return first;
      }
      const n = current.body.next;
      await store.replace<CounterDocument>(tenantId, { ...current.body, next: n + 1 }, current.etag);
      return n;
    } catch (error) {
      if (!(error instanceof StoreError && error.code === "conflict")) throw error;
      // Someone else took this number; wait for their write to land, then read again.
      await delay(Math.min(2 ** attempt, 64) * (0.5 + Math.random() / 2));
    }
  }
  throw new StoreError("unavailable", `Could not increment counter ${id} after ${maxAttempts} attempts.`);
}

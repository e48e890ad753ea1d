import { setTimeout as delay } from "node:timers/promises";
import { StorageUnavailable } from "../domain/shared/ports.js";
import { StoreError, type DocumentStore } from "./document-store.port.js";

interface CounterDocument {
  readonly id: string;
  readonly type: "counter";
  readonly next: number;
  readonly [field: string]: unknown;
}

const firstNumber = 1001;
const maxAttempts = 30;

/**
 * Hands out short references per tenant and kind ("L-1001", "O-1001", …) from a counter document.
 * Each increment is a guarded single-document write, so two instances never hand out the same number;
 * a lost race waits a moment (jittered, growing) and reads the counter again.
 */
export class ReferenceAllocator {
  constructor(private readonly store: DocumentStore) {}

  async next(tenantId: string, prefix: string): Promise<string> {
    const id = `counter:${prefix}`;
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      try {
        const current = await this.store.read<CounterDocument>(tenantId, id);
        if (!current) {
          await this.store.create<CounterDocument>(tenantId, { id, type: "counter", next: firstNumber + 1 });
          return `${prefix}-${firstNumber}`;
        }
        const n = current.body.next;
        await this.store.replace<CounterDocument>(tenantId, { ...current.body, next: n + 1 }, current.etag);
        return `${prefix}-${n}`;
      } catch (error) {
        if (!(error instanceof StoreError && error.code === "conflict")) throw error;
        // Someone else took this number; wait for their write to land, then read again.
        await delay(Math.min(2 ** attempt, 64) * (0.5 + Math.random() / 2));
      }
    }
    throw new StorageUnavailable(`Could not allocate a ${prefix} reference after ${maxAttempts} attempts.`);
  }
}

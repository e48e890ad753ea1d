import type { DocumentStore } from "./document-store.port.js";

const firstNumber = 1001;

/**
 * Hands out short references per tenant and kind ("L-1001", "O-1001", …) from one counter document per
 * kind, through the store's atomic `nextNumber`: two instances never hand out the same number.
 */
export class ReferenceAllocator {
  constructor(private readonly store: DocumentStore) {}

  async next(tenantId: string, prefix: string): Promise<string> {
    const n = await this.store.nextNumber(tenantId, `counter:${prefix}`, firstNumber);
    return `${prefix}-${n}`;
  }
}

import * as z from "zod";
import type { SenderLeaseRecord, SenderLeaseStore } from "../notify/election.js";
import { StoreError, type DocumentStore } from "./document-store.port.js";
import { translateStoreErrors } from "./errors.js";

/**
 * The sender lease as one document of the shared store, written only with the ETag it was read at. It lives
 * in a partition of its own, apart from every customer tenant (no tenant id of Teams looks like this one).
 */
export const leasePartition = "~pipeline";
const leaseId = "sender-lease";

const leaseDocumentSchema = z.object({
  id: z.literal(leaseId),
  type: z.literal("sender-lease"),
  holder: z.string(),
  term: z.number().int().nonnegative(),
  renewedAt: z.string(),
});

const toDocument = (value: SenderLeaseRecord) => ({ id: leaseId, type: "sender-lease" as const, ...value });

const isLost = (error: unknown) =>
  error instanceof StoreError && (error.code === "conflict" || error.code === "not_found");

export class StoreSenderLeaseStore implements SenderLeaseStore {
  constructor(private readonly store: DocumentStore) {}

  read() {
    return translateStoreErrors(async () => {
      const stored = await this.store.read(leasePartition, leaseId);
      if (!stored) return undefined;
      const { holder, term, renewedAt } = leaseDocumentSchema.parse(stored.body);
      return { value: { holder, term, renewedAt }, version: stored.etag };
    });
  }

  async create(value: SenderLeaseRecord): Promise<{ readonly version: string } | undefined> {
    try {
      return { version: (await this.store.create(leasePartition, toDocument(value))).etag };
    } catch (error) {
      if (isLost(error)) return undefined;
      return translateStoreErrors(() => Promise.reject(error as Error));
    }
  }

  async replace(
    value: SenderLeaseRecord,
    version: string,
  ): Promise<{ readonly version: string } | undefined> {
    try {
      return { version: (await this.store.replace(leasePartition, toDocument(value), version)).etag };
    } catch (error) {
      if (isLost(error)) return undefined;
      return translateStoreErrors(() => Promise.reject(error as Error));
    }
  }
}

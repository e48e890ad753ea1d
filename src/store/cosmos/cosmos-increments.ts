import {
  StoreError,
  type BatchOperation,
  type IncrementOperation,
  type StoredDocument,
} from "../document-store.port.js";
import { assertIncrement, incremented } from "../increments.js";

/**
 * Cosmos DB's `increment` (document-store.port.ts): a point read of the document and, in the batch, a replace
 * guarded by the ETag read (or a create when there was none). When the batch is refused by one of those guards
 * only — another writer added to the same document between the read and the batch — nothing was applied, so
 * the store reads again and sends the batch again (the additions commute), after a short random pause; the
 * caller never sees that race. A refusal of any other operation (the record's own guard) is the caller's.
 *
 * Why not a Patch `incr` inside the transactional batch, which would need no read and meet no guard: Cosmos
 * DB takes Patch in a transactional batch (the SDK's `BulkOperationType.Patch`, `PatchOperationInput` in
 * `container.items.batch`; Microsoft's partial-document-update guide runs one "as part of a transaction"),
 * but the local server every test here runs against (`@vercel/cosmosdb-server` 1.0.1) refuses it ("Operation
 * type 'Patch' is not supported in Batch") after applying the operations before it, as its batch is not
 * atomic. So that path could be proved only against a real account, and a store whose writes are not tested
 * is not shipped. The embedded store's increment, inside its own transaction, neither reads first nor races.
 * What a patch would save: the point read (1 RU) and the re-send after a lost race; a patch is billed like
 * other writes of the document (Microsoft's partial-update FAQ: no significant RU reduction), so the write
 * costs about the same. For whoever makes that change against a real account: a patch on a missing document
 * fails the whole batch (create the document by a guarded create, then send again); JSON Patch (RFC 6902) adds
 * a missing member only under an existing parent, so a new row is a `set` of the row whole, not an `incr` of
 * its fields; `~` and `/` in a property name (a stage id) are written `~0` and `~1` in the path; and one patch
 * takes at most 10 operations (a move adds to 6 fields of one document: two rows of three).
 */

/** Rounds of read and send when only increments' guards refuse (a bound, not a tuning knob). */
export const incrementRounds = 10;

/** A batch refused at one operation: which one, so that the store can tell an increment's race from others. */
export class RefusedOperation extends StoreError {
  constructor(
    code: "conflict" | "not_found",
    message: string,
    readonly index: number,
  ) {
    super(code, message);
  }
}

export type GuardedOperation = Exclude<BatchOperation, IncrementOperation>;

/**
 * The operations with each increment replaced by its guarded write after a point read (in parallel), and
 * which of them came from an increment.
 */
export async function resolveIncrements(
  read: (id: string) => Promise<StoredDocument | undefined>,
  operations: readonly BatchOperation[],
): Promise<{ operations: GuardedOperation[]; increments: ReadonlySet<number> }> {
  for (const op of operations) if (op.op === "increment") assertIncrement(op);
  const increments = new Set<number>();
  const resolved = await Promise.all(
    operations.map(async (op, i): Promise<GuardedOperation> => {
      if (op.op !== "increment") return op;
      increments.add(i);
      const stored = await read(op.create.id);
      const body = incremented(op, stored?.body);
      return stored ? { op: "replace", body, ifMatch: stored.etag } : { op: "create", body };
    }),
  );
  return { operations: resolved, increments };
}

import { ConcurrencyConflict, InvalidCursor, StorageUnavailable } from "../domain/shared/ports.js";
import { StoreError } from "./document-store.port.js";

/** Turns the store's expected failures into the errors the domain's repository ports promise. */
export async function translateStoreErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof StoreError) {
      switch (error.code) {
        case "conflict":
        case "not_found":
          throw new ConcurrencyConflict(error.message);
        case "invalid_continuation":
          throw new InvalidCursor();
        case "unavailable":
          throw new StorageUnavailable(error.message, {
            cause: error,
            outcomeUnknown: error.outcomeUnknown,
            ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
          });
      }
    }
    throw error;
  }
}

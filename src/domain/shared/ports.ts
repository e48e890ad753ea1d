/** Ports the domain needs from the outside world that are not repositories. */

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A value read from a repository together with the version it was read at (the store's ETag). */
export interface Versioned<T> {
  readonly value: T;
  readonly version: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Opaque cursor for the next page; absent on the last page. */
  readonly cursor?: string;
}

/**
 * Thrown by a repository when a guarded write finds the record changed (or created) since it was read.
 * Use cases turn it into a "changed meanwhile" reply; it is never a silent overwrite.
 */
export class ConcurrencyConflict extends Error {
  constructor(message = "The record was changed by someone else.") {
    super(message);
    this.name = "ConcurrencyConflict";
  }
}

/**
 * Thrown by a repository when the storage behind it cannot be reached. `outcomeUnknown`: a write was sent
 * but its answer was lost, so it may or may not have been saved — the user must not be told "nothing was
 * changed" (they would try again and create the record twice).
 */
export class StorageUnavailable extends Error {
  readonly outcomeUnknown: boolean;
  /** The storage is busy (throttling) and said how long to wait before trying again. */
  readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    options?: { readonly cause?: unknown; readonly outcomeUnknown?: boolean; readonly retryAfterMs?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "StorageUnavailable";
    this.outcomeUnknown = options?.outcomeUnknown ?? false;
    this.retryAfterMs = options?.retryAfterMs;
  }
}

/**
 * How a command that writes several times stopped when the storage failed after part of it was saved: the
 * later write was not saved ("unavailable"), or may have been ("unknown"). Such a command reports what it did
 * and this, instead of letting the failure say that nothing was changed.
 */
export type StoppedBy = "unavailable" | "unknown";

/** `StoppedBy` for a StorageUnavailable; undefined for anything else (a bug, rethrown by the caller). */
export function stoppedBy(error: unknown): StoppedBy | undefined {
  if (!(error instanceof StorageUnavailable)) return undefined;
  return error.outcomeUnknown ? "unknown" : "unavailable";
}

/** Thrown by a repository when a paging cursor is not one it handed out (forged or from another list). */
export class InvalidCursor extends Error {
  constructor() {
    super("The list position is not valid any more.");
    this.name = "InvalidCursor";
  }
}

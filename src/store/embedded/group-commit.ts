import type Database from "better-sqlite3";

/**
 * Group commit for the embedded store's write connection: writes that arrive while a transaction is open join
 * it, each in a SAVEPOINT of its own, and one COMMIT (one WAL write and one fsync with `synchronous=FULL`)
 * makes them all durable. The COMMIT runs in `setImmediate`, after the event loop has handled the requests it
 * had in hand, so a burst of concurrent writes shares one commit and a lone write waits for nothing.
 *
 * What a caller is promised is unchanged:
 * - its promise resolves only after the COMMIT that holds its write has returned: durable on acknowledgement;
 * - a write that fails (a guard, a bug) rolls back to its own savepoint: the others in the group are untouched;
 * - when the COMMIT fails, or SQLite rolls the whole transaction back (disk full, I/O error), every write of
 *   the group is refused with that error, none is acknowledged, and none was visible to anyone: the store
 *   reads on a second connection, which sees committed data only.
 *
 * better-sqlite3 is synchronous, so the savepoints of a group never interleave: each write runs to its end.
 *
 * A COMMIT that fails is reported as `CommitFailed` (its SQLite error as `cause`), as what it leaves behind
 * differs from a failed write: see there.
 */
export class GroupCommit {
  private open: Group | undefined;

  constructor(
    private readonly db: Database.Database,
    /**
     * The store's version counter: what to undo in memory when SQL is rolled back, and `save`, run in the
     * transaction just before its COMMIT, which writes it (once per group rather than once per document); and
     * `settled`, run as soon as the transaction has ended, committed (true) or rolled back, before any writer
     * is answered (the store's document cache forgets what the group wrote, or keeps what it committed:
     * document-cache.ts).
     */
    private readonly state: {
      readonly mark: () => number;
      readonly reset: (mark: number) => void;
      readonly save: () => void;
      readonly settled: (committed: boolean) => void;
    },
    /** The store's prepared statements on `db` (prepared once, reused). */
    private readonly statement: (sql: string) => Database.Statement,
    /** Told after each COMMIT how many writes it made durable (diagnostics). */
    private readonly onCommit?: (writes: number) => void,
  ) {}

  /** Runs `work` in the open transaction (or a new one); resolves with its result once it is committed. */
  async run<R>(work: () => R): Promise<R> {
    const group = this.open ?? this.begin();
    let result: R;
    try {
      result = this.inSavepoint(group, work);
    } catch (error) {
      // A refused write is answered once the rest of its group is committed (or refused): what refused it,
      // an earlier write of the group, is then what a read shows (the loser of a race re-reads the winner).
      await group.committed.catch(() => undefined);
      throw error;
    }
    group.writes++;
    await group.committed;
    return result;
  }

  /** Commits the open group now (closing the store); its writers are answered as by the scheduled commit. */
  flush(): void {
    if (this.open) this.commit(this.open);
  }

  private begin(): Group {
    // A transaction left open by a ROLLBACK that failed (see abandon) is ended before a new one begins.
    if (this.db.inTransaction) this.statement("ROLLBACK").run();
    this.statement("BEGIN IMMEDIATE").run();
    const group = newGroup(this.state.mark());
    this.open = group;
    setImmediate(() => this.commit(group));
    return group;
  }

  private inSavepoint<R>(group: Group, work: () => R): R {
    const mark = this.state.mark();
    this.statement("SAVEPOINT write").run();
    try {
      const result = work();
      this.statement("RELEASE write").run();
      return result;
    } catch (error) {
      if (!this.undo(mark)) {
        // SQLite rolled back the whole transaction (SQLITE_FULL, SQLITE_IOERR…), or the savepoint could not be
        // undone: the writes before this one in the group are lost too, so they are refused with this error
        // rather than acknowledged.
        this.abandon(group, error);
      }
      throw error;
    }
  }

  /** Undoes one write back to its savepoint; false when the transaction is gone or cannot be trusted. */
  private undo(mark: number): boolean {
    if (!this.db.inTransaction) return false;
    try {
      this.statement("ROLLBACK TO write").run();
      this.statement("RELEASE write").run();
    } catch {
      return false;
    }
    this.state.reset(mark);
    return true;
  }

  private commit(group: Group): void {
    if (this.open !== group) return; // already committed by flush, or abandoned
    this.open = undefined;
    try {
      this.state.save();
      this.statement("COMMIT").run();
    } catch (error) {
      this.abandon(group, new CommitFailed(error));
      return;
    }
    this.state.settled(true);
    group.settle(undefined);
    this.onCommit?.(group.writes);
  }

  /** The whole group is refused with `error`: whatever SQLite still holds of it is rolled back. */
  private abandon(group: Group, error: unknown): void {
    if (this.open === group) this.open = undefined;
    try {
      if (this.db.inTransaction) this.statement("ROLLBACK").run();
    } catch (rollbackError) {
      // Not thrown: this may run in the scheduled commit, where a throw would end the process. begin() ends
      // the transaction before the next one; the writers are refused with `error`, which names this as well.
      if (error instanceof Error && error.cause === undefined) error.cause = rollbackError;
    }
    this.state.reset(group.mark);
    this.state.settled(false);
    group.settle(error);
  }
}

/**
 * The COMMIT of a group failed. In WAL mode a COMMIT appends the group's pages to the WAL, its last frame
 * marked as a commit, then fsyncs (synchronous=FULL), and only then publishes it to readers. SQLite rolls the
 * transaction back on any failure, and nothing ever read it. But:
 * - SQLITE_FULL: the frames could not all be written; a commit frame that is not whole fails its checksum, so
 *   recovery never replays it. Not saved, for good.
 * - SQLITE_IOERR (the write or the fsync failed): the commit frame may be whole in the WAL file, or in the
 *   page cache and written later. Until the next commit writes over it, WAL recovery after a restart may find
 *   it and replay the group: the writes may yet appear. Their outcome is unknown (`outcomeUnknown`).
 */
export class CommitFailed extends Error {
  constructor(cause: unknown) {
    super(`The commit failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }

  /** Whether the group may come back after a restart (an I/O error, not a full disk). */
  get outcomeUnknown(): boolean {
    const code = (this.cause as { code?: unknown } | undefined)?.code;
    return typeof code === "string" && code.startsWith("SQLITE_IOERR");
  }
}

interface Group {
  /** The in-memory state when the group began, restored when the whole group is rolled back. */
  readonly mark: number;
  /** Resolves when the group's COMMIT returned; rejects with why the group was not committed. */
  readonly committed: Promise<void>;
  /** Writes the group holds (those rolled back to their savepoint are not counted). */
  writes: number;
  settle(error: unknown): void;
}

function newGroup(mark: number): Group {
  let settle: (error: unknown) => void = () => undefined;
  const committed = new Promise<void>((resolve, reject) => {
    settle = (error) => (error === undefined ? resolve() : reject(error));
  });
  // A group can fail before any of its writers awaits it (the first write's own failure): not unhandled.
  committed.catch(() => undefined);
  return { mark, committed, writes: 0, settle };
}

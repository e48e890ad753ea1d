import type { Logger } from "../log.js";
import type { Timers } from "./timers.js";

/**
 * Which instance sends notifications when the bot runs on several instances over one Cosmos DB container.
 * Teams' rate limits are paced per sender, so exactly one instance sends at a time; the others only commit
 * events. The sender holds a lease: one stored document, written only with the version (ETag) it was read
 * at, which the holder renews every `renewMs`.
 *
 * Expiry is judged by each instance's own clock, never by comparing clocks: a contender notes when it first
 * saw the lease at its current version, and takes it over (term + 1) when the version has not changed for
 * `expiryMs`. The holder counts its lease valid until `expiryMs - renewMs` after it *sent* its last
 * successful renewal, which is at least `renewMs` before any contender can see it expire. An instance that
 * was paused (a stopped VM, a long GC) finds on waking that its validity has passed and stops before its
 * next post; each delivery claim records the term it was made under, and the worker asks for that term
 * again right before every request.
 */

/** The stored lease. `holder` "" means released: anyone may take it at once. */
export interface SenderLeaseRecord {
  readonly holder: string;
  /** Grows by one on every change of holder; a delivery claimed under an older term is free to take. */
  readonly term: number;
  /** The holder's clock at its last renewal; for people reading the document, not for expiry. */
  readonly renewedAt: string;
}

/** Where the lease is stored; every write is guarded by the version read. */
export interface SenderLeaseStore {
  read(): Promise<{ readonly value: SenderLeaseRecord; readonly version: string } | undefined>;
  /** Undefined when a lease document exists already. */
  create(value: SenderLeaseRecord): Promise<{ readonly version: string } | undefined>;
  /** Undefined when the lease changed since `version` was read (or is gone). */
  replace(value: SenderLeaseRecord, version: string): Promise<{ readonly version: string } | undefined>;
}

/** What the delivery worker asks before it claims a delivery and before every request. */
export interface SenderLease {
  /** The term this instance holds right now, or undefined when it is not (or no longer) the sender. */
  term(): number | undefined;
}

export interface SenderElectionOptions {
  readonly store: SenderLeaseStore;
  /** This instance, as written into the lease (host and process, for people reading the document). */
  readonly holder: string;
  readonly timers: Timers;
  readonly log: Logger;
  /** How often the holder renews and a contender looks. Default 5 s. */
  readonly renewMs?: number;
  /** How long an unchanged lease keeps contenders off. Default 15 s; at least twice `renewMs`. */
  readonly expiryMs?: number;
  /** Became the sender (also after losing it and winning it again). */
  readonly onGain?: (term: number) => void;
  /** No longer the sender (taken over, or validity passed without a renewal). */
  readonly onLose?: () => void;
}

interface Held {
  readonly term: number;
  version: string;
  /** Local time until which this instance may send under `term`. */
  validUntil: number;
}

export class SenderElection implements SenderLease {
  private readonly store: SenderLeaseStore;
  private readonly timers: Timers;
  private readonly log: Logger;
  private readonly renewMs: number;
  private readonly expiryMs: number;
  private held: Held | undefined;
  /** The lease as this contender last saw it, and since when (local time) at that version. */
  private seen: { readonly version: string; readonly since: number } | undefined;
  private loop: Promise<void> | undefined;
  private readonly stopping = new AbortController();

  constructor(private readonly options: SenderElectionOptions) {
    this.store = options.store;
    this.timers = options.timers;
    this.log = options.log;
    this.renewMs = Math.max(1, options.renewMs ?? 5_000);
    this.expiryMs = Math.max(2 * this.renewMs, options.expiryMs ?? 15_000);
  }

  term(): number | undefined {
    const held = this.held;
    if (!held) return undefined;
    if (this.timers.now() < held.validUntil) return held.term;
    this.lose("the lease was not renewed in time");
    return undefined;
  }

  /** Tries at once, then every `renewMs` until stopped. Resolves after the first try. */
  async start(): Promise<void> {
    if (this.loop) return;
    await this.step();
    this.loop = this.run();
  }

  /** Stops trying; a holder releases the lease so another instance takes over without waiting. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
    const held = this.held;
    if (!held) return;
    this.held = undefined;
    try {
      const released = { holder: "", term: held.term, renewedAt: new Date(this.timers.now()).toISOString() };
      await this.store.replace(released, held.version);
    } catch (error) {
      this.log.warn("notify.lease_not_released", { error: describe(error) });
    }
  }

  private async run(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      await this.timers.sleep(this.renewMs, this.stopping.signal);
      if (this.stopping.signal.aborted) return;
      await this.step();
    }
  }

  /** One renewal or one look; never throws (a store outage just lets the lease run out). */
  private async step(): Promise<void> {
    try {
      if (this.term() !== undefined) await this.renew();
      else await this.contend();
    } catch (error) {
      this.log.warn("notify.lease_unavailable", { error: describe(error) });
    }
  }

  private async renew(): Promise<void> {
    const held = this.held;
    if (!held) return;
    const sentAt = this.timers.now();
    const written = await this.store.replace(this.record(held.term, sentAt), held.version);
    if (this.held !== held) return;
    if (!written) {
      this.lose("another instance took the lease over");
      return;
    }
    held.version = written.version;
    held.validUntil = sentAt + this.expiryMs - this.renewMs;
  }

  private async contend(): Promise<void> {
    const now = this.timers.now();
    const current = await this.store.read();
    if (!current) {
      const created = await this.store.create(this.record(1, now));
      if (created) this.gain(1, created.version, now);
      return;
    }
    const { value, version } = current;
    if (this.seen?.version !== version) this.seen = { version, since: now };
    const free = value.holder === "" || value.holder === this.options.holder;
    if (!free && now - this.seen.since < this.expiryMs) return;
    const term = value.term + 1;
    const sentAt = this.timers.now();
    const written = await this.store.replace(this.record(term, sentAt), version);
    if (written) this.gain(term, written.version, sentAt);
  }

  private record(term: number, at: number): SenderLeaseRecord {
    return { holder: this.options.holder, term, renewedAt: new Date(at).toISOString() };
  }

  private gain(term: number, version: string, sentAt: number): void {
    if (this.stopping.signal.aborted) return;
    this.seen = undefined;
    this.held = { term, version, validUntil: sentAt + this.expiryMs - this.renewMs };
    this.log.info("notify.sender_elected", { holder: this.options.holder, term });
    this.options.onGain?.(term);
  }

  private lose(why: string): void {
    const held = this.held;
    if (!held) return;
    this.held = undefined;
    this.log.warn("notify.sender_lease_lost", { holder: this.options.holder, term: held.term, why });
    this.options.onLose?.();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

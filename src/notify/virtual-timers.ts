import { MinHeap } from "./min-heap.js";
import type { Timers } from "./timers.js";

interface Sleeper {
  readonly at: number;
  readonly order: number;
  readonly resolve: () => void;
  done: boolean;
}

/**
 * Discrete-event time for tests and the benchmark: the clock stands still while any code can run, and jumps
 * to the earliest pending sleep only when everything is waiting. "Everything is waiting" is taken to be the
 * moment the microtask queue is empty (a setImmediate callback runs), so it holds for code whose other awaits
 * settle without real I/O — in-memory fakes, not sockets or files.
 */
export class VirtualTimers implements Timers {
  private current: number;
  private readonly sleepers = new MinHeap<Sleeper>(
    (a, b) => a.at < b.at || (a.at === b.at && a.order < b.order),
  );
  private order = 0;
  private live = 0;
  private advancing = false;

  constructor(startMs: number = Date.parse("2026-11-23T09:30:00.000Z")) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  /** Sleeps not yet over (nor aborted). */
  get pending(): number {
    return this.live;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const sleeper: Sleeper = {
        at: this.current + Math.max(0, ms),
        order: this.order++,
        done: false,
        resolve: () => {
          if (sleeper.done) return;
          sleeper.done = true;
          this.live--;
          signal?.removeEventListener("abort", sleeper.resolve);
          resolve();
        },
      };
      this.live++;
      this.sleepers.push(sleeper);
      signal?.addEventListener("abort", sleeper.resolve, { once: true });
      this.scheduleAdvance();
    });
  }

  private scheduleAdvance(): void {
    if (this.advancing) return;
    this.advancing = true;
    setImmediate(() => this.advance());
  }

  private advance(): void {
    this.advancing = false;
    let next = this.sleepers.peek();
    while (next?.done) {
      this.sleepers.pop();
      next = this.sleepers.peek();
    }
    if (!next) return;
    this.current = Math.max(this.current, next.at);
    while (next && next.at <= this.current) {
      this.sleepers.pop();
      next.resolve();
      next = this.sleepers.peek();
    }
    if (this.live > 0) this.scheduleAdvance();
  }
}

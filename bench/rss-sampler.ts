import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

/**
 * RSS of the benchmark's children, sampled the same way for both through the whole measured load.
 *
 * One RSS reading after the last request says more about when each process last collected garbage than
 * about what it needs: V8 lets the heap grow between collections, so the same bot measured +40 MB in one run
 * and +145 MB in another. So a timer reads /proc/<pid>/status of each child in turn (one child per tick, so
 * with two children each is read every 2 × tickMs), whether that child is under load at that moment or not,
 * and the benchmark reports what describes the steady state: the median and the maximum over the last
 * rounds, and one reading after the load has settled. Nothing here forces a garbage collection.
 */

export interface RssSample {
  /** ms since the sampler started. */
  readonly atMs: number;
  readonly child: string;
  readonly rssMb: number;
  /** Requests this child had answered when it was read. */
  readonly handled: number;
  /** The child under load at that moment (undefined between runs). */
  readonly loaded: string | undefined;
}

export interface SampledChild {
  readonly name: string;
  readonly pid: number;
  /** Requests answered so far (read live, so a window can start at the request count a target names). */
  readonly handled: () => number;
}

export class RssSampler {
  readonly samples: RssSample[] = [];
  /** Which child the benchmark is loading now; set by the benchmark around each run. */
  loaded: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private next = 0;
  private readonly started = performance.now();

  constructor(
    private readonly children: readonly SampledChild[],
    private readonly tickMs = 125,
    private readonly read: (pid: number) => number = rssMb,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => this.sampleNext(), this.tickMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Reads the next child in turn (also called by the timer). */
  sampleNext(): RssSample | undefined {
    const child = this.children[this.next % this.children.length];
    this.next++;
    if (!child) return undefined;
    const rss = this.read(child.pid);
    if (!Number.isFinite(rss)) return undefined;
    const sample: RssSample = {
      atMs: Math.round(performance.now() - this.started),
      child: child.name,
      rssMb: rss,
      handled: child.handled(),
      loaded: this.loaded,
    };
    this.samples.push(sample);
    return sample;
  }

  /** Now, on the sampler's clock (to mark where a window begins). */
  now(): number {
    return Math.round(performance.now() - this.started);
  }
}

export interface RssFigures {
  readonly samples: number;
  readonly medianMb: number;
  readonly maxMb: number;
}

export interface SteadyState {
  /** What the window is: after both children answered `afterRequests`, or (too few requests) the last round. */
  readonly window: { readonly fromMs: number; readonly toMs: number; readonly afterRequests: number | null };
  readonly byChild: Readonly<Record<string, RssFigures>>;
}

/**
 * The steady state over the last rounds: from the moment every child has answered `afterRequests` requests
 * (the later child decides, so the window is the same for both) until `loadEndMs`. When a child never got
 * that far, the window is the last round instead (`lastRoundFromMs`) and `afterRequests` is null: such a
 * run cannot judge a target stated "after N requests".
 */
export function steadyState(
  samples: readonly RssSample[],
  names: readonly string[],
  options: { readonly afterRequests: number; readonly lastRoundFromMs: number; readonly loadEndMs: number },
): SteadyState {
  const crossed = names.map(
    (name) => samples.find((s) => s.child === name && s.handled >= options.afterRequests)?.atMs,
  );
  const reached = crossed.every((at) => at !== undefined);
  const fromMs = reached ? Math.max(...(crossed as number[])) : options.lastRoundFromMs;
  const inWindow = (s: RssSample) => s.atMs >= fromMs && s.atMs <= options.loadEndMs;
  const byChild = Object.fromEntries(
    names.map((name) => [name, figures(samples.filter((s) => s.child === name && inWindow(s)))]),
  );
  return {
    window: { fromMs, toMs: options.loadEndMs, afterRequests: reached ? options.afterRequests : null },
    byChild,
  };
}

/** The last reading of each child at or before `atMs` (after the load has settled). */
export function lastReading(
  samples: readonly RssSample[],
  name: string,
  atMs = Infinity,
): RssSample | undefined {
  for (let i = samples.length - 1; i >= 0; i--) {
    const s = samples[i];
    if (s && s.child === name && s.atMs <= atMs) return s;
  }
  return undefined;
}

export function figures(samples: readonly RssSample[]): RssFigures {
  const values = samples.map((s) => s.rssMb).sort((a, b) => a - b);
  return { samples: values.length, medianMb: median(values), maxMb: values.at(-1) ?? NaN };
}

/** Median of sorted values (the mean of the middle two for an even count). */
function median(sorted: readonly number[]): number {
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? NaN;
  return sorted.length % 2 === 1 ? upper : Math.round(((sorted[mid - 1] ?? NaN) + upper) * 50) / 100;
}

/** VmRSS from /proc/<pid>/status (Linux), in MB; NaN when the process is gone or elsewhere. */
export function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN);
    return Math.round((kb / 1024) * 100) / 100;
  } catch {
    return NaN;
  }
}

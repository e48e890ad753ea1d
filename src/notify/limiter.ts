/**
 * Teams' proactive-messaging limits as sliding windows, so the worker waits instead of collecting 429s.
 * A request at time t is allowed when, for every window, fewer than `limit` requests fall in (t − windowMs, t].
 * https://learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit
 */

export interface RateWindow {
  readonly limit: number;
  readonly windowMs: number;
}

export interface RateLimits {
  /** Per conversation (channel, chat): every request the bot makes to it. */
  readonly conversation: readonly RateWindow[];
  /** Per tenant, all conversations together. */
  readonly tenant: readonly RateWindow[];
}

export const teamsRateLimits: RateLimits = Object.freeze({
  conversation: Object.freeze([
    { limit: 7, windowMs: 1_000 },
    { limit: 8, windowMs: 2_000 },
    { limit: 60, windowMs: 30_000 },
    { limit: 1_800, windowMs: 3_600_000 },
  ]),
  tenant: Object.freeze([{ limit: 50, windowMs: 1_000 }]),
});

/**
 * The times of the latest requests, oldest first, kept only as far back as the widest window reaches and
 * never more than the largest limit: the n-th latest time is all a window of limit n needs.
 */
class RequestLog {
  private times: number[] = [];
  private head = 0;
  private readonly spanMs: number;
  private readonly depth: number;
  pausedUntil = 0;

  constructor(private readonly windows: readonly RateWindow[]) {
    this.spanMs = Math.max(0, ...windows.map((w) => w.windowMs));
    this.depth = Math.max(0, ...windows.map((w) => w.limit));
  }

  delay(now: number): number {
    let delay = this.pausedUntil - now;
    const count = this.times.length - this.head;
    for (const { limit, windowMs } of this.windows) {
      if (count < limit) continue;
      const nthLatest = this.times[this.times.length - limit] as number;
      delay = Math.max(delay, nthLatest + windowMs - now);
    }
    return Math.max(0, delay);
  }

  record(now: number): void {
    // A clock that steps back must not make a window look emptier than it is.
    const latest = this.latest();
    this.times.push(latest === undefined ? now : Math.max(now, latest));
    this.prune(now);
  }

  latest(): number | undefined {
    return this.times.length > this.head ? this.times[this.times.length - 1] : undefined;
  }

  /** Nothing recorded within the widest window and no pause: this log can be forgotten. */
  idle(now: number): boolean {
    const latest = this.latest();
    return this.pausedUntil <= now && (latest === undefined || latest <= now - this.spanMs);
  }

  private prune(now: number): void {
    const times = this.times;
    while (
      this.head < times.length &&
      (times.length - this.head > this.depth || (times[this.head] as number) <= now - this.spanMs)
    ) {
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > times.length) {
      this.times = times.slice(this.head);
      this.head = 0;
    }
  }
}

export class RateLimiter {
  private readonly conversations = new Map<string, RequestLog>();
  private readonly tenants = new Map<string, RequestLog>();
  private readonly sweepEveryMs: number;
  private nextSweep = -Infinity;

  constructor(private readonly limits: RateLimits = teamsRateLimits) {
    for (const w of [...limits.conversation, ...limits.tenant]) {
      if (!Number.isInteger(w.limit) || w.limit < 1 || !(w.windowMs > 0)) {
        throw new RangeError(`Invalid rate window: ${w.limit} per ${w.windowMs} ms.`);
      }
    }
    const widest = Math.max(1_000, ...[...limits.conversation, ...limits.tenant].map((w) => w.windowMs));
    this.sweepEveryMs = Math.min(widest, 60_000);
  }

  /** Milliseconds until a request to this conversation may be made (0: now). */
  delayFor(tenantId: string, conversationId: string, nowMs: number): number {
    return Math.max(this.conversationDelay(conversationId, nowMs), this.tenantDelay(tenantId, nowMs));
  }

  conversationDelay(conversationId: string, nowMs: number): number {
    return this.conversations.get(conversationId)?.delay(nowMs) ?? 0;
  }

  tenantDelay(tenantId: string, nowMs: number): number {
    return this.tenants.get(tenantId)?.delay(nowMs) ?? 0;
  }

  /** Counts a request made now (against the conversation and its tenant). */
  record(tenantId: string, conversationId: string, nowMs: number): void {
    this.log(this.conversations, conversationId, this.limits.conversation).record(nowMs);
    this.log(this.tenants, tenantId, this.limits.tenant).record(nowMs);
    if (nowMs >= this.nextSweep) this.sweep(nowMs);
  }

  /** No request to this conversation before `untilMs` (a 429's Retry-After). */
  pause(conversationId: string, untilMs: number): void {
    const log = this.log(this.conversations, conversationId, this.limits.conversation);
    log.pausedUntil = Math.max(log.pausedUntil, untilMs);
  }

  /** How many conversations and tenants are tracked (idle ones are forgotten). */
  size(): { readonly conversations: number; readonly tenants: number } {
    return { conversations: this.conversations.size, tenants: this.tenants.size };
  }

  private log(logs: Map<string, RequestLog>, key: string, windows: readonly RateWindow[]): RequestLog {
    let log = logs.get(key);
    if (!log) {
      log = new RequestLog(windows);
      logs.set(key, log);
    }
    return log;
  }

  private sweep(now: number): void {
    this.nextSweep = now + this.sweepEveryMs;
    for (const logs of [this.conversations, this.tenants]) {
      for (const [key, log] of logs) if (log.idle(now)) logs.delete(key);
    }
  }
}

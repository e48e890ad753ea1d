import { expect, test } from "vitest";
import { RateLimiter, teamsRateLimits } from "../../src/notify/limiter.js";

const t0 = 1_000_000;

/** Records `count` requests to one conversation, `gapMs` apart from `start`; returns the last time. */
function burst(limiter: RateLimiter, conversation: string, start: number, count: number, gapMs: number) {
  let at = start;
  for (let i = 0; i < count; i++) {
    at = start + i * gapMs;
    expect(limiter.delayFor("t", conversation, at), `request ${i + 1}`).toBe(0);
    limiter.record("t", conversation, at);
  }
  return at;
}

test("a conversation takes 7 requests per second, the 8th when the first leaves the window", () => {
  const limiter = new RateLimiter();
  burst(limiter, "c", t0, 7, 10);
  expect(limiter.delayFor("t", "c", t0 + 60)).toBe(940);
  expect(limiter.delayFor("t", "c", t0 + 999)).toBe(1);
  expect(limiter.delayFor("t", "c", t0 + 1000)).toBe(0);
});

test("a conversation takes 8 requests per 2 seconds", () => {
  const limiter = new RateLimiter();
  burst(limiter, "c", t0, 7, 0);
  limiter.record("t", "c", t0 + 1000);
  // 7 per second would allow one more at t0 + 1000; 8 per 2 s waits for the first to be 2 s old.
  expect(limiter.delayFor("t", "c", t0 + 1000)).toBe(1000);
  expect(limiter.delayFor("t", "c", t0 + 2000)).toBe(0);
});

test("a conversation takes 60 requests per 30 seconds", () => {
  const limiter = new RateLimiter();
  const last = burst(limiter, "c", t0, 60, 300);
  expect(last).toBe(t0 + 17_700);
  expect(limiter.delayFor("t", "c", t0 + 18_000)).toBe(12_000);
  expect(limiter.delayFor("t", "c", t0 + 30_000)).toBe(0);
});

test("a conversation takes 1800 requests per hour", () => {
  const limiter = new RateLimiter();
  const last = burst(limiter, "c", t0, 1800, 1000);
  expect(last).toBe(t0 + 1_799_000);
  expect(limiter.delayFor("t", "c", t0 + 1_800_000)).toBe(1_800_000);
  expect(limiter.delayFor("t", "c", t0 + 3_600_000)).toBe(0);
});

test("a tenant takes 50 requests per second across its conversations", () => {
  const limiter = new RateLimiter();
  for (let i = 0; i < 50; i++) {
    expect(limiter.delayFor("t", `c${i}`, t0)).toBe(0);
    limiter.record("t", `c${i}`, t0);
  }
  expect(limiter.conversationDelay("c-new", t0)).toBe(0);
  expect(limiter.delayFor("t", "c-new", t0 + 400)).toBe(600);
  expect(limiter.delayFor("other tenant", "c-new", t0 + 400)).toBe(0);
  expect(limiter.delayFor("t", "c-new", t0 + 1000)).toBe(0);
});

test("a pause holds one conversation until its end, whatever the windows say", () => {
  const limiter = new RateLimiter();
  limiter.record("t", "c", t0);
  limiter.pause("c", t0 + 5000);
  limiter.pause("c", t0 + 2000);
  expect(limiter.delayFor("t", "c", t0 + 1000)).toBe(4000);
  expect(limiter.delayFor("t", "other", t0 + 1000)).toBe(0);
  expect(limiter.delayFor("t", "c", t0 + 5000)).toBe(0);
});

test("limits are configurable", () => {
  const limiter = new RateLimiter({ conversation: [{ limit: 2, windowMs: 100 }], tenant: [] });
  burst(limiter, "c", t0, 2, 0);
  expect(limiter.delayFor("t", "c", t0)).toBe(100);
  expect(() => new RateLimiter({ conversation: [{ limit: 0, windowMs: 1000 }], tenant: [] })).toThrow(
    RangeError,
  );
});

test("memory stays bounded: old times are pruned and idle conversations forgotten", () => {
  const limiter = new RateLimiter();
  for (let i = 0; i < 1000; i++) limiter.record("t", `c${i}`, t0 + i);
  expect(limiter.size()).toEqual({ conversations: 1000, tenants: 1 });
  limiter.record("t", "busy", t0 + 2 * 3_600_000);
  expect(limiter.size()).toEqual({ conversations: 1, tenants: 1 });
  // A long-lived conversation keeps no more than its largest limit: still exact after 10 000 requests.
  burst(limiter, "busy", t0 + 3 * 3_600_000, 10_000, 3_600_000 / 1800);
  expect(limiter.delayFor("t", "busy", t0 + 3 * 3_600_000 + 10_000 * 2000)).toBe(0);
});

test("the defaults are Teams' documented limits", () => {
  expect(teamsRateLimits).toEqual({
    conversation: [
      { limit: 7, windowMs: 1000 },
      { limit: 8, windowMs: 2000 },
      { limit: 60, windowMs: 30_000 },
      { limit: 1800, windowMs: 3_600_000 },
    ],
    tenant: [{ limit: 50, windowMs: 1000 }],
  });
});

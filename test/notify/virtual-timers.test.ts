import { expect, test } from "vitest";
import { VirtualTimers } from "../../src/notify/virtual-timers.js";

test("time jumps to the earliest sleep once everything waits, and never runs backwards", async () => {
  const timers = new VirtualTimers(0);
  const woke: string[] = [];
  const sleeper = async (name: string, ms: number) => {
    await timers.sleep(ms);
    woke.push(`${name}@${timers.now()}`);
  };
  await Promise.all([sleeper("late", 300), sleeper("early", 100), sleeper("same", 100), sleeper("now", 0)]);
  expect(woke).toEqual(["now@0", "early@100", "same@100", "late@300"]);
  expect(timers.now()).toBe(300);
});

test("time stands still while work that does not sleep is still running", async () => {
  const timers = new VirtualTimers(0);
  let steps = 0;
  const busy = async () => {
    for (let i = 0; i < 1000; i++) {
      await Promise.resolve();
      steps++;
    }
    return timers.now();
  };
  const [, finishedAt] = await Promise.all([timers.sleep(10), busy()]);
  expect(steps).toBe(1000);
  expect(finishedAt).toBe(0);
  expect(timers.now()).toBe(10);
});

test("an aborted sleep resolves at once and no longer moves the clock", async () => {
  const timers = new VirtualTimers(0);
  const controller = new AbortController();
  const long = timers.sleep(60_000, controller.signal);
  controller.abort();
  await long;
  await timers.sleep(5);
  expect(timers.now()).toBe(5);
  expect(timers.pending).toBe(0);
});

import { describe, expect, it } from "vitest";
import { figures, lastReading, RssSampler, steadyState, type RssSample } from "../../bench/rss-sampler.js";

const sample = (atMs: number, child: string, rssMb: number, handled: number): RssSample => ({
  atMs,
  child,
  rssMb,
  handled,
  loaded: undefined,
});

describe("RSS sampler", () => {
  it("reads the children in turn, each with the request count it had then and who was loaded", () => {
    const handled = { echo: 10, bot: 20 };
    const rss: Record<number, number> = { 1: 100, 2: 150 };
    const sampler = new RssSampler(
      [
        { name: "echo", pid: 1, handled: () => handled.echo },
        { name: "bot", pid: 2, handled: () => handled.bot },
      ],
      125,
      (pid) => rss[pid] ?? NaN,
    );
    sampler.loaded = "bot";
    sampler.sampleNext();
    handled.bot = 25;
    sampler.sampleNext();
    sampler.loaded = undefined;
    sampler.sampleNext();
    expect(sampler.samples.map(({ child, rssMb, handled: h, loaded }) => [child, rssMb, h, loaded])).toEqual([
      ["echo", 100, 10, "bot"],
      ["bot", 150, 25, "bot"],
      ["echo", 100, 10, undefined],
    ]);
  });

  it("skips a child that cannot be read (gone) instead of recording a reading of nothing", () => {
    const sampler = new RssSampler([{ name: "bot", pid: 9, handled: () => 0 }], 125, () => NaN);
    expect(sampler.sampleNext()).toBeUndefined();
    expect(sampler.samples).toEqual([]);
  });
});

describe("steady state over the last rounds", () => {
  // echo passes 50 000 at 300 ms, the bot only at 500 ms: the window starts when both have.
  const samples = [
    sample(100, "echo", 150, 49_000),
    sample(200, "bot", 300, 49_500),
    sample(300, "echo", 160, 50_100),
    sample(400, "bot", 400, 49_900),
    sample(500, "bot", 210, 50_000),
    sample(600, "echo", 170, 50_600),
    sample(700, "bot", 230, 51_000),
    sample(800, "echo", 180, 51_200),
    sample(900, "bot", 220, 52_000),
    sample(1000, "echo", 120, 52_000), // after the load ended: the settled reading, not in the window
  ];

  it("starts when the later child has answered the requests the target names, and ends with the load", () => {
    const steady = steadyState(samples, ["echo", "bot"], {
      afterRequests: 50_000,
      lastRoundFromMs: 0,
      loadEndMs: 950,
    });
    expect(steady.window).toEqual({ fromMs: 500, toMs: 950, afterRequests: 50_000 });
    // The bot's 400 MB before the window (a collection not yet made) does not count; its median is 220.
    expect(steady.byChild.bot).toEqual({ samples: 3, medianMb: 220, maxMb: 230 });
    expect(steady.byChild.echo).toEqual({ samples: 2, medianMb: 175, maxMb: 180 });
  });

  it("falls back to the last round, and says the target cannot be judged, when a child never got there", () => {
    const steady = steadyState(samples, ["echo", "bot"], {
      afterRequests: 60_000,
      lastRoundFromMs: 650,
      loadEndMs: 950,
    });
    expect(steady.window).toEqual({ fromMs: 650, toMs: 950, afterRequests: null });
    expect(steady.byChild.bot).toEqual({ samples: 2, medianMb: 225, maxMb: 230 });
  });

  it("takes the last reading of a child as the settled one", () => {
    expect(lastReading(samples, "echo")?.rssMb).toBe(120);
    expect(lastReading(samples, "bot")?.rssMb).toBe(220);
    expect(lastReading(samples, "echo", 850)?.rssMb).toBe(180);
  });

  it("has no median or maximum without readings", () => {
    const none = figures([]);
    expect(none.samples).toBe(0);
    expect(none.medianMb).toBeNaN();
    expect(none.maxMb).toBeNaN();
  });
});

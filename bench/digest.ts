import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import type { Delivery, DeliveryRepository } from "../src/domain/notify/ports.js";
import { teamsRateLimits } from "../src/notify/limiter.js";
import { DigestWorld, channel, personal, tenantId } from "../test/support/digest-world.js";

/**
 * Scheduled posts at scale, on virtual time: one tenant (Europe/Copenhagen) with R reps — each with a
 * personal chat and two open opportunities, one of them past its expected close date, so every rep has a
 * nudge — and C channels with a weekly Monday 08:00 digest. The real scheduler, services, composer, cards
 * and delivery worker (with Teams' rate limits) over the in-memory store, posting to a recording transport
 * with a fixed latency. It runs from Sunday evening until everything due on Monday morning was posted, and
 * checks: every channel and rep got exactly one post (duplicates, lost), the tenant's 50 requests a second
 * were never exceeded, and how long the fan-out took on virtual time against the limit-bound minimum
 * (N posts at 50 in any second: ⌈N/50⌉ − 1 s after the first).
 *
 * With --crash, the first process dies half-way through the fan-out (after storing half of the deliveries,
 * before sending any) and a second process takes over: the same checks must hold.
 *
 *   npm run bench:digest                     1 000 reps, 100 channels
 *   npm run bench:digest -- --crash          the same, with a crash half-way and a restart
 *   npm run bench:digest -- --reps R --channels C [--latency MS]
 *
 * Exits 1 when something was posted twice or never, or the tenant's limit was exceeded.
 */

const { values } = parseArgs({
  options: {
    reps: { type: "string" },
    channels: { type: "string" },
    latency: { type: "string" },
    crash: { type: "boolean", default: false },
  },
});
const reps = Number(values.reps ?? 1000);
const channels = Number(values.channels ?? 100);
const latencyMs = Number(values.latency ?? 40);
if (![reps, channels, latencyMs].every((n) => Number.isInteger(n) && n >= 0))
  throw new Error("--reps, --channels and --latency are whole numbers");

const startIso = "2026-12-06T20:00:00.000Z"; // Sunday 21:00 in Copenhagen
const dueIso = "2026-12-07T07:00:00.000Z"; // Monday 08:00 in Copenhagen

/** The process dies after `at` stored creates: later creates fail, so nothing more is made or sent. */
function dyingAfter(at: number) {
  let creates = 0;
  return (repository: DeliveryRepository): DeliveryRepository => ({
    get: (t, id) => repository.get(t, id),
    replace: (d, v) => repository.replace(d, v),
    pending: (t, c) => repository.pending(t, c),
    createOnce: async (delivery: Delivery) => {
      if (++creates > at) throw new Error("process died");
      return repository.createOnce(delivery);
    },
  });
}

async function main(): Promise<void> {
  const wall = performance.now();
  const world = new DigestWorld(startIso, { latencyMs });
  await world.setZone("Europe/Copenhagen");
  await world.account("Contoso");
  for (let c = 0; c < channels; c++)
    await world.digestIn(`ch${c}`, { cadence: "weekly", weekday: 1, minutes: 480 });
  for (let r = 0; r < reps; r++) {
    const rep = await world.rep(`u-rep${r}`, `Rep ${r}`, {
      locale: ["en-GB", "da-DK", "nb-NO", "sv-SE"][r % 4] ?? "en-GB",
    });
    await world.opportunity(rep, {
      title: `Late deal ${r}`,
      value: 1000 + r,
      close: "2026-11-30",
      account: "Contoso",
    });
    await world.opportunity(rep, {
      title: `Fresh deal ${r}`,
      value: 500,
      close: "2027-03-01",
      account: "Contoso",
    });
  }
  const seeded = performance.now() - wall;
  const expected = channels + reps;

  let crashedCreates = 0;
  if (values.crash) {
    const first = world.instance({ deliveries: dyingAfter(Math.floor(expected / 2)) });
    first.scheduler.start();
    await world.until("2026-12-07T07:01:00.000Z");
    await first.scheduler.stop();
    crashedCreates = (await world.deliveries()).length;
  }
  const restartedAt = world.timers.now();
  const instance = world.instance();
  await instance.worker.recover([tenantId]);
  instance.worker.start();
  instance.scheduler.start();
  await world.until("2026-12-07T07:05:00.000Z");
  await instance.worker.idle();
  await instance.scheduler.stop();
  await instance.worker.stop();

  const posts = world.posts();
  const byConversation = new Map<string, number>();
  for (const post of posts)
    byConversation.set(post.conversationId, (byConversation.get(post.conversationId) ?? 0) + 1);
  const targets = [
    ...Array.from({ length: channels }, (_, c) => channel(`ch${c}`).conversationId),
    ...Array.from({ length: reps }, (_, r) => personal(`u-rep${r}`).conversationId),
  ];
  const duplicates = targets.reduce((n, id) => n + Math.max(0, (byConversation.get(id) ?? 0) - 1), 0);
  const lost = targets.filter((id) => !byConversation.has(id)).length;
  const stray = [...byConversation.keys()].filter((id) => !targets.includes(id)).length;

  // The tenant's busiest second, over every request made (a sliding window over the request times).
  const times = world.transport.requests.map((r) => r.at).sort((a, b) => a - b);
  const tenantLimit = teamsRateLimits.tenant[0]?.limit ?? 50;
  let busiest = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while ((times[i] ?? 0) - (times[j] ?? 0) >= 1000) j++;
    busiest = Math.max(busiest, i - j + 1);
  }
  const due = Date.parse(dueIso);
  const last = Math.max(...posts.map((p) => Date.parse(p.at)));
  const took = (last - due) / 1000;
  // N posts within a 1 s sliding window of `limit`: the last can go no sooner than ceil(N/limit) − 1 s
  // after the first.
  const minimum = Math.max(0, Math.ceil(posts.length / tenantLimit) - 1);
  const rows: [string, string][] = [
    ["targets", `${channels} channels + ${reps} reps = ${expected}`],
    ...(values.crash
      ? [["crash", `first process stored ${crashedCreates} deliveries, then died`] as [string, string]]
      : []),
    ["delivered", String(posts.length)],
    ["duplicates", String(duplicates + stray)],
    ["lost", String(lost)],
    ["requests", String(world.transport.requests.length)],
    ["busiest second", `${busiest} requests (tenant limit ${tenantLimit}/s)`],
    ["virtual time", `${took.toFixed(1)} s from 08:00 to the last post`],
    ...(values.crash
      ? [
          [
            "after restart",
            `${((last - restartedAt) / 1000).toFixed(1)} s from the restart (08:01) to the last post`,
          ] as [string, string],
        ]
      : []),
    ["limit-bound min", `${minimum.toFixed(1)} s (${posts.length} posts at ${tenantLimit}/s)`],
    ["ratio", `${((minimum / took) * 100).toFixed(1)} %`],
    ["seeding (wall)", `${(seeded / 1000).toFixed(1)} s`],
    ["run (wall)", `${((performance.now() - wall - seeded) / 1000).toFixed(1)} s`],
    ["peak RSS", `${Math.round(process.memoryUsage().rss / 1e6)} MB`],
  ];
  console.log("digest and nudge fan-out: real scheduler, services, cards and DeliveryWorker, virtual time,");
  console.log(`one tenant in Europe/Copenhagen, transport latency ${latencyMs} ms`);
  for (const [label, value] of rows) console.log(`  ${label.padEnd(17)}${value}`);
  if (duplicates + stray > 0 || lost > 0 || busiest > tenantLimit) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

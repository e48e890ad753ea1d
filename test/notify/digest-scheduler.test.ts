import { expect, test } from "vitest";
import type { Delivery, DeliveryRepository } from "../../src/domain/notify/ports.js";
import { silentLogger } from "../../src/log.js";
import { DigestScheduler } from "../../src/notify/scheduler.js";
import { DigestWorld, channel, personal, tenantId } from "../support/digest-world.js";

/**
 * The scheduler on virtual time with the real services, worker, composer and cards over the in-memory
 * store: when digests and nudges go out (tenant time, across daylight-saving changes), and that a repeated
 * fan-out — a crash half-way, a second instance, a restart — never posts anything twice.
 */

const weeklyMonday8 = { cadence: "weekly", weekday: 1, minutes: 8 * 60 } as const;

async function run(world: DigestWorld, untilIso: string, instance = world.instance()) {
  instance.worker.start();
  instance.scheduler.start();
  await world.until(untilIso);
  await instance.scheduler.stop();
  await instance.worker.idle();
  await instance.worker.stop();
  return instance;
}

const to = (world: DigestWorld, conversationId: string) =>
  world.posts().filter((p) => p.conversationId === conversationId);

/** Posted at the due instant, give or take the scheduler's minute and the transport's latency. */
const minuteOf = (iso: string) => iso.slice(0, 16);

test("a weekly digest follows Copenhagen's clock across the spring change: 08:00 is 07:00 UTC, then 06:00", async () => {
  const world = new DigestWorld("2027-03-19T12:00:00.000Z");
  await world.setZone("Europe/Copenhagen");
  await world.digestIn("sales", weeklyMonday8);
  // Running over the Monday before the change and the Monday after it (down in between: nothing is due).
  await world.until("2027-03-22T05:00:00.000Z");
  await run(world, "2027-03-22T09:00:00.000Z");
  await world.until("2027-03-29T04:00:00.000Z");
  await run(world, "2027-03-29T09:00:00.000Z");

  const posts = to(world, channel("sales").conversationId);
  expect(posts.map((p) => minuteOf(p.at))).toEqual(["2027-03-22T07:00", "2027-03-29T06:00"]);
  expect(posts.map((p) => p.summary)).toEqual([
    expect.stringContaining("Pipeline digest"),
    expect.stringContaining("Pipeline digest"),
  ]);
});

test("daily nudges come at 08:00 on working days across the autumn change, never at the weekend", async () => {
  // Thursday 23:00 UTC, after midnight in Copenhagen: Friday's nudge is the first.
  const world = new DigestWorld("2026-10-22T23:00:00.000Z");
  await world.setZone("Europe/Copenhagen");
  await world.account("Contoso");
  const ann = await world.rep("u-ann", "Ann Berg");
  // Its expected close date has passed: due every morning until it is dealt with.
  await world.opportunity(ann, { title: "Web shop", value: 1000, close: "2026-10-01", account: "Contoso" });
  await run(world, "2026-10-26T12:00:00.000Z");

  const posts = to(world, personal("u-ann").conversationId);
  // Friday 23 at 08:00 CEST (06:00 UTC); nothing at the weekend (the clocks change on Sunday 25);
  // Monday 26 at 08:00 CET (07:00 UTC).
  expect(posts.map((p) => minuteOf(p.at))).toEqual(["2026-10-23T06:00", "2026-10-26T07:00"]);
  expect(JSON.stringify(posts[0]?.card)).toContain("Expected close date 1 Oct 2026 has passed");
});

test("the same schedule lands at each tenant zone's own 08:00", async () => {
  const expected: Record<string, string> = {
    "Europe/Copenhagen": "2026-12-07T07:00",
    "America/New_York": "2026-12-07T13:00",
    "Asia/Tokyo": "2026-12-06T23:00",
    "Australia/Sydney": "2026-12-06T21:00",
  };
  for (const [zone, at] of Object.entries(expected)) {
    // From two hours before the instant expected to one hour after it.
    const expectedAt = Date.parse(`${at}:00.000Z`);
    const world = new DigestWorld(new Date(expectedAt - 2 * 3_600_000).toISOString());
    await world.setZone(zone);
    await world.digestIn("sales", weeklyMonday8);
    await run(world, new Date(expectedAt + 3_600_000).toISOString());
    expect(
      to(world, channel("sales").conversationId).map((p) => minuteOf(p.at)),
      zone,
    ).toEqual([at]);
  }
});

/**
 * The process dies right after its `at`-th create was stored (before it could note that channel done);
 * every later create fails too.
 */
function dyingAt(at: number) {
  let creates = 0;
  return (repository: DeliveryRepository): DeliveryRepository => ({
    get: (t, id) => repository.get(t, id),
    replace: (d, v) => repository.replace(d, v),
    pending: (t, c) => repository.pending(t, c),
    createOnce: async (delivery: Delivery) => {
      if (++creates > at) throw new Error("process died");
      const created = await repository.createOnce(delivery);
      if (creates === at) throw new Error("process died");
      return created;
    },
  });
}

test("a crash in the middle of a fan-out: the restarted process makes only the rest, each channel posted once", async () => {
  const world = new DigestWorld("2026-12-07T06:30:00.000Z");
  await world.setZone("Europe/Copenhagen");
  const ids = ["a", "b", "c", "d", "e"];
  for (const id of ids) await world.digestIn(id, weeklyMonday8);

  // The first process stores three of five deliveries and dies right after the third, before it sends.
  const first = world.instance({ deliveries: dyingAt(3) });
  first.scheduler.start();
  await world.until("2026-12-07T07:00:30.000Z");
  await first.scheduler.stop();
  expect(await world.deliveries()).toHaveLength(3);
  expect(world.posts()).toHaveLength(0);

  // The restarted process picks up the three (pending); its fan-out finds the third made (the two before it
  // were noted done) and makes the last two. Nothing is made twice.
  const second = world.instance();
  await second.worker.recover([tenantId]);
  const stats = await second.scheduler.tick();
  expect(stats).toEqual({ created: 2, existing: 1 });
  await run(world, "2026-12-07T12:00:00.000Z", second);

  const deliveries = await world.deliveries();
  expect(deliveries.map((d) => d.id).sort()).toEqual(
    ids.map((id) => `digest:2026-12-07>ch:${channel(id).conversationId}`).sort(),
  );
  expect(deliveries.every((d) => d.status === "sent")).toBe(true);
  for (const id of ids) expect(to(world, channel(id).conversationId), id).toHaveLength(1);
});

test("two instances looking at the same moment make one delivery per channel and person, and post each once", async () => {
  const world = new DigestWorld("2026-12-07T06:00:00.000Z");
  await world.setZone("Europe/Copenhagen");
  await world.account("Contoso");
  for (const id of ["a", "b", "c"]) await world.digestIn(id, weeklyMonday8);
  const reps = [];
  for (const n of [1, 2, 3, 4]) reps.push(await world.rep(`u-rep${n}`, `Rep ${n}`));
  for (const rep of reps)
    await world.opportunity(rep, { title: "Deal", close: "2026-11-01", account: "Contoso" });

  const one = world.instance();
  const two = world.instance();
  for (const instance of [one, two]) {
    instance.worker.start();
    instance.scheduler.start();
  }
  await world.until("2026-12-07T09:00:00.000Z");
  for (const instance of [one, two]) await instance.scheduler.stop();
  for (const instance of [one, two]) await instance.worker.idle();
  for (const instance of [one, two]) await instance.worker.stop();

  const deliveries = await world.deliveries();
  expect(deliveries).toHaveLength(3 + 4);
  expect(new Set(deliveries.map((d) => d.id)).size).toBe(7);
  expect(deliveries.every((d) => d.status === "sent")).toBe(true);
  for (const id of ["a", "b", "c"]) expect(to(world, channel(id).conversationId), id).toHaveLength(1);
  for (const rep of reps) expect(to(world, personal(rep.userId).conversationId), rep.userId).toHaveLength(1);
});

test("a period missed while down is sent when the bot is back the same day, and skipped the day after", async () => {
  // Set up on Sunday; down over Monday morning, back at 15:00 Copenhagen time: Monday's digest and nudge
  // go out at once.
  const sameDay = new DigestWorld("2026-12-06T12:00:00.000Z");
  await sameDay.setZone("Europe/Copenhagen");
  await sameDay.account("Contoso");
  await sameDay.digestIn("sales", weeklyMonday8);
  const ann = await sameDay.rep("u-ann", "Ann Berg");
  await sameDay.opportunity(ann, { title: "Deal", close: "2026-11-01", account: "Contoso" });
  await sameDay.until("2026-12-07T14:00:00.000Z");
  await run(sameDay, "2026-12-07T14:30:00.000Z");
  expect(to(sameDay, channel("sales").conversationId).map((p) => minuteOf(p.at))).toEqual([
    "2026-12-07T14:00",
  ]);
  expect(to(sameDay, personal("u-ann").conversationId)).toHaveLength(1);

  // Down until Tuesday 10:00: Monday's digest is not sent late; Tuesday's nudge (due 08:00 today) is.
  const nextDay = new DigestWorld("2026-12-06T12:00:00.000Z");
  await nextDay.setZone("Europe/Copenhagen");
  await nextDay.account("Contoso");
  await nextDay.digestIn("sales", weeklyMonday8);
  const bo = await nextDay.rep("u-bo", "Bo Lind");
  await nextDay.opportunity(bo, { title: "Deal", close: "2026-11-01", account: "Contoso" });
  await nextDay.until("2026-12-08T09:00:00.000Z");
  await run(nextDay, "2026-12-09T12:00:00.000Z");
  expect(to(nextDay, channel("sales").conversationId)).toHaveLength(0);
  const nudges = (await nextDay.deliveries()).map((d) => d.id).sort();
  expect(nudges).toEqual(["nudge:2026-12-08>user:u-bo", "nudge:2026-12-09>user:u-bo"]);
});

test("nobody the bot cannot write to, nobody with nothing due, nobody who said notify me off; a snoozed deal is left out", async () => {
  const world = new DigestWorld("2026-12-06T12:00:00.000Z");
  await world.setZone("Europe/Copenhagen");
  await world.account("Contoso");
  const due = { title: "Overdue", close: "2026-11-01", account: "Contoso" };
  const ann = await world.rep("u-ann", "Ann Berg");
  const bo = await world.rep("u-bo", "Bo Lind", { reachable: false });
  const cy = await world.rep("u-cy", "Cy Holm");
  const di = await world.rep("u-di", "Di Sand");
  const annFirst = await world.opportunity(ann, due);
  await world.opportunity(ann, { ...due, title: "Also overdue" });
  await world.opportunity(bo, due);
  await world.opportunity(cy, { title: "Fresh", value: 100, close: "2027-06-01", account: "Contoso" });
  await world.opportunity(di, due);
  expect((await world.services.digests.setNudges(di, false)).ok).toBe(true);
  expect((await world.services.digests.snooze(ann, annFirst)).ok).toBe(true);

  await run(world, "2026-12-07T12:00:00.000Z");
  const posted = world.posts();
  expect(posted.map((p) => p.conversationId)).toEqual([personal("u-ann").conversationId]);
  const card = JSON.stringify(posted[0]?.card);
  expect(card).toContain("Also overdue");
  expect(card).not.toContain(`${annFirst} Overdue`);
  // The nudge's buttons: Next stage, Update, Snooze.
  expect(card).toContain('"verb":"opp.next"');
  expect(card).toContain('"verb":"opp.update.form"');
  expect(card).toContain('"verb":"nudge.snooze"');
});

test("the digest card: pipeline per stage, what changed since the last digest, stale deals, passed close dates", async () => {
  const world = new DigestWorld("2026-11-02T09:00:00.000Z");
  await world.setZone("Europe/Copenhagen");
  await world.account("Contoso");
  await world.digestIn("sales", weeklyMonday8);
  const ann = await world.rep("u-ann", "Ann Berg");
  // Created five weeks before the digest and never touched since: stale, and its close date has passed.
  const old = await world.opportunity(ann, {
    title: "Old deal",
    value: 5000,
    close: "2026-11-20",
    account: "Contoso",
  });
  await world.until("2026-11-27T09:00:00.000Z");
  const moved = await world.opportunity(ann, { title: "Moving deal", value: 20000, account: "Contoso" });
  const won = await world.opportunity(ann, { title: "Won deal", value: 7000, account: "Contoso" });
  // The period of the 7 December digest: Monday 30 November 08:00 to Monday 7 December 08:00.
  await world.until("2026-12-01T09:00:00.000Z");
  expect((await world.services.opportunities.next(ann, moved)).ok).toBe(true);
  expect((await world.services.opportunities.close(ann, won, "won", "WON-PRICE", undefined)).ok).toBe(true);
  const fresh = await world.opportunity(ann, { title: "Fresh deal", value: 900, account: "Contoso" });
  // The bot was not running before (earlier Mondays are skipped, not sent late); it runs over 7 December.
  await world.until("2026-12-07T06:00:00.000Z");
  await run(world, "2026-12-07T09:00:00.000Z");

  const posts = to(world, channel("sales").conversationId);
  expect(posts).toHaveLength(1);
  const card = JSON.stringify(posts[0]?.card);
  expect(card).toContain("Changes from Mon, 30 Nov 2026, 08:00 to Mon, 7 Dec 2026, 08:00");
  expect(card).toContain('"text":"Develop"');
  expect(card).toContain("€20,000.00 · weighted €3,200.00");
  expect(card).toContain(`Moved: ${moved} Moving deal — Qualify → Develop, €20,000.00`);
  expect(card).toContain(`Won: ${won} Won deal — €7,000.00`);
  expect(card).toContain(`New: ${fresh} Fresh deal — €900.00, in Qualify`);
  expect(card).toContain(`${old} Old deal — Ann Berg, €5,000.00; last change 2 Nov 2026`);
  expect(card).toContain(`${old} Old deal — Ann Berg, €5,000.00; expected 20 Nov 2026`);
  expect(card).not.toContain(`New: ${old}`);
  expect(card).not.toContain(`New: ${moved}`);
});

test("looking writes nothing where nothing is due: no setup is created, no marker for a quiet morning", async () => {
  const world = new DigestWorld("2026-12-07T05:00:00.000Z");
  // A tenant the bot has met but that has no setup, and one whose only rep has nothing due.
  await world.services.directory.seen({
    tenantId: "t-empty",
    userId: "u-x",
    teamsId: "29:u-x",
    name: "X",
    conversation: personal("u-x"),
    roster: { member: async (teamsId) => ({ teamsId, name: "X", tenantId: "t-empty", userRole: "user" }) },
  });
  await world.account("Contoso");
  const ann = await world.rep("u-ann", "Ann Berg");
  await world.opportunity(ann, { title: "Fresh", value: 100, close: "2027-06-01", account: "Contoso" });
  const writes = () => (world.store as unknown as { writes: number }).writes;
  const before = writes();

  const instance = world.instance();
  const tenants = ["t-empty", tenantId];
  const scheduler = new DigestScheduler({
    digests: instance.services.digests,
    deliveries: instance.deliveries,
    enqueue: () => undefined,
    tenants: async () => tenants,
    timers: world.timers,
    log: silentLogger,
  });
  scheduler.start();
  await world.until("2026-12-07T12:00:00.000Z");
  await scheduler.stop();
  expect(writes()).toBe(before);
  expect(await world.store.read("t-empty", "setup")).toBeUndefined();
  expect(await world.store.read(tenantId, "nudgerun")).toBeUndefined();
});

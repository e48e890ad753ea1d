import { expect, test } from "vitest";
import { runFailover, type FailoverResult } from "./support/failover.js";

/**
 * Sender failover across real processes: three bot instances (src/main.ts, same settings) on one local
 * Cosmos DB server, 2 000 stage-change notifications committed (10 tenants × 10 channels × 20 events) and
 * posted to a recording Teams connector. When half of them have arrived, the elected sender is killed
 * with SIGKILL. Another instance must take over and send the rest: every notification arrives, none is
 * lost, and a notification arrives twice only when its first copy was accepted by "Teams" before the kill
 * (the window README.md documents: the post was made, its outcome not yet stored), at most one per request
 * in flight. The lease is 3 s here (15 s in production) to keep the test short; `npm run bench:failover`
 * runs the same with the production setting and reports the figures.
 *
 * Named without `.e2e.` so that it runs once: it is about Cosmos DB only and starts its own server.
 */

const leaseSeconds = 3;
/** The worker's default requests in flight: the most a sender can have had accepted but not stored. */
const maxInFlight = 16;
/** Waiting for the rest, on a loaded 2-core machine, before the test gives up. */
const sendTimeoutMs = 600_000;

test(
  "three instances, 2 000 notifications, the sender killed half-way: all delivered once, but for posts in flight",
  async (context) => {
    let result: FailoverResult;
    try {
      result = await runFailover({
        tenants: 10,
        channels: 10,
        instances: 3,
        killAfter: 1_000,
        leaseSeconds,
        timeoutMs: sendTimeoutMs,
      });
    } catch (error) {
      // Delivery ids with "#" (issue 10) cannot be stored on Cosmos DB: nothing is sent there until that
      // fix lands, so there is no failover to measure. The test runs by itself once the ids are usable.
      if ((error as { deliveryIdsRefused?: boolean }).deliveryIdsRefused) {
        context.skip("waits for issue 10: Cosmos DB refuses the delivery ids, so nothing is sent on it");
      }
      const outputs = (error as { outputs?: readonly string[] }).outputs ?? [];
      throw new Error(`${String(error)}\n${outputs.map((o) => o.slice(-4_000)).join("\n=====\n")}`);
    }

    expect(result.expected).toBe(2_000);
    expect(result.delivered).toBe(2_000);
    expect(result.lost).toBe(0);
    expect(result.storedDeliveries).toBe(2_000);
    expect(result.notSentInStore).toBe(0);
    // Duplicates only in the crash window: one copy accepted from the killed sender before it died, sent
    // once more by the next sender (the kill's own moment cannot be told apart from the exit's).
    expect(result.duplicates.length).toBeLessThanOrEqual(maxInFlight);
    for (const duplicate of result.duplicates) {
      expect(duplicate).toMatchObject({ fromKilled: 1, fromSuccessor: 1 });
    }
    // The next sender's first request: not before the lease can have expired (3 s unchanged, the last
    // renewal up to 1 s before the kill), and long before the per-delivery claims would run out (2 min).
    expect(result.takeoverMs).toBeGreaterThanOrEqual((leaseSeconds * 1000 * 2) / 3);
    expect(result.takeoverMs).toBeLessThan(60_000);
  },
  sendTimeoutMs + 300_000,
);

import { parseArgs } from "node:util";
import { teamsRateLimits } from "../src/notify/limiter.js";
import { runFailover } from "../test/e2e/support/failover.js";

/**
 * Failover benchmark: three bot processes on one local Cosmos DB server, tenants × channels × 20 stage-change
 * notifications to send to a recording Teams connector, and the elected sender killed with SIGKILL when
 * `--kill-after` of them have arrived (see test/e2e/support/failover.ts). Reports the takeover time, the
 * notifications lost and sent twice, and deliveries per second against the most Teams' rate limits allow
 * for this workload.
 *
 *   npm run bench:failover                     10 tenants × 10 channels × 20 = 2 000, lease 15 s
 *   npm run bench:failover -- --tenants T --channels C --instances N --kill-after K --lease-seconds S
 *
 * Exits 1 when a notification was lost or a duplicate came outside the crash window.
 */

const { values } = parseArgs({
  options: {
    tenants: { type: "string", default: "10" },
    channels: { type: "string", default: "10" },
    instances: { type: "string", default: "3" },
    "kill-after": { type: "string" },
    "lease-seconds": { type: "string", default: "15" },
  },
});
const tenants = Number(values.tenants);
const channels = Number(values.channels);
const expected = tenants * channels * 20;
const leaseSeconds = Number(values["lease-seconds"]);

/**
 * The limit-bound maximum for this workload. Per channel, each of the 10 opportunities' first event posts
 * the thread's root (1 request) and its second a reply plus a root update (2): 10 + 10 × 2 = 30 requests.
 * A channel may have 8 requests per 2 s (and 60 per 30 s), a tenant 50 per second; the tenants are paced
 * independently, so the bound is the slower of one channel's and one tenant's share.
 */
function limitBound(): { seconds: number; deliveriesPerSecond: number } {
  const perChannel = 10 + 10 * 2;
  const [, twoSeconds, thirtySeconds] = teamsRateLimits.conversation;
  const tenantPerSecond = teamsRateLimits.tenant[0]?.limit ?? 50;
  const channelSeconds = Math.max(
    ((perChannel - (twoSeconds?.limit ?? 8)) / (twoSeconds?.limit ?? 8)) * 2,
    ((perChannel - (thirtySeconds?.limit ?? 60)) / (thirtySeconds?.limit ?? 60)) * 30,
  );
  const tenantSeconds = (perChannel * channels) / tenantPerSecond;
  const seconds = Math.max(channelSeconds, tenantSeconds);
  return { seconds, deliveriesPerSecond: expected / seconds };
}

const result = await runFailover({
  timeoutMs: Number(process.env["FAILOVER_TIMEOUT_MS"] ?? 600_000),
  tenants,
  channels,
  instances: Number(values.instances),
  killAfter: values["kill-after"] ? Number(values["kill-after"]) : Math.floor(expected / 2),
  leaseSeconds,
  log: (line) => console.log(`  ${line}`),
});
const bound = limitBound();
// The crash window: one copy accepted from the killed sender before it died, one from its successor.
const outside = result.duplicates.filter((d) => d.fromKilled !== 1 || d.fromSuccessor !== 1);
console.log(`
Failover: ${values.instances} instances, ${tenants} tenants × ${channels} channels × 20 events = ${expected} notifications, lease ${leaseSeconds} s, SIGKILL of the sender after ${result.beforeKill} requests
  delivered           ${result.delivered} / ${result.expected} (lost ${result.lost}; stored deliveries ${result.storedDeliveries}, not sent ${result.notSentInStore})
  sent twice          ${result.duplicates.length} (each once by the killed sender, once by the next: ${outside.length === 0 ? "yes" : "NO"})
  takeover            ${(result.takeoverMs / 1000).toFixed(1)} s from SIGKILL to the next sender's first request
  requests to Teams   ${result.requests} (posts and root card updates)
  sending time        ${(result.sendingMs / 1000).toFixed(1)} s first to last, ${((result.sendingMs - result.takeoverMs) / 1000).toFixed(1)} s without the takeover
  deliveries/s        ${result.deliveriesPerSecond.toFixed(0)} while a sender was up; the rate limits allow at most ${bound.deliveriesPerSecond.toFixed(0)} (${bound.seconds.toFixed(1)} s for this workload): ${((100 * result.deliveriesPerSecond) / bound.deliveriesPerSecond).toFixed(0)} %
`);
process.exit(result.lost === 0 && outside.length === 0 && result.notSentInStore === 0 ? 0 : 1);

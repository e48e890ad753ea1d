import { subscribe } from "node:diagnostics_channel";
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { basename } from "node:path";

/**
 * Preloaded into a benchmark child with `--import` to see what a request allocates, garbage included: V8's
 * sampling heap profiler with the objects later collected by young and full collections kept in the
 * profile. It starts at the FROM-th HTTP request the child receives and stops at the TO-th, then writes the
 * profile (a .heapprofile any Chrome DevTools reads, named PREFIX-<script>.heapprofile) and the number of
 * requests it covered; summarise it with `node dist/bench/alloc-summary.js FILE`. With ALLOC_PROFILE_SURVIVORS=1
 * the objects that die in a young collection are left out: what is left was promoted into old space (or is
 * still alive), the garbage that fills the old generation between full collections. Diagnosis only: sampling
 * costs time, and it changes no heap setting.
 *
 *   ALLOC_PROFILE=/tmp/opp-show ALLOC_PROFILE_FROM=1200 ALLOC_PROFILE_TO=3000 \
 *     node dist/bench/bench-http.js --requests 3000 --rounds 1 --warmup 1000 --commands "opp show" \
 *     --bot-node-arg=--import=file://$PWD/dist/bench/alloc-profile.js [--echo-node-arg=… the same]
 */
const prefix = process.env.ALLOC_PROFILE;
const from = Number(process.env.ALLOC_PROFILE_FROM ?? "1000");
const to = Number(process.env.ALLOC_PROFILE_TO ?? "5000");
const interval = Number(process.env.ALLOC_PROFILE_INTERVAL ?? "4096");
const survivorsOnly = process.env.ALLOC_PROFILE_SURVIVORS === "1";

if (prefix) {
  const file = `${prefix}-${basename(process.argv[1] ?? "node", ".js")}.heapprofile`;
  const session = new Session();
  session.connect();
  let seen = 0;
  subscribe("http.server.request.start", () => {
    seen++;
    if (seen === from)
      session.post("HeapProfiler.startSampling", {
        samplingInterval: interval,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: !survivorsOnly,
      });
    if (seen === to)
      // Same-thread inspector sessions answer synchronously.
      session.post("HeapProfiler.stopSampling", (error, result) => {
        if (error) throw error;
        writeFileSync(file, JSON.stringify({ ...result.profile, requests: to - from }));
      });
  });
}

import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { memoryProbeMarker } from "./memory-probe-marker.js";

/**
 * What each benchmark run made V8 do, from a child's log: how many young collections (scavenges) and full
 * collections (mark-compacts) ran, how many bytes the scavenges promoted into old space and how many the
 * process allocated (summed from each collection's `allocated=`), per request.
 * Objects that survive two scavenges are promoted, and the old generation grows by them until its next
 * mark-compact; how fast it grows decides how often V8 collects it and, through its speed ratio, how much
 * room it leaves above the live size (the "growing factor", up to 4).
 *
 *   node dist/bench/bench-http.js --probe-memory --child-output DIR \
 *     --bot-node-arg=--trace-gc-nvp --echo-node-arg=--trace-gc-nvp [--requests N --warmup W --rounds R --commands …]
 *   node dist/bench/gc-trace.js DIR/bot.log DIR/echo.log --requests N --warmup W --rounds R --commands "opp show,…"
 *
 * The memory probe answers after every warm-up and every run, so its lines cut the log into start-up, then
 * per command its warm-up and its rounds; pass the benchmark's own options to have them named and divided by
 * their requests. With --trace-gc-verbose as well (a second --bot-node-arg / --echo-node-arg), each mark-compact's
 * choice is listed under its segment: the growing factor, the speed ratio it came from (collector speed over
 * the rate the old generation fills, the "mutator" bytes per ms) and the old size the next one will wait for.
 * The figures are diagnosis only: these flags change no heap setting but cost time.
 */
interface Segment {
  scavenges: number;
  markCompacts: number;
  promoted: number;
  /** Bytes allocated: each collection's `allocated=` (object size at its start less at the previous one's end). */
  allocated: number;
  scavengePauseMs: number;
  markCompactPauseMs: number;
  /** Old space committed / used (MB) at the probe line that ended the segment. */
  oldSpace: string;
  /** With --trace-gc-verbose: at each mark-compact, the growing factor V8 chose, why, and the next trigger. */
  limits: string[];
}

const emptySegment = (): Segment => ({
  scavenges: 0,
  markCompacts: 0,
  promoted: 0,
  allocated: 0,
  scavengePauseMs: 0,
  markCompactPauseMs: 0,
  oldSpace: "",
  limits: [],
});

function field(line: string, name: string): number {
  const m = new RegExp(` ${name}=([\\d.]+)`).exec(line);
  return m ? Number(m[1]) : 0;
}

function segmentsOf(log: string): Segment[] {
  const segments: Segment[] = [];
  let current = emptySegment();
  for (const line of log.split("\n")) {
    const at = line.indexOf(memoryProbeMarker);
    if (at >= 0) {
      const answer = JSON.parse(line.slice(at + memoryProbeMarker.length)) as {
        spaces?: Record<string, [number, number]>;
      };
      current.oldSpace = answer.spaces?.old?.join(" / ") ?? "";
      segments.push(current);
      current = emptySegment();
      continue;
    }
    const factor =
      /\[HeapController\] factor ([\d.]+) based on .*speed_ratio=(\d+) \(gc=(\d+), mutator=(\d+)\)/.exec(
        line,
      );
    if (factor)
      current.limits.push(`factor ${factor[1]} (speed ratio ${factor[2]}, mutator ${factor[4]} B/ms)`);
    const limit = /\[HeapController\] Limit: old size: (\d+) KB, new limit: (\d+) KB/.exec(line);
    if (limit && current.limits.length > 0)
      current.limits[current.limits.length - 1] +=
        `: old ${(Number(limit[1]) / 1024).toFixed(1)} MB, next at ${(Number(limit[2]) / 1024).toFixed(1)} MB`;
    const kind = / gc=(\w+) /.exec(line)?.[1];
    if (kind === "s") {
      current.scavenges++;
      current.scavengePauseMs += field(line, "pause");
    } else if (kind === "mc" || kind === "ms") {
      current.markCompacts++;
      current.markCompactPauseMs += field(line, "pause");
    }
    if (kind) {
      current.promoted += field(line, "promoted");
      current.allocated += field(line, "allocated");
    }
  }
  if (current.scavenges + current.markCompacts > 0) segments.push(current);
  return segments;
}

/** Start-up, then for every command its warm-up (when there is one) and its rounds. */
function labels(commands: readonly string[], warmup: number, rounds: number, requests: number) {
  const out: { name: string; requests: number }[] = [{ name: "start-up", requests: 0 }];
  for (const command of commands) {
    if (warmup > 0) out.push({ name: `${command} warm-up`, requests: warmup });
    for (let r = 1; r <= rounds; r++) out.push({ name: `${command} round ${r}`, requests });
  }
  return out;
}

function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      requests: { type: "string", default: "3200" },
      warmup: { type: "string", default: "500" },
      rounds: { type: "string", default: "2" },
      commands: { type: "string", default: "" },
    },
  });
  const names = labels(
    values.commands
      .split(",")
      .map((c) => c.trim())
      .filter((c) => c !== ""),
    Number(values.warmup),
    Number(values.rounds),
    Number(values.requests),
  );
  for (const file of positionals) {
    console.log(`\n${file}`);
    console.log(
      "segment                scav    mc  promoted MB  KB/request  alloc. KB/request  pause s/mc ms  old MB (committed / used)",
    );
    for (const [i, s] of segmentsOf(readFileSync(file, "utf8")).entries()) {
      const label = names[i] ?? { name: `segment ${i}`, requests: 0 };
      const per = (bytes: number) => (label.requests > 0 ? (bytes / 1024 / label.requests).toFixed(1) : "");
      const perRequest = per(s.promoted);
      console.log(
        `${label.name.padEnd(22)} ${String(s.scavenges).padStart(4)} ${String(s.markCompacts).padStart(5)} ` +
          `${(s.promoted / 1048576).toFixed(1).padStart(12)} ${perRequest.padStart(11)} ${per(s.allocated).padStart(18)} ` +
          `${`${s.scavengePauseMs.toFixed(0)}/${s.markCompactPauseMs.toFixed(0)}`.padStart(14)}  ${s.oldSpace}`,
      );
      for (const limit of s.limits) console.log(`${"".padEnd(23)}${limit}`);
    }
  }
}

main();

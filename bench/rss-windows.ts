import { readFileSync } from "node:fs";
import { basename } from "node:path";

/**
 * How much the bot − echo RSS gap of a finished `npm run bench` depends on the window it is read over:
 *
 *   node dist/bench/rss-windows.js bench/results/http-<stamp>.json [more.json …]
 *
 * Reads the RSS readings a results file keeps (`rssSamples`: both children read alternately every 250 ms through
 * the whole load) and prints, for windows that start once both children have answered 10 000, 25 000, 40 000
 * and 50 000 requests (the last is the benchmark's "last rounds"), each child's median, the gap and the
 * number of readings, then the gap's spread over consecutive 30-second stretches of the load after 10 000
 * requests. V8's old generation grows for tens of seconds between two full collections and then drops, in
 * each process on its own schedule, so a window shorter than a few such cycles lands wherever both saw-tooths
 * happen to be; the spread shows how far apart two honest readings of one run can be. Nothing is re-measured:
 * this reads the file only.
 */

type Reading = readonly [atMs: number, rssMb: number, handled: number, loaded: number];

interface Results {
  readonly source?: string;
  readonly startedAt?: string;
  readonly rssSamples: Readonly<Record<"bot" | "echo", readonly Reading[]>>;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length === 0 ? Number.NaN : s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** The moment (ms since the load began) from which both children have answered `requests`. */
function bothFrom(results: Results, requests: number): number | undefined {
  const first = (readings: readonly Reading[]) => readings.find((r) => r[2] >= requests)?.[0];
  const bot = first(results.rssSamples.bot);
  const echo = first(results.rssSamples.echo);
  return bot === undefined || echo === undefined ? undefined : Math.max(bot, echo);
}

const fmt = (n: number) => n.toFixed(1);

function report(file: string): void {
  const results = JSON.parse(readFileSync(file, "utf8")) as Results;
  const { bot, echo } = results.rssSamples;
  console.log(`${basename(file)} (${results.source ?? "?"}, ${results.startedAt ?? "?"})`);
  console.log("  window                      bot MB  echo MB    gap  readings (bot/echo)  length s");
  const endMs = Math.max(bot.at(-1)?.[0] ?? 0, echo.at(-1)?.[0] ?? 0);
  for (const requests of [10_000, 25_000, 40_000, 50_000]) {
    const from = bothFrom(results, requests);
    if (from === undefined) continue;
    const b = bot.filter((r) => r[0] >= from).map((r) => r[1]);
    const e = echo.filter((r) => r[0] >= from).map((r) => r[1]);
    const [mb, me] = [median(b), median(e)];
    console.log(
      `  from ${String(requests).padStart(6)} requests on      ${fmt(mb).padStart(6)}  ${fmt(me).padStart(7)}  ` +
        `${(mb - me >= 0 ? "+" : "") + fmt(mb - me)}`.padEnd(7) +
        `  ${b.length}/${e.length}`.padEnd(21) +
        `  ${fmt((endMs - from) / 1000).padStart(8)}`,
    );
  }
  const from = bothFrom(results, 10_000);
  if (from === undefined) return;
  const gaps: number[] = [];
  for (let at = from; at + 30_000 <= endMs; at += 30_000) {
    const inStretch = (r: Reading) => r[0] >= at && r[0] < at + 30_000;
    gaps.push(
      median(bot.filter(inStretch).map((r) => r[1])) - median(echo.filter(inStretch).map((r) => r[1])),
    );
  }
  if (gaps.length > 0)
    console.log(
      `  gap per 30 s stretch after 10 000 requests (${gaps.length}): min ${fmt(Math.min(...gaps))}, ` +
        `median ${fmt(median(gaps))}, max ${fmt(Math.max(...gaps))}`,
    );
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node dist/bench/rss-windows.js bench/results/http-<stamp>.json [more.json …]");
  process.exit(2);
}
for (const file of files) report(file);

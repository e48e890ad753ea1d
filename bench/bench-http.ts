import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { Agent, request } from "node:http";
import { createServer } from "node:net";
import { cpus, tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { memoryProbeMarker } from "./memory-probe-marker.js";
import {
  startRecordingConnector,
  type RecordedReply,
  type RecordingConnector,
  type RecordingConnectorStats,
} from "./recording-connector.js";

/**
 * HTTP benchmark: `lead show` through real HTTP into the bot's POST /api/messages, with the bot's replies
 * captured by a local recording connector, side by side with a bare botbuilder echo bot on the same stack.
 *
 * Both bots run as child processes (so the bot's resident memory is its own), get the same warm-up and the
 * same closed-loop load (C virtual users, each sending its next activity when the previous one has been
 * answered), and are measured alternately (echo, bot, echo, bot, …) so machine noise hits both alike.
 * Latency is the round trip from sending the POST until the bot's reply reaches the connector; the
 * /api/messages response time is recorded too. Everything stays on 127.0.0.1.
 *
 *   npm run bench                       10 000 requests per bot per round, 16 users, 2 rounds
 *   npm run bench:quick                 2 000 requests
 *   node dist/bench/bench-http.js --requests N --concurrency C [--warmup W] [--rounds R] [--timeout MS]
 *     [--profile] [--probe-memory] [--bot-node-arg=FLAG …] [--echo-node-arg=FLAG …]
 *
 * --profile starts both children with --cpu-prof; profiles land in bench/results/profiles/ (summarise one
 * with `node dist/bench/profile-summary.js <file>`). --bot-node-arg / --echo-node-arg pass node flags to
 * one child, e.g. --bot-node-arg=--max-old-space-size=64. --probe-memory preloads bench/memory-probe.js into
 * both children and reports after each run how much of the RSS is V8 heap, before and after a forced GC
 * (diagnostics only: the forced GC changes what the next run starts from).
 */

interface Options {
  readonly requests: number;
  readonly concurrency: number;
  readonly warmup: number;
  readonly rounds: number;
  readonly timeoutMs: number;
  readonly profile: boolean;
  /** Extra node flags for the bot / echo child (e.g. --max-old-space-size=64, --trace-gc). */
  readonly botNodeArgs: readonly string[];
  readonly echoNodeArgs: readonly string[];
  /** Preload bench/memory-probe.js into both children and report their heap / native memory split. */
  readonly probeMemory: boolean;
}

type TargetName = "echo" | "bot";

interface Target {
  readonly name: TargetName;
  readonly child: ManagedChild;
  readonly port: number;
  readonly agent: Agent;
  /** The text every measured activity carries. */
  readonly text: string;
  /** Is this reply what the target should have answered? Kept cheap: it runs on every reply. */
  readonly check: (reply: RecordedReply) => boolean;
  /** Requests this target has handled so far (seed, warm-up and measured). */
  handled: number;
}

interface ManagedChild {
  readonly name: string;
  readonly process: ChildProcess;
  readonly pid: number;
  readonly exited: Promise<number | null>;
  readonly output: () => string;
  /** Memory reports from the --probe-memory preload, oldest first. */
  readonly probes: MemoryProbe[];
  exitCode: number | null | undefined;
}

/** What bench/memory-probe.ts reports (MB). */
interface MemoryProbe {
  readonly rssMb: number;
  readonly heapUsedMb: number;
  readonly heapTotalMb: number;
  readonly externalMb: number;
  readonly arrayBuffersMb: number;
  readonly mallocedMb: number;
  readonly peakMallocedMb: number;
  /** The same right after a forced full GC: what the process retains. */
  readonly afterGc?: Omit<MemoryProbe, "afterGc">;
}

interface RunResult {
  readonly target: TargetName;
  readonly round: number;
  readonly requests: number;
  readonly ok: number;
  readonly errors: Readonly<Record<string, number>>;
  readonly firstError?: string;
  readonly durationMs: number;
  readonly requestsPerSecond: number;
  /** Round trip: POST sent → reply at the connector (ms), over successful requests. */
  readonly latencyMs: Percentiles;
  /** POST sent → /api/messages response complete (ms), over successful requests. */
  readonly httpMs: Percentiles;
  readonly rssMb: number;
  readonly peakRssMb: number;
  /** With --probe-memory: the process's own memory split right after the run. */
  readonly memory?: MemoryProbe;
  /** CPU time the target process used during the run, per request (ms). */
  readonly cpuMsPerRequest: number;
  /** CPU time this (load generator + connector) process used during the run, per request (ms). */
  readonly driverCpuMsPerRequest: number;
  readonly handledSoFar: number;
  /** What the recording connector saw during the run. */
  readonly connector: RecordingConnectorStats;
}

interface Samples {
  readonly latencies: Float64Array;
  readonly httpTimes: Float64Array;
}

interface Percentiles {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

const host = "127.0.0.1";
const targets = { throughputRatio: 0.7, rssMb: 150, rssAfterRequests: 10_000 } as const;
const tenantId = "5f1c0a3e-8b2d-4c6f-9a7e-2d4b6c8e0f13";
interface BenchUser {
  readonly id: string;
  readonly name: string;
  readonly aadObjectId: string;
}
const user: BenchUser = {
  id: "29:1bench-user-Ann-Berg-0000000000000000000000000000000000000000000000000",
  name: "Ann Berg",
  aadObjectId: "6a0b4c2d-1e3f-4a5b-8c7d-9e0f1a2b3c4d",
};
/** Virtual user `vu`: a rep of their own, in their own personal chat (as every Teams user has one). */
const benchUser = (vu: number): BenchUser => {
  const n = String(vu).padStart(3, "0");
  return {
    id: `29:1bench-user-${n}-0000000000000000000000000000000000000000000000000000`,
    name: `Rep ${n}`,
    aadObjectId: `6a0b4c2d-1e3f-4a5b-8c7d-000000000${n}`,
  };
};
const botAccount = { id: "28:bench-bot-0000-0000-0000-000000000000", name: "Pipeline" };
const seedText = "lead new Website redesign first=Ann last=Berg company=Contoso email=ann@contoso.com";

const children: ManagedChild[] = [];

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  const root = projectRoot();
  const botScript = join(root, "dist", "src", "main.js");
  const echoScript = join(root, "dist", "bench", "echo-main.js");
  for (const script of [botScript, echoScript]) {
    if (!existsSync(script))
      throw new Error(`${relative(root, script)} is missing: run npm run build first.`);
  }
  const resultsDir = join(root, "bench", "results");
  await mkdir(resultsDir, { recursive: true });
  const dataDir = await mkdtemp(join(tmpdir(), "pipeline-bench-"));
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, "-");
  let connector: RecordingConnector | undefined;
  const agents: Agent[] = [];

  try {
    connector = await startRecordingConnector({ host });
    const [botPort = 0, echoPort = 0] = await freePorts(2);
    const profileDir = join(resultsDir, "profiles");
    if (options.profile) await mkdir(profileDir, { recursive: true });
    const probeArgs = options.probeMemory
      ? ["--expose-gc", `--import=${pathToFileURL(join(root, "dist", "bench", "memory-probe.js")).href}`]
      : [];
    const profileArgs = (name: string) =>
      options.profile
        ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}-${stamp}.cpuprofile`]
        : [];
    const bot = startChild(
      "bot",
      botScript,
      {
        PORT: String(botPort),
        HOST: host,
        DATA_DIR: join(dataDir, "data"),
        STORE: "embedded",
        LOG_LEVEL: "warn",
      },
      dataDir,
      [...options.botNodeArgs, ...profileArgs("bot"), ...probeArgs],
    );
    const echo = startChild("echo", echoScript, { PORT: String(echoPort), HOST: host }, dataDir, [
      ...options.echoNodeArgs,
      ...profileArgs("echo"),
      ...probeArgs,
    ]);
    await Promise.all([waitUntilReady(bot, botPort), waitUntilReady(echo, echoPort)]);
    const rssAtStartMb = { echo: processMemoryMb(echo.pid).rssMb, bot: processMemoryMb(bot.pid).rssMb };

    const newAgent = () => {
      const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
      agents.push(agent);
      return agent;
    };
    const botTarget: Target = {
      name: "bot",
      child: bot,
      port: botPort,
      agent: newAgent(),
      text: "",
      check: () => false,
      handled: 0,
    };
    const ref = await seedLead(connector, botTarget, options.timeoutMs);
    const showText = `lead show ${ref}`;
    const botReady: Target = {
      ...botTarget,
      text: showText,
      check: (reply) => {
        const a = reply.activity;
        const attachments = a?.attachments as { contentType?: string }[] | undefined;
        return (
          attachments?.[0]?.contentType === "application/vnd.microsoft.card.adaptive" &&
          typeof a?.summary === "string" &&
          a.summary.startsWith(`${ref} `)
        );
      },
    };
    const echoTarget: Target = {
      name: "echo",
      child: echo,
      port: echoPort,
      agent: newAgent(),
      text: showText,
      check: (reply) => reply.activity?.text === showText,
      handled: 0,
    };
    const order = [echoTarget, botReady];

    log(
      `Seeded lead ${ref}. Load: ${options.requests} requests x ${options.rounds} rounds per bot, ` +
        `${options.concurrency} concurrent users, warm-up ${options.warmup}; bot pid ${bot.pid}, echo pid ${echo.pid}; ` +
        `RSS at start: bot ${fmt(rssAtStartMb.bot, 1)} MB, echo ${fmt(rssAtStartMb.echo, 1)} MB.`,
    );
    for (const target of order) {
      if (options.warmup === 0) break;
      const { result: warm } = await runLoad(
        connector,
        target,
        options,
        options.warmup,
        `${target.name}-warmup`,
        0,
      );
      log(`warm-up ${target.name}: ${fmt(warm.requestsPerSecond, 0)} req/s, ${errorCount(warm)} errors`);
      if (warm.ok === 0) throw new Error(`Warm-up of ${target.name} failed completely: ${warm.firstError}`);
    }

    const runs: RunResult[] = [];
    const samples: Record<TargetName, Samples[]> = { echo: [], bot: [] };
    for (let round = 1; round <= options.rounds; round++) {
      for (const target of order) {
        const label = `${target.name}-r${round}`;
        const { result: run, samples: measured } = await runLoad(
          connector,
          target,
          options,
          options.requests,
          label,
          round,
        );
        runs.push(run);
        samples[target.name].push(measured);
        log(
          `round ${round} ${target.name.padEnd(4)}: ${fmt(run.requestsPerSecond, 0)} req/s, ` +
            `p50 ${fmt(run.latencyMs.p50)} ms, p99 ${fmt(run.latencyMs.p99)} ms, ` +
            `RSS ${fmt(run.rssMb, 1)} MB, ${errorCount(run)} errors` +
            (run.memory
              ? ` (V8 heap ${fmt(run.memory.heapUsedMb, 1)} used / ${fmt(run.memory.heapTotalMb, 1)} MB, ` +
                `external ${fmt(run.memory.externalMb, 1)} MB; after full GC: RSS ${fmt(
                  run.memory.afterGc?.rssMb ?? NaN,
                  1,
                )} MB, heap used ${fmt(run.memory.afterGc?.heapUsedMb ?? NaN, 1)} MB)`
              : ""),
        );
      }
    }

    const summary = summarise(runs, samples, botReady, options);
    printTable(runs, summary);
    const file = join(resultsDir, `http-${stamp}.json`);
    await writeFile(
      file,
      `${JSON.stringify(
        {
          kind: "http",
          startedAt: startedAt.toISOString(),
          finishedAt: new Date().toISOString(),
          source: sourceVersion(root),
          machine: {
            node: process.version,
            platform: `${process.platform} ${process.arch}`,
            cpus: cpus().length,
            cpuModel: cpus()[0]?.model ?? "unknown",
          },
          options,
          seededRef: ref,
          rssAtStartMb,
          text: showText,
          runs,
          summary,
        },
        null,
        2,
      )}\n`,
    );
    log(`Results written to ${relative(process.cwd(), file)}`);
    const failed = runs.reduce((n, r) => n + errorCount(r), 0);
    if (failed > 0) {
      log(`${failed} measured requests failed; first: ${runs.find((r) => r.firstError)?.firstError ?? "?"}`);
      process.exitCode = 1;
    }
    if (options.profile)
      log(`CPU profiles (bot-*, echo-*) go to ${relative(process.cwd(), profileDir)} when they stop`);
  } finally {
    await Promise.all(children.map((c) => stopChild(c)));
    for (const agent of agents) agent.destroy();
    await connector?.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/* ------------------------------------------------------------------ load ------------------------------------------------------------------ */

async function runLoad(
  connector: RecordingConnector,
  target: Target,
  options: Options,
  requests: number,
  label: string,
  round: number,
): Promise<{ result: RunResult; samples: Samples }> {
  const latencies = new Float64Array(requests);
  const httpTimes = new Float64Array(requests);
  let ok = 0;
  let issued = 0;
  const errors: Record<string, number> = {};
  let firstError: string | undefined;
  const fail = (kind: string, detail: string) => {
    errors[kind] = (errors[kind] ?? 0) + 1;
    firstError ??= `${kind}: ${detail}`;
  };
  if (target.child.exitCode !== undefined) {
    throw new Error(
      `The ${target.name} process has exited (code ${target.child.exitCode}):\n${target.child.output()}`,
    );
  }
  connector.resetCounts();
  const cpuBefore = processCpuMs(target.child.pid);
  const driverBefore = process.cpuUsage();

  const virtualUser = async (vu: number): Promise<void> => {
    const conversationId = `a:1bench-conversation-${String(vu).padStart(3, "0")}-personal-chat`;
    // Bounded: each iteration claims one of the `requests` slots, or stops.
    while (issued < requests) {
      const i = issued++;
      const activityId = `${label}-${i}`;
      const body = JSON.stringify(
        teamsMessage(connector.serviceUrl, conversationId, activityId, target.text, benchUser(vu)),
      );
      const started = performance.now();
      const reply = connector.waitForReplies(activityId, 1, options.timeoutMs).then(
        (replies) => ({ replies }),
        (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }),
      );
      let status: number;
      try {
        status = await post(target.agent, target.port, body, options.timeoutMs);
      } catch (error) {
        connector.cancel(activityId, "request failed");
        await reply;
        fail("http", error instanceof Error ? error.message : String(error));
        continue;
      }
      const httpDone = performance.now();
      if (status < 200 || status > 299) {
        connector.cancel(activityId, `HTTP ${status}`);
        await reply;
        fail(`http ${status}`, `POST /api/messages answered ${status}`);
        continue;
      }
      const outcome = await reply;
      if ("error" in outcome) {
        fail("no reply", outcome.error);
        continue;
      }
      const first = outcome.replies[0];
      if (!first || !target.check(first)) {
        fail("wrong reply", JSON.stringify(first?.activity ?? null).slice(0, 300));
        continue;
      }
      latencies[ok] = first.receivedAt - started;
      httpTimes[ok] = httpDone - started;
      ok++;
    }
  };

  const started = performance.now();
  await Promise.all(Array.from({ length: options.concurrency }, (_, vu) => virtualUser(vu)));
  const durationMs = performance.now() - started;
  const driver = process.cpuUsage(driverBefore);
  const cpuAfter = processCpuMs(target.child.pid);
  if (target.child.exitCode !== undefined) {
    throw new Error(
      `The ${target.name} process exited during the run (code ${target.child.exitCode}):\n${target.child.output()}`,
    );
  }
  target.handled += requests;
  const memory = processMemoryMb(target.child.pid);
  const probe = options.probeMemory ? await probeMemory(target.child) : undefined;
  const result: RunResult = {
    target: target.name,
    round,
    requests,
    ok,
    errors,
    ...(firstError ? { firstError } : {}),
    durationMs: round2(durationMs),
    requestsPerSecond: round2((ok / durationMs) * 1000),
    latencyMs: percentiles(latencies.subarray(0, ok)),
    httpMs: percentiles(httpTimes.subarray(0, ok)),
    rssMb: memory.rssMb,
    peakRssMb: memory.peakRssMb,
    ...(probe ? { memory: probe } : {}),
    cpuMsPerRequest: round2((cpuAfter - cpuBefore) / requests),
    driverCpuMsPerRequest: round2((driver.user + driver.system) / 1000 / requests),
    handledSoFar: target.handled,
    connector: connector.stats(),
  };
  return { result, samples: { latencies: latencies.subarray(0, ok), httpTimes: httpTimes.subarray(0, ok) } };
}

/** A Teams personal-chat message as the Bot Connector delivers it. */
function teamsMessage(
  serviceUrl: string,
  conversationId: string,
  id: string,
  text: string,
  from: BenchUser = user,
): object {
  const now = new Date();
  return {
    type: "message",
    id,
    timestamp: now.toISOString(),
    localTimestamp: now.toISOString().replace("Z", "+00:00"),
    localTimezone: "Europe/Oslo",
    serviceUrl,
    channelId: "msteams",
    from,
    recipient: botAccount,
    conversation: { id: conversationId, conversationType: "personal", tenantId },
    textFormat: "plain",
    text,
    locale: "en-US",
    entities: [
      { type: "clientInfo", locale: "en-US", country: "US", platform: "Web", timezone: "Europe/Oslo" },
    ],
    channelData: { tenant: { id: tenantId } },
  };
}

function post(agent: Agent, port: number, body: string, timeoutMs: number): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const req = request(
      {
        host,
        port,
        path: "/api/messages",
        method: "POST",
        agent,
        headers: {
          "content-type": "application/json; charset=utf-8",
          "content-length": Buffer.byteLength(body),
        },
      },
      (res) => {
        res.on("error", reject);
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.resume();
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no response within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}

async function seedLead(connector: RecordingConnector, bot: Target, timeoutMs: number): Promise<string> {
  const id = "seed-1";
  const reply = connector.waitForReplies(id, 1, timeoutMs);
  const status = await post(
    bot.agent,
    bot.port,
    JSON.stringify(teamsMessage(connector.serviceUrl, "a:1bench-conversation-seed", id, seedText)),
    timeoutMs,
  );
  bot.handled++;
  if (status < 200 || status > 299) throw new Error(`Seeding the lead failed: HTTP ${status}`);
  const [first] = await reply;
  const ref = /\bL-\d{4,}\b/.exec(JSON.stringify(first?.activity ?? {}))?.[0];
  if (!ref) {
    throw new Error(
      `The bot's answer to "lead new" names no lead: ${JSON.stringify(first?.activity).slice(0, 500)}`,
    );
  }
  return ref;
}

/* ------------------------------------------------------------- child processes ------------------------------------------------------------- */

function startChild(
  name: string,
  script: string,
  env: Record<string, string>,
  cwd: string,
  nodeArgs: readonly string[],
): ManagedChild {
  // The bot reads its whole configuration from the environment: drop anything that would switch it to Cosmos
  // or Bot Framework authentication, and run it in a folder without a .env file.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) =>
        !/^(Microsoft|COSMOS_|STORE$|DATA_DIR$|PORT$|HOST$|LOG_LEVEL$|ADMIN_AAD_IDS$|NODE_OPTIONS$)/.test(k),
    ),
  );
  const child = spawn(process.execPath, [...nodeArgs, script], {
    cwd,
    env: { ...inherited, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error(`Could not start the ${name} process`);
  let output = "";
  let partial = "";
  const probes: MemoryProbe[] = [];
  const keep = (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    output = (output + text).slice(-8000);
    const lines = (partial + text).split("\n");
    partial = (lines.pop() ?? "").slice(-8000);
    for (const line of lines) {
      const at = line.indexOf(memoryProbeMarker);
      if (at >= 0) probes.push(JSON.parse(line.slice(at + memoryProbeMarker.length)) as MemoryProbe);
    }
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const managed: ManagedChild = {
    name,
    process: child,
    pid: child.pid,
    exitCode: undefined,
    output: () => output,
    probes,
    exited: new Promise<number | null>((resolve) => {
      child.once("exit", (code) => {
        managed.exitCode = code;
        resolve(code);
      });
    }),
  };
  children.push(managed);
  return managed;
}

async function waitUntilReady(child: ManagedChild, port: number): Promise<void> {
  const agent = new Agent({ keepAlive: false });
  try {
    for (let attempt = 0; attempt < 300; attempt++) {
      if (child.exitCode !== undefined) {
        throw new Error(`The ${child.name} process exited (code ${child.exitCode}):\n${child.output()}`);
      }
      const status = await new Promise<number>((resolve) => {
        const req = request({ host, port, path: "/healthz", agent }, (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        });
        req.setTimeout(1000, () => req.destroy());
        req.on("error", () => resolve(0));
        req.end();
      });
      if (status === 200) return;
      await sleep(50);
    }
    throw new Error(`The ${child.name} process did not become ready on port ${port}:\n${child.output()}`);
  } finally {
    agent.destroy();
  }
}

async function stopChild(child: ManagedChild): Promise<void> {
  if (child.exitCode !== undefined) return;
  child.process.kill("SIGTERM");
  const exited = await Promise.race([child.exited.then(() => true), sleep(10_000).then(() => false)]);
  if (!exited) {
    child.process.kill("SIGKILL");
    await child.exited;
  }
  if (child.exitCode !== 0 && child.exitCode !== null) {
    log(`${child.name} exited with code ${child.exitCode}: ${child.output().slice(-1000)}`);
  }
}

/** Asks a child preloaded with bench/memory-probe.js for its memory split; undefined if it does not answer. */
async function probeMemory(child: ManagedChild): Promise<MemoryProbe | undefined> {
  const before = child.probes.length;
  child.process.kill("SIGUSR2");
  for (let attempt = 0; attempt < 100 && child.probes.length === before; attempt++) await sleep(20);
  return child.probes[before];
}

/** Last resort when the benchmark dies: no child outlives it. */
function killChildrenNow(): void {
  for (const child of children) if (child.exitCode === undefined) child.process.kill("SIGKILL");
}

/** Distinct free ports: all are held open until every one is known, so the same port is never handed out twice. */
async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer());
  try {
    return await Promise.all(
      servers.map(
        (server) =>
          new Promise<number>((resolve, reject) => {
            server.once("error", reject);
            server.listen(0, host, () => {
              const address = server.address();
              if (typeof address === "object" && address) resolve(address.port);
              else reject(new Error("no free port"));
            });
          }),
      ),
    );
  } finally {
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve())),
      ),
    );
  }
}

/** VmRSS and VmHWM from /proc/<pid>/status (Linux), in MB. */
function processMemoryMb(pid: number): { rssMb: number; peakRssMb: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const field = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
    return { rssMb: round2(field("VmRSS") / 1024), peakRssMb: round2(field("VmHWM") / 1024) };
  } catch {
    return { rssMb: NaN, peakRssMb: NaN };
  }
}

/** User + system CPU time of a process from /proc/<pid>/stat, in ms (assumes the usual 100 ticks/s). */
function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // After "pid (comm) ", field 3 (state) is index 0, so utime (14) and stime (15) are at 11 and 12.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/* ----------------------------------------------------------------- report ----------------------------------------------------------------- */

interface Summary {
  readonly echo: Aggregate;
  readonly bot: Aggregate;
  readonly throughputRatio: number;
  readonly perRoundRatios: readonly number[];
  /**
   * echo CPU ms per request / bot CPU ms per request: the throughput ratio the two would reach if each had
   * a core to itself. Less sensitive to other load on the machine than req/s; reported beside it.
   */
  readonly cpuCostRatio: number;
  readonly targets: {
    readonly throughput: { readonly required: number; readonly actual: number; readonly met: boolean };
    readonly memory: {
      readonly requiredBelowMb: number;
      readonly rssMb: number;
      readonly afterRequests: number;
      readonly evaluated: boolean;
      readonly met: boolean | null;
    };
  };
}

interface Aggregate {
  readonly requests: number;
  readonly ok: number;
  readonly errors: number;
  readonly requestsPerSecond: number;
  readonly latencyMs: Percentiles;
  readonly httpMs: Percentiles;
  readonly rssMbAfterLastRun: number;
  readonly peakRssMb: number;
  readonly cpuMsPerRequest: number;
}

function summarise(
  runs: readonly RunResult[],
  samples: Readonly<Record<TargetName, readonly Samples[]>>,
  bot: Target,
  options: Options,
): Summary {
  const aggregate = (name: TargetName, all: readonly RunResult[]): Aggregate => {
    const mine = all.filter((r) => r.target === name);
    const last = mine.at(-1);
    const ok = mine.reduce((n, r) => n + r.ok, 0);
    const duration = mine.reduce((n, r) => n + r.durationMs, 0);
    const requests = mine.reduce((n, r) => n + r.requests, 0);
    // Percentiles over all rounds come from the pooled samples, not from averaging per-run percentiles.
    return {
      requests,
      ok,
      errors: requests - ok,
      requestsPerSecond: round2(duration > 0 ? (ok / duration) * 1000 : 0),
      latencyMs: percentiles(concat(samples[name].map((s) => s.latencies))),
      httpMs: percentiles(concat(samples[name].map((s) => s.httpTimes))),
      rssMbAfterLastRun: last?.rssMb ?? NaN,
      peakRssMb: Math.max(...mine.map((r) => r.peakRssMb)),
      cpuMsPerRequest: round2(
        mine.reduce((n, r) => n + r.cpuMsPerRequest * r.requests, 0) / Math.max(1, requests),
      ),
    };
  };
  const echo = aggregate("echo", runs);
  const botAggregate = aggregate("bot", runs);
  const ratio = echo.requestsPerSecond > 0 ? botAggregate.requestsPerSecond / echo.requestsPerSecond : 0;
  const perRoundRatios: number[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    const e = runs.find((r) => r.round === round && r.target === "echo");
    const b = runs.find((r) => r.round === round && r.target === "bot");
    if (e && b && e.requestsPerSecond > 0)
      perRoundRatios.push(round4(b.requestsPerSecond / e.requestsPerSecond));
  }
  const evaluated = bot.handled >= targets.rssAfterRequests;
  return {
    echo,
    bot: botAggregate,
    throughputRatio: round4(ratio),
    perRoundRatios,
    cpuCostRatio: round4(
      botAggregate.cpuMsPerRequest > 0 ? echo.cpuMsPerRequest / botAggregate.cpuMsPerRequest : 0,
    ),
    targets: {
      throughput: {
        required: targets.throughputRatio,
        actual: round4(ratio),
        met: ratio >= targets.throughputRatio,
      },
      memory: {
        requiredBelowMb: targets.rssMb,
        rssMb: botAggregate.rssMbAfterLastRun,
        afterRequests: bot.handled,
        evaluated,
        met: evaluated ? botAggregate.rssMbAfterLastRun < targets.rssMb : null,
      },
    },
  };
}

function concat(parts: readonly Float64Array[]): Float64Array {
  const all = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.length;
  }
  return all;
}

function printTable(runs: readonly RunResult[], summary: Summary): void {
  const header = [
    "run",
    "req/s",
    "p50 ms",
    "p90 ms",
    "p99 ms",
    "http p50",
    "http p99",
    "errors",
    "cpu ms/req",
    "RSS MB",
  ];
  const rows: string[][] = runs.map((r) => [
    `${r.target} r${r.round}`,
    fmt(r.requestsPerSecond, 0),
    fmt(r.latencyMs.p50),
    fmt(r.latencyMs.p90),
    fmt(r.latencyMs.p99),
    fmt(r.httpMs.p50),
    fmt(r.httpMs.p99),
    String(r.requests - r.ok),
    fmt(r.cpuMsPerRequest),
    fmt(r.rssMb, 1),
  ]);
  for (const name of ["echo", "bot"] as const) {
    const a = summary[name];
    rows.push([
      `${name} all`,
      fmt(a.requestsPerSecond, 0),
      fmt(a.latencyMs.p50),
      fmt(a.latencyMs.p90),
      fmt(a.latencyMs.p99),
      fmt(a.httpMs.p50),
      fmt(a.httpMs.p99),
      String(a.errors),
      fmt(a.cpuMsPerRequest),
      fmt(a.rssMbAfterLastRun, 1),
    ]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  const out = [
    "",
    line(header),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...rows.slice(0, runs.length).map(line),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...rows.slice(runs.length).map(line),
    "",
  ];
  const { throughput, memory } = summary.targets;
  out.push(
    `bot / echo throughput: ${fmt(throughput.actual * 100, 1)} % (rounds: ${summary.perRoundRatios
      .map((r) => `${fmt(r * 100, 1)} %`)
      .join(", ")}) — target >= ${throughput.required * 100} %: ${throughput.met ? "MET" : "NOT MET"}`,
    `bot / echo by CPU cost per request (echo ms/req ÷ bot ms/req): ${fmt(summary.cpuCostRatio * 100, 1)} %`,
    `bot RSS after ${memory.afterRequests} requests: ${fmt(memory.rssMb, 1)} MB (peak ${fmt(
      summary.bot.peakRssMb,
      1,
    )} MB) — target < ${memory.requiredBelowMb} MB after >= ${targets.rssAfterRequests}: ${
      memory.evaluated ? (memory.met ? "MET" : "NOT MET") : "not evaluated (too few requests)"
    }`,
    "",
  );
  process.stdout.write(`${out.join("\n")}\n`);
}

function percentiles(samples: Float64Array): Percentiles {
  if (samples.length === 0) return { p50: NaN, p90: NaN, p99: NaN, max: NaN, mean: NaN };
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  const mean = sorted.reduce((n, v) => n + v, 0) / sorted.length;
  return {
    p50: round2(at(0.5)),
    p90: round2(at(0.9)),
    p99: round2(at(0.99)),
    max: round2(at(1)),
    mean: round2(mean),
  };
}

/* ------------------------------------------------------------------ misc ------------------------------------------------------------------ */

function readOptions(args: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...args],
    options: {
      requests: { type: "string", default: "10000" },
      concurrency: { type: "string", default: "16" },
      warmup: { type: "string", default: "500" },
      rounds: { type: "string", default: "2" },
      timeout: { type: "string", default: "10000" },
      profile: { type: "boolean", default: false },
      "bot-node-arg": { type: "string", multiple: true, default: [] },
      "echo-node-arg": { type: "string", multiple: true, default: [] },
      "probe-memory": { type: "boolean", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const int = (name: string, value: string, min: number, max: number) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new Error(`--${name} must be an integer ${min}..${max}`);
    return n;
  };
  return {
    requests: int("requests", values.requests, 1, 10_000_000),
    concurrency: int("concurrency", values.concurrency, 1, 1024),
    warmup: int("warmup", values.warmup, 0, 1_000_000),
    rounds: int("rounds", values.rounds, 1, 100),
    timeoutMs: int("timeout", values.timeout, 100, 600_000),
    profile: values.profile,
    botNodeArgs: values["bot-node-arg"],
    echoNodeArgs: values["echo-node-arg"],
    probeMemory: values["probe-memory"],
  };
}

/** The commit the bot was built from, and whether the working tree had changes ("-dirty"). */
function sourceVersion(root: string): string {
  try {
    return execFileSync("git", ["describe", "--always", "--dirty"], {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return "unknown";
  }
}

function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 10; depth++) {
    if (existsSync(join(dir, "package.json"))) return dir;
    dir = dirname(dir);
  }
  throw new Error("Cannot find the project folder (package.json).");
}

const errorCount = (r: RunResult) => r.requests - r.ok;
const round2 = (n: number) => Math.round(n * 100) / 100;
const round4 = (n: number) => Math.round(n * 10_000) / 10_000;
const fmt = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");
const log = (message: string) => process.stderr.write(`${message}\n`);

process.once("exit", killChildrenNow);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    killChildrenNow();
    process.exit(130);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  killChildrenNow();
  process.exitCode = 1;
});

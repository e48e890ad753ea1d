import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { inject } from "vitest";
import { storeEnvFor } from "../../support/test-store.js";
import { freePort } from "./free-port.js";
import type {} from "../../setup/provided-context.js";

/**
 * Runs the real bot as a separate process, as `npm start` does: `node <bundle>`, the esbuild bundle of src/main.ts
 * that the test run's global setup built with the build's own script (test/setup/bot-bundle.ts); outside vitest
 * (bench/failover.ts) the build's dist/bundle/main.js. Its output is captured (never printed) and handed out by
 * output() for failure messages.
 */

export interface BotExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface BotProcess {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** The messaging endpoint: http://127.0.0.1:<port>/api/messages */
  readonly endpoint: string;
  readonly port: number;
  /**
   * The bot's data folder (DATA_DIR). In the cosmos project it also names the bot's container on the test
   * file's local Cosmos server, so a bot restarted on the folder finds its data there.
   */
  readonly dataDir: string;
  readonly pid: number;
  /** Resolves when the process has exited, however that happened. */
  readonly exited: Promise<BotExit>;
  /** Whether the process is still running. */
  readonly running: boolean;
  /**
   * Sends SIGTERM (the bot closes its server and store, then exits 0), waits for the exit (SIGKILL after
   * `timeoutMs`, default 10 s) and removes the data folder unless `keepData`. Only folders that
   * startBotProcess() created are ever removed, also when a later bot was started on one of them.
   * Safe to call more than once, also after the process died.
   */
  stop(options?: { readonly keepData?: boolean; readonly timeoutMs?: number }): Promise<BotExit>;
  /** Sends `signal` and waits for the exit; the data folder is kept (e.g. to restart on it after a crash). */
  kill(signal: NodeJS.Signals): Promise<BotExit>;
  /** Everything the process wrote to stdout and stderr so far (the last 256 KB), in order. */
  output(): string;
}

export interface BotProcessOptions {
  /** Time allowed until GET /healthz answers 200. Default 60 s (a loaded 2-core machine is slow). */
  readonly startTimeoutMs?: number;
}

const projectRoot = fileURLToPath(new URL("../../../", import.meta.url));

function botBundle(): string {
  if (process.env["VITEST"]) return inject("botBundle");
  const built = join(projectRoot, "dist", "bundle", "main.js");
  if (!existsSync(built)) throw new Error("dist/bundle/main.js is missing: run npm run build first.");
  return built;
}

/**
 * Everything src/config/config.ts reads. Each is set (at least to "", which the bot reads as "not set") so that
 * neither the test runner's environment nor a developer's `.env` (which never overrides a set variable)
 * changes the bot under test: it runs in anonymous local mode on the test file's store (embedded, or the
 * local Cosmos server in the cosmos project; test/support/test-store.ts).
 */
const configVariables = [
  "PORT",
  "HOST",
  "STORE",
  "DATA_DIR",
  "COSMOS_ENDPOINT",
  "COSMOS_KEY",
  "COSMOS_DATABASE",
  "COSMOS_CONTAINER",
  "ADMIN_AAD_IDS",
  "MicrosoftAppId",
  "MicrosoftAppPassword",
  "MicrosoftAppTenantId",
  "MicrosoftAppType",
  "NOTIFICATIONS",
  "SENDER_LEASE_SECONDS",
  "LOG_LEVEL",
] as const;

/** Data folders created here; stop() removes only these. */
const createdDataDirs = new Set<string>();
const liveProcesses = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Starts the bot with PORT=<free port>, HOST=127.0.0.1, DATA_DIR=<fresh temp folder>, LOG_LEVEL=warn, and
 * `env` on top (e.g. `{ DATA_DIR: earlier.dataDir }` to restart on an earlier bot's data, or `PORT` to
 * take over an earlier bot's port). Resolves when GET /healthz answers 200.
 */
export async function startBotProcess(
  env: Readonly<Record<string, string>> = {},
  options: BotProcessOptions = {},
): Promise<BotProcess> {
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  const givenDataDir = env["DATA_DIR"];
  const dataDir = givenDataDir ?? (await mkdtemp(join(tmpdir(), "pipeline-bot-")));
  if (givenDataDir === undefined) createdDataDirs.add(dataDir);
  try {
    for (let attempt = 1; ; attempt += 1) {
      const port = env["PORT"] === undefined ? await freePort("127.0.0.1") : Number(env["PORT"]);
      // Else the health check could be answered by whatever holds the port while our bot fails to listen.
      if (env["PORT"] !== undefined && !(await portIsFree(port))) {
        throw new Error(`The bot cannot start on port ${port}: something else listens there.`);
      }
      const child = launch({
        ...Object.fromEntries(configVariables.map((name) => [name, ""])),
        PORT: String(port),
        HOST: "127.0.0.1",
        LOG_LEVEL: "warn",
        ...storeEnvFor(dataDir),
        ...env,
        DATA_DIR: dataDir,
      });
      const bot = new RunningBot(child.process, child.output, port, dataDir);
      const started = await bot.waitUntilHealthy(deadline);
      if (started === "ready") {
        // A test file that forgets stop() must not hang on the bot; the exit hook kills it.
        bot.unref();
        return bot;
      }
      // Another process took the free port between freePort() and the bot's listen(): try another.
      const portTaken = started === "exited" && /EADDRINUSE/.test(bot.output());
      if (!portTaken || env["PORT"] !== undefined || attempt >= 3) {
        const exit = bot.running ? await bot.kill("SIGKILL") : await bot.exited;
        const why =
          started === "timeout"
            ? `GET /healthz did not answer 200 within ${options.startTimeoutMs ?? 60_000} ms`
            : `it exited during start-up (code ${String(exit.code)}, signal ${String(exit.signal)})`;
        throw new Error(`The bot did not start: ${why}.\n--- bot output ---\n${bot.output()}`);
      }
    }
  } catch (error) {
    if (givenDataDir === undefined) await removeDataDir(dataDir);
    throw error;
  }
}

class RunningBot implements BotProcess {
  readonly url: string;
  readonly endpoint: string;
  readonly pid: number;
  readonly exited: Promise<BotExit>;
  private exit: BotExit | undefined;
  private stopping: Promise<BotExit> | undefined;

  constructor(
    private readonly child: ChildProcess,
    private readonly captured: CapturedOutput,
    readonly port: number,
    readonly dataDir: string,
  ) {
    this.url = `http://127.0.0.1:${port}`;
    this.endpoint = `${this.url}/api/messages`;
    this.pid = child.pid ?? -1;
    this.exited = new Promise<BotExit>((resolve) => {
      const done = (exit: BotExit) => {
        this.exit ??= exit;
        resolve(this.exit);
      };
      if (child.exitCode !== null || child.signalCode !== null) {
        done({ code: child.exitCode, signal: child.signalCode });
      }
      child.once("exit", (code, signal) => done({ code, signal }));
      child.once("error", (error) => {
        captured.append(`\n[spawn error] ${error.message}\n`);
        done({ code: null, signal: null });
      });
    });
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  output(): string {
    return this.captured.text;
  }

  async waitUntilHealthy(deadline: number): Promise<"ready" | "exited" | "timeout"> {
    for (let delay = 25; ; delay = Math.min(delay * 2, 100)) {
      if (!this.running) return "exited";
      const response = await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(2_000) }).catch(
        () => undefined,
      );
      if (response) {
        await response.arrayBuffer().catch(() => undefined);
        if (response.status === 200 && this.running) return "ready";
      }
      if (Date.now() + delay > deadline) return "timeout";
      const exited = await Promise.race([
        this.exited.then(() => true),
        new Promise<false>((resolve) => setTimeout(() => resolve(false), delay)),
      ]);
      if (exited) return "exited";
    }
  }

  kill(signal: NodeJS.Signals): Promise<BotExit> {
    this.child.ref(); // keep the test process alive until the bot is gone
    if (this.running) this.child.kill(signal);
    return this.exited;
  }

  unref(): void {
    this.child.unref();
    for (const stream of [this.child.stdout, this.child.stderr]) {
      (stream as (NodeJS.ReadableStream & { unref?: () => void }) | null)?.unref?.();
    }
  }

  stop(options: { readonly keepData?: boolean; readonly timeoutMs?: number } = {}): Promise<BotExit> {
    this.stopping ??= (async () => {
      this.child.ref();
      if (this.running) this.child.kill("SIGTERM");
      const escalate = setTimeout(() => {
        if (this.running) this.child.kill("SIGKILL");
      }, options.timeoutMs ?? 10_000);
      const exit = await this.exited;
      clearTimeout(escalate);
      return exit;
    })();
    return this.stopping.then(async (exit) => {
      if (!options.keepData) await removeDataDir(this.dataDir);
      return exit;
    });
  }
}

/** Keeps the last 256 KB of the process's stdout and stderr, interleaved as they came. */
class CapturedOutput {
  private chunks = "";
  append(chunk: Buffer | string): void {
    this.chunks += chunk.toString();
    if (this.chunks.length > 512 * 1024) this.chunks = this.chunks.slice(-256 * 1024);
  }
  get text(): string {
    return this.chunks.slice(-256 * 1024);
  }
}

function launch(overrides: Record<string, string>): { process: ChildProcess; output: CapturedOutput } {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // The runner's Node options (an inspector, loaders) are not the bot's.
    if (/^node_options$/i.test(key)) continue;
    env[key] = value;
  }
  Object.assign(env, overrides);
  installExitHook();
  const output = new CapturedOutput();
  const child = spawn(process.execPath, [botBundle()], {
    cwd: projectRoot,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  liveProcesses.add(child);
  child.once("exit", () => liveProcesses.delete(child));
  child.stdout?.on("data", (chunk: Buffer) => output.append(chunk));
  child.stderr?.on("data", (chunk: Buffer) => output.append(chunk));
  return { process: child, output };
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A test that forgets stop(), or a run cut short, must not leave bots behind holding ports.
  process.once("exit", () => {
    for (const child of liveProcesses) child.kill("SIGKILL");
  });
}

async function removeDataDir(dir: string): Promise<void> {
  if (!createdDataDirs.has(dir)) return;
  if (existsSync(dir)) await rm(dir, { recursive: true, force: true });
  createdDataDirs.delete(dir);
}

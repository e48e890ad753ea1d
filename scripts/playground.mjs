/**
 * `npm run playground`: talk to the bot locally in the Microsoft 365 Agents Playground (Microsoft's Teams
 * emulator), no Azure account needed.
 *
 *   npm run playground            (builds first; this script runs the bundle dist/bundle/main.js)
 *   PORT=4000 npm run playground  (another port for the bot; the Playground's is 56150, or a free one)
 *
 * Starts the built bot on the embedded store (DATA_DIR, default ./data) in anonymous local mode, waits for
 * GET /healthz, then starts the Playground pointed at it with a configuration written to a folder under the
 * OS temp dir (the same tenant, users, team and channels as the end-to-end tests' harness), waits for it to
 * answer, and prints the address to open. The Playground opens a browser itself when it can. Ctrl+C (or
 * SIGTERM) stops both; if either stops by itself, the other is stopped and this script exits with its code.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  accessSync,
  constants as fsConstants,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { request } from "node:http";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { constants as osConstants, release, tmpdir } from "node:os";
import { delimiter, dirname, join, relative } from "node:path";
import process from "node:process";
import { setTimeout } from "node:timers";
import { setTimeout as delay } from "node:timers/promises";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const botMain = join(repoRoot, "dist", "bundle", "main.js");
const startTimeoutMs = 60_000;
const playgroundPort = 56150;

const botPort = Number(process.env.PORT || 3978);
if (!Number.isInteger(botPort) || botPort < 1 || botPort > 65535)
  fail(`PORT must be a port number (got "${process.env.PORT}").`);
const botUrl = `http://127.0.0.1:${botPort}`;
const botEndpoint = `${botUrl}/api/messages`;
const dataDir = process.env.DATA_DIR || "./data";

if (!existsSync(botMain))
  fail(`${relative(process.cwd(), botMain)} is missing: build first (npm run playground does).`);
const require = createRequire(import.meta.url);
const playgroundCli = join(
  dirname(require.resolve("@microsoft/m365agentsplayground/package.json")),
  "cli.js",
);

const workDir = mkdtempSync(join(tmpdir(), "pipeline-playground-"));
const configPath = join(workDir, ".m365agentsplayground.yml");
const logPath = join(workDir, "playground.log");
// JSON is YAML: this keeps ids such as "19:…@thread.tacv2" safe without a YAML writer.
writeFileSync(
  configPath,
  `# Written by scripts/playground.mjs\n${JSON.stringify(playgroundConfig(), null, 2)}\n`,
);

/** @type {Map<string, import("node:child_process").ChildProcess>} */
const children = new Map();
let stopping = false;
let exitCode = 0;
let openBrowser = browserAvailable();

process.on("SIGINT", () => stopAll("SIGINT", 0));
process.on("SIGTERM", () => stopAll("SIGTERM", 0));

// ---------------------------------------------------------------------------------------------------------

if (await startBot()) await startPlayground();

/** Starts the bot and waits for GET /healthz; false if it did not come up (everything is stopping then). */
async function startBot() {
  // Else the health check could be answered by whatever holds the port, while our bot fails to listen.
  if (!(await portIsFree(botPort, process.env.HOST || "127.0.0.1"))) {
    process.stderr.write(
      `Port ${botPort} is in use: stop what listens there, or set PORT to another port.\n`,
    );
    stopAll("SIGTERM", 1);
    return false;
  }
  const bot = launch("bot", process.execPath, [botMain], {
    cwd: repoRoot,
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      PORT: String(botPort),
      // Local and anonymous: the Playground sends no tokens, so no app id applies (not even one from .env),
      // and a bot that accepts anything listens on this machine only unless HOST says otherwise.
      HOST: process.env.HOST || "127.0.0.1",
      STORE: "embedded",
      DATA_DIR: dataDir,
      // The Playground's own user (Alex Wilber) is an admin unless you name others, so roles, notify here and
      // opp assign can be tried at once.
      ADMIN_AAD_IDS: process.env.ADMIN_AAD_IDS || playgroundConfig().currentUser.aadObjectId,
      MicrosoftAppId: "",
      MicrosoftAppPassword: "",
      MicrosoftAppTenantId: "",
      MicrosoftAppType: "",
    },
  });
  return waitUntil(bot, async () => (await get(`${botUrl}/healthz`))?.status === 200);
}

/** Starts the Playground, waits until it answers and prints where to find it. */
async function startPlayground() {
  if (stopping) return;
  const env = {
    ...process.env,
    M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
    M365_AGENTS_PLAYGROUND_LOGFILE: logPath,
  };
  if (!openBrowser) env.TEAMSAPPTESTER_BROWSER = "none";
  const args = [
    playgroundCli,
    "-e",
    botEndpoint,
    "-c",
    "msteams",
    "-p",
    String(playgroundPort),
    "--disable-telemetry",
  ];
  // Its stdout is a pipe, so the Playground writes its log to the file and only "Listening on <port>" here:
  // the port it really took (it falls back to a random one when 56150 is taken).
  const playground = launch("playground", process.execPath, args, {
    cwd: workDir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let port;
  let output = "";
  const onOutput = (chunk) => {
    output = (output + chunk.toString()).slice(-4_000);
    port ??= /Listening on (\d+)/.exec(output)?.[1];
  };
  playground.stdout.on("data", onOutput);
  playground.stderr.on("data", onOutput);
  playground.output = () => output;
  const ready = await waitUntil(
    playground,
    async () => port !== undefined && (await get(`http://127.0.0.1:${port}/_debug/ping`))?.body === "pong",
  );
  if (!ready) return;
  const url = `http://localhost:${port}`;
  const lines = [
    "",
    `  Pipeline bot       ${botEndpoint}  (embedded store in ${dataDir})`,
    `  Agents Playground  ${url}${Number(port) === playgroundPort ? "" : `  (port ${playgroundPort} was taken)`}`,
    `  Playground log     ${logPath}`,
    "",
    openBrowser
      ? `  Open ${url} in your browser if it did not open by itself.`
      : `  No browser to open here: open ${url} in your browser.`,
    "  Try: help, lead new, lead list. In a channel, mention the bot first: @Pipeline lead list",
    "  Press Ctrl+C to stop the bot and the Playground.",
    "",
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

// ---------------------------------------------------------------------------------------------------------

function launch(name, command, args, options) {
  const child = spawn(command, args, options);
  child.startedAt = Date.now();
  children.set(name, child);
  child.once("error", (error) => {
    process.stderr.write(`Could not start the ${name}: ${error.message}\n`);
    onExit(name, child, 1, null);
  });
  child.once("exit", (code, signal) => onExit(name, child, code, signal));
  return child;
}

function onExit(name, child, code, signal) {
  if (children.get(name) !== child) return;
  children.delete(name);
  if (!stopping && name === "playground" && openBrowser && failedToOpenBrowser(child)) {
    // The Playground dies when it cannot start a browser (e.g. no xdg-open): run it without one.
    openBrowser = false;
    process.stderr.write("The Playground could not open a browser; starting it again without one.\n");
    void startPlayground();
    return;
  }
  if (!stopping) {
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    process.stderr.write(`The ${name} ${how}; stopping.\n`);
    if (name === "playground") reportPlaygroundFailure(child);
    stopAll("SIGTERM", code ?? 128 + (osConstants.signals[signal] ?? 0));
  }
  if (children.size === 0) {
    rmSync(workDir, { recursive: true, force: true });
    process.exit(exitCode);
  }
}

/** Forwards `signal` to the children still running (SIGKILL after 10 s); exits once all are gone. */
function stopAll(signal, code) {
  if (stopping) {
    for (const child of children.values()) child.kill(signal);
    return;
  }
  stopping = true;
  exitCode = code;
  if (children.size === 0) {
    rmSync(workDir, { recursive: true, force: true });
    process.exit(exitCode);
  }
  for (const child of children.values()) child.kill(signal);
  setTimeout(() => {
    for (const child of children.values()) child.kill("SIGKILL");
  }, 10_000).unref();
}

/** Polls `ready` until it holds; false (and everything stopped) if the child died or time ran out. */
async function waitUntil(child, ready) {
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (stopping || child.exitCode !== null || child.signalCode !== null) return false;
    if (await ready()) return true;
    if (Date.now() > deadline) {
      process.stderr.write(`Gave up: it did not answer within ${startTimeoutMs / 1000} s.\n`);
      stopAll("SIGTERM", 1);
      return false;
    }
    await delay(100);
  }
}

function portIsFree(port, host) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** GET `url` → { status, body }, or undefined when nothing answers. */
function get(url) {
  return new Promise((resolve) => {
    const req = request(url, { timeout: 2_000 }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode, body }));
      res.on("error", () => resolve(undefined));
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(undefined));
    req.end();
  });
}

/**
 * Whether the Playground can open a browser. It uses the `open` package (v8): `open` on macOS, PowerShell
 * on Windows and WSL, xdg-open elsewhere; a missing program kills the Playground (see onExit for the rest).
 */
function browserAvailable() {
  if (process.env.TEAMSAPPTESTER_BROWSER === "none") return false;
  if (process.platform === "darwin" || process.platform === "win32") return true;
  const wslPowerShell = "/mnt/c/Windows/System32/WindowsPowerShell/v1.0/powershell.exe";
  if (/microsoft/i.test(release()) && existsSync(wslPowerShell)) return true;
  return (process.env.PATH ?? "")
    .split(delimiter)
    .some((dir) => dir !== "" && isExecutable(join(dir, "xdg-open")));
}

function isExecutable(path) {
  try {
    accessSync(path, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function failedToOpenBrowser(child) {
  if (Date.now() - child.startedAt > 30_000) return false;
  return /Error: spawn \S+ ENOENT/.test(`${child.output?.() ?? ""}\n${readTail(logPath)}`);
}

function reportPlaygroundFailure(child) {
  const text = `${child.output?.() ?? ""}\n${readTail(logPath)}`.trim();
  if (text) process.stderr.write(`--- the Playground's last words ---\n${text}\n`);
}

function readTail(path) {
  try {
    return readFileSync(path, "utf8").slice(-4_000);
  } catch {
    return "";
  }
}

function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------------------
// The Playground's configuration: the same as test/e2e/support/playground.ts uses by default.

function playgroundConfig() {
  const users = [
    { id: "29:1alexw-0000-4000-8000-000000000000", name: "Alex Wilber" },
    { id: "29:1meganb-0000-4000-8000-000000000001", name: "Megan Bowen" },
    { id: "29:1adelev-0000-4000-8000-000000000002", name: "Adele Vance" },
    { id: "29:1isaiahl-000-4000-8000-000000000003", name: "Isaiah Langer" },
    { id: "29:1pattif-0000-4000-8000-000000000004", name: "Patti Fernandez" },
    { id: "29:1lynner-0000-4000-8000-000000000005", name: "Lynne Robbins" },
  ].map(configUser);
  return {
    version: "0.1.1",
    tenantId: "5f0c8a3e-6b1d-4c2e-9a7f-3d4b5c6e7f80",
    bot: { id: "28:6a2f4e1c-3b5d-4f7a-8c9e-0d1b2c3e4f5a", name: "Pipeline" },
    currentUser: users[0],
    users: users.slice(1),
    personalChat: { id: "a:1Ht9PzQ7xKpl3mVb0sWcYd2EfRgUoNi" },
    groupChat: { id: "19:3b7f0e9d2c4a4b1e8f6d5c3a2b1e0f9d@thread.v2", name: "Deal desk" },
    team: {
      id: "19:0c1a5e5f2b8d4e7a9f3c6b1d2e4a8f70@thread.tacv2",
      name: "Sales",
      aadGroupId: "2e8d4c6a-1f3b-4a5c-9e7d-8b6a4c2e0f13",
      channels: [{ id: "19:7d2e9b4c1a3f4e8d9c6b5a4f3e2d1c0b@thread.tacv2", name: "Pipeline" }],
    },
  };
}

/** The file's user (note the Playground's spelling "userPrincipleName"); ids and mail derived as the harness does. */
function configUser({ id, name }) {
  const [givenName = name, ...rest] = name.split(" ");
  const surname = rest.join(" ");
  const email = `${givenName}.${surname || "user"}@contoso.example`.toLowerCase();
  const hex = createHash("sha1").update(id).digest("hex");
  const aadObjectId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  return { id, name, userPrincipleName: email, aadObjectId, givenName, surname, email };
}

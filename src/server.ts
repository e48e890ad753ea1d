import restify from "restify";
import type { PipelineApp } from "./app/pipeline-app.js";
import type { Config } from "./config/config.js";
import type { Logger } from "./log.js";
import type { DocumentStore } from "./store/document-store.port.js";
import { selfCheck } from "./store/self-check.js";
import { linkedRefPattern, teamsChatLink } from "./kit/links.js";
import { createTeamsEndpoint, type TokenAuthority } from "./teams/index.js";

const isLoopback = (host: string) => host === "127.0.0.1" || host === "::1" || host === "localhost";

/** Largest activity body accepted; Teams activities are far smaller, so anything bigger is refused. */
const maxBodyBytes = 1024 * 1024;

export interface RunningServer {
  readonly port: number;
  close(): Promise<void>;
}

/** The HTTP surface: POST /api/messages for Teams, GET /healthz for probes. */
export async function startServer(options: {
  readonly config: Config;
  readonly app: PipelineApp;
  readonly store: DocumentStore;
  readonly log: Logger;
  /** Where token signing keys come from; the Bot Framework's public cloud unless given (tests). */
  readonly authority?: TokenAuthority;
}): Promise<RunningServer> {
  const { config, app, store, log } = options;
  const server = restify.createServer({ name: "pipeline-bot", handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: maxBodyBytes, mapParams: false }));
  const handleMessage = createTeamsEndpoint(config, app, log, options.authority);
  const refusal = await checkStore(config, store, log);

  server.post("/api/messages", async (req, res) => {
    const answer = await handleMessage(req.headers, req.body);
    res.status(answer.status);
    if (answer.body === undefined) res.end();
    else res.json(answer.body);
  });

  // A record link opened in a browser: never any data, only the way to the bot's chat in Teams, whether
  // or not the record exists (the answer must not tell).
  server.get("/r/:ref", async (req, res) => {
    const ref = String((req.params as Record<string, unknown>).ref ?? "").toUpperCase();
    if (!linkedRefPattern.test(ref)) {
      res.status(404);
      res.json({ error: "This is not a Pipeline record link." });
      return;
    }
    res.header("Location", teamsChatLink(config.bot.appId, ref));
    res.header("Cache-Control", "no-store");
    res.status(302);
    res.end();
  });

  server.get("/healthz", async (_req, res) => {
    const health = refusal
      ? { ok: false, kind: config.store.kind, detail: refusal }
      : await store.health().catch((error: unknown) => ({
          ok: false,
          kind: config.store.kind,
          detail: error instanceof Error ? error.message : String(error),
        }));
    res.status(health.ok ? 200 : 503);
    res.json({ status: health.ok ? "ok" : "unavailable", store: health });
  });

  server.on(
    "restifyError",
    (req: restify.Request, _res: restify.Response, error: Error, callback: () => void) => {
      log.warn("request refused", { path: req.path(), error: error.message });
      callback();
    },
  );

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address();
  log.info("listening", {
    host: config.host,
    port: address.port,
    store: config.store.kind,
    auth: config.bot.appId ? "bot-framework" : "anonymous",
  });
  if (!config.bot.appId) {
    // Without an app id nothing is authenticated: whoever reaches the port can act as anyone in any tenant.
    const note = "anonymous mode: requests are not authenticated; for local testing only";
    // Said at warn only when it matters: listening beyond this machine.
    if (isLoopback(config.host)) log.info(note, { host: config.host });
    else log.warn(note, { host: config.host, exposed: "reachable from other machines (HOST)" });
  }
  return {
    port: address.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * On Cosmos DB, a store the bot may not have written to before, it proves at start that every kind of
 * document it creates can be written, read and deleted (src/store/self-check.ts). When one cannot, it keeps
 * answering but reports unhealthy until restarted: the reason, or undefined when all is well.
 */
async function checkStore(config: Config, store: DocumentStore, log: Logger): Promise<string | undefined> {
  if (config.store.kind !== "cosmos") return undefined;
  const result = await selfCheck(store);
  if (result.ok) return undefined;
  log.error("store self-check failed: reporting unhealthy (GET /healthz 503) until restarted", {
    failures: result.failures,
  });
  return `self-check failed: ${result.failures.join("; ")}`;
}

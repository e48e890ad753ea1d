import type { IncomingMessage, ServerResponse } from "node:http";
import { Agent } from "node:https";
import type { AddressInfo } from "node:net";
// A CommonJS package: its `exports.createHttpsServer` is a named export Node can detect; the default import
// would be the whole `exports` object under Node's CJS interop, so use the named one.
import { createHttpServer, createHttpsServer } from "@vercel/cosmosdb-server";

export interface CosmosTestServer {
  /** `https://127.0.0.1:<port>`, or `http://…` for a server started with `{ protocol: "http" }` */
  readonly endpoint: string;
  /** Any key works; the server does not check signatures. */
  readonly key: string;
  /** Accepts the server's self-signed (and expired) certificate. Give it to the client under test only. */
  readonly agent: Agent;
  /** Closes the agent's sockets and the server; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts `@vercel/cosmosdb-server` in this process on 127.0.0.1 and a free port. It keeps everything in
 * memory, so each server starts empty and forgets everything when stopped.
 *
 * TLS is relaxed through the returned agent only; never through NODE_TLS_REJECT_UNAUTHORIZED. Plain HTTP
 * (`{ protocol: "http" }`) is for bots in child processes, which are configured by COSMOS_ENDPOINT alone and
 * cannot be handed an agent; the agent is then unused.
 */
export async function startCosmosServer(
  options: {
    readonly protocol?: "http" | "https";
    /**
     * Sees every request first; answering it (returning true) keeps it from the server. For tests of what
     * the store does when an endpoint lacks a feature.
     */
    readonly intercept?: (request: IncomingMessage, response: ServerResponse) => boolean;
  } = {},
): Promise<CosmosTestServer> {
  const protocol = options.protocol ?? "https";
  const server =
    protocol === "http" ? createHttpServer({ keepAlive: true }) : createHttpsServer({ keepAlive: true });
  // The server answers "Connection: keep-alive" without Node's "Keep-Alive: timeout=5" hint, yet Node closed
  // its idle connections after 5 s: clients (the SDK's agent keeps sockets without a limit) reused a socket as
  // the server closed it, and on a loaded machine that window is wide — "read ECONNRESET" and "socket hang
  // up" on a patch the store cannot resend. Only the client closes connections now (stop() closes them all).
  server.keepAliveTimeout = 0;
  const intercept = options.intercept;
  if (intercept) {
    const handlers = server.listeners("request") as ((req: IncomingMessage, res: ServerResponse) => void)[];
    server.removeAllListeners("request");
    server.on("request", (request: IncomingMessage, response: ServerResponse) => {
      if (intercept(request, response)) return;
      for (const handler of handlers) handler(request, response);
    });
  }
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const agent = new Agent({ rejectUnauthorized: false, keepAlive: true });
  let stopped: Promise<void> | undefined;
  return {
    endpoint: `${protocol}://127.0.0.1:${port}`,
    key: "local-test-key",
    agent,
    stop() {
      stopped ??= new Promise<void>((resolve, reject) => {
        agent.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}

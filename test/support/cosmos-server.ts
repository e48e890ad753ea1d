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
  options: { readonly protocol?: "http" | "https" } = {},
): Promise<CosmosTestServer> {
  const protocol = options.protocol ?? "https";
  const server =
    protocol === "http" ? createHttpServer({ keepAlive: true }) : createHttpsServer({ keepAlive: true });
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

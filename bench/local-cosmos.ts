import type { IncomingMessage, ServerResponse } from "node:http";
import { Agent } from "node:https";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
// A CommonJS package: use its named export (the default import is the whole `exports` object under Node).
import { createHttpsServer } from "@vercel/cosmosdb-server";

/**
 * The local Cosmos DB server (`@vercel/cosmosdb-server`) as the benchmarks use it: started in this process,
 * with its expired self-signed certificate accepted by one client agent only (never process-wide).
 */

/**
 * The local server's query engine (`@zeit/cosmosdb-query` 0.7.2) compiles `FROM c` into
 * `$c.reduce(($, c) => typeof c !== "undefined" ? [...$, { c: c }] : $, [])`, which copies the growing array
 * once per item: every query costs time quadratic in the container (≈ 25 s per execution at 55 000 items on
 * this machine, and each query page is executed twice, see the query-plan note). This rewrites that one
 * expression into the equivalent linear `$c.filter(…).map(…)` in the compiled code, in this process only;
 * filters, ordering, continuation tokens and the missing partition scoping stay exactly as they were.
 * Returns false (and changes nothing) when the compiled code does not look as expected.
 */
export function makeLocalQueriesLinear(): boolean {
  const fromServer = createRequire(createRequire(import.meta.url).resolve("@vercel/cosmosdb-server"));
  const { default: compile } = fromServer("@zeit/cosmosdb-query") as { default: (sql: string) => object };
  const prototype = Object.getPrototypeOf(compile("SELECT * FROM c")) as object;
  const original = Object.getOwnPropertyDescriptor(prototype, "code")?.get;
  if (!original) return false;
  const quadratic =
    /\$c\.reduce\(\(\$, (\w+)\) => typeof \1 !== "undefined" \? \[\.\.\.\$, \{\s*\1: \1\s*\}\] : \$, \[\]\)/g;
  const linear = (_match: string, alias: string) =>
    `$c.filter((${alias}) => typeof ${alias} !== "undefined").map((${alias}) => ({ ${alias} }))`;
  const probe = original.call(compile('SELECT * FROM c WHERE c.a = @a ORDER BY c["b"] DESC')) as string;
  if (probe.replace(quadratic, linear) === probe) return false;
  Object.defineProperty(prototype, "code", {
    configurable: true,
    get(this: object) {
      return (original.call(this) as string).replace(quadratic, linear);
    },
  });
  return true;
}

export interface LocalCosmos {
  readonly endpoint: string;
  readonly agent: Agent;
  stop(): Promise<void>;
}

/**
 * Starts the local server in this process (https on 127.0.0.1, a free port). `onHttp` sees every request it
 * receives (to count them by kind, or time them).
 */
export async function startLocalCosmos(
  onHttp?: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<LocalCosmos> {
  const server = createHttpsServer({ keepAlive: true });
  // With Node's 5 s default the server may close an idle socket just as the agent reuses it (ECONNRESET).
  server.keepAliveTimeout = 3_600_000;
  if (onHttp) server.on("request", onHttp);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  // Relaxed TLS for this client only (the server's certificate is self-signed and expired).
  const agent = new Agent({ rejectUnauthorized: false, keepAlive: true });
  return {
    endpoint: `https://127.0.0.1:${port}`,
    agent,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        agent.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

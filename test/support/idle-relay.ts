import { connect, createServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

export interface IdleRelay {
  /** `<the target's protocol>//127.0.0.1:<port>`: point a client here instead of at the server. */
  readonly endpoint: string;
  /** Connections the relay forgot for being idle, and then reset when the client used them again. */
  readonly resets: number;
  /**
   * Breaks the next request whose first bytes match `request` (plain HTTP only: e.g. /^PATCH /): "refuse" does
   * not forward it and resets the client's connection; "lose" forwards it, and resets the client's connection
   * instead of relaying the server's answer — a request the server applied, whose answer never arrived.
   */
  breakNext(how: "refuse" | "lose", request: RegExp): void;
  /**
   * Forwards the next request matching `request` and keeps the server's answer from the client: `status`
   * answers it with that HTTP status instead (a gateway's 503 after Cosmos applied the write); "hold" never
   * answers (the client's own timeout ends it). Resolves once the server has answered: the write was applied.
   * `times`: so many matching requests in a row (a client that retries, as the SDK does a 429); resolves after
   * the last. A 429 is answered as Cosmos DB answers it: its message, and `x-ms-retry-after-ms: 5`.
   */
  answerNext(instead: number | "hold", request: RegExp, times?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A TCP relay in front of a server (HTTP or HTTPS: it relays bytes) that behaves like a load balancer with an idle timeout (Azure
 * Load Balancer's default: flows idle for 4 minutes are dropped without telling either end). A connection
 * that carried nothing for `idleMs` is forgotten: the next bytes the client sends on it are not forwarded,
 * and the client's socket is reset — "read ECONNRESET" on a request that never reached the server. Unlike a
 * server's own keep-alive timeout, which closes the socket and leaves only a narrow race, this fails every
 * request sent on a connection older than the limit, so a test of it is deterministic on a loaded machine.
 *
 * `breakNext` breaks one exchange on purpose: a request that never reached the server, or one the server
 * applied whose answer never arrived.
 */
export async function startIdleRelay(target: string, idleMs: number): Promise<IdleRelay> {
  const { protocol, hostname, port } = new URL(target);
  const connections = new Set<Socket>();
  let resets = 0;
  let breaking: { how: "refuse" | "lose"; request: RegExp } | undefined;
  let answering:
    { instead: number | "hold"; request: RegExp; left: number; answered: () => void } | undefined;

  const server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    connections.add(client).add(upstream);
    let lastActive = Date.now();
    let losing = false;
    let replacing: { instead: number | "hold"; answered: () => void } | undefined;
    let swallowing = false;
    const reset = () => {
      upstream.destroy();
      client.resetAndDestroy();
    };
    client.on("data", (chunk: Buffer) => {
      if (Date.now() - lastActive > idleMs) {
        resets += 1;
        reset();
        return;
      }
      if (breaking?.request.test(chunk.toString("latin1"))) {
        const { how } = breaking;
        breaking = undefined;
        if (how === "refuse") {
          reset();
          return;
        }
        losing = true;
      } else if (answering?.request.test(chunk.toString("latin1"))) {
        const current = answering;
        current.left -= 1;
        replacing = { instead: current.instead, answered: current.left > 0 ? () => {} : current.answered };
        if (current.left <= 0) answering = undefined;
      }
      lastActive = Date.now();
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      if (replacing) {
        // The server's answer (and anything after it on this connection) never reaches the client.
        if (!swallowing) {
          swallowing = true;
          if (replacing.instead !== "hold") client.end(syntheticAnswer(replacing.instead));
          replacing.answered();
        }
        return;
      }
      if (losing) {
        reset();
        return;
      }
      lastActive = Date.now();
      client.write(chunk);
    });
    const close = () => {
      connections.delete(client);
      connections.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on("close", close).on("error", close);
    upstream.on("close", close).on("error", close);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port: relayPort } = server.address() as AddressInfo;
  return {
    endpoint: `${protocol}//127.0.0.1:${relayPort}`,
    get resets() {
      return resets;
    },
    breakNext(how, request) {
      breaking = { how, request };
    },
    answerNext(instead, request, times = 1) {
      return new Promise<void>((answered) => {
        answering = { instead, request, left: times, answered };
      });
    },
    stop() {
      for (const socket of connections) socket.destroy();
      return new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

/** An HTTP answer with `status` and a Cosmos-shaped error body, closing the connection. */
function syntheticAnswer(status: number): string {
  const message =
    status === 429
      ? 'Message: {"Errors":["Request rate is large. More Request Units may be needed, so no changes were made. Please retry this request later. Learn more: http://aka.ms/cosmosdb-error-429"]}'
      : `Answered ${status} by the test relay.`;
  const body = JSON.stringify({ code: String(status), message });
  return [
    `HTTP/1.1 ${status} Relay`,
    "Content-Type: application/json",
    ...(status === 429 ? ["x-ms-retry-after-ms: 5"] : []),
    `Content-Length: ${Buffer.byteLength(body)}`,
    "Connection: close",
    "",
    body,
  ].join("\r\n");
}

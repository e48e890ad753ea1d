import { Agent, request } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { expect, test } from "vitest";
import { startCosmosServer } from "../support/cosmos-server.js";

/**
 * The local Cosmos server leaves idle keep-alive connections to the client. It answers "Connection:
 * keep-alive" with no timeout hint, so a client keeps its sockets without a limit; when the server also
 * closed them after Node's 5 s, a loaded client reused sockets as they closed ("read ECONNRESET", "socket hang
 * up") on requests the store cannot resend — `storage unavailable` in test/features/concurrent-leads.
 */
test("an idle connection is still open after Node's 5 s keep-alive timeout", async () => {
  const server = await startCosmosServer({ protocol: "http" });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const sockets = new Set<unknown>();
  const get = () =>
    new Promise<number>((resolve, reject) => {
      const url = new URL(server.endpoint);
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: "/",
          agent,
          headers: { "x-ms-date": new Date().toUTCString() },
        },
        (res) => {
          sockets.add(res.socket);
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        },
      );
      req.on("error", reject);
      req.end();
    });
  try {
    expect(await get()).toBe(200);
    await sleep(7_000);
    expect(await get()).toBe(200);
    expect(sockets.size).toBe(1);
  } finally {
    agent.destroy();
    await server.stop();
  }
});

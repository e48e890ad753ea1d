import { createServer } from "node:net";

/**
 * A TCP port that nothing listens on right now, found by letting the OS pick one (port 0) and releasing it.
 * Without `host` it checks all interfaces, as a server that calls `listen(port)` would use them; pass
 * "127.0.0.1" to check the loopback interface only. Another process may take the port before you bind it,
 * so a caller that must be sure checks the port it really got (the Playground harness does).
 */
export function freePort(host?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    const onListening = () => {
      const address = server.address();
      if (address === null || typeof address === "string") {
        server.close(() => reject(new Error(`freePort: unexpected server address ${String(address)}`)));
        return;
      }
      server.close((error) => (error ? reject(error) : resolve(address.port)));
    };
    if (host === undefined) server.listen(0, onListening);
    else server.listen(0, host, onListening);
  });
}

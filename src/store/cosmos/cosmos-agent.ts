import { Agent as HttpsAgent } from "node:https";

/**
 * How long an idle keep-alive connection to Cosmos DB is kept for reuse.
 *
 * The SDK's own agent keeps idle sockets without a limit. Whatever sits between the bot and Cosmos forgets an
 * idle connection sooner: Azure Load Balancer after 4 minutes by default (silently, unless TCP reset is
 * enabled on the rule), and the Cosmos gateway has been seen closing idle connections after about 2 minutes.
 * A request sent on a connection the other side has forgotten fails with a reset — for a write the SDK does
 * not resend, so the user's change fails. Closing our idle sockets first avoids that; 30 s is well under those
 * limits (the Java SDK's gateway default is 60 s) and costs one new connection after a quiet half minute.
 */
export const defaultIdleSocketMs = 30_000;

/** TLS settings of the store's own agent (tests: the local server's self-signed, expired certificate). */
export interface CosmosTlsOptions {
  readonly rejectUnauthorized?: boolean;
  readonly ca?: string | Buffer;
}

/**
 * The agent the store gives its CosmosClient for an `https:` endpoint: keep-alive on, idle sockets closed
 * after `idleMs`. Node's agent `timeout` is that idle limit: it destroys a pooled socket that stayed unused so
 * long, and on a socket in use only emits an event (nothing here listens to it), so a slow request is not cut
 * short by it. TLS 1.2 at least, as the SDK's default agent asks.
 *
 * Plain `http:` endpoints (local servers and emulators only) keep the SDK's own agent: @azure/cosmos 4.9
 * marks a request as allowed over plain HTTP only when it chose the agent itself.
 */
export function cosmosAgent(idleMs: number = defaultIdleSocketMs, tls: CosmosTlsOptions = {}): HttpsAgent {
  if (!Number.isInteger(idleMs) || idleMs < 1) {
    throw new RangeError(
      `The idle socket timeout must be a whole number of milliseconds >= 1, got ${idleMs}.`,
    );
  }
  return new HttpsAgent({ keepAlive: true, timeout: idleMs, minVersion: "TLSv1.2", ...tls });
}

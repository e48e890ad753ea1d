import type { Agent } from "node:http";
import type { CosmosTlsOptions } from "./cosmos-agent.js";
import type { QuerySpec } from "./cosmos-queries.js";

/** Where and how to connect. */
export interface CosmosStoreOptions {
  /** Account endpoint, e.g. `https://<account>.documents.azure.com:443/`. Plain `http:` turns endpoint discovery off. */
  readonly endpoint: string;
  readonly key: string;
  readonly database: string;
  /** Container id. Default: `pipeline`. */
  readonly container?: string;
  /**
   * HTTP(S) agent for this client only, owned by the caller (tests use one to accept the local server's
   * self-signed certificate). Default: the store's own keep-alive agent that closes idle sockets (cosmos-agent.ts).
   */
  readonly agent?: Agent;
  /** Idle time after which the store's own agent closes a pooled connection. Default: 30 s (cosmos-agent.ts). */
  readonly idleSocketMs?: number;
  /** TLS settings of the store's own agent (not used with `agent`). */
  readonly tls?: CosmosTlsOptions;
  /**
   * How long the SDK waits for one answer before it aborts the request (`connectionPolicy.requestTimeout`).
   * Default: the SDK's 60 s. A write aborted so may have been applied, and is reported as such.
   */
  readonly requestTimeoutMs?: number;
  /** Create the database and container when missing. Default: true. When false, a missing container fails `open`. */
  readonly createIfMissing?: boolean;
  /** Called once per SDK operation issued by the port methods (after it settles); must not throw. */
  readonly onRequest?: (event: CosmosRequestEvent) => void;
}

export type CosmosOperation = "read" | "create" | "replace" | "delete" | "query" | "batch" | "patch";

/** One SDK operation as seen by `onRequest`. */
export interface CosmosRequestEvent {
  readonly operation: CosmosOperation;
  readonly tenantId: string;
  /** The document id for point operations. */
  readonly id?: string;
  /** The SQL and parameters for queries. */
  readonly query?: QuerySpec;
  /** HTTP status; undefined when no response arrived (network failure). */
  readonly statusCode?: number;
  readonly requestCharge: number;
  readonly durationMs: number;
}

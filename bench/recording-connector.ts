import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";

/**
 * A stand-in for the Bot Connector service: the endpoints a bot calls to answer (POST
 * v3/conversations/:conversationId/activities[/:replyToId], PUT …/activities/:id for updates, DELETE for
 * deletes, POST v3/conversations to start one). Every call is answered 200 `{"id":"…"}` at once, counted per
 * conversation, and matched to the request that caused it by the reply's replyToId (the id of the activity
 * the bot answered), so a caller can await "N replies to activity X" and time the round trip.
 *
 * Only node:http, keep-alive on, no framework: the connector shares the CPU with the bot under test and
 * should cost as little as possible.
 */

export interface RecordedReply {
  readonly method: string;
  /** Decoded conversation id from the URL. */
  readonly conversationId: string;
  /** The activity this answers: from the URL (…/activities/:replyToId) or else the body's replyToId. */
  readonly replyToId: string | undefined;
  /** The activity the bot sent (parsed JSON body); undefined when the body was not JSON. */
  readonly activity: Record<string, unknown> | undefined;
  /** Size of the body in bytes. */
  readonly bytes: number;
  /** performance.now() when the whole body had arrived. */
  readonly receivedAt: number;
}

export interface RecordingConnectorStats {
  /** Replies and updates received (POST/PUT on …/activities…). */
  readonly replies: number;
  /** Calls to any other route (answered 404). */
  readonly unexpected: number;
  /** TCP connections the bots opened to the connector (few means they reuse keep-alive connections). */
  readonly connections: number;
  /** Distinct conversations that received at least one reply. */
  readonly conversations: number;
  /** Replies received for which nobody was waiting (or after the wait had timed out). */
  readonly unclaimed: number;
}

export interface RecordingConnector {
  /** Base URL with trailing slash: what goes into activity.serviceUrl. */
  readonly serviceUrl: string;
  readonly port: number;
  /**
   * Resolves with the first `count` replies to activity `replyToId` (including any that already arrived),
   * or rejects after `timeoutMs`. Register before sending the activity, or the reply may be missed by a
   * timer that started late; replies that arrive first are kept until claimed.
   */
  waitForReplies(replyToId: string, count: number, timeoutMs: number): Promise<RecordedReply[]>;
  /** Stops waiting for `replyToId`: its pending wait rejects at once (e.g. because the request failed). */
  cancel(replyToId: string, reason: string): void;
  /** Replies counted per conversation id since start (or the last resetCounts). */
  repliesPerConversation(): ReadonlyMap<string, number>;
  stats(): RecordingConnectorStats;
  resetCounts(): void;
  close(): Promise<void>;
}

interface Waiter {
  readonly count: number;
  readonly resolve: (replies: RecordedReply[]) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/** Largest reply accepted; a bigger one is answered 413 and counted as unexpected. */
const maxBodyBytes = 4 * 1024 * 1024;
/** Unclaimed replies kept at most, so a forgotten wait cannot grow the connector without bound. */
const maxUnclaimedKeys = 10_000;

const route = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?\/?(?:\?.*)?$/;

export async function startRecordingConnector(
  options: { readonly host?: string; readonly port?: number } = {},
): Promise<RecordingConnector> {
  const host = options.host ?? "127.0.0.1";
  /** Replies that arrived before (or without) a waiter, by replyToId. */
  const pending = new Map<string, RecordedReply[]>();
  const waiters = new Map<string, Waiter>();
  const perConversation = new Map<string, number>();
  let replies = 0;
  let unexpected = 0;
  let unclaimed = 0;
  let connections = 0;
  let nextId = 0;

  const deliver = (reply: RecordedReply): void => {
    replies++;
    perConversation.set(reply.conversationId, (perConversation.get(reply.conversationId) ?? 0) + 1);
    const key = reply.replyToId ?? `conversation:${reply.conversationId}`;
    const list = pending.get(key) ?? [];
    list.push(reply);
    pending.set(key, list);
    const waiter = waiters.get(key);
    if (waiter && list.length >= waiter.count) {
      clearTimeout(waiter.timer);
      waiters.delete(key);
      pending.delete(key);
      waiter.resolve(list);
    } else if (!waiter && pending.size > maxUnclaimedKeys) {
      // Drop the oldest unclaimed entry (Map iterates in insertion order).
      const oldest = pending.keys().next();
      if (!oldest.done) {
        unclaimed += pending.get(oldest.value)?.length ?? 0;
        pending.delete(oldest.value);
      }
    }
  };

  const answer = (res: ServerResponse, status: number, body: object): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      "content-type": "application/json; charset=utf-8",
      "content-length": Buffer.byteLength(text),
    });
    res.end(text);
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer): void => {
    const method = req.method ?? "GET";
    const url = req.url ?? "/";
    const match = route.exec(url);
    if (match && (method === "POST" || method === "PUT")) {
      const conversationId = decodeURIComponent(match[1] ?? "");
      const idInPath = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
      let activity: Record<string, unknown> | undefined;
      try {
        const parsed: unknown = JSON.parse(body.toString("utf8"));
        activity = parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : undefined;
      } catch {
        activity = undefined;
      }
      const bodyReplyTo = typeof activity?.replyToId === "string" ? activity.replyToId : undefined;
      const id = method === "PUT" && idInPath ? idInPath : `reply-${++nextId}`;
      deliver({
        method,
        conversationId,
        // For PUT the path id is the activity being updated, not the one answered.
        replyToId: method === "POST" ? (idInPath ?? bodyReplyTo) : bodyReplyTo,
        activity,
        bytes: body.length,
        receivedAt: performance.now(),
      });
      answer(res, 200, { id });
      return;
    }
    if (match && method === "DELETE") {
      answer(res, 200, {});
      return;
    }
    const member = /^\/v3\/conversations\/[^/]+\/members\/([^/?]+)/.exec(url);
    if (member && method === "GET") {
      // Teams' member API: whoever posts is a member of the conversation (and so of the tenant).
      answer(res, 200, { id: decodeURIComponent(member[1] ?? ""), name: "" });
      return;
    }
    if (method === "POST" && /^\/v3\/conversations\/?(?:\?.*)?$/.test(url)) {
      // Create conversation: hand back a new conversation id.
      answer(res, 200, { id: `a:bench-created-${++nextId}`, activityId: `reply-${++nextId}` });
      return;
    }
    unexpected++;
    answer(res, 404, { error: { code: "NotFound", message: `${method} ${url} is not recorded here` } });
  };

  const server = createServer({ keepAlive: true, keepAliveTimeout: 30_000 }, (req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on("end", () => {
      if (tooLarge) {
        unexpected++;
        answer(res, 413, { error: { code: "TooLarge", message: "body too large" } });
        return;
      }
      handle(req, res, chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
    });
    req.on("error", () => res.destroy());
  });
  server.keepAliveTimeout = 30_000;
  server.on("connection", () => connections++);

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    serviceUrl: `http://${host}:${port}/`,
    port,
    waitForReplies(replyToId, count, timeoutMs) {
      const already = pending.get(replyToId);
      if (already && already.length >= count) {
        pending.delete(replyToId);
        return Promise.resolve(already);
      }
      if (waiters.has(replyToId)) return Promise.reject(new Error(`Already waiting for ${replyToId}`));
      return new Promise<RecordedReply[]>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(replyToId);
          const got = pending.get(replyToId)?.length ?? 0;
          unclaimed += got;
          pending.delete(replyToId);
          reject(
            new Error(
              `Timed out after ${timeoutMs} ms waiting for ${count} replies to ${replyToId} (got ${got})`,
            ),
          );
        }, timeoutMs);
        waiters.set(replyToId, { count, resolve, reject, timer });
      });
    },
    cancel(replyToId, reason) {
      const waiter = waiters.get(replyToId);
      if (!waiter) return;
      clearTimeout(waiter.timer);
      waiters.delete(replyToId);
      unclaimed += pending.get(replyToId)?.length ?? 0;
      pending.delete(replyToId);
      waiter.reject(new Error(reason));
    },
    repliesPerConversation: () => perConversation,
    stats: () => ({
      replies,
      unexpected,
      connections,
      conversations: perConversation.size,
      unclaimed: unclaimed + [...pending.values()].reduce((n, l) => n + l.length, 0),
    }),
    resetCounts() {
      replies = 0;
      unexpected = 0;
      unclaimed = 0;
      connections = 0;
      perConversation.clear();
    },
    close() {
      for (const [key, waiter] of waiters) {
        clearTimeout(waiter.timer);
        waiter.reject(new Error(`Connector closed while waiting for ${key}`));
      }
      waiters.clear();
      pending.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What a request to the connector was, by its method and path. */
export type RequestKind =
  /** POST /v3/conversations/{id}/activities: a new message (in a channel thread when the id has ";messageid="). */
  | "send"
  /** POST /v3/conversations/{id}/activities/{replyToId}: a reply to an activity. */
  | "reply"
  /** PUT /v3/conversations/{id}/activities/{activityId}: replaces a message. */
  | "update"
  /** POST /v3/conversations: opens a conversation (a personal chat, or a new channel thread). */
  | "createConversation"
  /** GET /v3/conversations/{id}/members/{memberId}: TeamsInfo.getMember. */
  | "getMember"
  /** GET /v3/conversations/{id}/members: TeamsInfo.getMembers outside a team. */
  | "getMembers"
  /** Anything else: answered 404. */
  | "other";

export interface RecordedActivity {
  readonly kind: RequestKind;
  readonly method: string;
  readonly path: string;
  /** Decoded, in full: a channel-thread reply keeps its ";messageid=<root id>". */
  readonly conversationId: string;
  /** The root message id of a channel thread, parsed from ";messageid=" in the conversation id. */
  readonly threadRootId?: string;
  /** The activity a "reply" answers (from the path). */
  readonly replyToId?: string;
  /** The activity an "update" replaces. */
  readonly activityId?: string;
  /** The member a "getMember" asks for. */
  readonly memberId?: string;
  /** The id the connector answered with (a new message's id, an opened conversation's id). */
  readonly id?: string;
  readonly authorization?: string;
  /** The request's headers as Node parsed them (names in lower case). */
  readonly headers?: IncomingMessage["headers"];
  /** The HTTP status the connector answered. */
  readonly status: number;
  readonly body: {
    readonly type?: string;
    readonly text?: string;
    readonly replyToId?: string;
    readonly attachments?: readonly { contentType: string; content: Record<string, unknown> }[];
    readonly [key: string]: unknown;
  };
}

export type RecordedRequest = RecordedActivity;

/** A member as Teams' member API answers (a TeamsChannelAccount). */
export interface ConnectorMember {
  readonly id: string;
  readonly name: string;
  readonly aadObjectId?: string;
  readonly email?: string;
  readonly userPrincipalName?: string;
  readonly tenantId?: string;
  readonly userRole?: string;
  readonly givenName?: string;
  readonly surname?: string;
}

/** How a failing request is answered. */
export interface InjectedFailure {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Defaults to a Bot Framework error body. */
  readonly body?: unknown;
}

/** Which requests a failure applies to; a conversation id matches with or without ";messageid=". */
export type RequestMatch =
  | { readonly conversationId?: string; readonly method?: string; readonly kind?: RequestKind }
  | ((request: RecordedActivity) => boolean);

/** A request held back until the test releases it: delivered, or answered with a failure. */
export interface HeldRequest {
  /** Resolves once the request has arrived (and is being held). */
  readonly arrived: Promise<void>;
  /** Lets it through: delivered as usual, or answered with `failure`. */
  release(failure?: InjectedFailure): void;
}

interface HoldRule {
  readonly match: RequestMatch;
  readonly arrived: () => void;
  readonly released: Promise<InjectedFailure | undefined>;
}

interface FailureRule {
  remaining: number;
  readonly failure: InjectedFailure;
  readonly match?: RequestMatch;
}

const threadSuffix = /;messageid=([^;]*)$/;

/**
 * A stand-in for the Bot Connector service: the bot posts its replies here (the activity's serviceUrl), and
 * the notification transport its proactive posts. It records what was really sent over HTTP, answers
 * Teams' member API from `members`, and can be told to fail, to treat a conversation as gone, or to be slow.
 *
 * - `received`: the activities delivered (send, reply, update), in order; `waitFor` counts these.
 * - `requests`: every request of any kind with the status it was answered with.
 * - `failed`: the requests answered with an injected failure (`failNext`, `setGone`).
 * - `conversations`: the conversations opened through POST /v3/conversations.
 */
export class RecordingConnector {
  readonly received: RecordedActivity[] = [];
  /** When each of `received` arrived (Date.now()), same index. */
  readonly receivedAt: number[] = [];
  readonly requests: RecordedActivity[] = [];
  readonly failed: RecordedActivity[] = [];
  readonly conversations: RecordedActivity[] = [];
  /** Teams' member table, by the member's Teams id ("29:…"). */
  readonly members = new Map<string, ConnectorMember>();
  /**
   * How a member missing from `members` is answered: as a plain member of the conversation (whoever posts in a
   * conversation is in it; Teams answers them), or 404 MemberNotFoundInConversation.
   */
  unknownMembers: "member" | "404" = "member";
  private readonly rules: FailureRule[] = [];
  private readonly holds: HoldRule[] = [];
  private readonly gone = new Map<string, number>();
  private delayMs = 0;
  private nextId = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private waiters: { count: number; resolve: () => void }[] = [];

  private constructor(
    private readonly server: Server,
    readonly serviceUrl: string,
  ) {}

  static async start(): Promise<RecordingConnector> {
    const holder: { connector?: RecordingConnector } = {};
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => holder.connector?.handle(req, Buffer.concat(chunks).toString("utf8"), res));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    holder.connector = new RecordingConnector(server, `http://127.0.0.1:${port}/`);
    return holder.connector;
  }

  /**
   * The next `count` requests (only those that `match`, when given) are answered with `failure` instead of
   * being delivered. Rules apply in the order they were added.
   */
  failNext(count: number, failure: InjectedFailure, match?: RequestMatch): void {
    this.rules.push({ remaining: count, failure, ...(match ? { match } : {}) });
  }

  /** Every request for the conversation (and its channel threads) is answered `status`: the bot was removed. */
  setGone(conversationId: string, status: 403 | 404 = 403): void {
    this.gone.set(conversationId, status);
  }

  /**
   * Holds the next request that `match`es until `release` is called, so a test decides when (and how) it
   * is answered relative to other requests — ordering by promises, not by timing.
   */
  holdNext(match: RequestMatch): HeldRequest {
    let arrived!: () => void;
    let release!: (failure?: InjectedFailure) => void;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    const released = new Promise<InjectedFailure | undefined>((resolve) => (release = resolve));
    this.holds.push({ match, arrived, released });
    return { arrived: arrival, release };
  }

  /** Answers every request only after `ms` milliseconds (0 to stop). */
  setDelay(ms: number): void {
    this.delayMs = ms;
  }

  /** Forgets injected failures, gone conversations and the delay. */
  clearFailures(): void {
    this.rules.length = 0;
    this.gone.clear();
    this.delayMs = 0;
  }

  /** Resolves once `count` activities have been received in total. */
  waitFor(count: number, timeoutMs = 5000): Promise<void> {
    if (this.received.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`expected ${count} activities, got ${this.received.length}`)),
        timeoutMs,
      );
      this.waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private handle(req: IncomingMessage, text: string, res: ServerResponse): void {
    const method = req.method ?? "";
    const path = req.url ?? "";
    const route = routeOf(method, path);
    const authorization = req.headers.authorization;
    let body: RecordedActivity["body"] = {};
    try {
      body = text ? (JSON.parse(text) as RecordedActivity["body"]) : {};
    } catch {
      return this.answer(res, 400, botError("BadSyntax", "The body is not JSON."));
    }
    const request: RecordedActivity = {
      ...route,
      method,
      path,
      ...(authorization ? { authorization } : {}),
      headers: req.headers,
      status: 0,
      body,
    };

    const hold = this.holds.findIndex((h) => matches(h.match, request, baseOf(request)));
    if (hold >= 0) {
      const [rule] = this.holds.splice(hold, 1);
      rule?.arrived();
      void rule?.released.then((failure) => this.finish(request, res, failure));
      return;
    }
    this.finish(request, res, this.failureFor(request));
  }

  private finish(request: RecordedActivity, res: ServerResponse, failure: InjectedFailure | undefined): void {
    if (failure) {
      const failedRequest = { ...request, status: failure.status };
      this.requests.push(failedRequest);
      this.failed.push(failedRequest);
      const answer = failure.body ?? botError(codeOf(failure.status), `Injected failure ${failure.status}.`);
      return this.answer(res, failure.status, answer, failure.headers);
    }

    const { status, answer, id } = this.respond(request);
    const recorded: RecordedActivity = { ...request, ...(id ? { id } : {}), status };
    this.requests.push(recorded);
    if (recorded.kind === "createConversation") this.conversations.push(recorded);
    if (recorded.kind === "send" || recorded.kind === "reply" || recorded.kind === "update")
      this.record(recorded);
    this.answer(res, status, answer);
  }

  private respond(request: RecordedActivity): { status: number; answer: unknown; id?: string } {
    switch (request.kind) {
      case "send":
      case "reply": {
        const id = `msg-${++this.nextId}`;
        return { status: 201, answer: { id }, id };
      }
      case "update":
        return { status: 200, answer: { id: request.activityId }, id: request.activityId };
      case "createConversation":
        return this.openConversation(request.body);
      case "getMember": {
        const member =
          this.members.get(request.memberId ?? "") ??
          (this.unknownMembers === "member" && request.memberId
            ? { id: request.memberId, name: "" }
            : undefined);
        return member
          ? { status: 200, answer: member }
          : {
              status: 404,
              answer: botError(
                "MemberNotFoundInConversation",
                `The member ${request.memberId ?? ""} was not found in the conversation.`,
              ),
            };
      }
      case "getMembers":
        return { status: 200, answer: [...this.members.values()] };
      case "other":
        return {
          status: 404,
          answer: botError("NotFound", `No route for ${request.method} ${request.path}.`),
        };
    }
  }

  /** A personal chat gets a deterministic id per member (Teams answers the same id again); a channel a thread. */
  private openConversation(body: RecordedActivity["body"]): { status: number; answer: unknown; id?: string } {
    const members = Array.isArray(body.members) ? (body.members as { id?: unknown }[]) : [];
    const channel = (body.channelData as { channel?: { id?: unknown } } | undefined)?.channel?.id;
    if (body.isGroup === true && typeof channel === "string") {
      const activityId = `msg-${++this.nextId}`;
      const id = `${channel};messageid=${activityId}`;
      return { status: 201, answer: { id, activityId }, id };
    }
    const memberId = members[0]?.id;
    if (members.length !== 1 || typeof memberId !== "string")
      return { status: 400, answer: botError("BadArgument", "A personal chat needs exactly one member.") };
    const id = `a:personal-${memberId}`;
    return { status: 201, answer: { id }, id };
  }

  private failureFor(request: RecordedActivity): InjectedFailure | undefined {
    const base = baseOf(request);
    const goneStatus = this.gone.get(request.conversationId) ?? this.gone.get(base);
    if (goneStatus !== undefined)
      return {
        status: goneStatus,
        body: botError(
          goneStatus === 403 ? "BotNotInConversationRoster" : "ConversationNotFound",
          "The bot is not part of the conversation roster.",
        ),
      };
    const rule = this.rules.find((r) => r.remaining > 0 && matches(r.match, request, base));
    if (!rule) return undefined;
    rule.remaining--;
    return rule.failure;
  }

  private answer(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Readonly<Record<string, string>> = {},
  ): void {
    const write = () => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    if (this.delayMs <= 0) return write();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!res.destroyed) write();
    }, this.delayMs);
    this.timers.add(timer);
  }

  private record(activity: RecordedActivity): void {
    this.received.push(activity);
    this.receivedAt.push(Date.now());
    this.waiters = this.waiters.filter((w) => {
      if (this.received.length < w.count) return true;
      w.resolve();
      return false;
    });
  }
}

/** Works out the request kind and its ids from the method and path. */
function routeOf(
  method: string,
  path: string,
): Pick<
  RecordedActivity,
  "kind" | "conversationId" | "threadRootId" | "replyToId" | "activityId" | "memberId"
> {
  const segments = new URL(path, "http://connector").pathname.split("/").filter(Boolean).map(decodeSegment);
  const [version, collection, conversation, sub, item, ...rest] = segments;
  if (version !== "v3" || collection !== "conversations" || rest.length > 0)
    return { kind: "other", conversationId: "" };
  if (conversation === undefined)
    return { kind: method === "POST" ? "createConversation" : "other", conversationId: "" };
  const threadRootId = threadSuffix.exec(conversation)?.[1];
  const ids = { conversationId: conversation, ...(threadRootId ? { threadRootId } : {}) };
  if (sub === "activities" && method === "POST")
    return item === undefined ? { kind: "send", ...ids } : { kind: "reply", ...ids, replyToId: item };
  if (sub === "activities" && method === "PUT" && item !== undefined)
    return { kind: "update", ...ids, activityId: item };
  if (sub === "members" && method === "GET")
    return item === undefined
      ? { kind: "getMembers", ...ids }
      : { kind: "getMember", ...ids, memberId: item };
  return { kind: "other", ...ids };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // not percent-encoded after all: keep it as sent
  }
}

const baseOf = (request: RecordedActivity): string => request.conversationId.replace(threadSuffix, "");

function matches(match: RequestMatch | undefined, request: RecordedActivity, base: string): boolean {
  if (match === undefined) return true;
  if (typeof match === "function") return match(request);
  return (
    (match.conversationId === undefined ||
      match.conversationId === request.conversationId ||
      match.conversationId === base) &&
    (match.method === undefined || match.method.toUpperCase() === request.method) &&
    (match.kind === undefined || match.kind === request.kind)
  );
}

/** The Bot Framework's error body ({ error: { code, message } }). */
const botError = (code: string, message: string) => ({ error: { code, message } });

const codeOf = (status: number): string =>
  status === 429
    ? "Throttled"
    : status === 403
      ? "Forbidden"
      : status === 404
        ? "NotFound"
        : status >= 500
          ? "ServiceError"
          : "BadArgument";

/** The card attached to a recorded message, if any. */
export const cardOf = (activity: RecordedActivity | undefined): Record<string, unknown> | undefined =>
  activity?.body.attachments?.find((a) => a.contentType === "application/vnd.microsoft.card.adaptive")
    ?.content;

/** All text of a card, joined, for assertions that should not depend on its layout. */
export function cardText(card: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        // as Teams shows it: a markdown escape ("6\\. dec.", kept from being a list item) shows the dot alone
        if ((key === "text" || key === "title" || key === "value") && typeof value === "string")
          parts.push(value.replace(/\\([!-/:-@[-`{-~])/g, "$1"));
        else walk(value);
      }
    }
  };
  walk(card);
  return parts.join("\n");
}

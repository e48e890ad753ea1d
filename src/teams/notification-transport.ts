import { ConfigurationServiceClientCredentialFactory } from "botbuilder";
import type { Config } from "../config/config.js";
import type { ConversationAddress } from "../domain/directory/directory.js";
import type { Logger } from "../log.js";
import type { NotificationTransport, OutgoingMessage, SendResult } from "../domain/notify/ports.js";

/*
 * Proactive posts to Teams over the Bot Connector REST API, with Node's fetch rather than the SDK's
 * ConnectorClient. The ConnectorClient (botframework-connector 4.23 → botbuilder-stdlib's
 * ServiceClientContext → @azure/core-client ServiceClient) builds its pipeline with
 * createPipelineFromOptions, which always adds defaultRetryPolicy: throttlingRetryStrategy (429/503 with
 * Retry-After) plus exponentialRetryStrategy (408, 5xx except 501/505, and system errors), 3 retries by
 * default, and ServiceClientContext passes no retryOptions to turn that off. A 429 would be slept on inside
 * the SDK and a 5xx retried up to three times unseen, so the worker's rate accounting and backoff could not
 * see them. Here every request is one HTTP attempt and its outcome is returned as data.
 *
 * Request shapes relied on (Microsoft Teams platform docs):
 * - Replying in a channel thread proactively: post to the conversation id "<channel id>;messageid=<root id>"
 *   (the id Teams itself gives a thread's conversation; "Channel and group chat conversations with a bot",
 *   https://learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/channel-and-group-conversations,
 *   and the Teams SDK's ReplyAsync, which "constructs a threaded conversation ID from the conversation ID and
 *   message ID").
 * - Mentions: an entity { type: "mention", mentioned: { id, name }, text: "<at>name</at>" } whose text also
 *   appears in the message text (same page, "Add mentions to your messages").
 * - Personal chat: POST /v3/conversations with isGroup false, exactly one member ("29:…"), the bot and the
 *   tenant; Teams answers 201 { id: "a:…" }, the same id again for the same member ("Send proactive
 *   messages", https://learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/send-proactive-messages).
 */

export interface TeamsTransportOptions {
  /** A Bot Framework token for calls to this service URL; undefined sends no Authorization header. */
  readonly tokenFor?: (serviceUrl: string) => Promise<string | undefined>;
  /** Per request, including reading the answer. Default 15 s. */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
  /** For parsing an HTTP-date Retry-After. */
  readonly now?: () => number;
}

const defaultTimeoutMs = 15_000;
const defaultRetryAfterMs = 1_000;
const maxRetryAfterMs = 10 * 60_000;
const adaptiveCardType = "application/vnd.microsoft.card.adaptive";

export class TeamsNotificationTransport implements NotificationTransport {
  private readonly tokenFor: (serviceUrl: string) => Promise<string | undefined>;
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;
  private readonly now: () => number;

  constructor(options: TeamsTransportOptions = {}) {
    this.tokenFor = options.tokenFor ?? (() => Promise.resolve(undefined));
    this.timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
    const send = options.fetch ?? fetch;
    this.fetch = (input, init) => send(input, init); // called unbound, as fetch expects
    this.now = options.now ?? Date.now;
  }

  send(address: ConversationAddress, message: OutgoingMessage, replyTo?: string): Promise<SendResult> {
    const conversationId = replyTo
      ? `${address.conversationId};messageid=${replyTo}`
      : address.conversationId;
    return this.call(
      address.serviceUrl,
      "POST",
      `v3/conversations/${encodeURIComponent(conversationId)}/activities`,
      activityOf(message),
    );
  }

  update(address: ConversationAddress, activityId: string, message: OutgoingMessage): Promise<SendResult> {
    return this.call(
      address.serviceUrl,
      "PUT",
      `v3/conversations/${encodeURIComponent(address.conversationId)}/activities/${encodeURIComponent(activityId)}`,
      { ...activityOf(message), id: activityId },
      // Teams may answer an update without a body; the activity keeps its id.
      activityId,
    );
  }

  openPersonal(
    via: { readonly serviceUrl: string; readonly botId: string },
    tenantId: string,
    teamsId: string,
  ): Promise<SendResult> {
    return this.call(via.serviceUrl, "POST", "v3/conversations", {
      bot: { id: via.botId },
      members: [{ id: teamsId }],
      isGroup: false,
      tenantId,
      channelData: { tenant: { id: tenantId } },
    });
  }

  /** One HTTP attempt; whatever happens is a SendResult, never a thrown error. */
  private async call(
    serviceUrl: string,
    method: "POST" | "PUT",
    path: string,
    body: object,
    idIfAbsent?: string,
  ): Promise<SendResult> {
    const base = trustedBase(serviceUrl);
    if (!base) return failed(false, `refused serviceUrl "${serviceUrl.slice(0, 200)}": not an http(s) URL`);

    let token: string | undefined;
    try {
      token = await this.tokenFor(serviceUrl);
    } catch (error) {
      return failed(true, `no Bot Framework token: ${messageOf(error)}`);
    }

    let response: Response;
    try {
      response = await this.fetch(new URL(path, base), {
        method,
        headers: {
          "content-type": "application/json; charset=utf-8",
          accept: "application/json",
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
        // A redirect would carry the token elsewhere; the Bot Connector does not redirect.
        redirect: "manual",
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      return failed(true, describeFetchError(error, this.timeoutMs));
    }
    // The status decides the outcome; an answer lost after the status line only loses the id and details.
    let answer: { readonly text: string } | { readonly unreadable: string };
    try {
      answer = { text: await response.text() };
    } catch (error) {
      answer = { unreadable: describeFetchError(error, this.timeoutMs) };
    }
    return this.resultOf(response, answer, idIfAbsent);
  }

  private resultOf(
    response: Response,
    answer: { readonly text: string } | { readonly unreadable: string },
    idIfAbsent: string | undefined,
  ): SendResult {
    const { status } = response;
    const text = "text" in answer ? answer.text : "";
    if (status >= 200 && status < 300) {
      // Accepted: without an id it cannot root a thread, but retrying would post it twice.
      const id = idOf(text) ?? idIfAbsent;
      return id ? { kind: "sent", activityId: id } : { kind: "sent" };
    }
    if (status === 429)
      return {
        kind: "throttled",
        retryAfterMs: retryAfterMs(response.headers.get("retry-after"), this.now()),
      };
    if (status === 403 || status === 404) return { kind: "gone", status };
    return failed(isRetryable(status), `HTTP ${status}${errorOf(text)}`, status);
  }
}

/**
 * The transport for this deployment: with an app id, every request carries a Bot Framework token for the
 * bot's app registration (audience https://api.botframework.com); without one (Agents Playground, tests),
 * none, as the anonymous adapter does.
 */
export function createTeamsTransport(
  bot: Config["bot"],
  log: Logger,
  options: Omit<TeamsTransportOptions, "tokenFor"> = {},
): NotificationTransport {
  const appId = bot.appId;
  if (!appId) return new TeamsNotificationTransport(options);

  // The same settings the inbound adapter builds its credentials from (src/teams/adapter.ts).
  const factory = new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: appId,
    MicrosoftAppPassword: bot.appPassword ?? "",
    MicrosoftAppType: bot.appType,
    MicrosoftAppTenantId: bot.appTenantId ?? "",
  });
  // Created once: the credentials object caches its token and refreshes it before it expires.
  let credentials: Promise<TokenSource> | undefined;
  const tokenFor = async (): Promise<string> => {
    credentials ??= factory
      .createCredentials(appId, botFrameworkAudience, publicCloudLoginUrl, true)
      .then(asTokenSource);
    try {
      return await (await credentials).getToken();
    } catch (error) {
      credentials = undefined;
      log.warn("could not get a Bot Framework token for proactive messages", { error: messageOf(error) });
      throw error;
    }
  };
  return new TeamsNotificationTransport({ ...options, tokenFor });
}

const botFrameworkAudience = "https://api.botframework.com";
/** AuthenticationConstants.ToChannelFromBotLoginUrl (not exported by botbuilder): picks the public cloud. */
const publicCloudLoginUrl = "https://login.microsoftonline.com/botframework.com";

interface TokenSource {
  getToken(forceRefresh?: boolean): Promise<string>;
}

/** The factory is typed to return ServiceClientCredentials; every kind it creates is an AppCredentials. */
function asTokenSource(credentials: unknown): TokenSource {
  const getToken = (credentials as Partial<TokenSource> | undefined)?.getToken;
  if (typeof getToken !== "function") throw new Error("the credentials cannot issue a token");
  return credentials as TokenSource;
}

/** The message activity: text (with every mention's <at> tag), summary, the card, the mention entities. */
function activityOf(message: OutgoingMessage): Record<string, unknown> {
  const mentions = (message.mentions ?? []).map((m) => ({
    type: "mention",
    mentioned: { id: m.teamsId, name: m.name },
    text: `<at>${m.name}</at>`,
  }));
  const missing = mentions.map((m) => m.text).filter((tag) => !(message.text ?? "").includes(tag));
  const text = [...missing, ...(message.text ? [message.text] : [])].join(" ");
  return {
    type: "message",
    ...(text ? { text } : {}),
    ...(message.summary ? { summary: message.summary } : {}),
    ...(message.card ? { attachments: [{ contentType: adaptiveCardType, content: message.card }] } : {}),
    ...(mentions.length > 0 ? { entities: mentions } : {}),
  };
}

/** The service URL as a base for relative paths, or undefined when it is not an http(s) URL. */
function trustedBase(serviceUrl: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return undefined; // not a URL at all: refused by the caller
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return undefined;
  if (url.username || url.password) return undefined;
  if (!url.pathname.endsWith("/")) url.pathname += "/";
  url.search = "";
  url.hash = "";
  return url;
}

/** HTTP dates (all three RFC 9110 forms) start with the weekday; Date.parse alone reads "-5" as a year. */
const httpDate = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)/i;

/** Seconds or an HTTP date; missing or unreadable → 1 s; never more than 10 minutes. */
export function retryAfterMs(header: string | null, now: number): number {
  const value = header?.trim() ?? "";
  let ms = defaultRetryAfterMs;
  if (/^\d+(\.\d+)?$/.test(value)) ms = Math.ceil(Number(value) * 1000);
  else if (httpDate.test(value)) {
    const at = Date.parse(value);
    if (!Number.isNaN(at)) ms = Math.max(0, at - now);
  }
  return Math.min(ms, maxRetryAfterMs);
}

const isRetryable = (status: number) => status === 408 || status >= 500;

const failed = (retryable: boolean, detail: string, status?: number): SendResult => ({
  kind: "failed",
  retryable,
  ...(status !== undefined ? { status } : {}),
  detail,
});

function idOf(text: string): string | undefined {
  const id = (parseJson(text) as { id?: unknown } | undefined)?.id;
  return typeof id === "string" && id !== "" ? id : undefined;
}

/** ": <code>: <message>" from a Bot Framework error body, when there is one. */
function errorOf(text: string): string {
  const error = (parseJson(text) as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const parts = [error?.code, error?.message].filter((p): p is string => typeof p === "string" && p !== "");
  return parts.length > 0 ? `: ${parts.join(": ").slice(0, 300)}` : "";
}

function parseJson(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined; // not JSON: treated as an answer without an id or error details
  }
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError"))
    return `timed out after ${timeoutMs} ms`;
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const reason =
    typeof cause?.code === "string" ? cause.code : typeof cause?.message === "string" ? cause.message : "";
  return `network error: ${messageOf(error)}${reason ? ` (${reason})` : ""}`;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

import { RestError, createHttpHeaders, createPipelineRequest } from "@azure/core-rest-pipeline";
import type { Activity } from "botbuilder";
import type { ConnectorClient } from "botframework-connector";
import { sendThroughPipeline } from "./connector-pipeline.js";

/**
 * Posts one activity to its conversation, as `conversations.replyToActivity` (with a replyToId) or
 * `conversations.sendToConversation` (without) would, through the same connector client and the same HTTP
 * pipeline: the request goes into the client's pipeline as the operations' own requests do (sendThroughPipeline in
 * connector-pipeline.ts), so the credentials, retries (a 429's Retry-After, 5xx with backoff), redirects,
 * proxy, user agent, request id and abort signal are the SDK's.
 *
 * What it leaves out is the SDK's operation layer around that pipeline, which cost a card reply about
 * 100 µs of CPU (bench/connector-send.ts): the URL template filled in by string replacement, the activity
 * walked against the 42 properties of the connector's Activity mapper (the card itself is an `Object` there
 * and not walked; its JSON.stringify is done once either way), the answer's `{ id }` parsed against its mapper
 * although nobody reads it, and the compat layer's wrapping of the options and the response. The request is
 * the one the operation sent: same method, URL, headers and body (test/teams/connector-send.test.ts compares
 * them), except that the body's keys are in the activity's order, not the mapper's.
 *
 * A status the operation does not accept (anything but 200, 201 and 202, once the retries are spent) throws a
 * RestError with the status, and the code and message of the Bot Connector's `{ error }` body when it has one,
 * as the operation's does.
 */
export async function postActivity(
  connector: ConnectorClient,
  activity: Partial<Activity>,
  signal: AbortSignal,
): Promise<void> {
  const conversationId = activity.conversation?.id ?? "";
  const serviceUrl = activity.serviceUrl ?? "";
  const path = `v3/conversations/${encodeURIComponent(conversationId)}/activities${
    activity.replyToId ? `/${encodeURIComponent(activity.replyToId)}` : ""
  }`;
  const body = JSON.stringify(activity);
  const request = createPipelineRequest({
    url: appendPath(serviceUrl, path),
    method: "POST",
    // replyToActivity names the conversation in a header too; sendToConversation does not.
    headers: createHttpHeaders({
      "Content-Type": contentType,
      // Counted without a copy: unset, the HTTP client encodes the whole body to bytes only to count them.
      "Content-Length": Buffer.byteLength(body),
      ...(activity.replyToId ? { [conversationIdHeader]: conversationId } : {}),
    }),
    body,
    abortSignal: signal,
    // As the SDK's client for this service URL allows it (ServiceClientContext: a plain-http endpoint).
    ...(serviceUrl.toLowerCase().startsWith("http:") ? { allowInsecureConnection: true } : {}),
  });
  const response = await sendThroughPipeline(connector, request);
  if (acceptedStatuses.has(response.status)) return;
  const error = errorBodyOf(response.bodyAsText);
  throw new RestError(error?.message ?? `Unexpected status code: ${response.status}`, {
    statusCode: response.status,
    request,
    ...(error?.code ? { code: error.code } : {}),
  });
}

/** What the SDK's client sends as the body's type (ServiceClientContext's default), and its conversation header. */
const contentType = "application/json; charset=utf-8";
const conversationIdHeader = "x-ms-conversation-id";
/** The responses replyToActivity and sendToConversation declare; any other is their error. */
const acceptedStatuses = new Set([200, 201, 202]);

/** The Bot Connector's error body, `{ "error": { "code", "message" } }`, when the answer is one. */
function errorBodyOf(text: string | null | undefined): { code?: string; message?: string } | undefined {
  if (!text) return undefined;
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } } | null;
    const error = body?.error;
    if (!error) return undefined;
    return {
      ...(typeof error.code === "string" ? { code: error.code } : {}),
      ...(typeof error.message === "string" ? { message: error.message } : {}),
    };
  } catch {
    return undefined;
  }
}

/** @azure/core-client's appendPath (urlHelpers): the service URL's path, a slash, then `path`. */
function appendPath(base: string, path: string): string {
  const url = new URL(base);
  url.pathname = `${url.pathname.endsWith("/") ? url.pathname : `${url.pathname}/`}${path}`;
  return url.toString();
}

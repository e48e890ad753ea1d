import { createPipelineRequest, type PipelinePolicy, type PipelineRequest } from "@azure/core-rest-pipeline";
import { AppCredentials, type ConnectorClient } from "botframework-connector";

/**
 * The connector client's HTTP pipeline, trimmed of policies that do nothing for a Bot Connector call. The
 * client (botframework-connector 4.23 → botbuilder-stdlib's ServiceClientContext → @azure/core-client) sends
 * every reply through 15 policies, each an async step of its own on every request. Removed:
 *
 * - `tracingPolicy`: opens an OpenTelemetry span per request (sanitising the URL, awaiting the user agent).
 *   Without an instrumenter registered (@azure/opentelemetry-instrumentation; this project has none) the span
 *   is never recorded and the policy only costs time.
 * - `formDataPolicy`, `multipartPolicy`: turn form-data and multipart bodies into bytes. Every Bot Connector
 *   operation sends JSON (attachments too: base64 in a JSON body), so they only ever pass the request on.
 * - `ServiceClientContext_RequestPolicyFactories`: the SDK's one request-policy factory (added by
 *   ConnectorFactoryImpl) sets an Accept header for any type when the request has none, run through @azure/core-http-compat's
 *   adapter, which wraps the request and the response in proxies in both directions on every call. It is
 *   replaced by `acceptAnyPolicy` below, which sets the same header directly.
 *
 * - `ServiceClientContext_Credentials_SignRequest` is replaced by `signedHeadersPolicy` below. The SDK's step
 *   and the two it calls (addRequestSettings, the credentials' signRequest) are ES2015 async frames
 *   (`__awaiter(function* …)`) that stay reachable after they return, until V8's next full collection, with
 *   what they were given: the request with the whole reply in its body, a WebResource copy of it and two
 *   copies of its headers, so every young collection until then copied them into the old generation. Signing
 *   reads no body: the Bot Framework's credentials (every AppCredentials: app password, certificate, managed
 *   identity, federated) only set the Authorization header, through their public `signRequest`. So the
 *   policy hands them the request's own headers to set, and nothing else; credentials of any other kind get
 *   the SDK's own signing (addRequestSettings) of a copy of the request without its body and abort signal.
 *
 * Kept, because a user could meet what they do: retries (`defaultRetryPolicy`: a 429's Retry-After, 408 and
 * 5xx with backoff — the reply deadline in teams-bot.ts bounds how long a turn waits for them), redirects,
 * the proxy settings (HTTPS_PROXY), the credentials (the Authorization header), serialisation and
 * deserialisation, the request id and user agent headers Microsoft's support asks for, response
 * decompression, abort signals, and the SDK's logging (silent unless AZURE_LOG_LEVEL is set).
 */
export const removedPolicies = [
  "tracingPolicy",
  "formDataPolicy",
  "multipartPolicy",
  "ServiceClientContext_RequestPolicyFactories",
] as const;

const acceptAnyPolicyName = "acceptAnyPolicy";
const signPolicyName = "ServiceClientContext_Credentials_SignRequest";
const signedHeadersPolicyName = "signedHeadersPolicy";

interface HeadersLike {
  has(name: string): boolean;
  set(name: string, value: string): void;
}

interface PolicyLike {
  readonly name: string;
  sendRequest(
    request: { readonly headers: HeadersLike },
    next: (request: never) => Promise<unknown>,
  ): Promise<unknown>;
}

/** The parts of @azure/core-rest-pipeline's Pipeline used here (public methods of that interface). */
interface PipelineLike {
  removePolicy(options: { name: string }): unknown[];
  addPolicy(policy: PolicyLike | PipelinePolicy): void;
  getOrderedPolicies(): readonly { readonly name: string }[];
}

/** What ConnectorFactoryImpl's request-policy factory does, without the compat adapter around it. */
const acceptAnyPolicy: PolicyLike = {
  name: acceptAnyPolicyName,
  sendRequest(request, next) {
    if (!request.headers.has("accept")) request.headers.set("accept", "*/*");
    return next(request as never);
  },
};

/**
 * Removes `removedPolicies` from the client's pipeline, in place, and returns the client. The pipeline is
 * reached through ServiceClientContext's `client` field, which the SDK's typings mark private: if a later SDK
 * version no longer has it (or no longer has the accept factory to replace), the client is left exactly as
 * the SDK built it — slower, never different. test/teams/connector-pipeline.test.ts checks that the
 * installed version is trimmed.
 */
export function trimConnectorPipeline(client: ConnectorClient): ConnectorClient {
  const pipeline = pipelineOf(client);
  if (!pipeline) return client;
  const names = new Set(pipeline.getOrderedPolicies().map((p) => p.name));
  // Without the factory policy there is no Accept header to keep: remove nothing we are unsure of.
  if (!names.has("ServiceClientContext_RequestPolicyFactories") || names.has(acceptAnyPolicyName))
    return client;
  for (const name of removedPolicies) pipeline.removePolicy({ name });
  const sign = signerOf(client);
  if (sign && names.has(signPolicyName)) {
    pipeline.removePolicy({ name: signPolicyName });
    pipeline.addPolicy(signedHeadersPolicy(sign));
  }
  pipeline.addPolicy(acceptAnyPolicy);
  return client;
}

type Sign = (request: PipelineRequest) => Promise<void>;

/**
 * How the client's requests are signed: by its credentials directly when they are the Bot Framework's own
 * (AppCredentials), otherwise by ServiceClientContext's own signing (its addRequestSettings, what its sign step
 * calls: the credentials sign a WebResource made from the request, and the request gets their headers); or
 * undefined if a later SDK version has neither — then the SDK's sign step is left in place.
 */
function signerOf(client: ConnectorClient): Sign | undefined {
  const { credentials } = client as { credentials?: unknown };
  if (credentials instanceof AppCredentials) {
    // What addRequestSettings would set besides the credentials' headers: the client's option, fixed per client.
    const withCredentials =
      (client as unknown as { options?: { withCredentials?: unknown } }).options?.withCredentials === true;
    return async (request) => {
      // All the credentials touch of a WebResource is its headers' set() (AppCredentials.signRequest →
      // TokenCredentials.signRequest), which the request's own headers have.
      const headersOnly = { headers: request.headers };
      await credentials.signRequest(headersOnly as unknown as Parameters<AppCredentials["signRequest"]>[0]);
      request.withCredentials = withCredentials;
    };
  }
  const sign = (client as unknown as { addRequestSettings?: unknown }).addRequestSettings;
  if (typeof sign !== "function") return undefined;
  return async (request) => {
    const signed = await (sign as (request: PipelineRequest) => Promise<PipelineRequest>).call(
      client,
      createPipelineRequest({
        url: request.url,
        method: request.method,
        headers: request.headers,
        requestId: request.requestId,
        withCredentials: request.withCredentials,
      }),
    );
    request.headers = signed.headers;
    request.withCredentials = signed.withCredentials;
  };
}

/** The sign step: the request signed as signerOf says, then passed on. */
function signedHeadersPolicy(sign: Sign): PipelinePolicy {
  return {
    name: signedHeadersPolicyName,
    async sendRequest(request, next) {
      await sign(request);
      return next(request);
    },
  };
}

/** The names of the client's policies in the order a request passes them (tests and diagnostics). */
export function connectorPolicyNames(client: ConnectorClient): readonly string[] | undefined {
  return pipelineOf(client)
    ?.getOrderedPolicies()
    .map((p) => p.name);
}

/** What sending needs of a response: what @azure/core-rest-pipeline's and the compat layer's both have. */
export interface SentResponse {
  readonly status: number;
  readonly bodyAsText?: string | null;
}

/**
 * Sends a request through the client's pipeline as the SDK's own operations do (ServiceClientContext's
 * sendOperationRequest → @azure/core-client's ServiceClient.sendRequest → the pipeline, which signs it in its
 * sign step: the SDK's, or signedHeadersPolicy once trimmed). ServiceClientContext's public sendRequest signs
 * the request first and then hands it to that same pipeline, which signs it again: per reply one more signing,
 * one more WebResource copy of the request, and three more ES2015 async frames (`__awaiter(function* …)`:
 * sendRequest, addRequestSettings, the credentials' signRequest), which stay reachable after they return until
 * V8's next full collection and keep the request, its body and the response reachable with them — every
 * young collection until then copied them into the old generation. The inner client is reached through the
 * field the typings mark private, as pipelineOf does; without it (a later SDK) the public sendRequest is used.
 */
export function sendThroughPipeline(
  client: ConnectorClient,
  request: PipelineRequest,
): Promise<SentResponse> {
  const inner = innerClientOf(client);
  return typeof inner?.sendRequest === "function"
    ? (inner.sendRequest as (request: PipelineRequest) => Promise<SentResponse>).call(inner, request)
    : client.sendRequest(request);
}

/** The @azure/core-client ServiceClient inside the connector client (a field the typings mark private). */
const innerClientOf = (client: ConnectorClient) =>
  (client as unknown as { client?: { pipeline?: unknown; sendRequest?: unknown } }).client;

function pipelineOf(client: ConnectorClient): PipelineLike | undefined {
  const pipeline = innerClientOf(client)?.pipeline as Partial<PipelineLike> | undefined;
  return typeof pipeline?.removePolicy === "function" &&
    typeof pipeline.addPolicy === "function" &&
    typeof pipeline.getOrderedPolicies === "function"
    ? (pipeline as PipelineLike)
    : undefined;
}

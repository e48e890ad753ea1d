import {
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
} from "botbuilder";
import {
  ConnectorFactory,
  JwtTokenValidation,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from "botframework-connector";
import type { Activity } from "botbuilder";
import { BoundedMap } from "../domain/shared/bounded-map.js";
import { trimConnectorPipeline } from "./connector-pipeline.js";

/**
 * The SDK builds a new ConnectorClient — an HTTP pipeline and a credentials object — for every turn, and a
 * user-token client beside it: about 7 % of a request's CPU. Both are stateless between requests, and their
 * credentials keep no token of their own: each request asks the SDK's process-wide token cache, which fetches
 * a new token five minutes before the old one expires. So one client per (app id, audience, service URL) is
 * kept and handed to every turn, through the SDK's own extension point: the BotFrameworkAuthentication the
 * CloudAdapter is built with, whose connector factory we wrap.
 */
export class ReusingBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  readonly connectors = new ClientCache<ConnectorClient>();
  private readonly tokenClients = new ClientCache<UserTokenClient>();

  override async authenticateRequest(
    activity: Activity,
    authHeader: string,
  ): Promise<AuthenticateRequestResult> {
    const result = await super.authenticateRequest(activity, authHeader);
    const inner = result.connectorFactory;
    // Always a new object, ours: the endpoint empties it when the turn is over (adapter.ts, TurnSlot).
    return inner
      ? { ...result, connectorFactory: this.reusing(inner, result.claimsIdentity) }
      : { ...result };
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.reusing(super.createConnectorFactory(claimsIdentity), claimsIdentity);
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.tokenClients.get(appIdOf(claimsIdentity), () => super.createUserTokenClient(claimsIdentity));
  }

  private reusing(inner: ConnectorFactory, claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new ReusingConnectorFactory(this.connectors, inner, appIdOf(claimsIdentity));
  }
}

/**
 * The credentials factory, with its answers to the two questions the SDK asks it on every turn remembered:
 * whether authentication is disabled (asked twice per request by the authentication, in JwtTokenValidation
 * and generateCallerId) and, with an app id, whether a token's audience is this bot's app id (asked by the
 * channel validation). Both depend only on the configuration the factory was built with, which never
 * changes. Each answer was an ES2015 async frame of the SDK's factory (`__awaiter(function* …)`), which
 * stays reachable after it returns until V8's next full collection and had every young collection in
 * between promote it into the old generation. Through the SDK's extension point for it: the
 * ServiceClientCredentialsFactory the BotFrameworkAuthentication is built with.
 */
export class SteadyCredentialFactory extends ConfigurationServiceClientCredentialFactory {
  private readonly authenticationDisabled = super.isAuthenticationDisabled();
  private ownAppIdValid: Promise<boolean> | undefined;

  override isAuthenticationDisabled(): Promise<boolean> {
    return this.authenticationDisabled;
  }

  override isValidAppId(appId: string): Promise<boolean> {
    if (appId !== this.appId) return super.isValidAppId(appId);
    if (this.ownAppIdValid) return this.ownAppIdValid;
    const answer = super.isValidAppId(appId);
    this.ownAppIdValid = answer;
    // A failure is not an answer: the next request asks again.
    answer.catch(() => {
      if (this.ownAppIdValid === answer) this.ownAppIdValid = undefined;
    });
    return answer;
  }
}

class ReusingConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly cache: ClientCache<ConnectorClient>,
    private readonly inner: ConnectorFactory,
    private readonly appId: string,
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    const key = `${this.appId}\n${audience ?? ""}\n${serviceUrl}`;
    // Trimmed once, when built: every reply of every turn then passes the shorter pipeline.
    return this.cache.get(key, async () =>
      trimConnectorPipeline(await this.inner.create(serviceUrl, audience)),
    );
  }
}

/**
 * Clients by key, the most recently used kept. Teams uses a handful of service URLs; a bound still matters
 * because without an app id (local mode) any caller may name any service URL.
 */
export class ClientCache<T> {
  private readonly clients: BoundedMap<string, Promise<T>>;
  /** How many clients were built (not handed out again): what tests and benchmarks look at. */
  built = 0;

  constructor(limit = 64) {
    this.clients = new BoundedMap(limit);
  }

  get(key: string, build: () => Promise<T>): Promise<T> {
    const kept = this.clients.get(key);
    if (kept) return kept;
    const client = build();
    this.built++;
    this.clients.set(key, client);
    // A client that could not be built (bad credentials) is not kept: the next turn tries again.
    client.catch(() => {
      if (this.clients.get(key) === client) this.clients.delete(key);
    });
    return client;
  }

  get size(): number {
    return this.clients.size;
  }
}

const appIdOf = (identity: ClaimsIdentity): string =>
  JwtTokenValidation.getAppIdFromClaims(identity.claims) ?? "";

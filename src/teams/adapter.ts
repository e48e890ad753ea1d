import { ActivityTypes, CloudAdapter, DeliveryModes, type Activity, type TurnContext } from "botbuilder";
import { AuthenticationConstants, type AuthenticateRequestResult } from "botframework-connector";
import type { Config } from "../config/config.js";
import type { Logger } from "../log.js";
import { readActivity, type IncomingActivity } from "./activity.js";
import { ReusingBotFrameworkAuthentication, SteadyCredentialFactory } from "./reused-connectors.js";

/**
 * Where the Bot Framework's signing keys are published and who issues its tokens. The public cloud's by
 * default; tests serve their own keys on loopback so that forged tokens meet the real validation offline.
 */
export interface TokenAuthority {
  readonly openIdMetadataUrl: string;
  readonly issuer: string;
}

export interface HttpAnswer {
  readonly status: number;
  readonly body?: unknown;
}

/** Where a turn's invoke answer is kept for the endpoint (context.turnState, the SDK's per-turn state). */
const invokeAnswerKey = Symbol("invokeAnswer");

/**
 * Answers the turn's invoke: the HTTP response's status and body. The endpoint writes it itself, so it is
 * handed over directly rather than sent through the SDK as an `invokeResponse` activity (TurnContext's
 * sendActivities, its handlers and the adapter's sendActivities only to leave it in the turn state for
 * processActivity to return: about 0.03 ms of a card press under load). Where the endpoint is not the one
 * answering — a turn the SDK runs itself, or one that asked for `expectReplies` (the SDK then answers with
 * every activity of the turn, this one among them) — it goes through the SDK as before.
 */
export async function respondToInvoke(context: TurnContext, answer: HttpAnswer): Promise<void> {
  const held = context.turnState.get(invokeAnswerKey) as TurnSlot | undefined;
  if (held && context.activity.deliveryMode !== DeliveryModes.ExpectReplies) held.answer = answer;
  else await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: answer });
}

/**
 * Handles one POST /api/messages, given its headers and parsed JSON body; `logic` gets the turn and the
 * activity as read (once) before the SDK saw it.
 */
export type MessageEndpoint = (
  headers: Readonly<Record<string, string | string[] | undefined>>,
  body: unknown,
  logic: (context: TurnContext, activity: IncomingActivity) => Promise<void>,
) => Promise<HttpAnswer>;

/**
 * The Bot Framework CloudAdapter. Without an app id it runs in anonymous local mode (Agents Playground,
 * tests); with one, every request needs a valid Bot Framework token and is refused with 401 otherwise.
 * We call `processActivity` ourselves rather than `process(req, res)`, so that refusals are answered with
 * the right status and logged as structured lines instead of printed to the console by the SDK.
 */
export function createAdapter(bot: Config["bot"], log: Logger, authority?: TokenAuthority): MessageEndpoint {
  const settings = {
    MicrosoftAppId: bot.appId ?? "",
    MicrosoftAppPassword: bot.appPassword ?? "",
    MicrosoftAppType: bot.appType,
    MicrosoftAppTenantId: bot.appTenantId ?? "",
  };
  const credentials = new SteadyCredentialFactory(settings);
  // One connector client per service URL, reused across turns (reused-connectors.ts).
  const auth = new ReusingBotFrameworkAuthentication(
    {
      MicrosoftAppId: settings.MicrosoftAppId,
      MicrosoftAppTenantId: settings.MicrosoftAppTenantId,
      ...(authority ? endpointsOf(authority) : {}),
    },
    credentials,
  );
  const adapter = new PipelineCloudAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    // Reached only for failures outside the bot's own handling (e.g. sending a reply failed).
    log.error("unhandled turn error", { error: describe(error) });
    if (context.activity.type === "message") {
      await context
        .sendActivity("Something went wrong on my side. Please try again.")
        .catch((sendError: unknown) =>
          log.error("could not report the error to the user", { error: describe(sendError) }),
        );
    }
  };

  return async (headers, body, logic) => {
    const read = readActivity(body);
    if (!read.ok) {
      const { problems } = read;
      log.warn("request refused: not a Teams activity", { problems });
      return { status: 400, body: { error: "The body must be a Bot Framework activity.", problems } };
    }
    // The SDK's own copy of the activity (a shallow one: the same nested objects), emptied once the turn is over.
    const activity = { ...(body as Activity) };
    const authorization = headers.authorization;
    const authHeader = typeof authorization === "string" ? authorization : "";
    // Authentication first and on its own: whatever it throws (bad signature, unknown key, alg none, a token
    // not yet valid, keys that cannot be fetched) is a refusal, never a server error.
    let authenticated: AuthenticateRequestResult;
    try {
      authenticated = await auth.authenticateRequest(activity, authHeader);
    } catch (error) {
      log.warn("request refused: not authenticated", { reason: reasonOf(error) });
      return { status: 401 };
    }
    const slot = new TurnSlot(logic, read.activity);
    try {
      const invokeResponse = await adapter.processIncoming(authenticated, activity, slot.run);
      const answer = slot.answer ?? invokeResponse;
      return { status: answer?.status ?? 200, body: answer?.body };
    } catch (error) {
      log.error("activity failed", { error: describe(error) });
      return { status: 500 };
    } finally {
      slot.release();
      release(activity);
      release(authenticated);
    }
  };
}

/**
 * What the endpoint and one turn share: the logic and the activity as read, handed to the SDK as the turn's
 * logic (`run`), and the invoke's answer, left here by respondToInvoke.
 *
 * Emptied when the turn is over (`release`), with the turn's state. The SDK's ES2015 async frames
 * (`__awaiter(function* …)` in processActivity, runMiddleware, the authentication) stay reachable after they
 * return, until V8's next full collection, and keep what they were given reachable with them: the logic, the
 * activity, the TurnContext and its turnState (this slot, the turn's identity and connector factory, the
 * invoke response). Every young collection in between then copies all of it into the old generation, which
 * fills faster and is given more room (V8's growing factor) — the bot's resident memory (issue 14). Once
 * released, what those frames reach is a few empty objects.
 */
class TurnSlot {
  answer: HttpAnswer | undefined;
  private state: Map<unknown, unknown> | undefined;

  constructor(
    private logic: ((context: TurnContext, activity: IncomingActivity) => Promise<void>) | undefined,
    private activity: IncomingActivity | undefined,
  ) {}

  readonly run = (context: TurnContext): Promise<void> => {
    const { logic, activity } = this;
    // Released: the SDK ran the logic after its turn was answered, which it never does.
    if (!logic || !activity) return Promise.resolve();
    this.state = context.turnState;
    context.turnState.set(invokeAnswerKey, this);
    return logic(context, activity);
  };

  /**
   * The turn is over and answered: processActivity has returned (it reads the turn state — the invoke
   * response, the buffered replies of `expectReplies` — before it does), and onTurnError has run within it.
   */
  release(): void {
    this.state?.clear();
    this.state = undefined;
    this.logic = undefined;
    this.activity = undefined;
    this.answer = undefined;
  }
}

/**
 * Empties an object of ours that the SDK was given, once it is done with it. Set to undefined rather than
 * deleted: deleting turns the object into a dictionary, a bigger object than the one it empties.
 */
function release(given: object): void {
  const fields = given as Record<string, unknown>;
  // for…in reads the object's cached key list; Object.keys would allocate a new array every time.
  for (const key in fields) fields[key] = undefined;
}

/** Why authentication failed, without the token: the first line of the message, any JWT-like run removed. */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return (message.split("\n")[0] ?? "")
    .replace(/[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, "<token>")
    .slice(0, 300);
}

function endpointsOf(authority: TokenAuthority): Record<string, string | boolean> {
  return {
    ToBotFromChannelOpenIdMetadataUrl: authority.openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: authority.openIdMetadataUrl,
    ToBotFromChannelTokenIssuer: authority.issuer,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ValidateAuthority: true,
    CallerId: "urn:botframework:azure",
  };
}

/** Opens the SDK's protected processActivity, so the HTTP answer is ours to write. */
class PipelineCloudAdapter extends CloudAdapter {
  processIncoming(
    authenticated: AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ) {
    return this.processActivity(authenticated, activity, logic);
  }
}

const describe = (error: unknown) =>
  error instanceof Error ? (error.stack ?? error.message) : String(error);

import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type Activity,
  type TurnContext,
} from "botbuilder";
import type { Config } from "../config/config.js";
import type { Logger } from "../log.js";

export interface HttpAnswer {
  readonly status: number;
  readonly body?: unknown;
}

/** Handles one POST /api/messages, given its headers and parsed JSON body. */
export type MessageEndpoint = (
  headers: Readonly<Record<string, string | string[] | undefined>>,
  body: unknown,
  logic: (context: TurnContext) => Promise<void>,
) => Promise<HttpAnswer>;

/**
 * The Bot Framework CloudAdapter. Without an app id it runs in anonymous local mode (Agents Playground,
 * tests); with one, every request needs a valid Bot Framework token and is refused with 401 otherwise.
 * We call `processActivity` ourselves rather than `process(req, res)`, so that refusals are answered with
 * the right status and logged as structured lines instead of printed to the console by the SDK.
 */
export function createAdapter(bot: Config["bot"], log: Logger): MessageEndpoint {
  const settings = {
    MicrosoftAppId: bot.appId ?? "",
    MicrosoftAppPassword: bot.appPassword ?? "",
    MicrosoftAppType: bot.appType,
    MicrosoftAppTenantId: bot.appTenantId ?? "",
  };
  const credentials = new ConfigurationServiceClientCredentialFactory(settings);
  const auth = new ConfigurationBotFrameworkAuthentication(
    { MicrosoftAppId: settings.MicrosoftAppId, MicrosoftAppTenantId: settings.MicrosoftAppTenantId },
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
    if (!isActivity(body))
      return { status: 400, body: { error: "The body must be a Bot Framework activity." } };
    const authorization = headers.authorization;
    const authHeader = typeof authorization === "string" ? authorization : "";
    try {
      const invokeResponse = await adapter.processIncoming(authHeader, body as unknown as Activity, logic);
      return { status: invokeResponse?.status ?? 200, body: invokeResponse?.body };
    } catch (error) {
      if (isUnauthorized(error)) {
        log.warn("request refused: not authenticated", { reason: describe(error) });
        return { status: 401 };
      }
      log.error("activity failed", { error: describe(error) });
      return { status: 500 };
    }
  };
}

function isActivity(body: unknown): body is Record<string, unknown> & { type: string } {
  return typeof body === "object" && body !== null && typeof (body as { type?: unknown }).type === "string";
}

/** The SDK's AuthenticationError carries statusCode 401; token parsing failures say "Unauthorized". */
function isUnauthorized(error: unknown): boolean {
  const statusCode = (error as { statusCode?: unknown } | undefined)?.statusCode;
  if (statusCode === 401 || statusCode === 403) return true;
  return error instanceof Error && /^Unauthorized/i.test(error.message);
}

/** Opens the SDK's protected processActivity, so the HTTP answer is ours to write. */
class PipelineCloudAdapter extends CloudAdapter {
  processIncoming(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity(authHeader, activity, logic);
  }
}

const describe = (error: unknown) =>
  error instanceof Error ? (error.stack ?? error.message) : String(error);

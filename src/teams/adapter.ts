import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type TurnContext,
} from "botbuilder";
import type { Config } from "../config/config.js";
import type { Logger } from "../log.js";

export interface MessageEndpoint {
  /** Handles one POST /api/messages: authenticates, runs the turn, writes the HTTP response. */
  process(req: unknown, res: unknown, logic: (context: TurnContext) => Promise<void>): Promise<void>;
}

/**
 * The Bot Framework CloudAdapter. Without an app id it runs in anonymous local mode (Agents Playground,
 * tests); with one, every request needs a valid Bot Framework token and is refused with 401 otherwise.
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
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    // Reached only for failures outside our own handling (e.g. sending a reply failed).
    log.error("unhandled turn error", {
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    if (context.activity.type === "message") {
      await context
        .sendActivity("Something went wrong on my side. Please try again.")
        .catch((sendError: unknown) =>
          log.error("could not report the error to the user", { error: String(sendError) }),
        );
    }
  };
  return {
    process: (req, res, logic) => adapter.process(req as never, res as never, logic),
  };
}

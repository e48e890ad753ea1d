import type { PipelineApp } from "../app/pipeline-app.js";
import type { Config } from "../config/config.js";
import type { Logger } from "../log.js";
import { createAdapter, type HttpAnswer, type TokenAuthority } from "./adapter.js";
import { TeamsBot } from "./teams-bot.js";

export type { HttpAnswer, TokenAuthority };

/** The one entry point into the Teams edge: handles the body of a POST /api/messages. */
export function createTeamsEndpoint(
  config: Config,
  app: PipelineApp,
  log: Logger,
  authority?: TokenAuthority,
) {
  const endpoint = createAdapter(config.bot, log, authority);
  const bot = new TeamsBot(app, log);
  return (
    headers: Readonly<Record<string, string | string[] | undefined>>,
    body: unknown,
  ): Promise<HttpAnswer> => endpoint(headers, body, (context, activity) => bot.run(context, activity));
}

/** Proactive posts (notifications) to Teams: the delivery worker's NotificationTransport. */
export {
  createTeamsTransport,
  TeamsNotificationTransport,
  type TeamsTransportOptions,
} from "./notification-transport.js";

import type { PipelineApp } from "../app/pipeline-app.js";
import type { Config } from "../config/config.js";
import type { Logger } from "../log.js";
import { createAdapter } from "./adapter.js";
import { TeamsBot } from "./teams-bot.js";

/** The one entry point into the Teams edge: a handler for POST /api/messages. */
export function createTeamsEndpoint(config: Config, app: PipelineApp, log: Logger) {
  const adapter = createAdapter(config.bot, log);
  const bot = new TeamsBot(app, log);
  return (req: unknown, res: unknown): Promise<void> =>
    adapter.process(req, res, (context) => bot.run(context));
}

import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
} from "botbuilder";
import restify from "restify";

/**
 * The baseline: a bare echo bot on the same stack as the real one (restify 11 with the same body parser,
 * botbuilder CloudAdapter in anonymous mode through ConfigurationBotFrameworkAuthentication without an app
 * id). It does nothing but send the text back (and answer a card press with a one-line card), so the gap
 * between it and the bot is the bot's own work.
 */

const maxBodyBytes = 1024 * 1024;

export interface RunningEchoBot {
  readonly port: number;
  close(): Promise<void>;
}

export async function startEchoBot(options: {
  readonly port: number;
  readonly host: string;
}): Promise<RunningEchoBot> {
  const settings = {
    MicrosoftAppId: "",
    MicrosoftAppPassword: "",
    MicrosoftAppType: "MultiTenant",
    MicrosoftAppTenantId: "",
  };
  const credentials = new ConfigurationServiceClientCredentialFactory(settings);
  const auth = new ConfigurationBotFrameworkAuthentication(
    { MicrosoftAppId: "", MicrosoftAppTenantId: "" },
    credentials,
  );
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (_context, error) => {
    process.stderr.write(`echo bot turn error: ${error instanceof Error ? error.message : String(error)}\n`);
  };

  const server = restify.createServer({ name: "echo-bot", handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: maxBodyBytes, mapParams: false }));
  server.post("/api/messages", async (req, res) => {
    await adapter.process(req, res, async (context) => {
      const { type, name, value } = context.activity;
      if (type === "message") await context.sendActivity(context.activity.text ?? "");
      // A card press (Action.Execute): answered in the HTTP response with a card, as the bot answers it.
      else if (type === "invoke" && name === "adaptiveCard/action") {
        const verb = (value as { action?: { verb?: unknown } } | undefined)?.action?.verb;
        const card = {
          type: "AdaptiveCard",
          version: "1.5",
          body: [{ type: "TextBlock", text: typeof verb === "string" ? verb : "" }],
        };
        await context.sendActivity({
          type: "invokeResponse",
          value: {
            status: 200,
            body: { statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: card },
          },
        });
      }
    });
  });
  server.get("/healthz", async (_req, res) => {
    res.status(200);
    res.json({ status: "ok" });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: server.address().port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

import { startBotProcess, type BotProcess } from "./bot-process.js";
import { freePort } from "./free-port.js";
import { Playground } from "./playground.js";

/** The Playground's signed-in user, whom the bot is told (ADMIN_AAD_IDS) is an admin. */
export const playgroundAdmin = {
  id: "29:1alexw-0000-4000-8000-000000000000",
  name: "Alex Wilber",
  aadObjectId: "7c3e2a91-5d4b-4f6e-8a1c-2b9d0e4f6a13",
};

/**
 * One real bot process and one Agents Playground in front of it, started at once on a port chosen up
 * front (the Playground does not need the bot until the first message). If either fails to start, the
 * other is stopped before the failure is thrown.
 */
export async function startBotWithPlayground(): Promise<{ bot: BotProcess; pg: Playground }> {
  const port = await freePort("127.0.0.1");
  const [started, playground] = await Promise.allSettled([
    startBotProcess({ PORT: String(port), ADMIN_AAD_IDS: playgroundAdmin.aadObjectId }),
    Playground.start({ botEndpoint: `http://127.0.0.1:${port}/api/messages`, currentUser: playgroundAdmin }),
  ]);
  if (started.status === "fulfilled" && playground.status === "fulfilled")
    return { bot: started.value, pg: playground.value };
  await Promise.all([
    started.status === "fulfilled" ? started.value.stop() : undefined,
    playground.status === "fulfilled" ? playground.value.stop() : undefined,
  ]);
  throw started.status === "rejected" ? started.reason : (playground as PromiseRejectedResult).reason;
}

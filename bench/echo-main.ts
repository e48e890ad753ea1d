import { startEchoBot } from "./echo-bot.js";

/** Entry point for the echo bot child process: PORT and HOST from the environment, stops on SIGTERM. */
async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? "3979");
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`Invalid PORT ${process.env.PORT}`);
  const bot = await startEchoBot({ port, host: process.env.HOST ?? "127.0.0.1" });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await bot.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Echo bot failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});

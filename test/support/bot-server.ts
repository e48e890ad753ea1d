import { composeBot } from "../../src/compose.js";
import { parseConfig } from "../../src/config/config.js";
import { silentLogger, type Logger } from "../../src/log.js";
import type { TokenAuthority } from "../../src/teams/index.js";
import { startServer, type RunningServer } from "../../src/server.js";
import type { DocumentStore } from "../../src/store/document-store.port.js";
import { tempDir } from "./temp-dir.js";
import { openTestStore, storeEnvFor } from "./test-store.js";

/**
 * The real HTTP server on a free loopback port, on this test file's store (test/support/test-store.ts): an
 * embedded store in a temp folder, or a fresh container on the local Cosmos server in the cosmos project.
 */
export async function startBotServer(
  env: Record<string, string> = {},
  openStore?: () => Promise<DocumentStore>,
  options: { readonly authority?: TokenAuthority; readonly log?: Logger } = {},
) {
  const dir = await tempDir("server");
  const config = parseConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dir.path,
    ...storeEnvFor(dir.path),
    ...env,
  });
  const store = openStore ? await openStore() : await openTestStore(dir.path);
  const log = options.log ?? silentLogger;
  const { app, notifications, searchBackfill, opportunityBackfill } = composeBot({ config, store, log });
  await searchBackfill.start();
  const server: RunningServer = await startServer({
    config,
    app,
    store,
    log,
    ...(options.authority ? { authority: options.authority } : {}),
  });
  await notifications.start();
  await opportunityBackfill.start();
  const url = `http://127.0.0.1:${server.port}`;
  return {
    url,
    store,
    notifications,
    searchBackfill,
    async post(activity: unknown, headers: Record<string, string> = {}) {
      return fetch(`${url}/api/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: typeof activity === "string" ? activity : JSON.stringify(activity),
      });
    },
    async stop() {
      await server.close();
      await notifications.stop();
      await searchBackfill.stop();
      await opportunityBackfill.stop();
      await store.close();
      await dir.remove();
    },
  };
}

let activityCounter = 0;

/** A Teams message activity as the Teams service would post it. */
export function teamsMessage(options: {
  serviceUrl: string;
  text?: string;
  value?: unknown;
  tenantId?: string;
  user?: { id: string; name: string; aadObjectId: string };
  conversationId?: string;
  conversationType?: "personal" | "channel" | "groupChat";
  locale?: string;
  type?: string;
  name?: string;
}) {
  const tenantId = options.tenantId ?? "tenant-a";
  const user = options.user ?? {
    id: "29:ann",
    name: "Ann Berg",
    aadObjectId: "00000000-0000-0000-0000-00000000a001",
  };
  return {
    type: options.type ?? "message",
    ...(options.name ? { name: options.name } : {}),
    id: `activity-${++activityCounter}`,
    channelId: "msteams",
    serviceUrl: options.serviceUrl,
    timestamp: "2026-11-23T09:30:00.000Z",
    locale: options.locale ?? "en-US",
    from: user,
    recipient: { id: "28:pipeline-bot", name: "Pipeline" },
    conversation: {
      id: options.conversationId ?? `a:personal-${user.id}`,
      conversationType: options.conversationType ?? "personal",
      tenantId,
    },
    channelData: { tenant: { id: tenantId } },
    ...(options.text !== undefined ? { text: options.text, textFormat: "plain" } : {}),
    ...(options.value !== undefined ? { value: options.value } : {}),
  };
}

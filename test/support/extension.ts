import { expect } from "vitest";
import { teamsMessage, type startBotServer } from "./bot-server.js";
import type { RecordingConnector } from "./recording-connector.js";

type Bot = Awaited<ReturnType<typeof startBotServer>>;
export type User = { readonly id: string; readonly name: string; readonly aadObjectId: string };

/** One attachment of a composeExtension result: the card to insert and its preview. */
export interface ResultAttachment {
  readonly contentType: string;
  readonly content: Record<string, unknown> & { version?: string; body?: unknown[]; actions?: unknown[] };
  readonly preview: { readonly contentType: string; readonly content: Record<string, string> };
}

/**
 * A Teams client using the message extension through the bot's real HTTP endpoint: the invokes Teams sends
 * (composeExtension/*, application/search) and the invoke response bodies the bot answers with.
 */
export function extensionClient(bot: () => Bot, connector: () => RecordingConnector) {
  const invoke = async (name: string, value: unknown, user: User, tenantId: string) => {
    const activity = teamsMessage({
      serviceUrl: connector().serviceUrl,
      type: "invoke",
      name,
      value,
      user,
      tenantId,
    });
    const response = await bot().post(activity);
    return { status: response.status, body: (await response.json().catch(() => undefined)) as unknown };
  };
  /** The result attachments, or the message Teams would show instead. */
  const resultsOf = (body: unknown) => {
    const extension = (body as { composeExtension?: Record<string, unknown> }).composeExtension;
    expect(extension, JSON.stringify(body)).toBeDefined();
    if (extension?.type === "message") return { message: String(extension.text), attachments: [] };
    expect(extension?.type).toBe("result");
    expect(extension?.attachmentLayout).toBe("list");
    return { message: undefined, attachments: extension?.attachments as ResultAttachment[] };
  };
  return {
    invoke,
    async search(
      user: User,
      tenantId: string,
      text?: string,
      options: { skip?: number; count?: number } = {},
    ) {
      const parameters =
        text === undefined ? [{ name: "initialRun", value: "true" }] : [{ name: "query", value: text }];
      const { status, body } = await invoke(
        "composeExtension/query",
        {
          commandId: "searchRecords",
          parameters,
          queryOptions: { skip: options.skip ?? 0, count: options.count ?? 25 },
        },
        user,
        tenantId,
      );
      expect(status).toBe(200);
      const results = resultsOf(body);
      return { ...results, titles: results.attachments.map((a) => a.preview.content.title ?? "") };
    },
    async unfurl(user: User, tenantId: string, url: string, anonymous = false) {
      const name = anonymous ? "composeExtension/anonymousQueryLink" : "composeExtension/queryLink";
      const { status, body } = await invoke(name, { url }, user, tenantId);
      expect(status).toBe(200);
      return { body, ...resultsOf(body) };
    },
  };
}

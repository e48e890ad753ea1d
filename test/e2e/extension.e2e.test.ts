import { afterAll, beforeAll, expect, test } from "vitest";
import type { BotProcess } from "./support/bot-process.js";
import { startBotWithPlayground } from "./support/bot-and-playground.js";
import type { Playground } from "./support/playground.js";

/**
 * The message extension end to end, through the Microsoft 365 Agents Playground's Teams client API and a
 * real bot process: find an opportunity and take its card, paste its link, create a lead from a message,
 * add a message to the opportunity as a note.
 */

const hookTimeoutMs = 120_000;
const testTimeoutMs = 30_000;
let bot: BotProcess;
let pg: Playground;

type Results = {
  composeExtension?: { type: string; attachments?: { preview: { content: { title: string } } }[] };
};
const titles = (body: unknown) =>
  ((body as Results).composeExtension?.attachments ?? []).map((a) => a.preview.content.title);

beforeAll(async () => {
  ({ bot, pg } = await startBotWithPlayground());
  await say("account new Contoso Ltd domain=contoso.com");
  await say("opp new Server upgrade account=A-1001 value=12000");
}, hookTimeoutMs);

afterAll(async () => {
  await pg?.stop();
  await bot?.stop();
}, hookTimeoutMs);

test(
  "search finds the opportunity; its link unfurls into the same compact card",
  async () => {
    const found = await pg.extensionInvoke(pg.personalChatId, "composeExtension/query", {
      commandId: "searchRecords",
      parameters: [{ name: "query", value: "server" }],
      queryOptions: { skip: 0, count: 25 },
    });
    expect(titles(found)).toEqual(["O-1001 · Server upgrade"]);
    const unfurled = await pg.extensionInvoke(pg.personalChatId, "composeExtension/queryLink", {
      url: `${bot.url}/r/O-1001`,
    });
    expect(titles(unfurled)).toEqual(["O-1001 · Server upgrade"]);
  },
  testTimeoutMs,
);

const messagePayload = {
  id: "1700000000000",
  body: {
    contentType: "html",
    content: "<p>Warehouse scanners for 40 sites</p><p>Mail kim@fabrikam.com</p>",
  },
  from: { user: { displayName: "Kim Berg" } },
  createdDateTime: "2026-11-23T08:15:00.000Z",
  linkToMessage: "https://teams.microsoft.com/l/message/19:abc@thread.v2/1700000000000",
};

test(
  "Create lead from message: the form comes prefilled, and submitting it creates the lead with the message as its note",
  async () => {
    const opened = (await pg.extensionInvoke(pg.personalChatId, "composeExtension/fetchTask", {
      commandId: "createLead",
      commandContext: "message",
      messagePayload,
    })) as { task?: { type: string; value: { card: { content: unknown } } } };
    expect(opened.task?.type).toBe("continue");
    expect(JSON.stringify(opened.task?.value.card.content)).toContain("Warehouse scanners for 40 sites");
    const created = await pg.extensionInvoke(pg.personalChatId, "composeExtension/submitAction", {
      commandId: "createLead",
      commandContext: "message",
      messagePayload,
      data: {
        topic: "Warehouse scanners for 40 sites",
        first: "Kim",
        last: "Berg",
        email: "kim@fabrikam.com",
        note: "Mail kim@fabrikam.com",
      },
    });
    expect(titles(created)).toEqual(["L-1001 · Warehouse scanners for 40 sites"]);
  },
  testTimeoutMs,
);

test(
  "Add to a lead or opportunity: the message becomes a note on O-1001",
  async () => {
    const added = (await pg.extensionInvoke(pg.personalChatId, "composeExtension/submitAction", {
      commandId: "addToRecord",
      commandContext: "message",
      messagePayload,
      data: { record: "O-1001", note: "Wants 40 scanners" },
    })) as { task?: { type: string; value: string } };
    expect(added.task).toEqual({ type: "message", value: "The message was added to O-1001 as a note." });
  },
  testTimeoutMs,
);

/** Types a command in the personal chat and waits until the bot has answered it. */
async function say(text: string): Promise<void> {
  const mark = pg.mark();
  const post = await pg.send(pg.personalChatId, text);
  const turn = await pg.nextTurn(
    (t) => t.seq >= mark && t.type === "message" && t.conversationId === post.conversationId,
  );
  expect(turn.status).toBe(200);
}

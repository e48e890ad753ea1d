import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { composeServices } from "../../src/compose.js";
import type { startBotServer } from "../support/bot-server.js";
import { cardInputs } from "../support/card-validation.js";
import { actorOf, extensionClient, startSeededBot, tenant, users, type User } from "../support/extension.js";
import { RecordingConnector } from "../support/recording-connector.js";

/**
 * The message actions over HTTP (composeExtension/fetchTask, composeExtension/submitAction, and the note
 * form's searchable record picker, application/search): "Create lead from message" opens a form prefilled
 * from the message and creates the lead with the message as its first note; "Add to a lead or opportunity"
 * adds the message as a note. Bad input comes back in the form next to its field and changes nothing;
 * partner users and other tenants' users get nothing they may not have.
 */

const { ann, pia, tor, eve } = users;
let connector: RecordingConnector;
let bot: Awaited<ReturnType<typeof startBotServer>>;
let services: ReturnType<typeof composeServices>;
const client = extensionClient(
  () => bot,
  () => connector,
);

const messagePayload = {
  id: "1700000000000",
  body: {
    contentType: "html",
    content:
      "<p>Nordic rollout for all our warehouses</p><p>Call me on +45 33 12 34 56 or mail <a href='mailto:maja@fabrikam-foods.dk'>maja@fabrikam-foods.dk</a> &amp; we&#39;ll talk.</p>",
  },
  from: {
    user: {
      id: "8:orgid:x",
      displayName: "Maja Sørensen",
      aadObjectId: "00000000-0000-4000-8000-0000000000c1",
    },
  },
  createdDateTime: "2026-11-23T08:15:00.000Z",
  linkToMessage: "https://teams.microsoft.com/l/message/19:abc@thread.v2/1700000000000",
};

type TaskBody = {
  task?: { type: string; value: unknown };
  composeExtension?: {
    type: string;
    attachments: { content: Record<string, unknown>; preview: { content: { title: string } } }[];
  };
};

async function action(kind: "fetchTask" | "submitAction", user: User, commandId: string, data?: unknown) {
  const { status, body } = await client.invoke(
    `composeExtension/${kind}`,
    { commandId, commandContext: "message", messagePayload, ...(data === undefined ? {} : { data }) },
    user,
    tenant,
  );
  expect(status).toBe(200);
  return body as TaskBody;
}

/** The dialog's card, its inputs' values, and every text in it. */
function form(body: TaskBody) {
  expect(body.task?.type, JSON.stringify(body)).toBe("continue");
  const value = body.task?.value as {
    card: { contentType: string; content: Record<string, unknown> };
    title: string;
  };
  expect(value.card.contentType).toBe("application/vnd.microsoft.card.adaptive");
  const card = value.card.content;
  const values = Object.fromEntries(cardInputs(card).map((i) => [i.id, i.value]));
  return { card, title: value.title, values, json: JSON.stringify(card) };
}

/** The text right below an input: where the form says what is wrong with it. */
function errorBelow(card: Record<string, unknown>, id: string): string {
  const body = card.body as Record<string, unknown>[];
  const at = body.findIndex((e) => e.id === id);
  const next = body[at + 1];
  return next?.type === "TextBlock" && next.color === "Attention" ? String(next.text) : "";
}

async function leadDocuments() {
  return (await bot.store.query(tenant, { type: "lead", limit: 100 })).items.map((i) => i.body.id);
}

beforeAll(async () => {
  connector = await RecordingConnector.start();
  ({ bot, services } = await startSeededBot(connector));
});

afterAll(async () => {
  await bot?.stop();
  await connector?.close();
});

describe("Create lead from message", () => {
  test("opens a form prefilled from the message: topic, sender's name, company, email, phone, note", async () => {
    const { title, values } = form(await action("fetchTask", ann, "createLead"));
    expect(title).toBe("Create lead from message");
    expect(values).toEqual({
      topic: "Nordic rollout for all our warehouses",
      first: "Maja",
      last: "Sørensen",
      company: "Fabrikam-foods",
      email: "maja@fabrikam-foods.dk",
      phone: "+45 33 12 34 56",
      note: "Nordic rollout for all our warehouses\nCall me on +45 33 12 34 56 or mail maja@fabrikam-foods.dk & we'll talk.",
    });
  });

  test("bad input comes back in the form, each problem next to its field, and nothing is created", async () => {
    const before = await leadDocuments();
    const { card, values } = form(
      await action("submitAction", ann, "createLead", {
        topic: " ",
        last: "Sørensen",
        email: "maja@",
        phone: "call me",
      }),
    );
    expect(errorBelow(card, "topic")).toBe("Topic is required.");
    expect(errorBelow(card, "email")).toBe("Email must be an email address, like ann@contoso.com.");
    expect(errorBelow(card, "last")).toBe("");
    expect(values.email).toBe("maja@");
    // The domain's own rule (a last name) is answered the same way.
    const missingName = form(await action("submitAction", ann, "createLead", { topic: "Rollout" }));
    expect(errorBelow(missingName.card, "last")).toBe("Last name is required.");
    expect(await leadDocuments()).toEqual(before);
  });

  test("submitted, it creates the lead with the message as its first note and answers with its card", async () => {
    const { values } = form(await action("fetchTask", ann, "createLead"));
    const body = await action("submitAction", ann, "createLead", values);
    const [attachment] = body.composeExtension?.attachments ?? [];
    expect(attachment?.preview.content.title).toBe("L-1003 · Nordic rollout for all our warehouses");
    const shown = await services.leads.show(actorOf(ann, "rep"), "L-1003");
    if (!shown.ok) throw new Error(shown.error.code);
    const lead = shown.value.value;
    expect([lead.firstName, lead.lastName, lead.company, lead.email, lead.businessPhone]).toEqual([
      "Maja",
      "Sørensen",
      "Fabrikam-foods",
      "maja@fabrikam-foods.dk",
      "+45 33 12 34 56",
    ]);
    expect(lead.timeline).toHaveLength(1);
    expect(lead.timeline[0]?.by.id).toBe(ann.aadObjectId);
    expect(lead.timeline[0]?.text).toBe(
      "Message from Maja Sørensen, Nov 23, 2026, 8:15 AM: Nordic rollout for all our warehouses\n" +
        "Call me on +45 33 12 34 56 or mail maja@fabrikam-foods.dk & we'll talk.\n" +
        `Message in Teams: ${messagePayload.linkToMessage}`,
    );
  });

  test("a partner user and another tenant's user are refused at once, and a forged submission creates nothing", async () => {
    const before = await leadDocuments();
    for (const user of [pia, tor]) {
      const opened = await action("fetchTask", user, "createLead");
      expect(opened.task?.type, user.name).toBe("message");
      const forged = await action("submitAction", user, "createLead", { topic: "Forged", last: "X" });
      expect(forged.task?.type, user.name).toBe("message");
    }
    expect(await leadDocuments()).toEqual(before);
  });
});

describe("Add to a lead or opportunity", () => {
  test("opens a form with a searchable choice of the user's recent records and the message as the note", async () => {
    const { card, values } = form(await action("fetchTask", ann, "addToRecord"));
    const picker = (card.body as Record<string, unknown>[]).find((e) => e.id === "record");
    expect(picker?.type).toBe("Input.ChoiceSet");
    expect(picker?.["choices.data"]).toEqual({ type: "Data.Query", dataset: "records" });
    expect((picker?.choices as { value: string }[]).map((c) => c.value)).toEqual([
      "L-1003",
      "O-1001",
      "L-1001",
    ]);
    expect(values.note).toContain("Nordic rollout for all our warehouses");
  });

  test("the picker searches the user's visible leads and opportunities as they type (application/search)", async () => {
    const search = async (user: User, queryText: string) => {
      const { status, body } = await client.invoke(
        "application/search",
        { queryText, dataset: "records", queryOptions: { skip: 0, top: 15 } },
        user,
        tenant,
      );
      expect(status).toBe(200);
      expect((body as { type: string }).type).toBe("application/vnd.microsoft.search.searchResponse");
      return (body as { value: { results: { title: string; value: string }[] } }).value.results;
    };
    expect(await search(ann, "cloud")).toEqual([{ title: "O-1002 · Cloud migration", value: "O-1002" }]);
    expect((await search(ann, "contoso")).map((r) => r.value)).toEqual(["O-1002", "O-1001", "L-1001"]);
    expect((await search(pia, "contoso")).map((r) => r.value)).toEqual(["O-1002"]);
    expect(await search(tor, "contoso")).toEqual([]);
  });

  test("submitted, the message becomes a timeline note with its author, time and link", async () => {
    const body = await action("submitAction", ann, "addToRecord", { record: "o-1001", note: "Wants a call" });
    expect(body.task).toEqual({ type: "message", value: "The message was added to O-1001 as a note." });
    const shown = await services.opportunities.show(actorOf(eve, "admin"), "O-1001");
    if (!shown.ok) throw new Error(shown.error.code);
    expect(shown.value.opportunity.timeline.at(-1)?.text).toBe(
      `Message from Maja Sørensen, Nov 23, 2026, 8:15 AM: Wants a call\nMessage in Teams: ${messagePayload.linkToMessage}`,
    );
  });

  test("no record chosen, or one the user may not note, is said next to the picker; nothing changes", async () => {
    const none = form(await action("submitAction", ann, "addToRecord", { note: "x" }));
    expect(errorBelow(none.card, "record")).toBe("Choose a lead or opportunity.");
    const before = JSON.stringify(await bot.store.query(tenant, { type: "opportunity", limit: 100 }));
    for (const record of ["O-1001", "L-1001"]) {
      const refused = form(await action("submitAction", pia, "addToRecord", { record, note: "x" }));
      expect(errorBelow(refused.card, "record"), record).toMatch(/\S/);
    }
    const tors = await action("submitAction", tor, "addToRecord", { record: "O-1001", note: "x" });
    expect(tors.task?.type).toBe("message");
    expect(JSON.stringify(await bot.store.query(tenant, { type: "opportunity", limit: 100 }))).toBe(before);
  });

  test("an unknown command or a value Teams never sends is answered without a change", async () => {
    expect((await action("fetchTask", ann, "nope")).task?.type).toBe("message");
    expect((await client.invoke("composeExtension/submitAction", "x", ann, tenant)).status).toBe(400);
  });
});

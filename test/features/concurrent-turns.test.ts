import { afterAll, beforeAll, expect, test } from "vitest";
import { StoreLeadRepository } from "../../src/store/lead.repository.js";
import { ReferenceAllocator } from "../../src/store/reference-allocator.js";
import { startBotServer, teamsMessage } from "../support/bot-server.js";
import { cardOf, cardText, RecordingConnector } from "../support/recording-connector.js";

/**
 * One person's simultaneous messages: every turn records who wrote and where (the directory), and turns of
 * the same user race on that record. Whichever write wins, every command is answered as if alone.
 */

const user = { id: "29:ann", name: "Ann Berg", aadObjectId: "00000000-0000-4000-8000-00000000a001" };
let connector: RecordingConnector;
let bot: Awaited<ReturnType<typeof startBotServer>>;

beforeAll(async () => {
  connector = await RecordingConnector.start();
  bot = await startBotServer();
  await bot.post(
    teamsMessage({ serviceUrl: connector.serviceUrl, text: "lead new Website redesign last=Berg", user }),
  );
});

afterAll(async () => {
  await bot?.stop();
  await connector?.close();
});

test("sixteen messages of one user at once, from sixteen conversations, are all answered", async () => {
  const activities = Array.from({ length: 16 }, (_, i) =>
    teamsMessage({
      serviceUrl: connector.serviceUrl,
      text: "lead show L-1001",
      user,
      conversationId: i % 2 === 0 ? `a:personal-${i}` : `19:channel-${i}@thread.tacv2`,
      conversationType: i % 2 === 0 ? "personal" : "channel",
    }),
  );
  const statuses = await Promise.all(activities.map(async (a) => (await bot.post(a)).status));
  expect(statuses).toEqual(activities.map(() => 200));
  for (const a of activities) {
    const replies = connector.received.filter((r) => r.body.replyToId === a.id);
    expect(replies).toHaveLength(1);
    expect(cardText(cardOf(replies[0]))).toContain("Website redesign");
  }
});

const colleagues = [0, 1, 2, 3].map((i) => ({
  id: `29:rep-${i}`,
  name: `Rep ${i}`,
  aadObjectId: `00000000-0000-4000-8000-0000000b000${i}`,
}));

/** The lead's stored timeline, read through the service (the card shows only the latest entries). */
/** Every note of the lead: the lead keeps its latest five, each note is a document of its own. */
async function storedNotes(ref: string): Promise<string[]> {
  const notes = await new StoreLeadRepository(bot.store, new ReferenceAllocator(bot.store)).timeline(
    "tenant-a",
    ref,
    1000,
  );
  return notes.map((e) => e.text);
}

test("four people adding notes to one lead at once: every note is saved, none refused", async () => {
  const created = teamsMessage({
    serviceUrl: connector.serviceUrl,
    text: "lead new Busy lead last=Berg",
    user,
  });
  await bot.post(created);
  const ref = /L-\d+/.exec(
    connector.received
      .filter((r) => r.body.replyToId === created.id)
      .map((r) => `${r.body.text ?? ""} ${cardText(cardOf(r))}`)
      .join(" "),
  )?.[0];
  expect(ref).toBeDefined();
  // Each person writes one note after another, as people do; the four of them at once.
  const byPerson = colleagues.map((c) =>
    Array.from({ length: 10 }, (_, i) =>
      teamsMessage({
        serviceUrl: connector.serviceUrl,
        text: `note ${ref} from ${c.name} number ${i}`,
        user: c,
      }),
    ),
  );
  const statuses = await Promise.all(
    byPerson.map(async (notes) => {
      const seen: number[] = [];
      for (const note of notes) seen.push((await bot.post(note)).status);
      return seen;
    }),
  );
  const notes = byPerson.flat();
  expect(statuses.flat()).toEqual(notes.map(() => 200));
  const answers = notes.map((a) =>
    connector.received
      .filter((r) => r.body.replyToId === a.id)
      .map((r) => `${r.body.text ?? ""} ${cardText(cardOf(r))}`)
      .join(" "),
  );
  expect(answers.filter((a) => /same moment|changed meanwhile|changed .* meanwhile/i.test(a))).toEqual([]);
  const stored = await storedNotes(ref ?? "");
  for (const c of colleagues)
    for (let i = 0; i < 10; i++) expect(stored).toContain(`from ${c.name} number ${i}`);
});

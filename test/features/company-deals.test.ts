import { afterAll, beforeAll, expect, test } from "vitest";
import type { BatchOperation, DocumentStore } from "../../src/store/document-store.port.js";
import { startBotServer } from "../support/bot-server.js";
import { executeActions } from "../support/card-validation.js";
import { chat } from "../support/chat.js";
import { RecordingConnector } from "../support/recording-connector.js";
import { tempDir } from "../support/temp-dir.js";
import { openTestStore, testStoreKind } from "../support/test-store.js";

const ann = { id: "29:ann", name: "Ann Berg", aadObjectId: "00000000-0000-0000-0000-00000000a001" };
const tenant = "tenant-a";

/**
 * The test's store with a switch: while `failBatches` is on, every batch gets one more operation that cannot
 * succeed (a guarded delete of a document that does not exist), so the real adapter must refuse the batch as a
 * whole and apply none of the operations before it.
 */
let failBatches = false;
function failingBatches(store: DocumentStore): DocumentStore {
  return new Proxy(store, {
    get(target, name, receiver) {
      if (name !== "batch") return Reflect.get(target, name, receiver) as unknown;
      return (tenantId: string, operations: readonly BatchOperation[]) =>
        target.batch(
          tenantId,
          failBatches
            ? [...operations, { op: "delete", id: "test:missing", ifMatch: "no-such-etag" }]
            : operations,
        );
    },
  });
}

let connector: RecordingConnector;
let bot: Awaited<ReturnType<typeof startBotServer>>;
let dir: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  connector = await RecordingConnector.start();
  dir = await tempDir("company-deals");
  bot = await startBotServer({}, async () => failingBatches(await openTestStore(dir.path)));
});

afterAll(async () => {
  await bot?.stop();
  await connector?.close();
  await dir?.remove();
});

const { say, press } = chat(
  () => bot,
  () => connector,
  { user: ann },
);
const verbs = (card: unknown) => executeActions(card).map((a) => a.verb);
const stored = (id: string) => bot.store.read(tenant, id);

test("a lead that names a company becomes the account's opportunity, with the person as primary contact, and can be quoted", async () => {
  await say("lead new Website redesign first=Ann last=Berg company=Contoso email=ann@contoso.com");
  expect((await say("lead qualify L-1001")).text).toContain(
    "Lead L-1001 qualified: opportunity O-1001, account A-1001, contact C-1001.",
  );

  const shown = await say("opp show O-1001");
  expect(shown.text).toContain("Contoso · Account A-1001");
  expect(shown.text).toContain("Primary contact");
  expect(shown.text).toContain("Ann Berg (C-1001)");

  await say("opp line O-1001 Design qty=1 price=5000");
  const card = (await say("opp show O-1001")).cards[0];
  expect(verbs(card)).toContain("opp.quote");
  expect((await say("opp quote O-1001")).text).toContain("Q-1001");
});

test("a lead without a company gives an opportunity for the person, and its card offers no Quote", async () => {
  await say("lead new Kitchen refit first=Bo last=Lind email=bo@example.net");
  expect((await say("lead qualify L-1002")).text).toContain("opportunity O-1002");
  await say("opp line O-1002 Cabinets qty=2 price=900");

  const card = (await say("opp show O-1002")).cards[0];
  expect((await say("opp show O-1002")).text).toContain("Bo Lind · Contact C-1002");
  expect(verbs(card)).toContain("opp.line.form");
  expect(verbs(card)).not.toContain("opp.quote");
});

// The local Cosmos server applies batches one operation at a time (TOOLING.md), unlike Cosmos DB, whose
// transactional batch is all or none; the contract suite skips its atomicity checks there for the same reason.
test.skipIf(testStoreKind === "cosmos")(
  "a qualification whose one write fails leaves nothing written; qualifying again then works",
  async () => {
    await say("lead new Fleet deal first=Cy last=Holm company=Northwind email=cy@northwind.example");
    failBatches = true;
    try {
      const refused = await say("lead qualify L-1003");
      expect(refused.text).not.toContain("qualified:");
    } finally {
      failBatches = false;
    }
    // The references were taken (A-1002, C-1003, O-1003) but nothing was written under them.
    for (const id of ["account:A-1002", "contact:C-1003", "opportunity:O-1003"]) {
      expect(await stored(id)).toBeUndefined();
    }
    const lead = await stored("lead:L-1003");
    expect(lead?.body).toMatchObject({ status: "open" });
    expect(lead?.body).not.toHaveProperty("qualification");

    expect((await say("lead qualify L-1003")).text).toContain(
      "Lead L-1003 qualified: opportunity O-1004, account A-1003, contact C-1004.",
    );
    expect((await say("opp show O-1004")).text).toContain("Northwind · Account A-1003");
  },
);

test("the card's buttons of a person opportunity never offer what the rules refuse", async () => {
  const card = (await press("opp.show", { ref: "O-1002" })).card;
  expect(verbs(card)).not.toContain("opp.quote");
});

import { afterAll, beforeAll, expect, test } from "vitest";
import { composeServices } from "../../src/compose.js";
import type { Actor } from "../../src/domain/shared/actor.js";
import { en } from "../../src/i18n/en.js";
import { cycleMessages } from "../../src/features/cycles/cycles.messages.js";
import { opportunityMessages } from "../../src/features/opportunities/opportunities.messages.js";
import { partnerMessages } from "../../src/features/opportunities/partners.messages.js";
import { StoreError, type DocumentStore } from "../../src/store/document-store.port.js";
import { startBotServer, teamsMessage } from "../support/bot-server.js";
import { chat } from "../support/chat.js";
import { RecordingConnector } from "../support/recording-connector.js";
import { openTestStore } from "../support/test-store.js";
import { tempDir } from "../support/temp-dir.js";

/**
 * Commands that write several times, whose storage fails after part was saved: the answer says what was done
 * and what was not (or may have been), never "nothing was changed". `lead qualify` of several leads (a write
 * per lead), `opp purge` (a delete per opportunity) and `cycle stage delete` (the setup, then a write per
 * opportunity moved). The failure is injected at the DocumentStore port, over the real store, on the n-th
 * write to a document of one kind; everything above it (repositories, services, app, HTTP, texts) is the
 * bot's own.
 */

interface Injected {
  /** Writes whose (first) document id matches; the `nth` of them fails, and every later one. */
  readonly ids: RegExp;
  readonly nth: number;
  readonly unknown: boolean;
}
let injected: Injected | undefined;
let seen_ = 0;

const writes = new Set(["create", "replace", "delete", "batch"]);

/** The id of the document a write names first: a batch's first operation, a create's or replace's body. */
function firstId(name: string, args: readonly unknown[]): string {
  const [, second] = args;
  if (name === "delete") return String(second);
  if (name === "batch") {
    const [first] = second as readonly { op: string; id?: string; body?: { id: string } }[];
    return String(first?.op === "delete" ? first.id : first?.body?.id);
  }
  return String((second as { id?: unknown }).id);
}

function failingStore(store: DocumentStore): DocumentStore {
  return new Proxy(store, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== "function" || typeof name !== "string") return value;
      return (...args: unknown[]) => {
        if (injected && writes.has(name) && injected.ids.test(firstId(name, args))) {
          seen_ += 1;
          if (seen_ >= injected.nth) {
            const { unknown } = injected;
            return Promise.reject(
              unknown
                ? new StoreError("unavailable", "Cosmos batch: its answer did not say (HTTP 503).", {
                    outcomeUnknown: true,
                  })
                : new StoreError("unavailable", "Cosmos batch failed (HTTP 503)."),
            );
          }
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

const eve = { id: "29:eve", name: "Eve Admin", aadObjectId: "00000000-0000-0000-0000-00000000e002" };
const tenantId = "partial-tenant";
const eveActor: Actor = { tenantId, userId: eve.aadObjectId, name: eve.name, role: "admin" };

let connector: RecordingConnector;
let bot: Awaited<ReturnType<typeof startBotServer>>;
let dir: Awaited<ReturnType<typeof tempDir>>;
const { say } = chat(
  () => bot,
  () => connector,
  { tenantId, user: eve },
);

beforeAll(async () => {
  connector = await RecordingConnector.start();
  dir = await tempDir("partial-writes");
  bot = await startBotServer({ ADMIN_AAD_IDS: eve.aadObjectId }, async () =>
    failingStore(await openTestStore(dir.path)),
  );
  expect((await say("account new Partial Oy")).text).toMatch(/A-1001/);
});

afterAll(async () => {
  injected = undefined;
  await bot?.stop();
  await connector?.close();
  await dir?.remove();
});

async function withFailure(failure: Injected, text: string, locale = "en-US"): Promise<string> {
  injected = failure;
  seen_ = 0;
  try {
    return (await say(text, { locale })).text;
  } finally {
    injected = undefined;
  }
}

async function newLead(name: string): Promise<string> {
  const ref = /L-\d+/.exec((await say(`lead new ${name} last=Berg company=${name} Ltd`)).text)?.[0];
  if (!ref) throw new Error("no lead created");
  return ref;
}

test("qualifying several leads: those qualified before the storage failed are told, the rest named", async () => {
  const [first, second, third] = [await newLead("One"), await newLead("Two"), await newLead("Three")];
  const reply = await withFailure(
    { ids: /^lead:/, nth: 2, unknown: false },
    `lead qualify ${first} ${second} ${third}`,
  );
  const lines = reply.split("\n");
  expect(lines[0]).toContain(first);
  expect(lines[0]).toMatch(/qualified/);
  expect(lines[1]).toBe(
    `${second} was not qualified: I lost the connection to the pipeline's storage. Try it again in a minute: lead qualify ${second}`,
  );
  expect(lines[2]).toBe(
    `${third} was not qualified: I stopped when the storage failed. Try it again in a minute: lead qualify ${third}`,
  );
  expect(reply).not.toMatch(/nothing was changed/);
  const leads = composeServices(bot.store).leads;
  expect((await leads.show(eveActor, first)).ok && (await leads.show(eveActor, first))).toMatchObject({
    value: { value: { status: "qualified" } },
  });
  const untouched = await leads.show(eveActor, second);
  expect(untouched.ok && untouched.value.value.status).not.toBe("qualified");
});

test.each([
  ["en-US", /can't tell whether it was qualified/],
  ["da-DK", /ved ikke, om det blev kvalificeret/],
  ["nb-NO", /vet ikke om det ble kvalifisert/],
  ["sv-SE", /vet inte om det kvalificerades/],
])("%s: a lead whose qualification may have been saved says so", async (locale, unknownText) => {
  const [first, second] = [await newLead(`Uno ${locale}`), await newLead(`Dos ${locale}`)];
  const reply = await withFailure(
    { ids: /^lead:/, nth: 2, unknown: true },
    `lead qualify ${first} ${second}`,
    locale,
  );
  const [done, unknown] = reply.split("\n");
  expect(done).toContain(first);
  expect(unknown).toContain(`lead show ${second}`);
  expect(unknown).toMatch(unknownText);
});

test("a single lead whose write fails keeps the general answer: nothing else was done", async () => {
  const only = await newLead("Solo");
  expect(await withFailure({ ids: /^lead:/, nth: 1, unknown: false }, `lead qualify ${only}`)).toBe(
    en["reply.store_unavailable"],
  );
});

/** Closed opportunities of Eve's, `count` of them. */
async function closedOpportunities(count: number, title: string): Promise<void> {
  const services = composeServices(bot.store);
  for (let i = 0; i < count; i++) {
    const created = await services.opportunities.create(eveActor, {
      title: `${title} ${i}`,
      account: "A-1001",
    });
    if (!created.ok) throw new Error(created.error.code);
    const closed = await services.opportunities.close(
      eveActor,
      created.value.opportunity.ref,
      "lost",
      "LOST-PRICE",
      "2026-03-01",
    );
    if (!closed.ok) throw new Error(closed.error.code);
  }
}

test("a purge that loses the storage part way says how many it deleted and to run it again", async () => {
  await closedOpportunities(4, "Purged");
  const reply = await withFailure(
    { ids: /^opportunity:/, nth: 3, unknown: false },
    "opp purge before=2026-06-30",
  );
  // Four deletes in flight at once: the third and fourth fail, the first two are deleted.
  expect(reply).toBe(`Closed opportunities deleted: 2. ${opportunityMessages.en["opp.purge_stopped"]}`);
  expect(await say("opp purge before=2026-06-30").then((r) => r.text)).toBe(
    "Closed opportunities deleted: 2.",
  );
});

test("a purge whose last delete may have been saved says a few more may be gone", async () => {
  await closedOpportunities(2, "Maybe");
  const reply = await withFailure(
    { ids: /^opportunity:/, nth: 2, unknown: true },
    "opp purge before=2026-06-30",
  );
  expect(reply).toBe(
    `Closed opportunities deleted: 1. ${opportunityMessages.en["opp.purge_stopped_unknown"]}`,
  );
});

test("a stage deleted before the storage failed on moving its opportunities is told as deleted", async () => {
  const services = composeServices(bot.store);
  for (const title of ["Mover 1", "Mover 2", "Mover 3"]) {
    const created = await services.opportunities.create(eveActor, { title, account: "A-1001" });
    if (!created.ok) throw new Error(created.error.code);
    for (let step = 0; step < 2; step++) {
      const moved = await services.opportunities.next(eveActor, created.value.opportunity.ref);
      if (!moved.ok) throw new Error(moved.error.code);
    }
  }
  const reply = await withFailure(
    { ids: /^opportunity:/, nth: 2, unknown: false },
    "cycle stage delete Propose replace=Develop",
  );
  expect(reply).toContain("Stage Propose deleted. 1 opportunity moved to Develop.");
  expect(reply).toContain(cycleMessages.en["cycle.stage.move_stopped"]);
  expect(reply).not.toMatch(/nothing was changed/);
});

const pia = { id: "29:pia", name: "Pia Fabrikam", aadObjectId: "00000000-0000-0000-0000-00000000f002" };

test("a partner's opp new whose write fails leaves no customer account behind: nothing was changed", async () => {
  const services = composeServices(bot.store);
  connector.members.set(pia.id, { ...pia, tenantId });
  const seen = await services.directory.seen({
    tenantId,
    userId: pia.aadObjectId,
    teamsId: pia.id,
    name: pia.name,
    conversation: {
      serviceUrl: connector.serviceUrl,
      conversationId: `a:personal-${pia.id}`,
      kind: "personal",
      botId: "28:pipeline-bot",
    },
    roster: { member: async () => ({ teamsId: pia.id, aadObjectId: pia.aadObjectId, name: pia.name }) },
  });
  const partner = await services.partners.create(eveActor, { name: "Fabrikam" });
  expect(partner.ok).toBe(true);
  expect((await services.partners.addMember(eveActor, "Fabrikam", seen)).ok).toBe(true);

  injected = { ids: /^opportunity:/, nth: 1, unknown: false };
  seen_ = 0;
  try {
    const reply = await say("opp new Shop fit-out account=Lost Retail", { user: pia });
    expect(reply.text).toBe(en["reply.store_unavailable"]);
  } finally {
    injected = undefined;
  }
  // The account was to be created with the opportunity; it used to be created before it, and was left behind.
  const accountsNamed = async (name: string) =>
    (await bot.store.query(tenantId, { type: "account", limit: 100 })).items.filter(
      (i) => i.body["name"] === name,
    );
  expect(await accountsNamed("Lost Retail")).toEqual([]);
  const created = await say("opp new Shop fit-out account=Lost Retail", { user: pia });
  expect(created.text).toMatch(/Opportunity O-\d+ created/);
  expect(await accountsNamed("Lost Retail")).toHaveLength(1);
});

test("assigning several: those assigned before the storage failed are told, the one that may be and the rest named", async () => {
  const bo = { id: "29:bo", name: "Bo Lind", aadObjectId: "00000000-0000-0000-0000-00000000b003" };
  connector.members.set(bo.id, { ...bo, tenantId });
  const services = composeServices(bot.store);
  const refs: string[] = [];
  for (const title of ["Assign 1", "Assign 2", "Assign 3"]) {
    const created = await services.opportunities.create(eveActor, { title, account: "A-1001" });
    if (!created.ok) throw new Error(created.error.code);
    refs.push(created.value.opportunity.ref);
  }
  const [first, second, third] = refs;
  const activity = {
    ...teamsMessage({
      serviceUrl: connector.serviceUrl,
      text: `opp assign ${refs.join(" ")} <at>${bo.name}</at>`,
      user: eve,
      tenantId,
    }),
    entities: [{ type: "mention", text: `<at>${bo.name}</at>`, mentioned: { id: bo.id, name: bo.name } }],
  };
  injected = { ids: /^opportunity:/, nth: 2, unknown: true };
  seen_ = 0;
  try {
    expect((await bot.post(activity)).status).toBe(200);
  } finally {
    injected = undefined;
  }
  const reply = connector.received
    .filter((r) => r.body.replyToId === activity.id)
    .map((r) => r.body.text ?? "")
    .join("\n");
  expect(reply).toBe(
    `Assigned to Bo Lind: ${first}.\n\n${second}: the connection to the pipeline's storage broke while I was saving, so I can't tell whether it was assigned; check with opp show ${second}. I stopped there and did not assign ${third}.`,
  );
  const owners = await Promise.all(refs.map((ref) => services.opportunities.show(eveActor, ref)));
  expect(owners.map((o) => o.ok && o.value.opportunity.owner.name)).toEqual([
    "Bo Lind",
    "Eve Admin",
    "Eve Admin",
  ]);
});

/** A message from Eve that mentions `person` where `text` says `@`; the texts replied. */
async function sayMentioning(text: string, person: { id: string; name: string }): Promise<string> {
  const activity = {
    ...teamsMessage({
      serviceUrl: connector.serviceUrl,
      text: text.replace("@", `<at>${person.name}</at>`),
      user: eve,
      tenantId,
    }),
    entities: [
      { type: "mention", text: `<at>${person.name}</at>`, mentioned: { id: person.id, name: person.name } },
    ],
  };
  expect((await bot.post(activity)).status).toBe(200);
  return connector.received
    .filter((r) => r.body.replyToId === activity.id)
    .map((r) => r.body.text ?? String(r.body.summary ?? ""))
    .join("\n");
}

const membersOf = async (name: string) => {
  const found = await composeServices(bot.store).partners.find(eveActor, name);
  return found.ok ? found.value.members.map((m) => m.name) : [];
};

test("moving a partner user to another partner: a storage failure part way says so, and running it again finishes", async () => {
  // Pia is a member of Fabrikam (the test above); Northwind is new.
  expect((await composeServices(bot.store).partners.create(eveActor, { name: "Northwind" })).ok).toBe(true);
  injected = { ids: /^partner:/, nth: 2, unknown: false };
  seen_ = 0;
  let reply: string;
  try {
    reply = await sayMentioning("partner add Northwind @", pia);
  } finally {
    injected = undefined;
  }
  expect(reply).toBe(
    partnerMessages.en["partner.add_incomplete"]
      .replace("{name}", pia.name)
      .replace("{partner}", "Northwind"),
  );
  // Off Fabrikam's members first: it no longer hears of what is distributed to Fabrikam.
  expect(await membersOf("Fabrikam")).toEqual([]);
  expect(await sayMentioning("partner add Northwind @", pia)).toMatch(/Northwind/);
  expect(await membersOf("Northwind")).toEqual([pia.name]);
  expect(await membersOf("Fabrikam")).toEqual([]);
});

test("a partner user made a rep whose removal from the partner's members fails is told granted, and still listed", async () => {
  injected = { ids: /^partner:/, nth: 1, unknown: false };
  seen_ = 0;
  let reply: string;
  try {
    reply = await sayMentioning("role @ rep", pia);
  } finally {
    injected = undefined;
  }
  expect(reply).toMatch(new RegExp(`^${pia.name} now has the role`));
  expect(reply).toContain("still listed there");
  expect(await membersOf("Northwind")).toEqual([pia.name]);
});

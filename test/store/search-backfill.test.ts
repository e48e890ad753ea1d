import { describe, expect, test } from "vitest";
import { newLead } from "../../src/domain/leads/lead.js";
import { newOpportunity } from "../../src/domain/opportunities/opportunity.js";
import { defaultSetup } from "../../src/domain/setup/tenant-setup.js";
import { silentLogger } from "../../src/log.js";
import { StoreDirectoryRepository } from "../../src/store/directory.repository.js";
import {
  StoreError,
  type BatchOperation,
  type DocumentBody,
  type DocumentStore,
} from "../../src/store/document-store.port.js";
import { toLeadDocument } from "../../src/store/lead.repository.js";
import { toOpportunityDocument } from "../../src/store/opportunity.repository.js";
import { toAccountDocument, toContactDocument } from "../../src/store/party.repository.js";
import { SearchBackfill, backfillProgressId } from "../../src/store/search-backfill.js";
import { bothStores } from "../support/both-stores.js";

/**
 * Records stored before the search fields existed get them from a one-time pass at start-up, resumable and
 * in pages, so the message extension finds a team's old records. Seeded here the old way: the documents the
 * repositories write, with the search fields taken out.
 */
const stores = bothStores("backfill");
const big = "t-backfill-big";
const small = "t-backfill-small";
const at = (n: number) => new Date(Date.UTC(2026, 5, 1, 9, 0, n)).toISOString();
const actorIn = (tenantId: string) => ({ tenantId, userId: "u-ann", name: "Ann", role: "rep" as const });

const withoutSearch = (body: DocumentBody): DocumentBody => {
  const { search: _s, searchAt: _a, searchBy: _b, ...rest } = body as Record<string, unknown>;
  return rest as DocumentBody;
};

function leadOf(tenantId: string, n: number) {
  return newLead(
    { topic: `Fleet renewal ${n}`, lastName: `Berg${n}`, company: "Contoso", email: `ann${n}@contoso.com` },
    `L-${1000 + n}`,
    actorIn(tenantId),
    new Date(at(n)),
  );
}

/** The big tenant: `leads` old leads; the small one an old opportunity, account and contact. */
async function seedOld(store: DocumentStore, leads: number): Promise<void> {
  const directory = new StoreDirectoryRepository(store);
  await directory.register(big, at(0));
  await directory.register(small, at(0));
  const creates: BatchOperation[] = Array.from({ length: leads }, (_, i) => ({
    op: "create",
    body: withoutSearch(toLeadDocument(leadOf(big, i + 1))),
  }));
  for (let i = 0; i < creates.length; i += 100) await store.batch(big, creates.slice(i, i + 100));
  const cycle = defaultSetup(small).cycles[0]!;
  const opp = newOpportunity(
    { title: "Wind farm", party: { kind: "account", ref: "A-1001", name: "Fabrikam" }, currency: "EUR" },
    "O-1001",
    cycle,
    actorIn(small),
    new Date(at(1)),
  );
  const stamp = { id: "u-ann", name: "Ann" };
  const account = {
    ref: "A-1001",
    tenantId: small,
    name: "Fabrikam",
    domain: "fabrikam.com",
    isCustomer: false,
    createdBy: stamp,
    createdAt: at(2),
  };
  const contact = {
    ref: "C-1001",
    tenantId: small,
    kind: "person" as const,
    firstName: "Ida",
    lastName: "Holm",
    email: "ida@fabrikam.com",
    isCustomer: false,
    createdBy: stamp,
    createdAt: at(3),
  };
  for (const body of [toOpportunityDocument(opp), toAccountDocument(account), toContactDocument(contact)])
    await store.create(small, withoutSearch(body));
}

const backfill = (
  store: DocumentStore,
  extra: Partial<ConstructorParameters<typeof SearchBackfill>[0]> = {},
) =>
  new SearchBackfill({
    store,
    tenants: () => new StoreDirectoryRepository(store).tenants(),
    sleep: async () => {},
    log: silentLogger,
    ...extra,
  });

const found = async (store: DocumentStore, tenant: string, words: string[], count = 50) =>
  (
    await store.search(tenant, {
      types: ["lead", "opportunity", "account", "contact"],
      words,
      skip: 0,
      count,
    })
  ).map((d) => d.body.id);

describe.each(stores)("search backfill on the %s store", (_name, open) => {
  test("old records are found after the pass, and nothing else about them changes", async () => {
    const { store, done } = await open();
    try {
      await seedOld(store, 230);
      expect(await found(store, big, ["fleet"])).toEqual([]);
      expect(await found(store, small, ["fabrikam"])).toEqual([]);
      const before = await store.read(big, "lead:L-1007");

      const pass = backfill(store);
      await pass.start();
      expect(await pass.finished()).toEqual({ done: true, filled: 233 });

      expect(await found(store, big, ["renewal", "7"], 5)).toEqual([
        "lead:L-1227",
        "lead:L-1217",
        "lead:L-1207",
        "lead:L-1197",
        "lead:L-1187",
      ]);
      expect(await found(store, big, ["ann7@contoso.com"])).toEqual(["lead:L-1007"]);
      expect((await found(store, small, ["fabrikam"])).sort()).toEqual([
        "account:A-1001",
        "contact:C-1001",
        "opportunity:O-1001",
      ]);
      expect(await found(store, small, ["ida", "holm"])).toEqual(["contact:C-1001"]);
      // The record is as it was, plus its search fields: same revision, same last-changed time.
      const after = await store.read(big, "lead:L-1007");
      expect(after?.body).toEqual({
        ...before?.body,
        search: "l-1007 | fleet renewal 7 | contoso | berg7 | ann7@contoso.com",
        searchAt: at(7),
        searchBy: "u-ann",
      });

      // A later start reads where it stands and does nothing more.
      const progress = await store.read("~pipeline", backfillProgressId);
      expect(progress?.body).toMatchObject({ done: true, filled: 233 });
      const again = backfill(store);
      await again.start();
      expect(await again.finished()).toEqual({ done: true, filled: 0 });
      expect((await store.read("~pipeline", backfillProgressId))?.etag).toBe(progress?.etag);
    } finally {
      await done();
    }
  });

  test("stopped after a page, the next start resumes where it stood", async () => {
    const { store, done } = await open();
    try {
      await seedOld(store, 230);
      const reads: string[] = [];
      const counting: DocumentStore = Object.create(store, {
        query: {
          value: (tenant: string, query: Parameters<DocumentStore["query"]>[1]) => {
            reads.push(`${tenant} ${query.type}`);
            return store.query(tenant, query);
          },
        },
      }) as DocumentStore;
      let first: SearchBackfill | undefined = undefined;
      first = backfill(counting, {
        // The process is stopped after its first page.
        sleep: async () => void first?.stop().catch(() => {}),
      });
      await first.start();
      expect(await first.finished()).toEqual({ done: false, filled: 50 });
      expect(await found(store, big, ["fleet"], 50)).toHaveLength(50);

      reads.length = 0;
      const second = backfill(counting);
      await second.start();
      expect(await second.finished()).toEqual({ done: true, filled: 183 });
      // It went on from the second page of leads (50 a page), not from the first.
      expect(reads.filter((r) => r === `${big} lead`)).toHaveLength(4);
      expect(await found(store, big, ["ann1@contoso.com"])).toEqual(["lead:L-1001"]);
      expect(await found(store, big, ["ann230@contoso.com"])).toEqual(["lead:L-1230"]);
    } finally {
      await done();
    }
  });

  test("a record a user changes during the pass keeps the user's change", async () => {
    const { store, done } = await open();
    try {
      await seedOld(store, 3);
      // Between the pass's read and its write, a user renames lead L-1001 (their write stores its fields too).
      let raced = false;
      const racing: DocumentStore = Object.create(store, {
        batch: {
          value: async (tenant: string, ops: readonly BatchOperation[]) => {
            if (!raced && tenant === big) {
              raced = true;
              const current = await store.read(big, "lead:L-1001");
              const renamed = { ...current!.body, topic: "Solar roof", search: "l-1001 | solar roof" };
              await store.replace(big, renamed, current!.etag);
            }
            return store.batch(tenant, ops);
          },
        },
      }) as DocumentStore;
      const pass = backfill(racing);
      await pass.start();
      expect(await pass.finished()).toEqual({ done: true, filled: 5 });
      expect((await store.read(big, "lead:L-1001"))?.body).toMatchObject({
        topic: "Solar roof",
        search: "l-1001 | solar roof",
      });
      expect((await found(store, big, ["fleet"])).sort()).toEqual(["lead:L-1002", "lead:L-1003"]);
    } finally {
      await done();
    }
  });

  test("a throttled page is tried again after the wait the store asked for, held within 1 s and 30 s", async () => {
    const { store, done } = await open();
    try {
      await seedOld(store, 3);
      // The first four batches are refused as Cosmos DB refuses a throttled one (the last naming no wait).
      const refusals = [2_500, 40, 600_000, undefined].map(
        (retryAfterMs) =>
          new StoreError("unavailable", "Cosmos batch was throttled (HTTP 429).", {
            ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
          }),
      );
      let refused = false;
      const throttling: DocumentStore = Object.create(store, {
        batch: {
          value: (tenant: string, ops: readonly BatchOperation[]) => {
            const refusal = refusals.shift();
            if (!refusal) return store.batch(tenant, ops);
            refused = true;
            return Promise.reject(refusal);
          },
        },
      }) as DocumentStore;
      const waits: number[] = [];
      const pass = backfill(throttling, {
        retryMs: 5_000,
        sleep: async (ms) => {
          if (refused) waits.push(ms);
          refused = false;
        },
      });
      await pass.start();
      expect(await pass.finished()).toEqual({ done: true, filled: 6 });
      expect(waits).toEqual([2_500, 1_000, 30_000, 5_000]);
    } finally {
      await done();
    }
  });

  test("a new installation is done at once: one document, no pass", async () => {
    const { store, done } = await open();
    try {
      const pass = backfill(store);
      await pass.start();
      expect(await pass.finished()).toEqual({ done: true, filled: 0 });
      expect((await store.read("~pipeline", backfillProgressId))?.body).toMatchObject({ done: true });
    } finally {
      await done();
    }
  });
});

import { afterEach, beforeEach, describe, expect, test } from "vitest";
import {
  StoreError,
  type DocumentBody,
  type DocumentPage,
  type DocumentQuery,
  type DocumentStore,
  type StoreErrorCode,
} from "../../src/store/document-store.port.js";
import { fieldsContract } from "./fields.contract.js";
import { incrementContract } from "./increment.contract.js";
import { searchContract } from "./search.contract.js";

/**
 * What an adapter's test file hands to the contract suite, once per test (`open` runs before every test).
 */
export interface ContractSubject {
  /** A store with no documents in it, unaffected by other tests. */
  readonly store: DocumentStore;
  /**
   * Optional. Simulates a process restart over the same data: stop using the current store (close or abandon
   * it, as a real restart would) and return a new store opened on the same data. The durability tests are
   * skipped when it is absent.
   */
  readonly restart?: () => Promise<DocumentStore>;
  /**
   * Optional, default true. False for a peer that applies a batch's operations one by one (the local Cosmos
   * test server): the all-or-none tests are then skipped, the others still run.
   */
  readonly atomicBatch?: boolean;
  /** Closes whatever store is current (the one from the latest restart, if any) and frees its resources. */
  cleanup(): Promise<void>;
}

/**
 * The rules of `DocumentStore` (src/store/document-store.port.ts) as tests; every adapter runs them all.
 *
 *   documentStoreContract("EmbeddedDocumentStore", async () => ({ store, restart, cleanup }));
 *
 * Data is deterministic. Ordering tests use distinct values in the ordered field (adapters order by one field
 * and need not break ties the same way) and every document of the queried type has that field. Field names
 * must match /^[A-Za-z_][A-Za-z0-9_]*$/; invalid arguments are programming errors, so they reject with an
 * ordinary Error rather than a StoreError.
 */
export function documentStoreContract(name: string, open: () => Promise<ContractSubject>): void {
  describe(`DocumentStore contract: ${name}`, () => {
    let subject: ContractSubject | undefined;
    let store: DocumentStore;

    beforeEach(async () => {
      subject = await open();
      store = subject.store;
    });

    afterEach(async () => {
      const current = subject;
      subject = undefined;
      await current?.cleanup();
    });

    searchContract(() => store);
    fieldsContract(() => store);
    incrementContract(
      () => store,
      () => subject?.atomicBatch !== false,
    );

    // ---- create and read ------------------------------------------------------------------------------

    test("create returns the body with an etag, and read returns the same body and etag", async () => {
      const body = lead("lead-01", { name: "Northwind", score: 40, hot: true });

      const created = await store.create(A, body);
      const read = await store.read(A, "lead-01");

      expect(created.body).toStrictEqual(body);
      expect(typeof created.etag).toBe("string");
      expect(created.etag).not.toBe("");
      expect(read).toStrictEqual({ body, etag: created.etag });
    });

    test("create of an id that already exists fails with conflict and keeps the first document", async () => {
      const first = await store.create(A, lead("lead-01", { name: "First" }));

      await expectStoreError(store.create(A, lead("lead-01", { name: "Second" })), "conflict");

      expect(await store.read(A, "lead-01")).toStrictEqual(first);
    });

    test("ten concurrent creates of the same id: exactly one succeeds and nine fail with conflict", async () => {
      const attempts = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) => store.create(A, lead("lead-01", { writer: i }))),
      );

      const won = attempts.filter(isFulfilled);
      const lost = attempts.filter(isRejected);
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(9);
      for (const failure of lost) {
        expect(failure.reason).toBeInstanceOf(StoreError);
        expect(failure.reason).toHaveProperty("code", "conflict");
      }
      expect(await store.read(A, "lead-01")).toStrictEqual(won[0]?.value);
    });

    test("read of an unknown id returns undefined", async () => {
      await store.create(A, lead("lead-01"));

      expect(await store.read(A, "lead-99")).toBeUndefined();
    });

    // ---- replace ------------------------------------------------------------------------------------------

    test("replace with the current etag stores the new body and returns a new etag", async () => {
      const created = await store.create(A, lead("lead-01", { stage: "new" }));
      const updated = lead("lead-01", { stage: "qualified", score: 70 });

      const replaced = await store.replace(A, updated, created.etag);

      expect(replaced.body).toStrictEqual(updated);
      expect(replaced.etag).not.toBe(created.etag);
      expect(await store.read(A, "lead-01")).toStrictEqual({ body: updated, etag: replaced.etag });
    });

    test("replace with a stale etag fails with conflict and leaves the document unchanged", async () => {
      const created = await store.create(A, lead("lead-01", { stage: "new" }));
      const current = await store.replace(A, lead("lead-01", { stage: "qualified" }), created.etag);

      await expectStoreError(store.replace(A, lead("lead-01", { stage: "lost" }), created.etag), "conflict");

      expect(await store.read(A, "lead-01")).toStrictEqual(current);
    });

    test("replace may change a document's type: queries then find it under the new type only", async () => {
      const created = await store.create(A, lead("doc-01", { stage: "new" }));
      const changed = { id: "doc-01", type: "archived", stage: "gone" };

      const replaced = await store.replace(A, changed, created.etag);

      expect(replaced.body).toStrictEqual(changed);
      expect(await store.read(A, "doc-01")).toStrictEqual({ body: changed, etag: replaced.etag });
      expect((await store.query(A, { type: "lead", limit: 10 })).items).toStrictEqual([]);
      expect((await store.query(A, { type: "archived", limit: 10 })).items).toStrictEqual([replaced]);
      await expectStoreError(store.replace(A, lead("doc-01"), created.etag), "conflict");
    });

    test("replace of a missing id fails with not_found", async () => {
      const other = await store.create(A, lead("lead-01"));

      await expectStoreError(store.replace(A, lead("lead-02"), other.etag), "not_found");

      expect(await store.read(A, "lead-02")).toBeUndefined();
    });

    test("ten concurrent replaces with the same etag: exactly one succeeds and nine fail with conflict", async () => {
      const created = await store.create(A, lead("lead-01", { writer: -1 }));

      const attempts = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) => store.replace(A, lead("lead-01", { writer: i }), created.etag)),
      );

      const won = attempts.filter(isFulfilled);
      const lost = attempts.filter(isRejected);
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(9);
      for (const failure of lost) {
        expect(failure.reason).toBeInstanceOf(StoreError);
        expect(failure.reason).toHaveProperty("code", "conflict");
      }
      const winner = won[0]?.value;
      expect(winner?.etag).not.toBe(created.etag);
      expect(await store.read(A, "lead-01")).toStrictEqual(winner);
    });

    // ---- delete -------------------------------------------------------------------------------------------

    test("delete with the current etag removes the document, and read then returns undefined", async () => {
      const created = await store.create(A, lead("lead-01"));

      await store.delete(A, "lead-01", created.etag);

      expect(await store.read(A, "lead-01")).toBeUndefined();
      expect((await store.query(A, { type: "lead", limit: 10 })).items).toStrictEqual([]);
    });

    test("delete with a stale etag fails with conflict and keeps the document", async () => {
      const created = await store.create(A, lead("lead-01", { stage: "new" }));
      const current = await store.replace(A, lead("lead-01", { stage: "qualified" }), created.etag);

      await expectStoreError(store.delete(A, "lead-01", created.etag), "conflict");

      expect(await store.read(A, "lead-01")).toStrictEqual(current);
    });

    test("delete of a missing id fails with not_found", async () => {
      const other = await store.create(A, lead("lead-01"));

      await expectStoreError(store.delete(A, "lead-02", other.etag), "not_found");
    });

    test("delete of an already deleted document fails with not_found", async () => {
      const created = await store.create(A, lead("lead-01"));
      await store.delete(A, "lead-01", created.etag);

      await expectStoreError(store.delete(A, "lead-01", created.etag), "not_found");
    });

    test("an id can be created again after its document was deleted", async () => {
      const first = await store.create(A, lead("lead-01", { name: "First" }));
      await store.delete(A, "lead-01", first.etag);

      const second = await store.create(A, lead("lead-01", { name: "Second" }));

      expect(await store.read(A, "lead-01")).toStrictEqual(second);
      await expectStoreError(store.replace(A, lead("lead-01", { name: "Third" }), first.etag), "conflict");
    });

    // ---- tenant isolation ---------------------------------------------------------------------------------

    test("the same id in two tenants is two independent documents", async () => {
      const inA = await store.create(A, lead("lead-01", { name: "Contoso's lead" }));
      const inB = await store.create(B, lead("lead-01", { name: "Fabrikam's lead" }));

      expect(await store.read(A, "lead-01")).toStrictEqual(inA);
      expect(await store.read(B, "lead-01")).toStrictEqual(inB);

      const replacedInA = await store.replace(A, lead("lead-01", { name: "Renamed in A" }), inA.etag);
      expect(await store.read(B, "lead-01")).toStrictEqual(inB);

      await store.delete(A, "lead-01", replacedInA.etag);
      expect(await store.read(A, "lead-01")).toBeUndefined();
      expect(await store.read(B, "lead-01")).toStrictEqual(inB);
    });

    test("tenant B cannot read, replace, delete or list tenant A's document, even knowing its id and etag", async () => {
      const inA = await store.create(A, lead("lead-01", { name: "Secret" }));

      expect(await store.read(B, "lead-01")).toBeUndefined();
      await expectStoreError(store.replace(B, lead("lead-01", { name: "Hijacked" }), inA.etag), "not_found");
      await expectStoreError(store.delete(B, "lead-01", inA.etag), "not_found");
      expect((await store.query(B, { type: "lead", limit: 100 })).items).toStrictEqual([]);
      expect(
        (await store.query(B, { type: "lead", where: { name: "Secret" }, limit: 100 })).items,
      ).toStrictEqual([]);

      expect(await store.read(A, "lead-01")).toStrictEqual(inA);
      expect(await store.read(B, "lead-01")).toBeUndefined();
    });

    test("a query in one tenant never returns another tenant's documents", async () => {
      await seedLeads(store);

      const inB = await store.query(B, { type: "lead", limit: 100 });

      expect(ids(inB)).toStrictEqual(["lead-01", "lead-06"]);
      expect(inB.items.map((item) => item.body["name"])).toStrictEqual(["Zephyr", "Yonder"]);
    });

    // ---- queries ------------------------------------------------------------------------------------------

    test("query by type returns only that type, ordered by id by default, with the etags read returns", async () => {
      await seedLeads(store);

      const page = await store.query(A, { type: "lead", limit: 100 });

      expect(ids(page)).toStrictEqual(["lead-01", "lead-02", "lead-03", "lead-04", "lead-05"]);
      expect(page.continuation).toBeUndefined();
      for (const item of page.items) {
        expect(await store.read(A, item.body.id)).toStrictEqual(item);
      }
      expect(ids(await store.query(A, { type: "opportunity", limit: 100 }))).toStrictEqual(["opp-01"]);
      expect((await store.query(A, { type: "partner", limit: 100 })).items).toStrictEqual([]);
    });

    test("query filters by equality on a string field", async () => {
      await seedLeads(store);

      expect(
        ids(await store.query(A, { type: "lead", where: { stage: "qualified" }, limit: 100 })),
      ).toStrictEqual(["lead-01", "lead-03"]);
      expect(ids(await store.query(A, { type: "lead", where: { stage: "lost" }, limit: 100 }))).toStrictEqual(
        [],
      );
    });

    test("query filters by equality on a number field, without matching the same digits as a string", async () => {
      await seedLeads(store);
      await store.create(A, lead("lead-07", { name: "Quoted", stage: "new", score: "30", hot: false }));

      expect(ids(await store.query(A, { type: "lead", where: { score: 30 }, limit: 100 }))).toStrictEqual([
        "lead-03",
      ]);
      expect(ids(await store.query(A, { type: "lead", where: { score: "30" }, limit: 100 }))).toStrictEqual([
        "lead-07",
      ]);
    });

    test("query filters by equality on a boolean field", async () => {
      await seedLeads(store);

      expect(ids(await store.query(A, { type: "lead", where: { hot: true }, limit: 100 }))).toStrictEqual([
        "lead-01",
        "lead-04",
      ]);
      expect(ids(await store.query(A, { type: "lead", where: { hot: false }, limit: 100 }))).toStrictEqual([
        "lead-02",
        "lead-03",
        "lead-05",
      ]);
    });

    test("query filters by equality on null, matching explicit nulls only, not missing fields", async () => {
      await store.create(A, lead("lead-01", { closedAt: null }));
      await store.create(A, lead("lead-02", { closedAt: "2025-03-01" }));
      await store.create(A, lead("lead-03"));

      expect(
        ids(await store.query(A, { type: "lead", where: { closedAt: null }, limit: 100 })),
      ).toStrictEqual(["lead-01"]);
    });

    test("query ANDs several equality filters", async () => {
      await seedLeads(store);

      const page = await store.query(A, {
        type: "lead",
        where: { stage: "new", region: "emea" },
        limit: 100,
      });

      expect(ids(page)).toStrictEqual(["lead-05"]);
    });

    test("query orders ascending and descending by a string field", async () => {
      await seedLeads(store);

      const asc = await store.query(A, {
        type: "lead",
        orderBy: { field: "name", direction: "asc" },
        limit: 100,
      });
      const desc = await store.query(A, {
        type: "lead",
        orderBy: { field: "name", direction: "desc" },
        limit: 100,
      });

      expect(asc.items.map((item) => item.body["name"])).toStrictEqual([
        "Alpine",
        "Contoso",
        "Fabrikam",
        "Northwind",
        "Tailspin",
      ]);
      expect(ids(desc)).toStrictEqual([...ids(asc)].reverse());
    });

    test("query orders ascending and descending by a number field", async () => {
      await seedLeads(store);

      const asc = await store.query(A, {
        type: "lead",
        orderBy: { field: "score", direction: "asc" },
        limit: 100,
      });
      const desc = await store.query(A, {
        type: "lead",
        orderBy: { field: "score", direction: "desc" },
        limit: 100,
      });

      expect(asc.items.map((item) => item.body["score"])).toStrictEqual([10, 20, 30, 40, 50]);
      expect(ids(asc)).toStrictEqual(["lead-02", "lead-05", "lead-03", "lead-01", "lead-04"]);
      expect(ids(desc)).toStrictEqual(["lead-04", "lead-01", "lead-03", "lead-05", "lead-02"]);
    });

    test("query combines a filter with an order", async () => {
      await seedLeads(store);

      const page = await store.query(A, {
        type: "lead",
        where: { hot: false },
        orderBy: { field: "score", direction: "desc" },
        limit: 100,
      });

      expect(ids(page)).toStrictEqual(["lead-03", "lead-05", "lead-02"]);
    });

    test("query pages through 25 documents by limit and continuation, in order, without duplicates or gaps", async () => {
      await seedOpportunities(store, 25);

      const pages = await readAllPages(store, A, {
        type: "opportunity",
        orderBy: { field: "amount", direction: "desc" },
        limit: 7,
      });

      const all = pages.flatMap((page) => ids(page));
      expect(all).toStrictEqual(Array.from({ length: 25 }, (_, i) => opportunityId(25 - i)));
      expect(new Set(all).size).toBe(25);
      expect(pages.length).toBeGreaterThanOrEqual(4);
      for (const page of pages) expect(page.items.length).toBeLessThanOrEqual(7);
      expect(pages.slice(0, 3).map((page) => page.items.length)).toStrictEqual([7, 7, 7]);
    });

    test("query pages in the default id order with a filter applied on every page", async () => {
      await seedOpportunities(store, 25);

      const pages = await readAllPages(store, A, { type: "opportunity", where: { open: true }, limit: 4 });

      const expected = Array.from({ length: 25 }, (_, i) => i + 1)
        .filter((n) => n % 2 === 1)
        .map(opportunityId);
      expect(pages.flatMap((page) => ids(page))).toStrictEqual(expected);
    });

    test("atMost keeps documents whose order field is a string up to the bound, in order and across pages", async () => {
      const days = ["2026-01-05", "2026-03-01", "2026-02-20", "2026-02-10", "2026-04-30", "2026-03-02"];
      for (const [i, day] of days.entries()) {
        await store.create(A, { id: `deal-${i + 1}`, type: "deal", closedOn: day, won: i % 2 === 0 });
      }
      // Neither a missing field, nor null, nor a number ever matches a string bound.
      await store.create(A, { id: "deal-missing", type: "deal", won: true });
      await store.create(A, { id: "deal-null", type: "deal", closedOn: null, won: true });
      await store.create(A, { id: "deal-number", type: "deal", closedOn: 20260101, won: true });
      await store.create(B, { id: "deal-b", type: "deal", closedOn: "2026-01-01", won: true });
      const query = {
        type: "deal",
        orderBy: { field: "closedOn", direction: "asc" },
        atMost: "2026-03-01",
      } as const;

      const pages = await readAllPages(store, A, { ...query, limit: 2 });
      expect(pages.flatMap((page) => ids(page))).toStrictEqual(["deal-1", "deal-4", "deal-3", "deal-2"]);
      expect(pages.length).toBeGreaterThanOrEqual(2);
      const won = await store.query(A, { ...query, where: { won: true }, limit: 10 });
      expect(ids(won)).toStrictEqual(["deal-1", "deal-3"]);
      const none = await store.query(A, { ...query, atMost: "2026-01-04", limit: 10 });
      expect(ids(none)).toStrictEqual([]);
    });

    test("atMost without an order field is refused, as a programming error", async () => {
      await expectRefused(() => store.query(A, { type: "deal", atMost: "2026-01-01", limit: 10 }));
    });

    test("query fails with invalid_continuation for a token the store did not hand out", async () => {
      await seedOpportunities(store, 5);
      const query = { type: "opportunity", limit: 2 } as const;
      const first = await store.query(A, query);
      const issued = first.continuation;
      expect(issued).toBeDefined();

      const forged = ["forged-token", Buffer.from('{"token":"x"}').toString("base64url")];
      if (issued) forged.push(issued.slice(0, Math.floor(issued.length / 2)));
      for (const continuation of forged) {
        await expectStoreError(store.query(A, { ...query, continuation }), "invalid_continuation");
      }
    });

    test("query refuses a malformed field name in a filter or an order, as a programming error", async () => {
      await seedLeads(store);
      const malformed = ["", "first name", "a.b", "1st", "stage) OR (1=1", 'stage"] = 1 OR c["x', "stage--"];

      for (const field of malformed) {
        await expectRefused(() => store.query(A, { type: "lead", where: { [field]: "x" }, limit: 10 }));
        await expectRefused(() =>
          store.query(A, { type: "lead", orderBy: { field, direction: "asc" }, limit: 10 }),
        );
      }
    });

    test("ids Cosmos DB refuses are refused by every adapter, the same way, and change nothing", async () => {
      const unusable = ["", "a/b", "a\\b", "a?b", "O-1001#2:stage_changed", "x".repeat(256)];
      await store.create(A, lead("lead-01"));
      const { etag } = (await store.read(A, "lead-01"))!;

      for (const id of unusable) {
        await expectTypeError(() => store.read(A, id));
        await expectTypeError(() => store.create(A, lead(id)));
        await expectTypeError(() => store.replace(A, lead(id), etag));
        await expectTypeError(() => store.delete(A, id, etag));
      }
      for (const tenant of ["", undefined as unknown as string]) {
        await expectTypeError(() => store.read(tenant, "lead-01"));
        await expectTypeError(() => store.create(tenant, lead("lead-02")));
        await expectTypeError(() => store.query(tenant, { type: "lead", limit: 10 }));
      }
      // The longest usable id and the characters Teams ids do carry (`:`, `@`, `;`, `=`) are accepted.
      const longest = "y".repeat(255);
      await store.create(A, lead(longest));
      await store.create(A, lead("19:abc@thread.tacv2;messageid=1"));
      const page = await store.query(A, { type: "lead", limit: 10 });
      expect(page.items.map((i) => i.body.id)).toEqual([
        "19:abc@thread.tacv2;messageid=1",
        "lead-01",
        longest,
      ]);
      expect((await store.read(A, "lead-01"))?.etag).toBe(etag);
    });

    // ---- what comes back --------------------------------------------------------------------------------

    test("returned bodies are exactly what was stored, without adapter fields such as _etag, _rid, _ts or tenantId", async () => {
      const body = lead("lead-01", {
        name: "Northwind",
        score: 40,
        hot: true,
        tags: ["a", "b"],
        owner: { id: "u1", name: "Ada" },
        closedAt: null,
      });
      const updated = { ...body, score: 41 };

      const created = await store.create(A, body);
      const read = await store.read(A, "lead-01");
      const replaced = await store.replace(A, updated, created.etag);
      const listed = await store.query(A, { type: "lead", limit: 10 });

      const returned = [created.body, read?.body, replaced.body, listed.items[0]?.body];
      expect(returned).toStrictEqual([body, body, updated, updated]);
      for (const returnedBody of returned) {
        for (const field of adapterFields) expect(returnedBody).not.toHaveProperty(field);
      }
    });

    // ---- counters -----------------------------------------------------------------------------------

    test("nextNumber starts at `first` and hands out each number once, also to callers racing each other", async () => {
      const numbers = await Promise.all(
        Array.from({ length: 40 }, () => store.nextNumber(A, "counter:L", 1001)),
      );

      expect([...numbers].sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => 1001 + i));
      expect(await store.nextNumber(A, "counter:L", 1001)).toBe(1041);
    });

    test("nextNumber keeps one counter per tenant and id, and continues a counter document already stored", async () => {
      await store.create(A, { id: "counter:O", type: "counter", next: 1500 });

      expect(await store.nextNumber(A, "counter:O", 1001)).toBe(1500);
      expect(await store.nextNumber(B, "counter:O", 1001)).toBe(1001);
      expect(await store.nextNumber(A, "counter:L", 1001)).toBe(1001);
      expect((await store.read(A, "counter:O"))?.body).toMatchObject({ type: "counter", next: 1501 });
    });

    // ---- batches ------------------------------------------------------------------------------------

    test("batch applies creates, replaces and deletes in order and returns one result per operation", async () => {
      const kept = await store.create(A, lead("lead-01", { stage: "new" }));
      const gone = await store.create(A, lead("lead-02"));

      const results = await store.batch(A, [
        { op: "create", body: lead("lead-03", { name: "New" }) },
        { op: "replace", body: lead("lead-01", { stage: "qualified" }), ifMatch: kept.etag },
        { op: "delete", id: "lead-02", ifMatch: gone.etag },
      ]);

      expect(results).toHaveLength(3);
      expect(results[0]?.body).toStrictEqual(lead("lead-03", { name: "New" }));
      expect(results[1]?.body).toStrictEqual(lead("lead-01", { stage: "qualified" }));
      expect(results[1]?.etag).not.toBe(kept.etag);
      expect(results[2]).toBeUndefined();
      expect(await store.read(A, "lead-03")).toStrictEqual(results[0]);
      expect(await store.read(A, "lead-01")).toStrictEqual(results[1]);
      expect(await store.read(A, "lead-02")).toBeUndefined();
    });

    test("batch: a later operation can use the etag of a document an earlier one wrote only after the batch", async () => {
      const [created] = await store.batch(A, [{ op: "create", body: lead("lead-01", { n: 1 }) }]);
      if (!created) throw new Error("create returned nothing");

      const [replaced] = await store.batch(A, [
        { op: "replace", body: lead("lead-01", { n: 2 }), ifMatch: created.etag },
      ]);

      expect(await store.read(A, "lead-01")).toStrictEqual(replaced);
    });

    test("batch with a stale etag in its last operation fails with conflict and applies nothing", async ({
      skip,
    }) => {
      if (subject?.atomicBatch === false) return skip("this peer does not apply batches atomically");
      const first = await store.create(A, lead("lead-01", { stage: "new" }));
      const current = await store.replace(A, lead("lead-01", { stage: "won" }), first.etag);

      await expectStoreError(
        store.batch(A, [
          { op: "create", body: lead("lead-02") },
          { op: "replace", body: lead("lead-01", { stage: "lost" }), ifMatch: first.etag },
        ]),
        "conflict",
      );

      expect(await store.read(A, "lead-02")).toBeUndefined();
      expect(await store.read(A, "lead-01")).toStrictEqual(current);
    });

    test("batch with a stale etag in its first operation fails with conflict and changes nothing", async () => {
      const first = await store.create(A, lead("lead-01", { stage: "new" }));
      await store.replace(A, lead("lead-01", { stage: "qualified" }), first.etag);
      const before = await store.read(A, "lead-01");

      await expectStoreError(
        store.batch(A, [
          { op: "replace", body: lead("lead-01", { stage: "won" }), ifMatch: first.etag },
          { op: "create", body: lead("lead-02") },
        ]),
        "conflict",
      );

      expect(await store.read(A, "lead-01")).toStrictEqual(before);
      expect(await store.read(A, "lead-02")).toBeUndefined();
    });

    test("batch creating an id that exists fails with conflict and applies nothing", async ({ skip }) => {
      if (subject?.atomicBatch === false) return skip("this peer does not apply batches atomically");
      const existing = await store.create(A, lead("lead-01", { name: "First" }));

      await expectStoreError(
        store.batch(A, [
          { op: "create", body: lead("lead-02") },
          { op: "create", body: lead("lead-01", { name: "Second" }) },
        ]),
        "conflict",
      );

      expect(await store.read(A, "lead-01")).toStrictEqual(existing);
      expect(await store.read(A, "lead-02")).toBeUndefined();
    });

    test("batch replacing or deleting a missing document fails with not_found and applies nothing", async ({
      skip,
    }) => {
      if (subject?.atomicBatch === false) return skip("this peer does not apply batches atomically");
      const other = await store.create(A, lead("lead-01"));

      await expectStoreError(
        store.batch(A, [
          { op: "create", body: lead("lead-03") },
          { op: "replace", body: lead("lead-02"), ifMatch: other.etag },
        ]),
        "not_found",
      );
      await expectStoreError(
        store.batch(A, [
          { op: "create", body: lead("lead-03") },
          { op: "delete", id: "lead-02", ifMatch: other.etag },
        ]),
        "not_found",
      );

      expect(await store.read(A, "lead-03")).toBeUndefined();
    });

    test("batch stays in its tenant: another tenant's document is not_found to it", async () => {
      const inB = await store.create(B, lead("lead-01", { name: "Fabrikam's" }));

      await expectStoreError(
        store.batch(A, [{ op: "replace", body: lead("lead-01", { name: "Hijacked" }), ifMatch: inB.etag }]),
        "not_found",
      );
      await expectStoreError(
        store.batch(A, [{ op: "delete", id: "lead-01", ifMatch: inB.etag }]),
        "not_found",
      );

      expect(await store.read(B, "lead-01")).toStrictEqual(inB);
    });

    test("two concurrent batches replacing the same document with the same etag: exactly one wins", async () => {
      const created = await store.create(A, lead("lead-01"));

      const attempts = await Promise.allSettled(
        [1, 2].map((writer) =>
          store.batch(A, [
            { op: "replace", body: lead("lead-01", { writer }), ifMatch: created.etag },
            { op: "create", body: lead(`entry-${writer}`) },
          ]),
        ),
      );

      expect(attempts.filter(isFulfilled)).toHaveLength(1);
      const lost = attempts.filter(isRejected);
      expect(lost).toHaveLength(1);
      expect(lost[0]?.reason).toHaveProperty("code", "conflict");
      const entries = await store.query(A, { type: "lead", limit: 10 });
      expect(ids(entries).filter((id) => id.startsWith("entry-"))).toHaveLength(1);
    });

    test("batch refuses no operations, more than 100, and unusable ids, as programming errors", async () => {
      await expectRefused(() => store.batch(A, []));
      await expectRefused(() =>
        store.batch(
          A,
          Array.from({ length: 101 }, (_, i) => ({ op: "create" as const, body: lead(`lead-${i}`) })),
        ),
      );
      await expectRefused(() => store.batch(A, [{ op: "create", body: lead("lead#1") }]));
      await expectRefused(() => store.batch("", [{ op: "create", body: lead("lead-01") }]));

      expect((await store.query(A, { type: "lead", limit: 10 })).items).toStrictEqual([]);
    });

    // ---- durability -----------------------------------------------------------------------------------

    test("after a restart, documents read back with the same body and etag and queries still find them", async ({
      skip,
    }) => {
      const restart = subject?.restart;
      if (!restart) return skip("this adapter has no restart");
      const kept = await store.create(A, lead("lead-01", { name: "Kept", score: 1 }));
      const changed0 = await store.create(A, lead("lead-02", { name: "Changed", score: 2 }));
      const changed = await store.replace(
        A,
        lead("lead-02", { name: "Changed twice", score: 2 }),
        changed0.etag,
      );
      const removed = await store.create(A, lead("lead-03", { name: "Removed", score: 3 }));
      await store.delete(A, "lead-03", removed.etag);
      const other = await store.create(B, lead("lead-01", { name: "Other tenant" }));
      const extra = await store.create(A, lead("lead-05"));
      const [batched] = await store.batch(A, [
        { op: "create", body: lead("lead-04", { name: "Batched", score: 4 }) },
        { op: "delete", id: "lead-05", ifMatch: extra.etag },
      ]);

      store = await restart();

      expect(await store.read(A, "lead-01")).toStrictEqual(kept);
      expect(await store.read(A, "lead-02")).toStrictEqual(changed);
      expect(await store.read(A, "lead-03")).toBeUndefined();
      expect(await store.read(B, "lead-01")).toStrictEqual(other);
      expect(await store.read(A, "lead-05")).toBeUndefined();
      expect((await store.query(A, { type: "lead", limit: 10 })).items).toStrictEqual([
        kept,
        changed,
        batched,
      ]);
    });

    test("after a restart, a stale etag still conflicts and the current etag still works", async ({
      skip,
    }) => {
      const restart = subject?.restart;
      if (!restart) return skip("this adapter has no restart");
      const created = await store.create(A, lead("lead-01", { stage: "new" }));
      const current = await store.replace(A, lead("lead-01", { stage: "qualified" }), created.etag);

      store = await restart();

      await expectStoreError(store.replace(A, lead("lead-01", { stage: "lost" }), created.etag), "conflict");
      await expectStoreError(store.delete(A, "lead-01", created.etag), "conflict");
      const next = await store.replace(A, lead("lead-01", { stage: "won" }), current.etag);
      expect(next.etag).not.toBe(current.etag);
      expect(next.etag).not.toBe(created.etag);
      expect(await store.read(A, "lead-01")).toStrictEqual(next);
    });

    // ---- health ---------------------------------------------------------------------------------------

    test("health reports ok with the adapter kind and a detail", async () => {
      const health = await store.health();

      expect(health.ok).toBe(true);
      expect(["embedded", "cosmos"]).toContain(health.kind);
      expect(health.detail).not.toBe("");
    });
  });
}

// ---- data and helpers -------------------------------------------------------------------------------------

const A = "tenant-contoso";
const B = "tenant-fabrikam";

const adapterFields = ["_etag", "_rid", "_ts", "_self", "_attachments", "tenantId"];

function lead(id: string, fields: Readonly<Record<string, unknown>> = {}): DocumentBody {
  return { id, type: "lead", ...fields };
}

function opportunityId(n: number): string {
  return `opp-${String(n).padStart(2, "0")}`;
}

/**
 * Tenant A: five leads (distinct names and scores) and one opportunity that looks like a lead.
 * Tenant B: two leads, one with an id that also exists in A.
 */
async function seedLeads(store: DocumentStore): Promise<void> {
  const inA = [
    lead("lead-01", { name: "Northwind", stage: "qualified", score: 40, hot: true, region: "emea" }),
    lead("lead-02", { name: "Alpine", stage: "new", score: 10, hot: false, region: "amer" }),
    lead("lead-03", { name: "Tailspin", stage: "qualified", score: 30, hot: false, region: "emea" }),
    lead("lead-04", { name: "Contoso", stage: "won", score: 50, hot: true, region: "apac" }),
    lead("lead-05", { name: "Fabrikam", stage: "new", score: 20, hot: false, region: "emea" }),
    {
      id: "opp-01",
      type: "opportunity",
      name: "Northwind",
      stage: "qualified",
      score: 30,
      hot: true,
      region: "emea",
    },
  ];
  const inB = [
    lead("lead-01", { name: "Zephyr", stage: "qualified", score: 30, hot: true, region: "emea" }),
    lead("lead-06", { name: "Yonder", stage: "new", score: 20, hot: false, region: "emea" }),
  ];
  for (const body of inA) await store.create(A, body);
  for (const body of inB) await store.create(B, body);
}

/**
 * Tenant A: `count` opportunities `opp-01`… with amount = n × 100 and open = n is odd, plus three leads.
 * Tenant B: two opportunities with amounts that would interleave with A's.
 */
async function seedOpportunities(store: DocumentStore, count: number): Promise<void> {
  for (let n = 1; n <= count; n += 1) {
    await store.create(A, { id: opportunityId(n), type: "opportunity", amount: n * 100, open: n % 2 === 1 });
  }
  for (let n = 1; n <= 3; n += 1) await store.create(A, lead(`lead-0${n}`, { amount: n * 150, open: true }));
  await store.create(B, { id: "opp-b1", type: "opportunity", amount: 1050, open: true });
  await store.create(B, { id: "opp-b2", type: "opportunity", amount: 350, open: true });
}

/** Follows continuations to the end (an adapter may end with an empty page); stops after 50 pages. */
async function readAllPages(
  store: DocumentStore,
  tenantId: string,
  query: DocumentQuery,
): Promise<DocumentPage[]> {
  const pages: DocumentPage[] = [];
  let continuation: string | undefined;
  do {
    const page = await store.query(tenantId, { ...query, ...(continuation ? { continuation } : {}) });
    pages.push(page);
    continuation = page.continuation;
  } while (continuation !== undefined && pages.length < 50);
  expect(continuation).toBeUndefined();
  return pages;
}

function ids(page: DocumentPage): string[] {
  return page.items.map((item) => item.body.id);
}

async function expectStoreError(operation: Promise<unknown>, code: StoreErrorCode): Promise<void> {
  await expect(operation).rejects.toThrow(StoreError);
  await expect(operation).rejects.toHaveProperty("code", code);
}

/** Refused as a programming error: rejects (or throws), and not with a StoreError. */
async function expectRefused(run: () => Promise<unknown>): Promise<void> {
  const outcome = Promise.resolve().then(run);
  await expect(outcome).rejects.toThrow();
  await expect(outcome).rejects.not.toBeInstanceOf(StoreError);
}

/** An unusable id or tenant is the caller's bug: a TypeError with the rule in its message, on every adapter. */
async function expectTypeError(run: () => Promise<unknown>): Promise<void> {
  const outcome = Promise.resolve().then(run);
  await expect(outcome).rejects.toBeInstanceOf(TypeError);
}

function isFulfilled<T>(result: PromiseSettledResult<T>): result is PromiseFulfilledResult<T> {
  return result.status === "fulfilled";
}

function isRejected<T>(result: PromiseSettledResult<T>): result is PromiseRejectedResult {
  return result.status === "rejected";
}

import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, expect, test } from "vitest";
import type { DocumentBody, StoredDocument } from "../../src/store/document-store.port.js";
import { DocumentCache } from "../../src/store/embedded/document-cache.js";
import { written } from "../../src/store/embedded/stored-rows.js";
import {
  EmbeddedDocumentStore,
  type EmbeddedStoreOptions,
} from "../../src/store/embedded/embedded-document-store.js";
import { tempDir } from "../support/temp-dir.js";

/**
 * The embedded store's cache of decoded documents (src/store/embedded/document-cache.ts). A read must give
 * what a store without it gives: the document as last committed. So after every kind of write its read shows
 * the write; a write that is refused or rolled back (its group's COMMIT failed) leaves the committed document;
 * reads interleaved with concurrent writes match, at every step, what the read connection returns; what it
 * hands out cannot be changed by a caller; and it stays within its budget.
 */

const T = "tenant-a";
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function opened(options: Partial<EmbeddedStoreOptions> = {}) {
  const dir = await tempDir("doc-cache");
  const store = await EmbeddedDocumentStore.open({ dir: dir.path, ...options });
  // What a store without the cache reads: the committed document, on a connection of its own.
  const file = new Database(join(dir.path, "pipeline.db"), { readonly: true, fileMustExist: true });
  const select = file.prepare("SELECT version, body FROM documents WHERE tenant = ? AND id = ?");
  const committed = (id: string) => {
    const row = select.get(T, id) as { version: number; body: string } | undefined;
    return row && { body: JSON.parse(row.body) as unknown, etag: `"${row.version}"` };
  };
  cleanups.push(async () => {
    file.close();
    await store.close();
    await dir.remove();
  });
  return { store, committed };
}

const note = (id: string, n: number) => ({ id, type: "note", n });
/** The document, as plain data (toEqual ignores how it was built: frozen, or a lazy getter). */
const plain = (d: StoredDocument | undefined) => d && { body: { ...d.body }, etag: d.etag };

test("a document read again is the same object, frozen all the way down, and a caller cannot change it", async () => {
  const { store } = await opened();
  await store.create(T, { id: "d", type: "note", n: 1, lines: [{ sku: "a", qty: 1 }] });
  const first = await store.read(T, "d");
  expect(await store.read(T, "d")).toBe(first);
  const body = first?.body as DocumentBody & { n: number; lines: { qty: number }[] };
  expect(Object.isFrozen(first)).toBe(true);
  expect(() => {
    (body as { n: number }).n = 2;
  }).toThrow(TypeError);
  expect(() => body.lines.push({ qty: 2 })).toThrow(TypeError);
  expect(() => {
    (body.lines[0] as { qty: number }).qty = 9;
  }).toThrow(TypeError);
  expect((await store.read(T, "d"))?.body).toEqual({
    id: "d",
    type: "note",
    n: 1,
    lines: [{ sku: "a", qty: 1 }],
  });
});

test("after every kind of write, a read shows it", async () => {
  const { store, committed } = await opened();
  const check = async (id: string) => expect(plain(await store.read(T, id))).toEqual(committed(id));

  expect(await store.read(T, "a")).toBeUndefined();
  const a = await store.create(T, note("a", 1));
  await check("a");
  const a2 = await store.replace(T, note("a", 2), a.etag);
  await check("a");
  expect((await store.read(T, "a"))?.body).toMatchObject({ n: 2 });
  // A document of another type under the same id (the second UPDATE statement).
  const a3 = await store.replace(T, { id: "a", type: "memo", n: 3 }, a2.etag);
  await check("a");
  await store.delete(T, "a", a3.etag);
  expect(await store.read(T, "a")).toBeUndefined();

  await store.create(T, note("b", 1));
  await store.create(T, note("c", 1));
  const [b, c] = [await store.read(T, "b"), await store.read(T, "c")];
  await store.batch(T, [
    { op: "replace", body: note("b", 2), ifMatch: b?.etag ?? "" },
    { op: "delete", id: "c", ifMatch: c?.etag ?? "" },
    { op: "create", body: note("a", 4) },
    { op: "increment", create: { id: "t", type: "totals" }, add: [{ path: ["sum"], by: 5 }] },
  ]);
  for (const id of ["a", "b", "c", "t"]) await check(id);
  expect((await store.read(T, "t"))?.body).toMatchObject({ sum: 5 });
  await store.batch(T, [
    { op: "increment", create: { id: "t", type: "totals" }, add: [{ path: ["sum"], by: 2 }] },
  ]);
  expect((await store.read(T, "t"))?.body).toMatchObject({ sum: 7 });

  expect(await store.nextNumber(T, "counter", 1000)).toBe(1000);
  expect((await store.read(T, "counter"))?.body).toMatchObject({ next: 1001 });
  expect(await store.nextNumber(T, "counter", 1000)).toBe(1001);
  expect((await store.read(T, "counter"))?.body).toMatchObject({ next: 1002 });
  await check("counter");
});

test("a write refused by its guard, and a group whose COMMIT fails, leave reads on the committed document", async () => {
  const { store, committed } = await opened();
  const d = await store.create(T, note("d", 0));
  expect((await store.read(T, "d"))?.body).toMatchObject({ n: 0 });

  // Refused: an ETag that is no longer current, in a group with a write that succeeds.
  const moved = store.replace(T, note("d", 1), d.etag);
  const stale = store.replace(T, note("d", 2), d.etag).catch((e: unknown) => e);
  await moved;
  expect(await stale).toMatchObject({ code: "conflict" });
  expect((await store.read(T, "d"))?.body).toMatchObject({ n: 1 });

  // The next COMMIT fails as on a full disk: the whole group is rolled back.
  const statements = (store as unknown as { statements: Map<string, Database.Statement> }).statements;
  statements.set("COMMIT", {
    run: () => {
      statements.delete("COMMIT");
      throw new Database.SqliteError("database or disk is full", "SQLITE_FULL");
    },
  } as unknown as Database.Statement);
  const current = await store.read(T, "d");
  const lost = store.replace(T, note("d", 3), current?.etag ?? "").catch((e: unknown) => e);
  const lostToo = store.create(T, note("e", 3)).catch((e: unknown) => e);
  // While the group waits for its COMMIT, a read sees the committed document (cached).
  expect(await store.read(T, "d")).toBe(current);
  expect(await lost).toMatchObject({ code: "unavailable" });
  expect(await lostToo).toMatchObject({ code: "unavailable" });
  expect(plain(await store.read(T, "d"))).toEqual(committed("d"));
  expect((await store.read(T, "d"))?.body).toMatchObject({ n: 1 });
  expect(await store.read(T, "e")).toBeUndefined();

  // Nothing of it was kept: the same write with the same ETag goes through now.
  await store.replace(T, note("d", 3), current?.etag ?? "");
  expect((await store.read(T, "d"))?.body).toMatchObject({ n: 3 });
});

/** Makes the store's point read on its read connection throw, so a read can only be answered from memory. */
function withoutPointReads(store: EmbeddedDocumentStore): () => void {
  const reads = (store as unknown as { readStatements: Map<string, Database.Statement> }).readStatements;
  const sql = "SELECT id, version, body FROM documents WHERE tenant = ? AND id = ?";
  const kept = reads.get(sql);
  reads.set(sql, {
    get: () => {
      throw new Error("read from the file");
    },
  } as unknown as Database.Statement);
  return () => (kept ? reads.set(sql, kept) : reads.delete(sql));
}

test("a held document that a committed replace wrote is held as written: read from memory, the same text and version", async () => {
  const { store, committed } = await opened();
  const d = await store.create(T, {
    id: "d",
    type: "note",
    n: 0,
    text: "caf\u00e9 \u2026",
    nested: { a: [1, 2] },
  });
  await store.read(T, "d");
  await store.create(T, { id: "t", type: "totals", sum: 0 });
  const [replaced, totals] = await store.batch(T, [
    {
      op: "replace",
      body: { id: "d", type: "note", n: 1, text: "\u2192", nested: { a: [3] } },
      ifMatch: d.etag,
    },
    { op: "increment", create: { id: "t", type: "totals" }, add: [{ path: ["sum"], by: 1 }] },
  ]);
  expect(totals).toBeUndefined();
  const restore = withoutPointReads(store);
  const read = await store.read(T, "d");
  expect(plain(read)).toEqual(committed("d"));
  expect(read?.etag).toBe(replaced?.etag);
  expect(await store.read(T, "d")).toBe(read);
  expect(Object.isFrozen(read?.body.nested)).toBe(true);
  // Only what was held: the totals, replaced (the increment) but never read, are not.
  await expect(store.read(T, "t")).rejects.toThrow("read from the file");
  restore();
  expect(plain(await store.read(T, "t"))).toEqual(committed("t"));
  // A write that is not a replace (a delete) is forgotten as before.
  await store.delete(T, "d", replaced?.etag ?? "");
  expect(await store.read(T, "d")).toBeUndefined();
});

test("a replace rolled back to its savepoint, or written over in its group, is not what a read shows", async () => {
  const { store, committed } = await opened();
  const a = await store.create(T, note("a", 0));
  const b = await store.create(T, note("b", 0));
  await store.read(T, "a");
  // The batch replaces "a", then is refused on "b" (a stale ETag): "a" is rolled back with it, while another
  // write of the same group commits.
  const refused = store
    .batch(T, [
      { op: "replace", body: note("a", 1), ifMatch: a.etag },
      { op: "replace", body: note("b", 1), ifMatch: '"999"' },
    ])
    .catch((e: unknown) => e);
  const other = store.replace(T, note("b", 2), b.etag);
  expect(await refused).toMatchObject({ code: "conflict" });
  await other;
  expect(plain(await store.read(T, "a"))).toEqual(committed("a"));
  expect((await store.read(T, "a"))?.body).toMatchObject({ n: 0 });

  // Two replaces of "a" in one group, the second refused after it wrote (its batch fails on "b"): the first
  // stands, and a read shows it.
  const current = await store.read(T, "a");
  const first = store.replace(T, note("a", 5), current?.etag ?? "");
  const second = store
    .batch(T, [
      { op: "increment", create: { id: "a", type: "note" }, add: [{ path: ["n"], by: 100 }] },
      { op: "delete", id: "b", ifMatch: '"999"' },
    ])
    .catch((e: unknown) => e);
  await first;
  expect(await second).toMatchObject({ code: "conflict" });
  expect(plain(await store.read(T, "a"))).toEqual(committed("a"));
  expect((await store.read(T, "a"))?.body).toMatchObject({ n: 5 });
});

/** A small deterministic generator (mulberry32), so that a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Writers and readers interleaved across awaits on a few documents: each read is compared, as it is made, with
 * the committed document; and the whole run's outcomes with the same run on a store without the cache.
 */
async function interleaved(options: Partial<EmbeddedStoreOptions>, seed: number): Promise<string[]> {
  const { store, committed } = await opened(options);
  const ids = ["a", "b", "c", "d"];
  const log: string[] = [];
  const rand = random(seed);
  const pick = <X>(xs: readonly X[]) => xs[Math.floor(rand() * xs.length)] as X;
  const outcome = (p: Promise<unknown>, what: string) =>
    p.then(
      () => log.push(`${what} ok`),
      (e: unknown) => log.push(`${what} ${(e as { code?: string }).code ?? String(e)}`),
    );
  const pause = () => {
    const r = rand();
    if (r < 0.3) return Promise.resolve();
    if (r < 0.7) return new Promise<void>((resolve) => setImmediate(resolve));
    return undefined;
  };
  await Promise.all(
    Array.from({ length: 8 }, async (_, worker) => {
      const etags = new Map<string, string>();
      for (let step = 0; step < 80; step++) {
        const id = pick(ids);
        const kind = pick(["read", "read", "read", "replace", "create", "delete", "batch", "next"]);
        const what = `${worker}.${step} ${kind} ${id}`;
        if (kind === "read") {
          const reading = store.read(T, id);
          const truth = committed(id);
          const got = await reading;
          expect(plain(got), what).toEqual(truth);
          if (got) etags.set(id, got.etag);
          log.push(`${what} ${got?.etag ?? "-"} ${JSON.stringify(got?.body ?? null)}`);
        } else if (kind === "replace") {
          await outcome(store.replace(T, note(id, step), etags.get(id) ?? '"0"'), what);
        } else if (kind === "create") {
          await outcome(store.create(T, note(id, step)), what);
        } else if (kind === "delete") {
          await outcome(store.delete(T, id, etags.get(id) ?? '"0"'), what);
        } else if (kind === "batch") {
          const other = pick(ids);
          const ops = [
            { op: "replace" as const, body: note(id, -step), ifMatch: etags.get(id) ?? '"0"' },
            { op: "increment" as const, create: { id: other, type: "note" }, add: [{ path: ["n"], by: 1 }] },
          ];
          await outcome(store.batch(T, id === other ? ops.slice(1) : ops), what);
        } else {
          await outcome(store.nextNumber(T, id, 1), what);
        }
        await pause();
      }
    }),
  );
  for (const id of ids) log.push(`end ${id} ${JSON.stringify(plain(await store.read(T, id)) ?? null)}`);
  return log;
}

test("concurrent writes and reads interleaved across awaits read what a store without the cache reads", async () => {
  for (const seed of [1, 2, 3]) {
    const cached = await interleaved({}, seed);
    const uncached = await interleaved({ documentCache: { documents: 0, jsonChars: 0 } }, seed);
    expect(cached.filter((line) => line.includes(" read ")).length).toBeGreaterThan(100);
    expect(cached).toEqual(uncached);
  }
}, 60_000);

test("the cache stays within its budget: documents, JSON characters, and one document's share", async () => {
  const { store } = await opened({ documentCache: { documents: 3, jsonChars: 10_000 } });
  for (const id of ["a", "b", "c", "d"]) await store.create(T, note(id, 1));
  const held = async (id: string) => (await store.read(T, id)) === (await store.read(T, id));
  const a = await store.read(T, "a");
  await store.read(T, "b");
  await store.read(T, "c");
  expect(await store.read(T, "a")).toBe(a);
  await store.read(T, "d"); // the fourth: "b", the least recently read, is forgotten
  expect(await store.read(T, "a")).toBe(a);
  const b = await store.read(T, "b");
  expect(await held("b")).toBe(true);
  expect(b).not.toBe(undefined);

  const small = await opened({ documentCache: { documents: 100, jsonChars: 800 } });
  // 800 characters hold as many documents as fit; one above 100 characters (an eighth) is never held.
  const body = (id: string) => ({ id, type: "note", pad: "x".repeat(50) });
  const fit = Math.floor(800 / JSON.stringify(body("n0")).length);
  const ids = Array.from({ length: 12 }, (_, i) => `n${i}`);
  for (const id of ids) await small.store.create(T, body(id));
  await small.store.create(T, { id: "big", type: "note", pad: "x".repeat(120) });
  const first = new Map<string, StoredDocument | undefined>();
  for (const id of ids) first.set(id, await small.store.read(T, id));
  const kept = [];
  for (const id of [...ids].reverse()) if ((await small.store.read(T, id)) === first.get(id)) kept.push(id);
  expect(fit).toBeLessThan(ids.length);
  expect(kept).toEqual(ids.slice(-fit).reverse());
  const big = await small.store.read(T, "big");
  expect(await small.store.read(T, "big")).not.toBe(big);
});

test("DocumentCache counts what it holds and forgets what a settled transaction wrote", () => {
  const cache = new DocumentCache({ documents: 4, jsonChars: 400 });
  const stored = (id: string) => ({ body: { id, type: "note" }, etag: '"1"' });
  for (const id of ["a", "b", "c", "d", "e"]) cache.fill(T, id, stored(id), 40);
  expect(cache.held).toEqual({ documents: 4, jsonChars: 160 });
  expect(cache.get(T, "a")).toBeUndefined();
  cache.touch(T, "b");
  expect(cache.get(T, "b")).toBeDefined(); // the write is not committed yet: the committed one stays
  cache.settled(true);
  expect(cache.get(T, "b")).toBeUndefined(); // touched but not replaced: forgotten, committed or not
  expect(cache.held).toEqual({ documents: 3, jsonChars: 120 });
  for (const id of ["f", "g", "h", "i", "j", "k"]) cache.fill(T, id, stored(id), 50);
  expect(cache.held.jsonChars).toBeLessThanOrEqual(400);
  expect(cache.held.documents).toBeLessThanOrEqual(4);
  // Another tenant's document of the same id is another entry.
  cache.fill("tenant-b", "k", stored("k"), 10);
  expect(cache.get(T, "k")).not.toBe(cache.get("tenant-b", "k"));
  cache.clear();
  expect(cache.held).toEqual({ documents: 0, jsonChars: 0 });
});

test("DocumentCache keeps a committed replace of a held document, and nothing rolled back or not held", () => {
  const cache = new DocumentCache({ documents: 8, jsonChars: 800 });
  const stored = (id: string) => ({ body: { id, type: "note", n: 0 }, etag: '"1"' });
  for (const id of ["a", "b", "c"]) cache.fill(T, id, stored(id), 40);
  const text = (id: string, n: number) => JSON.stringify({ id, type: "note", n });
  const replace = (id: string, n: number, version: number) => {
    cache.touch(T, id);
    cache.wrote(T, id, written(text(id, n), version), version, text(id, n).length);
  };
  replace("a", 1, 5);
  replace("b", 1, 6);
  replace("x", 1, 7); // never held
  cache.rolledBack(5); // the savepoint taken at version 5: "b" and "x" are undone
  replace("c", 1, 6);
  replace("y", 1, 7); // never held
  expect(cache.get(T, "a")?.body).toMatchObject({ n: 0 }); // not committed yet
  cache.settled(true);
  expect(cache.get(T, "a")).toEqual({ body: { id: "a", type: "note", n: 1 }, etag: '"5"' });
  expect(Object.isFrozen(cache.get(T, "a")?.body)).toBe(true);
  expect(cache.get(T, "a")).toBe(cache.get(T, "a"));
  expect(cache.get(T, "b")).toBeUndefined();
  expect(cache.get(T, "c")).toEqual({ body: { id: "c", type: "note", n: 1 }, etag: '"6"' });
  expect(cache.get(T, "x")).toBeUndefined();
  expect(cache.get(T, "y")).toBeUndefined();
  expect(cache.held).toEqual({ documents: 2, jsonChars: text("a", 1).length + text("c", 1).length });

  // Rolled back as a whole: nothing it replaced is kept.
  replace("a", 2, 8);
  cache.settled(false);
  expect(cache.get(T, "a")).toBeUndefined();
  // Replaced, then deleted in the same transaction: forgotten.
  cache.fill(T, "c", stored("c"), 40);
  replace("c", 2, 9);
  cache.touch(T, "c");
  cache.settled(true);
  expect(cache.get(T, "c")).toBeUndefined();
});

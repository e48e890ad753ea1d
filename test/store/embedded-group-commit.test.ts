import { execFileSync } from "node:child_process";
import { rm, rmdir, writeFile } from "node:fs/promises";
import { afterEach, expect, test } from "vitest";
import { StoreError } from "../../src/store/document-store.port.js";
import { EmbeddedDocumentStore } from "../../src/store/embedded/embedded-document-store.js";
import { tempDir } from "../support/temp-dir.js";

/**
 * Group commit (src/store/embedded/group-commit.ts): concurrent writes share one COMMIT, each in a savepoint
 * of its own. What must hold: a write is acknowledged only once the commit holding it is on disk, a write that
 * fails takes only itself back, a read never sees a write that is not committed, and when a group cannot be
 * committed (a full disk) every write in it is refused and none of them is there afterwards. Killing the
 * process in a burst of concurrent writes is tested in embedded-document-store.test.ts.
 */

const T = "tenant-a";

async function openWithCommits(dir: string) {
  const commits: number[] = [];
  const store = await EmbeddedDocumentStore.open({ dir, onCommit: (writes) => commits.push(writes) });
  return { store, commits };
}

test("concurrent writes share one commit; a refused one takes only itself back, and ETags stay unique", async () => {
  const dir = await tempDir("group");
  const { store, commits } = await openWithCommits(dir.path);
  const first = await store.create(T, { id: "d", type: "note", n: 0 });
  commits.length = 0;

  const outcomes = await Promise.allSettled([
    store.replace(T, { id: "d", type: "note", n: 1 }, first.etag),
    store.replace(T, { id: "d", type: "note", n: 2 }, first.etag),
    store.create(T, { id: "e", type: "note", n: 3 }),
    store.create(T, { id: "d", type: "note", n: 4 }),
    store.nextNumber(T, "counter:N", 1),
    store.batch(T, [
      { op: "create", body: { id: "f", type: "note", n: 5 } },
      { op: "replace", body: { id: "d", type: "note", n: 6 }, ifMatch: first.etag },
    ]),
    store.nextNumber(T, "counter:N", 1),
  ]);

  expect(outcomes.map((o) => o.status)).toEqual([
    "fulfilled",
    "rejected",
    "fulfilled",
    "rejected",
    "fulfilled",
    "rejected",
    "fulfilled",
  ]);
  for (const i of [1, 3, 5]) {
    const refused = outcomes[i];
    expect(refused?.status === "rejected" && refused.reason).toMatchObject({ code: "conflict" });
  }
  // One commit made the four writes that succeeded durable.
  expect(commits).toEqual([4]);
  const values = outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
  expect(values[2]).toBe(1);
  expect(values[3]).toBe(2);
  const etags = [first.etag, ...[values[0], values[1]].map((v) => (v as { etag: string }).etag)];
  expect(new Set(etags).size).toBe(3);

  await store.close();
  const reopened = await EmbeddedDocumentStore.open({ dir: dir.path });
  expect((await reopened.read(T, "d"))?.body).toEqual({ id: "d", type: "note", n: 1 });
  expect((await reopened.read(T, "e"))?.body).toEqual({ id: "e", type: "note", n: 3 });
  // The batch was all or none: its create is not there either.
  expect(await reopened.read(T, "f")).toBeUndefined();
  expect(await reopened.nextNumber(T, "counter:N", 1)).toBe(3);
  // A later write gets an ETag none of the group had, also after the refused writes took theirs back.
  const later = await reopened.replace(T, { id: "d", type: "note", n: 7 }, etags[1] as string);
  expect(etags).not.toContain(later.etag);
  await reopened.close();
  await dir.remove();
});

test("a write refused because of an earlier write of its group is refused once that write can be read", async () => {
  const dir = await tempDir("group-loser");
  const store = await EmbeddedDocumentStore.open({ dir: dir.path });
  const first = await store.create(T, { id: "d", type: "note", n: 0 });

  const winner = store.replace(T, { id: "d", type: "note", n: 1 }, first.etag);
  // The loser of the race re-reads what beat it, as the services do before they say "changed meanwhile".
  const loser = store
    .replace(T, { id: "d", type: "note", n: 2 }, first.etag)
    .then(() => undefined)
    .catch(async (error: unknown) => ({ error, reread: await store.read(T, "d") }));

  const lost = await loser;
  expect(lost?.error).toMatchObject({ code: "conflict" });
  expect(lost?.reread?.body).toEqual({ id: "d", type: "note", n: 1 });
  expect((await winner).body).toEqual({ id: "d", type: "note", n: 1 });
  await store.close();
  await dir.remove();
});

test("a read while a write waits for its commit sees the document as it was; after the acknowledgement, the write", async () => {
  const dir = await tempDir("group-read");
  const store = await EmbeddedDocumentStore.open({ dir: dir.path });
  const first = await store.create(T, { id: "d", type: "note", n: 0 });

  const writing = store.replace(T, { id: "d", type: "note", n: 1 }, first.etag);
  const creating = store.create(T, { id: "e", type: "note", n: 2 });
  const [during, listed] = await Promise.all([
    store.read(T, "d"),
    store.query(T, { type: "note", limit: 10 }),
  ]);
  expect(during?.body).toEqual({ id: "d", type: "note", n: 0 });
  expect(listed.items.map((i) => i.body.id)).toEqual(["d"]);

  const written = await writing;
  await creating;
  expect(await store.read(T, "d")).toEqual(written);
  expect((await store.query(T, { type: "note", limit: 10 })).items.map((i) => i.body.id)).toEqual(["d", "e"]);
  await store.close();
  await dir.remove();
});

test("closing the store commits the writes waiting for their commit, and then refuses new ones", async () => {
  const dir = await tempDir("group-close");
  const store = await EmbeddedDocumentStore.open({ dir: dir.path });
  const pending = store.create(T, { id: "d", type: "note", n: 0 });
  await store.close();
  expect((await pending).body).toEqual({ id: "d", type: "note", n: 0 });
  await expect(store.create(T, { id: "e", type: "note", n: 1 })).rejects.toMatchObject({
    code: "unavailable",
  });
  const reopened = await EmbeddedDocumentStore.open({ dir: dir.path });
  expect((await reopened.read(T, "d"))?.body).toEqual({ id: "d", type: "note", n: 0 });
  await reopened.close();
  await dir.remove();
});

const mounted: string[] = [];
/** Stores on a mount, closed before it is unmounted (also when the test failed half way). */
const onMount: EmbeddedDocumentStore[] = [];

afterEach(async () => {
  for (const store of onMount.splice(0)) await store.close();
  for (const path of mounted.splice(0)) {
    execFileSync("umount", [path], { stdio: "ignore" });
    await rmdir(path);
  }
});

test("disk full under concurrent writes: exactly the acknowledged writes are there, every other one was refused as not saved", async ({
  skip,
}) => {
  const dir = await tempDir("group-full");
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=3m", "tmpfs", dir.path], { stdio: "ignore" });
    mounted.push(dir.path);
  } catch {
    return (await dir.remove(), skip("cannot mount a tmpfs here (needs root)"));
  }
  const filler = `${dir.path}/filler`;
  await writeFile(filler, Buffer.alloc(1024 * 1024));
  const { store, commits } = await openWithCommits(dir.path);
  onMount.push(store);
  const pad = "n".repeat(6 * 1024);
  const acknowledged: string[] = [];
  const refused: string[] = [];
  for (let round = 0; round < 500 && refused.length === 0; round++) {
    const ids = [0, 1, 2, 3, 4, 5].map((k) => `r${round}-${k}`);
    const outcomes = await Promise.allSettled(ids.map((id) => store.create(T, { id, type: "note", pad })));
    outcomes.forEach((outcome, k) => {
      const id = ids[k] as string;
      if (outcome.status === "fulfilled") {
        acknowledged.push(id);
        return;
      }
      expect(outcome.reason).toBeInstanceOf(StoreError);
      expect(outcome.reason).toMatchObject({ code: "unavailable" });
      expect((outcome.reason as Error).message).toMatch(/is full; the change was not saved/);
      refused.push(id);
    });
  }
  expect(refused.length).toBeGreaterThan(0);
  // The writes were grouped: fewer commits than acknowledged writes.
  expect(commits.length).toBeLessThan(acknowledged.length);
  for (const id of refused) expect(await store.read(T, id), id).toBeUndefined();

  await rm(filler);
  const retried = await Promise.all(refused.map((id) => store.create(T, { id, type: "note", pad: "" })));
  expect(retried).toHaveLength(refused.length);
  await store.close();

  const reopened = await EmbeddedDocumentStore.open({ dir: dir.path });
  onMount.push(reopened);
  for (const id of acknowledged) expect((await reopened.read(T, id))?.body, id).toMatchObject({ pad });
  for (const id of refused) expect((await reopened.read(T, id))?.body, id).toMatchObject({ pad: "" });
}, 60_000);

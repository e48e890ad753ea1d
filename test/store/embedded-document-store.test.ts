import { spawn } from "node:child_process";
import { appendFile, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { StoreError } from "../../src/store/document-store.port.js";
import { EmbeddedDocumentStore, journalSize } from "../../src/store/embedded/embedded-document-store.js";
import { tempDir } from "../support/temp-dir.js";
import { documentStoreContract } from "./document-store.contract.js";

documentStoreContract("EmbeddedDocumentStore on local disk", async () => {
  const dir = await tempDir("contract");
  let store = await EmbeddedDocumentStore.open({ dir: dir.path });
  return {
    store,
    restart: async () => {
      await store.close();
      store = await EmbeddedDocumentStore.open({ dir: dir.path });
      return store;
    },
    cleanup: async () => {
      await store.close();
      await dir.remove();
    },
  };
});

const T = "tenant-a";
const doc = (id: string, n: number) => ({ id, type: "note", n });

test("a torn last journal line (a crash mid-write) is cut off and everything before it survives", async () => {
  const dir = await tempDir("torn");
  const store = await EmbeddedDocumentStore.open({ dir: dir.path });
  await store.create(T, doc("a", 1));
  await store.create(T, doc("b", 2));
  await store.close();
  await appendFile(
    join(dir.path, "journal.log"),
    '1234abcd {"t":"tenant-a","id":"c","e":"\\"9\\"","b":{"id":"c","ty',
  );

  const reopened = await EmbeddedDocumentStore.open({ dir: dir.path });
  expect((await reopened.read(T, "a"))?.body).toEqual(doc("a", 1));
  expect((await reopened.read(T, "b"))?.body).toEqual(doc("b", 2));
  expect(await reopened.read(T, "c")).toBeUndefined();
  await reopened.create(T, doc("c", 3));
  await reopened.close();

  const again = await EmbeddedDocumentStore.open({ dir: dir.path });
  expect((await again.read(T, "c"))?.body).toEqual(doc("c", 3));
  await again.close();
  await dir.remove();
});

test("a complete last line with a wrong checksum is treated as torn, not read back", async () => {
  const dir = await tempDir("checksum");
  const store = await EmbeddedDocumentStore.open({ dir: dir.path });
  await store.create(T, doc("a", 1));
  await store.close();
  const good = await readFile(join(dir.path, "journal.log"), "utf8");
  const flipped = good.replace('"n":1', '"n":7');
  await writeFile(join(dir.path, "journal.log"), good + flipped);

  const reopened = await EmbeddedDocumentStore.open({ dir: dir.path });
  expect((await reopened.read(T, "a"))?.body).toEqual(doc("a", 1));
  await reopened.close();
  await dir.remove();
});

test("damage before the end of the journal stops start-up instead of dropping later records", async () => {
  const dir = await tempDir("damaged");
  const store = await EmbeddedDocumentStore.open({ dir: dir.path });
  await store.create(T, doc("a", 1));
  await store.create(T, doc("b", 2));
  await store.close();
  const lines = (await readFile(join(dir.path, "journal.log"), "utf8")).split("\n");
  lines[0] = (lines[0] ?? "").replace('"n":1', '"n":5');
  await writeFile(join(dir.path, "journal.log"), lines.join("\n"));

  await expect(EmbeddedDocumentStore.open({ dir: dir.path })).rejects.toThrow(/damaged at byte 0/);
  await dir.remove();
});

test("compaction keeps only live documents and the store reads the same afterwards", async () => {
  const dir = await tempDir("compact");
  const store = await EmbeddedDocumentStore.open({
    dir: dir.path,
    compactAfterGarbage: 50,
    compactRatio: 0.5,
  });
  let current = await store.create(T, doc("counter", 0));
  for (let i = 1; i <= 200; i++) current = await store.replace(T, doc("counter", i), current.etag);
  await store.create(T, doc("other", 1));
  const before = await journalSize(dir.path);
  expect(before).toBeLessThan(200 * 40);
  await store.close();

  const reopened = await EmbeddedDocumentStore.open({ dir: dir.path });
  expect(await reopened.read(T, "counter")).toEqual({ body: doc("counter", 200), etag: current.etag });
  expect((await reopened.read(T, "other"))?.body).toEqual(doc("other", 1));
  await expect(reopened.replace(T, doc("counter", 0), '"1"')).rejects.toMatchObject({ code: "conflict" });
  await reopened.close();
  await dir.remove();
});

test("concurrent writes are committed together and each is acknowledged only once durable", async () => {
  const dir = await tempDir("group");
  const store = await EmbeddedDocumentStore.open({ dir: dir.path });
  await Promise.all(Array.from({ length: 100 }, (_, i) => store.create(T, doc(`d${i}`, i))));
  await store.close();
  const reopened = await EmbeddedDocumentStore.open({ dir: dir.path });
  const page = await reopened.query(T, { type: "note", limit: 1000 });
  expect(page.items).toHaveLength(100);
  await reopened.close();
  await dir.remove();
});

test("a writer told of a conflict reads the write that beat it, not the older version", async () => {
  const dir = await tempDir("read-after-conflict");
  const store = await EmbeddedDocumentStore.open({ dir: dir.path });
  const first = await store.create(T, doc("a", 1));
  const winner = store.replace(T, doc("a", 2), first.etag);
  const loser = store.replace(T, doc("a", 3), first.etag);

  await expect(loser).rejects.toMatchObject({ code: "conflict" });
  const seen = await store.read(T, "a");
  expect(seen?.body).toEqual(doc("a", 2));
  expect(seen?.etag).toBe((await winner).etag);
  await store.close();
  await dir.remove();
});

test("a store that is closed refuses work with 'unavailable'", async () => {
  const dir = await tempDir("closed");
  const store = await EmbeddedDocumentStore.open({ dir: dir.path });
  await store.close();
  await expect(store.read(T, "a")).rejects.toEqual(expect.any(StoreError));
  expect(await store.health()).toMatchObject({ ok: false });
  await dir.remove();
});

test("killing the process mid-stream loses no acknowledged write and leaves no half-written record", async () => {
  const dir = await tempDir("kill");
  // A child process writes as fast as it can and prints each id once its write is acknowledged.
  const script = `
    import { EmbeddedDocumentStore } from ${JSON.stringify(new URL("../../src/store/embedded/embedded-document-store.ts", import.meta.url).href)};
    const store = await EmbeddedDocumentStore.open({ dir: ${JSON.stringify(dir.path)} });
    for (let i = 0; ; i++) {
      await Promise.all([0, 1, 2, 3].map((k) => store.create("tenant-a", { id: "d" + (i * 4 + k), type: "note", n: i * 4 + k, pad: "x".repeat(300) })));
      process.stdout.write("ack " + (i * 4 + 3) + "\\n");
    }`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let acknowledged = -1;
  let errors = "";
  child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n")) {
        const n = Number(line.replace("ack ", ""));
        if (line.startsWith("ack ") && n > acknowledged) acknowledged = n;
      }
      if (acknowledged >= 400) {
        child.kill("SIGKILL");
        resolve();
      }
    });
    child.on("exit", (code) =>
      code === null ? resolve() : reject(new Error(`writer exited ${code}: ${errors}`)),
    );
  });
  await new Promise((resolve) => child.once("close", resolve));

  const store = await EmbeddedDocumentStore.open({ dir: dir.path });
  const page = await store.query<{ id: string; type: string; n: number }>(T, { type: "note", limit: 1000 });
  const numbers = new Set(page.items.map((i) => i.body.n));
  for (let n = 0; n <= acknowledged; n++)
    expect(numbers.has(n), `acknowledged write ${n} is missing`).toBe(true);
  for (const item of page.items)
    expect(item.body).toEqual({ id: `d${item.body.n}`, type: "note", n: item.body.n, pad: "x".repeat(300) });
  await store.close();
  await dir.remove();
}, 60_000);

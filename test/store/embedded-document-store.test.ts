import { spawn } from "node:child_process";
import { chmod, mkdir, open, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { StoreError } from "../../src/store/document-store.port.js";
import { EmbeddedDocumentStore } from "../../src/store/embedded/embedded-document-store.js";
import { queryShape } from "../../src/store/embedded/sqlite-query.js";
import { tempDir } from "../support/temp-dir.js";
import { documentStoreContract } from "./document-store.contract.js";

documentStoreContract("EmbeddedDocumentStore (SQLite) on local disk", async () => {
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

test("a page's continuation is bound to its atMost, and tokens of queries without one are what they were", async () => {
  // The shape a token is bound to, unchanged for queries without atMost: tokens already on cards still open.
  const orderBy = { field: "day", direction: "asc" } as const;
  expect(queryShape({ type: "note", orderBy, limit: 5 })).toBe(JSON.stringify(["note", {}, orderBy]));
  const dir = await tempDir("at-most");
  const store = await EmbeddedDocumentStore.open({ dir: dir.path });
  try {
    for (const day of ["2026-01-01", "2026-01-02", "2026-01-03"]) {
      await store.create(T, { id: day, type: "note", day });
    }
    const first = await store.query(T, { type: "note", orderBy, atMost: "2026-01-02", limit: 1 });
    expect(first.continuation).toBeDefined();
    const continuation = first.continuation ?? "";
    const other = store.query(T, { type: "note", orderBy, atMost: "2026-12-31", limit: 1, continuation });
    await expect(other).rejects.toMatchObject({ code: "invalid_continuation" });
    const next = await store.query(T, {
      type: "note",
      orderBy,
      atMost: "2026-01-02",
      limit: 1,
      continuation,
    });
    expect(next.items.map((i) => i.body.id)).toEqual(["2026-01-02"]);
    expect(next.continuation).toBeUndefined();
  } finally {
    await store.close();
    await dir.remove();
  }
});

test("a written document's body is what was stored, not the caller's object, however the caller changes it after", async () => {
  const dir = await tempDir("written-body");
  const store = await EmbeddedDocumentStore.open({ dir: dir.path });
  try {
    const first = { id: "n1", type: "note", n: 1, tags: ["a"] };
    const created = await store.create(T, first);
    const second = { id: "n2", type: "note", n: 2, tags: ["b"] };
    const [replaced, added] = await store.batch(T, [
      { op: "replace", body: { ...first, n: 3 }, ifMatch: created.etag },
      { op: "create", body: second },
    ]);
    // The store hands back what it wrote: changing the objects given to it afterwards changes nothing returned.
    first.tags.push("changed");
    second.tags.push("changed");
    expect(created.body).toEqual({ id: "n1", type: "note", n: 1, tags: ["a"] });
    expect(replaced?.body).toEqual({ id: "n1", type: "note", n: 3, tags: ["a"] });
    expect(added?.body).toEqual({ id: "n2", type: "note", n: 2, tags: ["b"] });
    expect(added?.body).not.toBe(second);
    expect(await store.read(T, "n2")).toEqual(added && { body: added.body, etag: added.etag });
  } finally {
    await store.close();
    await dir.remove();
  }
});

test("a missing DATA_DIR stops start-up with an error that names it", async () => {
  const dir = await tempDir("missing");
  const missing = join(dir.path, "not-there");

  await expect(EmbeddedDocumentStore.open({ dir: missing })).rejects.toThrow(
    `DATA_DIR ${missing} does not exist`,
  );
  await writeFile(missing, "a file, not a folder");
  await expect(EmbeddedDocumentStore.open({ dir: missing })).rejects.toThrow(
    `DATA_DIR ${missing} is not a folder`,
  );
  await dir.remove();
});

test("a second store on the same DATA_DIR is refused, and the folder is free again once the first closes", async () => {
  const dir = await tempDir("lock");
  const first = await EmbeddedDocumentStore.open({ dir: dir.path });

  await expect(EmbeddedDocumentStore.open({ dir: dir.path })).rejects.toThrow(
    `Another Pipeline process is already using DATA_DIR ${dir.path}`,
  );
  await first.create(T, doc("a", 1));
  await first.close();

  const second = await EmbeddedDocumentStore.open({ dir: dir.path });
  expect((await second.read(T, "a"))?.body).toEqual(doc("a", 1));
  await second.close();
  await dir.remove();
});

test("a file that is not a database stops start-up with how to restore the last backup", async () => {
  const dir = await tempDir("garbage");
  await writeFile(join(dir.path, "pipeline.db"), "x".repeat(8192));

  await expect(EmbeddedDocumentStore.open({ dir: dir.path })).rejects.toThrow(
    /pipeline\.db is damaged .*Restore the last backup: stop the bot, copy the backup file over/,
  );
  await dir.remove();
});

test("a database damaged inside (a page overwritten) fails the start-up integrity check", async () => {
  const dir = await tempDir("damaged");
  const store = await EmbeddedDocumentStore.open({ dir: dir.path });
  for (let i = 0; i < 200; i++) await store.create(T, { ...doc(`d${i}`, i), pad: "p".repeat(500) });
  await store.close();
  const file = await open(join(dir.path, "pipeline.db"), "r+");
  const { size } = await file.stat();
  // Overwrite a page in the middle of the file (past the header and schema) with noise.
  await file.write(Buffer.alloc(4096, 0x5a), 0, 4096, Math.floor(size / 4096 / 2) * 4096);
  await file.close();

  await expect(EmbeddedDocumentStore.open({ dir: dir.path })).rejects.toThrow(
    /is damaged .*Restore the last backup/,
  );
  await dir.remove();
});

test("a large file is checked just after start-up: damage then makes /healthz fail and refuses work", async () => {
  const dir = await tempDir("damaged-late");
  const store = await EmbeddedDocumentStore.open({ dir: dir.path });
  for (let i = 0; i < 200; i++) await store.create(T, { ...doc(`d${i}`, i), pad: "p".repeat(500) });
  await store.close();
  const file = await open(join(dir.path, "pipeline.db"), "r+");
  const { size } = await file.stat();
  await file.write(Buffer.alloc(4096, 0x5a), 0, 4096, Math.floor(size / 4096 / 2) * 4096);
  await file.close();

  // As if the file were larger than what is checked before start-up.
  const late = await EmbeddedDocumentStore.open({ dir: dir.path, checkBeforeStartUpTo: 0 });
  // Read before the damage is found (held by the document cache): refused once it is.
  expect((await late.read(T, "d0"))?.body).toMatchObject({ id: "d0" });
  let health = await late.health();
  for (let wait = 0; health.ok && wait < 600; wait++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    health = await late.health();
  }

  expect(health).toMatchObject({
    ok: false,
    detail: expect.stringMatching(/is damaged .*Restore the last backup/),
  });
  await expect(late.create(T, doc("new", 1))).rejects.toMatchObject({ code: "unavailable" });
  await expect(late.read(T, "d0")).rejects.toMatchObject({ code: "unavailable" });
  await late.close();
  await dir.remove();
});

test("a store that is closed refuses work with 'unavailable' and says so in health", async () => {
  const dir = await tempDir("closed");
  const store = await EmbeddedDocumentStore.open({ dir: dir.path });
  await store.close();
  await expect(store.read(T, "a")).rejects.toEqual(expect.any(StoreError));
  expect(await store.health()).toMatchObject({ ok: false });
  await dir.remove();
});

test("a read-only DATA_DIR stops start-up with an error that names it", async ({ skip }) => {
  const dir = await tempDir("read-only");
  await chmod(dir.path, 0o500);
  const probe = join(dir.path, "probe");
  const rootIgnoresModes = await writeFile(probe, "").then(
    () => true,
    () => false,
  );
  if (rootIgnoresModes) {
    await chmod(dir.path, 0o700);
    await dir.remove();
    // Root writes through folder permissions; test/store/embedded-disk-faults.test.ts covers a read-only mount.
    return skip("running as root: folder permissions do not stop writes");
  }
  await expect(EmbeddedDocumentStore.open({ dir: dir.path })).rejects.toThrow(
    `DATA_DIR ${dir.path} is not writable`,
  );
  await chmod(dir.path, 0o700);
  await dir.remove();
});

test("killing the process in a burst of writes loses no acknowledged write, and the lock does not outlive it", async () => {
  const dir = await tempDir("kill");
  await mkdir(dir.path, { recursive: true });
  // A child process writes as fast as it can and prints each number once its write is acknowledged.
  const script = `
    import { EmbeddedDocumentStore } from ${JSON.stringify(new URL("../../src/store/embedded/embedded-document-store.ts", import.meta.url).href)};
    const store = await EmbeddedDocumentStore.open({ dir: ${JSON.stringify(dir.path)} });
    for (let i = 0; ; i++) {
      await Promise.all([0, 1, 2, 3].map((k) => store.create("tenant-a", { id: "d" + (i * 4 + k), type: "note", n: i * 4 + k, pad: "x".repeat(300) })));
      await store.nextNumber("tenant-a", "counter:N", 1);
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
  const numbers = new Set<number>();
  let continuation: string | undefined;
  do {
    const page = await store.query<{ id: string; type: string; n: number }>(T, {
      type: "note",
      limit: 1000,
      ...(continuation ? { continuation } : {}),
    });
    for (const item of page.items) {
      expect(item.body).toEqual({
        id: `d${item.body.n}`,
        type: "note",
        n: item.body.n,
        pad: "x".repeat(300),
      });
      numbers.add(item.body.n);
    }
    continuation = page.continuation;
  } while (continuation);
  for (let n = 0; n <= acknowledged; n++)
    expect(numbers.has(n), `acknowledged write ${n} is missing`).toBe(true);
  // Each acknowledged burst also took one counter number; the counter went on from where it was.
  expect(await store.nextNumber(T, "counter:N", 1)).toBeGreaterThan((acknowledged + 1) / 4);
  await store.close();
  await dir.remove();
}, 60_000);

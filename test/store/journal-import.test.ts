import { appendFile, copyFile, readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { EmbeddedDocumentStore } from "../../src/store/embedded/embedded-document-store.js";
import { tempDir } from "../support/temp-dir.js";

/** A journal written by the journal-based store this one replaces (see test/fixtures/journal/README.md). */
const fixture = new URL("../fixtures/journal/journal.log", import.meta.url);
const A = "tenant-contoso";
const B = "tenant-fabrikam";

async function dataDirWithJournal(name: string) {
  const dir = await tempDir(name);
  await copyFile(fixture, join(dir.path, "journal.log"));
  return dir;
}

test("an existing journal.log is imported at start-up: latest versions, deletes applied, etags kept", async () => {
  const dir = await dataDirWithJournal("import");

  const store = await EmbeddedDocumentStore.open({ dir: dir.path });

  expect(await store.read(A, "lead-01")).toEqual({
    body: {
      id: "lead-01",
      type: "lead",
      name: "Northwind",
      status: "qualified",
      createdAt: "2026-11-01T09:00:00.000Z",
      notes: ["first call", "ünïcødé ✓"],
    },
    etag: '"2"',
  });
  expect(await store.read(A, "lead-02")).toBeUndefined();
  expect((await store.read(A, "opp-01"))?.body).toMatchObject({ name: "Big deal", amount: 12000 });
  expect((await store.read(B, "lead-01"))?.body).toMatchObject({ name: "Fabrikam's own" });
  const leads = await store.query(A, {
    type: "lead",
    orderBy: { field: "createdAt", direction: "desc" },
    limit: 10,
  });
  expect(leads.items.map((i) => i.body.id)).toEqual(["lead-01"]);
  // The counter goes on where the journal left it; an etag read before the upgrade still guards writes.
  expect(await store.nextNumber(A, "counter:lead", 1001)).toBe(1004);
  await expect(store.replace(A, { id: "lead-01", type: "lead" }, '"1"')).rejects.toMatchObject({
    code: "conflict",
  });
  const replaced = await store.replace(A, { id: "lead-01", type: "lead", name: "After" }, '"2"');
  expect(Number(replaced.etag.replaceAll('"', ""))).toBeGreaterThan(8);
  await store.close();

  const files = await readdir(dir.path);
  expect(files).toContain("journal.log.imported");
  expect(files).not.toContain("journal.log");
  await dir.remove();
});

test("the journal is imported once: a restart keeps what was written after the import", async () => {
  const dir = await dataDirWithJournal("import-once");
  const store = await EmbeddedDocumentStore.open({ dir: dir.path });
  const lead = await store.read(A, "lead-01");
  if (!lead) throw new Error("not imported");
  await store.replace(A, { ...lead.body, status: "won" }, lead.etag);
  await store.close();
  // As if someone put the old journal back by hand: it must not roll the data back.
  await copyFile(join(dir.path, "journal.log.imported"), join(dir.path, "journal.log"));

  const again = await EmbeddedDocumentStore.open({ dir: dir.path });

  expect((await again.read(A, "lead-01"))?.body).toMatchObject({ status: "won" });
  await again.close();
  await dir.remove();
});

test("a torn last line (a write the crash cut off, never acknowledged) is left out; the rest is imported", async () => {
  const dir = await dataDirWithJournal("import-torn");
  await appendFile(
    join(dir.path, "journal.log"),
    '1234abcd {"t":"tenant-contoso","id":"lead-09","e":"\\"9\\"","b":{"id',
  );

  const store = await EmbeddedDocumentStore.open({ dir: dir.path });

  expect(await store.read(A, "lead-09")).toBeUndefined();
  expect((await store.read(A, "lead-01"))?.etag).toBe('"2"');
  await store.close();
  await dir.remove();
});

test("a line with a wrong checksum before the end stops start-up, imports nothing and keeps the journal", async () => {
  const dir = await dataDirWithJournal("import-damaged");
  const path = join(dir.path, "journal.log");
  const lines = (await readFile(path, "utf8")).split("\n");
  lines[2] = (lines[2] ?? "").replace("Removed later", "Removed lateR");
  await writeFile(path, lines.join("\n"));

  await expect(EmbeddedDocumentStore.open({ dir: dir.path })).rejects.toThrow(
    /journal\.log is damaged at byte \d+/,
  );

  expect(await readdir(dir.path)).toContain("journal.log");
  await writeFile(path, "");
  const store = await EmbeddedDocumentStore.open({ dir: dir.path });
  expect(await store.read(A, "lead-01")).toBeUndefined();
  await store.close();
  await dir.remove();
});

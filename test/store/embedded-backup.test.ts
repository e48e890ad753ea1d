import { existsSync } from "node:fs";
import { copyFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { backupEmbeddedStore } from "../../src/store/embedded/backup.js";
import { EmbeddedDocumentStore } from "../../src/store/embedded/embedded-document-store.js";
import { tempDir } from "../support/temp-dir.js";

const T = "tenant-a";

test("an online backup taken while the store writes restores to a working store with everything written before it", async () => {
  const live = await tempDir("backup-live");
  const spare = await tempDir("backup-target");
  const store = await EmbeddedDocumentStore.open({ dir: live.path });
  for (let i = 0; i < 300; i++)
    await store.create(T, { id: `d${i}`, type: "note", n: i, pad: "b".repeat(200) });
  const target = join(spare.path, "pipeline-backup.db");

  // Writes keep arriving while the backup runs.
  const writing = Promise.all(
    Array.from({ length: 50 }, (_, i) => store.create(T, { id: `late${i}`, type: "note", n: 1000 + i })),
  );
  const { pages } = await backupEmbeddedStore(live.path, target);
  await writing;
  expect(pages).toBeGreaterThan(0);
  // One self-contained file: no write-ahead log beside it.
  expect(existsSync(`${target}-wal`)).toBe(false);
  await expect(backupEmbeddedStore(live.path, target)).rejects.toThrow(/already exists/);
  await store.close();

  // Restore as the README says: the backup becomes DATA_DIR/pipeline.db of a stopped bot.
  const restored = await tempDir("backup-restored");
  await copyFile(target, join(restored.path, "pipeline.db"));
  const reopened = await EmbeddedDocumentStore.open({ dir: restored.path });
  for (let i = 0; i < 300; i++)
    expect((await reopened.read(T, `d${i}`))?.body, `d${i}`).toMatchObject({ n: i });
  const created = await reopened.create(T, { id: "after-restore", type: "note", n: 0 });
  expect(created.etag).not.toBe((await reopened.read(T, "d299"))?.etag);
  await reopened.close();
  await Promise.all([live.remove(), spare.remove(), restored.remove()]);
});

test("a backup of a DATA_DIR without a store says there is nothing to back up", async () => {
  const empty = await tempDir("backup-empty");
  await expect(backupEmbeddedStore(empty.path, join(empty.path, "b.db"))).rejects.toThrow(
    /There is no embedded store at .*pipeline\.db/,
  );
  await empty.remove();
});

import { execFileSync } from "node:child_process";
import { rm, rmdir, writeFile } from "node:fs/promises";
import { afterEach, expect, test } from "vitest";
import { StoreError } from "../../src/store/document-store.port.js";
import { EmbeddedDocumentStore } from "../../src/store/embedded/embedded-document-store.js";
import { tempDir } from "../support/temp-dir.js";

/**
 * Faults of the disk itself, provoked for real on a small tmpfs. Mounting needs root (and a kernel that
 * lets this container mount): where it cannot, these tests are skipped, and say so.
 */

const T = "tenant-a";
const mounted: string[] = [];

function mountTmpfs(path: string, options: string): boolean {
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", options, "tmpfs", path], { stdio: "ignore" });
    mounted.push(path);
    return true;
  } catch {
    return false;
  }
}

afterEach(async () => {
  for (const path of mounted.splice(0)) {
    execFileSync("umount", [path], { stdio: "ignore" });
    await rmdir(path);
  }
});

test("disk full: the write is refused as 'not saved', nothing half-written remains, and writes work again once space is back", async ({
  skip,
}) => {
  const dir = await tempDir("disk-full");
  if (!mountTmpfs(dir.path, "size=3m"))
    return (await dir.remove(), skip("cannot mount a tmpfs here (needs root)"));
  // Room the test gives back later, as an operator would by deleting something.
  const filler = `${dir.path}/filler`;
  await writeFile(filler, Buffer.alloc(1024 * 1024));
  const store = await EmbeddedDocumentStore.open({ dir: dir.path });
  const pad = "n".repeat(16 * 1024);
  const saved: string[] = [];
  let refused: StoreError | undefined;
  for (let i = 0; i < 1000 && !refused; i++) {
    try {
      await store.create(T, { id: `d${i}`, type: "note", pad });
      saved.push(`d${i}`);
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      refused = error;
    }
  }

  expect(refused?.code).toBe("unavailable");
  expect(refused?.message).toMatch(/is full; the change was not saved/);
  const lost = `d${saved.length}`;
  expect(await store.read(T, lost)).toBeUndefined();
  // Reads and health keep working while the disk is full.
  expect((await store.read(T, "d0"))?.body).toMatchObject({ id: "d0" });
  expect((await store.health()).ok).toBe(true);

  await rm(filler);
  const retried = await store.create(T, { id: lost, type: "note", pad });
  expect(retried.body.id).toBe(lost);
  await store.close();

  const reopened = await EmbeddedDocumentStore.open({ dir: dir.path });
  for (const id of [...saved, lost])
    expect((await reopened.read(T, id))?.body, id).toMatchObject({ id, pad });
  await reopened.close();
}, 60_000);

test("a read-only DATA_DIR (a read-only mount) stops start-up with an error that names it", async ({
  skip,
}) => {
  const dir = await tempDir("read-only-mount");
  if (!mountTmpfs(dir.path, "size=1m,ro"))
    return (await dir.remove(), skip("cannot mount a tmpfs here (needs root)"));

  await expect(EmbeddedDocumentStore.open({ dir: dir.path })).rejects.toThrow(
    `DATA_DIR ${dir.path} is not writable (EROFS)`,
  );
});

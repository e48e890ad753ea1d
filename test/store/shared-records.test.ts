import { afterEach, expect, test, vi } from "vitest";
import { newOpportunity, type Opportunity } from "../../src/domain/opportunities/opportunity.js";
import { defaultSetup } from "../../src/domain/setup/tenant-setup.js";
import type { DocumentBody } from "../../src/store/document-store.port.js";
import { EmbeddedDocumentStore } from "../../src/store/embedded/embedded-document-store.js";
import {
  StoreOpportunityRepository,
  fromOpportunityDocument,
} from "../../src/store/opportunity.repository.js";
import { ReferenceAllocator } from "../../src/store/reference-allocator.js";
import { tempDir } from "../support/temp-dir.js";

/**
 * An opportunity read again unchanged from the embedded store is parsed once (SharedRecords,
 * src/store/document-parse.ts): the same frozen record for every reader, until a write, after which the next
 * read gives the record the write answered with (kept beside the document the write returned, which the
 * store's cache holds); and it is the record a fresh parse of the stored document gives.
 */

const tenant = "t-shared";
const actor = { tenantId: tenant, userId: "u-ann", name: "Ann", role: "rep" as const };
const cycle = defaultSetup(tenant).cycles[0]!;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function repository() {
  const dir = await tempDir("shared-records");
  const store = await EmbeddedDocumentStore.open({ dir: dir.path });
  cleanups.push(async () => {
    await store.close();
    await dir.remove();
  });
  return { store, repo: new StoreOpportunityRepository(store, new ReferenceAllocator(store)) };
}

const opportunity = (): Opportunity =>
  newOpportunity(
    {
      title: "Fleet renewal",
      party: { kind: "account", ref: "A-1001", name: "Contoso" },
      currency: "EUR",
      estimatedValue: 25_000,
      lines: [{ product: "Fleet", quantity: 3, unitPrice: 10 }],
    },
    "O-1001",
    cycle,
    actor,
    new Date("2026-11-02T09:00:00Z"),
  );

test("a record read again unchanged is the same frozen object, equal to a fresh parse; a write gives the new one", async () => {
  const { store, repo } = await repository();
  await repo.create(opportunity());
  const first = await repo.get(tenant, "O-1001");
  expect(first).toBeDefined();
  expect(await repo.get(tenant, "O-1001")).toBe(first);
  const stored = await store.read(tenant, "opportunity:O-1001");
  expect(first).toStrictEqual(fromOpportunityDocument(tenant, stored!));
  const value = first!.value;
  expect(Object.isFrozen(value)).toBe(true);
  expect(() => {
    (value as { title: string }).title = "changed";
  }).toThrow(TypeError);
  expect(() => (value.lines as unknown[]).push({})).toThrow(TypeError);

  const written = await repo.update({ ...value, title: "Fleet renewal 2027" }, first!.version, value);
  const parse = vi.spyOn(JSON, "parse");
  const after = await repo.get(tenant, "O-1001");
  // Nothing parsed: not the stored text (the write's document decodes its body only when it is read), nor
  // the record.
  expect(parse).not.toHaveBeenCalled();
  parse.mockRestore();
  expect(after).not.toBe(first);
  expect(after?.value.title).toBe("Fleet renewal 2027");
  expect(after?.version).toBe(written.version);
  expect(await repo.get(tenant, "O-1001")).toBe(after);
  // The read after the write is handed the document the write returned (the store's cache held the record's
  // document), so it takes the record the write answered with, frozen: nothing is parsed again.
  expect(after).toBe(written);
  expect(Object.isFrozen(written.value.history)).toBe(true);
  const text = JSON.stringify((await store.read(tenant, "opportunity:O-1001"))?.body);
  expect(after).toStrictEqual(
    fromOpportunityDocument(tenant, { body: JSON.parse(text) as DocumentBody, etag: written.version }),
  );
  // Another tenant never gets it, even with the same reference.
  expect(await repo.get("t-other", "O-1001")).toBeUndefined();
});

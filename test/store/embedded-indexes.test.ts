import { join } from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "vitest";
import { newOpportunity, type Opportunity } from "../../src/domain/opportunities/opportunity.js";
import { closeOpportunity } from "../../src/domain/opportunities/opportunity.lifecycle.js";
import { stageActions } from "../../src/domain/opportunities/opportunity.stages.js";
import type { Result } from "../../src/domain/shared/result.js";
import { defaultSetup } from "../../src/domain/setup/tenant-setup.js";
import { EmbeddedDocumentStore } from "../../src/store/embedded/embedded-document-store.js";
import { indexDefinition, listIndexes, typeIndex } from "../../src/store/embedded/sqlite-query.js";
import { StoreOpportunityRepository } from "../../src/store/opportunity.repository.js";
import { ReferenceAllocator } from "../../src/store/reference-allocator.js";
import { tempDir } from "../support/temp-dir.js";

/**
 * The embedded store's indexes as SQLite keeps them: which documents the indexes of rarely-set filters hold
 * (what a write has to rewrite), and how a file written with earlier definitions is brought up to date.
 */

const tenant = "t-indexes";
const actor = { tenantId: tenant, userId: "u-ann", name: "Ann", role: "rep" as const };
const cycle = defaultSetup(tenant).cycles[0]!;
const now = new Date(Date.UTC(2026, 10, 23, 9, 0, 0));
const sparse = [
  "ix_opportunity_closed_updatedAt",
  "ix_opportunity_closed_closedOn",
  "ix_opportunity_closeCode_updatedAt",
  "ix_opportunity_awaiting_updatedAt",
  "ix_opportunity_outboxPending_id",
];

const must = <T>(result: Result<T>): T => {
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result)}`);
  return result.value;
};

/** Entries in each index (dbstat: cells on its leaf pages), read on a side connection. */
function entriesPerIndex(file: string, names: readonly string[]): Record<string, number> {
  const db = new Database(file, { readonly: true });
  try {
    const count = db.prepare(
      "SELECT coalesce(sum(ncell), 0) FROM dbstat WHERE name = ? AND pagetype = 'leaf'",
    );
    return Object.fromEntries(names.map((name) => [name, Number(count.pluck().get(name))]));
  } finally {
    db.close();
  }
}

test("the indexes of filters most opportunities lack hold only the ones that have them: moving an open one writes none of them", async () => {
  const dir = await tempDir("sparse");
  const store = await EmbeddedDocumentStore.open({ dir: dir.path });
  try {
    const opportunities = new StoreOpportunityRepository(store, new ReferenceAllocator(store));
    const open = (ref: string) =>
      newOpportunity(
        {
          title: `Fleet ${ref}`,
          party: { kind: "account", ref: "A-1001", name: "Contoso" },
          currency: "EUR",
        },
        ref,
        cycle,
        actor,
        now,
      );
    let moving = await opportunities.create(open("O-1001"));
    for (let i = 0; i < 3; i++) {
      const next: Opportunity = must(
        i % 2 === 0
          ? stageActions.next(moving.value, cycle, actor, now)
          : stageActions.previous(moving.value, cycle, actor, now),
      );
      moving = await opportunities.update(next, moving.version, moving.value);
    }
    const won = await opportunities.create(open("O-1002"));
    const closed = must(closeOpportunity(won.value, "won", "WON-PRICE", "2026-11-23", actor, now));
    await opportunities.update(closed, won.version, won.value);

    const all = entriesPerIndex(store.file, ["ix_opportunity_updatedAt", ...sparse]);
    expect(all).toEqual({
      ix_opportunity_updatedAt: 2,
      ix_opportunity_closed_updatedAt: 1,
      ix_opportunity_closed_closedOn: 1,
      ix_opportunity_closeCode_updatedAt: 1,
      ix_opportunity_awaiting_updatedAt: 0,
      ix_opportunity_outboxPending_id: 0,
    });
    // And the lists that name those filters still find what they hold.
    const listed = await opportunities.list(tenant, { status: "closed" }, { limit: 10 });
    expect(listed.items.map((i) => i.value.ref)).toEqual(["O-1002"]);
    const byCode = await opportunities.list(tenant, { closeCode: "WON-PRICE" }, { limit: 10 });
    expect(byCode.items.map((i) => i.value.ref)).toEqual(["O-1002"]);
  } finally {
    await store.close();
    await dir.remove();
  }
});

test("a file written with earlier index definitions is brought up to date when opened, once", async () => {
  const dir = await tempDir("index-upgrade");
  const file = join(dir.path, "pipeline.db");
  let store = await EmbeddedDocumentStore.open({ dir: dir.path });
  await store.create(tenant, {
    id: "opportunity:O-1",
    type: "opportunity",
    closed: true,
    updatedAt: "2026-01-01",
  });
  await store.create(tenant, {
    id: "opportunity:O-2",
    type: "opportunity",
    closed: false,
    updatedAt: "2026-01-02",
  });
  await store.close();

  // What an earlier version created: the closed list's index over every opportunity, and an index on a
  // record's entries by id that no query uses any more.
  const old = new Database(file);
  old.exec(`DROP INDEX ix_opportunity_closed_updatedAt`);
  old.exec(
    "CREATE INDEX ix_opportunity_closed_updatedAt ON documents (tenant, json_extract(body, '$.closed'), " +
      "ifnull(json_extract(body, '$.updatedAt'), x''), id) WHERE type = 'opportunity'",
  );
  old.exec(
    "CREATE INDEX ix_entry_record_id ON documents (tenant, json_extract(body, '$.record'), id) WHERE type = 'entry'",
  );
  old.close();
  expect(entriesPerIndex(file, ["ix_opportunity_closed_updatedAt"])).toEqual({
    ix_opportunity_closed_updatedAt: 2,
  });

  const indexes = () => {
    const db = new Database(file, { readonly: true });
    try {
      return db
        .prepare("SELECT name, sql, rootpage FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix_%'")
        .all() as { name: string; sql: string; rootpage: number }[];
    } finally {
      db.close();
    }
  };
  try {
    store = await EmbeddedDocumentStore.open({ dir: dir.path });
    await store.close();
    const upgraded = indexes();
    expect(upgraded.map((i) => i.name)).not.toContain("ix_entry_record_id");
    for (const index of listIndexes.map(indexDefinition)) {
      expect(upgraded.find((i) => i.name === index.name)?.sql, index.name).toBe(index.sql);
    }
    expect(entriesPerIndex(file, ["ix_opportunity_closed_updatedAt"])).toEqual({
      ix_opportunity_closed_updatedAt: 1,
    });

    // Opening it again rebuilds nothing: every index keeps its pages.
    store = await EmbeddedDocumentStore.open({ dir: dir.path });
    const page = await store.query(tenant, { type: "opportunity", where: { closed: true }, limit: 10 });
    expect(page.items.map((i) => i.body.id)).toEqual(["opportunity:O-1"]);
    await store.close();
    expect(indexes()).toEqual(upgraded);
  } finally {
    await dir.remove();
  }
});

test("stage history entries stay out of the by-type index, and a file whose index held them is rebuilt once", async () => {
  const dir = await tempDir("type-index");
  const file = join(dir.path, "pipeline.db");
  const typeIndexSql = () => {
    const db = new Database(file, { readonly: true });
    try {
      return db.prepare("SELECT sql FROM sqlite_master WHERE name = 'documents_by_type'").pluck().get();
    } finally {
      db.close();
    }
  };
  const documents = (where: string) => {
    const db = new Database(file, { readonly: true });
    try {
      return Number(db.prepare(`SELECT count(*) FROM documents WHERE ${where}`).pluck().get());
    } finally {
      db.close();
    }
  };
  let store = await EmbeddedDocumentStore.open({ dir: dir.path });
  try {
    const opportunities = new StoreOpportunityRepository(store, new ReferenceAllocator(store));
    let moving = await opportunities.create(
      newOpportunity(
        {
          title: "Fleet",
          party: { kind: "account", ref: "A-1001", name: "Contoso" },
          currency: "EUR",
        },
        "O-1001",
        cycle,
        actor,
        now,
      ),
    );
    for (let i = 0; i < 4; i++) {
      const next: Opportunity = must(
        i % 2 === 0
          ? stageActions.next(moving.value, cycle, actor, now)
          : stageActions.previous(moving.value, cycle, actor, now),
      );
      moving = await opportunities.update(next, moving.version, moving.value);
    }
    await store.close();
    expect(documents("type = 'entry'")).toBeGreaterThanOrEqual(4);
    const others = documents("type <> 'entry'");
    expect(entriesPerIndex(file, ["documents_by_type"])).toEqual({ documents_by_type: others });

    // What earlier versions created: every document in it, entries too.
    const old = new Database(file);
    old.exec("DROP INDEX documents_by_type");
    old.exec("CREATE INDEX documents_by_type ON documents (tenant, type, id)");
    old.close();
    expect(entriesPerIndex(file, ["documents_by_type"])).toEqual({
      documents_by_type: others + documents("type = 'entry'"),
    });

    store = await EmbeddedDocumentStore.open({ dir: dir.path });
    await store.close();
    expect(typeIndexSql()).toBe(typeIndex.sql);
    expect(entriesPerIndex(file, ["documents_by_type"])).toEqual({ documents_by_type: others });

    // Lists that only it serves still use it and find what they did; the entries are still read by record.
    store = await EmbeddedDocumentStore.open({ dir: dir.path });
    const totals = { type: "pipeline_totals", limit: 10 } as const;
    expect((await store.query(tenant, totals)).items).toHaveLength(documents("type = 'pipeline_totals'"));
    const listed = new StoreOpportunityRepository(store, new ReferenceAllocator(store));
    expect((await listed.history(tenant, "O-1001", { limit: 10 })).items).toHaveLength(
      documents("type = 'entry' AND body ->> '$.kind' = 'history'"),
    );
    const plans: string[] = [];
    await store.close();
    const reopened = await EmbeddedDocumentStore.open({
      dir: dir.path,
      onQuery: (sql, params) => plans.push(...reopened.queryPlan(sql, params)),
    });
    await reopened.query(tenant, totals);
    await reopened.close();
    expect(plans.join("\n")).toMatch(/USING (COVERING )?INDEX documents_by_type \(tenant=\? AND type=\?\)/);
  } finally {
    await store.close();
    await dir.remove();
  }
});

test("the search indexes hold only the searchable types; another type with search text is still found, and an older file's indexes are rebuilt once", async () => {
  const dir = await tempDir("search-index");
  const file = join(dir.path, "pipeline.db");
  const at = "2026-11-23T09:00:00.000Z";
  const searched = { search: "contoso fleet", searchAt: at, searchBy: "u-ann" };
  let store = await EmbeddedDocumentStore.open({ dir: dir.path });
  try {
    await store.create(tenant, { id: "lead:L-1", type: "lead", ...searched });
    await store.create(tenant, { id: "opportunity:O-1", type: "opportunity", ...searched });
    // Not a type the app searches, but the store's search is for any type whose documents carry the fields.
    await store.create(tenant, { id: "widget:W-1", type: "widget", ...searched });
    await store.create(tenant, { id: "totals:u-ann", type: "pipeline_totals", count: 1 });
    const found = async (types: string[]) =>
      (await store.search(tenant, { types, words: ["contoso"], skip: 0, count: 10 })).map((d) => d.body.id);
    expect(await found(["lead", "opportunity"])).toEqual(["opportunity:O-1", "lead:L-1"]);
    expect(await found(["widget"])).toEqual(["widget:W-1"]);
    await store.close();
    const searchIndexes = ["ix_search_recent", "ix_search_by"];
    expect(entriesPerIndex(file, searchIndexes)).toEqual({ ix_search_recent: 2, ix_search_by: 2 });

    // What earlier versions created: every document with search text, whatever its type.
    const old = new Database(file);
    old.exec("DROP INDEX ix_search_recent");
    old.exec(
      "CREATE INDEX ix_search_recent ON documents (tenant, ifnull(json_extract(body, '$.searchAt'), x''), id) " +
        "WHERE json_extract(body, '$.search') IS NOT NULL",
    );
    old.close();
    expect(entriesPerIndex(file, ["ix_search_recent"])).toEqual({ ix_search_recent: 3 });
    store = await EmbeddedDocumentStore.open({ dir: dir.path });
    expect(await found(["lead", "opportunity", "widget"])).toEqual([
      "widget:W-1",
      "opportunity:O-1",
      "lead:L-1",
    ]);
    await store.close();
    expect(entriesPerIndex(file, searchIndexes)).toEqual({ ix_search_recent: 2, ix_search_by: 2 });
  } finally {
    await store.close();
    await dir.remove();
  }
});

test("writing a document evaluates the partial indexes' conditions without building a temporary B-tree", async () => {
  const dir = await tempDir("write-program");
  const store = await EmbeddedDocumentStore.open({ dir: dir.path });
  await store.close();
  const db = new Database(join(dir.path, "pipeline.db"), { readonly: true });
  try {
    // The store's own write statements (embedded-document-store.ts): SQLite builds a temporary B-tree for an
    // IN list of more than two constants each time such a statement runs.
    for (const sql of [
      "INSERT INTO documents (tenant, id, type, version, body) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
      "UPDATE documents SET version = ?, body = ? WHERE tenant = ? AND id = ? AND version = ? AND type = ?",
    ]) {
      const params = Array.from({ length: sql.split("?").length - 1 }, () => "x");
      const program = db.prepare(`EXPLAIN ${sql}`).all(...params) as { opcode: string }[];
      expect(
        program.filter((step) => step.opcode === "OpenEphemeral"),
        sql,
      ).toEqual([]);
    }
  } finally {
    db.close();
    await dir.remove();
  }
});

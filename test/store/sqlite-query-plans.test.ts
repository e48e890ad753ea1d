import { afterAll, beforeAll, expect, test } from "vitest";
import { EmbeddedDocumentStore } from "../../src/store/embedded/embedded-document-store.js";
import { StoreDigestRepository } from "../../src/store/digest.repository.js";
import { StoreDirectoryRepository } from "../../src/store/directory.repository.js";
import { deleteEntries } from "../../src/store/entries.js";
import { StoreLeadRepository } from "../../src/store/lead.repository.js";
import {
  StoreDeliveryRepository,
  StoreOutboxStore,
  StoreSubscriptionRepository,
} from "../../src/store/notification.repositories.js";
import { StoreOpportunityRepository } from "../../src/store/opportunity.repository.js";
import { StorePartnerRepository } from "../../src/store/partner.repository.js";
import { StorePartyRepository } from "../../src/store/party.repository.js";
import { ReferenceAllocator } from "../../src/store/reference-allocator.js";
import { StoreRecordSearchRepository } from "../../src/store/search.repository.js";
import { tempDir } from "../support/temp-dir.js";

/**
 * Every list query the repositories issue, run through the real repositories on the SQLite store, then
 * explained: each must be an index SEARCH that begins with the tenant (`tenant=?`), so no query ever walks
 * another tenant's rows. The indexed lists must also come back in index order, without a sort step.
 */

const T = "tenant-contoso";
const issued = new Map<string, readonly unknown[]>();
let store: EmbeddedDocumentStore;
let remove: () => Promise<void>;

beforeAll(async () => {
  const dir = await tempDir("plans");
  remove = dir.remove;
  store = await EmbeddedDocumentStore.open({
    dir: dir.path,
    onQuery: (sql, params) => issued.set(sql, params),
  });
  const refs = new ReferenceAllocator(store);
  const leads = new StoreLeadRepository(store, refs);
  const opportunities = new StoreOpportunityRepository(store, refs);
  const partners = new StorePartnerRepository(store, refs);
  const parties = new StorePartyRepository(store, refs);
  const directory = new StoreDirectoryRepository(store);
  const page = { limit: 20 };

  for (const filter of [
    {},
    { status: "open" as const },
    { ownerId: "u1" },
    { status: "open" as const, ownerId: "u1" },
  ]) {
    await leads.list(T, filter, page);
  }
  for (const filter of [
    {},
    { status: "open" as const },
    { status: "closed" as const },
    { ownerId: "u1" },
    { partyRef: "A-1001" },
    { stageId: "qualify" },
    { closeCode: "won-price" },
    { awaiting: "approval" as const },
    { partner: { ref: "P-1001", access: "delivered" as const } },
    { status: "open" as const, ownerId: "u1", stageId: "qualify" },
  ]) {
    await opportunities.list(T, filter, page);
  }
  // What `opp purge` deletes, a page at a time, by close date and with each of its filters.
  for (const filter of [
    {},
    { closedOnOrBefore: "2026-06-30" },
    { closedOnOrBefore: "2026-06-30", outcome: "lost" as const },
    { closedOnOrBefore: "2026-06-30", ownerId: "u1" },
    { closedOnOrBefore: "2026-06-30", ownerId: "u1", outcome: "won" as const, closeCode: "WON-PRICE" },
  ]) {
    await opportunities.purgeCandidates(T, filter, 100);
  }
  // A record's entries (stage history, timeline) a page at a time, all of them on delete, and the totals.
  await opportunities.history(T, "O-1001", { limit: 10 });
  await leads.timeline(T, "L-1001", 10);
  await deleteEntries(store, T, "opportunity:O-1001");
  await opportunities.pipelineTotals(T);
  await opportunities.needingAttention(T, "u1", 50);
  await partners.findByName(T, "Northwind");
  await partners.list(T, page);
  await parties.findAccounts(T, { domain: "contoso.com", name: "Contoso" }, 10);
  await parties.findContacts(T, { email: "ann@contoso.com", name: "Ann Berg" }, 10);
  await directory.userByTeamsId(T, "29:ann");
  await directory.findUsers(T, { email: "ann@contoso.com", name: "Ann" }, 10);
  await directory.listUsers(T, { limit: 50 });
  await directory.listUsers(T, { granted: true, limit: 50 });
  await directory.tenants();
  await new StoreOutboxStore(store).pending(T);
  await new StoreDeliveryRepository(store).pending(T);
  await new StoreSubscriptionRepository(store).active(T);
  await new StoreDigestRepository(store).activeChannels(T);
  await new StoreDigestRepository(store).allPrefs(T);
  const search = new StoreRecordSearchRepository(store);
  const kinds = ["lead", "opportunity", "account", "contact"] as const;
  await search.search(T, { kinds, words: ["contoso"], skip: 0, count: 25 });
  await search.search(T, { kinds, words: ["lars", "contoso"], skip: 25, count: 25 });
  await search.search(T, { kinds, words: [], changedBy: "u1", skip: 0, count: 25 });
  await search.search(T, {
    kinds: ["opportunity"],
    words: ["contoso"],
    partner: "P-1001",
    skip: 0,
    count: 25,
  });

  // The next page of an ordered list continues from the last row with a row-value comparison.
  await store.create(T, { id: "lead:L-1", type: "lead", createdAt: "2026-01-01" });
  await store.create(T, { id: "lead:L-2", type: "lead", createdAt: "2026-01-02" });
  const first = await store.query(T, {
    type: "lead",
    orderBy: { field: "createdAt", direction: "desc" },
    limit: 1,
  });
  await store.query(T, {
    type: "lead",
    orderBy: { field: "createdAt", direction: "desc" },
    limit: 1,
    ...(first.continuation ? { continuation: first.continuation } : {}),
  });
});

afterAll(async () => {
  await store.close();
  await remove();
});

test("the repositories' queries were all collected", () => {
  // 4 lead lists (+1 continued page), 10 opportunity lists (the two "open" ones share a shape), and the rest.
  expect(issued.size).toBeGreaterThanOrEqual(30);
});

test("every query the repositories issue is an index search that begins with the tenant", () => {
  for (const [sql, params] of issued) {
    const plan = store.queryPlan(sql, params);
    const steps = plan.filter((line) => /documents/.test(line));
    expect(steps, sql).not.toHaveLength(0);
    for (const step of steps) {
      expect(step, `${sql}\n${plan.join("\n")}`).toMatch(
        /^SEARCH documents USING (COVERING )?INDEX \S+ \(tenant=\?/,
      );
    }
  }
});

test("a search walks a search index newest first: no sort step, whatever it filters on", () => {
  const searches = [...issued].filter(([sql]) => sql.includes("$.search"));
  expect(searches).toHaveLength(4);
  for (const [sql, params] of searches) {
    const plan = store.queryPlan(sql, params).join("\n");
    expect(plan, sql).toMatch(/INDEX ix_search_(recent|by) \(tenant=\?/);
    expect(plan, sql).not.toMatch(/USE TEMP B-TREE/);
  }
  const mine = searches.find(([sql]) => sql.includes("$.searchBy"));
  expect(store.queryPlan(mine?.[0] ?? "", mine?.[1] ?? []).join("\n")).toMatch(
    /INDEX ix_search_by \(tenant=\? AND <expr>=\?\)/,
  );
});

test("the lists users page through (leads, opportunities, partners, deliveries) need no sort step", () => {
  const lists = [...issued].filter(([sql]) =>
    /type = '(lead|opportunity|partner|delivery)'.*ORDER BY (ifnull|id)/.test(sql),
  );
  expect(lists.length).toBeGreaterThanOrEqual(15);
  for (const [sql, params] of lists) {
    const plan = store.queryPlan(sql, params);
    expect(plan.join("\n"), sql).not.toMatch(/USE TEMP B-TREE/);
  }
});

test("a rep's inbox walks that rep's open opportunities in attention-date order, with no sort step", () => {
  const inbox = [...issued].filter(([sql]) =>
    /ORDER BY ifnull\(json_extract\(body, '\$\.attentionDate'\)/.test(sql),
  );
  expect(inbox).toHaveLength(1);
  for (const [sql, params] of inbox) {
    const plan = store.queryPlan(sql, params).join("\n");
    expect(plan, sql).toMatch(
      /INDEX ix_opportunity_ownerId_status_attentionDate \(tenant=\? AND <expr>=\? AND <expr>=\?/,
    );
    expect(plan, sql).not.toMatch(/USE TEMP B-TREE/);
  }
});

test("a purge walks the tenant's closed opportunities by close date, up to its date, whatever else it filters on", () => {
  const purges = [...issued].filter(([sql]) =>
    /ORDER BY ifnull\(json_extract\(body, '\$\.closedOn'\)/.test(sql),
  );
  expect(purges).toHaveLength(5);
  for (const [sql, params] of purges) {
    const plan = store.queryPlan(sql, params).join("\n");
    expect(plan, sql).toMatch(/INDEX ix_opportunity_closed_closedOn \(tenant=\? AND <expr>=\?/);
    if (sql.includes("<= ?")) expect(plan, sql).toMatch(/<expr><\?\)/);
    expect(plan, sql).not.toMatch(/USE TEMP B-TREE/);
  }
});

test("a partner's lists walk that partner's own index, created on first use, not the tenant's opportunities", () => {
  const partnerLists = [...issued].filter(([sql]) => /partner_P1001/.test(sql) && !/instr\(/.test(sql));
  expect(partnerLists).toHaveLength(1);
  for (const [sql, params] of partnerLists) {
    const plan = store.queryPlan(sql, params).join("\n");
    expect(plan, sql).toMatch(/INDEX ix_opportunity_partner_P1001_updatedAt \(tenant=\? AND <expr>=\?/);
    expect(plan, sql).not.toMatch(/USE TEMP B-TREE/);
  }
});

test("a record's entries (its history or timeline page, all of them on delete) are found by that record", () => {
  // History and timeline pages and deleting a record's entries (a kind at a time) are one SQL text: the
  // record and the kind are bound, and one index serves them all.
  const entryQueries = [...issued].filter(([sql]) => /type = 'entry'/.test(sql));
  expect(entryQueries).toHaveLength(1);
  for (const [sql, params] of entryQueries) {
    const plan = store.queryPlan(sql, params).join("\n");
    expect(plan, sql).toMatch(/INDEX ix_entry_record_kind_seq \(tenant=\? AND <expr>=\? AND <expr>=\?\)/);
    expect(plan, sql).not.toMatch(/USE TEMP B-TREE/);
  }
});

test("a list by a filter most opportunities lack walks that filter's own index, which holds only the ones that have it", () => {
  const own: [RegExp, string][] = [
    [/\$\.closeCode'\) = \?/, "ix_opportunity_closeCode_updatedAt"],
    [/\$\.awaiting'\) = \?/, "ix_opportunity_awaiting_updatedAt"],
    [
      /\$\.closed'\) = \?.*ORDER BY ifnull\(json_extract\(body, '\$\.updatedAt'\)/,
      "ix_opportunity_closed_updatedAt",
    ],
    [/\$\.outboxPending'\) = \?/, "ix_(lead|opportunity)_outboxPending_id"],
  ];
  for (const [pattern, index] of own) {
    const lists = [...issued].filter(([sql]) => pattern.test(sql) && !/\$\.closedOn/.test(sql));
    expect(lists.length, String(pattern)).toBeGreaterThanOrEqual(1);
    for (const [sql, params] of lists) {
      expect(store.queryPlan(sql, params).join("\n"), sql).toMatch(
        new RegExp(`INDEX ${index} \\(tenant=\\?`),
      );
    }
  }
});

import * as z from "zod";
import {
  opportunityRowFields,
  type Opportunity,
  type OpportunityRow,
  type StageHistoryEntry,
} from "../domain/opportunities/opportunity.js";
import type {
  CycleOf,
  OpportunityListFilter,
  OpportunityRepository,
  Preparation,
  PurgeCandidates,
} from "../domain/opportunities/opportunity.repository.port.js";
import type { Page, Versioned } from "../domain/shared/ports.js";
import type { BatchOperation, DocumentStore, Scalar, StoredDocument } from "./document-store.port.js";
import { listQuery } from "./opportunity-list-query.js";
import {
  appendedEntries,
  deleteEntriesOfDeleted,
  entryCreates,
  isLegacyRecord,
  latestEntries,
  migrateRecord,
  tailSize,
  writeRecord,
  type EntryKind,
} from "./entries.js";
import { translateStoreErrors } from "./errors.js";
import { allCountedId, parseTotals, totalsId, totalsOperations } from "./pipeline-totals.store.js";
import { allStampedId, markPrepared, preparationOf, preparePage } from "./opportunity-preparation.js";
import type { PipelineTotals } from "../domain/opportunities/pipeline-totals.js";
import { BoundedMap } from "../domain/shared/bounded-map.js";
import type { ReferenceAllocator } from "./reference-allocator.js";
import { partnerField } from "../domain/partners/partner.js";
import { opportunitySearchFields } from "./search-fields.js";
import { toAccountDocument } from "./party.repository.js";
import type { Account } from "../domain/parties/party.js";
import { historyEntrySchema, outboxFields, timelineEntrySchema, userStampSchema } from "./schemas.js";
import { parseDocument, SharedRecords, withoutFields } from "./document-parse.js";

const lineSchema = z.object({ product: z.string(), quantity: z.number(), unitPrice: z.number() });

// Kept with the other stored pieces (schemas.ts); exported here too, where the stage history is read.
export { historyEntrySchema };

/** The stored shape of an opportunity, with the fields lists filter on kept flat and indexable. */
export const opportunityDocumentSchema = z.object({
  id: z.string(),
  type: z.literal("opportunity"),
  ref: z.string(),
  title: z.string(),
  party: z.object({
    kind: z.enum(["account", "contact"]),
    ref: z.string(),
    name: z.string(),
    person: z.boolean().optional(),
  }),
  primaryContact: z.object({ ref: z.string(), name: z.string() }).optional(),
  owner: userStampSchema,
  type_: z.string().optional(),
  source: z.string().optional(),
  currency: z.string(),
  estimatedValue: z.number(),
  chancePct: z.number(),
  cycleCode: z.string(),
  stageId: z.string().optional(),
  skipped: z.array(z.string()).readonly().optional(),
  status: z.enum(["open", "won", "lost"]),
  closeCode: z.string().optional(),
  closedOn: z.string().optional(),
  lines: z.array(lineSchema).readonly(),
  expectedCloseDate: z.string().optional(),
  customerSituation: z.string().optional(),
  customerNeed: z.string().optional(),
  proposedSolution: z.string().optional(),
  leadRef: z.string().optional(),
  timeline: z.array(timelineEntrySchema).readonly(),
  // Absent on documents of the old shape (every entry inside): those are migrated when read.
  timelineCount: z.number().optional(),
  historyCount: z.number().optional(),
  counted: z.boolean().optional(),
  attentionDate: z.string().optional(),
  history: z.array(historyEntrySchema).readonly(),
  quote: z
    .object({
      number: z.string(),
      createdAt: z.string(),
      createdBy: userStampSchema,
      lines: z.array(lineSchema).readonly(),
      total: z.number(),
    })
    .optional(),
  order: z
    .object({
      number: z.string(),
      createdAt: z.string(),
      createdBy: userStampSchema,
      quoteNumber: z.string(),
      total: z.number(),
    })
    .optional(),
  region: z.string().optional(),
  industry: z.string().optional(),
  distribution: z
    .object({
      collaboration: z.boolean(),
      partners: z
        .array(
          z.object({
            partner: z.string(),
            name: z.string(),
            status: z.enum(["delivered", "accepted", "declined", "recalled"]),
            at: z.string(),
            by: userStampSchema,
            reason: z.string().optional(),
          }),
        )
        .readonly(),
      explanation: z.string().optional(),
    })
    .optional(),
  origin: z.object({ partner: z.string(), name: z.string() }).optional(),
  approval: z.enum(["pending", "approved", "rejected"]).optional(),
  deal: z
    .object({
      status: z.enum(["requested", "approved", "rejected"]),
      requestedBy: userStampSchema,
      requestedAt: z.string(),
      decidedBy: userStampSchema.optional(),
      decidedAt: z.string().optional(),
      reason: z.string().optional(),
    })
    .optional(),
  revision: z.number(),
  createdBy: userStampSchema,
  createdAt: z.string(),
  updatedBy: userStampSchema,
  updatedAt: z.string(),
  // Flat copies for equality filters in queries.
  ownerId: z.string(),
  partyRef: z.string(),
  closed: z.boolean(),
  ...outboxFields,
});

type OpportunityDocument = z.infer<typeof opportunityDocumentSchema>;

/** A list's row (OpportunityRow): those fields of the document, a missing optional one left out. */
const rowSchema = opportunityDocumentSchema.pick(
  Object.fromEntries(opportunityRowFields.map((f) => [f, true])) as Record<
    (typeof opportunityRowFields)[number],
    true
  >,
);

export const documentId = (ref: string) => `opportunity:${ref}`;
const entryKinds: readonly EntryKind[] = ["history", "timeline"];

/**
 * The record document and the creates of the entries this change appended (see entries.ts), and `stored`:
 * the opportunity as a read of that document gives it back (its latest entries and their counts).
 */
export function opportunityWrite(o: Opportunity): {
  readonly document: OpportunityDocument & Record<string, unknown>;
  readonly entries: BatchOperation[];
  readonly stored: Opportunity;
} {
  const id = documentId(o.ref);
  const newHistory = appendedEntries(o.history, o.historyCount ?? 0);
  const newTimeline = appendedEntries(o.timeline, o.timelineCount ?? 0);
  const kept = {
    history: o.history.slice(-tailSize),
    timeline: o.timeline.slice(-tailSize),
    historyCount: (o.historyCount ?? 0) + newHistory.length,
    timelineCount: (o.timelineCount ?? 0) + newTimeline.length,
  };
  return {
    document: Object.assign(toOpportunityDocument(o), kept),
    entries: [
      ...entryCreates(id, "history", o.historyCount ?? 0, newHistory),
      ...entryCreates(id, "timeline", o.timelineCount ?? 0, newTimeline),
    ],
    // Built from the record the domain handed in, not parsed back from the document just written: the
    // document is that record's mapping, so parsing it (JSON and the schema, several times the cost of the
    // write's own mapping) would only rebuild the same values. test/store/written-records.test.ts checks
    // that a read afterwards gives exactly this.
    stored: { ...o, ...kept },
  };
}

/**
 * The record as one document, without splitting out its entries (the old shape, and seeding in tests).
 *
 * Why Object.assign and fixed keys before spreads here and in the other mappings of a write: on Node 20,
 * `{ ...record, newKey: … }` costs 10 to 40 µs of CPU when the record has a few dozen fields (V8 builds a new
 * hidden class for each key added after the spread), several times per write; assigning the same keys onto
 * the fresh object costs about a microsecond. The result is the same object.
 */
export function toOpportunityDocument(o: Opportunity): OpportunityDocument & Record<string, unknown> {
  // `type` names the document kind in the shared container, so the opportunity's own type is `type_`.
  const { tenantId: _tenant, type, outbox, ...rest } = o;
  return Object.assign(rest, {
    id: documentId(o.ref),
    type: "opportunity" as const,
    ownerId: o.owner.id,
    partyRef: o.party.ref,
    closed: o.status !== "open",
    ...opportunitySearchFields(o),
    ...(outbox?.length ? { outbox, outboxPending: true } : {}),
    ...(type ? { type_: type } : {}),
    // One flat field per partner it was distributed to ("partner_P1001": "delivered"), and the creating
    // partner's, so a partner's lists are equality queries the index serves.
    ...Object.fromEntries((o.distribution?.partners ?? []).map((p) => [partnerField(p.partner), p.status])),
    ...(o.origin ? { [partnerField(o.origin.partner)]: "origin" } : {}),
    // What a manager must decide, for the managers' inbox.
    ...(o.approval === "pending"
      ? { awaiting: "approval" }
      : o.deal?.status === "requested" && o.status === "open"
        ? { awaiting: "deal" }
        : {}),
  });
}

/** What the document holds for the store alone (its own type, `type_`, is read back as `type`). */
const storeOnlyFields = ["id", "type", "type_", "ownerId", "partyRef", "closed", "outboxPending"] as const;

export function fromOpportunityDocument(tenantId: string, stored: StoredDocument): Versioned<Opportunity> {
  const parsed = parseDocument(opportunityDocumentSchema, stored.body);
  const { type_ } = parsed;
  const rest = withoutFields(parsed, storeOnlyFields);
  // Assigned onto the fresh `rest` rather than spread: see toOpportunityDocument.
  return {
    value: Object.assign(rest, type_ ? { type: type_, tenantId } : { tenantId }),
    version: stored.etag,
  };
}

/** An opportunity read again unchanged (a card pressed, refreshed, shown to the next person) is not parsed again. */
const sharedOpportunities = new SharedRecords(fromOpportunityDocument);

const firstOpportunityRef = "O-1001";

/** Every write through the repository counts the opportunity in its owner's totals in the same batch. */
const counted = { counted: true } as const;

export { allStampedId };
/** Tenants remembered as stamped at most (a bound, not a tuning knob: a forgotten one costs one read). */
const stampedTenantsKept = 10_000;

export class StoreOpportunityRepository implements OpportunityRepository {
  /** Tenants known to be stamped: the marker is never removed, so it is read once per process. */
  private readonly stamped = new BoundedMap<string, true>(stampedTenantsKept);

  constructor(
    private readonly store: DocumentStore,
    private readonly refs: ReferenceAllocator,
    /** Told when a tenant that is not prepared yet was asked for (the background step goes on with it). */
    private readonly onUnprepared?: (tenantId: string) => void,
  ) {}

  nextRef(tenantId: string): Promise<string> {
    return translateStoreErrors(async () => {
      const ref = await this.refs.next(tenantId, "O");
      // The tenant's first reference ever (the counter hands it out once): nothing was stored before the
      // totals and attention dates, so the tenant is prepared from its birth and no walk is ever needed.
      if (ref === firstOpportunityRef) await markPrepared(this.store, tenantId);
      return ref;
    });
  }

  nextNumber(tenantId: string, prefix: "Q" | "SO"): Promise<string> {
    return translateStoreErrors(() => this.refs.next(tenantId, prefix));
  }

  create(o: Opportunity, withAccount?: Account): Promise<Versioned<Opportunity>> {
    return translateStoreErrors(async () => {
      const write = opportunityWrite({ ...o, historyCount: 0, timelineCount: 0 });
      const totals = totalsOperations(undefined, o);
      const record = { op: "create" as const, body: Object.assign(write.document, counted) };
      const account: BatchOperation[] = withAccount
        ? [{ op: "create", body: toAccountDocument(withAccount) }]
        : [];
      const saved = await writeRecord(this.store, o.tenantId, record, [
        ...account,
        ...write.entries,
        ...totals,
      ]);
      return { value: Object.assign(write.stored, counted), version: saved.etag };
    });
  }

  get(tenantId: string, ref: string): Promise<Versioned<Opportunity> | undefined> {
    return translateStoreErrors(async () => {
      const stored = await this.store.read(tenantId, documentId(ref));
      return stored ? this.load(tenantId, stored) : undefined;
    });
  }

  update(o: Opportunity, version: string, previous: Opportunity): Promise<Versioned<Opportunity>> {
    return translateStoreErrors(async () => {
      const write = opportunityWrite(o);
      const totals = totalsOperations(previous, o);
      const record = {
        op: "replace" as const,
        body: Object.assign(write.document, counted),
        ifMatch: version,
      };
      const saved = await writeRecord(this.store, o.tenantId, record, [...write.entries, ...totals]);
      // The record is what a read of `saved` parses to; the next read (the next move, the next press, the
      // relay), handed that document by the embedded store's cache, takes it as it is.
      return sharedOpportunities.remember(o.tenantId, saved, {
        value: Object.assign(write.stored, counted),
        version: saved.etag,
      });
    });
  }

  pipelineTotals(tenantId: string, ownerId?: string): Promise<readonly PipelineTotals[] | undefined> {
    return translateStoreErrors(async () => {
      if (ownerId !== undefined) {
        const [marker, totals] = await Promise.all([
          this.store.read(tenantId, allCountedId),
          this.store.read(tenantId, totalsId(ownerId)),
        ]);
        if (!marker) return undefined;
        return totals ? [parseTotals(totals.body)] : [];
      }
      const all = await this.allTotals(tenantId);
      return all.counted ? all.totals : undefined;
    });
  }

  /** Every owner's totals: one query page per 1,000 owners; says whether the tenant is fully counted. */
  private async allTotals(tenantId: string) {
    const totals: PipelineTotals[] = [];
    let counted = false;
    let continuation: string | undefined;
    do {
      const page = await this.store.query(tenantId, {
        type: "pipeline_totals",
        limit: 1000,
        ...(continuation ? { continuation } : {}),
      });
      for (const item of page.items) {
        if (item.body.id === allCountedId) counted = true;
        else totals.push(parseTotals(item.body));
      }
      continuation = page.continuation;
    } while (continuation);
    return { totals, counted };
  }

  prepare(tenantId: string, cycleOf: CycleOf): Promise<Preparation> {
    return translateStoreErrors(async () => {
      let now = await preparationOf(this.store, tenantId);
      if (now.ready) return now;
      if (now.prepared === 0) {
        // Never started: the first page here, so a new or small tenant needs no background step at all.
        const first = await this.preparePage(tenantId, cycleOf, { background: false });
        if (first !== "raced") now = first;
        if (now.ready) return now;
      }
      this.onUnprepared?.(tenantId);
      return now;
    });
  }

  /** One page of the preparation (opportunity-preparation.ts), for the background step too. */
  preparePage(
    tenantId: string,
    cycleOf: CycleOf,
    options: { readonly background?: boolean } = { background: true },
  ): Promise<Preparation | "raced"> {
    return preparePage(
      this.store,
      {
        page: (tenant, page) => this.list(tenant, { status: "open" }, page),
        document: (o) => opportunityWrite(o).document,
      },
      tenantId,
      cycleOf,
      options,
    );
  }

  delete(tenantId: string, ref: string, version: string): Promise<void> {
    return translateStoreErrors(async () => {
      await this.store.delete(tenantId, documentId(ref), version);
      await deleteEntriesOfDeleted(this.store, tenantId, documentId(ref));
    });
  }

  needingAttention(
    tenantId: string,
    ownerId: string,
    limit: number,
  ): Promise<readonly Versioned<Opportunity>[]> {
    return translateStoreErrors(async () => {
      const page = await this.store.query(tenantId, {
        type: "opportunity",
        where: { ownerId, status: "open" },
        orderBy: { field: "attentionDate", direction: "asc" },
        limit,
      });
      return Promise.all(page.items.map((item) => this.load(tenantId, item)));
    });
  }

  purgeCandidates(
    tenantId: string,
    filter: PurgeCandidates,
    limit: number,
  ): Promise<readonly Versioned<Opportunity>[]> {
    return translateStoreErrors(async () => {
      // `closed` is always named, so the embedded store walks its closed-by-date index (sqlite-query.ts);
      // the other filters are checked on the rows in range.
      const where: Record<string, Scalar> = { closed: true };
      if (filter.outcome) where.status = filter.outcome;
      if (filter.ownerId) where.ownerId = filter.ownerId;
      if (filter.closeCode) where.closeCode = filter.closeCode;
      const page = await this.store.query(tenantId, {
        type: "opportunity",
        where,
        orderBy: { field: "closedOn", direction: "asc" },
        ...(filter.closedOnOrBefore ? { atMost: filter.closedOnOrBefore } : {}),
        limit,
      });
      return Promise.all(page.items.map((item) => this.load(tenantId, item)));
    });
  }

  attentionStamped(tenantId: string): Promise<boolean> {
    return translateStoreErrors(async () => {
      if (this.stamped.has(tenantId)) return true;
      const marker = await this.store.read(tenantId, allStampedId);
      if (marker) this.stamped.set(tenantId, true);
      return !!marker;
    });
  }

  /** Stage history rows, newest first, a page at a time (the record itself keeps only the latest). */
  history(
    tenantId: string,
    ref: string,
    page: { readonly limit: number; readonly cursor?: string },
  ): Promise<Page<StageHistoryEntry>> {
    return translateStoreErrors(async () => {
      const result = await latestEntries(this.store, tenantId, documentId(ref), "history", page);
      return {
        items: result.items.map((e) => parseDocument(historyEntrySchema, e)),
        ...(result.cursor ? { cursor: result.cursor } : {}),
      };
    });
  }

  /** A document of the old shape is migrated the first time it is read (entries.ts). */
  private async load(tenantId: string, stored: StoredDocument): Promise<Versioned<Opportunity>> {
    // A record kept for this very document (the read after a write) is of the current shape: its body, which
    // a write's document decodes only when read, is not looked at.
    const kept = sharedOpportunities.held(tenantId, stored);
    if (kept) return kept;
    if (!isLegacyRecord(stored.body, entryKinds)) return sharedOpportunities.of(tenantId, stored);
    const migrated = await migrateRecord(this.store, tenantId, stored, entryKinds);
    return fromOpportunityDocument(tenantId, migrated ?? stored);
  }

  list(
    tenantId: string,
    filter: OpportunityListFilter,
    page: { readonly limit: number; readonly cursor?: string },
  ): Promise<Page<Versioned<Opportunity>>> {
    return translateStoreErrors(async () => {
      const result = await this.store.query(tenantId, listQuery(filter, page));
      return {
        items: await Promise.all(result.items.map((item) => this.load(tenantId, item))),
        ...(result.continuation ? { cursor: result.continuation } : {}),
      };
    });
  }

  /** The row fields of each (a document of the old shape too: its entries are not needed for a row). */
  listRows(
    tenantId: string,
    filter: OpportunityListFilter,
    page: { readonly limit: number; readonly cursor?: string },
  ): Promise<Page<Versioned<OpportunityRow>>> {
    return translateStoreErrors(async () => {
      const query = { ...listQuery(filter, page), fields: opportunityRowFields };
      const result = await this.store.query(tenantId, query);
      return {
        items: result.items.map((item) => ({
          value: parseDocument(rowSchema, item.body),
          version: item.etag,
        })),
        ...(result.continuation ? { cursor: result.continuation } : {}),
      };
    });
  }
}

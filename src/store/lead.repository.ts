import * as z from "zod";
import {
  contactMethods,
  leadSources,
  leadRowFields,
  leadStatuses,
  stakeholderRoles,
  type Lead,
  type LeadRow,
} from "../domain/leads/lead.js";
import type { LeadListFilter, LeadRepository } from "../domain/leads/lead.repository.port.js";
import type { Page, Versioned } from "../domain/shared/ports.js";
import type { TimelineEntry } from "../domain/shared/timeline.js";
import type { DocumentStore, StoredDocument } from "./document-store.port.js";
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
import { parseDocument, versionedRecord } from "./document-parse.js";
import { translateStoreErrors } from "./errors.js";
import { outboxFields, timelineEntrySchema, userStampSchema as userStamp } from "./schemas.js";
import type { ReferenceAllocator } from "./reference-allocator.js";
import { leadSearchFields } from "./search-fields.js";

/** The stored shape of a lead. Parsed on every read, so a bad document fails loudly instead of leaking. */
export const leadDocumentSchema = z.object({
  id: z.string(),
  type: z.literal("lead"),
  ref: z.string(),
  topic: z.string(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  company: z.string().optional(),
  jobTitle: z.string().optional(),
  email: z.string().optional(),
  businessPhone: z.string().optional(),
  mobilePhone: z.string().optional(),
  source: z.enum(leadSources).optional(),
  industry: z.string().optional(),
  contactMethod: z.enum(contactMethods).optional(),
  currency: z.string().optional(),
  productInterests: z.array(z.string()),
  status: z.enum(leadStatuses),
  owner: userStamp,
  ownerId: z.string(),
  timeline: z.array(timelineEntrySchema).readonly(),
  // Absent on documents of the old shape (every note inside): those are migrated when read.
  timelineCount: z.number().optional(),
  accountRef: z.string().optional(),
  contactRef: z.string().optional(),
  // Defaults let documents written before these fields existed still be read.
  stakeholders: z
    .array(
      z.object({
        contactRef: z.string(),
        name: z.string(),
        role: z.enum(stakeholderRoles),
      }),
    )
    .readonly()
    .default([]),
  qualification: z
    .object({
      accountRef: z.string().optional(),
      contactRef: z.string().optional(),
      opportunityRef: z.string().optional(),
      currency: z.string(),
      at: z.string(),
      by: userStamp,
    })
    .optional(),
  disqualifyReason: z.string().optional(),
  revision: z.number().default(1),
  ...outboxFields,
  createdBy: userStamp,
  createdAt: z.string(),
  updatedBy: userStamp,
  updatedAt: z.string(),
});

type LeadDocument = z.infer<typeof leadDocumentSchema>;

export const documentId = (ref: string) => `lead:${ref}`;

const entryKinds: readonly EntryKind[] = ["timeline"];

/**
 * The record document (latest notes and the count), the creates of the notes this change appended, and
 * `stored`: the lead as a read of that document gives it back, built from the lead handed in rather than
 * parsed back from the document (see opportunityWrite; test/store/written-records.test.ts).
 */
export function leadWrite(lead: Lead) {
  const added = appendedEntries(lead.timeline, lead.timelineCount ?? 0);
  const kept = {
    timeline: lead.timeline.slice(-tailSize),
    timelineCount: (lead.timelineCount ?? 0) + added.length,
  };
  return {
    document: { ...toLeadDocument(lead), ...kept },
    entries: entryCreates(documentId(lead.ref), "timeline", lead.timelineCount ?? 0, added),
    stored: { ...lead, ...kept },
  };
}

/** The lead as one document, without splitting out its notes (the old shape, and seeding in tests). */
export function toLeadDocument(lead: Lead): LeadDocument {
  // tenantId is the partition, kept by the store beside the body, not inside it.
  const { tenantId: _tenant, outbox, ...rest } = lead;
  return {
    ...rest,
    ...(outbox?.length ? { outbox, outboxPending: true } : {}),
    productInterests: [...lead.productInterests],
    id: documentId(lead.ref),
    type: "lead",
    ownerId: lead.owner.id,
    ...leadSearchFields(lead),
  };
}

/** A list's row (LeadRow): those fields of the document, a missing optional one left out. */
const rowSchema = leadDocumentSchema.pick(
  Object.fromEntries(leadRowFields.map((f) => [f, true])) as Record<(typeof leadRowFields)[number], true>,
);

export function fromLeadDocument(tenantId: string, stored: StoredDocument): Versioned<Lead> {
  return versionedRecord(leadDocumentSchema, tenantId, stored, ["id", "type", "ownerId", "outboxPending"]);
}

export class StoreLeadRepository implements LeadRepository {
  constructor(
    private readonly store: DocumentStore,
    private readonly refs: ReferenceAllocator,
  ) {}

  nextRef(tenantId: string): Promise<string> {
    return translateStoreErrors(() => this.refs.next(tenantId, "L"));
  }

  create(lead: Lead): Promise<Versioned<Lead>> {
    return translateStoreErrors(async () => {
      const { document, entries, stored } = leadWrite({ ...lead, timelineCount: 0 });
      const saved = await writeRecord(this.store, lead.tenantId, { op: "create", body: document }, entries);
      return { value: stored, version: saved.etag };
    });
  }

  get(tenantId: string, ref: string): Promise<Versioned<Lead> | undefined> {
    return translateStoreErrors(async () => {
      const stored = await this.store.read(tenantId, documentId(ref));
      return stored ? this.load(tenantId, stored) : undefined;
    });
  }

  update(lead: Lead, version: string): Promise<Versioned<Lead>> {
    return translateStoreErrors(async () => {
      const { document, entries, stored } = leadWrite(lead);
      const record = { op: "replace" as const, body: document, ifMatch: version };
      const saved = await writeRecord(this.store, lead.tenantId, record, entries);
      return { value: stored, version: saved.etag };
    });
  }

  delete(tenantId: string, ref: string, version: string): Promise<void> {
    return translateStoreErrors(async () => {
      await this.store.delete(tenantId, documentId(ref), version);
      await deleteEntriesOfDeleted(this.store, tenantId, documentId(ref));
    });
  }

  timeline(tenantId: string, ref: string, limit: number): Promise<readonly TimelineEntry[]> {
    return translateStoreErrors(async () => {
      const page = await latestEntries(this.store, tenantId, documentId(ref), "timeline", { limit });
      return page.items.map((e) => parseDocument(timelineEntrySchema, e)).reverse();
    });
  }

  /** A document of the old shape is migrated the first time it is read (entries.ts). */
  private async load(tenantId: string, stored: StoredDocument): Promise<Versioned<Lead>> {
    if (!isLegacyRecord(stored.body, entryKinds)) return fromLeadDocument(tenantId, stored);
    const migrated = await migrateRecord(this.store, tenantId, stored, entryKinds);
    return fromLeadDocument(tenantId, migrated ?? stored);
  }

  list(
    tenantId: string,
    filter: LeadListFilter,
    page: { readonly limit: number; readonly cursor?: string },
  ): Promise<Page<Versioned<LeadRow>>> {
    return translateStoreErrors(async () => {
      const where: Record<string, string> = {};
      if (filter.status) where.status = filter.status;
      if (filter.ownerId) where.ownerId = filter.ownerId;
      const result = await this.store.query(tenantId, {
        type: "lead",
        where,
        orderBy: { field: "createdAt", direction: "desc" },
        limit: page.limit,
        ...(page.cursor ? { continuation: page.cursor } : {}),
        fields: leadRowFields,
      });
      // Rows need no notes, so a lead of the old shape lists as it is (migrated on its first real read).
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

import { z } from "zod";
import type { Opportunity } from "../domain/opportunities/opportunity.js";
import type {
  OpportunityListFilter,
  OpportunityRepository,
} from "../domain/opportunities/opportunity.repository.port.js";
import type { Page, Versioned } from "../domain/shared/ports.js";
import type { DocumentStore, Scalar, StoredDocument } from "./document-store.port.js";
import { translateStoreErrors } from "./errors.js";
import type { ReferenceAllocator } from "./reference-allocator.js";
import { partnerField } from "../domain/partners/partner.js";
import { opportunitySearchFields } from "./search-fields.js";
import { outboxFields, timelineEntrySchema, userStampSchema } from "./schemas.js";

const lineSchema = z.object({ product: z.string(), quantity: z.number(), unitPrice: z.number() });

/** The stored shape of an opportunity, with the fields lists filter on kept flat and indexable. */
const opportunityDocumentSchema = z.object({
  id: z.string(),
  type: z.literal("opportunity"),
  ref: z.string(),
  title: z.string(),
  party: z.object({ kind: z.enum(["account", "contact"]), ref: z.string(), name: z.string() }),
  owner: userStampSchema,
  type_: z.string().optional(),
  source: z.string().optional(),
  currency: z.string(),
  estimatedValue: z.number(),
  chancePct: z.number(),
  cycleCode: z.string(),
  stageId: z.string().optional(),
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
  history: z
    .array(
      z.object({
        action: z.enum([
          "create",
          "next",
          "previous",
          "skip",
          "goto",
          "update",
          "close",
          "reopen",
          "replace",
          "assign",
          "distribute",
          "accept",
          "decline",
          "recall",
          "register",
          "approve",
          "reject",
        ]),
        from: z.string().optional(),
        to: z.string().optional(),
        by: userStampSchema,
        at: z.string(),
        note: z.string().optional(),
      }),
    )
    .readonly(),
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

export const documentId = (ref: string) => `opportunity:${ref}`;

export function toOpportunityDocument(o: Opportunity): OpportunityDocument & Record<string, unknown> {
  // `type` names the document kind in the shared container, so the opportunity's own type is `type_`.
  const { tenantId: _tenant, type, outbox, ...rest } = o;
  return {
    ...rest,
    ...(outbox?.length ? { outbox, outboxPending: true } : {}),
    ...(type ? { type_: type } : {}),
    id: documentId(o.ref),
    type: "opportunity",
    ownerId: o.owner.id,
    partyRef: o.party.ref,
    closed: o.status !== "open",
    ...opportunitySearchFields(o),
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
  };
}

export function fromOpportunityDocument(tenantId: string, stored: StoredDocument): Versioned<Opportunity> {
  const parsed = opportunityDocumentSchema.parse(stored.body);
  const {
    id: _id,
    type: _kind,
    type_,
    ownerId: _o,
    partyRef: _p,
    closed: _c,
    outboxPending: _pending,
    ...rest
  } = parsed;
  return { value: { ...rest, ...(type_ ? { type: type_ } : {}), tenantId }, version: stored.etag };
}

export class StoreOpportunityRepository implements OpportunityRepository {
  constructor(
    private readonly store: DocumentStore,
    private readonly refs: ReferenceAllocator,
  ) {}

  nextRef(tenantId: string): Promise<string> {
    return translateStoreErrors(() => this.refs.next(tenantId, "O"));
  }

  nextNumber(tenantId: string, prefix: "Q" | "SO"): Promise<string> {
    return translateStoreErrors(() => this.refs.next(tenantId, prefix));
  }

  create(o: Opportunity): Promise<Versioned<Opportunity>> {
    return translateStoreErrors(async () =>
      fromOpportunityDocument(o.tenantId, await this.store.create(o.tenantId, toOpportunityDocument(o))),
    );
  }

  get(tenantId: string, ref: string): Promise<Versioned<Opportunity> | undefined> {
    return translateStoreErrors(async () => {
      const stored = await this.store.read(tenantId, documentId(ref));
      return stored ? fromOpportunityDocument(tenantId, stored) : undefined;
    });
  }

  update(o: Opportunity, version: string): Promise<Versioned<Opportunity>> {
    return translateStoreErrors(async () =>
      fromOpportunityDocument(
        o.tenantId,
        await this.store.replace(o.tenantId, toOpportunityDocument(o), version),
      ),
    );
  }

  delete(tenantId: string, ref: string, version: string): Promise<void> {
    return translateStoreErrors(() => this.store.delete(tenantId, documentId(ref), version));
  }

  list(
    tenantId: string,
    filter: OpportunityListFilter,
    page: { readonly limit: number; readonly cursor?: string },
  ): Promise<Page<Versioned<Opportunity>>> {
    return translateStoreErrors(async () => {
      const where: Record<string, Scalar> = {};
      if (filter.status === "closed") where.closed = true;
      else if (filter.status) where.status = filter.status;
      if (filter.ownerId) where.ownerId = filter.ownerId;
      if (filter.partyRef) where.partyRef = filter.partyRef;
      if (filter.stageId) where.stageId = filter.stageId;
      if (filter.closeCode) where.closeCode = filter.closeCode;
      if (filter.partner) where[partnerField(filter.partner.ref)] = filter.partner.access;
      if (filter.awaiting) where.awaiting = filter.awaiting;
      const result = await this.store.query(tenantId, {
        type: "opportunity",
        where,
        orderBy: { field: "updatedAt", direction: "desc" },
        limit: page.limit,
        ...(page.cursor ? { continuation: page.cursor } : {}),
      });
      return {
        items: result.items.map((item) => fromOpportunityDocument(tenantId, item)),
        ...(result.continuation ? { cursor: result.continuation } : {}),
      };
    });
  }
}

import { createHash } from "node:crypto";
import * as z from "zod";
import { partnerKey, type Partner } from "../domain/partners/partner.js";
import type { PartnerRepository } from "../domain/partners/partner.repository.port.js";
import type { Page, Versioned } from "../domain/shared/ports.js";
import type { DocumentStore, StoredDocument } from "./document-store.port.js";
import { translateStoreErrors } from "./errors.js";
import type { ReferenceAllocator } from "./reference-allocator.js";
import { conversationAddressSchema, userStampSchema } from "./schemas.js";

const partnerDocumentSchema = z.object({
  id: z.string(),
  type: z.literal("partner"),
  ref: z.string(),
  name: z.string(),
  members: z.array(userStampSchema).readonly(),
  regions: z.array(z.string()).readonly(),
  industries: z.array(z.string()).readonly(),
  products: z.array(z.string()).readonly(),
  capacity: z.number(),
  preferred: z.boolean(),
  inbox: conversationAddressSchema.optional(),
  inboxLocale: z.string().optional(),
  revision: z.number(),
  createdBy: userStampSchema,
  createdAt: z.string(),
  updatedBy: userStampSchema,
  updatedAt: z.string(),
  // Flat key for lookups and ordering by name.
  nameKey: z.string(),
});

type PartnerDocument = z.infer<typeof partnerDocumentSchema>;

export const documentId = (ref: string) => `partner:${ref}`;
/** One small document per name: creating it first makes two partners of the same name impossible. */
export const nameClaimId = (name: string) =>
  `partner-name:${createHash("sha256").update(partnerKey(name)).digest("hex").slice(0, 32)}`;

function toDocument(p: Partner): PartnerDocument {
  const { tenantId: _tenant, ...rest } = p;
  return { ...rest, id: documentId(p.ref), type: "partner", nameKey: partnerKey(p.name) };
}

function fromDocument(tenantId: string, stored: StoredDocument): Versioned<Partner> {
  const { id: _id, type: _type, nameKey: _key, ...rest } = partnerDocumentSchema.parse(stored.body);
  return { value: { ...rest, tenantId }, version: stored.etag };
}

/** Partner organisations as documents of type "partner" in the tenant's partition. */
export class StorePartnerRepository implements PartnerRepository {
  constructor(
    private readonly store: DocumentStore,
    private readonly refs: ReferenceAllocator,
  ) {}

  nextRef(tenantId: string): Promise<string> {
    return translateStoreErrors(() => this.refs.next(tenantId, "P"));
  }

  create(partner: Partner): Promise<Versioned<Partner>> {
    return translateStoreErrors(async () => {
      await this.store.create(partner.tenantId, {
        id: nameClaimId(partner.name),
        type: "partner-name",
        ref: partner.ref,
      });
      return fromDocument(partner.tenantId, await this.store.create(partner.tenantId, toDocument(partner)));
    });
  }

  get(tenantId: string, ref: string): Promise<Versioned<Partner> | undefined> {
    return translateStoreErrors(async () => {
      const stored = await this.store.read(tenantId, documentId(ref));
      return stored ? fromDocument(tenantId, stored) : undefined;
    });
  }

  findByName(tenantId: string, name: string): Promise<Versioned<Partner> | undefined> {
    return translateStoreErrors(async () => {
      const page = await this.store.query(tenantId, {
        type: "partner",
        where: { nameKey: partnerKey(name) },
        limit: 1,
      });
      const [first] = page.items;
      return first ? fromDocument(tenantId, first) : undefined;
    });
  }

  update(partner: Partner, version: string): Promise<Versioned<Partner>> {
    return translateStoreErrors(async () =>
      fromDocument(
        partner.tenantId,
        await this.store.replace(partner.tenantId, toDocument(partner), version),
      ),
    );
  }

  list(
    tenantId: string,
    page: { readonly limit: number; readonly cursor?: string },
  ): Promise<Page<Versioned<Partner>>> {
    return translateStoreErrors(async () => {
      const result = await this.store.query(tenantId, {
        type: "partner",
        orderBy: { field: "nameKey", direction: "asc" },
        limit: page.limit,
        ...(page.cursor ? { continuation: page.cursor } : {}),
      });
      return {
        items: result.items.map((item) => fromDocument(tenantId, item)),
        ...(result.continuation ? { cursor: result.continuation } : {}),
      };
    });
  }
}

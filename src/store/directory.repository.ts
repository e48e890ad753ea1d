import * as z from "zod";
import type { DirectoryUser } from "../domain/directory/directory.js";
import type {
  DirectoryRepository,
  KnownConversation,
} from "../domain/directory/directory.repository.port.js";
import {
  grantedRoles,
  nameKeys,
  normaliseEmail,
  normaliseName,
  systemTenantId,
} from "../domain/directory/directory.rules.js";
import type { Versioned } from "../domain/shared/ports.js";
import type { DocumentStore, Scalar, StoredDocument } from "./document-store.port.js";
import { StoreError } from "./document-store.port.js";
import { documentIdFor } from "./document-rules.js";
import { parseDocument, versionedRecord } from "./document-parse.js";
import { translateStoreErrors } from "./errors.js";
import { conversationAddressSchema, userStampSchema } from "./schemas.js";

const addressSchema = conversationAddressSchema;

export const userDocumentSchema = z.object({
  id: z.string(),
  type: z.literal("user"),
  userId: z.string(),
  teamsId: z.string(),
  name: z.string(),
  email: z.string().optional(),
  external: z.boolean(),
  unverified: z.boolean().optional(),
  role: z.enum(grantedRoles).optional(),
  partner: z.string().optional(),
  personal: addressSchema.optional(),
  locale: z.string().optional(),
  lastSeenAt: z.string(),
  grantedBy: userStampSchema.optional(),
  grantedAt: z.string().optional(),
  // Search keys (equality queries only): absent keys never match.
  granted: z.boolean(),
  emailKey: z.string().nullable(),
  nameKey: z.string(),
  firstNameKey: z.string().nullable(),
  lastNameKey: z.string().nullable(),
});

export const conversationDocumentSchema = z.object({
  id: z.string(),
  type: z.literal("conversation"),
  address: addressSchema,
  kind: z.enum(["personal", "channel", "groupChat"]),
  lastSeenAt: z.string(),
  active: z.boolean(),
  removedAt: z.string().optional(),
});

const tenantDocumentSchema = z.object({
  id: z.string(),
  type: z.literal("tenant"),
  tenant: z.string(),
  firstSeenAt: z.string(),
});

// Longer or odd ids are hashed; the id itself stays in the body.
export const userId = (id: string) => documentIdFor("user", id);
export const conversationId = (id: string) => documentIdFor("conversation", id);
export const tenantId = (id: string) => documentIdFor("tenant", id);

function toUserDocument(u: DirectoryUser): z.infer<typeof userDocumentSchema> {
  const { tenantId: _t, ...rest } = u;
  const keys = nameKeys(u.name);
  return {
    ...rest,
    id: userId(u.userId),
    type: "user",
    granted: u.role !== undefined,
    emailKey: normaliseEmail(u.email) ?? null,
    nameKey: keys.full ?? "",
    firstNameKey: keys.first ?? null,
    lastNameKey: keys.last ?? null,
  };
}

function fromUserDocument(tenant: string, stored: StoredDocument): Versioned<DirectoryUser> {
  return versionedRecord(userDocumentSchema, tenant, stored, [
    "id",
    "type",
    "granted",
    "emailKey",
    "nameKey",
    "firstNameKey",
    "lastNameKey",
  ]);
}

function toConversationDocument(c: KnownConversation): z.infer<typeof conversationDocumentSchema> {
  return {
    id: conversationId(c.address.conversationId),
    type: "conversation",
    address: c.address,
    kind: c.address.kind,
    lastSeenAt: c.lastSeenAt,
    active: c.active,
    ...(c.removedAt ? { removedAt: c.removedAt } : {}),
  };
}

function fromConversationDocument(tenant: string, stored: StoredDocument): Versioned<KnownConversation> {
  const { address, lastSeenAt, active, removedAt } = parseDocument(conversationDocumentSchema, stored.body);
  return {
    value: {
      tenantId: tenant,
      address,
      lastSeenAt,
      active,
      ...(removedAt ? { removedAt } : {}),
    },
    version: stored.etag,
  };
}

/** Users (`user:<userId>`) and conversations (`conversation:<id>`) per tenant; the tenant registry in "_system". */
export class StoreDirectoryRepository implements DirectoryRepository {
  constructor(private readonly store: DocumentStore) {}

  getUser(tenant: string, id: string) {
    return translateStoreErrors(async () => {
      const stored = await this.store.read(tenant, userId(id));
      return stored ? fromUserDocument(tenant, stored) : undefined;
    });
  }

  userByTeamsId(tenant: string, teamsId: string) {
    return translateStoreErrors(async () => {
      const [found] = await this.query(tenant, { teamsId }, 1);
      return found ? fromUserDocument(tenant, found) : undefined;
    });
  }

  findUsers(tenant: string, match: { email?: string; name?: string }, limit: number) {
    return translateStoreErrors(async () => {
      const found = new Map<string, DirectoryUser>();
      const email = normaliseEmail(match.email);
      const name = normaliseName(match.name);
      const filters: Record<string, Scalar>[] = [
        ...(email ? [{ emailKey: email }] : []),
        ...(name ? [{ nameKey: name }, { firstNameKey: name }, { lastNameKey: name }] : []),
      ];
      for (const where of filters) {
        for (const stored of await this.query(tenant, where, limit)) {
          const user = fromUserDocument(tenant, stored).value;
          found.set(user.userId, user);
        }
      }
      return [...found.values()].slice(0, limit);
    });
  }

  listUsers(tenant: string, options: { granted?: boolean; limit: number }) {
    return translateStoreErrors(async () =>
      (await this.query(tenant, options.granted ? { granted: true } : {}, options.limit)).map(
        (stored) => fromUserDocument(tenant, stored).value,
      ),
    );
  }

  saveUser(user: DirectoryUser, version: string | undefined) {
    const body = toUserDocument(user);
    return translateStoreErrors(async () =>
      fromUserDocument(
        user.tenantId,
        version === undefined
          ? await this.store.create(user.tenantId, body)
          : await this.store.replace(user.tenantId, body, version),
      ),
    );
  }

  getConversation(tenant: string, id: string) {
    return translateStoreErrors(async () => {
      const stored = await this.store.read(tenant, conversationId(id));
      return stored ? fromConversationDocument(tenant, stored) : undefined;
    });
  }

  saveConversation(conversation: KnownConversation, version: string | undefined) {
    const body = toConversationDocument(conversation);
    const tenant = conversation.tenantId;
    return translateStoreErrors(async () =>
      fromConversationDocument(
        tenant,
        version === undefined
          ? await this.store.create(tenant, body)
          : await this.store.replace(tenant, body, version),
      ),
    );
  }

  isRegistered(tenant: string) {
    return translateStoreErrors(
      async () => (await this.store.read(systemTenantId, tenantId(tenant))) !== undefined,
    );
  }

  register(tenant: string, at: string) {
    const body: z.infer<typeof tenantDocumentSchema> = {
      id: tenantId(tenant),
      type: "tenant",
      tenant,
      firstSeenAt: at,
    };
    return translateStoreErrors(async () => {
      try {
        await this.store.create(systemTenantId, body);
      } catch (error) {
        // Registered meanwhile (another instance, or a concurrent first turn): the first registration stays.
        if (!(error instanceof StoreError && error.code === "conflict")) throw error;
      }
    });
  }

  tenants() {
    return translateStoreErrors(async () => {
      const tenants: string[] = [];
      let continuation: string | undefined;
      do {
        const page = await this.store.query(systemTenantId, {
          type: "tenant",
          limit: 1000,
          ...(continuation ? { continuation } : {}),
        });
        for (const stored of page.items)
          tenants.push(parseDocument(tenantDocumentSchema, stored.body).tenant);
        continuation = page.continuation;
      } while (continuation);
      return tenants;
    });
  }

  private async query(tenant: string, where: Record<string, Scalar>, limit: number) {
    const page = await this.store.query(tenant, {
      type: "user",
      where,
      orderBy: { field: "nameKey", direction: "asc" },
      limit,
    });
    return page.items;
  }
}

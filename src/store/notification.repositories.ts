import * as z from "zod";
import type { ChannelSubscription, SubscriptionRepository } from "../domain/notify/subscription.js";
import { topics, type NotificationEvent } from "../domain/notify/event.js";
import type {
  Delivery,
  DeliveryRepository,
  OutboxStore,
  OutboxSubject,
  ThreadRepository,
  ThreadRoot,
} from "../domain/notify/ports.js";
import { documentIdFor } from "./document-rules.js";
import { StoreError, type DocumentStore, type StoredDocument } from "./document-store.port.js";
import { translateStoreErrors } from "./errors.js";
import { conversationAddressSchema, notificationEventSchema } from "./schemas.js";

const personSchema = z.object({ id: z.string(), name: z.string() });

/** How often a guarded write is retried when something else changed the document in between. */
const conflictRetries = 5;

const isConflict = (error: unknown) => error instanceof StoreError && error.code === "conflict";

/**
 * Outboxes live inside the records they belong to (opportunities, leads), so the relay works on the raw
 * documents: it reads only `outbox` and writes the document back unchanged apart from the events it removed.
 */
export class StoreOutboxStore implements OutboxStore {
  constructor(private readonly store: DocumentStore) {}

  async read(tenantId: string, subject: OutboxSubject): Promise<readonly NotificationEvent[]> {
    return translateStoreErrors(async () => {
      const stored = await this.store.read(tenantId, `${subject.kind}:${subject.ref}`);
      return parseOutbox(stored?.body.outbox);
    });
  }

  async remove(tenantId: string, subject: OutboxSubject, eventIds: readonly string[]): Promise<void> {
    const gone = new Set(eventIds);
    return translateStoreErrors(async () => {
      for (let attempt = 0; ; attempt++) {
        const stored = await this.store.read(tenantId, `${subject.kind}:${subject.ref}`);
        if (!stored) return;
        const outbox = parseOutbox(stored.body.outbox);
        const left = outbox.filter((e) => !gone.has(e.id));
        if (left.length === outbox.length) return;
        const { outbox: _o, outboxPending: _p, ...rest } = stored.body;
        const body = left.length ? { ...rest, outbox: left, outboxPending: true } : rest;
        try {
          await this.store.replace(tenantId, body, stored.etag);
          return;
        } catch (error) {
          if (!isConflict(error) || attempt >= conflictRetries) throw error;
        }
      }
    });
  }

  async pending(tenantId: string): Promise<readonly OutboxSubject[]> {
    return translateStoreErrors(async () => {
      const subjects: OutboxSubject[] = [];
      for (const kind of ["opportunity", "lead"] as const) {
        let continuation: string | undefined;
        do {
          const page = await this.store.query(tenantId, {
            type: kind,
            where: { outboxPending: true },
            limit: 200,
            ...(continuation ? { continuation } : {}),
          });
          for (const item of page.items) {
            const ref = item.body.ref;
            if (typeof ref === "string") subjects.push({ kind, ref });
          }
          continuation = page.continuation;
        } while (continuation);
      }
      return subjects;
    });
  }
}

function parseOutbox(value: unknown): readonly NotificationEvent[] {
  if (value === undefined) return [];
  return z.array(notificationEventSchema).parse(value);
}

/** A partner organisation's target names the partner; a vendor target names none. */
const audienceFields = {
  audience: z.literal("partner").optional(),
  partner: z.string().optional(),
};

const targetSchema = z
  .discriminatedUnion("kind", [
    z.object({
      kind: z.literal("channel"),
      key: z.string(),
      address: conversationAddressSchema,
      threadKey: z.string(),
      ...audienceFields,
    }),
    z.object({
      kind: z.literal("user"),
      key: z.string(),
      userId: z.string(),
      teamsId: z.string(),
      name: z.string(),
      address: conversationAddressSchema.optional(),
      via: z.object({ serviceUrl: z.string(), botId: z.string() }),
      ...audienceFields,
    }),
  ])
  .refine((t) => (t.audience === "partner") === (t.partner !== undefined), {
    message: "a partner target names its partner, and only a partner target does",
  });

const deliveryDocumentSchema = z.object({
  id: z.string(),
  type: z.literal("delivery"),
  deliveryId: z.string(),
  event: notificationEventSchema,
  target: targetSchema,
  locale: z.string().optional(),
  status: z.enum(["pending", "sent", "gone", "failed"]),
  attempts: z.number(),
  seq: z.number(),
  createdAt: z.string(),
  notBefore: z.string().optional(),
  leaseUntil: z.string().optional(),
  leaseTerm: z.number().optional(),
  sentAt: z.string().optional(),
  activityId: z.string().optional(),
  lastError: z.string().optional(),
});

/**
 * A delivery id joins an event id (`O-1001#2:stage_changed`) and a target key holding a Teams conversation
 * id, so it is hashed into a usable document id; `deliveryId` keeps it readable in the document.
 */
export const deliveryDocId = (id: string) => documentIdFor("delivery", id);

function toDeliveryDocument(d: Delivery) {
  const { tenantId: _t, id, ...rest } = d;
  return { ...rest, id: deliveryDocId(id), type: "delivery" as const, deliveryId: id };
}

function fromDeliveryDocument(tenantId: string, body: unknown): Delivery {
  const { id: _id, type: _type, deliveryId, ...rest } = deliveryDocumentSchema.parse(body);
  return { ...rest, id: deliveryId, tenantId } as Delivery;
}

export class StoreDeliveryRepository implements DeliveryRepository {
  constructor(private readonly store: DocumentStore) {}

  async createOnce(delivery: Delivery): Promise<{ readonly version: string } | undefined> {
    try {
      const created = await this.store.create(delivery.tenantId, toDeliveryDocument(delivery));
      return { version: created.etag };
    } catch (error) {
      if (isConflict(error)) return undefined;
      return translateStoreErrors(() => Promise.reject(error as Error));
    }
  }

  async replace(delivery: Delivery, version: string): Promise<{ readonly version: string } | undefined> {
    try {
      const saved = await this.store.replace(delivery.tenantId, toDeliveryDocument(delivery), version);
      return { version: saved.etag };
    } catch (error) {
      if (error instanceof StoreError && (error.code === "conflict" || error.code === "not_found"))
        return undefined;
      return translateStoreErrors(() => Promise.reject(error as Error));
    }
  }

  get(tenantId: string, id: string) {
    return translateStoreErrors(async () => {
      const stored = await this.store.read(tenantId, deliveryDocId(id));
      return stored
        ? { value: fromDeliveryDocument(tenantId, stored.body), version: stored.etag }
        : undefined;
    });
  }

  pending(tenantId: string, cursor?: string) {
    return translateStoreErrors(async () => {
      const page = await this.store.query(tenantId, {
        type: "delivery",
        where: { status: "pending" },
        orderBy: { field: "seq", direction: "asc" },
        limit: 500,
        ...(cursor ? { continuation: cursor } : {}),
      });
      const items: { value: Delivery; version: string }[] = [];
      for (const item of page.items) {
        const value = fromDeliveryDocument(tenantId, item.body);
        const current = item.body.id === deliveryDocId(value.id) ? item : await this.adopt(value);
        if (current)
          items.push({ value: fromDeliveryDocument(tenantId, current.body), version: current.etag });
      }
      return { items, ...(page.continuation ? { cursor: page.continuation } : {}) };
    });
  }

  /**
   * A delivery stored before ids were hashed (`delivery:<event id>><target>`, only ever on the embedded
   * store) can no longer be addressed by its id: it is copied once under its current id, and that copy is
   * what gets sent and updated. The old document stays behind, still "pending"; a later recovery finds the
   * copy exists (the query hands out the copy itself while it is pending), so it is neither lost nor sent twice.
   */
  private async adopt(delivery: Delivery): Promise<StoredDocument | undefined> {
    try {
      return await this.store.create(delivery.tenantId, toDeliveryDocument(delivery));
    } catch (error) {
      if (isConflict(error)) return undefined;
      throw error;
    }
  }
}

const threadDocumentSchema = z.object({
  id: z.string(),
  type: z.literal("thread"),
  conversationId: z.string(),
  threadKey: z.string(),
  rootActivityId: z.string(),
});

/** Readable while short and plain (so roots saved before ids were hashed are still found), else hashed. */
export const threadDocId = (conversationId: string, threadKey: string) =>
  documentIdFor("thread", `${threadKey}@${conversationId}`);

/** The root message of each subject's thread per channel. */
export class StoreThreadRepository implements ThreadRepository {
  constructor(private readonly store: DocumentStore) {}

  get(tenantId: string, conversationId: string, threadKey: string): Promise<ThreadRoot | undefined> {
    return translateStoreErrors(async () => {
      const stored = await this.store.read(tenantId, threadDocId(conversationId, threadKey));
      if (!stored) return undefined;
      const body = threadDocumentSchema.parse(stored.body);
      return {
        tenantId,
        conversationId: body.conversationId,
        threadKey: body.threadKey,
        rootActivityId: body.rootActivityId,
      };
    });
  }

  async save(root: ThreadRoot): Promise<ThreadRoot> {
    try {
      await this.store.create(root.tenantId, {
        id: threadDocId(root.conversationId, root.threadKey),
        type: "thread",
        conversationId: root.conversationId,
        threadKey: root.threadKey,
        rootActivityId: root.rootActivityId,
      });
      return root;
    } catch (error) {
      if (!isConflict(error)) return translateStoreErrors(() => Promise.reject(error as Error));
      return (await this.get(root.tenantId, root.conversationId, root.threadKey)) ?? root;
    }
  }
}

const subscriptionDocumentSchema = z.object({
  id: z.string(),
  type: z.literal("subscription"),
  address: conversationAddressSchema,
  topics: z.array(z.enum(topics)).readonly(),
  locale: z.string().optional(),
  active: z.boolean(),
  by: personSchema,
  at: z.string(),
});

/** Readable while short and plain (so subscriptions saved before ids were hashed are still found), else hashed. */
export const subscriptionDocId = (conversationId: string) => documentIdFor("subscription", conversationId);

/** One document per subscribed channel; `active` is flat so a tenant's active ones are one query. */
export class StoreSubscriptionRepository implements SubscriptionRepository {
  constructor(private readonly store: DocumentStore) {}

  get(tenantId: string, conversationId: string): Promise<ChannelSubscription | undefined> {
    return translateStoreErrors(async () => {
      const stored = await this.store.read(tenantId, subscriptionDocId(conversationId));
      return stored ? fromSubscriptionDocument(tenantId, stored.body) : undefined;
    });
  }

  /** Last writer wins: `notify here` states the whole wish, it does not edit the previous one. */
  save(subscription: ChannelSubscription): Promise<void> {
    const { tenantId, ...rest } = subscription;
    const body = {
      ...rest,
      id: subscriptionDocId(subscription.address.conversationId),
      type: "subscription",
    };
    return translateStoreErrors(async () => {
      for (let attempt = 0; ; attempt++) {
        const stored = await this.store.read(tenantId, body.id);
        try {
          if (stored) await this.store.replace(tenantId, body, stored.etag);
          else await this.store.create(tenantId, body);
          return;
        } catch (error) {
          if (!isConflict(error) || attempt >= conflictRetries) throw error;
        }
      }
    });
  }

  active(tenantId: string): Promise<readonly ChannelSubscription[]> {
    return translateStoreErrors(async () => {
      const subs: ChannelSubscription[] = [];
      let continuation: string | undefined;
      do {
        const page = await this.store.query(tenantId, {
          type: "subscription",
          where: { active: true },
          limit: 200,
          ...(continuation ? { continuation } : {}),
        });
        for (const item of page.items) subs.push(fromSubscriptionDocument(tenantId, item.body));
        continuation = page.continuation;
      } while (continuation);
      return subs;
    });
  }
}

function fromSubscriptionDocument(tenantId: string, body: unknown): ChannelSubscription {
  const { id: _id, type: _type, ...rest } = subscriptionDocumentSchema.parse(body);
  return { ...rest, tenantId };
}

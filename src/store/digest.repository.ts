import * as z from "zod";
import type { ChannelDigest, NudgePrefs } from "../domain/digest/digest.js";
import type { DigestRepository, NudgeRun } from "../domain/digest/digest.repository.port.js";
import type { Versioned } from "../domain/shared/ports.js";
import { documentIdFor } from "./document-rules.js";
import type { DocumentStore, StoredDocument } from "./document-store.port.js";
import { translateStoreErrors } from "./errors.js";
import { conversationAddressSchema } from "./schemas.js";

const scheduleSchema = z.object({
  cadence: z.enum(["weekly", "daily"]),
  weekday: z.number().int().min(1).max(7),
  minutes: z.number().int().min(0).max(1439),
});

const channelDigestSchema = z.object({
  id: z.string(),
  type: z.literal("digest"),
  address: conversationAddressSchema,
  schedule: scheduleSchema,
  locale: z.string().optional(),
  active: z.boolean(),
  lastPeriod: z.string().optional(),
  by: z.object({ id: z.string(), name: z.string() }),
  at: z.string(),
});

const prefsSchema = z.object({
  id: z.string(),
  type: z.literal("nudgeprefs"),
  userId: z.string(),
  off: z.boolean(),
  snoozes: z.record(z.string(), z.string()),
});

const runSchema = z.object({
  id: z.literal("nudgerun"),
  type: z.literal("nudgerun"),
  lastPeriod: z.string(),
});

/** Readable while short and plain, else hashed (Teams conversation ids can be long). */
export const digestDocId = (conversationId: string) => documentIdFor("digest", conversationId);
export const nudgePrefsDocId = (userId: string) => documentIdFor("nudgeprefs", userId);

const page = 200;

/**
 * One document per channel digest (`active` flat, so a tenant's active digests are one indexed query), one
 * per person who changed their nudge settings, and one nudge-run marker per tenant.
 */
export class StoreDigestRepository implements DigestRepository {
  constructor(private readonly store: DocumentStore) {}

  channel(tenantId: string, conversationId: string) {
    return translateStoreErrors(async () => {
      const stored = await this.store.read(tenantId, digestDocId(conversationId));
      return stored ? channelFrom(tenantId, stored) : undefined;
    });
  }

  saveChannel(digest: ChannelDigest, version: string | undefined) {
    const { tenantId, ...rest } = digest;
    const body = { ...rest, id: digestDocId(digest.address.conversationId), type: "digest" as const };
    return translateStoreErrors(async () => channelFrom(tenantId, await this.write(tenantId, body, version)));
  }

  activeChannels(tenantId: string) {
    return translateStoreErrors(async () => {
      const found: Versioned<ChannelDigest>[] = [];
      let continuation: string | undefined;
      do {
        const result = await this.store.query(tenantId, {
          type: "digest",
          where: { active: true },
          limit: page,
          ...(continuation ? { continuation } : {}),
        });
        for (const item of result.items) found.push(channelFrom(tenantId, item));
        continuation = result.continuation;
      } while (continuation);
      return found;
    });
  }

  prefs(tenantId: string, userId: string) {
    return translateStoreErrors(async () => {
      const stored = await this.store.read(tenantId, nudgePrefsDocId(userId));
      return stored ? prefsFrom(tenantId, stored) : undefined;
    });
  }

  savePrefs(prefs: NudgePrefs, version: string | undefined) {
    const { tenantId, ...rest } = prefs;
    const body = { ...rest, id: nudgePrefsDocId(prefs.userId), type: "nudgeprefs" as const };
    return translateStoreErrors(async () => prefsFrom(tenantId, await this.write(tenantId, body, version)));
  }

  allPrefs(tenantId: string) {
    return translateStoreErrors(async () => {
      const found: NudgePrefs[] = [];
      let continuation: string | undefined;
      do {
        const result = await this.store.query(tenantId, {
          type: "nudgeprefs",
          limit: page,
          ...(continuation ? { continuation } : {}),
        });
        for (const item of result.items) found.push(prefsFrom(tenantId, item).value);
        continuation = result.continuation;
      } while (continuation);
      return found;
    });
  }

  nudgeRun(tenantId: string) {
    return translateStoreErrors(async () => {
      const stored = await this.store.read(tenantId, "nudgerun");
      if (!stored) return undefined;
      const { lastPeriod } = runSchema.parse(stored.body);
      return { value: { tenantId, lastPeriod }, version: stored.etag };
    });
  }

  saveNudgeRun(run: NudgeRun, version: string | undefined) {
    const body = { id: "nudgerun" as const, type: "nudgerun" as const, lastPeriod: run.lastPeriod };
    return translateStoreErrors(async () => {
      const stored = await this.write(run.tenantId, body, version);
      return { value: { tenantId: run.tenantId, lastPeriod: run.lastPeriod }, version: stored.etag };
    });
  }

  private write<T extends { id: string; type: string }>(
    tenantId: string,
    body: T,
    version: string | undefined,
  ) {
    return version === undefined
      ? this.store.create(tenantId, body)
      : this.store.replace(tenantId, body, version);
  }
}

function channelFrom(tenantId: string, stored: StoredDocument): Versioned<ChannelDigest> {
  const { id: _id, type: _type, ...rest } = channelDigestSchema.parse(stored.body);
  return { value: { ...rest, tenantId }, version: stored.etag };
}

function prefsFrom(tenantId: string, stored: StoredDocument): Versioned<NudgePrefs> {
  const { id: _id, type: _type, ...rest } = prefsSchema.parse(stored.body);
  return { value: { ...rest, tenantId }, version: stored.etag };
}

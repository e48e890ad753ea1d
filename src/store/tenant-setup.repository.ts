import { topics } from "../domain/notify/event.js";
import * as z from "zod";
import {
  withBuiltInKeys,
  type TenantSetup,
  type TenantSetupRepository,
} from "../domain/setup/tenant-setup.js";
import type { DocumentStore, StoredDocument } from "./document-store.port.js";
import { parseDocument } from "./document-parse.js";
import { translateStoreErrors } from "./errors.js";

const builtIn = z.string().optional();
const activitySchema = z.object({
  name: z.string(),
  durationDays: z.number(),
  reminder: z.boolean(),
  builtIn,
});
const stageSchema = z.object({
  id: z.string(),
  name: z.string(),
  completedPct: z.number(),
  chancePct: z.number(),
  allowSkip: z.boolean(),
  quoteRequired: z.boolean(),
  activities: z.array(activitySchema).readonly(),
  builtIn,
});

export const setupDocumentSchema = z.object({
  id: z.literal("setup"),
  type: z.literal("setup"),
  cycles: z
    .array(
      z.object({
        code: z.string(),
        name: z.string(),
        stages: z.array(stageSchema).readonly(),
        defaultStageId: z.string(),
        builtIn,
      }),
    )
    .readonly(),
  defaultCycleCode: z.string(),
  closeCodes: z
    .array(z.object({ code: z.string(), type: z.enum(["won", "lost"]), description: z.string(), builtIn }))
    .readonly(),
  lists: z.object({
    types: z.array(z.string()).readonly(),
    sources: z.array(z.string()).readonly(),
    paymentTerms: z.array(z.string()).readonly(),
  }),
  qualifyCreatesAll: z.boolean(),
  defaultCurrency: z.string(),
  listenedTopics: z.array(z.enum(topics)).readonly().optional(),
  timeZone: z.string().optional(),
  staleDays: z.number().optional(),
});

function fromDocument(tenantId: string, stored: StoredDocument) {
  const { id: _i, type: _t, ...rest } = parseDocument(setupDocumentSchema, stored.body);
  // Setups stored before defaults had keys get them here; the next save stores them.
  return { value: withBuiltInKeys({ ...rest, tenantId } as TenantSetup), version: stored.etag };
}

/** The tenant's setup is one document, so a stage edit is one guarded write. */
export class StoreTenantSetupRepository implements TenantSetupRepository {
  constructor(private readonly store: DocumentStore) {}

  get(tenantId: string) {
    return translateStoreErrors(async () => {
      const stored = await this.store.read(tenantId, "setup");
      return stored ? fromDocument(tenantId, stored) : undefined;
    });
  }

  save(setup: TenantSetup, version: string | undefined) {
    const { tenantId, ...rest } = setup;
    const body = { ...rest, id: "setup" as const, type: "setup" as const };
    return translateStoreErrors(async () =>
      fromDocument(
        tenantId,
        version === undefined
          ? await this.store.create(tenantId, body)
          : await this.store.replace(tenantId, body, version),
      ),
    );
  }
}

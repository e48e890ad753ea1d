import { conversationId, tenantId, userId } from "./directory.repository.js";
import type { DocumentStore } from "./document-store.port.js";
import { documentId as leadId } from "./lead.repository.js";
import { deliveryDocId, subscriptionDocId, threadDocId } from "./notification.repositories.js";
import { documentId as opportunityId } from "./opportunity.repository.js";
import { documentId as partnerId, nameClaimId } from "./partner.repository.js";
import { accountId, contactId } from "./party.repository.js";

/**
 * The start-up self-check: before the bot reports healthy on a store it has not written to before (Cosmos
 * DB), it writes, reads back and deletes one probe document of each kind it will create, with ids built by
 * the same functions the repositories use from keys as long and odd as Teams sends (a channel id of
 * `19:` + 60 characters + `@thread.tacv2`, a personal `a:` conversation id of about 100 characters). A kind
 * the store refuses is found at start, not when the first notification silently fails to be delivered.
 *
 * Probes live in their own partition (tenant `_selfcheck`), so they never show up in a tenant's queries.
 */

export const selfCheckTenant = "_selfcheck";

export interface Probe {
  readonly kind: string;
  readonly id: string;
}

export interface SelfCheckResult {
  readonly ok: boolean;
  /** One line per failed kind: what failed and why. */
  readonly failures: readonly string[];
}

const channel = `19:${"a1B2c3D4e5".repeat(6)}@thread.tacv2`;
const personal = `a:${"1Xy-_9Zq".repeat(12)}${"w".repeat(2)}`;
const aadUser = "7c3e2a91-5d4b-4f6e-8a1c-2b9d0e4f6a13";
const groupChat = `19:meeting_${"M2Fh".repeat(12)}@thread.v2`;

/** One probe per kind of document the bot creates, with realistic worst-case keys. */
export function defaultProbes(): readonly Probe[] {
  return [
    { kind: "opportunity", id: opportunityId("O-1001") },
    { kind: "lead", id: leadId("L-1001") },
    { kind: "account", id: accountId("A-1001") },
    { kind: "contact", id: contactId("C-1001") },
    { kind: "partner", id: partnerId("P-1001") },
    { kind: "partner-name", id: nameClaimId("Contoso Partner AB") },
    { kind: "counter", id: "counter:O" },
    { kind: "setup", id: "setup" },
    { kind: "user", id: userId(aadUser) },
    { kind: "conversation (channel)", id: conversationId(channel) },
    { kind: "conversation (personal)", id: conversationId(personal) },
    { kind: "tenant", id: tenantId("72f988bf-86f1-41af-91ab-2d7cd011db47") },
    { kind: "subscription", id: subscriptionDocId(channel) },
    { kind: "thread", id: threadDocId(channel, "O-1001") },
    { kind: "delivery (channel)", id: deliveryDocId(`O-1001#12:stage_changed>ch:${channel}`) },
    { kind: "delivery (group chat)", id: deliveryDocId(`O-1001#12:won>ch:${groupChat}`) },
    { kind: "delivery (person)", id: deliveryDocId(`O-1001#13:assigned>user:${aadUser}`) },
    {
      kind: "delivery (partner inbox)",
      id: deliveryDocId(`O-1001#14:distributed>partner:P-1001:ch:${channel}`),
    },
    { kind: "delivery (lead)", id: deliveryDocId(`L-1001#3:lead_qualified>user:${aadUser}`) },
  ];
}

/** Writes, reads back and deletes each probe; every failure is reported, not only the first. */
export async function selfCheck(
  store: DocumentStore,
  probes: readonly Probe[] = defaultProbes(),
): Promise<SelfCheckResult> {
  const failures: string[] = [];
  for (const probe of probes) {
    const failure = await roundTrip(store, probe).catch((error: unknown) =>
      error instanceof Error ? error.message : String(error),
    );
    if (failure) failures.push(`${probe.kind} (${probe.id}): ${failure}`);
  }
  return { ok: failures.length === 0, failures };
}

async function roundTrip(store: DocumentStore, probe: Probe): Promise<string | undefined> {
  const body = { id: probe.id, type: "selfcheck", kind: probe.kind, at: new Date().toISOString() };
  // A probe left behind by a start that died half-way is removed first.
  const left = await store.read(selfCheckTenant, probe.id);
  if (left) await store.delete(selfCheckTenant, probe.id, left.etag);
  const created = await store.create(selfCheckTenant, body);
  const read = await store.read(selfCheckTenant, probe.id);
  if (!read) return "written but not found when read back";
  if (read.etag !== created.etag || JSON.stringify(read.body) !== JSON.stringify(body))
    return "read back different from what was written";
  await store.delete(selfCheckTenant, probe.id, read.etag);
  if (await store.read(selfCheckTenant, probe.id)) return "still there after it was deleted";
  return undefined;
}

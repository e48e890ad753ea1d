import { monitorEventLoopDelay } from "node:perf_hooks";
import fc from "fast-check";
import { actionTable } from "../../src/features/index.js";
import type { DocumentStore } from "../../src/store/document-store.port.js";
import { startBotServer, teamsMessage } from "../support/bot-server.js";
import { RecordingConnector } from "../support/recording-connector.js";

/**
 * Hostile activities against the real HTTP edge on the embedded store (issue 11, item 10): typed commands,
 * Action.Submit and Action.Execute presses with random and forged data (other tenants' refs, old revisions,
 * unknown verbs, `__proto__` / `constructor` keys), unknown invoke names, and envelopes with wrong types.
 * One activity at a time, so each change is attributed to the actor who caused it.
 *
 * Properties: no 5xx; the server still answers; no event-loop stall over 1 s; nothing of tenant B ever
 * changes; a guest or a member of another tenant changes no business record of tenant A; a rep never
 * changes the owner or status of a colleague's lead; no prototype pollution; every reply under 40 KB.
 */

type User = { id: string; name: string; aadObjectId: string };
const tenantA = "tenant-a";
const tenantB = "tenant-b";
const admin: User = { id: "29:eve", name: "Eve Admin", aadObjectId: "00000000-0000-4000-8000-00000000e001" };
const owner: User = { id: "29:ann", name: "Ann Berg", aadObjectId: "00000000-0000-4000-8000-00000000a001" };
const rep: User = { id: "29:mal", name: "Mal Rep", aadObjectId: "00000000-0000-4000-8000-00000000b001" };
const guest: User = { id: "29:gus", name: "Gus Guest", aadObjectId: "00000000-0000-4000-8000-00000000c001" };
const outsider: User = {
  id: "29:oli",
  name: "Oli Other",
  aadObjectId: "00000000-0000-4000-8000-00000000d001",
};
const bUser: User = { id: "29:bea", name: "Bea B", aadObjectId: "00000000-0000-4000-8000-00000000f001" };

/** Teams' 40 KB limit on a message (text and attachments). */
const maxReplyBytes = 40 * 1024;
const businessTypes = ["lead", "opportunity", "account", "contact", "partner"] as const;

export interface FuzzFigures {
  readonly activities: number;
  readonly byKind: Readonly<Record<string, number>>;
  readonly statuses: Readonly<Record<string, number>>;
  readonly largestReplyBytes: number;
  readonly maxEventLoopDelayMs: number;
  readonly seconds: number;
}

interface Activity {
  readonly kind: string;
  readonly actor: "admin" | "owner" | "rep" | "guest" | "outsider";
  readonly body: unknown;
}

const actors = { admin, owner, rep, guest, outsider } as const;
const refs = [
  "L-1001",
  "L-1002",
  "L-9999",
  "O-1001",
  "O-1002",
  "A-1001",
  "C-1001",
  "P-1001",
  "l-1001",
  "L-0",
];
const verbs = Object.keys(actionTable);
const hostileKeys = ["__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty"];

const hostileValue = fc.oneof(
  fc.constantFrom(...refs),
  fc.integer({ min: -3, max: 5 }),
  fc.string({ maxLength: 40 }),
  fc.constant({ toString: "x" }),
  fc.constant(null),
  fc.constant([]),
  fc.string({ unit: "grapheme", maxLength: 20 }),
);
const hostileData = fc.oneof(
  fc.dictionary(
    fc.oneof(
      fc.constantFrom("ref", "revision", "stage", "topic", "noteText", ...hostileKeys),
      fc.string({ maxLength: 12 }),
    ),
    hostileValue,
    { maxKeys: 6 },
  ),
  fc.anything({ maxDepth: 2, withObjectString: true, withNullPrototype: true }),
);
const forgedJson = (data: unknown) =>
  // JSON.parse makes "__proto__" an own key, as a body from the network would.
  fc
    .constantFrom(...hostileKeys)
    .map(
      (key) =>
        JSON.parse(`{"${key}": {"polluted": "yes"}, "data": ${JSON.stringify(data ?? null)}}`) as unknown,
    );

const commandText = fc.oneof(
  fc.constantFrom(
    "help",
    "lead list",
    "lead list all",
    "lead show L-1001",
    "lead show L-1002",
    "opp list",
    "opp show O-1001",
    "role list",
    "partner list",
    "account list",
    "cycle list",
    "notify here stage",
  ),
  fc
    .tuple(
      fc.constantFrom(
        "lead show",
        "opp show",
        "note",
        "lead disqualify",
        "lead qualify",
        "opp next",
        "opp back",
        "lead delete",
        "opp close won",
        "lead reactivate",
      ),
      fc.constantFrom(...refs),
      fc.string({ maxLength: 30 }),
    )
    .map(([c, r, t]) => `${c} ${r} ${t}`),
  fc
    .tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }))
    .map(([a, b]) => `lead new ${a} last=${b}`),
  fc
    .tuple(fc.constantFrom("role", "partner add"), fc.string({ maxLength: 20 }))
    .map(([c, t]) => `${c} @${t} admin`),
  fc.string({ maxLength: 200 }),
  fc.string({ unit: "grapheme", maxLength: 100 }),
);

function activityArbitrary(serviceUrl: string): fc.Arbitrary<Activity> {
  const actor = fc.constantFrom(
    "admin",
    "owner",
    "rep",
    "guest",
    "outsider",
    "rep",
    "guest",
    "outsider",
  ) as fc.Arbitrary<Activity["actor"]>;
  const base = (a: Activity["actor"], extra: Parameters<typeof teamsMessage>[0]) =>
    teamsMessage({ user: actors[a], tenantId: tenantA, ...extra, serviceUrl });
  const verb = fc.oneof(
    fc.constantFrom(...verbs),
    fc.constantFrom(...hostileKeys),
    fc.string({ maxLength: 20 }),
    fc.anything({ maxDepth: 1 }),
  );
  const data = fc.oneof(hostileData, hostileData.chain(forgedJson));
  return fc.oneof(
    fc
      .record({ actor, text: commandText })
      .map(({ actor: a, text }) => ({ kind: "typed", actor: a, body: base(a, { serviceUrl, text }) })),
    fc.record({ actor, verb, data }).map(({ actor: a, verb: v, data: d }) => ({
      kind: "execute",
      actor: a,
      body: base(a, {
        serviceUrl,
        type: "invoke",
        name: "adaptiveCard/action",
        value: { action: { type: "Action.Execute", verb: v, data: d } },
      }),
    })),
    fc.record({ actor, verb, data }).map(({ actor: a, verb: v, data: d }) => ({
      kind: "submit",
      actor: a,
      body: base(a, { serviceUrl, value: { ...(typeof d === "object" && d !== null ? d : { d }), verb: v } }),
    })),
    fc
      .record({
        actor,
        name: fc.oneof(
          fc.string({ maxLength: 40 }),
          fc.constantFrom("task/fetch", "composeExtension/query", "signin/verifyState", "fileConsent/invoke"),
        ),
        value: fc.anything({ maxDepth: 2 }),
      })
      .map(({ actor: a, name, value }) => ({
        kind: "invoke",
        actor: a,
        body: base(a, { serviceUrl, type: "invoke", name, value }),
      })),
    fc
      .record({
        actor,
        field: fc.constantFrom(
          "id",
          "channelId",
          "serviceUrl",
          "from",
          "recipient",
          "conversation",
          "entities",
          "channelData",
          "text",
          "type",
          "locale",
          "value",
          "membersAdded",
        ),
        value: fc.anything({ maxDepth: 2 }),
      })
      .map(({ actor: a, field, value }) => ({
        kind: "envelope",
        actor: a,
        body: { ...base(a, { serviceUrl, text: "lead list" }), [field]: value },
      })),
  );
}

/** id → etag of every business record of a tenant. */
async function snapshot(store: DocumentStore, tenantId: string): Promise<Map<string, string>> {
  const seen = new Map<string, string>();
  for (const type of businessTypes) {
    let continuation: string | undefined;
    do {
      const page = await store.query(tenantId, {
        type,
        limit: 1000,
        ...(continuation ? { continuation } : {}),
      });
      for (const item of page.items) seen.set(`${type}/${String(item.body.id)}`, item.etag);
      continuation = page.continuation;
    } while (continuation);
  }
  return seen;
}

const same = (a: Map<string, string>, b: Map<string, string>) =>
  a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);

async function leadOf(store: DocumentStore, ref: string) {
  const found = await store.query(tenantA, { type: "lead", where: { ref }, limit: 1 });
  const body = found.items[0]?.body as { owner?: { id?: string }; status?: string } | undefined;
  return body ? `${body.owner?.id ?? ""}/${body.status ?? ""}` : "gone";
}

export async function fuzzEdge(options: {
  readonly runs: number;
  readonly seed: number;
}): Promise<FuzzFigures> {
  const started = Date.now();
  const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort().join();
  const connector = await RecordingConnector.start();
  const bot = await startBotServer({ ADMIN_AAD_IDS: `${tenantA}:${admin.aadObjectId}` });
  for (const u of [admin, owner, rep]) connector.members.set(u.id, { ...u, tenantId: tenantA });
  connector.members.set(guest.id, { ...guest, userRole: "guest" });
  connector.members.set(outsider.id, { ...outsider, tenantId: tenantB });
  connector.members.set(bUser.id, { ...bUser, tenantId: tenantB });
  const delay = monitorEventLoopDelay({ resolution: 20 });
  const byKind: Record<string, number> = {};
  const statuses: Record<string, number> = {};
  let largestReplyBytes = 0;
  try {
    const say = async (user: User, tenantId: string, text: string) => {
      const response = await bot.post(
        teamsMessage({ serviceUrl: connector.serviceUrl, user, tenantId, text }),
      );
      if (response.status !== 200) throw new Error(`setup "${text}" answered ${response.status}`);
    };
    // Tenant A: Ann's lead L-1001 and opportunity O-1001 (via an account); Tenant B: a lead of its own.
    await say(owner, tenantA, "lead new Ann's deal last=Berg company=Contoso");
    await say(owner, tenantA, "account new Contoso Ltd");
    await say(owner, tenantA, "opp new Ann's opportunity account=A-1001");
    await say(bUser, tenantB, "lead new Tenant B secret last=Lind company=Fabrikam");
    await say(bUser, tenantB, "account new Fabrikam");
    const tenantBBefore = await snapshot(bot.store, tenantB);
    if (tenantBBefore.size < 2) throw new Error("the seed data of tenant B was not created");
    const annLead = await leadOf(bot.store, "L-1001");

    delay.enable();
    await fc.assert(
      fc.asyncProperty(activityArbitrary(connector.serviceUrl), async (activity) => {
        byKind[activity.kind] = (byKind[activity.kind] ?? 0) + 1;
        const bounded = activity.actor === "guest" || activity.actor === "outsider";
        const before = bounded ? await snapshot(bot.store, tenantA) : undefined;
        const sentBefore = connector.received.length;
        const response = await bot.post(activity.body);
        const text = await response.text();
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        if (response.status >= 500) throw new Error(`HTTP ${response.status} for ${activity.kind}`);
        largestReplyBytes = Math.max(largestReplyBytes, Buffer.byteLength(text));
        for (const reply of connector.received.slice(sentBefore))
          largestReplyBytes = Math.max(largestReplyBytes, Buffer.byteLength(JSON.stringify(reply.body)));
        if (largestReplyBytes > maxReplyBytes) throw new Error(`a reply of ${largestReplyBytes} bytes`);
        if (before && !same(before, await snapshot(bot.store, tenantA)))
          throw new Error(`${activity.actor} changed a record of tenant A with a ${activity.kind}`);
        if (activity.actor === "rep" && (await leadOf(bot.store, "L-1001")) !== annLead)
          throw new Error(`a rep changed the owner or status of a colleague's lead with a ${activity.kind}`);
        if (Object.getOwnPropertyNames(Object.prototype).sort().join() !== prototypeKeys)
          throw new Error("Object.prototype was polluted");
        if (delay.max / 1e6 > 1000)
          throw new Error(`the event loop stalled for ${Math.round(delay.max / 1e6)} ms`);
      }),
      { numRuns: options.runs, seed: options.seed, endOnFailure: true },
    );
    delay.disable();
    if (!same(tenantBBefore, await snapshot(bot.store, tenantB)))
      throw new Error("a record of tenant B changed");
    const health = await fetch(`${bot.url}/healthz`);
    if (health.status !== 200) throw new Error(`the server answers /healthz with ${health.status}`);
    return {
      activities: options.runs,
      byKind,
      statuses,
      largestReplyBytes,
      maxEventLoopDelayMs: Math.round(delay.max / 1e6),
      seconds: Math.round((Date.now() - started) / 100) / 10,
    };
  } finally {
    delay.disable();
    await bot.stop();
    await connector.close();
  }
}

import { beforeEach, describe, expect, test } from "vitest";
import type { ConversationAddress } from "../../src/domain/directory/directory.js";
import type { NotificationEvent, PartnerAudience } from "../../src/domain/notify/event.js";
import type { Actor } from "../../src/domain/shared/actor.js";
import { silentLogger } from "../../src/log.js";
import type { Delivery } from "../../src/notify/ports.js";
import { OutboxRelay, type OutboxStore, type OutboxSubject, type Recipient } from "../../src/notify/relay.js";
import { StoreDeliveryRepository } from "../../src/store/notification.repositories.js";
import { fakeServices } from "../fakes/services.js";
import { InMemoryDeliveryRepository } from "../support/notify-fakes.js";

/**
 * The outbox relay fans a partner event out to the partner organisation as well as to the vendor: to the
 * partner's inbox channel when it has one, else to each member's personal chat, marked as the partner's side,
 * with delivery ids that are stable (fanning out again makes nothing new) and never those of a vendor target.
 */

const tenantId = "tenant-a";
const serviceUrl = "https://smba.trafficmanager.net/emea/";
const botId = "28:pipeline-bot";
const channel = (conversationId: string): ConversationAddress => ({
  serviceUrl,
  conversationId,
  kind: "channel",
  botId,
  teamId: "19:team@thread.tacv2",
  channelId: conversationId,
});
const sales = channel("19:sales@thread.tacv2");
const fabrikamInbox = channel("19:fabrikam@thread.tacv2");

const mia: Actor = { tenantId, userId: "mia", name: "Mia Holm", role: "manager" };
const pia = { id: "pia", name: "Pia Partner" };
const per = { id: "per", name: "Per Partner" };
const nils = { id: "nils", name: "Nils Northwind" };

/** Outboxes by subject ref, as the records would hold them. */
class MemoryOutbox implements OutboxStore {
  readonly boxes = new Map<string, NotificationEvent[]>();

  async read(_tenantId: string, subject: OutboxSubject): Promise<readonly NotificationEvent[]> {
    return this.boxes.get(subject.ref) ?? [];
  }

  async remove(_tenantId: string, subject: OutboxSubject, eventIds: readonly string[]): Promise<void> {
    this.boxes.set(
      subject.ref,
      (this.boxes.get(subject.ref) ?? []).filter((e) => !eventIds.includes(e.id)),
    );
  }

  async pending(): Promise<readonly OutboxSubject[]> {
    return [...this.boxes.entries()]
      .filter(([, events]) => events.length > 0)
      .map(([ref]) => ({ kind: "opportunity" as const, ref }));
  }
}

/** Pia has a personal chat with the bot; Nils has talked to it in a channel only; Per never did. */
const recipients: ReadonlyMap<string, Recipient> = new Map([
  [
    "pia",
    {
      teamsId: "29:pia",
      name: "Pia Partner",
      locale: "da-DK",
      personal: { serviceUrl, conversationId: "a:pia", kind: "personal", botId },
    },
  ],
  ["nils", { teamsId: "29:nils", name: "Nils Northwind", via: { serviceUrl, botId } }],
]);

function distributed(audiences: readonly PartnerAudience[]): NotificationEvent {
  return {
    id: "O-1001#4:distributed",
    kind: "distributed",
    at: "2026-11-23T09:30:00.000Z",
    by: { id: mia.userId, name: mia.name },
    subject: { kind: "opportunity", ref: "O-1001", title: "Web shop" },
    facts: { partner: audiences.map((a) => a.name).join(", "), collaboration: audiences.length > 1 },
    direct: [],
    partners: audiences,
  };
}

const fabrikam = (inbox?: ConversationAddress): PartnerAudience => ({
  partner: "P-1001",
  name: "Fabrikam",
  ...(inbox ? { inbox } : {}),
  members: [pia, per],
});
const northwind: PartnerAudience = { partner: "P-1002", name: "Northwind", members: [nils] };

let outbox: MemoryOutbox;
let deliveries: InMemoryDeliveryRepository;
let enqueued: Delivery[];
let relay: OutboxRelay;

beforeEach(async () => {
  const services = fakeServices();
  expect((await services.subscriptions.subscribe(mia, sales, ["partner"], "sv-SE")).ok).toBe(true);
  outbox = new MemoryOutbox();
  deliveries = new InMemoryDeliveryRepository();
  enqueued = [];
  relay = new OutboxRelay({
    outbox,
    deliveries,
    subscriptions: services.subscriptions,
    recipients: { recipient: async (_tenant, userId) => recipients.get(userId) },
    enqueue: (item) => enqueued.push(item.value),
    log: silentLogger,
    now: () => new Date("2026-11-23T09:30:01.000Z"),
  });
});

async function fanOut(event: NotificationEvent): Promise<void> {
  outbox.boxes.set(event.subject.ref, [event]);
  await relay.kick(tenantId, { kind: "opportunity", ref: event.subject.ref });
}

const byId = (list: readonly Delivery[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));

describe("partner audiences", () => {
  test("a partner without an inbox: each reachable member personally, as the partner's side; the vendor channel as before", async () => {
    await fanOut(distributed([fabrikam(), northwind]));
    const made = byId(deliveries.all());
    expect(made.map((d) => d.id)).toEqual([
      "O-1001#4:distributed>ch:19:sales@thread.tacv2",
      "O-1001#4:distributed>partner:P-1001:user:pia",
      "O-1001#4:distributed>partner:P-1002:user:nils",
    ]);
    const [vendor, toPia, toNils] = made;
    expect(vendor?.target).toMatchObject({ kind: "channel", threadKey: "O-1001" });
    expect(vendor?.target.audience).toBeUndefined();
    expect(vendor?.locale).toBe("sv-SE");
    expect(toPia).toMatchObject({
      locale: "da-DK",
      target: {
        kind: "user",
        key: "partner:P-1001:user:pia",
        userId: "pia",
        teamsId: "29:pia",
        name: "Pia Partner",
        address: { conversationId: "a:pia" },
        audience: "partner",
        partner: "P-1001",
      },
    });
    // Nils has no personal chat yet: the worker opens one from where the bot met him.
    expect(toNils?.target).toMatchObject({
      kind: "user",
      via: { serviceUrl, botId },
      audience: "partner",
      partner: "P-1002",
    });
    expect(toNils?.target).not.toHaveProperty("address");
    expect(enqueued.map((d) => d.id).sort()).toEqual(made.map((d) => d.id));
    expect(outbox.boxes.get("O-1001")).toEqual([]);
  });

  test("a partner with an inbox: one post there, in a thread of its own, not its members' chats", async () => {
    await fanOut(distributed([fabrikam(fabrikamInbox)]));
    const made = byId(deliveries.all());
    expect(made.map((d) => d.target.key)).toEqual([
      "ch:19:sales@thread.tacv2",
      "partner:P-1001:ch:19:fabrikam@thread.tacv2",
    ]);
    expect(made[1]?.target).toEqual({
      kind: "channel",
      key: "partner:P-1001:ch:19:fabrikam@thread.tacv2",
      address: fabrikamInbox,
      threadKey: "O-1001:P-1001",
      audience: "partner",
      partner: "P-1001",
    });
  });

  test("posts to a partner's inbox are in the language of the member who made it the inbox", async () => {
    await fanOut(distributed([{ ...fabrikam(fabrikamInbox), locale: "sv-SE" }]));
    const made = byId(deliveries.all());
    expect(made.find((d) => d.target.key.startsWith("partner:"))?.locale).toBe("sv-SE");
  });

  test("an inbox that is also a vendor channel gets two deliveries, each in its own thread", async () => {
    await fanOut(distributed([fabrikam(sales)]));
    const made = byId(deliveries.all());
    expect(made.map((d) => [d.id, d.target.kind === "channel" ? d.target.threadKey : ""])).toEqual([
      ["O-1001#4:distributed>ch:19:sales@thread.tacv2", "O-1001"],
      ["O-1001#4:distributed>partner:P-1001:ch:19:sales@thread.tacv2", "O-1001:P-1001"],
    ]);
  });

  test("fanning the same event out again (a crash before the outbox was trimmed) makes no new delivery", async () => {
    const event = distributed([fabrikam(), northwind]);
    await fanOut(event);
    const first = byId(deliveries.all());
    await fanOut(event);
    expect(byId(deliveries.all())).toEqual(first);
    expect(enqueued).toHaveLength(first.length);
  });

  test("a later event of the same kind is a new delivery to the same member", async () => {
    await fanOut(distributed([fabrikam()]));
    await fanOut({ ...distributed([fabrikam()]), id: "O-1001#7:distributed" });
    expect(
      deliveries
        .all()
        .filter((d) => d.target.audience === "partner")
        .map((d) => d.id)
        .sort(),
    ).toEqual([
      "O-1001#4:distributed>partner:P-1001:user:pia",
      "O-1001#7:distributed>partner:P-1001:user:pia",
    ]);
  });
});

describe("stored partner deliveries", () => {
  test("keep their audience through the store; a partner mark without its partner is refused", async () => {
    const { store } = fakeServices();
    const repository = new StoreDeliveryRepository(store);
    const made = new InMemoryDeliveryRepository();
    const relayToStore = new OutboxRelay({
      outbox,
      deliveries: repository,
      subscriptions: fakeServices().subscriptions,
      recipients: { recipient: async (_tenant, userId) => recipients.get(userId) },
      enqueue: (item) => void made.createOnce(item.value),
      log: silentLogger,
      now: () => new Date("2026-11-23T09:30:01.000Z"),
    });
    outbox.boxes.set("O-1001", [distributed([fabrikam(fabrikamInbox), northwind])]);
    await relayToStore.kick(tenantId, { kind: "opportunity", ref: "O-1001" });
    const ids = made.all().map((d) => d.id);
    expect(ids).toHaveLength(2);
    for (const id of ids) {
      const stored = await repository.get(tenantId, id);
      expect(stored?.value).toEqual(made.all().find((d) => d.id === id));
    }

    const [id] = ids;
    const page = await store.query(tenantId, { type: "delivery", where: { deliveryId: id ?? "" }, limit: 1 });
    const raw = page.items[0];
    if (!raw) throw new Error("the delivery was not stored");
    const { partner: _partner, ...unnamed } = raw.body.target as Record<string, unknown>;
    await store.replace(tenantId, { ...raw.body, target: unnamed }, raw.etag);
    await expect(repository.get(tenantId, id ?? "")).rejects.toThrow(/partner target/);
  });
});

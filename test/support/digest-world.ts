import { CardNotificationComposer } from "../../src/app/notification-composer.js";
import { composeServices } from "../../src/compose.js";
import type { ConversationAddress } from "../../src/domain/directory/directory.js";
import type { Schedule } from "../../src/domain/digest/schedule.js";
import { settingEdits } from "../../src/domain/setup/tenant-setup.js";
import type { Actor } from "../../src/domain/shared/actor.js";
import type { Clock } from "../../src/domain/shared/ports.js";
import type { Delivery, DeliveryRepository } from "../../src/domain/notify/ports.js";
import { CardRenderer } from "../../src/kit/rendering/renderer.js";
import { silentLogger, type Logger } from "../../src/log.js";
import { DigestScheduler } from "../../src/notify/scheduler.js";
import type { SenderLease } from "../../src/notify/election.js";
import { VirtualTimers } from "../../src/notify/virtual-timers.js";
import { DeliveryWorker } from "../../src/notify/worker.js";
import type { DocumentStore } from "../../src/store/document-store.port.js";
import { StoreDeliveryRepository, StoreThreadRepository } from "../../src/store/notification.repositories.js";
import { InMemoryDocumentStore } from "../fakes/in-memory-document-store.js";
import { RecordingSink, RecordingTransport } from "./notify-fakes.js";

/**
 * A tenant on virtual time for the scheduler's tests and `bench:digest`: the real services, scheduler,
 * delivery worker, composer and card templates over the in-memory document store, posting to a transport
 * that records each request with its virtual time. Several "instances" can share one store (`instance()`).
 */

export const tenantId = "t-nordic";
export const serviceUrl = "https://smba.example.test/emea/";
export const botId = "28:pipeline";
export const admin: Actor = { tenantId, userId: "u-admin", name: "Ada Admin", role: "admin" };
export const manager: Actor = { tenantId, userId: "u-mia", name: "Mia Manager", role: "manager" };

export const channel = (id: string): ConversationAddress => ({
  serviceUrl,
  conversationId: `19:${id}@thread.tacv2`,
  kind: "channel",
  botId,
  teamId: "19:team@thread.tacv2",
});

export const personal = (userId: string): ConversationAddress => ({
  serviceUrl,
  conversationId: `a:personal-${userId}`,
  kind: "personal",
  botId,
});

const cards = CardRenderer.load();

export interface InstanceOptions {
  readonly lease?: SenderLease;
  /** Wraps the delivery repository the scheduler creates through (crash injection). */
  readonly deliveries?: (repository: DeliveryRepository) => DeliveryRepository;
  readonly tickMs?: number;
  readonly log?: Logger;
}

export class DigestWorld {
  readonly timers: VirtualTimers;
  readonly clock: Clock;
  readonly store: DocumentStore;
  readonly transport: RecordingTransport;
  /** The services of the first instance (for setting things up). */
  readonly services: ReturnType<typeof composeServices>;

  constructor(
    startIso: string,
    options: { readonly latencyMs?: number; readonly store?: DocumentStore } = {},
  ) {
    this.timers = new VirtualTimers(Date.parse(startIso));
    this.clock = { now: () => new Date(this.timers.now()) };
    this.store = options.store ?? new InMemoryDocumentStore();
    this.transport = new RecordingTransport(this.timers, options.latencyMs ?? 20);
    this.services = composeServices(this.store, this.clock);
  }

  /** One bot process: its own services (and caches), worker and scheduler over the shared store. */
  instance(options: InstanceOptions = {}) {
    const services = composeServices(this.store, this.clock);
    const stored = new StoreDeliveryRepository(this.store);
    const log = options.log ?? silentLogger;
    const worker = new DeliveryWorker({
      deliveries: stored,
      threads: new StoreThreadRepository(this.store),
      transport: this.transport,
      composer: new CardNotificationComposer({
        cards,
        opportunities: services.opportunities,
        digests: services.digests,
      }),
      sink: new RecordingSink(),
      timers: this.timers,
      log,
      random: () => 0.5,
      ...(options.lease ? { lease: options.lease } : {}),
    });
    const scheduler = new DigestScheduler({
      digests: services.digests,
      deliveries: options.deliveries ? options.deliveries(stored) : stored,
      enqueue: (item) => worker.enqueue(item),
      tenants: async () => [tenantId],
      timers: this.timers,
      log,
      ...(options.lease ? { lease: options.lease } : {}),
      ...(options.tickMs ? { tickMs: options.tickMs } : {}),
    });
    return { services, worker, scheduler, deliveries: stored };
  }

  /** Lets virtual time run until `iso` (everything scheduled before it happens). */
  async until(iso: string): Promise<void> {
    const wait = Date.parse(iso) - this.timers.now();
    if (wait > 0) await this.timers.sleep(wait);
  }

  async setZone(zone: string): Promise<void> {
    const saved = await this.services.setup.edit(admin, (s) => settingEdits.setTimeZone(s, admin, zone));
    if (!saved.ok) throw new Error(saved.error.code);
  }

  async digestIn(id: string, schedule: Schedule, locale = "en-GB"): Promise<void> {
    const set = await this.services.digests.setChannel(manager, channel(id), schedule, locale);
    if (!set.ok) throw new Error(set.error.code);
  }

  /** A rep the bot has talked to in their personal chat (so it may write to them). */
  async rep(
    userId: string,
    name: string,
    options: { readonly reachable?: boolean; readonly locale?: string } = {},
  ) {
    await this.services.directory.seen({
      tenantId,
      userId,
      teamsId: `29:${userId}`,
      name,
      conversation: options.reachable === false ? channel("general") : personal(userId),
      locale: options.locale ?? "en-GB",
      roster: {
        member: async (teamsId) => ({ teamsId, aadObjectId: userId, name, tenantId, userRole: "user" }),
      },
    });
    const actor: Actor = { tenantId, userId, name, role: "rep" };
    return actor;
  }

  async account(name: string): Promise<void> {
    const created = await this.services.parties.createAccount(admin, { name });
    if (!created.ok) throw new Error(created.error.code);
  }

  async opportunity(
    owner: Actor,
    input: {
      readonly title: string;
      readonly value?: number;
      readonly close?: string;
      readonly account: string;
    },
  ): Promise<string> {
    const created = await this.services.opportunities.create(owner, {
      title: input.title,
      account: input.account,
      currency: "EUR",
      ...(input.value === undefined ? {} : { value: input.value }),
      ...(input.close ? { expectedCloseDate: input.close } : {}),
    });
    if (!created.ok) throw new Error(created.error.code);
    return created.value.opportunity.ref;
  }

  /** Sends (not updates or opens), with the delivery id each posted as its summary is not kept: the cards. */
  posts(): {
    readonly conversationId: string;
    readonly at: string;
    readonly summary: string;
    readonly card: unknown;
  }[] {
    return this.transport.requests
      .filter((r) => r.kind === "send" && r.result?.kind === "sent")
      .map((r) => ({
        conversationId: r.conversationId,
        at: new Date(r.at).toISOString(),
        summary: r.message?.summary ?? "",
        card: r.message?.card,
      }));
  }

  /** Every delivery document in the store (status and ids). */
  async deliveries(): Promise<Delivery[]> {
    const found: Delivery[] = [];
    let continuation: string | undefined;
    const repository = new StoreDeliveryRepository(this.store);
    do {
      const page = await this.store.query(tenantId, {
        type: "delivery",
        limit: 1000,
        ...(continuation ? { continuation } : {}),
      });
      for (const item of page.items) {
        const id = String(item.body.deliveryId);
        const got = await repository.get(tenantId, id);
        if (got) found.push(got.value);
      }
      continuation = page.continuation;
    } while (continuation);
    return found;
  }
}

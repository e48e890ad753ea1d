import { PipelineApp } from "./app/pipeline-app.js";
import { CardRenderer } from "./kit/rendering/renderer.js";
import type { Config } from "./config/config.js";
import { LeadService } from "./domain/leads/lead.service.js";
import { OpportunityService } from "./domain/opportunities/opportunity.service.js";
import { purgeOptions } from "./domain/opportunities/opportunity.removal.js";
import { PartnerService } from "./domain/partners/partner.service.js";
import { PartyService } from "./domain/parties/party.service.js";
import { DirectoryService } from "./domain/directory/directory.service.js";
import { DigestService } from "./domain/digest/digest.service.js";
import { StoreDigestRepository } from "./store/digest.repository.js";
import { CycleAdminService } from "./domain/setup/cycle-admin.service.js";
import { TenantSetupService } from "./domain/setup/tenant-setup.service.js";
import type { ConfiguredAdmin } from "./domain/shared/actor.js";
import { systemClock, type Clock } from "./domain/shared/ports.js";
import type { Services } from "./kit/feature.js";
import { recordLinks } from "./kit/links.js";
import type { Logger } from "./log.js";
import { StoreDirectoryRepository } from "./store/directory.repository.js";
import type { DocumentStore } from "./store/document-store.port.js";
import {
  StoreDeliveryRepository,
  StoreOutboxStore,
  StoreSubscriptionRepository,
  StoreThreadRepository,
} from "./store/notification.repositories.js";
import { CardNotificationComposer } from "./app/notification-composer.js";
import type { Notifier } from "./domain/notify/event.js";
import { SubscriptionService } from "./domain/notify/subscription.js";
import type { NotificationTransport } from "./domain/notify/ports.js";
import { SenderElection } from "./notify/election.js";
import { OutboxRelay, type OutboxSubject } from "./notify/relay.js";
import { systemTimers, type Timers } from "./notify/timers.js";
import { DeliveryWorker } from "./notify/worker.js";
import { DigestScheduler } from "./notify/scheduler.js";
import { createTeamsTransport } from "./teams/index.js";
import { StoreLeadRepository } from "./store/lead.repository.js";
import { StorePartnerRepository } from "./store/partner.repository.js";
import { StoreOpportunityRepository } from "./store/opportunity.repository.js";
import { StorePartyRepository } from "./store/party.repository.js";
import { ReferenceAllocator } from "./store/reference-allocator.js";
import { StoreQualificationStore } from "./store/qualification.store.js";
import { StoreRecordSearchRepository } from "./store/search.repository.js";
import { RecordSearchService } from "./domain/search/record-search.service.js";
import { SearchBackfill } from "./store/search-backfill.js";
import { OpportunityBackfill, preparationOver } from "./store/opportunity-backfill.js";
import { StoreSenderLeaseStore } from "./store/sender-lease.repository.js";
import { StoreTenantSetupRepository } from "./store/tenant-setup.repository.js";

/** The use cases over a store: the one place that knows every concrete repository. */
export function composeServices(
  store: DocumentStore,
  clock: Clock = systemClock,
  options: {
    readonly admins?: readonly ConfiguredAdmin[];
    /** Told when a write put notifications in a record's outbox (the relay's kick). */
    readonly onOutbox?: (tenantId: string, subject: OutboxSubject) => void;
    /** The most closed opportunities one `opp purge` deletes (PURGE_BATCH); default 1,000. */
    readonly purgeBatch?: number;
    /** Told when a `pipeline` or `inbox` found its tenant not prepared yet (the background step's request). */
    readonly onUnprepared?: (tenantId: string) => void;
  } = {},
): Services {
  const refs = new ReferenceAllocator(store);
  const setup = new TenantSetupService({ setups: new StoreTenantSetupRepository(store), clock });
  const subscriptions = new SubscriptionService({
    subscriptions: new StoreSubscriptionRepository(store),
    setup,
    clock,
  });
  const notifier: Notifier = {
    listens: (tenantId, topic) => subscriptions.listens(tenantId, topic),
    committed: (tenantId, subject) => options.onOutbox?.(tenantId, subject),
  };
  const parties = new StorePartyRepository(store, refs);
  const opportunities = new StoreOpportunityRepository(store, refs, options.onUnprepared);
  const directory = new DirectoryService({
    directory: new StoreDirectoryRepository(store),
    clock,
    admins: options.admins ?? [],
  });
  const partners = new PartnerService({
    partners: new StorePartnerRepository(store, refs),
    directory,
    clock,
    // A partner's load: its open opportunities awaiting an answer or accepted, counted up to its capacity.
    load: async (tenantId, ref, atMost) => {
      let count = 0;
      for (const access of ["delivered", "accepted"] as const) {
        let cursor: string | undefined;
        do {
          // Only counted: rows, not whole records.
          const page = await opportunities.listRows(
            tenantId,
            { status: "open", partner: { ref, access } },
            { limit: Math.min(100, atMost + 1), ...(cursor ? { cursor } : {}) },
          );
          count += page.items.length;
          cursor = page.cursor;
        } while (cursor && count <= atMost);
      }
      return count;
    },
  });
  const opportunityService = new OpportunityService({
    opportunities,
    parties,
    setup,
    clock,
    notifier,
    partners,
    ...(options.purgeBatch === undefined ? {} : { purge: purgeOptions(options.purgeBatch) }),
  });
  return {
    leads: new LeadService({
      leads: new StoreLeadRepository(store, refs),
      qualifications: new StoreQualificationStore(store),
      parties,
      opportunities,
      setup,
      clock,
      notifier,
    }),
    opportunities: opportunityService,
    parties: new PartyService({ parties, clock }),
    setup,
    cycles: new CycleAdminService({ setup, opportunities, clock }),
    directory,
    subscriptions,
    partners,
    digests: new DigestService({
      digests: new StoreDigestRepository(store),
      opportunities,
      pipeline: opportunityService,
      setup,
      users: directory,
      clock,
    }),
    search: new RecordSearchService({ records: new StoreRecordSearchRepository(store) }),
  };
}

/** The notification pipeline: the outbox relay, the delivery worker, and how to start and stop them. */
export interface Notifications {
  readonly relay: OutboxRelay;
  readonly worker: DeliveryWorker;
  /** The sender election when instances share the store; undefined when this instance is the only one. */
  readonly election: SenderElection | undefined;
  /** Makes the deliveries of channel digests and morning nudges when they fall due. */
  readonly scheduler: DigestScheduler;
  /**
   * Finds work left by an earlier run or by other instances (outboxes, pending deliveries) and starts
   * sending; looks again every `sweepMs`. Does nothing when this instance does not send. With an election,
   * it takes part in it, and does all this only while it is the sender.
   */
  start(): Promise<void>;
  /** Resolves when nothing is left to fan out or send (tests). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The app and its notification pipeline over one store. `transport` posts to Teams; tests pass one aimed at
 * a recording connector, or rely on the default (the Teams REST transport for the configured bot).
 */
export function composeBot(options: {
  readonly config: Pick<Config, "admins" | "bot"> &
    Partial<Pick<Config, "notifications" | "publicUrl" | "botDomain" | "purgeBatch">>;
  readonly store: DocumentStore;
  readonly log: Logger;
  readonly clock?: Clock;
  readonly cards?: CardRenderer;
  readonly transport?: NotificationTransport;
  readonly timers?: Timers;
  /**
   * How often the sender looks for events and deliveries left by other instances or a crash (default 30 s;
   * 5 s with an election, where the other instances' events are found this way).
   */
  readonly sweepMs?: number;
  /**
   * Several instances share the store (Cosmos DB): they elect the one that sends (see notify/election.ts).
   * `holder` names this instance in the lease. Absent: this instance is the only one and always sends.
   */
  readonly election?: { readonly holder: string; readonly renewMs?: number; readonly expiryMs?: number };
  /** How often the scheduler looks whether a digest or nudge fell due (default 60 s). */
  readonly scheduleTickMs?: number;
}): {
  readonly app: PipelineApp;
  readonly notifications: Notifications;
  /** Gives records stored before the search fields existed their fields; `start()` before serving. */
  readonly searchBackfill: SearchBackfill;
  /**
   * Counts and dates opportunities stored before pipeline totals and attention dates existed, in the
   * background; `start()` after serving began (it only queues).
   */
  readonly opportunityBackfill: OpportunityBackfill;
} {
  const { store, log } = options;
  const clock = options.clock ?? systemClock;
  const cards = options.cards ?? CardRenderer.load();
  const hub: { relay?: OutboxRelay; backfill?: OpportunityBackfill } = {};
  const sending = options.config.notifications !== false;
  const sweepMs = options.sweepMs ?? (options.election ? 5_000 : 30_000);
  const timers = options.timers ?? systemTimers;
  let sweeper: NodeJS.Timeout | undefined;
  const services = composeServices(store, clock, {
    admins: options.config.admins,
    ...(options.config.purgeBatch === undefined ? {} : { purgeBatch: options.config.purgeBatch }),
    onOutbox: (tenantId, subject) => {
      if (sending) void hub.relay?.kick(tenantId, subject);
    },
    onUnprepared: (tenantId) => hub.backfill?.request(tenantId),
  });
  const deliveries = new StoreDeliveryRepository(store);
  // Becoming the sender and ceasing to be one, one after the other, never overlapping.
  let transitions = Promise.resolve();
  let stopped = false;
  const transition = (what: string, step: () => Promise<void>) => {
    transitions = transitions.then(step).catch((error: unknown) =>
      log.warn("notify.sender_change_failed", {
        what,
        error: error instanceof Error ? error.message : String(error),
      }),
    );
  };
  const election =
    options.election && sending
      ? new SenderElection({
          store: new StoreSenderLeaseStore(store),
          holder: options.election.holder,
          timers,
          log,
          ...(options.election.renewMs === undefined ? {} : { renewMs: options.election.renewMs }),
          ...(options.election.expiryMs === undefined ? {} : { expiryMs: options.election.expiryMs }),
          onGain: () =>
            transition("gain", async () => {
              if (stopped) return;
              worker.start();
              await sweep(true);
            }),
          onLose: () =>
            transition("lose", async () => {
              await worker.stop();
              worker.forget();
            }),
        })
      : undefined;
  const worker = new DeliveryWorker({
    deliveries,
    threads: new StoreThreadRepository(store),
    transport: options.transport ?? createTeamsTransport(options.config.bot, log),
    composer: new CardNotificationComposer({
      cards,
      opportunities: services.opportunities,
      digests: services.digests,
      // Posts stay in Teams: a link to the local address the bot listens on would lead nowhere.
      ...(options.config.botDomain ? { links: recordLinks(`https://${options.config.botDomain}`) } : {}),
    }),
    sink: {
      gone: async (tenantId, target) => {
        if (target.kind === "channel") {
          await services.subscriptions.gone(tenantId, target.address.conversationId);
          await services.partners.inboxGone(tenantId, target.address.conversationId);
          await services.digests.channelGone(tenantId, target.address.conversationId);
        } else await services.directory.personalGone(tenantId, target.userId);
      },
      personalOpened: (tenantId, userId, address) =>
        services.directory.personalOpened(tenantId, userId, address),
    },
    timers,
    log,
    ...(election ? { lease: election } : {}),
  });
  const relay = new OutboxRelay({
    outbox: new StoreOutboxStore(store),
    deliveries,
    subscriptions: services.subscriptions,
    recipients: {
      recipient: async (tenantId, userId) => {
        const user = await services.directory.user(tenantId, userId);
        if (!user || !user.teamsId) return undefined;
        return {
          teamsId: user.teamsId,
          name: user.name,
          ...(user.locale ? { locale: user.locale } : {}),
          ...(user.personal ? { personal: user.personal } : {}),
        };
      },
    },
    enqueue: (item) => worker.enqueue(item),
    log,
    now: () => clock.now(),
  });
  hub.relay = relay;
  const scheduler = new DigestScheduler({
    digests: services.digests,
    deliveries,
    enqueue: (item) => worker.enqueue(item),
    tenants: () => services.directory.knownTenants(),
    timers,
    log,
    ...(election ? { lease: election } : {}),
    ...(options.scheduleTickMs === undefined ? {} : { tickMs: options.scheduleTickMs }),
  });
  /** Pending deliveries first (they are older), then events not yet fanned out. Only by the sender. */
  const sweep = async (always = false) => {
    if (election && election.term() === undefined) return;
    const tenants = await services.directory.knownTenants();
    const recovered = await worker.recover(tenants);
    const relayed = await relay.recover(tenants);
    if (recovered || relayed || always)
      log.info("notifications recovered", { deliveries: recovered, outboxes: relayed });
  };
  let sweeping = false;
  const app = new PipelineApp({
    services,
    cards,
    admins: options.config.admins,
    log,
    ...(options.config.publicUrl ? { links: recordLinks(options.config.publicUrl) } : {}),
  });
  const searchBackfill = new SearchBackfill({
    store,
    tenants: () => services.directory.knownTenants(),
    sleep: (ms, signal) => timers.sleep(ms, signal),
    log,
  });
  const opportunityBackfill = new OpportunityBackfill({
    tenants: () => services.directory.knownTenants(),
    ...preparationOver(store, async (tenantId) => (await services.setup.load(tenantId)).cycles),
    sleep: (ms, signal) => timers.sleep(ms, signal),
    log,
  });
  hub.backfill = opportunityBackfill;
  return {
    app,
    searchBackfill,
    opportunityBackfill,
    notifications: {
      relay,
      worker,
      election,
      scheduler,
      async start() {
        if (!sending) {
          log.info("notifications are sent by another instance (NOTIFICATIONS=off)");
          return;
        }
        if (election) {
          // The worker starts when this instance wins the election (onGain), and stops when it loses.
          await election.start();
          await transitions;
        } else {
          worker.start();
          await sweep();
        }
        // With an election it looks only while this instance is the sender (it asks the lease each time).
        scheduler.start();
        sweeper = setInterval(() => {
          // A sweep slower than the period (a large backlog, a slow store) is not started twice.
          if (sweeping) return;
          sweeping = true;
          sweep()
            .catch((error: unknown) =>
              log.warn("notify.sweep_failed", {
                error: error instanceof Error ? error.message : String(error),
              }),
            )
            .finally(() => (sweeping = false));
        }, sweepMs);
        sweeper.unref();
      },
      async idle() {
        await transitions;
        await relay.idle();
        await worker.idle();
      },
      async stop() {
        stopped = true;
        if (sweeper) clearInterval(sweeper);
        await scheduler.stop();
        await relay.idle();
        await worker.stop();
        await transitions;
        // Last: released, so another instance takes over at once rather than after the expiry.
        await election?.stop();
      },
    },
  };
}

/** Wires the app from its parts (without the notification pipeline: tools and benchmarks). */
export function composeApp(options: {
  readonly config: Pick<Config, "admins">;
  readonly store: DocumentStore;
  readonly log: Logger;
  readonly clock?: Clock;
  readonly cards?: CardRenderer;
}): PipelineApp {
  return new PipelineApp({
    services: composeServices(options.store, options.clock, { admins: options.config.admins }),
    cards: options.cards ?? CardRenderer.load(),
    admins: options.config.admins,
    log: options.log,
  });
}

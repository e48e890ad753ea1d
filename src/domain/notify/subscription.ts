import type { ConversationAddress } from "../directory/directory.js";
import { isManager, type Actor } from "../shared/actor.js";
import { BoundedMap } from "../shared/bounded-map.js";
import type { Clock } from "../shared/ports.js";
import type { TenantSetupService } from "../setup/tenant-setup.service.js";
import { fail, ok, type Result } from "../shared/result.js";
import { topics as allTopics, type EventPerson, type Topic } from "./event.js";

/** A channel that asked to hear some events (`notify here …`). One per channel conversation. */
export interface ChannelSubscription {
  readonly tenantId: string;
  readonly address: ConversationAddress;
  readonly topics: readonly Topic[];
  /** Posts are written in the language of whoever subscribed the channel. */
  readonly locale?: string;
  /** False after `notify off`, or when Teams said the bot is gone from the channel (403/404). */
  readonly active: boolean;
  readonly by: EventPerson;
  readonly at: string;
}

export interface SubscriptionRepository {
  get(tenantId: string, conversationId: string): Promise<ChannelSubscription | undefined>;
  save(subscription: ChannelSubscription): Promise<void>;
  /** Active subscriptions of a tenant. */
  active(tenantId: string): Promise<readonly ChannelSubscription[]>;
}

/** How long a tenant's subscription list is reused before it is read again (other instances' changes). */
const cacheMs = 30_000;
/** Tenants whose subscription list is kept at most (a bound, not a tuning knob). */
const cacheTenants = 10_000;

export class SubscriptionService {
  private readonly cache = new BoundedMap<string, { at: number; subs: readonly ChannelSubscription[] }>(
    cacheTenants,
  );

  constructor(
    private readonly deps: {
      readonly subscriptions: SubscriptionRepository;
      readonly setup: TenantSetupService;
      readonly clock: Clock;
    },
  ) {}

  /** Whether any channel of the tenant listens to a topic: answered from the (cached) tenant setup. */
  async listens(tenantId: string, topic: Topic): Promise<boolean> {
    return (await this.deps.setup.load(tenantId)).listenedTopics?.includes(topic) ?? false;
  }

  /** Records in the tenant setup which topics anybody listens to, after subscriptions changed. */
  private async refreshListened(tenantId: string): Promise<void> {
    this.cache.delete(tenantId);
    const subs = await this.deps.subscriptions.active(tenantId);
    const listened = allTopics.filter((t) => subs.some((s) => s.topics.includes(t)));
    const system: Actor = { tenantId, userId: "system", name: "", role: "admin" };
    for (let attempt = 0; attempt < 3; attempt++) {
      const saved = await this.deps.setup.edit(system, (setup) => ok({ ...setup, listenedTopics: listened }));
      if (saved.ok) return;
    }
  }

  /** `notify here …`: the channel hears these topics from now on (replacing what it heard before). */
  async subscribe(
    actor: Actor,
    address: ConversationAddress,
    wanted: readonly Topic[],
    locale: string | undefined,
  ): Promise<Result<ChannelSubscription>> {
    if (!isManager(actor)) return fail("notify.forbidden");
    if (address.kind !== "channel") return fail("notify.channel_only");
    const topicsWanted = wanted.length ? allTopics.filter((t) => wanted.includes(t)) : [...allTopics];
    const subscription: ChannelSubscription = {
      tenantId: actor.tenantId,
      address,
      topics: topicsWanted,
      ...(locale ? { locale } : {}),
      active: true,
      by: { id: actor.userId, name: actor.name },
      at: this.deps.clock.now().toISOString(),
    };
    await this.deps.subscriptions.save(subscription);
    await this.refreshListened(actor.tenantId);
    return ok(subscription);
  }

  /** `notify off`: the channel hears nothing more. */
  async unsubscribe(actor: Actor, address: ConversationAddress): Promise<Result<{ wasOn: boolean }>> {
    if (!isManager(actor)) return fail("notify.forbidden");
    if (address.kind !== "channel") return fail("notify.channel_only");
    const current = await this.deps.subscriptions.get(actor.tenantId, address.conversationId);
    if (!current?.active) return ok({ wasOn: false });
    await this.deps.subscriptions.save({
      ...current,
      active: false,
      by: { id: actor.userId, name: actor.name },
      at: this.deps.clock.now().toISOString(),
    });
    await this.refreshListened(actor.tenantId);
    return ok({ wasOn: true });
  }

  /** What the channel hears now (for `notify` without arguments). */
  current(tenantId: string, conversationId: string): Promise<ChannelSubscription | undefined> {
    return this.deps.subscriptions.get(tenantId, conversationId);
  }

  /** Active channels subscribed to a topic. */
  async forTopic(tenantId: string, topic: Topic): Promise<readonly ChannelSubscription[]> {
    const now = this.deps.clock.now().getTime();
    let entry = this.cache.get(tenantId);
    if (!entry || now - entry.at > cacheMs) {
      entry = { at: now, subs: await this.deps.subscriptions.active(tenantId) };
      this.cache.set(tenantId, entry);
    }
    return entry.subs.filter((s) => s.topics.includes(topic));
  }

  /** Any active channel of the tenant (where a personal chat can be opened from, failing better). */
  async any(tenantId: string): Promise<ChannelSubscription | undefined> {
    await this.forTopic(tenantId, "stage");
    return this.cache.get(tenantId)?.subs[0];
  }

  /** Teams said the bot is gone from the channel: stop posting there. */
  async gone(tenantId: string, conversationId: string): Promise<void> {
    const current = await this.deps.subscriptions.get(tenantId, conversationId);
    if (current?.active) await this.deps.subscriptions.save({ ...current, active: false });
    await this.refreshListened(tenantId);
  }
}

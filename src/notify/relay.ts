import type { ConversationAddress } from "../domain/directory/directory.js";
import { isScheduled, topicOf, type EventPerson, type NotificationEvent } from "../domain/notify/event.js";
import type { SubscriptionService } from "../domain/notify/subscription.js";
import type { Logger } from "../log.js";
import type {
  Delivery,
  DeliveryRepository,
  DeliveryTarget,
  OutboxStore,
  OutboxSubject,
  TargetAudience,
} from "../domain/notify/ports.js";

export type { OutboxStore, OutboxSubject };

/** What the relay needs to know about a person to tell them directly. */
export interface Recipient {
  readonly teamsId: string;
  readonly name: string;
  readonly locale?: string;
  readonly personal?: ConversationAddress;
  /** Where a personal chat can be opened from when none is known yet. */
  readonly via?: { readonly serviceUrl: string; readonly botId: string };
}

export interface RecipientDirectory {
  recipient(tenantId: string, userId: string): Promise<Recipient | undefined>;
}

export interface RelayDeps {
  readonly outbox: OutboxStore;
  readonly deliveries: DeliveryRepository;
  readonly subscriptions: SubscriptionService;
  readonly recipients: RecipientDirectory;
  /** Hands each newly created delivery to the sender. */
  readonly enqueue: (item: { readonly value: Delivery; readonly version: string }) => void;
  readonly log: Logger;
  readonly now: () => Date;
}

/**
 * Turns each outbox event into deliveries, one per target (the subscribed channels, the people to tell
 * directly, and the partner organisations concerned), then removes the event from the outbox. Creating a delivery is idempotent (its id is the event
 * id and the target), so fanning the same event out twice — after a crash between the two steps, or by two
 * instances at once — never makes two deliveries.
 */
export class OutboxRelay {
  private readonly running = new Map<string, Promise<void>>();
  private seq = 0;

  constructor(private readonly deps: RelayDeps) {}

  /** A record's outbox got events: fan them out (serialised per record). */
  kick(tenantId: string, subject: OutboxSubject): Promise<void> {
    const key = `${tenantId}/${subject.kind}/${subject.ref}`;
    const previous = this.running.get(key) ?? Promise.resolve();
    const next = previous
      .then(() => this.relay(tenantId, subject))
      .catch((error: unknown) =>
        this.deps.log.warn("outbox relay failed; retried on the next kick or restart", {
          tenantId,
          ref: subject.ref,
          error: error instanceof Error ? error.message : String(error),
        }),
      )
      .finally(() => {
        if (this.running.get(key) === next) this.running.delete(key);
      });
    this.running.set(key, next);
    return next;
  }

  /** After a restart: every record of these tenants with a non-empty outbox. Returns how many. */
  async recover(tenantIds: Iterable<string>): Promise<number> {
    let count = 0;
    for (const tenantId of tenantIds) {
      for (const subject of await this.deps.outbox.pending(tenantId)) {
        await this.kick(tenantId, subject);
        count++;
      }
    }
    return count;
  }

  /** Resolves when every kick so far has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running.values()]);
  }

  private async relay(tenantId: string, subject: OutboxSubject): Promise<void> {
    const events = await this.deps.outbox.read(tenantId, subject);
    if (events.length === 0) return;
    for (const event of events) await this.fanOut(tenantId, event);
    await this.deps.outbox.remove(
      tenantId,
      subject,
      events.map((e) => e.id),
    );
  }

  private async fanOut(tenantId: string, event: NotificationEvent): Promise<void> {
    const targets: { target: DeliveryTarget; locale?: string }[] = [];
    // Scheduled posts never sit in an outbox (the scheduler makes their deliveries); a stray one has no topic.
    const subscribed = isScheduled(event.kind)
      ? []
      : await this.deps.subscriptions.forTopic(tenantId, topicOf[event.kind]);
    for (const sub of subscribed) {
      targets.push({
        target: {
          kind: "channel",
          key: `ch:${sub.address.conversationId}`,
          address: sub.address,
          threadKey: event.subject.ref,
        },
        ...(sub.locale ? { locale: sub.locale } : {}),
      });
    }
    for (const person of event.direct) {
      const direct = await this.personal(tenantId, event, person, `user:${person.id}`);
      if (direct) targets.push(direct);
    }
    // A partner organisation hears its side in its inbox channel when it has one, else in each member's
    // personal chat. Its target keys say whose side it is, so a vendor post to the same conversation and the
    // partner's are two deliveries, and its inbox has a thread of its own per opportunity.
    for (const audience of event.partners ?? []) {
      const partner = { audience: "partner" as const, partner: audience.partner };
      if (audience.inbox) {
        targets.push({
          target: {
            kind: "channel",
            key: `partner:${audience.partner}:ch:${audience.inbox.conversationId}`,
            address: audience.inbox,
            threadKey: `${event.subject.ref}:${audience.partner}`,
            ...partner,
          },
          ...(audience.locale ? { locale: audience.locale } : {}),
        });
        continue;
      }
      for (const member of audience.members) {
        const key = `partner:${audience.partner}:user:${member.id}`;
        const told = await this.personal(tenantId, event, member, key, partner);
        if (told) targets.push(told);
      }
    }
    const createdAt = this.deps.now().toISOString();
    const base = Date.parse(event.at) || Date.now();
    for (const { target, locale } of targets) {
      const delivery: Delivery = {
        id: `${event.id}>${target.key}`,
        tenantId,
        event,
        target,
        ...(locale ? { locale } : {}),
        status: "pending",
        attempts: 0,
        // Ordered by the event's time; the counter keeps events of the same millisecond in order.
        seq: base * 1000 + (this.seq++ % 1000),
        createdAt,
      };
      const created = await this.deps.deliveries.createOnce(delivery);
      if (created) this.deps.enqueue({ value: delivery, version: created.version });
    }
  }

  /** A person's personal chat as a target, or nothing (logged) when the bot has no way to reach them yet. */
  private async personal(
    tenantId: string,
    event: NotificationEvent,
    person: EventPerson,
    key: string,
    audience: TargetAudience = {},
  ): Promise<{ target: DeliveryTarget; locale?: string } | undefined> {
    const recipient = await this.deps.recipients.recipient(tenantId, person.id);
    const via =
      recipient?.personal ?? recipient?.via ?? (await this.deps.subscriptions.any(tenantId))?.address;
    if (!recipient || !via) {
      this.deps.log.info("direct notification skipped: the bot has no way to reach this user yet", {
        tenantId,
        event: event.id,
      });
      return undefined;
    }
    return {
      target: {
        kind: "user",
        key,
        userId: person.id,
        teamsId: recipient.teamsId,
        name: recipient.name,
        ...(recipient.personal ? { address: recipient.personal } : {}),
        via: { serviceUrl: via.serviceUrl, botId: via.botId },
        ...audience,
      },
      ...(recipient.locale ? { locale: recipient.locale } : {}),
    };
  }
}

import type { DigestContent } from "../domain/digest/digest.js";
import type { DigestService } from "../domain/digest/digest.service.js";
import type { Occurrence } from "../domain/digest/schedule.js";
import type { NotificationEvent } from "../domain/notify/event.js";
import type { Delivery, DeliveryRepository, DeliveryTarget } from "../domain/notify/ports.js";
import type { Logger } from "../log.js";
import type { SenderLease } from "./election.js";
import type { Timers } from "./timers.js";
import { BoundedMap } from "../domain/shared/bounded-map.js";

export interface DigestSchedulerOptions {
  readonly digests: DigestService;
  readonly deliveries: DeliveryRepository;
  /** Hands each newly created delivery to the sender (the delivery worker). */
  readonly enqueue: (item: { readonly value: Delivery; readonly version: string }) => void;
  /** The tenants to look at (the directory's registry). */
  readonly tenants: () => Promise<readonly string[]>;
  readonly timers: Timers;
  readonly log: Logger;
  /** Several instances: looks only while this instance holds the sender lease. */
  readonly lease?: SenderLease;
  /** How often it looks whether something fell due. Default 60 s. */
  readonly tickMs?: number;
}

export interface TickStats {
  /** Deliveries made in this tick. */
  readonly created: number;
  /** Deliveries that existed already (made by an earlier, interrupted tick or another instance). */
  readonly existing: number;
}

const system = { id: "system", name: "Pipeline" };
/** Tenants remembered as quiet this period at most (a bound: a forgotten one is looked at once more). */
const quietTenantsKept = 10_000;

/**
 * Makes the deliveries of scheduled posts: each channel's digest and each rep's morning nudge. It looks every
 * minute; what is due today (tenant time) and not yet marked done gets one delivery per target and period,
 * with an id made of both (`digest:2026-12-07>ch:19:…`, `nudge:2026-12-07>user:…`). Creating a delivery is
 * a guarded create, so a tick that is repeated — after a crash in the middle of a fan-out, on a second
 * instance, or by a sender that lost its lease half-way — finds the ones made and makes only the rest; the
 * delivery worker then sends each exactly like any other post, within Teams' limits and with its retries.
 */
export class DigestScheduler {
  private readonly tickMs: number;
  private readonly stopping = new AbortController();
  private loop: Promise<void> | undefined;
  private ticking: Promise<TickStats> | undefined;
  /** Tenants whose nudges of this period were found to be none (nothing due, nobody reachable). */
  private readonly quiet = new BoundedMap<string, string>(quietTenantsKept);

  constructor(private readonly options: DigestSchedulerOptions) {
    this.tickMs = Math.max(1_000, options.tickMs ?? 60_000);
  }

  /** Looks at once (a period missed while down is sent if it is still its day), then every tick. */
  start(): void {
    if (this.loop) return;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
  }

  /** One look at every tenant; a tick already running is awaited instead of started twice. */
  tick(): Promise<TickStats> {
    this.ticking ??= this.look().finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  private async run(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      await this.tick();
      await this.options.timers.sleep(this.tickMs, this.stopping.signal);
    }
  }

  private mayRun(): boolean {
    return !this.stopping.signal.aborted && (!this.options.lease || this.options.lease.term() !== undefined);
  }

  private async look(): Promise<TickStats> {
    const stats = { created: 0, existing: 0 };
    if (!this.mayRun()) return stats;
    let tenants: readonly string[];
    try {
      tenants = await this.options.tenants();
    } catch (error) {
      this.options.log.warn("digest.tenants_unavailable", { error: describe(error) });
      return stats;
    }
    for (const tenantId of tenants) {
      if (!this.mayRun()) break;
      try {
        await this.tenant(tenantId, stats);
      } catch (error) {
        // Nothing is marked done that was not: the next tick carries on where this one stopped.
        this.options.log.warn("digest.tick_failed", { tenantId, error: describe(error) });
      }
    }
    if (stats.created > 0 || stats.existing > 0) this.options.log.info("digest.fanned_out", stats);
    return stats;
  }

  private async tenant(tenantId: string, stats: { created: number; existing: number }): Promise<void> {
    const { digests } = this.options;
    const now = this.options.timers.now();
    const channels = await digests.dueChannels(tenantId, now);
    const due = await digests.dueNudges(tenantId, now);
    const nudgesDue = due && this.quiet.get(tenantId) !== due.periodKey ? due : undefined;
    if (channels.length === 0 && !nudgesDue) return;
    const snapshot = await digests.openSnapshot(tenantId);
    // Channels on the same schedule share one digest: the figures are the tenant's, only the language differs.
    const contents = new Map<string, DigestContent>();
    for (const { digest, occurrence, since } of channels) {
      if (!this.mayRun()) return;
      const key = `${since}|${occurrence.dueAt}`;
      let content = contents.get(key);
      if (!content) {
        content = await digests.digestContent(tenantId, since, occurrence.dueAt, snapshot);
        contents.set(key, content);
      }
      const conversationId = digest.address.conversationId;
      const target: DeliveryTarget = {
        kind: "channel",
        key: `ch:${conversationId}`,
        address: digest.address,
        threadKey: `digest:${occurrence.periodKey}`,
      };
      const event = scheduledEvent("digest", occurrence, { digest: content });
      await this.deliver(tenantId, event, target, occurrence, digest.locale, stats);
      await digests.markChannel(tenantId, conversationId, occurrence.periodKey);
    }
    if (!nudgesDue) return;
    const nudges = await digests.nudges(tenantId, nudgesDue, snapshot);
    if (nudges.length === 0) {
      // Nothing to send: remembered here rather than stored, so a quiet tenant costs no write.
      this.quiet.set(tenantId, nudgesDue.periodKey);
      return;
    }
    for (const { user, content } of nudges) {
      if (!this.mayRun()) return;
      const target: DeliveryTarget = {
        kind: "user",
        key: `user:${user.userId}`,
        userId: user.userId,
        teamsId: user.teamsId,
        name: user.name,
        address: user.personal,
        via: { serviceUrl: user.personal.serviceUrl, botId: user.personal.botId },
      };
      const event = scheduledEvent("nudge", nudgesDue, { nudge: content });
      await this.deliver(tenantId, event, target, nudgesDue, user.locale, stats);
    }
    await digests.markNudges(tenantId, nudgesDue.periodKey);
  }

  private async deliver(
    tenantId: string,
    event: NotificationEvent,
    target: DeliveryTarget,
    occurrence: Occurrence,
    locale: string | undefined,
    stats: { created: number; existing: number },
  ): Promise<void> {
    const delivery: Delivery = {
      id: `${event.id}>${target.key}`,
      tenantId,
      event,
      target,
      ...(locale ? { locale } : {}),
      status: "pending",
      attempts: 0,
      seq: occurrence.dueAt * 1000,
      createdAt: new Date(this.options.timers.now()).toISOString(),
    };
    const created = await this.options.deliveries.createOnce(delivery);
    if (!created) {
      stats.existing++;
      return;
    }
    stats.created++;
    this.options.enqueue({ value: delivery, version: created.version });
  }
}

function scheduledEvent(
  kind: "digest" | "nudge",
  occurrence: Occurrence,
  content: Pick<NotificationEvent, "digest" | "nudge">,
): NotificationEvent {
  return {
    id: `${kind}:${occurrence.periodKey}`,
    kind,
    at: new Date(occurrence.dueAt).toISOString(),
    by: system,
    subject: { kind, ref: occurrence.periodKey, title: "" },
    facts: {},
    direct: [],
    ...content,
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

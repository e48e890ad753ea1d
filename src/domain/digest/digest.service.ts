import { byCodeUnits } from "../shared/order.js";
import { closeDatePassed } from "../opportunities/attention.js";
import { stageText } from "../setup/built-ins.js";
import type { ConversationAddress, DirectoryUser } from "../directory/directory.js";
import type { Opportunity } from "../opportunities/opportunity.js";
import type { OpportunityRepository } from "../opportunities/opportunity.repository.port.js";
import { pipelineRows } from "../opportunities/opportunity.queries.js";
import type { OpportunityService } from "../opportunities/opportunity.service.js";
import { totalsByOwner } from "../opportunities/pipeline-totals.js";
import type { TenantSetupService } from "../setup/tenant-setup.service.js";
import { isManager, isStaff, type Actor } from "../shared/actor.js";
import { ConcurrencyConflict, type Clock, type Versioned } from "../shared/ports.js";
import { fail, ok, type Result } from "../shared/result.js";
import {
  digestLimits,
  type ChannelDigest,
  type DigestChange,
  type DigestContent,
  type DigestDeal,
  type NudgeContent,
  type NudgeItem,
  type NudgePrefs,
} from "./digest.js";
import type { DigestRepository } from "./digest.repository.port.js";
import { changeOf, lastChangedOn, nudgeReasons } from "./digest.rules.js";
import {
  defaultDigestSchedule,
  dueToday,
  nextOccurrence,
  nudgeSchedule,
  previousOccurrence,
  type Occurrence,
  type Schedule,
} from "./schedule.js";
import { addDays, canonicalZone, daysBetween, zonedParts } from "./zoned-time.js";

export interface DigestServiceDeps {
  readonly digests: DigestRepository;
  readonly opportunities: OpportunityRepository;
  /** The pipeline per stage: the domain's own computation, whatever it reads. */
  readonly pipeline: OpportunityService;
  readonly setup: TenantSetupService;
  readonly users: { user(tenantId: string, userId: string): Promise<DirectoryUser | undefined> };
  readonly clock: Clock;
}

/** Open opportunities one digest or nudge round looks at, at most (beyond: said on the card). */
const openScanLimit = 20_000;
const scanPage = 200;
const guardedRetries = 3;

/** The tenant's open opportunities, read once per round and shared by its digests and nudges. */
export interface OpenSnapshot {
  readonly items: readonly Opportunity[];
  readonly truncated: boolean;
}

/** Someone the bot can write to, and what their nudge says. */
export interface Nudge {
  readonly user: DirectoryUser & { readonly personal: ConversationAddress };
  readonly content: NudgeContent;
}

/** Channel digests and personal nudges: the commands that set them up, and what each says when due. */
export class DigestService {
  constructor(private readonly deps: DigestServiceDeps) {}

  // --- settings and commands ------------------------------------------------------------------------------

  /** The tenant's time zone: `setting timezone`, else the first admin's Teams client, else UTC. */
  async zone(tenantId: string): Promise<string> {
    // Read, never created: the scheduler asks for tenants that may have no setup yet.
    return (await this.deps.setup.stored(tenantId))?.timeZone ?? "UTC";
  }

  /** The first admin whose Teams client says its zone sets the tenant's, while none is set. */
  async adoptTimeZone(actor: Actor, clientZone: string | undefined): Promise<void> {
    if (actor.role !== "admin" || !clientZone) return;
    // Only into a setup that exists: a turn that needs none (help) writes nothing.
    const setup = await this.deps.setup.stored(actor.tenantId);
    if (!setup || setup.timeZone) return;
    const zone = canonicalZone(clientZone);
    if (!zone) return;
    await this.deps.setup.edit(actor, (setup) => ok(setup.timeZone ? setup : { ...setup, timeZone: zone }));
  }

  /** `notify here digest …`: this channel gets the digest on this schedule (replacing an earlier one). */
  async setChannel(
    actor: Actor,
    address: ConversationAddress,
    schedule: Schedule,
    locale: string | undefined,
  ): Promise<Result<{ readonly digest: ChannelDigest; readonly next: Occurrence; readonly zone: string }>> {
    if (!isManager(actor)) return fail("digest.forbidden");
    if (address.kind !== "channel") return fail("digest.channel_only");
    const zone = await this.zone(actor.tenantId);
    // A schedule whose time today has already passed starts with its next occurrence: setting a digest up
    // is no reason to post one at once (`digest preview` shows it). Only a period missed while the bot was
    // down is sent late (the same day).
    const passed = dueToday(schedule, zone, this.now().getTime());
    const saved = await this.writeChannel(actor.tenantId, address.conversationId, (current) => {
      const lastPeriod = passed?.periodKey ?? current?.lastPeriod;
      return {
        tenantId: actor.tenantId,
        address,
        schedule,
        ...(locale ? { locale } : {}),
        active: true,
        ...(lastPeriod ? { lastPeriod } : {}),
        by: { id: actor.userId, name: actor.name },
        at: this.now().toISOString(),
      };
    });
    return ok({ digest: saved, next: nextOccurrence(schedule, zone, this.now().getTime()), zone });
  }

  /** `notify here digest off`. */
  async offChannel(actor: Actor, address: ConversationAddress): Promise<Result<{ readonly wasOn: boolean }>> {
    if (!isManager(actor)) return fail("digest.forbidden");
    if (address.kind !== "channel") return fail("digest.channel_only");
    const current = await this.deps.digests.channel(actor.tenantId, address.conversationId);
    if (!current?.value.active) return ok({ wasOn: false });
    await this.writeChannel(actor.tenantId, address.conversationId, (found) => ({
      ...(found ?? current.value),
      active: false,
      by: { id: actor.userId, name: actor.name },
      at: this.now().toISOString(),
    }));
    return ok({ wasOn: true });
  }

  /** The bot was removed from the channel (or Teams said it is gone): no more digests there. */
  async channelGone(tenantId: string, conversationId: string): Promise<void> {
    const current = await this.deps.digests.channel(tenantId, conversationId);
    if (!current?.value.active) return;
    await this.writeChannel(tenantId, conversationId, (found) => ({
      ...(found ?? current.value),
      active: false,
    }));
  }

  /** `digest preview`: the digest as it would be posted now, with what changed since the last one. */
  async preview(
    actor: Actor,
    conversationId: string | undefined,
  ): Promise<
    Result<{ readonly content: DigestContent; readonly digest?: ChannelDigest; readonly next: Occurrence }>
  > {
    if (!isStaff(actor)) return fail("digest.forbidden_preview");
    const found = conversationId
      ? await this.deps.digests.channel(actor.tenantId, conversationId)
      : undefined;
    const digest = found?.value.active ? found.value : undefined;
    const schedule = digest?.schedule ?? defaultDigestSchedule;
    const zone = await this.zone(actor.tenantId);
    const now = this.now().getTime();
    const since = previousOccurrence(schedule, zone, now).dueAt;
    const content = await this.digestContent(actor.tenantId, since, now);
    return ok({ content, ...(digest ? { digest } : {}), next: nextOccurrence(schedule, zone, now) });
  }

  /** `notify me off|on`. */
  async setNudges(actor: Actor, on: boolean): Promise<Result<{ readonly changed: boolean }>> {
    if (!isStaff(actor)) return fail("digest.forbidden_nudges");
    let changed = false;
    await this.writePrefs(actor.tenantId, actor.userId, (prefs) => {
      changed = prefs.off === on;
      return { ...prefs, off: !on };
    });
    return ok({ changed });
  }

  /** A nudge's Snooze: this opportunity is left out of this person's nudges until the date returned. */
  async snooze(
    actor: Actor,
    ref: string,
    days: number = digestLimits.snoozeDays,
  ): Promise<Result<{ readonly ref: string; readonly until: string }>> {
    if (!isStaff(actor)) return fail("digest.forbidden_nudges");
    const found = await this.deps.opportunities.get(actor.tenantId, ref.trim().toUpperCase());
    if (!found) return fail("opp.not_found", { ref });
    const zone = await this.zone(actor.tenantId);
    const today = zonedParts(this.now().getTime(), zone).date;
    const until = addDays(today, days);
    const opportunity = found.value.ref;
    await this.writePrefs(actor.tenantId, actor.userId, (prefs) => {
      // Snoozes that have run out are dropped on the way, so the document stays small.
      const kept = Object.entries(prefs.snoozes).filter(([r, u]) => u >= today && r !== opportunity);
      return { ...prefs, snoozes: Object.fromEntries([...kept, [opportunity, until]]) };
    });
    return ok({ ref: opportunity, until });
  }

  // --- what the scheduler asks ----------------------------------------------------------------------------

  /** Channel digests due now and not yet known to be fanned out, each with its period. */
  async dueChannels(
    tenantId: string,
    now: number,
  ): Promise<{ readonly digest: ChannelDigest; readonly occurrence: Occurrence; readonly since: number }[]> {
    const zone = await this.zone(tenantId);
    const due = [];
    for (const { value: digest } of await this.deps.digests.activeChannels(tenantId)) {
      const occurrence = dueToday(digest.schedule, zone, now);
      if (!occurrence || digest.lastPeriod === occurrence.periodKey) continue;
      const since = previousOccurrence(digest.schedule, zone, occurrence.dueAt).dueAt;
      due.push({ digest, occurrence, since });
    }
    return due;
  }

  /** Records that a channel's period was fanned out completely; a lost race only costs a re-check. */
  async markChannel(tenantId: string, conversationId: string, periodKey: string): Promise<void> {
    const current = await this.deps.digests.channel(tenantId, conversationId);
    if (!current?.value.active || current.value.lastPeriod === periodKey) return;
    try {
      await this.deps.digests.saveChannel({ ...current.value, lastPeriod: periodKey }, current.version);
    } catch (error) {
      if (!(error instanceof ConcurrencyConflict)) throw error;
    }
  }

  /** This morning's nudges, when they are due and not yet known to be fanned out. */
  async dueNudges(tenantId: string, now: number): Promise<Occurrence | undefined> {
    // No setup: nobody in the tenant has created an opportunity yet, so nobody has anything due.
    const setup = await this.deps.setup.stored(tenantId);
    if (!setup) return undefined;
    const occurrence = dueToday(nudgeSchedule, setup.timeZone ?? "UTC", now);
    if (!occurrence) return undefined;
    const run = await this.deps.digests.nudgeRun(tenantId);
    return run?.value.lastPeriod === occurrence.periodKey ? undefined : occurrence;
  }

  async markNudges(tenantId: string, periodKey: string): Promise<void> {
    const run = await this.deps.digests.nudgeRun(tenantId);
    if (run?.value.lastPeriod === periodKey) return;
    try {
      await this.deps.digests.saveNudgeRun({ tenantId, lastPeriod: periodKey }, run?.version);
    } catch (error) {
      if (!(error instanceof ConcurrencyConflict)) throw error;
    }
  }

  /** The tenant's open opportunities (not those waiting for a partner's approval), up to a limit. */
  async openSnapshot(tenantId: string): Promise<OpenSnapshot> {
    const items: Opportunity[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.deps.opportunities.list(
        tenantId,
        { status: "open" },
        { limit: scanPage, ...(cursor ? { cursor } : {}) },
      );
      for (const { value } of page.items) if (value.approval !== "pending") items.push(value);
      cursor = page.cursor;
      if (items.length >= openScanLimit && cursor) return { items, truncated: true };
    } while (cursor);
    return { items, truncated: false };
  }

  /** A digest for the period from `since` to `until` (instants, ms). */
  async digestContent(
    tenantId: string,
    since: number,
    until: number,
    snapshot?: OpenSnapshot,
  ): Promise<DigestContent> {
    const setup = await this.deps.setup.load(tenantId);
    const zone = setup.timeZone ?? "UTC";
    const staleDays = setup.staleDays ?? digestLimits.staleDays.default;
    const today = zonedParts(until, zone).date;
    const system: Actor = { tenantId, userId: "system", name: "", role: "admin" };
    const open = snapshot ?? (await this.openSnapshot(tenantId));
    const pipeline = await this.deps.pipeline.pipeline(system);
    // While the tenant's totals are being prepared (old opportunities not all counted yet), the digest counts
    // the open ones it has just read: the same figures `pipeline` gives once prepared, and a weekly digest
    // never goes out without its pipeline. (Beyond the snapshot's limit the card says figures are partial.)
    const rows = pipeline.ok
      ? pipeline.value.rows
      : pipeline.error.code === "opp.preparing"
        ? pipelineRows(setup, totalsByOwner(open.items))
        : [];
    const stages = rows
      .filter((r) => r.count > 0 || r.stageId !== undefined)
      .map((r) => ({ stage: r.stageName, count: r.count, totals: r.totals }));
    const cycles = new Map(setup.cycles.map((c) => [c.code, c]));
    const deal = (o: Opportunity, date: string): DigestDeal => ({
      ref: o.ref,
      title: o.title,
      owner: o.owner.name,
      value: o.estimatedValue,
      currency: o.currency,
      date,
    });
    // The same dates as the nudges and the inbox: the tenant's calendar (attention.ts).
    const stale = open.items
      .filter((o) => daysBetween(lastChangedOn(o, zone, today), today) >= staleDays)
      .sort((a, b) => byCodeUnits(a.updatedAt, b.updatedAt))
      .map((o) => deal(o, lastChangedOn(o, zone, today)));
    const overdue = open.items
      .filter((o) => closeDatePassed(o, today))
      .sort((a, b) => byCodeUnits(a.expectedCloseDate ?? "", b.expectedCloseDate ?? ""))
      .map((o) => deal(o, o.expectedCloseDate ?? ""));
    const { changes, truncated } = await this.changes(tenantId, since, until, cycles);
    const lines = digestLimits.lines;
    return {
      since: new Date(since).toISOString(),
      until: new Date(until).toISOString(),
      staleDays,
      stages,
      changes: changes.slice(0, lines),
      moreChanges: Math.max(0, changes.length - lines),
      stale: stale.slice(0, lines),
      moreStale: Math.max(0, stale.length - lines),
      overdue: overdue.slice(0, lines),
      moreOverdue: Math.max(0, overdue.length - lines),
      truncated: open.truncated || truncated,
    };
  }

  /**
   * What changed in the period: opportunities changed since `since`, newest first (the list's own index),
   * read until the first one changed before it — bounded by how much changed, and by a limit.
   */
  private async changes(
    tenantId: string,
    since: number,
    until: number,
    cycles: ReadonlyMap<string, Parameters<typeof changeOf>[1]>,
  ): Promise<{ changes: DigestChange[]; truncated: boolean }> {
    const from = new Date(since).toISOString();
    const to = new Date(until).toISOString();
    const changes: DigestChange[] = [];
    let cursor: string | undefined;
    let read = 0;
    for (;;) {
      const page = await this.deps.opportunities.list(
        tenantId,
        {},
        { limit: scanPage, ...(cursor ? { cursor } : {}) },
      );
      for (const { value: o } of page.items) {
        if (o.updatedAt < from) return { changes, truncated: false };
        if (o.approval === "pending") continue;
        const change = changeOf(o, cycles.get(o.cycleCode), from, to);
        if (change) changes.push(change);
      }
      read += page.items.length;
      cursor = page.cursor;
      if (!cursor) return { changes, truncated: false };
      if (read >= digestLimits.changesScanned) return { changes, truncated: true };
    }
  }

  /** Each rep with something due this morning whom the bot can write to, and what to tell them. */
  async nudges(tenantId: string, occurrence: Occurrence, snapshot?: OpenSnapshot): Promise<Nudge[]> {
    const setup = await this.deps.setup.load(tenantId);
    const staleDays = setup.staleDays ?? digestLimits.staleDays.default;
    const zone = setup.timeZone ?? "UTC";
    const today = occurrence.periodKey;
    const prefs = new Map((await this.deps.digests.allPrefs(tenantId)).map((p) => [p.userId, p]));
    const cycles = new Map(setup.cycles.map((c) => [c.code, c]));
    const byOwner = new Map<string, NudgeItem[]>();
    for (const o of (snapshot ?? (await this.openSnapshot(tenantId))).items) {
      const mine = prefs.get(o.owner.id);
      if (mine?.off) continue;
      const snoozed = mine?.snoozes[o.ref];
      if (snoozed !== undefined && snoozed >= today) continue;
      const cycle = cycles.get(o.cycleCode);
      const reasons = nudgeReasons(o, cycle, today, staleDays, zone);
      if (reasons.length === 0) continue;
      const current = cycle?.stages.find((s) => s.id === o.stageId);
      const stage = current ? stageText(current) : "—";
      const items = byOwner.get(o.owner.id) ?? [];
      items.push({ ref: o.ref, title: o.title, revision: o.revision, stage, reasons });
      byOwner.set(o.owner.id, items);
    }
    const nudges: Nudge[] = [];
    for (const [userId, items] of byOwner) {
      const user = await this.deps.users.user(tenantId, userId);
      // Only people with a personal chat the bot knows: nobody is written to out of the blue.
      if (!user?.personal || user.external || user.role === "partner") continue;
      const sorted = items.sort((a, b) => a.ref.localeCompare(b.ref, "en", { numeric: true }));
      const shown = sorted.slice(0, digestLimits.nudgeItems);
      nudges.push({
        user: { ...user, personal: user.personal },
        content: { date: today, items: shown, more: sorted.length - shown.length },
      });
    }
    return nudges.sort((a, b) => a.user.userId.localeCompare(b.user.userId));
  }

  // --- writes -----------------------------------------------------------------------------------------------

  private async writeChannel(
    tenantId: string,
    conversationId: string,
    change: (current: ChannelDigest | undefined) => ChannelDigest,
  ): Promise<ChannelDigest> {
    for (let attempt = 0; ; attempt++) {
      const current = await this.deps.digests.channel(tenantId, conversationId);
      try {
        return (await this.deps.digests.saveChannel(change(current?.value), current?.version)).value;
      } catch (error) {
        if (!(error instanceof ConcurrencyConflict) || attempt >= guardedRetries) throw error;
      }
    }
  }

  private async writePrefs(
    tenantId: string,
    userId: string,
    change: (current: NudgePrefs) => NudgePrefs,
  ): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const current: Versioned<NudgePrefs> | undefined = await this.deps.digests.prefs(tenantId, userId);
      const prefs = current?.value ?? { tenantId, userId, off: false, snoozes: {} };
      try {
        await this.deps.digests.savePrefs(change(prefs), current?.version);
        return;
      } catch (error) {
        if (!(error instanceof ConcurrencyConflict) || attempt >= guardedRetries) throw error;
      }
    }
  }

  private now(): Date {
    return this.deps.clock.now();
  }
}

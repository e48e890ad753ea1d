import { byCodeUnits } from "../shared/order.js";
import { cycleText, stageText } from "../setup/built-ins.js";
import { zonedParts } from "../digest/zoned-time.js";
import type { TenantSetup } from "../setup/tenant-setup.js";
import { isManager, isStaff, type Actor } from "../shared/actor.js";
import type { Page, Versioned } from "../shared/ports.js";
import { fail, ok, type Result } from "../shared/result.js";
import { attentionItems, mayBeDue, noAttention, type InboxItem } from "./attention.js";
import type { Opportunity, OpportunityRow } from "./opportunity.js";
import type { OpportunityListFilter, Preparation } from "./opportunity.repository.port.js";
import { parseTotalsKey, type PipelineTotals } from "./pipeline-totals.js";
import type { OpportunityServiceDeps } from "./opportunity.change.js";

/** What a partner user's dashboard (`inbox`) shows: first pages of each list. */
export interface PartnerDashboard {
  readonly partner: { readonly ref: string; readonly name: string };
  /** Distributed to the partner, waiting for its answer. */
  readonly delivered: readonly OpportunityRow[];
  /** Accepted: the partner manages them (alone or with collaborating partners). */
  readonly managed: readonly OpportunityRow[];
  /** Created by the partner (pending approval, approved or rejected). */
  readonly created: readonly OpportunityRow[];
  /** Sections with more than the first page shown. */
  readonly more?: { readonly delivered: boolean; readonly managed: boolean; readonly created: boolean };
}

export interface PipelineRow {
  readonly stageId: string | undefined;
  readonly stageName: string;
  readonly count: number;
  /** Per currency: total estimated value and total weighted (current) value. */
  readonly totals: readonly {
    readonly currency: string;
    readonly total: number;
    readonly weighted: number;
  }[];
}

export type { InboxItem } from "./attention.js";

/** The most opportunities one `inbox` reads: the most overdue first. */
const inboxPage = 50;

/**
 * The lists and figures: `opp list`, a partner's dashboard, `pipeline`, `inbox`. They only read, but for the
 * one-time attention stamp an `inbox` may leave behind (attentionReady). Lists read rows (OpportunityRow), the
 * few fields a list shows, not whole records; the attention items need the record's activities, so the
 * salesperson's part of `inbox` reads records.
 */
export class OpportunityQueries {
  constructor(private readonly deps: OpportunityServiceDeps) {}

  async list(
    actor: Actor,
    filter: OpportunityListFilter,
    cursor: string | undefined,
    limit = 10,
  ): Promise<Result<Page<Versioned<OpportunityRow>>>> {
    if (actor.role === "partner") {
      // A partner's list is what its organisation manages (accepted); `inbox` shows the rest.
      if (!actor.partner) return fail("partner.no_organisation");
      const { ownerId: _o, ...rest } = filter;
      return ok(
        await this.deps.opportunities.listRows(
          actor.tenantId,
          { ...rest, partner: { ref: actor.partner, access: "accepted" } },
          { limit, ...(cursor ? { cursor } : {}) },
        ),
      );
    }
    if (!isStaff(actor)) return fail("forbidden", { action: "opp list" });
    return ok(
      await this.deps.opportunities.listRows(actor.tenantId, filter, {
        limit,
        ...(cursor ? { cursor } : {}),
      }),
    );
  }

  /** A partner user's dashboard: awaiting their answer, managed by them, created by them. */
  async partnerDashboard(actor: Actor): Promise<Result<PartnerDashboard>> {
    if (actor.role !== "partner" || !actor.partner) return fail("partner.no_organisation");
    const partner = await this.deps.partners?.get(actor.tenantId, actor.partner);
    if (!partner) return fail("partner.no_organisation");
    const page = (access: "delivered" | "accepted" | "origin") =>
      this.deps.opportunities.listRows(
        actor.tenantId,
        {
          ...(access === "origin" ? {} : { status: "open" as const }),
          partner: { ref: partner.ref, access },
        },
        { limit: 10 },
      );
    const [delivered, managed, created] = await Promise.all([
      page("delivered"),
      page("accepted"),
      page("origin"),
    ]);
    const items = (p: Page<Versioned<OpportunityRow>>) => p.items.map((i) => i.value);
    return ok({
      partner: { ref: partner.ref, name: partner.name },
      delivered: items(delivered),
      managed: items(managed),
      created: items(created),
      more: { delivered: !!delivered.cursor, managed: !!managed.cursor, created: !!created.cursor },
    });
  }

  /**
   * Open opportunities per stage: counts, and totals and weighted totals per currency. Always whole: the
   * kept-current totals of every owner are read (every page of them), never a sample of opportunities.
   */
  async pipeline(actor: Actor, ownerId?: string): Promise<Result<{ rows: PipelineRow[] }>> {
    if (!isStaff(actor)) return fail("forbidden", { action: "pipeline" });
    const setup = await this.deps.setup.load(actor.tenantId);
    // Kept-current totals per owner: a few small documents, however many opportunities the tenant has.
    let all = await this.deps.opportunities.pipelineTotals(actor.tenantId, ownerId);
    if (!all) {
      // Opportunities stored before the totals existed are not all counted yet: never figures counted so
      // far as if they were the pipeline.
      const prepared = await this.deps.opportunities.prepare(actor.tenantId, cycleOfIn(setup));
      if (!prepared.ready) return fail("opp.preparing", { count: prepared.prepared });
      all = (await this.deps.opportunities.pipelineTotals(actor.tenantId, ownerId)) ?? [];
    }
    return ok({ rows: pipelineRows(setup, all) });
  }

  /**
   * What needs the user's attention: stage activities with reminders that are due, and passed close dates.
   * One query page of the owner's open opportunities, earliest attention date first, read up to the first
   * one not due yet (plus, for managers, one page of each kind of decision waiting).
   */
  async inbox(actor: Actor): Promise<Result<InboxItem[]>> {
    if (!isStaff(actor)) return fail("forbidden", { action: "inbox" });
    const setup = await this.deps.setup.load(actor.tenantId);
    // The tenant's today, as the morning nudges reckon it (attention.ts).
    const zone = setup.timeZone ?? "UTC";
    const today = zonedParts(this.now().getTime(), zone).date;
    const prepared = await this.attentionReady(actor.tenantId, setup);
    if (!prepared.ready) return fail("opp.preparing", { count: prepared.prepared });
    const items: InboxItem[] = [];
    if (isManager(actor)) items.push(...(await this.awaitingDecision(actor.tenantId)));
    const cycleOf = (o: Opportunity) => setup.cycles.find((c) => c.code === o.cycleCode);
    const page = await this.deps.opportunities.needingAttention(actor.tenantId, actor.userId, inboxPage);
    for (const { value: o } of page) {
      if (!mayBeDue(o.attentionDate ?? noAttention, today)) break;
      items.push(...attentionItems(o, cycleOf(o), today, zone));
    }
    return ok(items.sort((a, b) => byCodeUnits(a.due, b.due) || byCodeUnits(a.ref, b.ref)));
  }

  /**
   * Opportunities stored before attention dates existed get theirs in the background step that prepares the
   * tenant (at most its first page in this turn); until all have one, the inbox would miss some.
   */
  private async attentionReady(tenantId: string, setup: TenantSetup): Promise<Preparation> {
    const repository = this.deps.opportunities;
    if (await repository.attentionStamped(tenantId)) return { ready: true };
    return repository.prepare(tenantId, cycleOfIn(setup));
  }

  /**
   * What waits for a manager: partner-created opportunities to approve, deal registrations to decide. One
   * query page of each (the oldest first in the inbox, by date).
   */
  private async awaitingDecision(tenantId: string): Promise<InboxItem[]> {
    const items: InboxItem[] = [];
    for (const awaiting of ["approval", "deal"] as const) {
      const page = await this.deps.opportunities.listRows(tenantId, { awaiting }, { limit: 20 });
      for (const { value: o } of page.items) {
        const since = awaiting === "deal" ? (o.deal?.requestedAt ?? o.updatedAt) : o.createdAt;
        items.push({
          ref: o.ref,
          title: o.title,
          reason: awaiting === "deal" ? "deal_pending" : "approval_pending",
          detail: o.origin?.name ?? "",
          due: since.slice(0, 10),
        });
      }
    }
    return items;
  }

  private now(): Date {
    return this.deps.clock.now();
  }
}

const cycleOfIn = (setup: TenantSetup) => (o: Opportunity) =>
  setup.cycles.find((c) => c.code === o.cycleCode);

/**
 * Open opportunities per stage from owners' totals: the stages of every cycle in order (zero rows too),
 * then keys of stages no longer in a cycle. Counts, and totals and weighted totals per currency.
 */
export function pipelineRows(setup: TenantSetup, all: readonly PipelineTotals[]): PipelineRow[] {
  const rows = new Map<
    string,
    {
      stageName: string;
      stageId?: string;
      count: number;
      totals: Map<string, { total: number; weighted: number }>;
    }
  >();
  for (const cycle of setup.cycles) {
    for (const stage of cycle.stages) {
      rows.set(`${cycle.code}/${stage.id}`, {
        stageName: setup.cycles.length > 1 ? `${cycleText(cycle)}: ${stageText(stage)}` : stageText(stage),
        stageId: stage.id,
        count: 0,
        totals: new Map(),
      });
    }
  }
  for (const totals of all) {
    for (const [key, figures] of Object.entries(totals.rows)) {
      const { cycleCode, stageId, currency } = parseTotalsKey(key);
      const cycle = setup.cycles.find((c) => c.code === cycleCode);
      const completed = cycle?.stages.find((s) => s.id === stageId)?.completedPct ?? 0;
      const rowKey = `${cycleCode}/${stageId ?? ""}`;
      let row = rows.get(rowKey);
      if (!row) {
        row = { stageName: "", count: 0, totals: new Map() };
        rows.set(rowKey, row);
      }
      row.count += figures.count;
      const sums = row.totals.get(currency) ?? { total: 0, weighted: 0 };
      sums.total += figures.cents / 100;
      sums.weighted += (figures.chanceCents * completed) / 1_000_000;
      row.totals.set(currency, sums);
    }
  }
  return [...rows.values()].map((r) => ({
    stageId: r.stageId,
    stageName: r.stageName,
    count: r.count,
    totals: [...r.totals.entries()]
      .sort(([a], [b]) => byCodeUnits(a, b))
      .map(([currency, s]) => ({ currency, total: round2(s.total), weighted: round2(s.weighted) })),
  }));
}

const round2 = (n: number) => Math.round(n * 100) / 100;

import type { Lead } from "../../src/domain/leads/lead.js";
import type { LeadListFilter, LeadRepository } from "../../src/domain/leads/lead.repository.port.js";
import { ConcurrencyConflict, type Page, type Versioned } from "../../src/domain/shared/ports.js";

/** A fake for domain unit tests: keeps leads in a map and versions them with a counter. */
export class InMemoryLeadRepository implements LeadRepository {
  readonly leads = new Map<string, Versioned<Lead>>();
  private counters = new Map<string, number>();
  private version = 0;

  async nextRef(tenantId: string): Promise<string> {
    const n = this.counters.get(tenantId) ?? 1001;
    this.counters.set(tenantId, n + 1);
    return `L-${n}`;
  }

  async create(lead: Lead): Promise<Versioned<Lead>> {
    const key = `${lead.tenantId}/${lead.ref}`;
    if (this.leads.has(key)) throw new ConcurrencyConflict();
    const stored = { value: lead, version: String(++this.version) };
    this.leads.set(key, stored);
    return stored;
  }

  async get(tenantId: string, ref: string): Promise<Versioned<Lead> | undefined> {
    return this.leads.get(`${tenantId}/${ref}`);
  }

  async update(lead: Lead, version: string): Promise<Versioned<Lead>> {
    const key = `${lead.tenantId}/${lead.ref}`;
    if (this.leads.get(key)?.version !== version) throw new ConcurrencyConflict();
    const stored = { value: lead, version: String(++this.version) };
    this.leads.set(key, stored);
    return stored;
  }

  async list(
    tenantId: string,
    filter: LeadListFilter,
    page: { limit: number; cursor?: string },
  ): Promise<Page<Versioned<Lead>>> {
    const all = [...this.leads.values()]
      .filter((l) => l.value.tenantId === tenantId)
      .filter((l) => !filter.status || l.value.status === filter.status)
      .filter((l) => !filter.ownerId || l.value.owner.id === filter.ownerId)
      .sort(
        (a, b) =>
          b.value.createdAt.localeCompare(a.value.createdAt) || b.value.ref.localeCompare(a.value.ref),
      );
    const start = page.cursor ? Number(page.cursor) : 0;
    const items = all.slice(start, start + page.limit);
    return { items, ...(start + page.limit < all.length ? { cursor: String(start + page.limit) } : {}) };
  }
}

export const fixedClock = (iso = "2026-11-23T09:30:00.000Z") => {
  let now = new Date(iso);
  return {
    now: () => now,
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
  };
};

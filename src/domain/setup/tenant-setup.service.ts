import type { Actor } from "../shared/actor.js";
import { BoundedMap } from "../shared/bounded-map.js";
import { ConcurrencyConflict, type Clock, type Versioned } from "../shared/ports.js";
import { fail, ok, type Result } from "../shared/result.js";
import { defaultSetup, type TenantSetup, type TenantSetupRepository } from "./tenant-setup.js";

/** How long a tenant's setup is served from memory before it is read again (other instances may edit it). */
export const setupCacheMs = 30_000;
/** Tenants whose setup is kept in memory at most (a bound, not a tuning knob: a read refills an entry). */
export const setupCacheTenants = 10_000;

/**
 * Loads a tenant's setup (creating the defaults on first use) and applies admin edits. The setup is read on
 * almost every command, so it is cached briefly per process; edits made here refresh the cache at once.
 */
export class TenantSetupService {
  private readonly cache = new BoundedMap<string, { setup: Versioned<TenantSetup>; until: number }>(
    setupCacheTenants,
  );

  constructor(private readonly deps: { readonly setups: TenantSetupRepository; readonly clock: Clock }) {}

  async load(tenantId: string): Promise<TenantSetup> {
    return (await this.loadVersioned(tenantId)).value;
  }

  /** The stored setup, or undefined when the tenant has none yet: for background work, which creates nothing. */
  async stored(tenantId: string): Promise<TenantSetup | undefined> {
    const cached = this.cache.get(tenantId);
    if (cached && cached.until > this.deps.clock.now().getTime()) return cached.setup.value;
    const found = await this.deps.setups.get(tenantId);
    return found ? this.remember(found).value : undefined;
  }

  async edit(
    actor: Actor,
    change: (setup: TenantSetup) => Result<TenantSetup>,
  ): Promise<Result<TenantSetup>> {
    const current = await this.loadVersioned(actor.tenantId, true);
    const changed = change(current.value);
    if (!changed.ok) return changed;
    try {
      const saved = await this.deps.setups.save(changed.value, current.version);
      this.remember(saved);
      return ok(saved.value);
    } catch (error) {
      if (error instanceof ConcurrencyConflict) {
        this.cache.delete(actor.tenantId);
        return fail("conflict");
      }
      throw error;
    }
  }

  private async loadVersioned(tenantId: string, fresh = false): Promise<Versioned<TenantSetup>> {
    const cached = this.cache.get(tenantId);
    if (!fresh && cached && cached.until > this.deps.clock.now().getTime()) return cached.setup;
    const stored = await this.deps.setups.get(tenantId);
    if (stored) return this.remember(stored);
    try {
      return this.remember(await this.deps.setups.save(defaultSetup(tenantId), undefined));
    } catch (error) {
      // Another request created the defaults at the same moment: use theirs.
      if (!(error instanceof ConcurrencyConflict)) throw error;
      const created = await this.deps.setups.get(tenantId);
      if (!created) throw error;
      return this.remember(created);
    }
  }

  private remember(setup: Versioned<TenantSetup>): Versioned<TenantSetup> {
    this.cache.set(setup.value.tenantId, { setup, until: this.deps.clock.now().getTime() + setupCacheMs });
    return setup;
  }
}

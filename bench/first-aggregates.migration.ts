import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import type { Services } from "../src/kit/feature.js";
import { silentLogger } from "../src/log.js";
import type { DocumentStore } from "../src/store/document-store.port.js";
import { OpportunityBackfill, preparationOver } from "../src/store/opportunity-backfill.js";
import { preparationOf } from "../src/store/opportunity-preparation.js";

/** The background step that prepares a tenant stored the old way, timed (as compose.ts wires it). */
export type Migration = (
  store: DocumentStore,
  services: Services,
  tenant: string,
) => Promise<{ ms: number; stallMs: number; msPer10k: number } | undefined>;

export const afterSeeding: Migration = async (store, services, tenant) => {
  const backfill = new OpportunityBackfill({
    tenants: () => Promise.resolve([tenant]),
    ...preparationOver(store, async (tenantId) => (await services.setup.load(tenantId)).cycles),
    // A plain timer: the product's (systemTimers) does not keep a process alive, and here nothing else does.
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    log: silentLogger,
  });
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const started = performance.now();
  await backfill.start();
  await backfill.idle();
  const ms = performance.now() - started;
  loop.disable();
  const state = await preparationOf(store, tenant);
  const prepared = (await store.read(tenant, "migration:opportunities"))?.body["prepared"];
  if (!state.ready) throw new Error("not prepared");
  return {
    ms: Math.round(ms),
    stallMs: Math.round(loop.max / 1e6),
    msPer10k: Math.round((ms / Number(prepared)) * 10_000),
  };
};

import { PipelineApp } from "./app/pipeline-app.js";
import { CardRenderer } from "./cards/renderer.js";
import type { Config } from "./config/config.js";
import { LeadService } from "./domain/leads/lead.service.js";
import { OpportunityService } from "./domain/opportunities/opportunity.service.js";
import { PartyService } from "./domain/parties/party.service.js";
import { CycleAdminService } from "./domain/setup/cycle-admin.service.js";
import { TenantSetupService } from "./domain/setup/tenant-setup.service.js";
import { systemClock, type Clock } from "./domain/shared/ports.js";
import type { Services } from "./features/feature.js";
import type { Logger } from "./log.js";
import type { DocumentStore } from "./store/document-store.port.js";
import { StoreLeadRepository } from "./store/lead.repository.js";
import { StoreOpportunityRepository } from "./store/opportunity.repository.js";
import { StorePartyRepository } from "./store/party.repository.js";
import { ReferenceAllocator } from "./store/reference-allocator.js";
import { StoreTenantSetupRepository } from "./store/tenant-setup.repository.js";

/** The use cases over a store: the one place that knows every concrete repository. */
export function composeServices(store: DocumentStore, clock: Clock = systemClock): Services {
  const refs = new ReferenceAllocator(store);
  const parties = new StorePartyRepository(store, refs);
  const setup = new TenantSetupService({ setups: new StoreTenantSetupRepository(store), clock });
  const opportunities = new StoreOpportunityRepository(store, refs);
  return {
    leads: new LeadService({
      leads: new StoreLeadRepository(store, refs),
      parties,
      opportunities,
      setup,
      clock,
    }),
    opportunities: new OpportunityService({ opportunities, parties, setup, clock }),
    parties: new PartyService({ parties, clock }),
    setup,
    cycles: new CycleAdminService({ setup, opportunities, clock }),
  };
}

/** Wires the app from its parts. */
export function composeApp(options: {
  readonly config: Pick<Config, "adminAadIds">;
  readonly store: DocumentStore;
  readonly log: Logger;
  readonly clock?: Clock;
  readonly cards?: CardRenderer;
}): PipelineApp {
  return new PipelineApp({
    services: composeServices(options.store, options.clock),
    cards: options.cards ?? CardRenderer.load(),
    adminAadIds: options.config.adminAadIds,
    log: options.log,
  });
}

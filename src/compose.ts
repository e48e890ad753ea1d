import { PipelineApp } from "./app/pipeline-app.js";
import { CardRenderer } from "./cards/renderer.js";
import type { Config } from "./config/config.js";
import { LeadService } from "./domain/leads/lead.service.js";
import { systemClock, type Clock } from "./domain/shared/ports.js";
import type { Logger } from "./log.js";
import type { DocumentStore } from "./store/document-store.port.js";
import { StoreLeadRepository } from "./store/lead.repository.js";
import { ReferenceAllocator } from "./store/reference-allocator.js";

/** Wires the app from its parts: the one place that knows every concrete class. */
export function composeApp(options: {
  readonly config: Pick<Config, "adminAadIds">;
  readonly store: DocumentStore;
  readonly log: Logger;
  readonly clock?: Clock;
  readonly cards?: CardRenderer;
}): PipelineApp {
  const refs = new ReferenceAllocator(options.store);
  const leads = new LeadService({
    leads: new StoreLeadRepository(options.store, refs),
    clock: options.clock ?? systemClock,
  });
  return new PipelineApp({
    leads,
    cards: options.cards ?? CardRenderer.load(),
    adminAadIds: options.config.adminAadIds,
    log: options.log,
  });
}

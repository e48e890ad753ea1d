import { describe, expect, test } from "vitest";
import { composeServices } from "../../src/compose.js";
import type { Opportunity } from "../../src/domain/opportunities/opportunity.js";
import type { Actor } from "../../src/domain/shared/actor.js";
import type { Result } from "../../src/domain/shared/result.js";
import { StoreLeadRepository } from "../../src/store/lead.repository.js";
import type { DocumentBody } from "../../src/store/document-store.port.js";
import {
  documentId,
  fromOpportunityDocument,
  StoreOpportunityRepository,
} from "../../src/store/opportunity.repository.js";
import { ReferenceAllocator } from "../../src/store/reference-allocator.js";
import { fixedClock } from "../fakes/fixed-clock.js";
import { bothStores } from "../support/both-stores.js";

/**
 * What a write of a lead or an opportunity answers with (the record a reply's card is drawn from) is built from
 * the record the domain handed in, not read back or parsed from what was stored: it must be exactly what a
 * read of the stored document gives, through every kind of change, on both stores.
 */
const stores = bothStores("written");
const tenant = "t-written";
const ann: Actor = { tenantId: tenant, userId: "u-ann", name: "Ann", role: "rep" };
const mia: Actor = { tenantId: tenant, userId: "u-mia", name: "Mia", role: "manager" };

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`refused: ${result.error.code} ${JSON.stringify(result.error.params)}`);
  return result.value;
}

describe.each(stores)("written records on the %s store", (_name, open) => {
  test("every change of an opportunity answers with the record a read then gives", async () => {
    const { store, done } = await open();
    try {
      const clock = fixedClock("2026-11-23T10:00:00.000Z");
      const services = composeServices(store, clock);
      const repository = new StoreOpportunityRepository(store, new ReferenceAllocator(store));
      const account = value(
        await services.parties.createAccount(ann, { name: "Contoso", domain: "contoso.com" }),
      );
      const check = async (written: Opportunity) => {
        const read = await repository.get(tenant, written.ref);
        expect(written).toStrictEqual(read?.value);
        // And what the stored text parses to afresh: the embedded store hands the read after a write the
        // document that write returned, and the repository the record it built beside it (SharedRecords).
        const stored = await store.read(tenant, documentId(written.ref));
        const text = JSON.stringify(stored?.body);
        expect(written).toStrictEqual(
          fromOpportunityDocument(tenant, {
            body: JSON.parse(text) as DocumentBody,
            etag: stored?.etag ?? "",
          }).value,
        );
      };
      const created = value(
        await services.opportunities.create(ann, {
          title: "Fleet renewal",
          account: account.ref,
          value: 25_000,
          expectedCloseDate: "2027-06-30",
        }),
      ).opportunity;
      await check(created);
      const ref = created.ref;
      const changes: (() => Promise<Result<{ opportunity: Opportunity }>>)[] = [
        () => services.opportunities.next(ann, ref),
        () => services.opportunities.previous(ann, ref),
        // Past the five notes the record keeps: the rest are entries of their own.
        ...Array.from(
          { length: 7 },
          (_, i) => () => services.opportunities.addTimeline(ann, ref, "note", `Call ${i}`),
        ),
        () => services.opportunities.update(ann, ref, { chancePct: 40, expectedCloseDate: "2027-05-31" }),
        () => services.opportunities.addLine(ann, ref, { product: "Van", quantity: 3, unitPrice: 1200 }),
        () => services.opportunities.next(ann, ref),
        () => services.opportunities.assign(mia, ref, { id: "u-bo", name: "Bo" }),
        () => services.opportunities.close(mia, ref, "lost", "LOST-PRICE", "2026-11-23"),
        () => services.opportunities.reopen(mia, ref),
      ];
      for (const change of changes) {
        clock.advance(60_000);
        await check(value(await change()).opportunity);
      }
    } finally {
      await done();
    }
  });

  test("creating a lead and adding notes answer with the lead a read then gives", async () => {
    const { store, done } = await open();
    try {
      const clock = fixedClock("2026-11-23T10:00:00.000Z");
      const services = composeServices(store, clock);
      const repository = new StoreLeadRepository(store, new ReferenceAllocator(store));
      const created = value(
        await services.leads.create(ann, {
          topic: "Website redesign",
          firstName: "Lars",
          lastName: "Berg",
          company: "Fabrikam",
          email: "lars@fabrikam.com",
        }),
      );
      expect(created.value).toStrictEqual((await repository.get(tenant, created.value.ref))?.value);
      expect(created.version).toBe((await repository.get(tenant, created.value.ref))?.version);
      for (let i = 0; i < 7; i++) {
        clock.advance(60_000);
        const noted = value(await services.leads.addTimeline(ann, created.value.ref, "note", `Call ${i}`));
        const read = await repository.get(tenant, created.value.ref);
        expect(noted.value).toStrictEqual(read?.value);
        expect(noted.version).toBe(read?.version);
      }
    } finally {
      await done();
    }
  });
});

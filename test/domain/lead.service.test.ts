import { beforeEach, expect, test } from "vitest";
import type { LeadService } from "../../src/domain/leads/lead.service.js";
import type { Actor } from "../../src/domain/shared/actor.js";
import type { InMemoryDocumentStore } from "../fakes/in-memory-document-store.js";
import type { fixedClock } from "../fakes/fixed-clock.js";
import { fakeServices } from "../fakes/services.js";

const ann: Actor = { tenantId: "t-a", userId: "aad-ann", name: "Ann Berg", role: "rep" };
const bo: Actor = { tenantId: "t-b", userId: "aad-bo", name: "Bo Lind", role: "rep" };
const partner: Actor = { tenantId: "t-a", userId: "aad-pia", name: "Pia Partner", role: "partner" };

let store: InMemoryDocumentStore;
let clock: ReturnType<typeof fixedClock>;
let leads: LeadService;

async function leadRefs(tenantId: string): Promise<string[]> {
  const page = await store.query<{ id: string; type: string; ref: string }>(tenantId, {
    type: "lead",
    limit: 100,
  });
  return page.items.map((i) => i.body.ref).sort();
}

beforeEach(() => {
  ({ store, clock, leads } = fakeServices());
});

test("a new lead is open, owned and stamped by its creator, with the next reference of the tenant", async () => {
  const result = await leads.create(ann, { topic: "Website redesign", firstName: "Ann", lastName: "Berg" });

  expect(result).toEqual({
    ok: true,
    value: {
      version: expect.any(String),
      value: {
        ref: "L-1001",
        tenantId: "t-a",
        topic: "Website redesign",
        firstName: "Ann",
        lastName: "Berg",
        status: "open",
        owner: { id: "aad-ann", name: "Ann Berg" },
        productInterests: [],
        timeline: [],
        timelineCount: 0,
        stakeholders: [],
        revision: 1,
        createdBy: { id: "aad-ann", name: "Ann Berg" },
        createdAt: "2026-11-23T09:30:00.000Z",
        updatedBy: { id: "aad-ann", name: "Ann Berg" },
        updatedAt: "2026-11-23T09:30:00.000Z",
      },
    },
  });
});

test("references count up per tenant, independently in each tenant", async () => {
  await leads.create(ann, { topic: "One", lastName: "A" });
  await leads.create(ann, { topic: "Two", lastName: "B" });
  const other = await leads.create(bo, { topic: "Elsewhere", lastName: "C" });

  expect(await leadRefs("t-a")).toEqual(["L-1001", "L-1002"]);
  expect(await leadRefs("t-b")).toEqual(["L-1001"]);
  expect(other.ok && other.value.value.ref).toBe("L-1001");
});

test("a lead without topic or last name is refused with both fields named and nothing stored", async () => {
  const result = await leads.create(ann, { topic: "  ", firstName: "Ann" });

  expect(result).toEqual({
    ok: false,
    error: {
      code: "invalid",
      fields: [
        { field: "topic", problem: "required" },
        { field: "last", problem: "required" },
      ],
    },
  });
  expect(await leadRefs("t-a")).toEqual([]);
});

test("show finds a lead by reference in any letter case", async () => {
  await leads.create(ann, { topic: "Website redesign", lastName: "Berg" });

  const shown = await leads.show(ann, "l-1001");

  expect(shown.ok && shown.value.value.topic).toBe("Website redesign");
});

test("show refuses something that is not a lead reference", async () => {
  expect(await leads.show(ann, "O-1001")).toEqual({
    ok: false,
    error: { code: "lead.bad_ref", params: { ref: "O-1001" } },
  });
  expect(await leads.show(ann, "L-")).toEqual({
    ok: false,
    error: { code: "lead.bad_ref", params: { ref: "L-" } },
  });
});

test("a lead of another tenant is not found, even by its exact reference", async () => {
  await leads.create(ann, { topic: "Secret deal", lastName: "Berg" });

  expect(await leads.show(bo, "L-1001")).toEqual({
    ok: false,
    error: { code: "lead.not_found", params: { ref: "L-1001" } },
  });
  const list = await leads.list(bo, "all");
  expect(list.ok && list.value.items).toEqual([]);
});

test("list shows the newest lead first and filters by status", async () => {
  await leads.create(ann, { topic: "Older", lastName: "A" });
  clock.advance(60_000);
  await leads.create(ann, { topic: "Newer", lastName: "B" });

  const open = await leads.list(ann, "open");
  const qualified = await leads.list(ann, "qualified");

  expect(open.ok && open.value.items.map((i) => i.value.topic)).toEqual(["Newer", "Older"]);
  expect(qualified.ok && qualified.value.items).toEqual([]);
});

test("list pages ten at a time with a cursor to the next page", async () => {
  for (let i = 0; i < 12; i++) {
    await leads.create(ann, { topic: `Lead ${i}`, lastName: "X" });
    clock.advance(1000);
  }

  const first = await leads.list(ann, "all");
  const second = first.ok ? await leads.list(ann, "all", first.value.cursor) : first;

  expect(first.ok && first.value.items).toHaveLength(10);
  expect(second.ok && second.value.items.map((i) => i.value.topic)).toEqual(["Lead 1", "Lead 0"]);
  expect(second.ok && second.value.cursor).toBeUndefined();
});

test("partner users cannot create, show or list the vendor's leads", async () => {
  await leads.create(ann, { topic: "Website redesign", lastName: "Berg" });

  expect(await leads.create(partner, { topic: "Mine", lastName: "P" })).toMatchObject({
    ok: false,
    error: { code: "forbidden" },
  });
  expect(await leads.show(partner, "L-1001")).toMatchObject({ ok: false, error: { code: "forbidden" } });
  expect(await leads.list(partner, "all")).toMatchObject({ ok: false, error: { code: "forbidden" } });
  expect(await leadRefs("t-a")).toEqual(["L-1001"]);
});

import { beforeEach, expect, test } from "vitest";
import { isTerminalStageName } from "../../src/domain/cycles/cycle.js";
import type { Opportunity } from "../../src/domain/opportunities/opportunity.js";
import { OpportunityService } from "../../src/domain/opportunities/opportunity.service.js";
import type { Account } from "../../src/domain/parties/party.js";
import { CycleAdminService } from "../../src/domain/setup/cycle-admin.service.js";
import type { StageDraft, TenantSetup } from "../../src/domain/setup/tenant-setup.js";
import { TenantSetupService } from "../../src/domain/setup/tenant-setup.service.js";
import type { Actor } from "../../src/domain/shared/actor.js";
import type { Versioned } from "../../src/domain/shared/ports.js";
import type { Result } from "../../src/domain/shared/result.js";
import { translator, type MessageKey } from "../../src/i18n/index.js";
import { StoreOpportunityRepository } from "../../src/store/opportunity.repository.js";
import { StorePartyRepository } from "../../src/store/party.repository.js";
import { ReferenceAllocator } from "../../src/store/reference-allocator.js";
import { StoreTenantSetupRepository } from "../../src/store/tenant-setup.repository.js";
import { fixedClock } from "../fakes/fixed-clock.js";
import { InMemoryDocumentStore } from "../fakes/in-memory-document-store.js";

const ada: Actor = { tenantId: "t-a", userId: "u-ada", name: "Ada", role: "admin" };
const mia: Actor = { tenantId: "t-a", userId: "u-mia", name: "Mia", role: "manager" };
const ann: Actor = { tenantId: "t-a", userId: "u-ann", name: "Ann", role: "rep" };
const pia: Actor = { tenantId: "t-a", userId: "u-pia", name: "Pia", role: "partner" };

const contoso: Account = {
  ref: "A-1001",
  tenantId: "t-a",
  name: "Contoso Ltd",
  isCustomer: false,
  createdBy: { id: "u-ann", name: "Ann" },
  createdAt: "2026-11-01T00:00:00Z",
};

const demo: StageDraft = {
  name: "Demo",
  completedPct: 55,
  chancePct: 50,
  allowSkip: true,
  quoteRequired: false,
  activities: [],
};

/**
 * Another user's edit landing between our read and our write: the first time the cycle admin writes the
 * given opportunity, someone else updates it first. A fake over the real repository, not a mock.
 */
class InterferingOpportunities extends StoreOpportunityRepository {
  interfereWith: string | undefined;

  override async update(
    o: Opportunity,
    version: string,
    previous: Opportunity,
  ): Promise<Versioned<Opportunity>> {
    if (o.ref === this.interfereWith) {
      this.interfereWith = undefined;
      const current = await this.get(o.tenantId, o.ref);
      if (current)
        await super.update({ ...current.value, title: "Renamed meanwhile" }, current.version, current.value);
    }
    return super.update(o, version, previous);
  }
}

let store: InMemoryDocumentStore;
let clock: ReturnType<typeof fixedClock>;
let repo: InterferingOpportunities;
let setup: TenantSetupService;
let cycles: CycleAdminService;
let opps: OpportunityService;

beforeEach(async () => {
  store = new InMemoryDocumentStore();
  clock = fixedClock("2026-11-23T10:00:00.000Z");
  const refs = new ReferenceAllocator(store);
  const parties = new StorePartyRepository(store, refs);
  repo = new InterferingOpportunities(store, refs);
  setup = new TenantSetupService({ setups: new StoreTenantSetupRepository(store), clock });
  // A page size of 2 makes every deletion below go through several pages.
  cycles = new CycleAdminService({ setup, opportunities: repo, clock, pageSize: 2 });
  opps = new OpportunityService({ opportunities: repo, parties, setup, clock });
  await parties.createAccount(contoso);
});

function value<T>(result: Result<T>): T {
  if (!result.ok)
    throw new Error(`expected success, got ${result.error.code} ${JSON.stringify(result.error.params)}`);
  return result.value;
}

const stageNames = async () => value(await cycles.show(ann)).cycle.stages.map((s) => s.name);

/** Opportunities created in the default stage and moved on with `next` the given number of times. */
async function opportunityIn(steps: number, title = "Fleet"): Promise<string> {
  const { opportunity } = value(await opps.create(ann, { title, account: "A-1001", value: 1000 }));
  for (let i = 0; i < steps; i++) value(await opps.next(ann, opportunity.ref));
  return opportunity.ref;
}

const stored = async (ref: string) => (await repo.get("t-a", ref))?.value;

test("an admin adds a stage at a position; its id comes from the name and the name stays as typed", async () => {
  const added = value(await cycles.addStage(ada, undefined, { ...demo, name: "  Demo  " }, 2));
  expect(added.stage).toEqual({ ...demo, id: "demo" });
  expect(await stageNames()).toEqual(["Qualify", "Develop", "Demo", "Propose", "Negotiate"]);
});

test("reps, managers and partners are refused every stage edit and nothing is stored", async () => {
  const before = await store.query("t-a", { type: "setup", limit: 10 });
  for (const actor of [ann, mia, pia]) {
    for (const attempt of [
      cycles.addStage(actor, undefined, demo),
      cycles.updateStage(actor, undefined, "develop", { name: "Build" }),
      cycles.moveStage(actor, undefined, "develop", "up"),
      cycles.setDefaultStage(actor, undefined, "develop"),
      cycles.setActivities(actor, undefined, "develop", []),
      cycles.deleteStage(actor, undefined, "develop", { moveActivities: false }),
      cycles.stageForEditing(actor, undefined, "develop"),
      cycles.opportunitiesInStage(actor, "standard", "develop"),
    ]) {
      expect(await attempt).toEqual({ ok: false, error: { code: "forbidden", params: { action: "cycle" } } });
    }
  }
  expect(await cycles.show(pia)).toEqual({
    ok: false,
    error: { code: "forbidden", params: { action: "cycle show" } },
  });
  expect(await cycles.closeCodes(pia)).toMatchObject({ ok: false, error: { code: "forbidden" } });
  expect(await store.query("t-a", { type: "setup", limit: 10 })).toEqual(before);
  expect(await stageNames()).toEqual(["Qualify", "Develop", "Propose", "Negotiate"]);
});

test("stage names like the closing pseudo-stages are refused in every language, also on rename", async () => {
  for (const name of [
    "Closed won",
    "CLOSED-LOST",
    "won",
    "Lukket vundet",
    "Lukket/avtale inngått",
    "Stängd förlorad",
  ]) {
    expect(await cycles.addStage(ada, undefined, { ...demo, name })).toEqual({
      ok: false,
      error: {
        code: "invalid",
        fields: [{ field: "name", problem: "terminal_stage", params: { name } }],
      },
    });
  }
  expect(await cycles.updateStage(ada, undefined, "develop", { name: "Closed Won" })).toMatchObject({
    ok: false,
    error: { code: "invalid", fields: [{ field: "name", problem: "terminal_stage" }] },
  });
  // A stage may still mention the words; and no new stage ever gets the history's terminal ids.
  expect(value(await cycles.addStage(ada, undefined, { ...demo, name: "Won back" })).stage.id).toBe(
    "won-back",
  );
});

test("every language's label for Closed won and Closed lost is a name no stage may have", () => {
  for (const locale of ["en-US", "da-DK", "nb-NO", "sv-SE"]) {
    const t = translator(locale);
    const labels = ["cycle.terminal.won", "cycle.terminal.lost", "opp.stage.won", "opp.stage.lost"]
      .filter((key) => t.has(key))
      .map((key) => t.t(key as MessageKey));
    expect(labels.length, locale).toBeGreaterThanOrEqual(2);
    expect(
      labels.filter((label) => !isTerminalStageName(label)),
      locale,
    ).toEqual([]);
  }
});

test("bad values, an empty name, a duplicate name and an unknown stage are refused by the domain", async () => {
  expect(await cycles.addStage(ada, undefined, { ...demo, completedPct: 150, name: " " })).toEqual({
    ok: false,
    error: {
      code: "invalid",
      fields: [
        { field: "name", problem: "required" },
        { field: "completed", problem: "percent" },
      ],
    },
  });
  expect(await cycles.addStage(ada, undefined, { ...demo, name: "develop" })).toEqual({
    ok: false,
    error: { code: "cycle.stage_exists", params: { stage: "develop" } },
  });
  expect(await cycles.updateStage(ada, undefined, "Develop", { name: "Qualify" })).toEqual({
    ok: false,
    error: { code: "cycle.stage_exists", params: { stage: "Qualify" } },
  });
  expect(await cycles.moveStage(ada, undefined, "Demo", "up")).toEqual({
    ok: false,
    error: {
      code: "cycle.no_such_stage",
      params: { stage: "Demo", stages: "Qualify, Develop, Propose, Negotiate" },
    },
  });
  expect(await cycles.show(ann, "enterprise")).toEqual({
    ok: false,
    error: { code: "cycle.no_such_cycle", params: { cycle: "enterprise", cycles: "standard" } },
  });
});

test("an edit keeps the fields it does not name; stages are found by name, unique prefix or id", async () => {
  const edited = value(
    await cycles.updateStage(ada, undefined, "dev", { name: "Develop solution", chancePct: 45 }),
  );
  expect(edited.stage).toMatchObject({
    id: "develop",
    name: "Develop solution",
    chancePct: 45,
    completedPct: 40,
    allowSkip: true,
    activities: [{ name: "Present the proposed solution", durationDays: 7, reminder: true }],
  });
});

test("moving up and down swaps neighbours, and the ends say so instead of doing nothing", async () => {
  expect(
    value(await cycles.moveStage(ada, undefined, "Propose", "up")).cycle.stages.map((s) => s.id),
  ).toEqual(["qualify", "propose", "develop", "negotiate"]);
  value(await cycles.moveStage(ada, undefined, "Qualify", "down"));
  expect(await stageNames()).toEqual(["Propose", "Qualify", "Develop", "Negotiate"]);
  expect(await cycles.moveStage(ada, undefined, "Propose", "up")).toEqual({
    ok: false,
    error: { code: "cycle.already_first", params: { stage: "Propose" } },
  });
  expect(await cycles.moveStage(ada, undefined, "Negotiate", "down")).toEqual({
    ok: false,
    error: { code: "cycle.already_last", params: { stage: "Negotiate" } },
  });
  value(await cycles.moveStage(ada, undefined, "Negotiate", 0));
  expect(await stageNames()).toEqual(["Negotiate", "Propose", "Qualify", "Develop"]);
});

test("a new default stage is where new opportunities start", async () => {
  expect(value(await cycles.setDefaultStage(ada, undefined, "Develop")).cycle.defaultStageId).toBe("develop");
  const ref = await opportunityIn(0);
  expect(await stored(ref)).toMatchObject({ stageId: "develop", chancePct: 40 });
});

test("activities are replaced as a whole; eleven, a nameless one or a bad duration are refused", async () => {
  const activities = [
    { name: "Book the demo", durationDays: 2, reminder: true },
    { name: "Run the demo", durationDays: 7, reminder: false },
  ];
  expect(value(await cycles.setActivities(ada, undefined, "Propose", activities)).stage.activities).toEqual(
    activities,
  );
  const eleven = Array.from({ length: 11 }, (_, i) => ({
    name: `Step ${i + 1}`,
    durationDays: 1,
    reminder: false,
  }));
  expect(await cycles.setActivities(ada, undefined, "Propose", eleven)).toEqual({
    ok: false,
    error: { code: "invalid", fields: [{ field: "activities", problem: "too_many", params: { max: 10 } }] },
  });
  expect(
    await cycles.setActivities(ada, undefined, "Propose", [{ name: "", durationDays: 1, reminder: false }]),
  ).toMatchObject({ ok: false, error: { code: "invalid", fields: [{ problem: "activity_name" }] } });
  expect(
    await cycles.setActivities(ada, undefined, "Propose", [
      { name: "X", durationDays: Number.NaN, reminder: false },
    ]),
  ).toMatchObject({ ok: false, error: { code: "invalid", fields: [{ problem: "duration" }] } });
  expect(value(await cycles.show(ann)).cycle.stages[2]?.activities).toEqual(activities);
});

test("deleting a stage with a replacement moves all its opportunities, open and closed, across pages", async () => {
  const inPropose = [await opportunityIn(2, "A"), await opportunityIn(2, "B"), await opportunityIn(2, "C")];
  const closed = await opportunityIn(2, "D");
  value(await opps.close(ann, closed, "lost", "LOST-PRICE", "2026-11-20"));
  const elsewhere = await opportunityIn(1, "E");

  const deletion = value(
    await cycles.deleteStage(ada, undefined, "Propose", { replacement: "Develop", moveActivities: true }),
  );

  expect(deletion).toMatchObject({
    deleted: { id: "propose", name: "Propose" },
    replacement: { id: "develop" },
    moved: 4,
    unmoved: 0,
    activitiesMoved: 1,
  });
  expect(deletion.cycle.stages.map((s) => s.id)).toEqual(["qualify", "develop", "negotiate"]);
  // The moved activities go on top of the replacement's own, as in Business Contact Manager.
  expect(deletion.replacement?.activities.map((a) => a.name)).toEqual([
    "Send the quote",
    "Present the proposed solution",
  ]);
  for (const ref of inPropose) {
    const o = await stored(ref);
    expect(o).toMatchObject({ stageId: "develop", chancePct: 40, revision: 4 });
    expect(o?.history.at(-1)).toEqual({
      action: "replace",
      from: "propose",
      to: "develop",
      by: { id: "u-ada", name: "Ada" },
      at: "2026-11-23T10:00:00.000Z",
      note: "Propose",
    });
  }
  // A closed one moves too, so a reopen lands in a stage that exists; its outcome stays.
  expect(await stored(closed)).toMatchObject({ stageId: "develop", status: "lost", chancePct: 0 });
  expect((await stored(elsewhere))?.history.map((h) => h.action)).toEqual(["create", "next"]);
  expect(value(await opps.list(ann, { stageId: "propose" }, undefined)).items).toEqual([]);
});

test("deleting without a replacement leaves its opportunities without a stage and says how many", async () => {
  const ref = await opportunityIn(2);
  const deletion = value(await cycles.deleteStage(ada, undefined, "Propose", { moveActivities: false }));
  expect(deletion).toMatchObject({ moved: 1, unmoved: 0, activitiesMoved: 0 });
  expect(deletion.replacement).toBeUndefined();
  const o = await stored(ref);
  expect(o?.stageId).toBeUndefined();
  expect(o?.history.at(-1)).toMatchObject({ action: "replace", from: "propose", note: "Propose" });
  expect(o?.history.at(-1)).not.toHaveProperty("to");
  // Without a stage it can start again from the first one.
  expect(value(await opps.next(ann, ref)).opportunity.stageId).toBe("qualify");
});

test("an opportunity changed by someone else during the move is re-read and still moved, keeping their change", async () => {
  const ref = await opportunityIn(1);
  repo.interfereWith = ref;
  const deletion = value(
    await cycles.deleteStage(ada, undefined, "Develop", { replacement: "Propose", moveActivities: false }),
  );
  expect(deletion).toMatchObject({ moved: 1, unmoved: 0 });
  expect(await stored(ref)).toMatchObject({ stageId: "propose", title: "Renamed meanwhile" });
});

test("the default stage, the last stage, itself as replacement and too many activities are refused", async () => {
  expect(await cycles.deleteStage(ada, undefined, "Qualify", { moveActivities: false })).toEqual({
    ok: false,
    error: { code: "cycle.default_stage", params: { stage: "Qualify" } },
  });
  expect(
    await cycles.deleteStage(ada, undefined, "Develop", { replacement: "Develop", moveActivities: false }),
  ).toEqual({ ok: false, error: { code: "cycle.replace_self", params: { stage: "Develop" } } });
  expect(await cycles.deleteStage(ada, undefined, "Develop", { moveActivities: true })).toEqual({
    ok: false,
    error: { code: "cycle.activities_need_replacement", params: { stage: "Develop" } },
  });
  const ten = Array.from({ length: 10 }, (_, i) => ({
    name: `Step ${i + 1}`,
    durationDays: 1,
    reminder: false,
  }));
  value(await cycles.setActivities(ada, undefined, "Propose", ten));
  expect(
    await cycles.deleteStage(ada, undefined, "Develop", { replacement: "Propose", moveActivities: true }),
  ).toEqual({
    ok: false,
    error: { code: "cycle.too_many_activities", params: { stage: "Develop", target: "Propose", max: 10 } },
  });
  for (const stage of ["Develop", "Propose", "Negotiate"]) {
    value(await cycles.deleteStage(ada, undefined, stage, { moveActivities: false }));
  }
  expect(await cycles.deleteStage(ada, undefined, "Qualify", { moveActivities: false })).toEqual({
    ok: false,
    error: { code: "cycle.last_stage", params: { stage: "Qualify" } },
  });
  expect(await stageNames()).toEqual(["Qualify"]);
});

test("close codes: managers and admins add them, reps are refused, and a new code closes an opportunity", async () => {
  expect(
    await cycles.addCloseCode(ann, { code: "LOST-TIMING", type: "lost", description: "Bad timing" }),
  ).toEqual({
    ok: false,
    error: { code: "forbidden", params: { action: "closecode add" } },
  });
  const added = value(
    await cycles.addCloseCode(mia, { code: "lost-timing", type: "lost", description: " Bad timing " }),
  );
  expect(added.code).toEqual({ code: "LOST-TIMING", type: "lost", description: "Bad timing" });
  expect(await cycles.addCloseCode(ada, { code: "LOST-TIMING", type: "lost", description: "Again" })).toEqual(
    {
      ok: false,
      error: { code: "closecode.exists", params: { code: "LOST-TIMING" } },
    },
  );
  expect(await cycles.addCloseCode(ada, { code: "no spaces", type: "won", description: "x" })).toEqual({
    ok: false,
    error: { code: "closecode.bad_code", params: { code: "no spaces" } },
  });
  const ref = await opportunityIn(0);
  expect(value(await opps.close(ann, ref, "lost", "LOST-TIMING", undefined)).opportunity.closeCode).toBe(
    "LOST-TIMING",
  );
  expect(value(await cycles.closeCodes(ann)).closeCodes.map((c) => c.code)).toContain("LOST-TIMING");
});

test("an edit racing another admin's save is re-applied to the fresh setup, so neither is lost", async () => {
  /** The first save finds that another admin saved a stage a moment earlier. */
  class RacingSetups extends StoreTenantSetupRepository {
    raced = false;
    override async save(value: TenantSetup, version: string | undefined) {
      if (!this.raced && version !== undefined) {
        this.raced = true;
        const current = await this.get(value.tenantId);
        if (current) {
          const [cycle] = current.value.cycles;
          if (!cycle) throw new Error("no cycle");
          const workshop = { ...demo, id: "workshop", name: "Workshop" };
          await super.save(
            { ...current.value, cycles: [{ ...cycle, stages: [...cycle.stages, workshop] }] },
            current.version,
          );
        }
      }
      return super.save(value, version);
    }
  }
  const setups = new RacingSetups(store);
  const racing = new CycleAdminService({
    setup: new TenantSetupService({ setups, clock }),
    opportunities: repo,
    clock,
  });
  value(await racing.show(ann));
  value(await racing.addStage(ada, undefined, demo));
  expect(setups.raced).toBe(true);
  expect(await stageNames()).toEqual(["Qualify", "Develop", "Propose", "Negotiate", "Workshop", "Demo"]);
});

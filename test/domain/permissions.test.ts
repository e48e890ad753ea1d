import { describe, expect, test } from "vitest";
import { settingEdits } from "../../src/domain/setup/tenant-setup.js";
import type { Actor, Role } from "../../src/domain/shared/actor.js";
import type { Result } from "../../src/domain/shared/result.js";
import { fakeServices } from "../fakes/services.js";

/**
 * Who may do what, over the real use cases and the fake store: every role against every guarded action.
 * An allowed action succeeds and changes what is stored; any other is refused and leaves every stored
 * document exactly as it was.
 */

const tenantId = "tenant-a";
const person = (userId: string, name: string, role: Role, partner?: string): Actor => ({
  tenantId,
  userId,
  name,
  role,
  ...(partner ? { partner } : {}),
});

const actors = {
  admin: person("u-admin", "Eve Admin", "admin"),
  manager: person("u-manager", "Mia Manager", "manager"),
  "rep owner": person("u-owner", "Ann Owner", "rep"),
  "rep non-owner": person("u-other", "Bo Other", "rep"),
  partner: person("u-partner", "Pia Partner", "partner", "Nordic Partners"),
  external: person("u-guest", "Gus Guest", "external"),
} as const;
type Who = keyof typeof actors;
const everyone = Object.keys(actors) as Who[];

/** A tenant with, owned by the rep: an open opportunity (O-1001) and a won one (O-1002); and a user to promote. */
async function world() {
  const services = fakeServices("2026-11-23T09:30:00.000Z");
  const owner = actors["rep owner"];
  const account = await services.parties.createAccount(owner, { name: "Contoso Ltd" });
  if (!account.ok) throw new Error("account");
  const open = await services.opportunities.create(owner, { title: "Open deal", account: account.value.ref });
  const won = await services.opportunities.create(owner, { title: "Won deal", account: account.value.ref });
  if (!open.ok || !won.ok) throw new Error("opportunities");
  const closed = await services.opportunities.close(owner, "O-1002", "won", "WON-PRICE", "2026-11-20");
  if (!closed.ok) throw new Error("close");
  const target = await services.directory.seen({
    tenantId,
    userId: "u-target",
    teamsId: "29:target",
    name: "Tia Target",
    conversation: {
      serviceUrl: "https://smba.example.net/",
      conversationId: "a:t",
      kind: "personal",
      botId: "28:b",
    },
    roster: { member: async () => ({ teamsId: "29:target", aadObjectId: "u-target", name: "Tia Target" }) },
  });
  return { services, target };
}

type World = Awaited<ReturnType<typeof world>>;
type Action = (w: World, actor: Actor) => Promise<Result<unknown>>;

const stage = {
  name: "Demo",
  completedPct: 30,
  chancePct: 30,
  allowSkip: false,
  quoteRequired: false,
  activities: [],
};

const actions: Record<string, { run: Action; allowed: readonly Who[] }> = {
  "opp next": {
    run: ({ services }, a) => services.opportunities.next(a, "O-1001"),
    allowed: ["admin", "manager", "rep owner"],
  },
  "opp close": {
    run: ({ services }, a) => services.opportunities.close(a, "O-1001", "lost", "LOST-PRICE", "2026-11-23"),
    allowed: ["admin", "manager", "rep owner"],
  },
  "opp reopen": {
    run: ({ services }, a) => services.opportunities.reopen(a, "O-1002"),
    allowed: ["admin", "manager"],
  },
  "opp purge": {
    run: ({ services }, a) => services.opportunities.purge(a, {}),
    allowed: ["admin", "manager"],
  },
  "opp delete": {
    run: ({ services }, a) => services.opportunities.delete(a, "O-1002"),
    allowed: ["admin", "manager", "rep owner"],
  },
  "lead create": {
    run: ({ services }, a) => services.leads.create(a, { topic: "Website", lastName: "Berg" }),
    allowed: ["admin", "manager", "rep owner", "rep non-owner"],
  },
  "cycle stage add": {
    run: ({ services }, a) => services.cycles.addStage(a, undefined, stage),
    allowed: ["admin"],
  },
  "closecode add": {
    run: ({ services }, a) =>
      services.cycles.addCloseCode(a, { code: "WON-SPEED", type: "won", description: "Fast delivery" }),
    allowed: ["admin", "manager"],
  },
  "settings edit": {
    run: ({ services }, a) => services.setup.edit(a, (s) => settingEdits.addToList(s, a, "types", "Upsell")),
    allowed: ["admin"],
  },
  "role grant": {
    run: ({ services, target }: World, a) => services.directory.grant(a, target, "manager"),
    allowed: ["admin"],
  },
};

const cases = Object.entries(actions).flatMap(([action, { run, allowed }]) =>
  everyone.map((who) => [action, who, allowed.includes(who), run] as const),
);

describe("role × action", () => {
  test.each(cases)("%s by %s: allowed %s", async (_action, who, allowed, run) => {
    const w = await world();
    const before = w.services.store.dump();
    const result = await run(w, actors[who]);
    const after = w.services.store.dump();
    if (allowed) {
      expect(result.ok, JSON.stringify(result)).toBe(true);
      expect(after).not.toEqual(before);
    } else {
      expect(result.ok).toBe(false);
      // A partner is not even told the opportunity exists when it was not distributed to them.
      expect(result.ok ? undefined : result.error.code).toMatch(
        /^(forbidden|opp\.not_yours|opp\.not_found|opp\.partner_forbidden)$/,
      );
      expect(after).toEqual(before);
    }
  });

  test("every action is checked for every role", () => {
    expect(cases).toHaveLength(Object.keys(actions).length * everyone.length);
  });
});

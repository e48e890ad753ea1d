import { expect, test } from "vitest";
import {
  actionTable,
  commandCatalog,
  features,
  handlers,
  helpOrder,
  textCommands,
  type Command,
} from "../src/features/index.js";
import type { OpportunityCommand } from "../src/features/opportunities/commands.js";
import { opportunitiesFeature } from "../src/features/opportunities/opportunities.feature.js";
import type { Handlers } from "../src/kit/feature.js";

const all = Object.values(features);

test("each command kind is handled by exactly one feature, and the bot's handlers are theirs", () => {
  const kinds = all.flatMap((f) => Object.keys(f.handlers));
  expect(kinds.filter((k, i) => kinds.indexOf(k) !== i)).toEqual([]);
  expect(Object.keys(handlers).sort()).toEqual([...kinds].sort());
  for (const kind of kinds) expect(typeof handlers[kind as Command["kind"]], kind).toBe("function");
});

test("a kind that no feature declares, or a kind without a handler, does not compile", () => {
  // These lines are checked by `npm run typecheck`: each @ts-expect-error fails the build if the line compiles.
  // @ts-expect-error: no feature declares the kind "opp.teleport"
  const stray: Command = { kind: "opp.teleport" };
  const { "opp.next": _next, ...withoutNext } = opportunitiesFeature.handlers;
  // @ts-expect-error: "opp.next" has no handler
  const incomplete: Handlers<OpportunityCommand> = withoutNext;
  expect(stray.kind).toBe("opp.teleport");
  expect(Object.keys(incomplete)).not.toContain("opp.next");
});

test("no text command or card verb is defined by two features", () => {
  const names = textCommands.map((c) => c.name);
  expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  const verbs = all.flatMap((f) => Object.keys(f.actions));
  expect(verbs.filter((v, i) => verbs.indexOf(v) !== i)).toEqual([]);
  expect(Object.keys(actionTable).sort()).toEqual([...verbs].sort());
});

test("help lists every text command exactly once, in the help order", () => {
  expect(commandCatalog.map((c) => c.name)).toEqual(helpOrder);
  expect(new Set(helpOrder).size).toBe(helpOrder.length);
});

import { expect, test } from "vitest";
import { commandCatalog } from "../src/features/catalog.js";
import { actionTable, features, textCommands } from "../src/features/index.js";

test("every command kind belongs to exactly one feature", () => {
  const kinds = features.flatMap((f) => f.kinds);
  expect(new Set(kinds).size).toBe(kinds.length);
});

test("every text command is in the catalog, and every catalog command can be typed", () => {
  const typed = textCommands.map((c) => c.name).sort();
  expect(typed).toEqual(commandCatalog.map((c) => c.name).sort());
});

test("no card verb is defined by two features", () => {
  const verbs = features.flatMap((f) => Object.keys(f.actions));
  expect(new Set(verbs).size).toBe(verbs.length);
  expect(Object.keys(actionTable).sort()).toEqual([...verbs].sort());
});

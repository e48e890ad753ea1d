import { expect, test, vi } from "vitest";
import type * as z from "zod";
import { actionTable, cardActions } from "../../src/features/index.js";
import { readBySchema } from "../../src/kit/parsing/schema-reader.js";
import { parseAction } from "../../src/kit/parsing/parse-action.js";
import { executeValueSchema, readExecuteAction } from "../../src/teams/activity.js";

/**
 * Card submissions are read by the schema interpreter (src/kit/parsing/schema-reader.ts) instead of zod's
 * generated parser. Whatever a card — or a forged request — sends for any verb, the answer must be zod's: the
 * same command, or a refusal where zod refuses. Compared for every verb of the action table on data built from
 * its own fields, each removed or replaced by values of every kind (blank, padded, too long, wrong type…).
 */

type Answer = { ok: true; value: unknown } | { ok: false; issues: unknown };

const ours = (schema: z.ZodType, data: unknown): Answer => {
  const read = readBySchema(schema, data);
  return read.success ? { ok: true, value: read.data } : { ok: false, issues: read.error.issues };
};
const zods = (schema: z.ZodType, data: unknown): Answer => {
  const parsed = schema.safeParse(data);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, issues: parsed.error.issues };
};

/** The fields a verb's data schema reads (through its pipes and transforms), for building its data. */
function fieldsOf(schema: z.ZodType): string[] {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  if (def.type === "object") return Object.keys(def.shape as object);
  if (def.type === "pipe") return [...fieldsOf(def.in as z.ZodType), ...fieldsOf(def.out as z.ZodType)];
  return [];
}

const values: unknown[] = [
  "O-1007",
  "  L-1001 ",
  "",
  "   ",
  "7",
  "x".repeat(21),
  "x".repeat(5000),
  "yes",
  "off",
  "all",
  "mine",
  "2025-06-30",
  7,
  0,
  -1,
  2.5,
  1_000_000_000,
  true,
  false,
  null,
  {},
  [],
  ["a"],
];

const verbs = Object.entries(actionTable).map(([verb, build]) => [verb, build()] as const);

test("every verb's data, its fields removed or given any kind of value, is answered as zod answers it", () => {
  let read = 0;
  for (const [verb, schema] of verbs) {
    const fields = [...new Set(fieldsOf(schema))];
    const bases = [
      {},
      Object.fromEntries(fields.map((f) => [f, "O-1007"])),
      Object.fromEntries(fields.map((f) => [f, 7])),
    ];
    const samples: unknown[] = [undefined, null, "O-1007", 7, [], ...bases];
    for (const base of bases)
      for (const field of fields) {
        const { [field]: _removed, ...rest } = base;
        samples.push(rest, ...values.map((value) => ({ ...base, [field]: value })));
      }
    for (const data of samples) {
      const answer = ours(schema, data);
      expect(answer, `${verb} ${JSON.stringify(data)}`).toStrictEqual(zods(schema, data));
      if (answer.ok) read += 1;
    }
  }
  // The comparison met accepted data too, not only refusals.
  expect(read).toBeGreaterThan(verbs.length);
});

test("a card press on a record is read without zod's generated parser, and refused as zod refuses", () => {
  const schema = cardActions.schemaOf("opp.show")!;
  const safeParse = vi.spyOn(schema, "safeParse");
  try {
    expect(parseAction("opp.show", { ref: " O-1007 ", extra: 1 }, cardActions)).toStrictEqual({
      ok: true,
      command: { kind: "opp.show", ref: "O-1007" },
    });
    expect(safeParse).not.toHaveBeenCalled();
    // A forged or damaged one is zod's to judge, and refused.
    for (const data of [{ ref: "" }, { ref: "O-1".repeat(10) }, { ref: 7 }, { ref: "O-1", thread: "yes" }])
      expect(parseAction("opp.show", data, cardActions)).toStrictEqual({
        ok: false,
        error: { code: "reply.bad_action" },
      });
    expect(safeParse).toHaveBeenCalledTimes(4);
  } finally {
    safeParse.mockRestore();
  }
});

test("an Action.Execute value is read as executeValueSchema reads it", () => {
  const zodRead = (value: unknown) => {
    const parsed = executeValueSchema.safeParse(value);
    return parsed.success ? { verb: parsed.data.action.verb, data: parsed.data.action.data } : undefined;
  };
  const action = { type: "Action.Execute", verb: "opp.show", data: { ref: "O-1007" } };
  const samples: unknown[] = [
    { action, trigger: "manual" },
    { action: { verb: "opp.show" } },
    { action: { ...action, type: 7 } },
    { action: { ...action, type: null } },
    { action: { ...action, verb: { toString: "x" } } },
    { action: [] },
    { action: null },
    { action: "opp.show" },
    {},
    [],
    null,
    undefined,
    "opp.show",
    Object.assign(Object.create(null) as object, { action }),
    { action: Object.assign(Object.create(null) as object, action) },
  ];
  samples.forEach((value, i) =>
    expect(readExecuteAction(value), `sample ${i}`).toStrictEqual(zodRead(value)),
  );
});

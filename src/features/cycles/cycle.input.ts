import * as z from "zod";
import { stageLimits, type StageActivity } from "../../domain/cycles/cycle.js";
import { closeCodePattern, type CloseCode, type StageDraft } from "../../domain/setup/tenant-setup.js";
import type { FieldProblem } from "../../domain/shared/result.js";
import { blankToUndefined, yesNo } from "../../kit/parsing/card-fields.js";
import { problemsFromZod } from "../../kit/parsing/zod-problems.js";

export { yesNo };

/**
 * Stage fields by the names typed (`completed=40`) and the stage form's input ids, which are the same. One
 * schema serves `cycle stage add|edit …`, the stage form and any forged submission alike. Ranges are checked
 * here for a friendly form and again in the domain, which is the authority.
 */
export const stageInputKeys = ["name", "completed", "chance", "skip", "quote", "position"] as const;
/** Keys `cycle stage add <name>` accepts after the name (`cycle` picks another cycle than the default). */
export const stageAddKeys = ["completed", "chance", "skip", "quote", "position", "cycle"] as const;
/** Keys `cycle stage edit <stage>` accepts after the stage. */
export const stageEditKeys = ["name", "completed", "chance", "skip", "quote", "cycle"] as const;

/** "40", "40%", " 40 % " and 40 all mean 40. */
const numberLike = (v: unknown) => {
  const value = blankToUndefined(v);
  if (typeof value !== "string") return value;
  const text = value.trim().replace(/\s*%$/, "");
  return /^[+-]?\d+(\.\d+)?$/.test(text) ? Number(text) : value;
};

const percent = z.preprocess(
  numberLike,
  z
    .number({ error: "percent" })
    .int({ error: "percent" })
    .min(0, { error: "percent" })
    .max(100, { error: "percent" })
    .optional(),
);

export const stageInputSchema = z.object({
  // A name given empty stays empty, so an edit that clears it is refused by the domain, not ignored.
  name: z.string({ error: "text" }).trim().max(stageLimits.name, { error: "too_long" }).optional(),
  completed: percent,
  chance: percent,
  skip: yesNo,
  quote: yesNo,
  position: z.preprocess(
    numberLike,
    z
      .number({ error: "position" })
      .int({ error: "position" })
      .min(1, { error: "position" })
      .max(100, { error: "position" })
      .optional(),
  ),
});

export type StagePatch = Partial<Omit<StageDraft, "activities">>;

/** The fields given, as a patch of a stage (an edit keeps the others), and the 1-based position if given. */
export function parseStageInput(
  raw: unknown,
): { ok: true; patch: StagePatch; position?: number } | { ok: false; problems: FieldProblem[] } {
  const parsed = stageInputSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: problemsFromZod(parsed.error) };
  const i = parsed.data;
  const patch: StagePatch = {
    ...(i.name !== undefined ? { name: i.name } : {}),
    ...(i.completed !== undefined ? { completedPct: i.completed } : {}),
    ...(i.chance !== undefined ? { chancePct: i.chance } : {}),
    ...(i.skip !== undefined ? { allowSkip: i.skip } : {}),
    ...(i.quote !== undefined ? { quoteRequired: i.quote } : {}),
  };
  return { ok: true, patch, ...(i.position !== undefined ? { position: i.position } : {}) };
}

/** A new stage: what was not given starts empty (the name, which the domain then asks for), 0 % or "no". */
export function newStageDraft(patch: StagePatch): StageDraft {
  return {
    name: patch.name ?? "",
    completedPct: patch.completedPct ?? 0,
    chancePct: patch.chancePct ?? 0,
    allowSkip: patch.allowSkip ?? false,
    quoteRequired: patch.quoteRequired ?? false,
    activities: [],
  };
}

// ---------------------------------------------------------------------------------------------------------
// Activities: the form's rows arrive as name1, days1, reminder1, name2, … Rows past the form's ten can only
// come from a forged or scripted submission; they are read anyway so the domain refuses them by name.

/** The most rows a submission may carry at all (far above the domain's limit, so the domain says no). */
export const maxActivityRows = 30;
const rowKey = /^(name|days|reminder)([1-9]\d?)$/;

export interface ActivityRow {
  readonly name: string;
  readonly days: string;
  readonly reminder: boolean;
}

export const activityFieldSchema = z.union([z.string().max(400), z.number(), z.boolean()]);

/** The rows of an activities submission, in order; rows with neither a name nor a duration are left out. */
export const activityRowsSchema = z
  .record(z.string().regex(rowKey), activityFieldSchema)
  .refine((data) => Object.keys(data).length <= maxActivityRows * 3)
  .transform((data): ActivityRow[] => {
    const rows = new Map<number, { name: string; days: string; reminder: boolean }>();
    for (const [key, value] of Object.entries(data)) {
      const [, field, index] = rowKey.exec(key) ?? [];
      const row = rows.get(Number(index)) ?? { name: "", days: "", reminder: false };
      if (field === "name") row.name = String(value);
      if (field === "days") row.days = String(value);
      if (field === "reminder") row.reminder = yesNo.safeParse(value).data ?? false;
      rows.set(Number(index), row);
    }
    return [...rows.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, row]) => row)
      .filter((row) => row.name.trim() !== "" || row.days.trim() !== "");
  });

/** Rows as stage activities; a duration that is not a whole number stays NaN so the domain names it. */
export function activitiesOf(rows: readonly ActivityRow[]): StageActivity[] {
  return rows.map((row) => {
    const days = numberLike(row.days);
    return {
      name: row.name.trim(),
      durationDays: days === undefined ? 0 : typeof days === "number" ? days : Number.NaN,
      reminder: row.reminder,
    };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Close codes: `closecode add <code> won|lost <description>` and the close-code form.

export const closeCodeInputSchema = z.object({
  code: z.preprocess(
    (v) => (typeof v === "string" ? blankToUndefined(v.trim().toUpperCase()) : v),
    z.string({ error: "required" }).regex(closeCodePattern, { error: "close_code" }),
  ),
  type: z.preprocess(
    (v) => (typeof v === "string" ? blankToUndefined(v.trim().toLowerCase()) : v),
    z.enum(["won", "lost"], { error: "choice" }),
  ),
  description: z.preprocess(
    blankToUndefined,
    z.string({ error: "required" }).trim().max(100, { error: "too_long" }),
  ),
});

export function parseCloseCodeInput(
  raw: unknown,
): { ok: true; code: CloseCode } | { ok: false; problems: FieldProblem[] } {
  const parsed = closeCodeInputSchema.safeParse(raw);
  return parsed.success
    ? { ok: true, code: parsed.data }
    : { ok: false, problems: problemsFromZod(parsed.error) };
}

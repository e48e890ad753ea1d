import * as z from "zod";
import { cardRef, cardRevision } from "../../kit/parsing/card-fields.js";
import { personTextMax } from "../../kit/parsing/card-fields.js";
import type { OpportunityCoreCommand } from "./commands.js";
import { closeOutcomes, inputLimits, listScopes } from "./opportunity.input.js";
import { opportunityLimits } from "../../domain/opportunities/opportunity.js";

import type { OpportunityCommand } from "./commands.js";

// ---------------------------------------------------------------------------------------------------------
// Card verbs: one schema each. Card inputs arrive as strings; their meaning is parsed by the input schemas.

const ref = cardRef;
const revision = cardRevision;
const target = { ref, revision };
/** One card input's value as sent by Teams (a string), or a number from another client; nothing else. */
const inputValue = (max: number) => z.union([z.string().max(max), z.number()]).optional();
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : undefined));

export const opportunityActions = {
  "opp.form": () => z.object({}).transform((): OpportunityCoreCommand => ({ kind: "opp.form" })),
  "opp.create": () =>
    z
      .record(
        z.string().max(40),
        z.union([z.string().max(opportunityLimits.text), z.number(), z.boolean(), z.null()]),
      )
      .refine((data) => Object.keys(data).length <= 40)
      .transform((input): OpportunityCoreCommand => ({ kind: "opp.create", input })),
  "opp.show": () =>
    z
      .object({ ref, thread: z.literal(true).optional() })
      .transform(({ ref, thread }): OpportunityCoreCommand => ({
        kind: "opp.show",
        ref,
        ...(thread ? { thread } : {}),
      })),
  "opp.list": () =>
    z
      .object({
        scope: z.enum(listScopes).default("mine"),
        contact: optionalText(inputLimits.party),
        stage: optionalText(inputLimits.stage),
        owner: optionalText(personTextMax),
        cursor: optionalText(2000),
      })
      .transform(({ scope, contact, stage, owner, cursor }): OpportunityCoreCommand => ({
        kind: "opp.list",
        scope,
        ...(contact ? { contact } : {}),
        ...(stage ? { stage } : {}),
        ...(owner ? { owner } : {}),
        ...(cursor ? { cursor } : {}),
      })),
  ...Object.fromEntries(
    (["opp.next", "opp.previous", "opp.reopen", "opp.quote", "opp.order", "opp.delete"] as const).map(
      (kind) => [kind, () => z.object(target).transform((t): OpportunityCoreCommand => ({ kind, ...t }))],
    ),
  ),
  ...Object.fromEntries(
    (["opp.skip.form", "opp.goto.form", "opp.update.form", "opp.line.form", "opp.delete.form"] as const).map(
      (kind) => [kind, () => z.object(target).transform((t): OpportunityCoreCommand => ({ kind, ...t }))],
    ),
  ),
  ...Object.fromEntries(
    (["opp.skip", "opp.goto"] as const).map((kind) => [
      kind,
      () =>
        z
          .object({ ...target, stage: z.string().trim().min(1).max(inputLimits.stage) })
          .transform((t): OpportunityCoreCommand => ({ kind, ...t })),
    ]),
  ),
  "opp.update": () =>
    z
      .object({
        ...target,
        value: inputValue(inputLimits.number),
        chance: inputValue(8),
        close: inputValue(10),
      })
      .transform(({ ref, revision, ...input }): OpportunityCoreCommand => ({
        kind: "opp.update",
        ref,
        revision,
        input,
      })),
  "opp.line": () =>
    z
      .object({
        ...target,
        product: inputValue(opportunityLimits.product),
        qty: inputValue(inputLimits.number),
        price: inputValue(inputLimits.number),
      })
      .transform(({ ref, revision, ...input }): OpportunityCoreCommand => ({
        kind: "opp.line",
        ref,
        revision,
        input,
      })),
  "opp.close": () =>
    z
      .object({
        ...target,
        outcome: z.enum(closeOutcomes),
        code: inputValue(inputLimits.closeCode),
        date: inputValue(10),
      })
      .transform(({ ref, revision, ...input }): OpportunityCoreCommand => ({
        kind: "opp.close",
        ref,
        revision,
        input,
      })),
  "opp.close.form": () =>
    z
      .object({ ...target, outcome: z.enum(closeOutcomes).optional() })
      .transform(({ ref, revision, outcome }): OpportunityCoreCommand => ({
        kind: "opp.close.form",
        ref,
        revision,
        ...(outcome ? { outcome } : {}),
      })),
  "opp.purge": () =>
    z
      .object({ before: inputValue(10), outcome: inputValue(10) })
      .transform((input): OpportunityCoreCommand => ({ kind: "opp.purge", input })),
  "opp.purge.form": () => z.object({}).transform((): OpportunityCoreCommand => ({ kind: "opp.purge.form" })),
  "opp.note": () =>
    z
      .object({
        ref,
        noteKind: z.enum(["note", "call", "email", "meeting", "task"]).default("note"),
        noteText: z.string().max(opportunityLimits.text * 2),
      })
      .transform(({ ref, noteKind, noteText }): OpportunityCoreCommand => ({
        kind: "opp.note",
        ref,
        entry: noteKind,
        text: noteText,
      })),
  pipeline: () => z.object({}).transform((): OpportunityCoreCommand => ({ kind: "pipeline" })),
  inbox: () => z.object({}).transform((): OpportunityCoreCommand => ({ kind: "inbox" })),
} as const satisfies Readonly<Record<string, () => z.ZodType<OpportunityCommand>>>;

import * as z from "zod";
import { personTextMax } from "../../kit/parsing/card-fields.js";

export { personTextMax };
import { directoryLimits, grantedRoles } from "../../domain/directory/directory.rules.js";
import type { GrantedRole } from "../../domain/directory/directory.js";
import type { FieldProblem } from "../../domain/shared/result.js";

/**
 * What an admin types or picks to give a role: `role <person> admin|manager|rep|partner=<partner name>`, or
 * the role form's inputs `user`, `role` and `partner`. One schema reads both, and any forged submission.
 */

export interface RoleArguments {
  readonly user: string;
  readonly role?: string;
  readonly partner?: string;
}

const isRoleWord = (token: string) => (grantedRoles as readonly string[]).includes(token.toLowerCase());
const isPartnerKey = (token: string) => /^partner=/iu.test(token);

/**
 * Splits `<person words> <role>`: the role is the first `partner=…` (its value runs to the end) or else the
 * last role word; words inside a Teams mention (`<at>…</at>`) are never read as the role. Words after a
 * plain role word are returned as `extra`.
 */
export function splitRoleArguments(
  tokens: readonly string[],
): { ok: true; args: RoleArguments } | { ok: false; extra: string } {
  let inMention = false;
  let partnerAt = -1;
  let roleAt = -1;
  tokens.forEach((token, i) => {
    const opens = /<at>/iu.test(token);
    const closes = /<\/at>/iu.test(token);
    const outside = !inMention && !opens;
    if (outside && partnerAt < 0 && isPartnerKey(token)) partnerAt = i;
    if (outside && partnerAt < 0 && isRoleWord(token)) roleAt = i;
    if (opens && !closes) inMention = true;
    if (closes) inMention = false;
  });
  if (partnerAt >= 0) {
    const value = [tokens[partnerAt]?.slice("partner=".length) ?? "", ...tokens.slice(partnerAt + 1)]
      .join(" ")
      .trim();
    return {
      ok: true,
      args: { user: tokens.slice(0, partnerAt).join(" "), role: "partner", partner: value },
    };
  }
  if (roleAt < 0) return { ok: true, args: { user: tokens.join(" ") } };
  const after = tokens.slice(roleAt + 1);
  if (after.length > 0) return { ok: false, extra: after.join(" ") };
  return { ok: true, args: { user: tokens.slice(0, roleAt).join(" "), role: tokens[roleAt] ?? "" } };
}

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const grantInputSchema = z
  .object({
    user: z.preprocess(
      blankToUndefined,
      z.string({ error: "required" }).trim().max(personTextMax, { error: "too_long" }),
    ),
    role: z.preprocess(
      (v) => (typeof v === "string" ? blankToUndefined(v.trim().toLowerCase()) : v),
      z.enum(grantedRoles, { error: (issue) => (issue.input === undefined ? "required" : "choice") }),
    ),
    partner: z.preprocess(
      blankToUndefined,
      z.string({ error: "text" }).trim().max(directoryLimits.partnerName, { error: "too_long" }).optional(),
    ),
  })
  .superRefine((input, ctx) => {
    if (input.role === "partner" && !input.partner)
      ctx.addIssue({ code: "custom", path: ["partner"], message: "required" });
  });

export interface GrantInput {
  readonly user: string;
  readonly role: GrantedRole;
  readonly partner?: string;
}

/** Reads the grant's inputs; each problem is named by its input, with the value typed where it helps. */
export function parseGrantInput(
  raw: Readonly<Record<string, unknown>>,
): { ok: true; value: GrantInput } | { ok: false; problems: FieldProblem[] } {
  const parsed = grantInputSchema.safeParse(raw);
  if (parsed.success) {
    const { user, role, partner } = parsed.data;
    return { ok: true, value: { user, role, ...(role === "partner" && partner ? { partner } : {}) } };
  }
  const problems: FieldProblem[] = [];
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "input");
    if (problems.some((p) => p.field === field)) continue;
    const problem = /^[a-z_]+$/u.test(issue.message) ? issue.message : "text";
    const value = raw[field];
    problems.push({
      field,
      problem,
      params: {
        ...(typeof value === "string" ? { value: value.trim() } : {}),
        ...(problem === "too_long"
          ? { max: field === "partner" ? directoryLimits.partnerName : personTextMax }
          : {}),
      },
    });
  }
  return { ok: false, problems };
}

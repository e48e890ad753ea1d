import type * as z from "zod";
import type { FieldProblem } from "../../domain/shared/result.js";

/**
 * Turns zod issues into field problems. Our schemas set each issue's message to a stable problem code
 * ("too_long", "email", …); limits and choices come from the issue itself. Anything else (e.g. a wrong type in a forged
 * submission) becomes "text".
 */
export function problemsFromZod(error: z.ZodError): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "input");
    if (problems.some((p) => p.field === field)) continue;
    const params: Record<string, string | number> | undefined =
      issue.code === "too_big"
        ? { max: Number(issue.maximum) }
        : issue.code === "invalid_value"
          ? { choices: issue.values.map(String).join(", ") }
          : undefined;
    const problem = /^[a-z_]+$/.test(issue.message) ? issue.message : "text";
    problems.push({ field, problem, ...(params ? { params } : {}) });
  }
  return problems;
}

/** "Mailing list", "mailing-list" and "MAILING_LIST" all mean the choice "mailing_list". */
export function normaliseChoice(value: string | undefined): string | undefined {
  return value
    ?.trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
}

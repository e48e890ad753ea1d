import type { LeadStatus } from "../domain/leads/lead.js";

/**
 * What the user asked for, whether typed or clicked. A text command and the card button that does the
 * same thing parse to the same Command, so both run the same use case and give the same result.
 * Each feature declares its commands as a union of its own and adds it to `Command` below.
 */
export type GeneralCommand = { readonly kind: "help" };

export type LeadCommand =
  | { readonly kind: "lead.form" }
  /** Raw field values by input name; parsed with the lead input schema when executed. */
  | { readonly kind: "lead.create"; readonly input: Readonly<Record<string, unknown>> }
  | { readonly kind: "lead.show"; readonly ref: string }
  | { readonly kind: "lead.list"; readonly status: LeadStatus | "all"; readonly cursor?: string };

export type Command = GeneralCommand | LeadCommand;

export type CommandKind = Command["kind"];

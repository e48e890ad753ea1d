import type { Actor } from "../shared/actor.js";
import type { FieldProblem } from "../shared/result.js";

export const leadSources = ["campaign", "website", "mailing_list", "referral", "partner", "other"] as const;
export type LeadSource = (typeof leadSources)[number];

export const contactMethods = ["any", "email", "phone", "mobile", "teams"] as const;
export type ContactMethod = (typeof contactMethods)[number];

export const leadStatuses = ["open", "qualified", "disqualified"] as const;
export type LeadStatus = (typeof leadStatuses)[number];

/** What a user may type or fill in for a lead. Parsed at the edge; the domain adds the rules below. */
export interface LeadDraft {
  readonly topic: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly company?: string;
  readonly jobTitle?: string;
  readonly email?: string;
  readonly businessPhone?: string;
  readonly mobilePhone?: string;
  readonly source?: LeadSource;
  readonly industry?: string;
  readonly contactMethod?: ContactMethod;
  readonly currency?: string;
  readonly productInterests?: readonly string[];
}

export interface UserStamp {
  readonly id: string;
  readonly name: string;
}

export type TimelineKind = "note" | "call" | "email" | "meeting" | "task";

export interface TimelineEntry {
  readonly kind: TimelineKind;
  readonly text: string;
  readonly by: UserStamp;
  readonly at: string;
}

export interface Lead extends LeadDraft {
  /** Short human reference, unique per tenant, e.g. "L-1001". */
  readonly ref: string;
  readonly tenantId: string;
  readonly status: LeadStatus;
  readonly owner: UserStamp;
  readonly productInterests: readonly string[];
  readonly timeline: readonly TimelineEntry[];
  readonly createdBy: UserStamp;
  readonly createdAt: string;
  readonly updatedBy: UserStamp;
  readonly updatedAt: string;
}

/** Sizes a user can meet; the edge refuses longer input before it reaches the domain. */
export const leadLimits = {
  topic: 200,
  name: 100,
  company: 160,
  jobTitle: 100,
  email: 254,
  phone: 40,
  industry: 100,
  productInterest: 100,
  productInterests: 20,
} as const;

export const leadRefPattern = /^L-\d{1,9}$/;

/**
 * A lead needs something to sell (the topic) and someone to talk to (a last name), as in Dynamics 365.
 * Autofill from a linked contact happens before this check, so a linked contact can supply the name.
 */
export function leadDraftProblems(draft: LeadDraft): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!draft.topic.trim()) problems.push({ field: "topic", problem: "required" });
  if (!draft.lastName?.trim()) problems.push({ field: "last", problem: "required" });
  return problems;
}

export function newLead(draft: LeadDraft, ref: string, actor: Actor, now: Date): Lead {
  const me: UserStamp = { id: actor.userId, name: actor.name };
  const at = now.toISOString();
  return {
    ...draft,
    ref,
    tenantId: actor.tenantId,
    status: "open",
    owner: me,
    productInterests: draft.productInterests ?? [],
    timeline: [],
    createdBy: me,
    createdAt: at,
    updatedBy: me,
    updatedAt: at,
  };
}

export function leadDisplayName(lead: Pick<Lead, "firstName" | "lastName" | "company">): string {
  const person = [lead.firstName, lead.lastName].filter(Boolean).join(" ");
  if (person && lead.company) return `${person} (${lead.company})`;
  return person || lead.company || "";
}

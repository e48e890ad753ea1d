import type { NotificationEvent } from "../notify/event.js";
import type { Actor } from "../shared/actor.js";
import type { FieldProblem } from "../shared/result.js";
import type { TimelineEntry, UserStamp } from "../shared/timeline.js";

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

export const stakeholderRoles = [
  "stakeholder",
  "decision_maker",
  "technical_buyer",
  "influencer",
  "other",
] as const;
export type StakeholderRole = (typeof stakeholderRoles)[number];

/** A contact connected to the lead with a role (seed 002: default role "stakeholder"). */
export interface Stakeholder {
  readonly contactRef: string;
  readonly name: string;
  readonly role: StakeholderRole;
}

/** The records a qualification creates or links; written to the lead before they are created, so a retry resumes. */
export interface Qualification {
  readonly accountRef?: string;
  readonly contactRef?: string;
  readonly opportunityRef?: string;
  readonly currency: string;
  readonly at: string;
  readonly by: UserStamp;
}

export interface Lead extends LeadDraft {
  /** Short human reference, unique per tenant, e.g. "L-1001". */
  readonly ref: string;
  readonly tenantId: string;
  readonly status: LeadStatus;
  readonly owner: UserStamp;
  readonly productInterests: readonly string[];
  /**
   * The latest timeline entries (a read gives at most the last five), plus those a change appends. Every
   * entry is stored as a document of its own; `timelineCount` says how many were stored when it was read.
   */
  readonly timeline: readonly TimelineEntry[];
  /** Set by the repository; absent on a lead not stored yet. */
  readonly timelineCount?: number;
  /** An existing account or contact the lead is for (seed 002: "existing account or contact"). */
  readonly accountRef?: string;
  readonly contactRef?: string;
  readonly stakeholders: readonly Stakeholder[];
  readonly qualification?: Qualification;
  readonly disqualifyReason?: string;
  /** Counts every change; a card carries the revision it shows. */
  readonly revision: number;
  /** Notifications committed with the change that caused them (lead qualified), until relayed. */
  readonly outbox?: readonly NotificationEvent[];
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
    stakeholders: [],
    revision: 1,
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

/** What `lead list` shows of a lead: its row. The list reads only these fields from the store. */
export const leadRowFields = [
  "ref",
  "topic",
  "firstName",
  "lastName",
  "company",
  "owner",
  "status",
] as const satisfies readonly (keyof Lead)[];

export type LeadRow = Pick<Lead, (typeof leadRowFields)[number]>;

export const leadTextLimit = 2000;
export const maxStakeholders = 20;

/** Linking an existing account fills the company, and a contact fills names, title, phones and email — only where empty. */
export function autofill(
  lead: LeadDraft,
  from: {
    readonly account?: { readonly name: string };
    readonly contact?: {
      readonly firstName?: string;
      readonly lastName?: string;
      readonly jobTitle?: string;
      readonly businessPhone?: string;
      readonly mobilePhone?: string;
      readonly email?: string;
      readonly companyName?: string;
    };
  },
): LeadDraft {
  const fill = <K extends keyof LeadDraft>(key: K, value: LeadDraft[K] | undefined) =>
    lead[key] === undefined || lead[key] === "" ? (value !== undefined ? { [key]: value } : {}) : {};
  const c = from.contact;
  return {
    ...lead,
    ...fill("company", from.account?.name ?? c?.companyName),
    ...(c
      ? {
          ...fill("firstName", c.firstName),
          ...fill("lastName", c.lastName),
          ...fill("jobTitle", c.jobTitle),
          ...fill("businessPhone", c.businessPhone),
          ...fill("mobilePhone", c.mobilePhone),
          ...fill("email", c.email),
        }
      : {}),
  };
}

export function touchLead(lead: Lead, actor: Actor, now: Date, change: Partial<Lead>): Lead {
  return {
    ...lead,
    ...change,
    revision: lead.revision + 1,
    updatedBy: { id: actor.userId, name: actor.name },
    updatedAt: now.toISOString(),
  };
}

/** Who may change a lead (disqualify, reactivate, delete, qualify): its owner, managers and admins. */
export const mayChangeLead = (actor: Actor, lead: Lead): boolean =>
  actor.role === "admin" ||
  actor.role === "manager" ||
  (actor.role === "rep" && lead.owner.id === actor.userId);

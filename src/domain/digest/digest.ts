import type { ConversationAddress } from "../directory/directory.js";
import type { Schedule } from "./schedule.js";

/**
 * What the bot says on its own: a channel's digest of the pipeline and what changed, and each rep's morning
 * nudge about what is due. Both are computed when they fall due and travel inside their delivery, so every
 * attempt to post one posts the same thing. Here what they hold; what an opportunity adds to them is in
 * digest.rules.ts.
 */

/** A channel's digest (`notify here digest …`). One per channel conversation. */
export interface ChannelDigest {
  readonly tenantId: string;
  readonly address: ConversationAddress;
  readonly schedule: Schedule;
  /** The language of whoever set it up. */
  readonly locale?: string;
  /** False after `notify here digest off`, or when Teams said the bot is gone from the channel. */
  readonly active: boolean;
  /** The last period fanned out completely (its local date): the scheduler's shortcut, not the guard. */
  readonly lastPeriod?: string;
  readonly by: { readonly id: string; readonly name: string };
  readonly at: string;
}

/** A person's nudge settings: `notify me off|on`, and the opportunities they snoozed until a date. */
export interface NudgePrefs {
  readonly tenantId: string;
  readonly userId: string;
  readonly off: boolean;
  /** Opportunity ref → the local date until which (inclusive) it is left out of their nudges. */
  readonly snoozes: Readonly<Record<string, string>>;
}

export interface StageTotals {
  readonly stage: string;
  readonly count: number;
  readonly totals: readonly {
    readonly currency: string;
    readonly total: number;
    readonly weighted: number;
  }[];
}

export type ChangeKind = "new" | "moved" | "won" | "lost";

export interface DigestChange {
  readonly kind: ChangeKind;
  readonly ref: string;
  readonly title: string;
  readonly value: number;
  readonly currency: string;
  /** Stage names (moved), or the stage it was closed from. */
  readonly from?: string;
  readonly to?: string;
}

export interface DigestDeal {
  readonly ref: string;
  readonly title: string;
  readonly owner: string;
  readonly value: number;
  readonly currency: string;
  /** Stale: the date of its last change; overdue: its expected close date. */
  readonly date: string;
}

export interface DigestContent {
  /** Changes are those from `since` (the previous period's time) until `until` (this one's). ISO instants. */
  readonly since: string;
  readonly until: string;
  readonly staleDays: number;
  readonly stages: readonly StageTotals[];
  readonly changes: readonly DigestChange[];
  readonly moreChanges: number;
  readonly stale: readonly DigestDeal[];
  readonly moreStale: number;
  readonly overdue: readonly DigestDeal[];
  readonly moreOverdue: number;
  /** More opportunities than one digest looks at: figures are partial. */
  readonly truncated: boolean;
}

export type NudgeReason =
  | { readonly kind: "activity"; readonly activity: string; readonly due: string }
  | { readonly kind: "close_passed"; readonly date: string }
  | { readonly kind: "stale"; readonly since: string; readonly days: number }
  | { readonly kind: "missing"; readonly fields: readonly ("value" | "close")[] };

export interface NudgeItem {
  readonly ref: string;
  readonly title: string;
  /** The revision the card's buttons carry (a press on an out-of-date card is not applied). */
  readonly revision: number;
  readonly stage: string;
  readonly reasons: readonly NudgeReason[];
}

export interface NudgeContent {
  /** The local date of the morning it is for. */
  readonly date: string;
  readonly items: readonly NudgeItem[];
  /** Items left out to keep the card small. */
  readonly more: number;
}

export const digestLimits = {
  /** Lines per digest section, and items per nudge: a card stays well under Teams' 28 KB. */
  lines: 10,
  nudgeItems: 12,
  /** How many changed opportunities one digest reads at most (newest first). */
  changesScanned: 2_000,
  staleDays: { min: 1, max: 365, default: 14 },
  snoozeDays: 7,
} as const;

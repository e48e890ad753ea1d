/**
 * Who did something, and the notes and activities written on a record: shared by leads, opportunities,
 * accounts, contacts and partners, so none of them imports another for them.
 */

/** Who wrote or changed something, as stored with it: the user's id and their name at the time. */
export interface UserStamp {
  readonly id: string;
  readonly name: string;
}

export type TimelineKind = "note" | "call" | "email" | "meeting" | "task";

/** One note or activity in a lead's or an opportunity's timeline. */
export interface TimelineEntry {
  readonly kind: TimelineKind;
  readonly text: string;
  readonly by: UserStamp;
  readonly at: string;
  /** Where the entry was first written, when copied (e.g. a lead's notes on its opportunity: "L-1001"). */
  readonly origin?: string;
}

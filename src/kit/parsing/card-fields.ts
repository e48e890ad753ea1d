import * as z from "zod";

/**
 * Fields every card verb about a record carries: its reference and the revision the card showed. Teams sends
 * what the card put in `data`, so a revision may come back as a number or as digits in a string.
 */
export const cardRef = z.string().trim().min(1).max(20);

export const cardRevision = z.union([
  z.number().int().min(1).max(999_999_999),
  z
    .string()
    .regex(/^\d{1,9}$/)
    .transform(Number),
]);

/** An empty or blank input is no input. */
export const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** A yes/no toggle or typed word: yes, true, on, 1 or no, false, off, 0. */
const yesWords = ["yes", "true", "on", "1"];
const noWords = ["no", "false", "off", "0"];
export const yesNo = z.preprocess(
  (v) => {
    const value = blankToUndefined(v);
    if (typeof value !== "string") return value;
    const word = value.trim().toLowerCase();
    return yesWords.includes(word) ? true : noWords.includes(word) ? false : value;
  },
  z.boolean({ error: "yes_no" }).optional(),
);

/** Longest text accepted for a person (a mention with a long name, an email, a user id). */
export const personTextMax = 300;

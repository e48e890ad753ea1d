import { z } from "zod";

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

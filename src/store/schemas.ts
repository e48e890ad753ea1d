import { z } from "zod";

/** Pieces of stored-document schemas shared by several repositories. */
export const userStampSchema = z.object({ id: z.string(), name: z.string() });

export const timelineEntrySchema = z.object({
  kind: z.enum(["note", "call", "email", "meeting", "task"]),
  text: z.string(),
  by: userStampSchema,
  at: z.string(),
  origin: z.string().optional(),
});

import * as z from "zod";
import { cardRef } from "../../kit/parsing/card-fields.js";
import type { DigestCommand } from "./commands.js";

/** Card verbs of the nudge card (its other buttons are the opportunity's own verbs). */
export const digestActions = {
  "nudge.snooze": () =>
    z.object({ ref: cardRef }).transform(({ ref }): DigestCommand => ({ kind: "nudge.snooze", ref })),
};

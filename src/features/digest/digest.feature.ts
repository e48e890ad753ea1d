import type { DigestCommand } from "./commands.js";
import { digestActions } from "./digest.input.js";
import { day, digestSummary, digestView, moment } from "./digest.views.js";
import {
  defaultDigestSchedule,
  parseTimeOfDay,
  parseWeekday,
  timeOfDay,
  type Schedule,
} from "../../domain/digest/schedule.js";
import { managers, parsed, staff, usage, type ParsedText } from "../../kit/parsing/text-command.js";
import { failureText } from "../../kit/replies/failure-text.js";
import type { Feature, Handlers } from "../../kit/feature.js";
import { conversationAddress } from "../../kit/turn.js";

/**
 * `notify here digest [weekly|daily] [‹day›] [‹HH:MM›]` and `… off`: one word each, in any order after
 * the cadence; what is left out keeps its default (weekly, Monday, 08:00).
 */
function parseDigest(args: readonly string[]): ParsedText<DigestCommand> {
  const words = args.map((a) => a.toLowerCase());
  if (words.length === 1 && words[0] === "off") return parsed({ kind: "digest.off" });
  let cadence: Schedule["cadence"] | undefined;
  let weekday: number | undefined;
  let minutes: number | undefined;
  for (const [i, word] of words.entries()) {
    const original = args[i] ?? word;
    if ((word === "weekly" || word === "daily") && i === 0) cadence = word;
    else if (weekday === undefined && parseWeekday(word) !== undefined) weekday = parseWeekday(word);
    else if (minutes === undefined && /\d/.test(word)) {
      minutes = parseTimeOfDay(word);
      if (minutes === undefined)
        return usage("notify here digest", { code: "digest.bad_time", params: { value: original } });
    } else if (weekday === undefined && minutes === undefined && /^[a-zæøåäö]+$/.test(word))
      return usage("notify here digest", { code: "digest.bad_day", params: { value: original } });
    else return usage("notify here digest", { code: "reply.extra_argument", params: { token: original } });
  }
  if (cadence === "daily" && weekday !== undefined)
    return usage("notify here digest", { code: "digest.daily_day" });
  return parsed({
    kind: "digest.set",
    schedule: {
      cadence: cadence ?? "weekly",
      weekday: weekday ?? defaultDigestSchedule.weekday,
      minutes: minutes ?? defaultDigestSchedule.minutes,
    },
  });
}

function parseNotifyMe(args: readonly string[]): ParsedText<DigestCommand> {
  const [word, ...rest] = args;
  const choice = word?.toLowerCase();
  if (rest.length === 0 && (choice === "on" || choice === "off"))
    return parsed({ kind: "nudge.set", on: choice === "on" });
  return usage("notify me", { code: "reply.bad_choice", params: { value: word ?? "", choices: "on, off" } });
}

const handlers: Handlers<DigestCommand> = {
  "digest.set": async (command, ctx) => {
    const { actor, services, turn, view } = ctx;
    const { t } = view;
    const result = await services.digests.setChannel(
      actor,
      conversationAddress(turn),
      command.schedule,
      turn.locale,
    );
    if (!result.ok) return { message: failureText(t, result.error) };
    const { digest, next, zone } = result.value;
    const params = {
      day: t.t(`digest.day.${digest.schedule.weekday as 1 | 2 | 3 | 4 | 5 | 6 | 7}`),
      time: timeOfDay(digest.schedule.minutes),
      zone,
      next: moment(view, next.dueAt, zone),
    };
    return {
      message: t.t(digest.schedule.cadence === "daily" ? "digest.set.daily" : "digest.set.weekly", params),
    };
  },
  "digest.off": async (_command, ctx) => {
    const { actor, services, turn, view } = ctx;
    const result = await services.digests.offChannel(actor, conversationAddress(turn));
    if (!result.ok) return { message: failureText(view.t, result.error) };
    return { message: view.t.t(result.value.wasOn ? "digest.off.done" : "digest.off.not_on") };
  },
  "digest.preview": async (_command, ctx) => {
    const { actor, services, turn, view } = ctx;
    const inChannel = turn.conversation.kind === "channel";
    const result = await services.digests.preview(actor, inChannel ? turn.conversation.id : undefined);
    if (!result.ok) return { message: failureText(view.t, result.error) };
    const zone = await services.digests.zone(actor.tenantId);
    const { content, digest, next } = result.value;
    return {
      card: {
        name: "digest",
        data: digestView(view, content, zone, digest ? { next } : {}),
        summary: digestSummary(view, content, zone),
      },
    };
  },
  "nudge.set": async (command, ctx) => {
    const { actor, services, view } = ctx;
    const result = await services.digests.setNudges(actor, command.on);
    if (!result.ok) return { message: failureText(view.t, result.error) };
    return { message: view.t.t(command.on ? "nudge.on" : "nudge.off") };
  },
  "nudge.snooze": async (command, ctx) => {
    const { actor, services, view } = ctx;
    const result = await services.digests.snooze(actor, command.ref);
    if (!result.ok) return { message: failureText(view.t, result.error) };
    return {
      message: view.t.t("nudge.snoozed", { ref: result.value.ref, date: day(view, result.value.until) }),
    };
  },
};

/** The bot speaks first: a channel's pipeline digest and each rep's morning nudge. */
export const digestFeature: Feature<DigestCommand> = {
  textCommands: [
    {
      name: "notify here digest",
      usage: "notify here digest [weekly|daily] [‹day›] [‹HH:MM›] | notify here digest off",
      roles: managers,
      parse: parseDigest,
    },
    {
      name: "digest preview",
      usage: "digest preview",
      roles: staff,
      parse: (args) =>
        args.length === 0
          ? parsed({ kind: "digest.preview" })
          : usage("digest preview", { code: "reply.extra_argument", params: { token: args.join(" ") } }),
    },
    { name: "notify me", usage: "notify me off|on", roles: staff, parse: parseNotifyMe },
  ],
  actions: digestActions,
  handlers,
};

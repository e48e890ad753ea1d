import type { NotifyCommand } from "./commands.js";
import { parsed, usage, type ParsedText } from "../../kit/parsing/text-command.js";
import type { ConversationAddress } from "../../domain/directory/directory.js";
import { topics, type Topic } from "../../domain/notify/event.js";
import type { Partner } from "../../domain/partners/partner.js";
import { isStaff } from "../../domain/shared/actor.js";
import { failureText } from "../../kit/replies/failure-text.js";
import type { Translator } from "../../i18n/index.js";
import type { Feature, FeatureContext, Handlers, View } from "../../kit/feature.js";
import { conversationAddress } from "../../kit/turn.js";

/** Words for topics; `assigned` and `closed` are accepted as aliases. */
const topicWords: Readonly<Record<string, Topic | "all">> = {
  ...Object.fromEntries(topics.map((t) => [t, t])),
  stages: "stage",
  assignment: "assignment",
  assignments: "assignment",
  assigned: "assignment",
  partners: "partner",
  deals: "deal",
  lost: "won",
  closed: "won",
  leads: "lead",
  all: "all",
};

function parseNotifyStatus(args: readonly string[]): ParsedText<NotifyCommand> {
  const [word] = args;
  if (word === undefined) return parsed({ kind: "notify.status" });
  return usage("notify here", { code: "reply.bad_choice", params: { value: word, choices: "here, off" } });
}

function parseNotifyOff(args: readonly string[]): ParsedText<NotifyCommand> {
  if (args.length > 0)
    return usage("notify off", { code: "reply.extra_argument", params: { token: args.join(" ") } });
  return parsed({ kind: "notify.off" });
}

function parseNotifyHere(rest: readonly string[]): ParsedText<NotifyCommand> {
  const wanted = new Set<Topic>();
  for (const token of rest.flatMap((r) => r.split(","))) {
    if (!token) continue;
    const topic = topicWords[token.toLowerCase()];
    if (!topic)
      return {
        ok: false,
        error: { code: "notify.bad_topic", params: { topic: token, topics: topics.join(", ") } },
      };
    if (topic === "all") topics.forEach((t) => wanted.add(t));
    else wanted.add(topic);
  }
  return parsed({ kind: "notify.here", topics: [...wanted] });
}

const handlers: Handlers<NotifyCommand> = {
  "notify.here": async (command, ctx) => {
    const { actor, services, turn, view } = ctx;
    const { t } = view;
    const address = conversationAddress(turn);
    if (actor.role === "partner") return inboxHere(ctx, address, command.topics);
    const result = await services.subscriptions.subscribe(actor, address, command.topics, turn.locale);
    if (!result.ok) return { message: failureText(t, result.error) };
    return { message: t.t("notify.here.done", { topics: topicList(t, result.value.topics) }) };
  },
  "notify.off": async (_command, ctx) => {
    const { actor, services, turn, view } = ctx;
    const { t } = view;
    const address = conversationAddress(turn);
    if (actor.role === "partner") return inboxOff(ctx, address);
    const result = await services.subscriptions.unsubscribe(actor, address);
    if (!result.ok) return { message: failureText(t, result.error) };
    return { message: t.t(result.value.wasOn ? "notify.off.done" : "notify.off.not_on") };
  },
  "notify.status": async (_command, ctx) => {
    const { actor, services, turn, view } = ctx;
    const { t } = view;
    const address = conversationAddress(turn);
    if (actor.role === "partner") return inboxStatus(ctx, address);
    if (!isStaff(actor)) return { message: failureText(t, { code: "notify.forbidden" }) };
    if (address.kind !== "channel") return { message: t.t("notify.channel_only") };
    const current = await services.subscriptions.current(actor.tenantId, address.conversationId);
    return current?.active
      ? { message: t.t("notify.status.on", { topics: topicList(t, current.topics) }) }
      : { message: t.t("notify.status.off", { topics: topics.join(", ") }) };
  },
};

/** Channel subscriptions (`notify here|off`) and assignment (`opp assign`, the card's Assign button). */
export const notifyFeature: Feature<NotifyCommand> = {
  textCommands: [
    {
      name: "notify",
      usage: "notify",
      roles: ["admin", "manager", "rep", "partner"],
      parse: parseNotifyStatus,
    },
    {
      name: "notify here",
      usage: "notify here [stage|assignment|partner|deal|won|lead|all ...]",
      roles: ["admin", "manager", "partner"],
      parse: parseNotifyHere,
    },
    {
      name: "notify off",
      usage: "notify off",
      roles: ["admin", "manager", "partner"],
      parse: parseNotifyOff,
    },
  ],

  actions: {},

  handlers,
};

// ---------------------------------------------------------------------------------------------------------
// A partner user's `notify here|off` and `notify`: their organisation's inbox channel, where the cards of
// opportunities distributed to it are posted instead of each member's personal chat.

/** The organisation a partner user acts for; undefined when they are not (or no longer) bound to one. */
async function ownPartner(ctx: FeatureContext): Promise<Partner | undefined> {
  const { actor, services } = ctx;
  return actor.partner ? services.partners.get(actor.tenantId, actor.partner) : undefined;
}

async function inboxHere(
  ctx: FeatureContext,
  address: ConversationAddress,
  wanted: readonly Topic[],
): Promise<View> {
  const { t } = ctx.view;
  if (wanted.some((topic) => topic !== "partner"))
    return { message: t.t("partner.inbox.partner_topic_only") };
  if (!(await ownPartner(ctx))) return { message: t.t("partner.no_organisation") };
  const result = await ctx.services.partners.setInbox(ctx.actor, address, ctx.turn.locale);
  if (!result.ok) return { message: failureText(t, result.error) };
  return { message: t.t("partner.inbox.set", { partner: result.value.name }) };
}

async function inboxOff(ctx: FeatureContext, address: ConversationAddress): Promise<View> {
  const { t } = ctx.view;
  const own = await ownPartner(ctx);
  if (!own) return { message: t.t("partner.no_organisation") };
  // Only the inbox channel itself turns the inbox off: `notify off` elsewhere must not silence it.
  if (own.inbox?.conversationId !== address.conversationId)
    return { message: t.t("partner.inbox.not_here", { partner: own.name }) };
  const result = await ctx.services.partners.setInbox(ctx.actor, undefined);
  if (!result.ok) return { message: failureText(t, result.error) };
  return { message: t.t("partner.inbox.cleared", { partner: result.value.name }) };
}

async function inboxStatus(ctx: FeatureContext, address: ConversationAddress): Promise<View> {
  const { t } = ctx.view;
  const own = await ownPartner(ctx);
  if (!own) return { message: t.t("partner.no_organisation") };
  if (!own.inbox) return { message: t.t("partner.inbox.none", { partner: own.name }) };
  if (own.inbox.conversationId === address.conversationId)
    return { message: t.t("partner.inbox.here", { partner: own.name }) };
  const channel = own.inbox.name ?? t.t("partner.list.inbox_unnamed");
  return { message: t.t("partner.inbox.elsewhere", { partner: own.name, channel }) };
}

const topicList = (t: Translator, list: readonly Topic[]) =>
  list.map((topic) => t.t(`notify.topic.${topic}`)).join(", ");

import { z } from "zod";
import { cardRef, cardRevision } from "../../kit/parsing/card-fields.js";
import type { Command } from "../commands.js";
import { missing, parsed, usage, type ParsedText } from "../../kit/parsing/text-command.js";
import type { ConversationAddress } from "../../domain/directory/directory.js";
import { topics, type Topic } from "../../domain/notify/event.js";
import { opportunityRefPattern } from "../../domain/opportunities/opportunity.js";
import type { Partner } from "../../domain/partners/partner.js";
import { isManager, isStaff } from "../../domain/shared/actor.js";
import type { Failure } from "../../domain/shared/result.js";
import { failureText } from "../../kit/replies/failure-text.js";
import type { Translator } from "../../i18n/index.js";
import type { Feature, FeatureContext, View } from "../../kit/feature.js";
import { answer, explain, forForm, refusal } from "../opportunities/opportunities.feature.js";
import { assignFormView } from "./notify.views.js";

/** The most opportunities one `opp assign` takes. */
export const maxAssignRefs = 50;
/** The longest person text accepted (a mention with a long name, an email). */
const personMax = 300;

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

function parseNotifyStatus(args: readonly string[]): ParsedText {
  const [word] = args;
  if (word === undefined) return parsed({ kind: "notify.status" });
  return usage("notify here", { code: "reply.bad_choice", params: { value: word, choices: "here, off" } });
}

function parseNotifyOff(args: readonly string[]): ParsedText {
  if (args.length > 0)
    return usage("notify off", { code: "reply.extra_argument", params: { token: args.join(" ") } });
  return parsed({ kind: "notify.off" });
}

function parseNotifyHere(rest: readonly string[]): ParsedText {
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

/** `opp assign O-1 [O-2 …] <person>`: references first, then whoever they go to. */
function parseAssign(args: readonly string[]): ParsedText {
  const refs: string[] = [];
  let i = 0;
  for (; i < args.length; i++) {
    const token = (args[i] ?? "").replace(/,$/u, "");
    if (!opportunityRefPattern.test(token.toUpperCase())) break;
    refs.push(token.toUpperCase());
  }
  const person = args.slice(i).join(" ").trim();
  if (refs.length === 0 && !person) return missing("opp assign");
  if (refs.length === 0) return usage("opp assign", { code: "opp.bad_ref", params: { ref: args[0] ?? "" } });
  if (!person) {
    return refs.length === 1
      ? parsed({ kind: "opp.assign.form", ref: refs[0] ?? "" })
      : missing("opp assign");
  }
  if (person.length > personMax)
    return usage("opp assign", { code: "reply.too_long", params: { max: personMax } });
  if (refs.length > maxAssignRefs)
    return { ok: false, error: { code: "assign.too_many", params: { max: maxAssignRefs } } };
  return parsed({ kind: "opp.assign", refs: [...new Set(refs)], person });
}

const ref = cardRef;
const revision = cardRevision;

/** Channel subscriptions (`notify here|off`) and assignment (`opp assign`, the card's Assign button). */
export const notifyFeature: Feature = {
  textCommands: [
    { name: "notify", parse: parseNotifyStatus },
    { name: "notify here", parse: parseNotifyHere },
    { name: "notify off", parse: parseNotifyOff },
    { name: "opp assign", parse: parseAssign },
  ],

  actions: {
    "opp.assign.form": z
      .object({ ref, revision: revision.optional() })
      .transform(({ ref, revision }): Command => ({
        kind: "opp.assign.form",
        ref,
        ...(revision !== undefined ? { revision } : {}),
      })),
    "opp.assign": z
      .object({ ref, revision: revision.optional(), person: z.string().max(personMax).optional() })
      .transform(({ ref, revision, person }): Command => ({
        kind: "opp.assign",
        refs: [ref],
        person: person?.trim() ?? "",
        ...(revision !== undefined ? { revision } : {}),
      })),
  },

  kinds: ["notify.here", "notify.off", "notify.status", "opp.assign", "opp.assign.form"],

  async run(command, ctx): Promise<View> {
    const { actor, services, turn, view } = ctx;
    const { t } = view;
    const address: ConversationAddress = {
      serviceUrl: turn.serviceUrl,
      conversationId: turn.conversation.id,
      kind: turn.conversation.kind,
      botId: turn.botId,
      ...(turn.conversation.teamId ? { teamId: turn.conversation.teamId } : {}),
      ...(turn.conversation.channelId ? { channelId: turn.conversation.channelId } : {}),
      ...(turn.conversation.name ? { name: turn.conversation.name } : {}),
    };
    switch (command.kind) {
      case "notify.here": {
        if (actor.role === "partner") return inboxHere(ctx, address, command.topics);
        const result = await services.subscriptions.subscribe(actor, address, command.topics, turn.locale);
        if (!result.ok) return { message: failureText(t, result.error) };
        return { message: t.t("notify.here.done", { topics: topicList(t, result.value.topics) }) };
      }
      case "notify.off": {
        if (actor.role === "partner") return inboxOff(ctx, address);
        const result = await services.subscriptions.unsubscribe(actor, address);
        if (!result.ok) return { message: failureText(t, result.error) };
        return { message: t.t(result.value.wasOn ? "notify.off.done" : "notify.off.not_on") };
      }
      case "notify.status": {
        if (actor.role === "partner") return inboxStatus(ctx, address);
        if (!isStaff(actor)) return { message: failureText(t, { code: "notify.forbidden" }) };
        if (address.kind !== "channel") return { message: t.t("notify.channel_only") };
        const current = await services.subscriptions.current(actor.tenantId, address.conversationId);
        return current?.active
          ? { message: t.t("notify.status.on", { topics: topicList(t, current.topics) }) }
          : { message: t.t("notify.status.off", { topics: topics.join(", ") }) };
      }
      case "opp.assign.form":
        return assignForm(ctx, command.ref, command.revision);
      case "opp.assign":
        return assign(ctx, command);
    }
    return { message: t.t("notify.usage") };
  },
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

async function assignForm(ctx: FeatureContext, ref: string, revision: number | undefined): Promise<View> {
  const { t } = ctx.view;
  const target = { ref, ...(revision !== undefined ? { revision } : {}) };
  if (!isManager(ctx.actor)) return refusal(ctx, target, { code: "assign.forbidden" });
  const loaded = await forForm(ctx, target);
  if (!loaded.ok) return loaded.reply;
  const o = loaded.view.opportunity;
  if (o.status !== "open")
    return refusal(ctx, target, { code: "opp.closed", params: { ref: o.ref, status: o.status } });
  const people = (await ctx.services.directory.assignees(ctx.actor)).filter((p) => p.userId !== o.owner.id);
  if (people.length === 0) return { message: t.t("assign.form.none", { ref: o.ref }) };
  return {
    card: {
      name: "opportunity-assign",
      summary: t.t("assign.form.title", { ref: o.ref }),
      data: assignFormView(ctx.view, o, people),
    },
  };
}

async function assign(ctx: FeatureContext, command: Extract<Command, { kind: "opp.assign" }>): Promise<View> {
  const { actor, services, turn, view } = ctx;
  const { t } = view;
  const [first] = command.refs;
  const single = command.refs.length === 1 && first !== undefined;
  const target = {
    ref: first ?? "",
    ...(command.revision !== undefined ? { revision: command.revision } : {}),
  };
  const refuse = (failure: Failure) =>
    single ? refusal(ctx, target, failure) : { message: explain(ctx, failure) };
  // Refuse before looking anybody up: the person's name is nobody else's business.
  if (!isManager(actor)) return refuse({ code: "assign.forbidden" });
  if (!command.person)
    return single ? assignForm(ctx, target.ref, command.revision) : { message: t.t("assign.usage") };
  const person = await services.directory.resolveUser(
    actor.tenantId,
    { mentions: turn.mentions, roster: turn.roster },
    command.person,
  );
  if (!person.ok) return refuse(person.error);
  const assignee = services.directory.actorFor(person.value);
  if (!isStaff(assignee)) return refuse({ code: "assign.not_staff", params: { name: person.value.name } });
  const to = { id: person.value.userId, name: person.value.name };
  if (single) {
    const result = await services.opportunities.assign(actor, first, to, command.revision);
    return answer(ctx, target, result, (v) =>
      t.t("assign.done", { ref: v.opportunity.ref, owner: v.opportunity.owner.name }),
    );
  }
  const done: string[] = [];
  const problems: string[] = [];
  for (const ref of command.refs) {
    const result = await services.opportunities.assign(actor, ref, to);
    if (result.ok) done.push(result.value.opportunity.ref);
    else problems.push(explain(ctx, result.error));
  }
  const lines = [
    ...(done.length ? [t.t("assign.done.many", { owner: to.name, refs: done.join(", ") })] : []),
    ...(problems.length ? [t.t("assign.failed.some", { problems: problems.join(" ") })] : []),
  ];
  return { message: lines.join("\n\n") };
}

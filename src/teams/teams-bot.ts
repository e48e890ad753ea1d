import { CardFactory, TeamsInfo, TurnContext, type Activity, type Attachment } from "botbuilder";
import type { Roster, RosterMember } from "../domain/directory/directory.js";
import type { PipelineApp } from "../app/pipeline-app.js";
import type { ActionReply, Reply, Turn } from "../kit/turn.js";
import type { ExtensionAnswer } from "../kit/extension.js";
import { adaptiveCardContentType } from "../kit/rendering/renderer.js";
import { translator } from "../i18n/index.js";
import type { ConnectorClient } from "botframework-connector";
import { respondToInvoke } from "./adapter.js";
import { postActivity } from "./connector-send.js";
import { ConnectorBudget, DeadlinePassed } from "./connector-time.js";
import { LateAnswers, type LateTracking, type OwedAnswer } from "./late-answers.js";
import { systemTimers, type Timers } from "../notify/timers.js";
import type { Logger } from "../log.js";
import { readExecuteAction, submitValueSchema, toTurn, type IncomingActivity } from "./activity.js";
import {
  anonymousLinkInvoke,
  extensionInvokeNames,
  extensionRequestOf,
  failedAnswer,
  invokeBodyOf,
  nothingFound,
} from "./extension-invokes.js";

interface Route {
  readonly name: string;
  select(activity: IncomingActivity, context: TurnContext): boolean;
  handle(
    turn: Turn,
    activity: IncomingActivity,
    context: TurnContext,
    budget: ConnectorBudget,
  ): Promise<void>;
  /** How it is answered when the activity names no tenant; default: refused. */
  withoutTenant?(activity: IncomingActivity, context: TurnContext): Promise<void>;
}

/**
 * How long a turn may spend waiting for the Bot Connector in all (member lookups and replies). Only that
 * waiting counts: time the turn spends in the app and the store (long under load) never takes a reply's time.
 */
export const replyDeadlineMs = 10_000;
/** A member lookup gets at most this much of it; past it, membership is unknown for this turn. */
const lookupDeadlineMs = 3_000;
/**
 * Undelivered answers remembered for the next turn (a bound, not a tuning knob). When it is reached the oldest
 * is forgotten: its user is not told on their next turn (the change itself was saved all the same).
 */
const maxLateAnswers = 10_000;
/**
 * How long a reply send may stay on its way after the turn's deadline before it is given up on: stopped, and
 * its answer owed to the user's next turn as one that may not have reached them. Long enough for the
 * connector client's own retries (about 15 s of 5xx backoff, or a 429's Retry-After); a send still unsettled
 * after that is hung, and would otherwise never be told.
 */
export const lateGiveUpMs = 120_000;

/** How late sends are given up on: the time they get, and the clock (virtual in tests). */
export interface LateSendOptions {
  readonly giveUpMs?: number;
  readonly timers?: Timers;
}

/**
 * The Teams edge: works out what happened, hands it to the app, and sends what the app answers.
 * Routing is a table, not a chain of ifs; no business rule lives here.
 *
 * Replies have a deadline: the SDK's connector client retries 5xx for about 15 s and sleeps on a 429's
 * Retry-After however long it is, and a hung connector holds the turn for ever. A turn may wait for the
 * connector `replyDeadlineMs` in all; past that the turn ends (Teams gets its answer) and the send may still
 * complete in the background. If it does not, the user is told on their next turn what the answer was — the
 * change itself was saved before the reply was sent.
 */
export class TeamsBot {
  private readonly routes: readonly Route[];
  /** Per user and conversation: answers that did not reach them in time. */
  private readonly lateAnswers: LateAnswers;

  constructor(
    private readonly app: PipelineApp,
    private readonly log: Logger,
    private readonly connectorMs = replyDeadlineMs,
    lateAnswersKept = maxLateAnswers,
    private readonly late: LateSendOptions = {},
  ) {
    this.lateAnswers = new LateAnswers(lateAnswersKept);
    this.routes = [
      {
        name: "card action",
        select: (a) => a.type === "invoke" && a.name === "adaptiveCard/action",
        handle: (turn, a, context) => this.onExecute(turn, a, context),
      },
      {
        // A link pasted by someone without the app (zero-install unfurling): nobody is known, nothing shown.
        name: "anonymous link",
        select: (a) => a.type === "invoke" && a.name === anonymousLinkInvoke,
        handle: (_turn, _a, context) => this.answerExtension(context, nothingFound),
        withoutTenant: (_a, context) => this.answerExtension(context, nothingFound),
      },
      {
        name: "message extension",
        select: (a) => a.type === "invoke" && isExtensionInvoke(a.name),
        handle: (turn, a, context) => this.onExtension(turn, a, context),
      },
      {
        // Invokes the app does not declare (task modules, message extensions, sign-in…): Teams never sends
        // them to this bot, so they are refused as a bad request rather than left to the SDK's 501.
        name: "unknown invoke",
        select: (a) => a.type === "invoke",
        handle: (_turn, a, context) => this.refuseInvoke(a, context),
      },
      {
        name: "card submit",
        select: (a) => a.type === "message" && a.value !== undefined && !a.text?.trim(),
        handle: (turn, a, context, budget) => this.onSubmit(turn, a, context, budget),
      },
      {
        name: "message",
        select: (a) => a.type === "message",
        handle: (turn, a, context, budget) => this.onMessage(turn, a, context, budget),
      },
      {
        name: "installed",
        select: (a, context) =>
          a.type === "conversationUpdate" &&
          (a.membersAdded ?? []).some((m) => m.id === context.activity.recipient?.id),
        handle: async (turn, _a, context, budget) =>
          this.send(turn, context, await this.app.installed(turn), budget),
      },
      {
        name: "removed",
        select: (a, context) =>
          (a.type === "conversationUpdate" &&
            (a.membersRemoved ?? []).some((m) => m.id === context.activity.recipient?.id)) ||
          (a.type === "installationUpdate" && (a.action === "remove" || a.action === "remove-upgrade")),
        // Nothing is sent: the bot can no longer post there.
        handle: (turn) => this.app.removed(turn),
      },
    ];
  }

  /** One turn: `activity` is the turn's activity as src/teams/activity.ts read it (readActivity). */
  async run(context: TurnContext, activity: IncomingActivity): Promise<void> {
    const route = this.routes.find((r) => r.select(activity, context));
    if (!route) return;
    const budget = new ConnectorBudget(this.connectorMs);
    const turn = toTurn(activity, this.roster(context, budget));
    if (!turn && route.withoutTenant) return route.withoutTenant(activity, context);
    if (!turn) {
      const text = translator(activity.locale).t("reply.no_tenant");
      if (route.name === "card action") await this.answerInvoke(context, { kind: "message", text });
      else if (activity.type === "invoke") await this.refuseInvoke(activity, context);
      else if (activity.type === "message")
        await this.deliver(undefined, context, [textActivity(text)], budget);
      return;
    }
    try {
      await route.handle(turn, activity, context, budget);
    } catch (error) {
      this.log.error("turn failed", {
        route: route.name,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
      const text = translator(turn.locale).t("reply.internal_error");
      if (route.name === "card action") await this.answerInvoke(context, { kind: "message", text });
      else if (route.name === "message extension")
        await this.answerExtension(context, failedAnswer(activity.name, text));
      else await this.deliver(turn, context, [textActivity(text)], budget);
    }
  }

  private async onMessage(
    turn: Turn,
    activity: IncomingActivity,
    context: TurnContext,
    budget: ConnectorBudget,
  ): Promise<void> {
    const text =
      TurnContext.removeRecipientMention(context.activity as Partial<Activity>) ?? activity.text ?? "";
    await this.send(turn, context, await this.app.message(turn, text.trim()), budget);
  }

  private async onExecute(turn: Turn, activity: IncomingActivity, context: TurnContext): Promise<void> {
    const action = readExecuteAction(activity.value);
    const reply = await this.app.action(turn, action?.verb, action?.data);
    await this.answerInvoke(context, reply);
  }

  private async onExtension(turn: Turn, activity: IncomingActivity, context: TurnContext): Promise<void> {
    const request = extensionRequestOf(activity.name ?? "", activity.value);
    if (!request) {
      this.log.warn("extension invoke refused: unreadable value", { name: activity.name ?? "" });
      await respondToInvoke(context, {
        status: 400,
        body: { error: "The invoke's value is not what Teams sends." },
      });
      return;
    }
    await this.answerExtension(context, await this.app.extension(turn, request));
  }

  private async answerExtension(context: TurnContext, answer: ExtensionAnswer): Promise<void> {
    await respondToInvoke(context, { status: 200, body: invokeBodyOf(answer) });
  }

  private async onSubmit(
    turn: Turn,
    activity: IncomingActivity,
    context: TurnContext,
    budget: ConnectorBudget,
  ): Promise<void> {
    const value = submitValueSchema.safeParse(activity.value);
    const { verb, ...data } = value.success ? value.data : { verb: undefined };
    const reply = await this.app.action(turn, verb, data);
    await this.send(
      turn,
      context,
      reply.kind === "card"
        ? [{ kind: "card", card: reply.card, summary: "" }]
        : [{ kind: "text", text: reply.text }],
      budget,
    );
  }

  /** Teams' member API for the turn's conversation; a user it does not know (or an error) is undefined. */
  private roster(context: TurnContext, budget: ConnectorBudget): Roster {
    return {
      member: async (teamsId: string): Promise<RosterMember | undefined> => {
        try {
          const m = await budget.wait(
            TeamsInfo.getMember(context, teamsId),
            "member lookup",
            lookupDeadlineMs,
          );
          return {
            teamsId: m.id,
            name: m.name ?? "",
            ...(m.aadObjectId ? { aadObjectId: m.aadObjectId } : {}),
            ...(m.email ? { email: m.email } : {}),
            ...(m.tenantId ? { tenantId: m.tenantId } : {}),
            ...(isUserRole(m.userRole) ? { userRole: m.userRole } : {}),
          };
        } catch (error) {
          this.log.warn("member lookup failed", {
            error: error instanceof Error ? error.message : String(error),
          });
          return undefined;
        }
      },
    };
  }

  private async refuseInvoke(activity: IncomingActivity, context: TurnContext): Promise<void> {
    this.log.warn("invoke refused: not one this bot handles", { name: activity.name?.slice(0, 64) ?? "" });
    await respondToInvoke(context, { status: 400, body: { error: "This bot does not handle this invoke." } });
  }

  private async answerInvoke(context: TurnContext, reply: ActionReply): Promise<void> {
    const body =
      reply.kind === "card"
        ? { statusCode: 200, type: adaptiveCardContentType, value: reply.card }
        : { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: reply.text };
    await respondToInvoke(context, { status: 200, body });
  }

  private async send(turn: Turn, context: TurnContext, replies: readonly Reply[], budget: ConnectorBudget) {
    if (replies.length === 0) return;
    const activities: Partial<Activity>[] = replies.map((reply) =>
      reply.kind === "text"
        ? textActivity(reply.text)
        : { type: "message", attachments: [cardAttachment(reply.card)], summary: reply.summary },
    );
    await this.deliver(turn, context, activities, budget);
  }

  /**
   * Sends within the deadline and never throws: a reply that fails is logged and remembered, and the user's
   * next answer starts with it (the command ran; only its answer was lost). A reply still on its way at the
   * deadline is remembered only if it then fails (src/teams/late-answers.ts): each answer is seen once.
   */
  private async deliver(
    turn: Turn | undefined,
    context: TurnContext,
    activities: Partial<Activity>[],
    budget: ConnectorBudget,
  ): Promise<void> {
    const key = turn ? lateKey(turn) : undefined;
    const owed = key ? this.lateAnswers.take(key) : [];
    // What each activity is, should it not arrive: the late-answer lines carry the owed answers themselves,
    // so an answer owed twice is not wrapped in "did not reach you" twice.
    const texts = activities.map((a) => a.text ?? a.summary ?? "");
    const told = owedLines(owed, turn?.locale);
    activities = [...told.map((line) => textActivity(line.text)), ...activities];
    texts.unshift(...told.map((line) => line.answer));
    // One at a time, counting what arrived: if a later one fails, only what did not arrive is owed.
    const stop = new AbortController();
    const post = replier(context, stop.signal);
    const replyTo = context.activity.id ?? "";
    let arrived = 0;
    const sending = (async () => {
      for (const activity of activities) {
        await post(activity);
        arrived += 1;
      }
    })();
    try {
      await budget.wait(sending, "reply");
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (!key) return this.log.warn("reply not delivered", { replyTo, error: reason });
      const tracking = this.lateAnswers.track(key, sending, () =>
        texts
          .slice(arrived)
          .filter((text) => text !== "")
          .join("\n"),
      );
      if (!(error instanceof DeadlinePassed))
        return this.log.warn("reply not delivered: owed to the next turn", { replyTo, error: reason });
      this.log.warn("reply late: owed to the next turn only if it fails", { replyTo, error: reason });
      this.giveUpLater(sending, stop, tracking, replyTo);
      // Logged after `track` saw the outcome, so what these say is already so for the user's next turn.
      sending.then(
        () => this.log.info("late reply delivered", { replyTo }),
        (late: unknown) => {
          if (stop.signal.aborted) return;
          this.log.warn("late reply failed: owed to the next turn", {
            replyTo,
            error: late instanceof Error ? late.message : String(late),
          });
        },
      );
    }
  }

  /**
   * A late send that has not settled `giveUpMs` after the deadline is stopped (its request aborted, so it
   * cannot arrive after it was told) and owed to the next turn as possibly unseen: the connector may have
   * delivered the request it held. Without this a hung connector's answer was never told at all.
   */
  private giveUpLater(
    sending: Promise<void>,
    stop: AbortController,
    tracking: LateTracking,
    replyTo: string,
  ): void {
    const settled = new AbortController();
    const done = () => settled.abort();
    sending.then(done, done);
    void (this.late.timers ?? systemTimers)
      .sleep(this.late.giveUpMs ?? lateGiveUpMs, settled.signal)
      .then(() => {
        if (settled.signal.aborted) return;
        stop.abort();
        tracking.giveUp();
        this.log.warn("late reply given up: owed to the next turn as possibly unseen", { replyTo });
      });
  }
}

/** The lines that tell owed answers: those known not to have arrived, then those that may not have. */
function owedLines(
  owed: readonly OwedAnswer[],
  locale: string | undefined,
): { readonly text: string; readonly answer: string }[] {
  const t = translator(locale);
  const lines: { text: string; answer: string }[] = [];
  for (const uncertain of [false, true]) {
    const answer = owed
      .filter((o) => o.uncertain === uncertain)
      .map((o) => o.text)
      .join("\n");
    if (answer === "") continue;
    const key = uncertain ? "reply.late_answer_unconfirmed" : "reply.late_answer";
    lines.push({ text: t.t(key, { answer }), answer });
  }
  return lines;
}

/**
 * Posts replies to the turn's conversation with the connector client and conversation reference taken while
 * the turn is on. Not through the TurnContext: the SDK revokes it when the turn ends, and a reply still on
 * its way at the deadline then failed after it had arrived (the SDK marks the context `responded` after a
 * send, which throws on a revoked context) or before the next activity of the same answer — so an answer
 * the user had seen was counted as lost and told again on their next turn.
 */
function replier(context: TurnContext, signal: AbortSignal): (activity: Partial<Activity>) => Promise<void> {
  const connector = context.turnState.get<ConnectorClient | undefined>(context.adapter.ConnectorClientKey);
  const reference = TurnContext.getConversationReference(context.activity);
  if (!connector) return async (activity) => void (await context.sendActivity(activity));
  return async (activity) => {
    // Stopped (given up on) between two activities of one answer: the rest is not sent.
    if (signal.aborted) throw new Error("The reply was given up on.");
    // As conversations.replyToActivity (or sendToConversation, without a replyToId), without the SDK's
    // operation layer around the same pipeline (connector-send.ts).
    await postActivity(connector, TurnContext.applyConversationReference({ ...activity }, reference), signal);
  };
}

const lateKey = (turn: Turn) =>
  `${turn.tenantId}\u0000${turn.conversation.id}\u0000${turn.user.aadObjectId ?? turn.user.id}`;

const textActivity = (text: string): Partial<Activity> => ({ type: "message", text, textFormat: "plain" });

const isExtensionInvoke = (name: string | undefined): boolean =>
  (extensionInvokeNames as readonly (string | undefined)[]).includes(name);

const isUserRole = (role: unknown): role is RosterMember["userRole"] =>
  role === "user" || role === "guest" || role === "anonymous";

function cardAttachment(card: object): Attachment {
  return CardFactory.adaptiveCard(card);
}

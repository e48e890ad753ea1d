import { CardFactory, TeamsInfo, TurnContext, type Activity, type Attachment } from "botbuilder";
import type { Roster, RosterMember } from "../domain/directory/directory.js";
import type { PipelineApp } from "../app/pipeline-app.js";
import type { ActionReply, Reply, Turn } from "../kit/turn.js";
import { adaptiveCardContentType } from "../kit/rendering/renderer.js";
import { translator } from "../i18n/index.js";
import type { Logger } from "../log.js";
import {
  activitySchema,
  executeValueSchema,
  submitValueSchema,
  toTurn,
  type IncomingActivity,
} from "./activity.js";

interface Route {
  readonly name: string;
  select(activity: IncomingActivity, context: TurnContext): boolean;
  handle(turn: Turn, activity: IncomingActivity, context: TurnContext): Promise<void>;
}

/**
 * The Teams edge: works out what happened, hands it to the app, and sends what the app answers.
 * Routing is a table, not a chain of ifs; no business rule lives here.
 */
export class TeamsBot {
  private readonly routes: readonly Route[];

  constructor(
    private readonly app: PipelineApp,
    private readonly log: Logger,
  ) {
    this.routes = [
      {
        name: "card action",
        select: (a) => a.type === "invoke" && a.name === "adaptiveCard/action",
        handle: (turn, a, context) => this.onExecute(turn, a, context),
      },
      {
        name: "card submit",
        select: (a) => a.type === "message" && a.value !== undefined && !a.text?.trim(),
        handle: (turn, a, context) => this.onSubmit(turn, a, context),
      },
      {
        name: "message",
        select: (a) => a.type === "message",
        handle: (turn, a, context) => this.onMessage(turn, a, context),
      },
      {
        name: "installed",
        select: (a, context) =>
          a.type === "conversationUpdate" &&
          (a.membersAdded ?? []).some((m) => m.id === context.activity.recipient?.id),
        handle: async (turn, _a, context) => this.send(context, await this.app.installed(turn)),
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

  async run(context: TurnContext): Promise<void> {
    const parsed = activitySchema.safeParse(context.activity);
    if (!parsed.success) {
      this.log.warn("activity ignored: malformed", { issues: parsed.error.issues.length });
      return;
    }
    const activity = parsed.data;
    const route = this.routes.find((r) => r.select(activity, context));
    if (!route) return;
    const turn = toTurn(activity, this.roster(context));
    if (!turn) {
      const text = translator(activity.locale).t("reply.no_tenant");
      if (route.name === "card action") await this.answerInvoke(context, { kind: "message", text });
      else if (activity.type === "message") await context.sendActivity(text);
      return;
    }
    try {
      await route.handle(turn, activity, context);
    } catch (error) {
      this.log.error("turn failed", {
        route: route.name,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
      const text = translator(turn.locale).t("reply.internal_error");
      if (route.name === "card action") await this.answerInvoke(context, { kind: "message", text });
      else await context.sendActivity(text);
    }
  }

  private async onMessage(turn: Turn, activity: IncomingActivity, context: TurnContext): Promise<void> {
    const text =
      TurnContext.removeRecipientMention(context.activity as Partial<Activity>) ?? activity.text ?? "";
    await this.send(context, await this.app.message(turn, text.trim()));
  }

  private async onExecute(turn: Turn, activity: IncomingActivity, context: TurnContext): Promise<void> {
    const value = executeValueSchema.safeParse(activity.value);
    const reply = value.success
      ? await this.app.action(turn, value.data.action.verb, value.data.action.data)
      : await this.app.action(turn, undefined, undefined);
    await this.answerInvoke(context, reply);
  }

  private async onSubmit(turn: Turn, activity: IncomingActivity, context: TurnContext): Promise<void> {
    const value = submitValueSchema.safeParse(activity.value);
    const { verb, ...data } = value.success ? value.data : { verb: undefined };
    const reply = await this.app.action(turn, verb, data);
    await this.send(
      context,
      reply.kind === "card"
        ? [{ kind: "card", card: reply.card, summary: "" }]
        : [{ kind: "text", text: reply.text }],
    );
  }

  /** Teams' member API for the turn's conversation; a user it does not know (or an error) is undefined. */
  private roster(context: TurnContext): Roster {
    return {
      member: async (teamsId: string): Promise<RosterMember | undefined> => {
        try {
          const m = await TeamsInfo.getMember(context, teamsId);
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

  private async answerInvoke(context: TurnContext, reply: ActionReply): Promise<void> {
    const body =
      reply.kind === "card"
        ? { statusCode: 200, type: adaptiveCardContentType, value: reply.card }
        : { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: reply.text };
    await context.sendActivity({ type: "invokeResponse", value: { status: 200, body } });
  }

  private async send(context: TurnContext, replies: readonly Reply[]): Promise<void> {
    if (replies.length === 0) return;
    const activities: Partial<Activity>[] = replies.map((reply) =>
      reply.kind === "text"
        ? { type: "message", text: reply.text, textFormat: "plain" }
        : { type: "message", attachments: [cardAttachment(reply.card)], summary: reply.summary },
    );
    await context.sendActivities(activities);
  }
}

const isUserRole = (role: unknown): role is RosterMember["userRole"] =>
  role === "user" || role === "guest" || role === "anonymous";

function cardAttachment(card: object): Attachment {
  return CardFactory.adaptiveCard(card);
}

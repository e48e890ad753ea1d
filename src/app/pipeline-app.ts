import { commandCatalog } from "../commands/catalog.js";
import type { Command } from "../commands/command.js";
import { parseLeadInput } from "../commands/lead.input.js";
import { parseAction } from "../commands/parse-action.js";
import { parseText } from "../commands/parse-text.js";
import type { AdaptiveCard, CardName, CardRenderer } from "../cards/renderer.js";
import {
  helpView,
  leadFormView,
  leadListView,
  leadView,
  problemText,
  welcomeView,
  type ViewContext,
} from "../cards/views.js";
import { roleFor, type Actor } from "../domain/shared/actor.js";
import type { LeadService } from "../domain/leads/lead.service.js";
import { ConcurrencyConflict, InvalidCursor, StorageUnavailable } from "../domain/shared/ports.js";
import type { Failure } from "../domain/shared/result.js";
import { translator, type MessageKey, type Translator } from "../i18n/index.js";
import type { Logger } from "../log.js";
import type { ActionReply, Reply, Turn } from "./turn.js";

export interface PipelineAppDeps {
  readonly leads: LeadService;
  readonly cards: CardRenderer;
  readonly adminAadIds: readonly string[];
  readonly log: Logger;
}

/** What a use case produced, before it is shaped for a chat message or for a card button's answer. */
interface View {
  /** A sentence for the user (sent as text, or shown as a toast / banner when a card is answered). */
  readonly message?: string;
  readonly card?: { readonly name: CardName; readonly data: object; readonly summary: string };
}

/**
 * The bot's behaviour, free of any bot SDK: it decodes what the user typed or clicked into a Command, runs
 * the one use case for it, and renders the result. The Teams edge (src/teams) only translates activities.
 */
export class PipelineApp {
  constructor(private readonly deps: PipelineAppDeps) {}

  /** The bot was added to a personal chat, team or group chat. */
  async installed(turn: Turn): Promise<Reply[]> {
    const ctx = viewContext(turn);
    const actor = this.actor(turn);
    const scope = turn.conversation.kind === "personal" ? "personal" : "team";
    return this.toReplies({
      card: { name: "welcome", data: welcomeView(ctx, scope, actor.role), summary: ctx.t.t("welcome.title") },
    });
  }

  /** A typed message (mentions of the bot already removed). */
  async message(turn: Turn, text: string): Promise<Reply[]> {
    const parsed = parseText(text);
    const view = parsed.ok
      ? await this.execute(turn, parsed.command)
      : { message: failureText(viewContext(turn).t, parsed.error) };
    return this.toReplies(view);
  }

  /** A card button: Action.Execute (answered in place) or Action.Submit (answered with new messages). */
  async action(turn: Turn, verb: unknown, data: unknown): Promise<ActionReply> {
    const parsed = parseAction(verb, data);
    const view = parsed.ok
      ? await this.execute(turn, parsed.command)
      : { message: failureText(viewContext(turn).t, parsed.error) };
    if (view.card) {
      const card = this.render(view.card.name, view.card.data);
      return { kind: "card", card };
    }
    return { kind: "message", text: view.message ?? "" };
  }

  private async execute(turn: Turn, command: Command): Promise<View> {
    const ctx = viewContext(turn);
    const actor = this.actor(turn);
    try {
      return await this.run(ctx, actor, turn, command);
    } catch (error) {
      if (error instanceof StorageUnavailable) {
        this.deps.log.warn("store unavailable", { error: error.message });
        return { message: ctx.t.t("reply.store_unavailable") };
      }
      if (error instanceof InvalidCursor) return { message: ctx.t.t("reply.invalid_cursor") };
      if (error instanceof ConcurrencyConflict) return { message: ctx.t.t("reply.conflict") };
      throw error;
    }
  }

  private async run(ctx: ViewContext, actor: Actor, turn: Turn, command: Command): Promise<View> {
    const { t } = ctx;
    switch (command.kind) {
      case "help": {
        const commands = commandCatalog.filter((c) => c.roles.includes(actor.role));
        const inChannel = turn.conversation.kind !== "personal";
        return {
          card: {
            name: "help",
            data: helpView(ctx, commands, actor.role, inChannel),
            summary: t.t("help.title"),
          },
        };
      }
      case "lead.form":
        return { card: { name: "lead-form", data: leadFormView(ctx), summary: t.t("lead.form.title") } };
      case "lead.create": {
        const parsed = parseLeadInput(command.input);
        const result = parsed.ok ? await this.deps.leads.create(actor, parsed.draft) : undefined;
        const problems = !parsed.ok
          ? parsed.problems
          : result && !result.ok
            ? (result.error.fields ?? [])
            : [];
        if (result?.ok) {
          const notice = t.t("lead.created", { ref: result.value.value.ref });
          return {
            message: notice,
            card: { name: "lead", data: leadView(ctx, result.value.value, notice), summary: notice },
          };
        }
        if (result && !result.ok && result.error.code !== "invalid")
          return { message: failureText(t, result.error) };
        return {
          message: t.t("reply.invalid", { problems: problems.map((p) => problemText(t, p)).join(" ") }),
          card: {
            name: "lead-form",
            data: leadFormView(ctx, command.input, problems),
            summary: t.t("lead.form.title"),
          },
        };
      }
      case "lead.show": {
        const result = await this.deps.leads.show(actor, command.ref);
        if (!result.ok) return { message: failureText(t, result.error) };
        const lead = result.value.value;
        return { card: { name: "lead", data: leadView(ctx, lead), summary: `${lead.ref} ${lead.topic}` } };
      }
      case "lead.list": {
        const result = await this.deps.leads.list(actor, command.status, command.cursor);
        if (!result.ok) return { message: failureText(t, result.error) };
        const leads = result.value.items.map((i) => i.value);
        return {
          card: {
            name: "lead-list",
            data: leadListView(ctx, command.status, leads, result.value.cursor),
            summary: t.t(`lead.list.title.${command.status}`),
          },
        };
      }
    }
  }

  private actor(turn: Turn): Actor {
    const userId = (turn.user.aadObjectId ?? turn.user.id).toLowerCase();
    return {
      tenantId: turn.tenantId,
      userId,
      name: turn.user.name,
      role: roleFor(userId, this.deps.adminAadIds),
    };
  }

  private render(name: CardName, data: object): AdaptiveCard {
    return this.deps.cards.render(name, data);
  }

  private toReplies(view: View): Reply[] {
    const replies: Reply[] = [];
    // A card that carries the message itself (as a banner) needs no separate text.
    if (view.message && !(view.card && view.card.name === "lead"))
      replies.push({ kind: "text", text: view.message });
    if (view.card)
      replies.push({
        kind: "card",
        card: this.render(view.card.name, view.card.data),
        summary: view.card.summary,
      });
    return replies;
  }
}

function viewContext(turn: Turn): ViewContext {
  return { t: translator(turn.locale), timeZone: turn.timeZone, locale: turn.locale };
}

/** The reply for an expected failure: what went wrong and what to type instead. */
export function failureText(t: Translator, failure: Failure): string {
  if (failure.code === "reply.usage") {
    const { problemCode, usage, ...params } = failure.params ?? {};
    const problem = typeof problemCode === "string" && t.has(problemCode) ? t.t(problemCode, params) : "";
    return t.t("reply.usage", { problem, usage: String(usage ?? "") }).trim();
  }
  if (failure.code === "invalid") {
    return t.t("reply.invalid", { problems: (failure.fields ?? []).map((p) => problemText(t, p)).join(" ") });
  }
  if (failure.code === "forbidden") return t.t("reply.forbidden", failure.params);
  const key = t.has(failure.code)
    ? failure.code
    : t.has(`reply.${failure.code}`)
      ? `reply.${failure.code}`
      : undefined;
  return key ? t.t(key as MessageKey, failure.params) : t.t("reply.internal_error");
}

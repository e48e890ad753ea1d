import type { Command } from "../commands/command.js";
import type { AdaptiveCard, CardRenderer } from "../cards/renderer.js";
import { welcomeView, type ViewContext } from "../cards/views.js";
import { roleFor, type Actor } from "../domain/shared/actor.js";
import { ConcurrencyConflict, InvalidCursor, StorageUnavailable } from "../domain/shared/ports.js";
import type { Services, View } from "../features/feature.js";
import { featureFor, parseCardAction, parseCommandText } from "../features/index.js";
import { translator } from "../i18n/index.js";
import type { Logger } from "../log.js";
import { failureText } from "./failure-text.js";
import type { ActionReply, Reply, Turn } from "./turn.js";

export interface PipelineAppDeps {
  readonly services: Services;
  readonly cards: CardRenderer;
  readonly adminAadIds: readonly string[];
  readonly log: Logger;
}

/**
 * The bot's behaviour, free of any bot SDK: it decodes what the user typed or clicked into a Command, hands
 * it to the feature that owns it, and renders the result. The Teams edge (src/teams) only translates
 * activities to and from this.
 */
export class PipelineApp {
  constructor(private readonly deps: PipelineAppDeps) {}

  /** The bot was added to a personal chat, team or group chat. */
  async installed(turn: Turn): Promise<Reply[]> {
    const view = viewContext(turn);
    const scope = turn.conversation.kind === "personal" ? "personal" : "team";
    return this.toReplies({
      card: {
        name: "welcome",
        data: welcomeView(view, scope, this.actor(turn).role),
        summary: view.t.t("welcome.title"),
      },
    });
  }

  /** A typed message (mentions of the bot already removed). */
  async message(turn: Turn, text: string): Promise<Reply[]> {
    const parsed = parseCommandText(text);
    const view = parsed.ok
      ? await this.execute(turn, parsed.command)
      : { message: failureText(viewContext(turn).t, parsed.error) };
    return this.toReplies(view);
  }

  /** A card button (Action.Execute, answered in place; or Action.Submit). */
  async action(turn: Turn, verb: unknown, data: unknown): Promise<ActionReply> {
    const parsed = parseCardAction(verb, data);
    const view = parsed.ok
      ? await this.execute(turn, parsed.command)
      : { message: failureText(viewContext(turn).t, parsed.error) };
    if (view.card) return { kind: "card", card: this.render(view.card.name, view.card.data) };
    return { kind: "message", text: view.message ?? "" };
  }

  private async execute(turn: Turn, command: Command): Promise<View> {
    const view = viewContext(turn);
    const feature = featureFor(command.kind);
    if (!feature) throw new Error(`No feature runs ${command.kind}`);
    try {
      return await feature.run(command, {
        actor: this.actor(turn),
        turn,
        view,
        services: this.deps.services,
      });
    } catch (error) {
      if (error instanceof StorageUnavailable) {
        this.deps.log.warn("store unavailable", { error: error.message });
        return { message: view.t.t("reply.store_unavailable") };
      }
      if (error instanceof InvalidCursor) return { message: view.t.t("reply.invalid_cursor") };
      if (error instanceof ConcurrencyConflict) return { message: view.t.t("reply.conflict") };
      throw error;
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

  private render(name: Parameters<CardRenderer["render"]>[0], data: object): AdaptiveCard {
    return this.deps.cards.render(name, data);
  }

  private toReplies(view: View): Reply[] {
    const replies: Reply[] = [];
    if (view.message && !(view.card && view.messageInCard))
      replies.push({ kind: "text", text: view.message });
    if (view.card) {
      replies.push({
        kind: "card",
        card: this.render(view.card.name, view.card.data),
        summary: view.card.summary,
      });
    }
    return replies;
  }
}

function viewContext(turn: Turn): ViewContext {
  return { t: translator(turn.locale), timeZone: turn.timeZone, locale: turn.locale };
}

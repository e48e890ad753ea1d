import type { AdaptiveCard, CardRenderer } from "../kit/rendering/renderer.js";
import { welcomeView } from "../features/general/general.views.js";
import type { ViewContext } from "../kit/rendering/view-context.js";
import { actorOf } from "../domain/directory/directory.rules.js";
import type { Actor, ConfiguredAdmin } from "../domain/shared/actor.js";
import { ConcurrencyConflict, InvalidCursor, StorageUnavailable } from "../domain/shared/ports.js";
import type { Services, View } from "../kit/feature.js";
import {
  commandCatalog,
  handlerFor,
  parseCardAction,
  parseCommandText,
  type Command,
} from "../features/index.js";
import { translator } from "../i18n/index.js";
import type { Logger } from "../log.js";
import type { ExtensionAnswer, ExtensionRequest } from "../kit/extension.js";
import { recordLinks, type RecordLinks } from "../kit/links.js";
import { handleExtension } from "../features/extension/extension.feature.js";
import { failureText } from "../kit/replies/failure-text.js";
import { conversationAddress, type ActionReply, type Reply, type Turn } from "../kit/turn.js";

export interface PipelineAppDeps {
  readonly services: Services;
  readonly cards: CardRenderer;
  readonly admins: readonly ConfiguredAdmin[];
  readonly log: Logger;
  /**
   * Links to records (`https://<BOT_DOMAIN>/r/<ref>`), on cards and when a pasted link is unfurled. Default:
   * the default local listen address (tests and benchmarks that never unfurl).
   */
  readonly links?: RecordLinks;
}

/**
 * The bot's behaviour, free of any bot SDK: it decodes what the user typed or clicked into a Command, hands
 * it to the feature that owns it, and renders the result. The Teams edge (src/teams) only translates
 * activities to and from this.
 */
export class PipelineApp {
  private readonly links: RecordLinks;

  constructor(private readonly deps: PipelineAppDeps) {
    this.links = deps.links ?? recordLinks("http://127.0.0.1:3978");
  }

  /** The bot was added to a personal chat, team or group chat. */
  async installed(turn: Turn): Promise<Reply[]> {
    const view = viewContext(turn, this.links);
    const scope = turn.conversation.kind === "personal" ? "personal" : "team";
    return this.toReplies({
      card: {
        name: "welcome",
        data: welcomeView(view, scope, (await this.actor(turn)).actor.role),
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
    if (!view.card) return { kind: "message", text: view.message ?? "" };
    const card = this.render(view.card.name, view.card.data);
    if (!view.ownView || turn.conversation.kind === "personal") return { kind: "card", card };
    // Teams shows an Action.Execute answer to the presser's client only and never edits the message for
    // the others; the refresh, limited to the presser, keeps it their own view when Teams refreshes the card
    // (User Specific Views). The bot sends no message update, so the channel keeps the summary.
    const refresh = {
      action: { type: "Action.Execute", verb: view.ownView.verb, data: view.ownView.data },
      userIds: [turn.user.id],
    };
    return { kind: "card", card: { ...card, refresh } };
  }

  /**
   * A message-extension invoke: search, a pasted link, a message action's form or submission. Users who may
   * do nothing here (guests, other tenants) get an answer that shows nothing.
   */
  async extension(turn: Turn, request: ExtensionRequest): Promise<ExtensionAnswer> {
    const view = viewContext(turn, this.links);
    const refusal = (text: string): ExtensionAnswer =>
      request.kind === "queryLink"
        ? { kind: "results", results: [] }
        : request.kind === "choices"
          ? { kind: "choices", choices: [] }
          : request.kind === "query"
            ? { kind: "message", text }
            : { kind: "taskMessage", text };
    try {
      const { actor, unverified } = await this.actor(turn);
      if (actor.role === "external")
        return refusal(view.t.t(unverified ? "directory.membership_unknown" : "directory.external_refused"));
      return await handleExtension(request, {
        actor,
        view,
        services: this.deps.services,
        links: this.links,
        render: (name, data) => this.render(name, data),
        failure: (error) => failureText(view.t, error),
      });
    } catch (error) {
      if (error instanceof StorageUnavailable) {
        this.deps.log.warn("store unavailable", { error: error.message });
        return refusal(view.t.t(storageReply(error)));
      }
      if (error instanceof ConcurrencyConflict) return refusal(view.t.t("reply.conflict"));
      throw error;
    }
  }

  /** The bot was removed from the conversation: uninstalled, or removed from the team or group chat. */
  async removed(turn: Turn): Promise<void> {
    const { directory, partners, subscriptions } = this.deps.services;
    await directory.conversationRemoved(turn.tenantId, turn.conversation.id);
    if (turn.conversation.kind === "personal") await directory.personalGone(turn.tenantId, userIdOf(turn));
    else {
      // A channel the bot can no longer post to hears nothing more: its subscription is off at once, not
      // after the next post bounces; a partner's inbox there is no inbox (members hear personally again).
      await subscriptions.gone(turn.tenantId, turn.conversation.id);
      await partners.inboxGone(turn.tenantId, turn.conversation.id);
      await this.deps.services.digests.channelGone(turn.tenantId, turn.conversation.id);
    }
  }

  private async execute(turn: Turn, command: Command): Promise<View> {
    const view = viewContext(turn, this.links);
    try {
      const { actor, unverified } = await this.actor(turn);
      // Guests and users of other tenants may read the help; the use cases refuse them too, but this says why.
      if (actor.role === "external" && command.kind !== "help" && command.kind !== "talk")
        return {
          message: view.t.t(unverified ? "directory.membership_unknown" : "directory.external_refused"),
        };
      const answer = await handlerFor(command)(command, {
        actor,
        turn,
        view,
        services: this.deps.services,
        commands: commandCatalog,
      });
      await this.adoptTimeZone(actor, turn);
      return answer;
    } catch (error) {
      if (error instanceof StorageUnavailable) {
        this.deps.log.warn("store unavailable", { error: error.message });
        return { message: view.t.t(storageReply(error)) };
      }
      if (error instanceof InvalidCursor) return { message: view.t.t("reply.invalid_cursor") };
      if (error instanceof ConcurrencyConflict) return { message: view.t.t("reply.conflict") };
      throw error;
    }
  }

  /**
   * Digests are timed in the tenant's zone: until an admin sets one, the first admin's Teams client's, taken
   * after the command (so the turn that created the tenant's setup already counts). Best effort: the
   * command's answer stands whatever happens here.
   */
  private async adoptTimeZone(actor: Actor, turn: Turn): Promise<void> {
    try {
      await this.deps.services.digests.adoptTimeZone(actor, turn.timeZone);
    } catch (error) {
      this.deps.log.warn("time zone not adopted", {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /** Who is acting, as the directory knows them (recording the user and the conversation on the way). */
  private async actor(turn: Turn): Promise<{ readonly actor: Actor; readonly unverified: boolean }> {
    const user = await this.deps.services.directory.seen({
      tenantId: turn.tenantId,
      userId: userIdOf(turn),
      teamsId: turn.user.id,
      name: turn.user.name,
      conversation: conversationAddress(turn),
      ...(turn.locale ? { locale: turn.locale } : {}),
      roster: turn.roster,
    });
    return { actor: actorOf(user, this.deps.admins), unverified: user.unverified === true };
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

/** The AAD object id when Teams gives one (lower case), else the channel user id. */
const userIdOf = (turn: Turn): string => (turn.user.aadObjectId ?? turn.user.id).toLowerCase();

function viewContext(turn: Turn, links?: RecordLinks): ViewContext {
  return {
    t: translator(turn.locale),
    timeZone: turn.timeZone,
    locale: turn.locale,
    ...(links ? { recordUrl: (ref: string) => links.url(ref) } : {}),
  };
}

/** "Nothing was changed" only when that is true: a write whose answer was lost may have been saved. */
const storageReply = (error: StorageUnavailable) =>
  error.outcomeUnknown ? "reply.store_outcome_unknown" : "reply.store_unavailable";

import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { createRequire } from "node:module";
import type { Socket } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { freePort } from "./free-port.js";

/**
 * Drives the Microsoft 365 Agents Playground (Microsoft's local Teams emulator) headless, through the
 * HTTP and WebSocket API its own web client uses. The API is internal and unversioned: everything here was
 * read from the 0.2.28 bundle (see PLAYGROUND.md next to this file) and start() refuses other versions.
 */
export const PLAYGROUND_VERSION = "0.2.28";

// ---------------------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------------------

export interface PlaygroundUser {
  readonly id: string;
  readonly name: string;
  readonly aadObjectId: string;
  readonly givenName: string;
  readonly surname: string;
  readonly email: string;
  readonly userPrincipalName: string;
}

/** A user to configure; what is left out is derived from `id` and `name`. */
export type PlaygroundUserInput = Pick<PlaygroundUser, "id" | "name"> & Partial<PlaygroundUser>;

export interface PlaygroundStartOptions {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages. */
  readonly botEndpoint: string;
  readonly tenantId?: string;
  /** `id` is the bot's Teams id ("28:<app id>"); `name` is what mentions show (at most 42 characters). */
  readonly bot?: { readonly id?: string; readonly name?: string };
  /** The signed-in Teams user: the only member of the personal chat and the default sender. */
  readonly currentUser?: PlaygroundUserInput;
  /** Exactly five colleagues; they and the current user form the group chat and the team. */
  readonly users?: readonly PlaygroundUserInput[];
  /** The team; its General channel has the team's id. `channel` is the one extra channel (null: none). */
  readonly team?: {
    readonly id?: string;
    readonly name?: string;
    readonly aadGroupId?: string;
    readonly channel?: { readonly id: string; readonly name: string } | null;
  };
  readonly groupChat?: { readonly id?: string; readonly name?: string };
  readonly personalChatId?: string;
  /** Folder to run in (created if missing, kept afterwards). Default: a fresh temp folder, removed by stop(). */
  readonly workDir?: string;
  /** Port to listen on. Default: a free one. */
  readonly port?: number;
  /** Time allowed for start-up. Default 20 s. */
  readonly startTimeoutMs?: number;
  /** Time allowed for one HTTP call to the Playground (an invoke waits for the bot). Default 30 s. */
  readonly requestTimeoutMs?: number;
}

export type InstallScope = "personal" | "team" | "groupChat";

export interface Attachment {
  readonly contentType: string;
  readonly content?: unknown;
}

export type AdaptiveCard = Readonly<Record<string, unknown>>;

export interface MentionEntity {
  readonly type?: string;
  readonly mentioned: { readonly id: string; readonly name?: string };
  readonly text: string;
}

/** One message the bot sent (kind "message") or a new version of one it had sent (kind "update"). */
export interface BotMessage {
  readonly kind: "message" | "update";
  /** Order of arrival, shared by all events of this Playground; compare with mark(). */
  readonly seq: number;
  /** The Playground's message id: the id the bot got back, and the replyToId of invokes and submits. */
  readonly id: string;
  /** The conversation holding the message; in a channel that is the thread, "<channel id>;messageid=<root id>". */
  readonly conversationId: string;
  /** conversationId without the thread part: the personal chat, group chat or channel id. */
  readonly rootConversationId: string;
  readonly fromId: string;
  readonly text: string | undefined;
  readonly textFormat: string | undefined;
  readonly attachments: readonly Attachment[];
  readonly attachmentLayout: string | undefined;
  /** The contents of the Adaptive Card attachments, in order. */
  readonly cards: readonly AdaptiveCard[];
  /** The first Adaptive Card, if any. */
  readonly card: AdaptiveCard | undefined;
  readonly mentions: readonly MentionEntity[];
  readonly suggestedActions: unknown;
  readonly timestamp: number;
  /** The event as the Playground sent it over its WebSocket. */
  readonly raw: Readonly<Record<string, unknown>>;
}

export interface BotTyping {
  readonly kind: "typing";
  readonly seq: number;
  readonly conversationId: string;
}

export type PlaygroundEvent = BotMessage | BotTyping;

/** An activity the Playground delivered to the bot, and the bot's HTTP answer (from the Playground's log). */
export interface BotTurn {
  readonly seq: number;
  readonly type: string;
  readonly name: string | undefined;
  readonly conversationId: string | undefined;
  readonly text: string | undefined;
  readonly activity: Readonly<Record<string, unknown>>;
  /** The bot's HTTP status; 0 when the bot could not be reached. */
  readonly status: number;
  readonly body: unknown;
}

/**
 * A call the bot made to the Playground's connector API (from the Playground's log): sending, updating and
 * deleting activities, creating conversations, reading members and team details.
 */
export interface BotApiCall {
  readonly seq: number;
  /**
   * The activity type for activity calls ("message", "typing", …), else the Playground's name for the call:
   * "createConversation", "getConversationMember", "getConversationMembers", "getConversationPagedMembers",
   * "getConversations", "fetchTeamDetails".
   */
  readonly name: string;
  /** The conversation named in the request body (activity.conversation.id), when there is one. */
  readonly conversationId: string | undefined;
  readonly status: number;
  readonly request: Readonly<Record<string, unknown>>;
  readonly response: unknown;
}

export interface SentMessage {
  /** The Playground's id of the user's message. */
  readonly messageId: string;
  /** Where it went: for a new channel post, the thread it opened ("<channel id>;messageid=<messageId>"). */
  readonly conversationId: string;
  readonly timestamp: number;
}

export interface SendOptions {
  /** Sender; default the current user. Others can write in the group chat and channels only. */
  readonly from?: string;
  /** Put "<at>Bot name</at> " in front of the text. */
  readonly mentionBot?: boolean;
}

export interface ExecuteAction {
  readonly verb: string;
  readonly data?: Readonly<Record<string, unknown>>;
  readonly title?: string;
}

export interface CardActionOptions {
  /** Who clicks; default the current user. */
  readonly from?: string;
  /** The card's message id; default the latest bot message with an Adaptive Card in that conversation. */
  readonly replyToId?: string;
}

export interface InvokeResult {
  /** The invoke response's `type`, e.g. "application/vnd.microsoft.card.adaptive". */
  readonly type: string | undefined;
  readonly value: unknown;
  /** The card when the bot answered with one. */
  readonly card: AdaptiveCard | undefined;
  /** The text when the bot answered with "application/vnd.microsoft.activity.message". */
  readonly message: string | undefined;
  /** The message whose card was acted on. */
  readonly replyToId: string;
}

export interface InstallResult {
  readonly conversationId: string;
  readonly installationUpdate: BotTurn;
  readonly conversationUpdate: BotTurn;
}

export type CustomActivityType =
  | "install"
  | "uninstall"
  | "botAdded"
  | "botRemoved"
  | "userAdded"
  | "userRemoved"
  | "channelCreated"
  | "channelRenamed"
  | "channelDeleted"
  | "teamRenamed"
  | "teamDeleted";

/** A message filter: exact text (trimmed), a pattern for the text, or a predicate. */
export type MessageMatcher = string | RegExp | ((message: BotMessage) => boolean);

/** The Playground answered an HTTP call with an error status. */
export class PlaygroundRequestError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly responseBody: string,
  ) {
    super(`Playground refused ${method} ${path}: HTTP ${status} ${responseBody || "(empty body)"}`);
    this.name = "PlaygroundRequestError";
  }
}

export const ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive";
const ACTIVITY_MESSAGE = "application/vnd.microsoft.activity.message";

// ---------------------------------------------------------------------------------------------------------
// The harness
// ---------------------------------------------------------------------------------------------------------

const defaultTimeoutMs = 10_000;
const threadMarker = ";messageid=";

export class Playground {
  readonly port: number;
  /** http://127.0.0.1:<port> — also the web UI, if you want to look. */
  readonly url: string;
  readonly workDir: string;
  readonly tenantId: string;
  readonly bot: { readonly id: string; readonly name: string };
  readonly currentUser: PlaygroundUser;
  /** All six users, the current user first. */
  readonly users: readonly PlaygroundUser[];
  /** The personal chat of the current user with the bot (the Playground has no other user's). */
  readonly personalChatId: string;
  readonly groupChatId: string;
  readonly groupChatName: string;
  readonly teamId: string;
  readonly teamName: string;
  readonly teamAadGroupId: string;
  /** Same as teamId: the General channel's conversation id is the team id. */
  readonly generalChannelId: string;
  /** General first, then the extra channel. */
  readonly channels: readonly { readonly id: string; readonly name: string }[];
  readonly channelIds: readonly string[];

  private readonly events = new EventQueue<PlaygroundEvent>();
  private readonly turns = new EventQueue<BotTurn>();
  private readonly botCalls = new EventQueue<BotApiCall>();
  private readonly warnings: string[] = [];
  private readonly latest = new Map<string, BotMessage>();
  private readonly sockets: MiniWebSocket[] = [];
  private seq = 0;
  private timezone = "UTC";
  private stopping: Promise<void> | undefined;

  private constructor(
    private readonly child: ChildProcess,
    private readonly processOutput: ProcessOutput,
    private readonly ownsWorkDir: boolean,
    private readonly requestTimeoutMs: number,
    config: ConfigFile,
    workDir: string,
    port: number,
  ) {
    this.port = port;
    this.url = `http://127.0.0.1:${port}`;
    this.workDir = workDir;
    this.tenantId = config.tenantId;
    this.bot = { id: config.bot.id, name: config.bot.name };
    this.currentUser = fromConfigUser(config.currentUser);
    this.users = [this.currentUser, ...config.users.map(fromConfigUser)];
    this.personalChatId = config.personalChat.id;
    this.groupChatId = config.groupChat.id;
    this.groupChatName = config.groupChat.name;
    this.teamId = config.team.id;
    this.teamName = config.team.name;
    this.teamAadGroupId = config.team.aadGroupId;
    this.generalChannelId = config.team.id;
    this.channels = [{ id: config.team.id, name: "General" }, ...config.team.channels];
    this.channelIds = this.channels.map((channel) => channel.id);
    child.once("exit", (code, signal) => {
      if (this.stopping) return;
      const error = new Error(
        `The Playground process exited (code ${String(code)}, signal ${String(signal)}).\n${this.processOutput.describe()}`,
      );
      this.failAll(error);
    });
  }

  /** Starts a Playground for the bot at `botEndpoint`, ready to use when the promise resolves. */
  static async start(options: PlaygroundStartOptions): Promise<Playground> {
    const config = buildConfig(options);
    const cli = locateCli();
    const ownsWorkDir = options.workDir === undefined;
    const workDir = options.workDir ?? (await mkdtemp(join(tmpdir(), "pipeline-playground-")));
    try {
      await mkdir(workDir, { recursive: true });
      const configPath = join(workDir, ".m365agentsplayground.yml");
      // JSON is YAML: this keeps ids such as "19:…@thread.tacv2" safe without a YAML writer.
      await writeFile(
        configPath,
        `# Written by test/e2e/support/playground.ts\n${JSON.stringify(config, null, 2)}\n`,
      );
      const startTimeoutMs = options.startTimeoutMs ?? 20_000;
      const deadline = Date.now() + startTimeoutMs;
      for (let attempt = 1; ; attempt += 1) {
        const port = options.port ?? (await freePort());
        const launched = await launch(cli, workDir, configPath, options.botEndpoint, port, deadline);
        if (launched.port !== port) {
          // The Playground silently falls back to a random port when the asked one is taken, which would
          // leave the service URL we gave it wrong: try again with another port.
          await killProcess(launched.child);
          if (options.port !== undefined || attempt >= 3) {
            throw new Error(`The Playground could not get port ${port} (it took ${launched.port}).`);
          }
          continue;
        }
        const playground = new Playground(
          launched.child,
          launched.output,
          ownsWorkDir,
          options.requestTimeoutMs ?? 30_000,
          config,
          workDir,
          port,
        );
        try {
          await playground.connect(deadline);
        } catch (error) {
          await playground.stop();
          throw error;
        }
        return playground;
      }
    } catch (error) {
      if (ownsWorkDir) await rm(workDir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Stops the Playground process and closes the sockets. Safe to call more than once. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.failAll(new Error("The Playground was stopped."));
      await Promise.all(this.sockets.map((socket) => socket.close()));
      await killProcess(this.child);
      if (this.ownsWorkDir) await rm(this.workDir, { recursive: true, force: true });
    })();
    return this.stopping;
  }

  // ----- ids ---------------------------------------------------------------------------------------------

  /** A configured user, by id or display name. */
  user(idOrName: string): PlaygroundUser {
    const user = this.users.find((candidate) => candidate.id === idOrName || candidate.name === idOrName);
    if (!user)
      throw new Error(
        `No Playground user "${idOrName}" (have: ${this.users.map((u) => u.name).join(", ")}).`,
      );
    return user;
  }

  /** The conversation a scope installs into: the personal chat, the group chat or the General channel. */
  conversationFor(scope: InstallScope): string {
    if (scope === "personal") return this.personalChatId;
    if (scope === "groupChat") return this.groupChatId;
    return this.teamId;
  }

  // ----- user actions ------------------------------------------------------------------------------------

  /**
   * Installs the bot as the Teams client does: the bot gets an `installationUpdate` (action "add") and a
   * `conversationUpdate` whose membersAdded holds the bot (and, in the personal chat, the user). Resolves once
   * the bot has answered both; its replies then follow as messages. For a team, pass a channel id as
   * `conversationId` to install from that channel (default General).
   */
  async install(
    scope: InstallScope,
    options: { readonly conversationId?: string; readonly timeoutMs?: number } = {},
  ): Promise<InstallResult> {
    const conversationId = options.conversationId ?? this.conversationFor(scope);
    const mark = this.mark();
    await this.request("POST", `/_debug/conversation/${encodeURIComponent(conversationId)}/installation`, {});
    const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
    const turnOf = (type: string) => (turn: BotTurn) =>
      turn.seq >= mark && turn.type === type && turn.conversationId === conversationId;
    const [installationUpdate, conversationUpdate] = await Promise.all([
      this.nextTurn(turnOf("installationUpdate"), timeoutMs),
      this.nextTurn(turnOf("conversationUpdate"), timeoutMs),
    ]);
    return { conversationId, installationUpdate, conversationUpdate };
  }

  /**
   * Sends a text message as a user types it in Teams. `<at>Name</at>` tags naming the bot or a user become
   * mention entities; `mentionBot` puts the bot's tag first. In the group chat and channels the bot only
   * gets messages that mention it (as in Teams); in the personal chat it gets all. A message to a channel id
   * opens a new thread; send to the thread's id (SentMessage.conversationId) to reply in it.
   */
  async send(conversationId: string, text: string, options: SendOptions = {}): Promise<SentMessage> {
    const fromId = options.from ?? this.currentUser.id;
    const sender = this.user(fromId);
    const fullText = options.mentionBot ? `<at>${this.bot.name}</at> ${text}` : text;
    const mentions = this.mentionsIn(fullText);
    const path = `/_conversation/v1/conversations/${encodeURIComponent(conversationId)}/messages`;
    const message = (fromMentions: readonly MentionEntity[]) => ({
      type: "text",
      text: fullText,
      textFormat: "plain",
      from: { id: sender.id },
      mentions: fromMentions.map((mention) => ({
        mentioned: { id: mention.mentioned.id },
        text: mention.text,
      })),
    });

    if (sender.id === this.currentUser.id) {
      // The Playground attributes every typed message to the current user, whatever `from` says.
      return toSent(await this.request("POST", path, message(mentions)), conversationId);
    }

    // Another user: the Playground would still say the current user wrote it. Store the message in the
    // conversation without the bot's mention (so the Playground does not deliver it), then deliver the
    // activity the Playground would have built, with the right sender, as a custom activity.
    const root = rootOf(conversationId);
    if (root === this.personalChatId) {
      throw new Error(
        `Only the current user (${this.currentUser.name}) writes in the Playground's personal chat; ` +
          `start a Playground with currentUser set to ${sender.name} instead.`,
      );
    }
    const botMentioned = mentions.some((mention) => mention.mentioned.id === this.bot.id);
    const userMentions = mentions.filter((mention) => mention.mentioned.id !== this.bot.id);
    const sent = toSent(await this.request("POST", path, message(userMentions)), conversationId);
    if (!botMentioned) return sent;

    const template = await this.template(sent.conversationId);
    const isChannel = this.channelIds.includes(root);
    const activity: Record<string, unknown> = {
      ...template,
      id: sent.messageId,
      type: "message",
      from: { id: sender.id, aadObjectId: sender.aadObjectId, name: sender.name },
      text: fullText,
      textFormat: "plain",
      localTimestamp: template["timestamp"],
      locale: "en-US",
      localTimezone: this.timezone,
      channelData: isChannel
        ? {
            teamsChannelId: root,
            teamsTeamId: this.teamId,
            tenant: { id: this.tenantId },
            team: { id: this.teamId },
            channel: { id: root },
          }
        : { tenant: { id: this.tenantId } },
      entities: [
        ...mentions.map((mention) => ({ type: "mention", mentioned: mention.mentioned, text: mention.text })),
        {
          locale: "en-US",
          country: "US",
          ...(isChannel ? {} : { platform: "Web" }),
          timezone: this.timezone,
          type: "clientInfo",
        },
      ],
    };
    await this.request("POST", "/_internal/v1/customActivities", activity);
    return sent;
  }

  /**
   * Clicks an Action.Execute button (Universal Actions): sends the `adaptiveCard/action` invoke and returns
   * the bot's invoke response. The Playground keeps a returned card as the message's new card but sends no
   * update event for it.
   */
  async invoke(
    conversationId: string,
    action: ExecuteAction,
    options: CardActionOptions = {},
  ): Promise<InvokeResult> {
    const target = this.cardTarget(conversationId, options.replyToId);
    const from = this.user(options.from ?? this.currentUser.id);
    const body = {
      name: "adaptiveCard/action",
      value: {
        action: {
          type: "Action.Execute",
          ...(action.title === undefined ? {} : { title: action.title }),
          verb: action.verb,
          data: action.data ?? {},
        },
        trigger: "manual",
      },
      from: { id: from.id },
      conversation: { id: target.conversationId },
      replyToId: target.replyToId,
    };
    const response = await this.request("POST", "/_conversation/v1/invoke", body);
    const type = isRecord(response) && typeof response["type"] === "string" ? response["type"] : undefined;
    const value = isRecord(response) ? response["value"] : undefined;
    return {
      type,
      value,
      card: type === ADAPTIVE_CARD && isRecord(value) ? value : undefined,
      message: type === ACTIVITY_MESSAGE && typeof value === "string" ? value : undefined,
      replyToId: target.replyToId,
    };
  }

  /**
   * A message-extension invoke as the Playground's Teams client sends it (composeExtension/query,
   * queryLink, fetchTask, submitAction): returns the bot's invoke response body.
   */
  async extensionInvoke(
    conversationId: string,
    name: string,
    value: Readonly<Record<string, unknown>>,
    options: { readonly from?: string } = {},
  ): Promise<unknown> {
    const from = this.user(options.from ?? this.currentUser.id);
    return this.request("POST", "/_conversation/v1/invoke", {
      name,
      value,
      from: { id: from.id },
      conversation: { id: conversationId },
    });
  }

  /**
   * Clicks an Action.Submit button: the bot gets a message activity with `value` = data (the button's data
   * merged with the card's inputs, which the caller passes here) and `replyToId` = the card's message.
   */
  async submit(
    conversationId: string,
    data: Readonly<Record<string, unknown>>,
    options: CardActionOptions = {},
  ): Promise<void> {
    const target = this.cardTarget(conversationId, options.replyToId);
    const from = this.user(options.from ?? this.currentUser.id);
    await this.request("POST", "/_conversation/v1/submit", {
      conversation: { id: target.conversationId },
      from: { id: from.id },
      replyToId: target.replyToId,
      value: data,
    });
  }

  /**
   * Sends one of the Playground's prepared activities (what its "mock an activity" menu offers), e.g.
   * "userAdded" or "uninstall", after applying `overrides` (shallow) to it. Resolves when the Playground has
   * accepted it, before the bot has answered: use nextTurn() to wait for that.
   */
  async customActivity(
    conversationId: string,
    type: CustomActivityType,
    overrides: Readonly<Record<string, unknown>> = {},
  ): Promise<Record<string, unknown>> {
    const activity = { ...(await this.template(conversationId, type)), ...overrides };
    await this.request("POST", "/_internal/v1/customActivities", activity);
    return activity;
  }

  // ----- what the bot did --------------------------------------------------------------------------------

  /** A position in the event stream: events and turns from now on have seq >= mark. */
  mark(): number {
    return this.seq;
  }

  /**
   * The next bot message matching `matcher` that no earlier next*() call took. Messages that arrived before
   * this call count too: each message is handed out once, oldest first.
   */
  nextMessage(matcher: MessageMatcher = () => true, timeoutMs = defaultTimeoutMs): Promise<BotMessage> {
    return this.nextOfKind("message", matcher, timeoutMs);
  }

  /** Like nextMessage(), for new versions of earlier messages (the bot's updateActivity). */
  nextUpdate(matcher: MessageMatcher = () => true, timeoutMs = defaultTimeoutMs): Promise<BotMessage> {
    return this.nextOfKind("update", matcher, timeoutMs);
  }

  /** The bot messages that arrived since `mark` (taken or not), in order. */
  messagesSince(mark: number): BotMessage[] {
    return this.eventsSince(mark).filter((event): event is BotMessage => event.kind === "message");
  }

  /** The updates that arrived since `mark`, in order. */
  updatesSince(mark: number): BotMessage[] {
    return this.eventsSince(mark).filter((event): event is BotMessage => event.kind === "update");
  }

  eventsSince(mark: number): PlaygroundEvent[] {
    return this.events.all.filter((event) => event.seq >= mark);
  }

  /** The newest version of a bot message, after any updates. */
  message(id: string): BotMessage | undefined {
    return this.latest.get(id);
  }

  /**
   * The next activity the bot has answered (from the Playground's log stream), e.g. to know that the bot
   * finished a turn before asserting that it said nothing. Handed out once each, like nextMessage().
   */
  nextTurn(
    predicate: (turn: BotTurn) => boolean = () => true,
    timeoutMs = defaultTimeoutMs,
  ): Promise<BotTurn> {
    return this.turns.take(predicate, timeoutMs, () =>
      this.timeoutError(`a bot turn matching ${describeMatcher(predicate)}`, timeoutMs),
    );
  }

  turnsSince(mark: number): BotTurn[] {
    return this.turns.all.filter((turn) => turn.seq >= mark);
  }

  /**
   * The next call the bot made to the connector API, handed out once each. The only way to see messages
   * the bot sends into conversations the Playground does not show, such as a 1:1 chat it opened with a
   * user other than the current one (see PLAYGROUND.md).
   */
  nextBotCall(
    predicate: (call: BotApiCall) => boolean = () => true,
    timeoutMs = defaultTimeoutMs,
  ): Promise<BotApiCall> {
    return this.botCalls.take(predicate, timeoutMs, () =>
      this.timeoutError(`a bot API call matching ${describeMatcher(predicate)}`, timeoutMs),
    );
  }

  botCallsSince(mark: number): BotApiCall[] {
    return this.botCalls.all.filter((call) => call.seq >= mark);
  }

  /**
   * What went wrong so far: activities the bot answered with an error status (or could not be reached
   * for), connector calls of the bot that the Playground refused, and the Playground's warnings.
   */
  problems(): string[] {
    return [
      ...this.turns.all
        .filter((turn) => turn.status === 0 || turn.status >= 400)
        .map(
          (turn) =>
            `bot answered ${turn.status} to ${turn.type}${turn.name ? ` ${turn.name}` : ""}: ${short(turn.body)}`,
        ),
      ...this.botCalls.all
        .filter((call) => call.status >= 400)
        .map(
          (call) =>
            `Playground refused the bot's ${call.name} in ${call.conversationId ?? "?"}: ` +
            `HTTP ${call.status} ${short(call.response)}`,
        ),
      ...this.warnings.map((warning) => `Playground warning: ${warning}`),
    ];
  }

  /** The Playground's own log (its console output goes to a file), for diagnosing failures. */
  output(): string {
    return this.processOutput.describe();
  }

  // ----- internals ---------------------------------------------------------------------------------------

  private async connect(deadline: number): Promise<void> {
    await waitFor(deadline, async () => {
      const response = await fetch(`${this.url}/_debug/ping`).catch(() => undefined);
      return response !== undefined && (await response.text()) === "pong";
    });
    const timeoutMs = Math.max(1, deadline - Date.now());
    const [conversations, log] = await Promise.all([
      MiniWebSocket.connect(`${this.url}/_ws_conversation/v1/conversations/stream`, timeoutMs),
      MiniWebSocket.connect(`${this.url}/_ws/log/stream`, timeoutMs),
    ]);
    this.sockets.push(conversations, log);
    conversations.onText = (text) => this.onConversationEvent(text);
    log.onText = (text) => this.onLogEvent(text);
    for (const socket of this.sockets) {
      socket.onClose = (reason) => {
        if (this.stopping) return;
        this.failAll(new Error(`A Playground WebSocket closed: ${reason}`));
      };
    }

    // Check that the Playground runs on our file, not its built-in defaults.
    const loaded = await this.request("GET", "/_internal/v1/testConfig");
    const config = isRecord(loaded) && isRecord(loaded["config"]) ? loaded["config"] : {};
    const bot = isRecord(config["bot"]) ? config["bot"] : {};
    if (config["tenantId"] !== this.tenantId || bot["id"] !== this.bot.id) {
      throw new Error(
        `The Playground did not load ${this.workDir}/.m365agentsplayground.yml: ${short(loaded)}`,
      );
    }
    const internal = isRecord(loaded) && isRecord(loaded["internalConfig"]) ? loaded["internalConfig"] : {};
    if (typeof internal["localTimezone"] === "string") this.timezone = internal["localTimezone"];
  }

  private onConversationEvent(text: string): void {
    const event = parseJson(text);
    if (!isRecord(event) || typeof event["actionConversationId"] !== "string") return;
    const actionConversationId = event["actionConversationId"];
    const seq = this.seq++;
    if (event["action"] === "typing") {
      this.events.push({ kind: "typing", seq, conversationId: actionConversationId });
      return;
    }
    if (event["action"] !== "createMessage" && event["action"] !== "updateMessage") return;
    const kind = event["action"] === "createMessage" ? "message" : "update";
    const payload = isRecord(event["message"]) ? event["message"] : {};
    const id = String(payload["messageId"]);
    // A new channel post arrives with the channel as actionConversationId and its thread as
    // postConversationId; an update names the channel for a thread's first message, so use what we know.
    const conversationId =
      kind === "message"
        ? typeof payload["postConversationId"] === "string"
          ? payload["postConversationId"]
          : actionConversationId
        : (this.latest.get(id)?.conversationId ?? actionConversationId);
    const attachments = Array.isArray(payload["attachments"])
      ? payload["attachments"].filter(isRecord).map((attachment) => ({
          contentType: String(attachment["contentType"]),
          content: attachment["content"],
        }))
      : [];
    const cards = attachments
      .filter((attachment) => attachment.contentType === ADAPTIVE_CARD && isRecord(attachment.content))
      .map((attachment) => attachment.content as AdaptiveCard);
    const message: BotMessage = {
      kind,
      seq,
      id,
      conversationId,
      rootConversationId: rootOf(conversationId),
      fromId: isRecord(payload["from"]) ? String(payload["from"]["id"]) : "",
      text: typeof payload["text"] === "string" ? payload["text"] : undefined,
      textFormat: typeof payload["textFormat"] === "string" ? payload["textFormat"] : undefined,
      attachments,
      attachmentLayout:
        typeof payload["attachmentLayout"] === "string" ? payload["attachmentLayout"] : undefined,
      cards,
      card: cards[0],
      mentions: Array.isArray(payload["mentions"]) ? payload["mentions"].filter(isMention) : [],
      suggestedActions: payload["suggestedActions"],
      timestamp: typeof payload["timestamp"] === "number" ? payload["timestamp"] : Date.now(),
      raw: event,
    };
    this.latest.set(id, message);
    this.events.push(message);
  }

  private onLogEvent(text: string): void {
    const event = parseJson(text);
    const item = isRecord(event) && isRecord(event["log"]) ? event["log"] : undefined;
    if (!item) return;
    if (item["type"] === "text") {
      if (item["level"] === "warning" || item["level"] === "error")
        this.warnings.push(String(item["displayText"]));
      return;
    }
    if (item["type"] !== "bot") return;
    const request =
      isRecord(item["request"]) && isRecord(item["request"]["body"]) ? item["request"]["body"] : {};
    const response = isRecord(item["response"]) ? item["response"] : {};
    const status = typeof response["statusCode"] === "number" ? response["statusCode"] : 0;
    const conversation = isRecord(request["conversation"]) ? request["conversation"] : {};
    const conversationId = typeof conversation["id"] === "string" ? conversation["id"] : undefined;
    if (item["from"] === "User Application") {
      this.botCalls.push({
        seq: this.seq++,
        name: typeof item["activityName"] === "string" ? item["activityName"] : "message",
        conversationId,
        status,
        request,
        response: response["body"],
      });
      return;
    }
    this.turns.push({
      seq: this.seq++,
      type: String(request["type"]),
      name: typeof request["name"] === "string" ? request["name"] : undefined,
      conversationId,
      text: typeof request["text"] === "string" ? request["text"] : undefined,
      activity: request,
      status,
      body: response["body"],
    });
  }

  private failAll(error: Error): void {
    this.events.fail(error);
    this.turns.fail(error);
    this.botCalls.fail(error);
  }

  private nextOfKind(
    kind: "message" | "update",
    matcher: MessageMatcher,
    timeoutMs: number,
  ): Promise<BotMessage> {
    const test = toPredicate(matcher);
    return this.events.take(
      (event) => event.kind === kind && test(event),
      timeoutMs,
      () => this.timeoutError(`a bot ${kind} matching ${describeMatcher(matcher)}`, timeoutMs),
    ) as Promise<BotMessage>;
  }

  private timeoutError(what: string, timeoutMs: number): Error {
    const pending = this.events
      .unconsumed()
      .filter((event): event is BotMessage => event.kind !== "typing")
      .slice(-10)
      .map((event) => `  #${event.seq} ${event.kind} in ${event.conversationId}: ${summarize(event)}`);
    const problems = this.problems().map((problem) => `  ${problem}`);
    return new Error(
      [
        `Timed out after ${timeoutMs} ms waiting for ${what}.`,
        `Bot messages not yet taken: ${pending.length ? `\n${pending.join("\n")}` : "none"}`,
        `Problems: ${problems.length ? `\n${problems.join("\n")}` : "none"}`,
      ].join("\n"),
    );
  }

  private mentionsIn(text: string): MentionEntity[] {
    const mentions: MentionEntity[] = [];
    for (const match of text.matchAll(/<at>(.*?)<\/at>/g)) {
      const name = match[1] ?? "";
      const account = name === this.bot.name ? this.bot : this.users.find((user) => user.name === name);
      if (account)
        mentions.push({ type: "mention", mentioned: { id: account.id, name: account.name }, text: match[0] });
    }
    return mentions;
  }

  private cardTarget(
    conversationId: string,
    replyToId: string | undefined,
  ): { conversationId: string; replyToId: string } {
    const inConversation = (message: BotMessage) =>
      message.conversationId === conversationId || message.rootConversationId === conversationId;
    if (replyToId !== undefined) {
      const known = this.latest.get(replyToId);
      return {
        conversationId: known && inConversation(known) ? known.conversationId : conversationId,
        replyToId,
      };
    }
    const withCard = this.events.all
      .filter(
        (event): event is BotMessage =>
          event.kind === "message" && event.cards.length > 0 && inConversation(event),
      )
      .at(-1);
    if (!withCard) {
      throw new Error(
        `No bot message with an Adaptive Card in ${conversationId} yet; wait for one or pass replyToId.`,
      );
    }
    return { conversationId: withCard.conversationId, replyToId: withCard.id };
  }

  private async template(
    conversationId: string,
    type?: CustomActivityType,
  ): Promise<Record<string, unknown>> {
    const query = new URLSearchParams({ conversationId, ...(type === undefined ? {} : { type }) });
    const template = await this.request("GET", `/_internal/v1/customActivities/template?${query.toString()}`);
    if (!isRecord(template)) throw new Error(`Unexpected custom activity template: ${short(template)}`);
    return template;
  }

  private async request(method: "GET" | "POST", path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(this.requestTimeoutMs),
    });
    const text = await response.text();
    if (!response.ok) throw new PlaygroundRequestError(method, path, response.status, text);
    return text === "" ? undefined : (parseJson(text) ?? text);
  }
}

/** The texts of a card (TextBlock text, titles, facts), joined by newlines: handy for assertions. */
export function cardText(card: unknown): string {
  const texts: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (isRecord(node)) {
      for (const [key, value] of Object.entries(node)) {
        if ((key === "text" || key === "title" || key === "value") && typeof value === "string")
          texts.push(value);
        else visit(value);
      }
    }
  };
  visit(card);
  return texts.join("\n");
}

// ---------------------------------------------------------------------------------------------------------
// Configuration file
// ---------------------------------------------------------------------------------------------------------

/** The file's user; note the Playground's spelling "userPrincipleName". */
interface ConfigUser {
  id: string;
  name: string;
  userPrincipleName: string;
  aadObjectId: string;
  givenName: string;
  surname: string;
  email: string;
}

interface ConfigFile {
  version: "0.1.1";
  tenantId: string;
  bot: { id: string; name: string };
  currentUser: ConfigUser;
  users: ConfigUser[];
  personalChat: { id: string };
  groupChat: { id: string; name: string };
  team: { id: string; name: string; aadGroupId: string; channels: { id: string; name: string }[] };
}

const defaultUsers: readonly PlaygroundUserInput[] = [
  { id: "29:1alexw-0000-4000-8000-000000000000", name: "Alex Wilber" },
  { id: "29:1meganb-0000-4000-8000-000000000001", name: "Megan Bowen" },
  { id: "29:1adelev-0000-4000-8000-000000000002", name: "Adele Vance" },
  { id: "29:1isaiahl-000-4000-8000-000000000003", name: "Isaiah Langer" },
  { id: "29:1pattif-0000-4000-8000-000000000004", name: "Patti Fernandez" },
  { id: "29:1lynner-0000-4000-8000-000000000005", name: "Lynne Robbins" },
];

function buildConfig(options: PlaygroundStartOptions): ConfigFile {
  const currentUser = options.currentUser ?? defaultUsers[0];
  const users = options.users ?? defaultUsers.slice(1);
  if (!currentUser) throw new Error("unreachable: no default user");
  if (users.length !== 5) {
    throw new Error(`The Playground needs exactly 5 users besides the current user; got ${users.length}.`);
  }
  const botName = options.bot?.name ?? "Pipeline";
  if (botName.length > 42) throw new Error(`The bot name may have at most 42 characters: "${botName}".`);
  const teamId = options.team?.id ?? "19:0c1a5e5f2b8d4e7a9f3c6b1d2e4a8f70@thread.tacv2";
  const channel =
    options.team?.channel === undefined
      ? { id: "19:7d2e9b4c1a3f4e8d9c6b5a4f3e2d1c0b@thread.tacv2", name: "Pipeline" }
      : options.team.channel;
  const config: ConfigFile = {
    version: "0.1.1",
    tenantId: options.tenantId ?? "5f0c8a3e-6b1d-4c2e-9a7f-3d4b5c6e7f80",
    bot: { id: options.bot?.id ?? "28:6a2f4e1c-3b5d-4f7a-8c9e-0d1b2c3e4f5a", name: botName },
    currentUser: toConfigUser(currentUser),
    users: users.map(toConfigUser),
    personalChat: { id: options.personalChatId ?? "a:1Ht9PzQ7xKpl3mVb0sWcYd2EfRgUoNi" },
    groupChat: {
      id: options.groupChat?.id ?? "19:3b7f0e9d2c4a4b1e8f6d5c3a2b1e0f9d@thread.v2",
      name: options.groupChat?.name ?? "Deal desk",
    },
    team: {
      id: teamId,
      name: options.team?.name ?? "Sales",
      aadGroupId: options.team?.aadGroupId ?? "2e8d4c6a-1f3b-4a5c-9e7d-8b6a4c2e0f13",
      channels: channel === null ? [] : [channel],
    },
  };
  const ids = [config.currentUser.id, ...config.users.map((user) => user.id)];
  if (new Set(ids).size !== ids.length) throw new Error(`User ids must be unique: ${ids.join(", ")}.`);
  const conversationIds = [
    config.personalChat.id,
    config.groupChat.id,
    teamId,
    ...config.team.channels.map((c) => c.id),
  ];
  if (new Set(conversationIds).size !== conversationIds.length) {
    throw new Error(
      `Personal chat, group chat, team and channel ids must differ: ${conversationIds.join(", ")}.`,
    );
  }
  return config;
}

function toConfigUser(user: PlaygroundUserInput): ConfigUser {
  const [first = user.name, ...rest] = user.name.split(" ");
  const givenName = user.givenName ?? first;
  const surname = user.surname ?? rest.join(" ");
  const email = user.email ?? `${givenName}.${surname || "user"}@contoso.example`.toLowerCase();
  return {
    id: user.id,
    name: user.name,
    userPrincipleName: user.userPrincipalName ?? email,
    aadObjectId: user.aadObjectId ?? guidFrom(user.id),
    givenName,
    surname,
    email,
  };
}

function fromConfigUser(user: ConfigUser): PlaygroundUser {
  return {
    id: user.id,
    name: user.name,
    aadObjectId: user.aadObjectId,
    givenName: user.givenName,
    surname: user.surname,
    email: user.email,
    userPrincipalName: user.userPrincipleName,
  };
}

/** A stable GUID-shaped id derived from a string. */
function guidFrom(seed: string): string {
  const hex = createHash("sha1").update(seed).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

// ---------------------------------------------------------------------------------------------------------
// The process
// ---------------------------------------------------------------------------------------------------------

function locateCli(): string {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve("@microsoft/m365agentsplayground/package.json");
  const { version } = JSON.parse(readFileSync(packageJson, "utf8")) as { version?: string };
  if (version !== PLAYGROUND_VERSION) {
    throw new Error(
      `@microsoft/m365agentsplayground is ${String(version)}, but this harness was checked against ` +
        `${PLAYGROUND_VERSION}. Its API is internal: re-check PLAYGROUND.md, then update PLAYGROUND_VERSION.`,
    );
  }
  return join(dirname(packageJson), "cli.js");
}

/** Keeps the tail of the process's output and knows where its log file is. */
class ProcessOutput {
  private text = "";
  constructor(readonly logFile: string) {}

  append(chunk: Buffer | string): void {
    this.text = (this.text + chunk.toString()).slice(-8_000);
  }

  get stdout(): string {
    return this.text;
  }

  describe(): string {
    let log: string;
    try {
      log = readFileSync(this.logFile, "utf8").slice(-8_000);
    } catch (error) {
      log = `(no log file: ${error instanceof Error ? error.message : String(error)})`;
    }
    return `--- Playground output ---\n${this.text}\n--- Playground log (${this.logFile}) ---\n${log}`;
  }
}

const liveProcesses = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // If a test forgets stop() or the run is cut short, do not leave Playgrounds behind.
  process.once("exit", () => {
    for (const child of liveProcesses) signalGroup(child, "SIGKILL");
  });
}

async function launch(
  cli: string,
  workDir: string,
  configPath: string,
  botEndpoint: string,
  port: number,
  deadline: number,
): Promise<{ child: ChildProcess; output: ProcessOutput; port: number }> {
  const output = new ProcessOutput(join(workDir, "playground.log"));
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // Settings of another Playground, a proxy or the test runner's Node options would change its behaviour.
    if (/^(M365_AGENTS_PLAYGROUND_|TEAMSAPPTESTER_|TEAMS_APP_TEST_TOOL_)/.test(key)) continue;
    if (/^(https?_proxy|all_proxy|no_proxy|node_options)$/i.test(key)) continue;
    env[key] = value;
  }
  Object.assign(env, {
    TEAMSAPPTESTER_BROWSER: "none",
    M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
    M365_AGENTS_PLAYGROUND_LOGFILE: output.logFile,
  });
  installExitHook();
  const child = spawn(
    process.execPath,
    [
      cli,
      "--app-endpoint",
      botEndpoint,
      "--channel-id",
      "msteams",
      "--port",
      String(port),
      "--service-url",
      `http://127.0.0.1:${port}/_connector`,
      "--disable-telemetry",
    ],
    { cwd: workDir, env, stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  liveProcesses.add(child);
  child.once("exit", () => liveProcesses.delete(child));
  child.stdout?.on("data", (chunk: Buffer) => output.append(chunk));
  child.stderr?.on("data", (chunk: Buffer) => output.append(chunk));

  try {
    const actualPort = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => finish(new Error(`The Playground did not start in time.\n${output.describe()}`)),
        Math.max(1, deadline - Date.now()),
      );
      const onData = () => {
        const match = /Listening on (\d+)/.exec(output.stdout);
        if (match) finish(undefined, Number(match[1]));
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
        finish(
          new Error(
            `The Playground exited during start-up (code ${String(code)}, signal ${String(signal)}).\n${output.describe()}`,
          ),
        );
      const onError = (error: Error) => finish(error);
      function finish(error: Error | undefined, listening?: number) {
        clearTimeout(timer);
        child.stdout?.off("data", onData);
        child.off("exit", onExit);
        child.off("error", onError);
        if (error || listening === undefined) reject(error ?? new Error("unreachable"));
        else resolve(listening);
      }
      child.stdout?.on("data", onData);
      child.once("exit", onExit);
      child.once("error", onError);
    });
    // Do not let a forgotten Playground keep the test process alive; the exit hook kills it.
    child.unref();
    for (const stream of [child.stdout, child.stderr]) {
      const socket = stream as (NodeJS.ReadableStream & { unref?: () => void }) | null;
      socket?.unref?.();
    }
    return { child, output, port: actualPort };
  } catch (error) {
    await killProcess(child);
    throw error;
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // the whole process group: the CLI and anything it started
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") child.kill(signal);
  }
}

async function killProcess(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  child.ref(); // keep the test process alive until it is gone
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  signalGroup(child, "SIGTERM");
  const escalate = setTimeout(() => signalGroup(child, "SIGKILL"), 3_000);
  await exited;
  clearTimeout(escalate);
}

async function waitFor(deadline: number, condition: () => Promise<boolean>): Promise<void> {
  for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
    if (await condition()) return;
    if (Date.now() + delay > deadline) throw new Error("The Playground did not answer /_debug/ping in time.");
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

// ---------------------------------------------------------------------------------------------------------
// Event queue: every item is handed out once, oldest first, whether it came before or after the wait began
// ---------------------------------------------------------------------------------------------------------

interface Waiter<T> {
  readonly match: (item: T) => boolean;
  readonly resolve: (item: T) => void;
  readonly reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
}

class EventQueue<T> {
  private readonly items: T[] = [];
  private readonly taken = new Set<number>();
  private cursor = 0; // every item before it is taken
  private waiters: Waiter<T>[] = [];
  private failure: Error | undefined;

  get all(): readonly T[] {
    return this.items;
  }

  unconsumed(): T[] {
    return this.items.filter((_, index) => index >= this.cursor && !this.taken.has(index));
  }

  push(item: T): void {
    const index = this.items.push(item) - 1;
    for (const waiter of [...this.waiters]) {
      let matches: boolean;
      try {
        matches = waiter.match(item);
      } catch (error) {
        this.drop(waiter);
        waiter.reject(error instanceof Error ? error : new Error(String(error)));
        continue;
      }
      if (matches) {
        this.drop(waiter);
        this.markTaken(index);
        waiter.resolve(item);
        return;
      }
    }
  }

  take(match: (item: T) => boolean, timeoutMs: number, onTimeout: () => Error): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    try {
      for (let index = this.cursor; index < this.items.length; index += 1) {
        const item = this.items[index] as T;
        if (!this.taken.has(index) && match(item)) {
          this.markTaken(index);
          return Promise.resolve(item);
        }
      }
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = { match, resolve, reject };
      waiter.timer = setTimeout(() => {
        this.drop(waiter);
        reject(onTimeout());
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
    this.waiters = [];
  }

  private drop(waiter: Waiter<T>): void {
    clearTimeout(waiter.timer);
    this.waiters = this.waiters.filter((candidate) => candidate !== waiter);
  }

  private markTaken(index: number): void {
    this.taken.add(index);
    while (this.taken.has(this.cursor)) {
      this.taken.delete(this.cursor);
      this.cursor += 1;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// A minimal WebSocket client (RFC 6455, text frames in, control frames out): Node 20 has no global
// WebSocket without a flag, and the project declares no WebSocket package.
// ---------------------------------------------------------------------------------------------------------

const websocketGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

class MiniWebSocket {
  onText: (text: string) => void = () => undefined;
  onClose: (reason: string) => void = () => undefined;
  private buffer: Buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private closing = false;
  private readonly closed: Promise<void>;

  private constructor(private readonly socket: Socket) {
    this.closed = new Promise((resolve) => socket.once("close", () => resolve()));
    socket.on("data", (chunk: Buffer) => this.receive(chunk));
    socket.on("error", (error) => this.onClose(error.message));
    socket.once("close", () => {
      if (!this.closing) this.onClose("connection closed by the Playground");
    });
  }

  static connect(url: string, timeoutMs: number): Promise<MiniWebSocket> {
    const target = new URL(url);
    const key = randomBytes(16).toString("base64");
    return new Promise((resolve, reject) => {
      const request = httpRequest({
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        headers: {
          Connection: "Upgrade",
          Upgrade: "websocket",
          "Sec-WebSocket-Key": key,
          "Sec-WebSocket-Version": "13",
        },
      });
      const timer = setTimeout(
        () => request.destroy(new Error(`WebSocket ${url}: no answer in time`)),
        timeoutMs,
      );
      request.once("upgrade", (response, socket, head) => {
        clearTimeout(timer);
        const accept = createHash("sha1")
          .update(key + websocketGuid)
          .digest("base64");
        if (response.headers["sec-websocket-accept"] !== accept) {
          socket.destroy();
          reject(new Error(`WebSocket ${url}: bad Sec-WebSocket-Accept`));
          return;
        }
        socket.setNoDelay(true);
        socket.unref(); // a forgotten harness must not keep the process alive
        const websocket = new MiniWebSocket(socket);
        if (head.length > 0) websocket.receive(head);
        resolve(websocket);
      });
      request.once("response", (response) => {
        clearTimeout(timer);
        response.resume();
        reject(new Error(`WebSocket ${url}: HTTP ${response.statusCode} instead of an upgrade`));
      });
      request.once("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
      request.end();
    });
  }

  async close(): Promise<void> {
    if (!this.closing && !this.socket.destroyed) {
      this.closing = true;
      const status = Buffer.alloc(2);
      status.writeUInt16BE(1000);
      this.send(0x8, status);
      this.socket.end();
      const timer = setTimeout(() => this.socket.destroy(), 1_000);
      await this.closed;
      clearTimeout(timer);
    }
    this.closing = true;
    await this.closed;
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const buffer = this.buffer;
      if (buffer.length < 2) return;
      const first = buffer.readUInt8(0);
      const second = buffer.readUInt8(1);
      let length = second & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (buffer.length < 4) return;
        length = buffer.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (buffer.length < 10) return;
        length = Number(buffer.readBigUInt64BE(2));
        offset = 10;
      }
      const masked = (second & 0x80) !== 0;
      const maskOffset = offset;
      if (masked) offset += 4;
      if (buffer.length < offset + length) return;
      const payload = Buffer.from(buffer.subarray(offset, offset + length));
      if (masked) {
        for (let i = 0; i < payload.length; i += 1) {
          payload.writeUInt8(payload.readUInt8(i) ^ buffer.readUInt8(maskOffset + (i % 4)), i);
        }
      }
      this.buffer = buffer.subarray(offset + length);
      this.frame((first & 0x80) !== 0, first & 0x0f, payload);
    }
  }

  private frame(fin: boolean, opcode: number, payload: Buffer): void {
    switch (opcode) {
      case 0x0: // continuation
      case 0x1: // text
      case 0x2: // binary
        this.fragments.push(payload);
        if (fin) {
          const message = Buffer.concat(this.fragments).toString("utf8");
          this.fragments = [];
          this.onText(message);
        }
        return;
      case 0x8: // close
        if (!this.closing) {
          this.closing = true;
          this.onClose(
            `closed by the Playground (${payload.length >= 2 ? payload.readUInt16BE(0) : "no status"})`,
          );
          this.send(0x8, payload.subarray(0, 2));
          this.socket.end();
        }
        return;
      case 0x9: // ping
        this.send(0xa, payload);
        return;
      default: // pong and reserved opcodes
        return;
    }
  }

  private send(opcode: number, payload: Buffer): void {
    if (this.socket.destroyed || !this.socket.writable) return;
    const mask = randomBytes(4);
    const header =
      payload.length < 126
        ? Buffer.from([0x80 | opcode, 0x80 | payload.length])
        : Buffer.from([0x80 | opcode, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
    const body = Buffer.alloc(payload.length);
    for (let i = 0; i < payload.length; i += 1)
      body.writeUInt8(payload.readUInt8(i) ^ mask.readUInt8(i % 4), i);
    this.socket.write(Buffer.concat([header, mask, body]));
  }
}

// ---------------------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------------------

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isMention(value: unknown): value is MentionEntity {
  return isRecord(value) && isRecord(value["mentioned"]) && typeof value["text"] === "string";
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function rootOf(conversationId: string): string {
  const index = conversationId.indexOf(threadMarker);
  return index === -1 ? conversationId : conversationId.slice(0, index);
}

function toSent(response: unknown, conversationId: string): SentMessage {
  if (!isRecord(response) || typeof response["messageId"] !== "string") {
    throw new Error(`Unexpected answer to a message: ${short(response)}`);
  }
  return {
    messageId: response["messageId"],
    conversationId:
      typeof response["postConversationId"] === "string" ? response["postConversationId"] : conversationId,
    timestamp: typeof response["timestamp"] === "number" ? response["timestamp"] : Date.now(),
  };
}

function toPredicate(matcher: MessageMatcher): (message: BotMessage) => boolean {
  if (typeof matcher === "string") return (message) => message.text?.trim() === matcher.trim();
  if (matcher instanceof RegExp) return (message) => message.text !== undefined && matcher.test(message.text);
  return matcher;
}

function describeMatcher(
  matcher: MessageMatcher | ((turn: BotTurn) => boolean) | ((call: BotApiCall) => boolean),
): string {
  if (typeof matcher === "string") return `text ${JSON.stringify(matcher)}`;
  if (matcher instanceof RegExp) return `text ${String(matcher)}`;
  return `predicate ${matcher.toString().replace(/\s+/g, " ").slice(0, 160)}`;
}

function summarize(message: BotMessage): string {
  const parts = [message.text === undefined ? "" : JSON.stringify(message.text.slice(0, 120))];
  if (message.cards.length > 0) parts.push(`[card: ${JSON.stringify(cardText(message.card).slice(0, 80))}]`);
  return parts.filter(Boolean).join(" ") || "(empty)";
}

function short(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

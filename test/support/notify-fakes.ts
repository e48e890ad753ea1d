import type { ConversationAddress } from "../../src/domain/directory/directory.js";
import type { NotificationEvent } from "../../src/domain/notify/event.js";
import { InvalidCursor, StorageUnavailable, type Versioned } from "../../src/domain/shared/ports.js";
import type { Logger } from "../../src/log.js";
import type {
  Delivery,
  DeliveryRepository,
  DeliveryTarget,
  NotificationComposer,
  NotificationTransport,
  OutgoingMessage,
  SendResult,
  TargetSink,
  ThreadRepository,
  ThreadRoot,
} from "../../src/domain/notify/ports.js";
import type { Timers } from "../../src/notify/timers.js";

/**
 * In-memory fakes of the delivery engine's ports, shared by the worker tests and the notify benchmark:
 * repositories versioned by a counter, a transport that records every request with its (virtual) time and
 * answers as scripted, a composer and a sink that record what they were asked.
 */

type RepositoryMethod = "createOnce" | "replace" | "get" | "pending";

export class InMemoryDeliveryRepository implements DeliveryRepository {
  private readonly docs = new Map<string, Versioned<Delivery>>();
  /** Ids per tenant in creation order: what `pending` pages through. */
  private readonly created = new Map<string, string[]>();
  private version = 0;
  private readonly failing = new Map<RepositoryMethod, number>();
  private readonly hooks: ((delivery: Delivery, version: string) => void)[] = [];
  writes = 0;

  constructor(private readonly pageSize = 100) {}

  /** The next `times` calls of `method` throw StorageUnavailable. */
  failNext(method: RepositoryMethod, times = 1): void {
    this.failing.set(method, (this.failing.get(method) ?? 0) + times);
  }

  /** Runs before each `replace` is applied (e.g. to let "another worker" change the delivery first). */
  beforeReplace(hook: (delivery: Delivery, version: string) => void): void {
    this.hooks.push(hook);
  }

  async createOnce(delivery: Delivery): Promise<{ readonly version: string } | undefined> {
    this.fail("createOnce");
    const key = keyOf(delivery.tenantId, delivery.id);
    if (this.docs.has(key)) return undefined;
    const version = this.put(delivery);
    const ids = this.created.get(delivery.tenantId) ?? [];
    ids.push(delivery.id);
    this.created.set(delivery.tenantId, ids);
    return { version };
  }

  async replace(delivery: Delivery, version: string): Promise<{ readonly version: string } | undefined> {
    this.fail("replace");
    for (const hook of this.hooks) hook(delivery, version);
    const found = this.docs.get(keyOf(delivery.tenantId, delivery.id));
    if (!found || found.version !== version) return undefined;
    return { version: this.put(delivery) };
  }

  async get(tenantId: string, id: string): Promise<Versioned<Delivery> | undefined> {
    this.fail("get");
    return this.docs.get(keyOf(tenantId, id));
  }

  async pending(
    tenantId: string,
    cursor?: string,
  ): Promise<{ readonly items: readonly Versioned<Delivery>[]; readonly cursor?: string }> {
    this.fail("pending");
    const ids = this.created.get(tenantId) ?? [];
    let at = cursor === undefined ? 0 : Number(cursor);
    if (!Number.isInteger(at) || at < 0 || at > ids.length) throw new InvalidCursor();
    const items: Versioned<Delivery>[] = [];
    for (; at < ids.length && items.length < this.pageSize; at++) {
      const found = this.docs.get(keyOf(tenantId, ids[at] as string));
      if (found?.value.status === "pending") items.push(found);
    }
    return at < ids.length ? { items, cursor: String(at) } : { items };
  }

  /** Writes as another writer would: unguarded, with a new version. Returns the version. */
  overwrite(delivery: Delivery): string {
    return this.put(delivery);
  }

  stored(tenantId: string, id: string): Versioned<Delivery> {
    const found = this.docs.get(keyOf(tenantId, id));
    if (!found) throw new Error(`no delivery ${id}`);
    return found;
  }

  all(): Delivery[] {
    return [...this.docs.values()].map((d) => d.value);
  }

  private put(delivery: Delivery): string {
    this.writes++;
    const version = `v${++this.version}`;
    this.docs.set(keyOf(delivery.tenantId, delivery.id), { value: delivery, version });
    return version;
  }

  private fail(method: RepositoryMethod): void {
    const left = this.failing.get(method) ?? 0;
    if (left <= 0) return;
    this.failing.set(method, left - 1);
    throw new StorageUnavailable(`${method} failed (injected)`);
  }
}

export class InMemoryThreadRepository implements ThreadRepository {
  private readonly roots = new Map<string, ThreadRoot>();

  async get(tenantId: string, conversationId: string, threadKey: string): Promise<ThreadRoot | undefined> {
    return this.roots.get(`${tenantId}\n${conversationId}\n${threadKey}`);
  }

  async save(root: ThreadRoot): Promise<ThreadRoot> {
    const key = `${root.tenantId}\n${root.conversationId}\n${root.threadKey}`;
    const found = this.roots.get(key);
    if (found) return found;
    this.roots.set(key, root);
    return root;
  }

  all(): ThreadRoot[] {
    return [...this.roots.values()];
  }
}

export interface TransportRequest {
  readonly kind: "send" | "update" | "open";
  /** For "open", the user's Teams id (no conversation exists yet). */
  readonly conversationId: string;
  readonly message?: OutgoingMessage;
  readonly replyTo?: string;
  /** The activity replaced ("update"). */
  readonly activityId?: string;
  readonly at: number;
  /** What it was answered. */
  result?: SendResult;
}

type Script = { readonly when: (request: TransportRequest) => boolean; readonly results: SendResult[] };

/** Records requests with their virtual time; answers "sent" unless a script says otherwise. */
export class RecordingTransport implements NotificationTransport {
  readonly requests: TransportRequest[] = [];
  private readonly scripts: Script[] = [];
  private next = 0;
  private inFlight = 0;
  maxInFlight = 0;

  constructor(
    private readonly timers: Timers,
    private readonly latencyMs = 0,
  ) {}

  /** The next requests matching `when` are answered `results`, one each, in order. */
  script(when: (request: TransportRequest) => boolean, ...results: SendResult[]): void {
    this.scripts.push({ when, results });
  }

  /** Requests to one conversation (sends and updates; opens carry the user's Teams id). */
  to(conversationId: string): TransportRequest[] {
    return this.requests.filter((r) => r.conversationId === conversationId);
  }

  send(address: ConversationAddress, message: OutgoingMessage, replyTo?: string): Promise<SendResult> {
    return this.answer({
      kind: "send",
      conversationId: address.conversationId,
      message,
      at: this.timers.now(),
      ...(replyTo === undefined ? {} : { replyTo }),
    });
  }

  update(address: ConversationAddress, activityId: string, message: OutgoingMessage): Promise<SendResult> {
    return this.answer({
      kind: "update",
      conversationId: address.conversationId,
      activityId,
      message,
      at: this.timers.now(),
    });
  }

  openPersonal(
    _via: { readonly serviceUrl: string; readonly botId: string },
    _tenantId: string,
    teamsId: string,
  ): Promise<SendResult> {
    return this.answer({ kind: "open", conversationId: teamsId, at: this.timers.now() });
  }

  private async answer(request: TransportRequest): Promise<SendResult> {
    this.requests.push(request);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.latencyMs > 0) await this.timers.sleep(this.latencyMs);
      const script = this.scripts.find((s) => s.results.length > 0 && s.when(request));
      const result: SendResult = script?.results.shift() ?? {
        kind: "sent",
        activityId: request.kind === "open" ? `a:personal-${request.conversationId}` : `act-${++this.next}`,
      };
      request.result = result;
      return result;
    } finally {
      this.inFlight--;
    }
  }
}

/** Posts carry the delivery id as their summary, so tests and the benchmark can tell which was posted. */
export class FakeComposer implements NotificationComposer {
  private failures = 0;
  composed = 0;

  constructor(private readonly withRoot = true) {}

  failNext(times = 1): void {
    this.failures += times;
  }

  async compose(
    delivery: Delivery,
  ): Promise<{ readonly post: OutgoingMessage; readonly root?: OutgoingMessage }> {
    if (this.failures > 0) {
      this.failures--;
      throw new Error("compose failed (injected)");
    }
    this.composed++;
    const { subject, facts } = delivery.event;
    const post = { text: `${subject.ref}: ${facts.toStage ?? delivery.event.kind}`, summary: delivery.id };
    if (!this.withRoot) return { post };
    return { post, root: { text: `${subject.title} (${facts.toStage ?? "?"})`, summary: delivery.id } };
  }
}

export class RecordingSink implements TargetSink {
  readonly goneCalls: { readonly tenantId: string; readonly target: DeliveryTarget }[] = [];
  readonly openedCalls: {
    readonly tenantId: string;
    readonly userId: string;
    readonly address: ConversationAddress;
  }[] = [];

  async gone(tenantId: string, target: DeliveryTarget): Promise<void> {
    this.goneCalls.push({ tenantId, target });
  }

  async personalOpened(tenantId: string, userId: string, address: ConversationAddress): Promise<void> {
    this.openedCalls.push({ tenantId, userId, address });
  }
}

export interface LogEntry {
  readonly level: "debug" | "info" | "warn" | "error";
  readonly message: string;
  readonly fields?: Record<string, unknown>;
}

/** A logger that keeps what it was told, for assertions. */
export function recordingLogger(): Logger & { readonly entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at = (level: LogEntry["level"]) => (message: string, fields?: Record<string, unknown>) => {
    entries.push({ level, message, ...(fields ? { fields } : {}) });
  };
  return { entries, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

// --- builders ---------------------------------------------------------------------------------------------

export const tenantId = "t-contoso";
export const serviceUrl = "https://smba.example.test/emea/";
export const botId = "28:bot";

export function channelAddress(conversationId: string): ConversationAddress {
  return { serviceUrl, conversationId, kind: "channel", botId, teamId: "19:team@thread.tacv2" };
}

export function stageEvent(ref: string, revision: number, toStage = `Stage ${revision}`): NotificationEvent {
  return {
    id: `${ref}#${revision}`,
    kind: "stage_changed",
    at: "2026-11-23T09:00:00.000Z",
    by: { id: "u-ann", name: "Ann" },
    subject: { kind: "opportunity", ref, title: `Opportunity ${ref}` },
    facts: { fromStage: `Stage ${revision - 1}`, toStage },
    direct: [],
  };
}

export function channelDelivery(
  conversationId: string,
  event: NotificationEvent,
  seq: number,
  overrides: Partial<Delivery> = {},
): Delivery {
  const key = `ch:${conversationId}`;
  return {
    id: `${event.id}>${key}`,
    tenantId,
    event,
    target: { kind: "channel", key, address: channelAddress(conversationId), threadKey: event.subject.ref },
    status: "pending",
    attempts: 0,
    seq,
    createdAt: "2026-11-23T09:00:00.000Z",
    ...overrides,
  };
}

export function userDelivery(
  userId: string,
  event: NotificationEvent,
  seq: number,
  address?: ConversationAddress,
): Delivery {
  const key = `user:${userId}`;
  return {
    id: `${event.id}>${key}`,
    tenantId,
    event,
    target: {
      kind: "user",
      key,
      userId,
      teamsId: `29:${userId}`,
      name: userId,
      via: { serviceUrl, botId },
      ...(address ? { address } : {}),
    },
    status: "pending",
    attempts: 0,
    seq,
    createdAt: "2026-11-23T09:00:00.000Z",
  };
}

function keyOf(tenant: string, id: string): string {
  return `${tenant}\n${id}`;
}

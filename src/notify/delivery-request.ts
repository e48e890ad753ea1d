import type {
  Delivery,
  NotificationComposer,
  NotificationTransport,
  SendResult,
  TargetSink,
  ThreadRepository,
  ThreadRoot,
} from "../domain/notify/ports.js";
import type { Logger } from "../log.js";
import { firstConversation, type Lane, type RootUpdate } from "./lane.js";

export type Attempt =
  | { readonly kind: "stopped" }
  | {
      readonly kind: "answered";
      readonly result: SendResult;
      /** The limiter key of the conversation that answered. */
      readonly conversation: string;
      readonly thread?: ThreadRoot;
      readonly rootUpdate?: RootUpdate;
    };

/** What making the requests of one delivery needs: the ports, and the limiter's permission for each request. */
export interface RequestPorts {
  readonly threads: ThreadRepository;
  readonly composer: NotificationComposer;
  readonly transport: NotificationTransport;
  readonly sink: TargetSink;
  readonly log: Logger;
  /** Waits until the limiter lets one request to `conversation` go; false when it must not be made. */
  readonly permit: (lane: Lane, conversation: string, term?: number) => Promise<boolean>;
}

/** Composes and makes the requests for one claimed delivery; failures come back as results. */
export async function request(ports: RequestPorts, lane: Lane, delivery: Delivery): Promise<Attempt> {
  const target = delivery.target;
  const term = delivery.leaseTerm;
  try {
    if (target.kind === "channel") {
      const { address, threadKey } = target;
      const conversation = address.conversationId;
      const root = await ports.threads.get(delivery.tenantId, conversation, threadKey);
      const composed = await ports.composer.compose(delivery);
      if (!(await ports.permit(lane, conversation, term))) return { kind: "stopped" };
      if (!root) {
        const result = await ports.transport.send(address, composed.root ?? composed.post);
        const thread =
          result.kind === "sent" && result.activityId
            ? {
                tenantId: delivery.tenantId,
                conversationId: conversation,
                threadKey,
                rootActivityId: result.activityId,
              }
            : undefined;
        return { kind: "answered", result, conversation, ...(thread ? { thread } : {}) };
      }
      const result = await ports.transport.send(address, composed.post, root.rootActivityId);
      const rootUpdate =
        result.kind === "sent" && composed.root
          ? { address, activityId: root.rootActivityId, message: composed.root, tries: 0, notBefore: 0 }
          : undefined;
      return { kind: "answered", result, conversation, ...(rootUpdate ? { rootUpdate } : {}) };
    }

    const composed = await ports.composer.compose(delivery);
    let address = target.address ?? lane.personal;
    if (!address) {
      if (!(await ports.permit(lane, target.key, term))) return { kind: "stopped" };
      const opened = await ports.transport.openPersonal(target.via, delivery.tenantId, target.teamsId);
      if (opened.kind !== "sent") return { kind: "answered", result: opened, conversation: target.key };
      if (!opened.activityId) {
        const result: SendResult = {
          kind: "failed",
          retryable: true,
          detail: "Teams opened the personal chat but did not say its id",
        };
        return { kind: "answered", result, conversation: target.key };
      }
      address = {
        serviceUrl: target.via.serviceUrl,
        conversationId: opened.activityId,
        kind: "personal",
        botId: target.via.botId,
      };
      lane.personal = address;
      try {
        await ports.sink.personalOpened(delivery.tenantId, target.userId, address);
      } catch (error) {
        // The chat is open either way; the next delivery to this user opens (finds) it again.
        ports.log.warn("notify.personal_chat_not_remembered", {
          userId: target.userId,
          error: describe(error),
        });
      }
    }
    if (!(await ports.permit(lane, address.conversationId, term))) return { kind: "stopped" };
    const result = await ports.transport.send(address, composed.post);
    return { kind: "answered", result, conversation: address.conversationId };
  } catch (error) {
    // A composer, thread store or transport that throws: retried like a 5xx, and given up the same way.
    const result: SendResult = { kind: "failed", retryable: true, detail: describe(error) };
    return { kind: "answered", result, conversation: firstConversation(lane, delivery) };
  }
}

export function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

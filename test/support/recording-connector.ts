import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedActivity {
  readonly method: string;
  readonly path: string;
  readonly conversationId: string;
  readonly body: {
    readonly type?: string;
    readonly text?: string;
    readonly replyToId?: string;
    readonly attachments?: readonly { contentType: string; content: Record<string, unknown> }[];
    readonly [key: string]: unknown;
  };
}

/**
 * A stand-in for the Bot Connector service: the bot posts its replies here (the activity's serviceUrl).
 * It records them so tests assert on what was really sent over HTTP.
 */
export class RecordingConnector {
  readonly received: RecordedActivity[] = [];
  private waiters: { count: number; resolve: () => void }[] = [];

  private constructor(
    private readonly server: Server,
    readonly serviceUrl: string,
  ) {}

  static async start(): Promise<RecordingConnector> {
    const holder: { connector?: RecordingConnector } = {};
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const path = req.url ?? "";
        const match = /\/v3\/conversations\/([^/]+)\/activities/.exec(path);
        const text = Buffer.concat(chunks).toString("utf8");
        holder.connector?.record({
          method: req.method ?? "",
          path,
          conversationId: decodeURIComponent(match?.[1] ?? ""),
          body: text ? (JSON.parse(text) as RecordedActivity["body"]) : {},
        });
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ id: `reply-${holder.connector?.received.length ?? 0}` }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    holder.connector = new RecordingConnector(server, `http://127.0.0.1:${port}/`);
    return holder.connector;
  }

  /** Resolves once `count` activities have been received in total. */
  waitFor(count: number, timeoutMs = 5000): Promise<void> {
    if (this.received.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`expected ${count} activities, got ${this.received.length}`)),
        timeoutMs,
      );
      this.waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private record(activity: RecordedActivity): void {
    this.received.push(activity);
    this.waiters = this.waiters.filter((w) => {
      if (this.received.length < w.count) return true;
      w.resolve();
      return false;
    });
  }
}

/** The card attached to a recorded message, if any. */
export const cardOf = (activity: RecordedActivity | undefined): Record<string, unknown> | undefined =>
  activity?.body.attachments?.find((a) => a.contentType === "application/vnd.microsoft.card.adaptive")
    ?.content;

/** All text of a card, joined, for assertions that should not depend on its layout. */
export function cardText(card: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if ((key === "text" || key === "title" || key === "value") && typeof value === "string")
          parts.push(value);
        else walk(value);
      }
    }
  };
  walk(card);
  return parts.join("\n");
}

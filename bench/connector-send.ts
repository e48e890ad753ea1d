import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { CardFactory, TurnContext, type Activity } from "botbuilder";
import type { ConnectorClient } from "botframework-connector";
import { silentLogger } from "../src/log.js";
import { createAdapter } from "../src/teams/adapter.js";
import { postActivity } from "../src/teams/connector-send.js";
import { startRecordingConnector } from "./recording-connector.js";

/**
 * A card reply sent through the kept connector client two ways, in one process and alternating blocks: the
 * SDK's operation (`conversations.replyToActivity`, what src/teams sent before) and `postActivity`
 * (src/teams/connector-send.ts: the same pipeline without the operation layer). CPU per reply (user + system),
 * median of the blocks; the recording connector answering in the same process is in both figures alike.
 *
 *   npm run build && node dist/bench/connector-send.js [--card FILE] [--sends 3000] [--blocks 7]
 *
 * --card: an Adaptive Card as JSON (default: a small one; an opportunity card is about 3.6 KB).
 */

const { values } = parseArgs({
  options: {
    card: { type: "string" },
    sends: { type: "string", default: "3000" },
    blocks: { type: "string", default: "7" },
  },
});
const sends = Number(values.sends);
const blocks = Number(values.blocks);
const card: object = values.card
  ? (JSON.parse(readFileSync(values.card, "utf8")) as object)
  : { type: "AdaptiveCard", version: "1.5", body: [{ type: "TextBlock", text: "Bench" }] };

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const connector = await startRecordingConnector();
  try {
    const endpoint = createAdapter({ appType: "MultiTenant" }, silentLogger);
    const incoming = {
      type: "message",
      id: "bench-activity-1",
      channelId: "msteams",
      serviceUrl: connector.serviceUrl,
      locale: "en-US",
      from: { id: "29:bench-user", name: "Bench User", aadObjectId: "0b1c2d3e-4f5a-4b6c-8d7e-000000000001" },
      recipient: { id: "28:pipeline-bot", name: "Pipeline" },
      conversation: { id: "a:bench-personal", conversationType: "personal", tenantId: "bench-tenant" },
      channelData: { tenant: { id: "bench-tenant" } },
      text: "bench",
    };
    let client: ConnectorClient | undefined;
    let reference: Partial<ReturnType<typeof TurnContext.getConversationReference>> | undefined;
    await endpoint({}, incoming, async (context) => {
      client = context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey);
      reference = TurnContext.getConversationReference(context.activity);
    });
    if (!client || !reference) throw new Error("The adapter gave the turn no connector client.");
    const kept = client;
    const keptReference = reference;
    const reply = (): Partial<Activity> =>
      TurnContext.applyConversationReference(
        { type: "message", attachments: [CardFactory.adaptiveCard(card)], summary: "Bench reply" },
        keptReference,
      );
    const signal = new AbortController().signal;
    const ways: Record<string, () => Promise<unknown>> = {
      "SDK operation": () => {
        const activity = reply();
        return kept.conversations.replyToActivity(
          activity.conversation?.id ?? "",
          activity.replyToId ?? "",
          activity,
          { abortSignal: signal },
        );
      },
      postActivity: () => postActivity(kept, reply(), signal),
    };
    const names = Object.keys(ways);
    const run = async (name: string, count: number) => {
      const send = ways[name] as () => Promise<unknown>;
      for (let i = 0; i < count; i++) await send();
    };
    for (const name of names) await run(name, 1000);
    const figures = new Map<string, number[]>(names.map((n) => [n, []]));
    for (let b = 0; b < blocks; b++) {
      const order = b % 2 === 0 ? names : [...names].reverse();
      for (const name of order) {
        const cpu = process.cpuUsage();
        await run(name, sends);
        const used = process.cpuUsage(cpu);
        figures.get(name)?.push((used.user + used.system) / sends);
      }
    }
    for (const [name, xs] of figures)
      console.log(
        `${name.padEnd(14)} median ${median(xs).toFixed(1)} µs CPU/reply  [${xs.map((x) => x.toFixed(1)).join(" ")}]`,
      );
    // Each block's two runs met the same load: the median of their ratios is steadier than the medians' ratio.
    const [first, second] = names.map((n) => figures.get(n) ?? []);
    const ratios = (first ?? []).map((x, b) => (second?.[b] ?? NaN) / x);
    console.log(`${names[1]} ÷ ${names[0]}, median of the blocks' ratios: ${median(ratios).toFixed(3)}`);
    console.log(
      `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );
  } finally {
    await connector.close();
  }
}

await main();

import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { Agent, request } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { EmbeddedDocumentStore } from "../src/store/embedded/embedded-document-store.js";
import { startRecordingConnector, type RecordingConnector } from "./recording-connector.js";

/**
 * Load test: 50 concurrent users (10 in each of 5 tenants), 20 000 mixed commands through real HTTP into the
 * bot's POST /api/messages, bounded to 3 minutes. The bot runs as a child process on the embedded store; its
 * replies go to a local recording connector. Each user is a closed loop (next command when the last one
 * was answered). The mix: reads (lead list, lead show), creates (lead new), typed notes, card presses
 * (Action.Execute lead.note) and stage moves (opp next / opp back on the user's own opportunity).
 *
 * Reported: p50/p99 of the HTTP round trip (the bot answers after its replies were delivered), errors
 * (non-200, timeouts, "something went wrong"), refused writes (changed-at-the-same-moment, or a create
 * not acknowledged), lost writes (acknowledged creates and notes that are not in the store afterwards),
 * and the bot's RSS.
 *
 *   npm run bench:load                       20 000 commands, 50 users, 5 tenants, 180 s at most
 *   node dist/bench/load.js --commands N --users U --tenants T --seconds S
 */

const host = "127.0.0.1";
const { values } = parseArgs({
  options: {
    commands: { type: "string", default: "20000" },
    users: { type: "string", default: "50" },
    tenants: { type: "string", default: "5" },
    seconds: { type: "string", default: "180" },
  },
});
const totalCommands = Number(values.commands);
const userCount = Number(values.users);
const tenantCount = Number(values.tenants);
const boundMs = Number(values.seconds) * 1000;

interface User {
  readonly tenantId: string;
  readonly id: string;
  readonly aadObjectId: string;
  readonly name: string;
  opportunity?: string;
  forward: boolean;
}

type Kind = "read" | "create" | "note" | "press" | "stage";
const kinds: readonly Kind[] = [
  "read",
  "read",
  "read",
  "create",
  "create",
  "note",
  "note",
  "press",
  "press",
  "stage",
];

const figures = {
  latencies: [] as number[],
  byKind: new Map<Kind, number[]>(),
  errors: 0,
  errorSamples: [] as string[],
  refused: new Map<Kind, number>(),
  acknowledgedCreates: new Map<string, Set<string>>(),
  acknowledgedNotes: [] as { tenantId: string; ref: string; text: string }[],
  peakRssMb: 0,
};

let activityCounter = 0;

function activity(user: User, serviceUrl: string, fields: Record<string, unknown>) {
  return {
    type: "message",
    id: `load-${++activityCounter}`,
    channelId: "msteams",
    serviceUrl,
    locale: "en-US",
    from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
    recipient: { id: "28:pipeline-bot", name: "Pipeline" },
    conversation: { id: `a:personal-${user.id}`, conversationType: "personal", tenantId: user.tenantId },
    channelData: { tenant: { id: user.tenantId } },
    ...fields,
  };
}

function post(agent: Agent, port: number, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const req = request(
      {
        host,
        port,
        method: "POST",
        path: "/api/messages",
        agent,
        headers: { "content-type": "application/json" },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }),
        );
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error("timeout")));
    req.on("error", (error) => resolve({ status: 0, text: error.message }));
    req.end(body);
  });
}

async function run(
  agent: Agent,
  port: number,
  connector: RecordingConnector,
  user: User,
  kind: Kind,
  n: number,
): Promise<void> {
  const leads = [...(figures.acknowledgedCreates.get(user.tenantId) ?? [])];
  const someLead = leads[n % Math.max(1, leads.length)] ?? "L-1001";
  const noteText = `load note ${user.id} ${n}`;
  let body: Record<string, unknown>;
  switch (kind) {
    case "read":
      body = activity(user, connector.serviceUrl, { text: n % 2 ? "lead list" : `lead show ${someLead}` });
      break;
    case "create":
      body = activity(user, connector.serviceUrl, {
        text: `lead new Load ${user.id} ${n} last=Berg company=Contoso`,
      });
      break;
    case "note":
      body = activity(user, connector.serviceUrl, { text: `note ${someLead} ${noteText}` });
      break;
    case "press":
      body = activity(user, connector.serviceUrl, {
        type: "invoke",
        name: "adaptiveCard/action",
        value: { action: { type: "Action.Execute", verb: "lead.note", data: { ref: someLead, noteText } } },
      });
      break;
    case "stage":
      body = activity(user, connector.serviceUrl, {
        text: `opp ${user.forward ? "next" : "back"} ${user.opportunity ?? "O-1001"}`,
      });
      break;
  }
  const id = String(body.id);
  const replies =
    kind === "press" ? undefined : connector.waitForReplies(id, 1, 30_000).catch(() => undefined);
  const started = performance.now();
  const answer = await post(agent, port, JSON.stringify(body));
  const elapsed = performance.now() - started;
  const replyText =
    answer.text +
    ((await (replies ?? Promise.resolve(undefined)))?.map((r) => JSON.stringify(r.activity)).join() ?? "");
  figures.latencies.push(elapsed);
  const list = figures.byKind.get(kind) ?? [];
  list.push(elapsed);
  figures.byKind.set(kind, list);
  if (answer.status !== 200 || /went wrong/i.test(replyText) || (kind !== "press" && !replies)) {
    figures.errors++;
    if (figures.errorSamples.length < 5)
      figures.errorSamples.push(`${kind} ${answer.status} ${replyText.slice(0, 200)}`);
    return;
  }
  const refuse = () => figures.refused.set(kind, (figures.refused.get(kind) ?? 0) + 1);
  if (/same moment|changed meanwhile/i.test(replyText)) refuse();
  else if (kind === "create") {
    const ref = /Lead (L-\d+) created/.exec(replyText)?.[1];
    if (ref) figures.acknowledgedCreates.get(user.tenantId)?.add(ref);
    else refuse();
  } else if ((kind === "note" || kind === "press") && /added to|Added/i.test(replyText) && leads.length > 0)
    figures.acknowledgedNotes.push({ tenantId: user.tenantId, ref: someLead, text: noteText });
  else if (kind === "stage" && /last stage|first stage|already/i.test(replyText))
    user.forward = !user.forward;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return Math.round(Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN) / 1024);
  } catch {
    return NaN;
  }
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted.length === 0
    ? NaN
    : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN);

async function main(): Promise<void> {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
  const dataDir = await mkdtemp(join(tmpdir(), "pipeline-load-"));
  const connector = await startRecordingConnector();
  const port = await freePort();
  const tenants = Array.from({ length: tenantCount }, (_, i) => `load-tenant-${i + 1}`);
  const users: User[] = Array.from({ length: userCount }, (_, i) => ({
    tenantId: tenants[i % tenantCount] ?? "load-tenant-1",
    id: `29:load-${i}`,
    aadObjectId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    name: `Load User ${i}`,
    forward: true,
  }));
  for (const t of tenants) figures.acknowledgedCreates.set(t, new Set());
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(Microsoft|COSMOS_|STORE$|ADMIN_AAD_IDS$|NODE_OPTIONS$)/.test(k),
    ),
  );
  const child = spawn(process.execPath, [join(root, "dist", "bundle", "main.js")], {
    cwd: dataDir,
    env: {
      ...env,
      PORT: String(port),
      HOST: host,
      DATA_DIR: dataDir,
      LOG_LEVEL: "error",
      NOTIFICATIONS: "off",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let output = "";
  child.stderr?.on("data", (c: Buffer) => (output = (output + c.toString()).slice(-4000)));
  const agent = new Agent({ keepAlive: true, maxSockets: userCount });
  try {
    for (let i = 0; ; i++) {
      const ok = await fetch(`http://${host}:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (i > 1200) throw new Error(`the bot did not start:\n${output}`);
      await sleep(50);
    }
    // Seed: one account per tenant, one opportunity per user, one lead per tenant.
    for (const t of tenants) {
      const first = users.find((u) => u.tenantId === t);
      if (!first) continue;
      await run(agent, port, connector, first, "create", 0);
      const account = activity(first, connector.serviceUrl, { text: "account new Contoso Ltd" });
      await post(agent, port, JSON.stringify(account));
    }
    for (const user of users) {
      const opp = activity(user, connector.serviceUrl, { text: `opp new Deal of ${user.id} account=A-1001` });
      const reply = connector.waitForReplies(String(opp.id), 1, 30_000);
      await post(agent, port, JSON.stringify(opp));
      user.opportunity = /O-\d+/.exec((await reply).map((r) => JSON.stringify(r.activity)).join())?.[0];
    }
    figures.latencies.length = 0;
    figures.byKind.clear();

    let issued = 0;
    const started = performance.now();
    const sampler = setInterval(
      () => (figures.peakRssMb = Math.max(figures.peakRssMb, rssMb(child.pid ?? 0))),
      500,
    );
    await Promise.all(
      users.map(async (user, u) => {
        for (let n = 0; issued < totalCommands && performance.now() - started < boundMs; n++) {
          issued++;
          await run(agent, port, connector, user, kinds[(n * 7 + u) % kinds.length] ?? "read", n);
        }
      }),
    );
    clearInterval(sampler);
    const seconds = (performance.now() - started) / 1000;
    figures.peakRssMb = Math.max(figures.peakRssMb, rssMb(child.pid ?? 0));
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));

    // Lost writes: every acknowledged lead and note must be in the store.
    const store = await EmbeddedDocumentStore.open({ dir: dataDir });
    let lostCreates = 0;
    let lostNotes = 0;
    const notesByLead = new Map<string, string>();
    for (const t of tenants) {
      const stored = new Set<string>();
      let continuation: string | undefined;
      do {
        const page = await store.query(t, {
          type: "lead",
          limit: 1000,
          ...(continuation ? { continuation } : {}),
        });
        for (const item of page.items) {
          const body = item.body as { ref?: string; timeline?: { text: string }[] };
          stored.add(body.ref ?? "");
          notesByLead.set(`${t}/${body.ref ?? ""}`, JSON.stringify(body.timeline ?? []));
        }
        continuation = page.continuation;
      } while (continuation);
      for (const ref of figures.acknowledgedCreates.get(t) ?? []) if (!stored.has(ref)) lostCreates++;
    }
    for (const note of figures.acknowledgedNotes)
      if (!(notesByLead.get(`${note.tenantId}/${note.ref}`) ?? "").includes(note.text)) lostNotes++;
    await store.close();

    const sorted = [...figures.latencies].sort((a, b) => a - b);
    const round = (n: number) => Math.round(n * 10) / 10;
    const result = {
      commands: figures.latencies.length,
      users: userCount,
      tenants: tenantCount,
      seconds: round(seconds),
      throughputPerSecond: round(figures.latencies.length / seconds),
      p50Ms: round(percentile(sorted, 50)),
      p99Ms: round(percentile(sorted, 99)),
      maxMs: round(sorted.at(-1) ?? NaN),
      byKind: Object.fromEntries(
        [...figures.byKind].map(([k, v]) => {
          const s = [...v].sort((a, b) => a - b);
          return [k, { count: v.length, p50Ms: round(percentile(s, 50)), p99Ms: round(percentile(s, 99)) }];
        }),
      ),
      errors: figures.errors,
      errorSamples: figures.errorSamples,
      refused: Object.fromEntries(figures.refused),
      acknowledgedCreates: [...figures.acknowledgedCreates.values()].reduce((n, s) => n + s.size, 0),
      acknowledgedNotes: figures.acknowledgedNotes.length,
      lostCreates,
      lostNotes,
      botPeakRssMb: figures.peakRssMb,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
    agent.destroy();
    await connector.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

import { connect } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { RecordingConnector } from "./support/recording-connector.js";
import { startBotServer, teamsMessage } from "./support/bot-server.js";

/**
 * What POST /api/messages writes on the wire, read as raw bytes (fetch would forgive a wrong length or
 * type): the status line, Content-Type and Content-Length as sent, and a body of exactly that many bytes
 * that parses as JSON. The opportunity card carries characters that UTF-8 writes in two or three bytes
 * (●, ›, €, …), so a length counted in characters would be short.
 */

let connector: RecordingConnector;
let bot: Awaited<ReturnType<typeof startBotServer>>;
let port: number;

beforeAll(async () => {
  connector = await RecordingConnector.start();
  bot = await startBotServer();
  port = Number(new URL(bot.url).port);
});

afterAll(async () => {
  await bot?.stop();
  await connector?.close();
});

interface RawAnswer {
  readonly status: number;
  readonly headers: ReadonlyMap<string, string>;
  /** The bytes after the header block, all of them, as they came until the server closed. */
  readonly body: Buffer;
}

/** One request on its own connection (Connection: close), the answer read until the server closes it. */
function raw(body: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("end", () => {
      const all = Buffer.concat(chunks);
      const end = all.indexOf("\r\n\r\n");
      const [statusLine = "", ...lines] = all.subarray(0, end).toString("latin1").split("\r\n");
      const fields = new Map<string, string>();
      for (const line of lines) {
        const colon = line.indexOf(":");
        fields.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
      }
      resolve({ status: Number(statusLine.split(" ")[1]), headers: fields, body: all.subarray(end + 4) });
    });
    const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`);
    // Written, not ended: a client that half-closes first may be hung up on before its answer.
    socket.write(
      `POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n${extra.join("")}\r\n${body}`,
    );
  });
}

/** The answer's body as JSON, after checking that its headers describe exactly the bytes that came. */
function jsonOf(answer: RawAnswer): unknown {
  expect(answer.headers.get("content-type")).toBe("application/json");
  expect(answer.headers.has("transfer-encoding")).toBe(false);
  expect(Number(answer.headers.get("content-length"))).toBe(answer.body.length);
  return JSON.parse(answer.body.toString("utf8")) as unknown;
}

const message = (text: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ ...teamsMessage({ serviceUrl: connector.serviceUrl, text }), ...extra });

const press = (verb: string, data: unknown, extra: Record<string, unknown> = {}) =>
  message("", {
    type: "invoke",
    name: "adaptiveCard/action",
    value: { action: { type: "Action.Execute", verb, data } },
    ...extra,
  });

test("a card press is answered with the card as JSON whose Content-Length counts its UTF-8 bytes", async () => {
  for (const text of ["lead new Wire answer first=Ann last=Berg company=Contoso", "lead qualify L-1001"])
    expect((await bot.post(message(text))).status).toBe(200);

  const answer = await raw(press("opp.show", { ref: "O-1001" }));

  expect(answer.status).toBe(200);
  const body = jsonOf(answer) as { statusCode: number; type: string; value: unknown };
  expect(body.statusCode).toBe(200);
  expect(body.type).toBe("application/vnd.microsoft.card.adaptive");
  const text = JSON.stringify(body.value);
  expect(text).toContain("Wire answer");
  // Characters beyond ASCII are in it (what makes bytes and characters differ), sent as themselves.
  expect(answer.body.length).toBeGreaterThan(answer.body.toString("utf8").length);
  expect(answer.body.toString("utf8")).toMatch(/[€●›…]/);
});

test("a message is answered 200 with no body and a Content-Length of 0", async () => {
  const before = connector.received.length;
  const answer = await raw(message("help"));
  expect(connector.received.length).toBe(before + 1);

  expect(answer.status).toBe(200);
  expect(answer.headers.get("content-length")).toBe("0");
  expect(answer.body.length).toBe(0);
});

test("refusals keep their status and say why in JSON", async () => {
  const notActivity = await raw(JSON.stringify({ type: 1 }));
  const unknownInvoke = await raw(message("", { type: "invoke", name: "task/fetch", value: {} }));
  const badValue = await raw(message("", { type: "invoke", name: "composeExtension/query", value: 7 }));

  expect(notActivity.status).toBe(400);
  expect(jsonOf(notActivity)).toMatchObject({ error: "The body must be a Bot Framework activity." });
  expect(unknownInvoke.status).toBe(400);
  expect(jsonOf(unknownInvoke)).toEqual({ error: "This bot does not handle this invoke." });
  expect(badValue.status).toBe(400);
  expect(jsonOf(badValue)).toEqual({ error: "The invoke's value is not what Teams sends." });
});

test("an invoke that asks for expectReplies gets the SDK's answer: the turn's activities, the invoke answer among them", async () => {
  const answer = await raw(press("opp.show", { ref: "O-1001" }, { deliveryMode: "expectReplies" }));

  expect(answer.status).toBe(200);
  const body = jsonOf(answer) as {
    activities: { type: string; value?: { status: number; body: unknown } }[];
  };
  const answered = body.activities.filter((a) => a.type === "invokeResponse");
  expect(answered).toHaveLength(1);
  expect(answered[0]?.value?.status).toBe(200);
  expect(answered[0]?.value?.body).toMatchObject({ type: "application/vnd.microsoft.card.adaptive" });
});

test("with an app id, a request without a token gets 401 and no body", async () => {
  const secured = await startBotServer({
    MicrosoftAppId: "11111111-2222-3333-4444-555555555555",
    MicrosoftAppPassword: "not-a-real-secret",
  });
  const securedPort = port;
  port = Number(new URL(secured.url).port);
  try {
    const answer = await raw(message("help"));
    expect(answer.status).toBe(401);
    expect(answer.headers.get("content-length")).toBe("0");
    expect(answer.body.length).toBe(0);
  } finally {
    port = securedPort;
    await secured.stop();
  }
});

import { createHmac, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createLogger } from "../../src/log.js";
import { startBotServer, teamsMessage } from "../support/bot-server.js";
import { RecordingConnector } from "../support/recording-connector.js";

/**
 * Bot Framework tokens against the SDK's real validation, offline: the signing keys are served on loopback
 * (an OpenID metadata document and its JWKS, as login.botframework.com publishes them). Every forged token
 * is a 401 and is logged at warn without the token; a properly signed one is answered.
 */

const appId = "11111111-2222-3333-4444-555555555555";
const appPassword = "the-app-password-known-to-the-attacker";
const issuer = "https://api.botframework.com";
const kid = "local-key-1";

const trusted = generateKeyPairSync("rsa", { modulusLength: 2048 });
const attacker = generateKeyPairSync("rsa", { modulusLength: 2048 });

let keys: Server;
let connector: RecordingConnector;
let bot: Awaited<ReturnType<typeof startBotServer>>;
const logLines: string[] = [];

beforeAll(async () => {
  const jwk = trusted.publicKey.export({ format: "jwk" });
  keys = createServer((req, res) => {
    const base = `http://127.0.0.1:${(keys.address() as AddressInfo).port}`;
    res.setHeader("content-type", "application/json");
    if (req.url === "/openid")
      res.end(
        JSON.stringify({
          issuer,
          jwks_uri: `${base}/keys`,
          id_token_signing_alg_values_supported: ["RS256"],
        }),
      );
    else if (req.url === "/keys")
      res.end(
        JSON.stringify({ keys: [{ ...jwk, kid, use: "sig", alg: "RS256", endorsements: ["msteams"] }] }),
      );
    else res.writeHead(404).end("{}");
  });
  await new Promise<void>((resolve) => keys.listen(0, "127.0.0.1", resolve));
  connector = await RecordingConnector.start();
  const port = (keys.address() as AddressInfo).port;
  bot = await startBotServer({ MicrosoftAppId: appId, MicrosoftAppPassword: appPassword }, undefined, {
    authority: { openIdMetadataUrl: `http://127.0.0.1:${port}/openid`, issuer },
    log: createLogger("debug", (line) => logLines.push(line)),
  });
});

afterAll(async () => {
  await bot?.stop();
  await connector?.close();
  await new Promise<void>((resolve) => keys?.close(() => resolve()));
});

const base64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");
const now = () => Math.floor(Date.now() / 1000);

function claims(overrides: Record<string, unknown> = {}) {
  return {
    iss: issuer,
    aud: appId,
    serviceurl: connector.serviceUrl,
    nbf: now() - 60,
    exp: now() + 3600,
    ...overrides,
  };
}

function jwt(header: Record<string, unknown>, payload: object, signer: (input: string) => Buffer | string) {
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = signer(input);
  return `${input}.${typeof signature === "string" ? signature : base64url(signature)}`;
}

const rs256 = (key: KeyObject) => (input: string) => sign("sha256", Buffer.from(input), key);

const tokens = () => ({
  valid: jwt({ alg: "RS256", typ: "JWT", kid }, claims(), rs256(trusted.privateKey)),
  "signed by another key with a known key id": jwt(
    { alg: "RS256", typ: "JWT", kid },
    claims(),
    rs256(attacker.privateKey),
  ),
  "alg none with a key id": jwt({ alg: "none", typ: "JWT", kid }, claims(), () => ""),
  "HS256 signed with the app password": jwt({ alg: "HS256", typ: "JWT", kid }, claims(), (input) =>
    createHmac("sha256", appPassword).update(input).digest(),
  ),
  "not valid before an hour from now": jwt(
    { alg: "RS256", typ: "JWT", kid },
    claims({ nbf: now() + 3600 }),
    rs256(trusted.privateKey),
  ),
  "expired an hour ago": jwt(
    { alg: "RS256", typ: "JWT", kid },
    claims({ nbf: now() - 7200, exp: now() - 3600 }),
    rs256(trusted.privateKey),
  ),
  "for another app": jwt(
    { alg: "RS256", typ: "JWT", kid },
    claims({ aud: "99999999-2222-3333-4444-555555555555" }),
    rs256(trusted.privateKey),
  ),
  "an unknown key id": jwt({ alg: "RS256", typ: "JWT", kid: "nobody" }, claims(), rs256(trusted.privateKey)),
  "not a token at all": "not-a-jwt",
});

test("a token signed with the published key is answered", async () => {
  const response = await bot.post(teamsMessage({ serviceUrl: connector.serviceUrl, text: "help" }), {
    authorization: `Bearer ${tokens().valid}`,
  });
  expect(response.status).toBe(200);
});

test("every forged token is a 401, logged at warn without the token", async () => {
  const { valid: _valid, ...forged } = tokens();
  const before = connector.received.length;
  for (const [name, token] of Object.entries(forged)) {
    logLines.length = 0;
    // The SDK's token validation prints its own reasons with console.error; they are checked here too.
    const printed: string[] = [];
    const consoleError = console.error;
    console.error = (...args: unknown[]) => printed.push(args.map(String).join(" "));
    const response = await bot
      .post(teamsMessage({ serviceUrl: connector.serviceUrl, text: "help" }), {
        authorization: `Bearer ${token}`,
      })
      .finally(() => (console.error = consoleError));
    for (const line of printed) expect(line, name).not.toContain(token);
    expect(response.status, name).toBe(401);
    const refusal = logLines.map((l) => JSON.parse(l) as { level: string; message: string });
    expect(refusal, name).toContainEqual(
      expect.objectContaining({ level: "warn", message: "request refused: not authenticated" }),
    );
    expect(
      refusal.some((l) => l.level === "error"),
      name,
    ).toBe(false);
    const signature = token.split(".")[2] ?? token;
    for (const line of logLines) {
      expect(line, name).not.toContain(token);
      if (signature.length > 8) expect(line, name).not.toContain(signature);
    }
  }
  expect(connector.received.length).toBe(before);
});

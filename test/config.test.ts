import { expect, test } from "vitest";
import { ConfigError, parseConfig } from "../src/config/config.js";

test("an empty environment gives the local defaults: embedded store, anonymous bot, port 3978", () => {
  expect(parseConfig({})).toEqual({
    port: 3978,
    host: "127.0.0.1",
    store: { kind: "embedded", dataDir: "./data", createDataDir: true },
    admins: [],
    bot: { appId: undefined, appPassword: undefined, appTenantId: undefined, appType: "MultiTenant" },
    notifications: true,
    senderLease: { expiryMs: 15_000, renewMs: 5_000 },
    logLevel: "info",
    purgeBatch: 1_000,
    publicUrl: "http://127.0.0.1:3978",
  });
});

test("the default DATA_DIR may be created at start-up; one that was set must already exist", () => {
  expect(parseConfig({}).store).toMatchObject({ dataDir: "./data", createDataDir: true });
  expect(parseConfig({ DATA_DIR: "/srv/pipeline" }).store).toMatchObject({
    dataDir: "/srv/pipeline",
    createDataDir: false,
  });
});

test("PURGE_BATCH bounds one opp purge: a whole number from 1 to 10000", () => {
  expect(parseConfig({ PURGE_BATCH: "250" }).purgeBatch).toBe(250);
  for (const bad of ["0", "10001", "2.5", "many"]) {
    expect(() => parseConfig({ PURGE_BATCH: bad }), bad).toThrow(/PURGE_BATCH/);
  }
});

test("SENDER_LEASE_SECONDS sets the sender lease's expiry, renewed every third of it", () => {
  expect(parseConfig({ SENDER_LEASE_SECONDS: "3" }).senderLease).toEqual({ expiryMs: 3_000, renewMs: 1_000 });
  expect(() => parseConfig({ SENDER_LEASE_SECONDS: "0" })).toThrow(/SENDER_LEASE_SECONDS must be at least/);
  expect(() => parseConfig({ SENDER_LEASE_SECONDS: "soon" })).toThrow(/SENDER_LEASE_SECONDS/);
});

test("NOTIFICATIONS=off makes an instance that commits events but leaves sending to another", () => {
  expect(parseConfig({ NOTIFICATIONS: "OFF" }).notifications).toBe(false);
  expect(parseConfig({ NOTIFICATIONS: "on" }).notifications).toBe(true);
  expect(parseConfig({ NOTIFICATIONS: "" }).notifications).toBe(true);
  expect(() => parseConfig({ NOTIFICATIONS: "sometimes" })).toThrow(/NOTIFICATIONS/);
});

test("the configuration is frozen", () => {
  const config = parseConfig({ ADMIN_AAD_IDS: "11111111-1111-1111-1111-111111111111" });
  expect(Object.isFrozen(config)).toBe(true);
  expect(Object.isFrozen(config.store)).toBe(true);
  expect(Object.isFrozen(config.admins)).toBe(true);
});

test("cosmos needs an endpoint and a key, each named when missing", () => {
  expect(() => parseConfig({ STORE: "cosmos" })).toThrow(ConfigError);
  try {
    parseConfig({ STORE: "cosmos" });
  } catch (error) {
    expect((error as ConfigError).problems).toEqual([
      "COSMOS_ENDPOINT is required when STORE=cosmos",
      "COSMOS_KEY is required when STORE=cosmos",
    ]);
  }
  expect(
    parseConfig({
      STORE: "Cosmos",
      COSMOS_ENDPOINT: "https://acct.documents.azure.com:443/",
      COSMOS_KEY: "k",
    }).store,
  ).toEqual({
    kind: "cosmos",
    endpoint: "https://acct.documents.azure.com:443/",
    key: "k",
    database: "pipeline",
    container: "pipeline",
  });
});

test("a bad value names the variable and what it got, but never shows a secret", () => {
  const problems = (env: Record<string, string>) => {
    try {
      parseConfig(env);
      return [];
    } catch (error) {
      return (error as ConfigError).problems;
    }
  };
  expect(problems({ PORT: "eighty" })[0]).toMatch(/^PORT .*\(got "eighty"\)$/);
  expect(problems({ STORE: "postgres" })[0]).toMatch(/^STORE .*\(got "postgres"\)$/);
  expect(problems({ ADMIN_AAD_IDS: "ann@contoso.com" })[0]).toMatch(/^ADMIN_AAD_IDS\.0 must be a GUID/);
  expect(problems({ MicrosoftAppId: "11111111-1111-1111-1111-111111111111" })).toEqual([
    "MicrosoftAppPassword is required when MicrosoftAppId is set",
  ]);
  expect(
    problems({ STORE: "cosmos", COSMOS_ENDPOINT: "not a url", COSMOS_KEY: "secret-key" }).join(),
  ).not.toContain("secret-key");
});

test("admin ids are a comma- or space-separated list, compared in lower case", () => {
  expect(
    parseConfig({
      ADMIN_AAD_IDS: "AAAAAAAA-1111-1111-1111-111111111111, bbbbbbbb-2222-2222-2222-222222222222",
    }).admins,
  ).toEqual([
    { userId: "aaaaaaaa-1111-1111-1111-111111111111" },
    { userId: "bbbbbbbb-2222-2222-2222-222222222222" },
  ]);
});

const appId = "99999999-9999-9999-9999-999999999999";
const tenantA = "3f0c1b7e-1111-4222-8333-444455556666";
const admin = "aaaaaaaa-1111-1111-1111-111111111111";

test("admin ids are bound to a tenant: tenantId:aadObjectId, or the app's own tenant for a bare id", () => {
  const signed = { MicrosoftAppId: appId, MicrosoftAppPassword: "secret" };
  expect(parseConfig({ ...signed, ADMIN_AAD_IDS: `${tenantA.toUpperCase()}:${admin}` }).admins).toEqual([
    { tenantId: tenantA, userId: admin },
  ]);
  expect(
    parseConfig({ ...signed, MicrosoftAppTenantId: tenantA, ADMIN_AAD_IDS: admin.toUpperCase() }).admins,
  ).toEqual([{ tenantId: tenantA, userId: admin }]);
  // A bare id with an app id but no tenant of its own would be admin in every tenant that installs the app.
  expect(() => parseConfig({ ...signed, ADMIN_AAD_IDS: admin })).toThrow(
    /ADMIN_AAD_IDS must name each admin's tenant/,
  );
  for (const bad of [`tenant a:${admin}`, `a:b:${admin}`, `${tenantA}:ann@contoso.com`, `_system:${admin}`])
    expect(() => parseConfig({ ADMIN_AAD_IDS: bad }), bad).toThrow(/ADMIN_AAD_IDS\.0 must/);
});

test("anonymous mode listens on loopback unless HOST says otherwise; with an app id on every interface", () => {
  expect(parseConfig({}).host).toBe("127.0.0.1");
  expect(parseConfig({ HOST: "0.0.0.0" }).host).toBe("0.0.0.0");
  expect(parseConfig({ MicrosoftAppId: appId, MicrosoftAppPassword: "secret" }).host).toBe("0.0.0.0");
  expect(parseConfig({ MicrosoftAppId: appId, MicrosoftAppPassword: "secret", HOST: "10.0.0.4" }).host).toBe(
    "10.0.0.4",
  );
});

test("record links use https://BOT_DOMAIN, or without it the address the bot listens on", () => {
  expect(parseConfig({ BOT_DOMAIN: "Bot.Contoso.com" }).publicUrl).toBe("https://bot.contoso.com");
  expect(parseConfig({}).publicUrl).toBe("http://127.0.0.1:3978");
  expect(parseConfig({ HOST: "0.0.0.0", PORT: "8080" }).publicUrl).toBe("http://localhost:8080");
  expect(parseConfig({ HOST: "::1" }).publicUrl).toBe("http://[::1]:3978");
});

test("BOT_DOMAIN must be a bare host name: a scheme, port or path is named as the problem", () => {
  for (const value of [
    "https://bot.contoso.com",
    "bot.contoso.com:443",
    "bot.contoso.com/x",
    "localhost",
    "-a.b",
  ]) {
    expect(() => parseConfig({ BOT_DOMAIN: value }), value).toThrow(/BOT_DOMAIN must be the bare host name/);
  }
});

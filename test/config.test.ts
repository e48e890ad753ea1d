import { expect, test } from "vitest";
import { ConfigError, parseConfig } from "../src/config/config.js";

test("an empty environment gives the local defaults: embedded store, anonymous bot, port 3978", () => {
  expect(parseConfig({})).toEqual({
    port: 3978,
    host: "0.0.0.0",
    store: { kind: "embedded", dataDir: "./data" },
    adminAadIds: [],
    bot: { appId: undefined, appPassword: undefined, appTenantId: undefined, appType: "MultiTenant" },
    notifications: true,
    senderLease: { expiryMs: 15_000, renewMs: 5_000 },
    logLevel: "info",
  });
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
  expect(Object.isFrozen(config.adminAadIds)).toBe(true);
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
    }).adminAadIds,
  ).toEqual(["aaaaaaaa-1111-1111-1111-111111111111", "bbbbbbbb-2222-2222-2222-222222222222"]);
});

import { ConfigurationServiceClientCredentialFactory } from "botbuilder";
import { PasswordServiceClientCredentialFactory } from "botframework-connector";
import { afterEach, expect, test, vi } from "vitest";
import { SteadyCredentialFactory } from "../../src/teams/reused-connectors.js";

/**
 * src/teams/reused-connectors.ts: the credentials factory's per-request answers (is authentication disabled,
 * is this our app id) are the SDK factory's own, asked of it once rather than on every request.
 */

const appId = "11111111-2222-3333-4444-555555555555";
const configurations = [
  { name: "anonymous (no app id)", settings: {} },
  {
    name: "with an app id",
    settings: { MicrosoftAppId: appId, MicrosoftAppPassword: "secret", MicrosoftAppType: "MultiTenant" },
  },
];

afterEach(() => vi.restoreAllMocks());

test.each(configurations)("$name: the same answers as the SDK's factory", async ({ settings }) => {
  const sdk = new ConfigurationServiceClientCredentialFactory(settings);
  const steady = new SteadyCredentialFactory(settings);
  for (let i = 0; i < 3; i++) {
    expect(await steady.isAuthenticationDisabled()).toBe(await sdk.isAuthenticationDisabled());
    for (const id of [appId, "", "99999999-2222-3333-4444-555555555555"])
      expect(await steady.isValidAppId(id)).toBe(await sdk.isValidAppId(id));
  }
});

test("the SDK's factory is asked once, however many requests ask", async () => {
  const steady = new SteadyCredentialFactory({ MicrosoftAppId: appId, MicrosoftAppPassword: "secret" });
  const disabled = vi.spyOn(PasswordServiceClientCredentialFactory.prototype, "isAuthenticationDisabled");
  const valid = vi.spyOn(PasswordServiceClientCredentialFactory.prototype, "isValidAppId");

  for (let i = 0; i < 5; i++) {
    expect(await steady.isAuthenticationDisabled()).toBe(false);
    expect(await steady.isValidAppId(appId)).toBe(true);
  }

  // Asked at construction (before the spy) for the first; once, on first use, for the second.
  expect(disabled).not.toHaveBeenCalled();
  expect(valid).toHaveBeenCalledTimes(1);
  // Another id is not ours to remember: asked each time.
  expect(await steady.isValidAppId("someone-else")).toBe(false);
  expect(await steady.isValidAppId("someone-else")).toBe(false);
  expect(valid).toHaveBeenCalledTimes(3);
});

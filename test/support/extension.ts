import { expect } from "vitest";
import { composeServices } from "../../src/compose.js";
import type { Actor } from "../../src/domain/shared/actor.js";
import { startBotServer, teamsMessage } from "./bot-server.js";
import type { RecordingConnector } from "./recording-connector.js";

type Bot = Awaited<ReturnType<typeof startBotServer>>;
export type User = { readonly id: string; readonly name: string; readonly aadObjectId: string };

/** One attachment of a composeExtension result: the card to insert and its preview. */
export interface ResultAttachment {
  readonly contentType: string;
  readonly content: Record<string, unknown> & { version?: string; body?: unknown[]; actions?: unknown[] };
  readonly preview: { readonly contentType: string; readonly content: Record<string, string> };
}

/**
 * A Teams client using the message extension through the bot's real HTTP endpoint: the invokes Teams sends
 * (composeExtension/*, application/search) and the invoke response bodies the bot answers with.
 */
export function extensionClient(bot: () => Bot, connector: () => RecordingConnector) {
  const invoke = async (name: string, value: unknown, user: User, tenantId: string) => {
    const activity = teamsMessage({
      serviceUrl: connector().serviceUrl,
      type: "invoke",
      name,
      value,
      user,
      tenantId,
    });
    const response = await bot().post(activity);
    return { status: response.status, body: (await response.json().catch(() => undefined)) as unknown };
  };
  /** The result attachments, or the message Teams would show instead. */
  const resultsOf = (body: unknown) => {
    const extension = (body as { composeExtension?: Record<string, unknown> }).composeExtension;
    expect(extension, JSON.stringify(body)).toBeDefined();
    if (extension?.type === "message") return { message: String(extension.text), attachments: [] };
    expect(extension?.type).toBe("result");
    expect(extension?.attachmentLayout).toBe("list");
    return { message: undefined, attachments: extension?.attachments as ResultAttachment[] };
  };
  return {
    invoke,
    async search(
      user: User,
      tenantId: string,
      text?: string,
      options: { skip?: number; count?: number } = {},
    ) {
      const parameters =
        text === undefined ? [{ name: "initialRun", value: "true" }] : [{ name: "query", value: text }];
      const { status, body } = await invoke(
        "composeExtension/query",
        {
          commandId: "searchRecords",
          parameters,
          queryOptions: { skip: options.skip ?? 0, count: options.count ?? 25 },
        },
        user,
        tenantId,
      );
      expect(status).toBe(200);
      const results = resultsOf(body);
      return { ...results, titles: results.attachments.map((a) => a.preview.content.title ?? "") };
    },
    async unfurl(user: User, tenantId: string, url: string, anonymous = false) {
      const name = anonymous ? "composeExtension/anonymousQueryLink" : "composeExtension/queryLink";
      const { status, body } = await invoke(name, { url }, user, tenantId);
      expect(status).toBe(200);
      return { body, ...resultsOf(body) };
    },
  };
}

export const users = {
  eve: { id: "29:eve", name: "Eve Admin", aadObjectId: "00000000-0000-4000-8000-00000000e001" },
  mia: { id: "29:mia", name: "Mia Manager", aadObjectId: "00000000-0000-4000-8000-00000000d001" },
  ann: { id: "29:ann", name: "Ann Berg", aadObjectId: "00000000-0000-4000-8000-00000000a001" },
  pia: { id: "29:pia", name: "Pia Fabrikam", aadObjectId: "00000000-0000-4000-8000-00000000f001" },
  tor: { id: "29:tor", name: "Tor Elsewhere", aadObjectId: "00000000-0000-4000-8000-00000000b002" },
} as const satisfies Record<string, User>;
export const tenant = "tenant-a";
export const otherTenant = "tenant-b";
export const botDomain = "pipeline.contoso.test";

export const actorOf = (user: User, role: Actor["role"], tenantId = tenant): Actor => ({
  tenantId,
  userId: user.aadObjectId,
  name: user.name,
  role,
});

/**
 * The bot (ADMIN_AAD_IDS: Eve here, Tor in tenant-b; BOT_DOMAIN set) with the records the extension tests
 * use. Tenant A: Mia is a manager, Pia a member of partner Fabrikam; Ann (rep) created A-1001 Contoso Ltd,
 * C-1001 Lars Lund, L-1001 Website redesign and O-1001 Server upgrade; Mia created O-1002 Cloud migration
 * (distributed by Eve to Fabrikam) and L-1002 Fabrikam intro. Tenant B: Tor created A-1001 Contoso Nordic
 * and L-1001 Contoso website. Tor is a user of tenant B, so in tenant A he is an outsider.
 */
export async function startSeededBot(connector: RecordingConnector, env: Record<string, string> = {}) {
  const { eve, mia, ann, pia, tor } = users;
  const bot = await startBotServer({
    ADMIN_AAD_IDS: `${eve.aadObjectId},${tor.aadObjectId}`,
    BOT_DOMAIN: botDomain,
    ...env,
  });
  // A clock that moves a minute per reading, so "most recently changed" has one answer.
  let minute = 0;
  const clock = { now: () => new Date(Date.parse("2026-11-20T09:00:00.000Z") + ++minute * 60_000) };
  const services = composeServices(bot.store, clock);
  for (const u of [eve, mia, ann, pia]) connector.members.set(u.id, { ...u, tenantId: tenant });
  connector.members.set(tor.id, { ...tor, tenantId: otherTenant });
  const seen = (u: User) =>
    services.directory.seen({
      tenantId: tenant,
      userId: u.aadObjectId,
      teamsId: u.id,
      name: u.name,
      conversation: {
        serviceUrl: connector.serviceUrl,
        conversationId: `a:personal-${u.id}`,
        kind: "personal",
        botId: "28:pipeline-bot",
      },
      roster: { member: async () => ({ teamsId: u.id, aadObjectId: u.aadObjectId, name: u.name }) },
    });
  const eveActor = actorOf(eve, "admin");
  expect((await services.directory.grant(eveActor, await seen(mia), "manager")).ok).toBe(true);
  expect((await services.partners.create(eveActor, { name: "Fabrikam" })).ok).toBe(true);
  expect((await services.partners.addMember(eveActor, "Fabrikam", await seen(pia))).ok).toBe(true);

  const annActor = actorOf(ann, "rep");
  const miaActor = actorOf(mia, "manager");
  const ok = <T>(result: { ok: boolean; value?: T }) => {
    expect(result.ok, JSON.stringify(result)).toBe(true);
    return result.value as T;
  };
  ok(await services.parties.createAccount(annActor, { name: "Contoso Ltd", domain: "contoso.com" }));
  ok(
    await services.parties.createContact(annActor, {
      kind: "person",
      firstName: "Lars",
      lastName: "Lund",
      email: "lars@contoso.com",
    }),
  );
  ok(
    await services.leads.create(annActor, {
      topic: "Website redesign",
      firstName: "Lars",
      lastName: "Lund",
      company: "Contoso Ltd",
      email: "lars@contoso.com",
    }),
  );
  ok(
    await services.opportunities.create(annActor, {
      title: "Server upgrade",
      account: "A-1001",
      value: 12000,
    }),
  );
  ok(
    await services.opportunities.create(miaActor, {
      title: "Cloud migration",
      account: "A-1001",
      value: 50000,
    }),
  );
  ok(
    await services.leads.create(miaActor, { topic: "Fabrikam intro", lastName: "Holm", company: "Fabrikam" }),
  );
  ok(await services.opportunities.distribute(eveActor, "O-1002", { names: ["Fabrikam"] }));
  // The other tenant has records with the same references and a look-alike name.
  const torActor = actorOf(tor, "admin", otherTenant);
  ok(await services.parties.createAccount(torActor, { name: "Contoso Nordic", domain: "contoso.no" }));
  ok(await services.leads.create(torActor, { topic: "Contoso website", lastName: "Dahl" }));
  return { bot, services };
}

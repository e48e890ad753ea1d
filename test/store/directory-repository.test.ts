import { describe, expect, test } from "vitest";
import type { ConversationAddress, DirectoryUser } from "../../src/domain/directory/directory.js";
import type { KnownConversation } from "../../src/domain/directory/directory.repository.port.js";
import { systemTenantId } from "../../src/domain/directory/directory.rules.js";
import { ConcurrencyConflict } from "../../src/domain/shared/ports.js";
import { StoreDirectoryRepository } from "../../src/store/directory.repository.js";
import type { DocumentStore } from "../../src/store/document-store.port.js";
import { bothStores } from "../support/both-stores.js";

const stores = bothStores("directory");

const personal: ConversationAddress = {
  serviceUrl: "https://smba.example.net/emea/",
  conversationId: "a:1Kx9Ann-personal_chat",
  kind: "personal",
  botId: "28:pipeline-bot",
};

const ann: DirectoryUser = {
  tenantId: "tenant-a",
  userId: "00000000-0000-4000-8000-00000000a001",
  teamsId: "29:ann",
  name: "Ann Berg",
  email: "Ann@Contoso.com",
  external: false,
  role: "partner",
  partner: "Nordic Partners A/S",
  personal,
  lastSeenAt: "2026-11-23T09:30:00.000Z",
  grantedBy: { id: "00000000-0000-4000-8000-00000000ad01", name: "Eve Admin" },
  grantedAt: "2026-11-23T09:31:00.000Z",
};
const bo: DirectoryUser = {
  tenantId: "tenant-a",
  userId: "00000000-0000-4000-8000-00000000b001",
  teamsId: "29:bo",
  name: "Bo  Lind",
  external: true,
  lastSeenAt: "2026-11-23T09:30:00.000Z",
};

describe.each(stores)("StoreDirectoryRepository on the %s store", (_name, open) => {
  async function withRepository(
    use: (repo: StoreDirectoryRepository, store: DocumentStore) => Promise<void>,
  ) {
    const { store, done } = await open();
    try {
      await use(new StoreDirectoryRepository(store), store);
    } finally {
      await done();
    }
  }

  test("a user reads back exactly as stored, by id and by Teams id, only in its tenant", () =>
    withRepository(async (repo) => {
      const created = await repo.saveUser(ann, undefined);
      expect(created.value).toEqual(ann);
      expect((await repo.getUser("tenant-a", ann.userId))?.value).toEqual(ann);
      expect((await repo.userByTeamsId("tenant-a", "29:ann"))?.value).toEqual(ann);
      expect(await repo.getUser("tenant-b", ann.userId)).toBeUndefined();
      expect(await repo.userByTeamsId("tenant-b", "29:ann")).toBeUndefined();

      const { role: _r, partner: _p, grantedBy: _b, grantedAt: _a, personal: _c, ...plain } = ann;
      const updated = await repo.saveUser(plain, created.version);
      expect(updated.value).toEqual(plain);
      await expect(repo.saveUser(ann, created.version)).rejects.toBeInstanceOf(ConcurrencyConflict);
      await expect(repo.saveUser(ann, undefined)).rejects.toBeInstanceOf(ConcurrencyConflict);
    }));

  test("users are found by email (any case) and by whole, first or last name; granted ones are listed", () =>
    withRepository(async (repo) => {
      await repo.saveUser(ann, undefined);
      await repo.saveUser(bo, undefined);
      const names = async (match: { email?: string; name?: string }) =>
        (await repo.findUsers("tenant-a", match, 10)).map((u) => u.name);

      expect(await names({ email: "ANN@contoso.COM" })).toEqual(["Ann Berg"]);
      expect(await names({ name: "ann" })).toEqual(["Ann Berg"]);
      expect(await names({ name: "LIND" })).toEqual(["Bo  Lind"]);
      expect(await names({ name: "bo lind" })).toEqual(["Bo  Lind"]);
      expect(await names({ name: "Berg Ann" })).toEqual([]);
      expect(await repo.findUsers("tenant-b", { name: "ann" }, 10)).toEqual([]);
      expect((await repo.listUsers("tenant-a", { limit: 10 })).map((u) => u.name)).toEqual([
        "Ann Berg",
        "Bo  Lind",
      ]);
      expect((await repo.listUsers("tenant-a", { granted: true, limit: 10 })).map((u) => u.name)).toEqual([
        "Ann Berg",
      ]);
    }));

  test("a conversation reads back as stored, also one whose id is too long or odd for a document id", () =>
    withRepository(async (repo) => {
      const channel: KnownConversation = {
        tenantId: "tenant-a",
        address: {
          serviceUrl: "https://smba.example.net/emea/",
          conversationId: "19:sales@thread.tacv2",
          kind: "channel",
          botId: "28:pipeline-bot",
          teamId: "19:team@thread.tacv2",
          channelId: "19:sales@thread.tacv2",
          name: "Sales",
        },
        lastSeenAt: "2026-11-23T09:30:00.000Z",
        active: true,
      };
      const odd: KnownConversation = {
        ...channel,
        address: { ...personal, conversationId: `a:${"x".repeat(250)}/?#` },
      };
      for (const c of [channel, odd]) {
        const created = await repo.saveConversation(c, undefined);
        expect(created.value).toEqual(c);
        expect((await repo.getConversation("tenant-a", c.address.conversationId))?.value).toEqual(c);
        const removed = { ...c, active: false, removedAt: "2026-11-24T08:00:00.000Z" };
        expect((await repo.saveConversation(removed, created.version)).value).toEqual(removed);
      }
      expect(await repo.getConversation("tenant-b", channel.address.conversationId)).toBeUndefined();
    }));

  test("the tenant registry lives in the system partition; registering twice keeps the first", () =>
    withRepository(async (repo, store) => {
      expect(await repo.tenants()).toEqual([]);
      expect(await repo.isRegistered("tenant-a")).toBe(false);
      await repo.register("tenant-a", "2026-11-23T09:30:00.000Z");
      await repo.register("tenant-a", "2026-11-24T09:30:00.000Z");
      await repo.register("tenant-b", "2026-11-23T09:30:00.000Z");
      expect(await repo.isRegistered("tenant-a")).toBe(true);
      expect((await repo.tenants()).sort()).toEqual(["tenant-a", "tenant-b"]);
      const stored = await store.read(systemTenantId, "tenant:tenant-a");
      expect(stored?.body).toEqual({
        id: "tenant:tenant-a",
        type: "tenant",
        tenant: "tenant-a",
        firstSeenAt: "2026-11-23T09:30:00.000Z",
      });
      expect(await store.read("tenant-a", "tenant:tenant-a")).toBeUndefined();
    }));
});

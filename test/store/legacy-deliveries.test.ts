import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { expect, test } from "vitest";
import type { Delivery } from "../../src/notify/ports.js";
import { StoreDeliveryRepository } from "../../src/store/notification.repositories.js";
import { tempDir } from "../support/temp-dir.js";
import { openEmbedded } from "../support/test-store.js";

/**
 * Deliveries an earlier version stored under `delivery:<event id>><target>` (ids with '#', accepted only by
 * the embedded store) are still sent after the upgrade, once. The journal is written as that version wrote
 * it, since this version refuses to create such ids.
 */

const tenant = "tenant-a";
const channel = `19:${"Qz7-_kLm0p".repeat(6)}@thread.tacv2`;
const legacy: Omit<Delivery, "tenantId"> = {
  id: `O-1001#2:stage_changed>ch:${channel}`,
  event: {
    id: "O-1001#2:stage_changed",
    kind: "stage_changed",
    at: "2026-11-23T09:30:00.000Z",
    by: { id: "00000000-0000-4000-8000-00000000a001", name: "Ann Berg" },
    subject: { kind: "opportunity", ref: "O-1001", title: "Old deal" },
    facts: { fromStage: "Qualify", toStage: "Develop" },
    direct: [],
  },
  target: {
    kind: "channel",
    key: `ch:${channel}`,
    address: {
      conversationId: channel,
      serviceUrl: "https://smba.trafficmanager.net/emea/",
      botId: "28:pipeline-bot",
      kind: "channel",
    },
    threadKey: "O-1001",
  },
  status: "pending",
  attempts: 1,
  seq: 1,
  createdAt: "2026-11-23T09:30:01.000Z",
};

test("a pending delivery stored under its old '#' id is handed out once under a usable id, and not again once sent", async () => {
  const dir = await tempDir("legacy-deliveries");
  const { id, ...rest } = legacy;
  const body = { ...rest, id: `delivery:${id}`, type: "delivery", deliveryId: id };
  const json = JSON.stringify({ t: tenant, id: body.id, e: '"1"', b: body });
  await writeFile(join(dir.path, "journal.log"), `${crc32(json).toString(16).padStart(8, "0")} ${json}\n`);

  const store = await openEmbedded(dir.path);
  try {
    const deliveries = new StoreDeliveryRepository(store);
    const first = await deliveries.pending(tenant);
    expect(first.items.map((i) => i.value)).toEqual([{ ...legacy, tenantId: tenant }]);
    // A second recovery before it was sent hands out the same copy, not a second one.
    const again = await deliveries.pending(tenant);
    expect(again.items.map((i) => [i.value.id, i.version])).toEqual(
      first.items.map((i) => [i.value.id, i.version]),
    );

    const [item] = first.items;
    if (!item) throw new Error("nothing handed out");
    const sent = await deliveries.replace(
      { ...item.value, status: "sent", sentAt: "2026-12-06T10:00:00Z" },
      item.version,
    );
    expect(sent).toBeDefined();
    expect((await deliveries.get(tenant, legacy.id))?.value.status).toBe("sent");
    expect((await deliveries.pending(tenant)).items).toEqual([]);
  } finally {
    await store.close();
    await dir.remove();
  }
});

import { beforeAll, describe, expect, test } from "vitest";
import { CardNotificationComposer } from "../../src/app/notification-composer.js";
import { CardRenderer } from "../../src/kit/rendering/renderer.js";
import type { ConversationAddress } from "../../src/domain/directory/directory.js";
import type { NotificationEvent } from "../../src/domain/notify/event.js";
import type { Actor } from "../../src/domain/shared/actor.js";
import type { Delivery, DeliveryTarget } from "../../src/domain/notify/ports.js";
import { fakeServices } from "../fakes/services.js";
import { executeActions } from "../support/card-validation.js";
import { cardText } from "../support/recording-connector.js";

/**
 * What the relay's partner deliveries become: a partner member is @mentioned with the partner card (Accept,
 * Decline), a partner inbox gets that card as its thread's root, and other partner events are notices from
 * the partner's side. Nothing of the vendor's internals (timeline, probability) reaches a partner.
 */

const tenantId = "tenant-a";
const eve: Actor = { tenantId, userId: "eve", name: "Eve Admin", role: "admin" };
const ann: Actor = { tenantId, userId: "ann", name: "Ann Berg", role: "rep" };
const inbox: ConversationAddress = {
  serviceUrl: "https://smba.example/",
  conversationId: "19:fabrikam@thread.tacv2",
  kind: "channel",
  botId: "28:bot",
};

const services = fakeServices();
const composer = new CardNotificationComposer({
  cards: CardRenderer.load(),
  opportunities: services.opportunities,
  digests: services.digests,
});
let ref = "";
let partner = "";

beforeAll(async () => {
  const created = await services.partners.create(eve, { name: "Fabrikam", regions: ["nordics"] });
  if (!created.ok) throw new Error(created.error.code);
  partner = created.value.ref;
  expect((await services.parties.createAccount(ann, { name: "Nordisk Møbel A/S" })).ok).toBe(true);
  const opportunity = await services.opportunities.create(ann, {
    title: "Web shop",
    account: "Nordisk Møbel A/S",
    value: 450000,
    currency: "DKK",
    customerNeed: "A new web shop before spring.",
  });
  if (!opportunity.ok) throw new Error(opportunity.error.code);
  ref = opportunity.value.opportunity.ref;
  expect((await services.opportunities.addTimeline(ann, ref, "note", "Internal: thin margin.")).ok).toBe(
    true,
  );
  expect((await services.opportunities.distribute(eve, ref, { names: ["Fabrikam"] })).ok).toBe(true);
});

const event = (
  kind: NotificationEvent["kind"],
  facts: NotificationEvent["facts"] = {},
): NotificationEvent => ({
  id: `${ref}#3:${kind}`,
  kind,
  at: "2026-11-23T09:30:00.000Z",
  by: { id: eve.userId, name: eve.name },
  subject: { kind: "opportunity", ref, title: "Web shop" },
  facts,
  direct: [],
});

const member = (): DeliveryTarget => ({
  kind: "user",
  key: `partner:${partner}:user:pia`,
  userId: "pia",
  teamsId: "29:pia",
  name: "Pia Partner",
  via: { serviceUrl: inbox.serviceUrl, botId: inbox.botId },
  audience: "partner",
  partner,
});
const inboxTarget = (): DeliveryTarget => ({
  kind: "channel",
  key: `partner:${partner}:ch:${inbox.conversationId}`,
  address: inbox,
  threadKey: `${ref}:${partner}`,
  audience: "partner",
  partner,
});

const delivery = (e: NotificationEvent, target: DeliveryTarget, locale?: string): Delivery => ({
  id: `${e.id}>${target.key}`,
  tenantId,
  event: e,
  target,
  ...(locale ? { locale } : {}),
  status: "pending",
  attempts: 0,
  seq: 1,
  createdAt: "2026-11-23T09:30:00.000Z",
});

const verbs = (card: object | undefined) => executeActions(card).map((a) => a.verb);

describe("partner posts", () => {
  test("a member is @mentioned with the partner card; nothing of the vendor's internals is on it", async () => {
    const { post, root } = await composer.compose(
      delivery(event("distributed", { partner: "Fabrikam" }), member()),
    );
    expect(root).toBeUndefined();
    expect(post.text).toBe(
      `<at>Pia Partner</at> Eve Admin offers ${ref} Web shop to your organisation. Accept or decline it.`,
    );
    expect(post.mentions).toEqual([{ teamsId: "29:pia", name: "Pia Partner" }]);
    expect(verbs(post.card)).toEqual(["opp.accept", "opp.decline"]);
    const words = cardText(post.card);
    expect(words).toContain("A new web shop before spring.");
    expect(words).not.toContain("thin margin");
    expect(words).not.toMatch(/probability/i);
  });

  test("a partner inbox gets the partner card as the thread's root, in the delivery's language", async () => {
    const { post, root } = await composer.compose(
      delivery(event("distributed", { partner: "Fabrikam" }), inboxTarget(), "da-DK"),
    );
    expect(verbs(root?.card)).toEqual(["opp.accept", "opp.decline"]);
    expect(cardText(root?.card)).toContain("Acceptér");
    expect(verbs(post.card)).toEqual([]);
    expect(post.summary).toBe(
      `Eve Admin tilbyder jeres organisation ${ref} Web shop. Acceptér eller afvis den.`,
    );
  });

  test("other partner events are notices from the partner's side; the vendor's channel reads them its own way", async () => {
    const decided = event("deal_decided", {
      partner: "Fabrikam",
      approved: false,
      reason: "Exclusive already.",
    });
    const { post } = await composer.compose(delivery(decided, member()));
    expect(post.text).toBe(
      `<at>Pia Partner</at> Eve Admin rejected your organisation's deal registration on ${ref} Web shop: Exclusive already.`,
    );
    const vendor = await composer.compose(
      delivery(decided, {
        kind: "channel",
        key: `ch:${inbox.conversationId}`,
        address: inbox,
        threadKey: ref,
      }),
    );
    expect(vendor.post.summary).toBe(
      `Eve Admin rejected the deal registration of Fabrikam on ${ref} Web shop: Exclusive already.`,
    );
  });

  test("once recalled, the card a partner gets shows no details and no buttons", async () => {
    expect((await services.opportunities.recall(eve, ref, "Fabrikam")).ok).toBe(true);
    const { post, root } = await composer.compose(
      delivery(event("recalled", { partner: "Fabrikam" }), inboxTarget()),
    );
    expect(verbs(root?.card)).toEqual([]);
    expect(cardText(root?.card)).not.toContain("Nordisk Møbel");
    expect(cardText(root?.card)).toContain("The vendor took this back");
    expect(post.summary).toContain("took");
    // A press on the old card is not the only way to find out: the distributed event, composed late, says so too.
    const late = await composer.compose(delivery(event("distributed", { partner: "Fabrikam" }), member()));
    expect(verbs(late.post.card)).toEqual([]);
  });
});

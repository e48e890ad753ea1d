import { beforeAll, describe, expect, test } from "vitest";
import { CardNotificationComposer } from "../../src/app/notification-composer.js";
import type { ConversationAddress } from "../../src/domain/directory/directory.js";
import type { NotificationEvent } from "../../src/domain/notify/event.js";
import type { Delivery, DeliveryTarget } from "../../src/domain/notify/ports.js";
import type { Actor } from "../../src/domain/shared/actor.js";
import { recordLinks } from "../../src/kit/links.js";
import { CardRenderer } from "../../src/kit/rendering/renderer.js";
import { fakeServices } from "../fakes/services.js";
import { cardNodes, executeActions, teamsTextProblems, validateCard } from "../support/card-validation.js";

/**
 * What the bot posts on its own (stage changes, assignments, a partner's acceptance) links to the record like
 * the lead and opportunity cards do (`https://BOT_DOMAIN/r/‹ref›`): the heading opens it, and a reply, which has
 * no Open button, gets a button with the link. Without BOT_DOMAIN nothing posted links anywhere (the address
 * the bot listens on means nothing to a Teams user). Every card in the four languages passes the Adaptive
 * Cards parser and the Teams text checks.
 */

const tenantId = "tenant-a";
const eve: Actor = { tenantId, userId: "eve", name: "Eve Admin", role: "admin" };
const ann: Actor = { tenantId, userId: "ann", name: "Ann Berg", role: "rep" };
const channel: ConversationAddress = {
  serviceUrl: "https://smba.example/",
  conversationId: "19:sales@thread.tacv2",
  kind: "channel",
  botId: "28:bot",
};
const locales = ["en-US", "da-DK", "nb-NO", "sv-SE"];

const services = fakeServices();
const cards = CardRenderer.load();
const linked = new CardNotificationComposer({
  cards,
  opportunities: services.opportunities,
  digests: services.digests,
  links: recordLinks("https://pipeline.contoso.com"),
});
const unlinked = new CardNotificationComposer({
  cards,
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
  });
  if (!opportunity.ok) throw new Error(opportunity.error.code);
  ref = opportunity.value.opportunity.ref;
  expect((await services.opportunities.distribute(eve, ref, { names: ["Fabrikam"] })).ok).toBe(true);
});

const event = (kind: NotificationEvent["kind"], facts: NotificationEvent["facts"]): NotificationEvent => ({
  id: `${ref}#3:${kind}`,
  kind,
  at: "2026-11-23T09:30:00.000Z",
  by: { id: eve.userId, name: eve.name },
  subject: { kind: "opportunity", ref, title: "Web shop" },
  facts,
  direct: [],
});

const events = () => ({
  "stage change": event("stage_changed", { fromStage: "qualify", toStage: "develop" }),
  assignment: event("assigned", {
    assignee: { id: "bo", name: "Bo Lindqvist" },
    previousOwner: { id: "ann", name: "Ann Berg" },
  }),
  "partner acceptance": event("partner_accepted", { partner: "Fabrikam" }),
});

const inChannel = (): DeliveryTarget => ({
  kind: "channel",
  key: `ch:${channel.conversationId}`,
  address: channel,
  threadKey: ref,
});
const personally = (): DeliveryTarget => ({
  kind: "user",
  key: "user:bo",
  userId: "bo",
  teamsId: "29:bo",
  name: "Bo Lindqvist",
  via: { serviceUrl: channel.serviceUrl, botId: channel.botId },
});
const partnerInbox = (): DeliveryTarget => ({
  kind: "channel",
  key: `partner:${partner}:ch:19:fabrikam@thread.tacv2`,
  address: { ...channel, conversationId: "19:fabrikam@thread.tacv2" },
  threadKey: `${ref}:${partner}`,
  audience: "partner",
  partner,
});

const delivery = (e: NotificationEvent, target: DeliveryTarget, locale: string): Delivery => ({
  id: `${e.id}>${target.key}`,
  tenantId,
  event: e,
  target,
  locale,
  status: "pending",
  attempts: 0,
  seq: 1,
  createdAt: "2026-11-23T09:30:00.000Z",
});

/** Every Action.OpenUrl on the card (buttons and select actions), as [where, url, title]. */
const openUrls = (card: object | undefined) =>
  cardNodes(card)
    .filter(({ node }) => node.type === "Action.OpenUrl")
    .map(({ node, path }) => [path.includes("selectAction") ? "heading" : "button", node.url, node.title]);

/** The posts of one delivery: the post itself and, in a channel, the thread's root. */
async function posts(composer: CardNotificationComposer, d: Delivery) {
  const { post, root } = await composer.compose(d);
  return { post: post.card, root: root?.card };
}

describe.each(locales)("with BOT_DOMAIN (%s)", (locale) => {
  const url = () => `https://pipeline.contoso.com/r/${ref}`;

  test.each(Object.keys(events()))(
    "a %s in a channel: the root's heading and the reply link to the record",
    async (name) => {
      const e = events()[name as keyof ReturnType<typeof events>];
      const { post, root } = await posts(linked, delivery(e, inChannel(), locale));
      // The root keeps its Open button (the card to whoever presses it); its heading is the link.
      expect(executeActions(root).map((a) => a.verb)).toEqual(["opp.show"]);
      expect(openUrls(root)).toEqual([["heading", url(), undefined]]);
      // A reply has no Open button: a button with the link, labelled in the reader's language.
      const label = {
        "en-US": `Open ${ref} in Pipeline`,
        "da-DK": `Åbn ${ref} i Pipeline`,
        "nb-NO": `Åpne ${ref} i Pipeline`,
        "sv-SE": `Öppna ${ref} i Pipeline`,
      }[locale];
      expect(openUrls(post)).toEqual([
        ["heading", url(), undefined],
        ["button", url(), label],
      ]);
      for (const card of [post, root]) {
        expect(validateCard(card)).toEqual([]);
        expect(teamsTextProblems(card)).toEqual([]);
      }
    },
  );

  test("an assignment in the new owner's personal chat: the opportunity card, its heading the link", async () => {
    const { post } = await posts(linked, delivery(events().assignment, personally(), locale));
    expect(openUrls(post)).toContainEqual(["heading", url(), undefined]);
    expect(validateCard(post)).toEqual([]);
  });

  test("the partner's inbox: a notice about its organisation's opportunity links to it", async () => {
    const approved = event("approval_decided", { partner: "Fabrikam", approved: true });
    const { post } = await posts(linked, delivery(approved, partnerInbox(), locale));
    expect(openUrls(post).map(([, link]) => link)).toContain(url());
    expect(validateCard(post)).toEqual([]);
  });
});

describe.each(locales)("without BOT_DOMAIN (%s)", (locale) => {
  test.each(Object.keys(events()))("a %s links nowhere, and the cards are still valid", async (name) => {
    const e = events()[name as keyof ReturnType<typeof events>];
    for (const target of [inChannel(), personally()]) {
      const { post, root } = await posts(unlinked, delivery(e, target, locale));
      for (const card of [post, root].filter((c) => c !== undefined)) {
        expect(openUrls(card)).toEqual([]);
        expect(validateCard(card)).toEqual([]);
      }
    }
  });
});

import {
  partnerCardView,
  partnerGoneView,
  partnerNoticeView,
} from "../features/opportunities/distribution.views.js";
import { eventText, notificationView } from "../features/opportunities/notification.views.js";
import { opportunityView } from "../features/opportunities/opportunity.views.js";
import { digestSummary, digestView, nudgeSummary, nudgeView } from "../features/digest/digest.views.js";
import type { DigestService } from "../domain/digest/digest.service.js";
import type { RecordLinks } from "../kit/links.js";
import type { CardName, CardRenderer } from "../kit/rendering/renderer.js";
import type { ViewContext } from "../kit/rendering/view-context.js";
import type { NotificationEvent } from "../domain/notify/event.js";
import type { OpportunityService, OpportunityView } from "../domain/opportunities/opportunity.service.js";
import { translator } from "../i18n/index.js";
import type { Delivery, NotificationComposer, OutgoingMessage } from "../domain/notify/ports.js";

/**
 * What the bot posts for an event: in a channel thread, a short line (a reply) and the thread's root card
 * showing the record's current state; in a person's chat, an @mention and the opportunity card itself. A
 * partner organisation gets only what a partner may see (`forPartner`).
 */
export class CardNotificationComposer implements NotificationComposer {
  constructor(
    private readonly deps: {
      readonly cards: CardRenderer;
      readonly opportunities: OpportunityService;
      readonly digests: DigestService;
      /** Record links on what is posted; only with a public domain (BOT_DOMAIN), never a local address. */
      readonly links?: RecordLinks;
    },
  ) {}

  async compose(delivery: Delivery): Promise<{ post: OutgoingMessage; root?: OutgoingMessage }> {
    const t = translator(delivery.locale);
    const links = this.deps.links;
    const ctx: ViewContext = {
      t,
      ...(delivery.locale ? { locale: delivery.locale } : {}),
      ...(links ? { recordUrl: (ref: string) => links.url(ref) } : {}),
    };
    const { event, target } = delivery;
    // Scheduled posts carry what they say, computed when they fell due: each attempt posts the same card.
    if (event.digest) {
      const zone = await this.deps.digests.zone(delivery.tenantId);
      const card = this.card("digest", digestView({ ...ctx, timeZone: zone }, event.digest, zone));
      return { post: { card, summary: digestSummary(ctx, event.digest, zone) } };
    }
    if (event.nudge) {
      return {
        post: {
          card: this.card("nudge", nudgeView(ctx, event.nudge)),
          summary: nudgeSummary(ctx, event.nudge),
        },
      };
    }
    const current =
      event.subject.kind === "opportunity"
        ? await this.deps.opportunities.current(delivery.tenantId, event.subject.ref)
        : undefined;
    if (target.audience === "partner") return this.forPartner(delivery, target.partner, ctx, current);
    const headline = eventText(t, event, target.kind === "user" ? target.userId : undefined);

    if (target.kind === "user") {
      const mention = { teamsId: target.teamsId, name: target.name };
      const card = current
        ? this.card(
            "opportunity",
            opportunityView(
              ctx,
              { tenantId: delivery.tenantId, userId: target.userId, name: target.name, role: "rep" },
              current,
            ),
          )
        : this.notice(ctx, event, headline, current, false);
      return {
        post: { text: `<at>${target.name}</at> ${headline}`, card, summary: headline, mentions: [mention] },
      };
    }
    return {
      post: { card: this.notice(ctx, event, headline, undefined, false), summary: headline },
      root: { card: this.notice(ctx, event, headline, current, true), summary: headline },
    };
  }

  /**
   * A partner organisation's side: a distribution is the partner card with Accept and Decline (in its current
   * state: answered, or taken back meanwhile); anything else a notice from the partner's point of view. In the
   * partner's inbox channel the thread's root is that card, kept current; a member is @mentioned personally.
   */
  private forPartner(
    delivery: Delivery,
    partner: string,
    ctx: ViewContext,
    current: OpportunityView | undefined,
  ): { post: OutgoingMessage; root?: OutgoingMessage } {
    const { event, target } = delivery;
    const headline = eventText(ctx.t, event, undefined, "partner");
    const aboutDistribution = event.kind === "distributed" || event.kind === "recalled";
    const card = (root: boolean) =>
      aboutDistribution
        ? this.card(
            "partner-opportunity",
            current
              ? partnerCardView(ctx, current.opportunity, partner)
              : partnerGoneView(ctx, event.subject.ref, event.subject.title, {
                  text: ctx.t.t("distribution.card.gone"),
                  style: "warning",
                }),
          )
        : this.card("notification", partnerNoticeView(ctx, event, headline, current, partner, root));
    if (target.kind === "user") {
      const mention = { teamsId: target.teamsId, name: target.name };
      return {
        post: {
          text: `<at>${target.name}</at> ${headline}`,
          card: card(false),
          summary: headline,
          mentions: [mention],
        },
      };
    }
    return {
      post: {
        card: this.card("notification", partnerNoticeView(ctx, event, headline, current, partner, false)),
        summary: headline,
      },
      root: { card: card(true), summary: headline },
    };
  }

  private notice(
    ctx: ViewContext,
    event: NotificationEvent,
    headline: string,
    current: OpportunityView | undefined,
    root: boolean,
  ): object {
    return this.card("notification", notificationView(ctx, event, headline, current, root));
  }

  private card(name: CardName, data: object): object {
    return this.deps.cards.render(name, data);
  }
}

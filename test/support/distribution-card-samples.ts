import {
  distributeFormView,
  formPartners,
  partnerCardView,
  partnerGoneView,
  partnerNoticeView,
} from "../../src/features/opportunities/distribution.views.js";
import { eventText } from "../../src/features/opportunities/notification.views.js";
import type { ViewContext } from "../../src/kit/rendering/view-context.js";
import { defaultCycle } from "../../src/domain/cycles/cycle.js";
import type { UserStamp } from "../../src/domain/shared/timeline.js";
import type { NotificationEvent } from "../../src/domain/notify/event.js";
import {
  opportunityLimits,
  type DistributionEntry,
  type Opportunity,
} from "../../src/domain/opportunities/opportunity.js";
import { partnerLimits, type Partner } from "../../src/domain/partners/partner.js";
import { defaultSetup } from "../../src/domain/setup/tenant-setup.js";
import type { CardSample } from "./cycle-card-samples.js";

/**
 * Samples of the distribution cards for test/cards.test.ts: the card a partner organisation receives —
 * awaiting its answer (alone, and the largest the domain allows, collaborating with the most partners),
 * accepted, taken back, out of reach — the notices partners get, and the Distribute form with a few
 * partners and with the most it lists. Fixed data only.
 */

const tenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const mia: UserStamp = { id: "0b6a9c1d-2e3f-4a5b-8c7d-9e0f1a2b3c4d", name: "Mia Holm" };
const ann: UserStamp = { id: "6f1c2a7e-0b7d-4c55-9f3e-0d8a1b2c3d41", name: "Ann Jensen" };
const pia: UserStamp = { id: "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d", name: "Pia Partner" };

const entry = (partner: string, name: string, status: DistributionEntry["status"]): DistributionEntry => ({
  partner,
  name,
  status,
  at: "2026-11-20T10:00:00.000Z",
  by: status === "accepted" || status === "declined" ? pia : mia,
  ...(status === "declined" ? { reason: "No capacity before January." } : {}),
});

const offered: Opportunity = {
  ref: "O-1042",
  tenantId,
  title: "Web shop and hosting for Nordisk Møbel",
  party: { kind: "account", ref: "A-1001", name: "Nordisk Møbel A/S" },
  owner: ann,
  currency: "DKK",
  estimatedValue: 450000,
  chancePct: 40,
  cycleCode: "standard",
  stageId: "develop",
  status: "open",
  lines: [],
  expectedCloseDate: "2027-01-31",
  customerSituation: "Their web shop runs on a platform that is out of support.",
  customerNeed: "A new web shop before the spring collection, with hosting.",
  proposedSolution: "Our platform licence; the partner implements and hosts it.",
  region: "nordics",
  industry: "retail",
  timeline: [{ kind: "note", text: "Internal: margin is thin.", by: ann, at: "2026-11-19T08:00:00.000Z" }],
  history: [{ action: "create", to: "qualify", by: ann, at: "2026-11-18T08:15:00.000Z" }],
  distribution: { collaboration: false, partners: [entry("P-1001", "Fabrikam", "delivered")] },
  revision: 5,
  createdBy: ann,
  createdAt: "2026-11-18T08:15:00.000Z",
  updatedBy: mia,
  updatedAt: "2026-11-20T10:00:00.000Z",
};

const longText = (what: string) =>
  `${what}: ${"Lorem ipsum dolor sit amet, consectetur adipiscing elit — ØÆÅ äöü ".repeat(60)}`.slice(
    0,
    opportunityLimits.text,
  );
const longName = (i: number) =>
  `${"Maximiliane Sørensen-Åkerlund Partners ".repeat(3)}${i}`.slice(0, partnerLimits.name - 3) + ` ${i}`;

/** The largest partner card: the longest texts, and the most partners one distribution names, together. */
const largest: Opportunity = {
  ...offered,
  title: "T".repeat(opportunityLimits.title),
  party: { kind: "account", ref: "A-1001", name: "Nordisk Møbel & Interiør Holding A/S ".repeat(5).trim() },
  owner: { id: ann.id, name: "Ann-Kristin Østergaard-Lindqvist ".repeat(3).trim() },
  estimatedValue: opportunityLimits.maxMoney,
  customerSituation: longText("Situation"),
  customerNeed: longText("Need"),
  proposedSolution: longText("Solution"),
  distribution: {
    collaboration: true,
    partners: Array.from({ length: partnerLimits.perDistribution }, (_, i) =>
      entry(`P-${2001 + i}`, longName(i + 1), i === 0 ? "delivered" : i % 2 ? "accepted" : "delivered"),
    ),
  },
};

const accepted: Opportunity = {
  ...offered,
  distribution: {
    collaboration: true,
    partners: [entry("P-1001", "Fabrikam", "accepted"), entry("P-1002", "Northwind Traders", "delivered")],
  },
};

const recalled: Opportunity = {
  ...offered,
  distribution: { collaboration: false, partners: [entry("P-1001", "Fabrikam", "recalled")] },
};

const {
  customerSituation: _s,
  customerNeed: _n,
  proposedSolution: _p,
  expectedCloseDate: _c,
  ...bare
} = offered;

const partner = (n: number, name: string, extra: Partial<Partner> = {}): Partner => ({
  ref: `P-${1000 + n}`,
  tenantId,
  name,
  members: [],
  regions: ["nordics"],
  industries: ["retail"],
  products: ["web shop"],
  capacity: 5,
  preferred: false,
  revision: 1,
  createdBy: mia,
  createdAt: "2026-11-01T08:00:00.000Z",
  updatedBy: mia,
  updatedAt: "2026-11-01T08:00:00.000Z",
  ...extra,
});

const fewPartners = [
  partner(2, "Northwind Traders", { preferred: true }),
  partner(3, "Adventure Works", { regions: ["dach"], industries: [], products: [] }),
  partner(4, "Tailspin Toys", { regions: [], industries: [], products: [] }),
];

const manyValues = (what: string) =>
  Array.from({ length: partnerLimits.listValues }, (_, i) => `${what} ${i + 1} ${"x".repeat(40)}`);
const mostPartners = Array.from({ length: formPartners }, (_, i) =>
  partner(100 + i, longName(i + 1), {
    preferred: i % 3 === 0,
    regions: manyValues("region"),
    industries: manyValues("industry"),
    products: manyValues("product"),
  }),
);

const event = (kind: NotificationEvent["kind"], facts: NotificationEvent["facts"]): NotificationEvent => ({
  id: `O-1042#6:${kind}`,
  kind,
  at: "2026-11-21T10:00:00.000Z",
  by: mia,
  subject: { kind: "opportunity", ref: "O-1042", title: offered.title },
  facts,
  direct: [],
});

export function distributionCardSamples(ctx: ViewContext): CardSample[] {
  const { t } = ctx;
  const setup = defaultSetup(tenantId);
  const cycle = defaultCycle();
  const originOpportunity: Opportunity = { ...offered, origin: { partner: "P-1001", name: "Fabrikam" } };
  const rejected = event("approval_decided", {
    partner: "Fabrikam",
    approved: false,
    reason: "We already work with this customer directly.",
  });
  const recallEvent = event("recalled", { partner: "Fabrikam" });
  const problem = t.t("problem.too_long", {
    field: t.t("distribution.field.reason"),
    max: partnerLimits.reason,
  });
  return [
    {
      card: "partner-opportunity",
      variant: "awaiting the partner's answer, alone",
      data: partnerCardView(ctx, offered, "P-1001"),
      verbs: ["opp.accept", "opp.decline"],
      shows: [
        "Nordisk Møbel A/S",
        offered.customerNeed ?? "",
        t.t("distribution.card.alone"),
        t.t("distribution.button.accept"),
        t.t("distribution.field.reason"),
      ],
    },
    {
      card: "partner-opportunity",
      variant: "largest: the longest texts, the most collaborating partners, a refused reason",
      data: partnerCardView(ctx, largest, "P-2001", {
        notice: { text: problem, style: "attention" },
        reason: "r".repeat(partnerLimits.reason),
        reasonError: problem,
      }),
      verbs: ["opp.accept", "opp.decline"],
      shows: [largest.title, longName(10), problem],
    },
    {
      card: "partner-opportunity",
      variant: "awaiting an answer, nothing optional filled in",
      data: partnerCardView(ctx, bare, "P-1001"),
      verbs: ["opp.accept", "opp.decline"],
      shows: [offered.title, t.t("distribution.card.alone")],
    },
    {
      card: "partner-opportunity",
      variant: "accepted, with a partner still to answer",
      data: partnerCardView(ctx, accepted, "P-1001"),
      verbs: [],
      shows: [t.t("distribution.card.together", { partners: "Northwind Traders" })],
    },
    {
      card: "partner-opportunity",
      variant: "taken back",
      data: partnerCardView(ctx, recalled, "P-1001"),
      verbs: [],
      shows: [offered.title],
    },
    {
      card: "partner-opportunity",
      variant: "out of reach, only the reference known",
      data: partnerGoneView(ctx, "O-1042", undefined, {
        text: t.t("dist.recalled", { ref: "O-1042" }),
        style: "attention",
      }),
      verbs: [],
      shows: [t.t("dist.recalled", { ref: "O-1042" })],
    },
    {
      card: "notification",
      variant: "a partner's own opportunity rejected, thread root",
      data: partnerNoticeView(
        ctx,
        rejected,
        eventText(t, rejected, undefined, "partner"),
        { opportunity: originOpportunity, cycle, setup },
        "P-1001",
        true,
      ),
      verbs: ["opp.show"],
      shows: [rejected.facts.reason ?? "", "Nordisk Møbel A/S"],
    },
    {
      card: "notification",
      variant: "taken back from a partner, reply",
      data: partnerNoticeView(
        ctx,
        recallEvent,
        eventText(t, recallEvent, undefined, "partner"),
        { opportunity: recalled, cycle, setup },
        "P-1001",
        false,
      ),
      verbs: [],
      shows: [eventText(t, recallEvent, undefined, "partner")],
    },
    {
      card: "opportunity-distribute",
      variant: "three partners, one already holding it",
      data: distributeFormView(ctx, offered, fewPartners),
      verbs: ["opp.distribute", "opp.show"],
      shows: [
        t.t("distribution.form.title", { ref: "O-1042" }),
        t.t("distribution.form.auto"),
        t.t("distribution.form.holding", { partners: "Fabrikam" }),
        "Northwind Traders",
      ],
    },
    {
      card: "opportunity-distribute",
      variant: "largest: the most partners listed with the longest profiles, chosen, refused, more",
      data: distributeFormView(ctx, largest, mostPartners, {
        more: true,
        chosen: mostPartners.slice(0, partnerLimits.perDistribution).map((p) => p.ref),
        error: t.t("dist.no_fit", {
          ref: "O-1042",
          region: "nordics",
          industry: "retail",
          products: "-",
        }),
      }),
      verbs: ["opp.distribute", "opp.show"],
      shows: [t.t("distribution.form.more", { count: formPartners, ref: "O-1042" }), longName(100)],
    },
  ];
}

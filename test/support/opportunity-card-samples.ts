import {
  closeFormView,
  inboxView,
  lineFormView,
  linesShown,
  opportunityFormView,
  opportunityListView,
  opportunityProblemText,
  opportunityView,
  partnerDashboardView,
  purgeFormView,
  stageFormView,
  updateFormView,
} from "../../src/features/opportunities/opportunity.views.js";
import { pipelineView } from "../../src/features/opportunities/pipeline.views.js";
import {
  assignFormView,
  eventText,
  notificationView,
} from "../../src/features/opportunities/notification.views.js";
import type { CardName } from "../../src/kit/rendering/renderer.js";
import { formatDateTime, type ViewContext } from "../../src/kit/rendering/view-context.js";
import { defaultCycle, stageLimits, type SalesCycle } from "../../src/domain/cycles/cycle.js";
import type { DirectoryUser } from "../../src/domain/directory/directory.js";
import type { TimelineEntry, UserStamp } from "../../src/domain/shared/timeline.js";
import type { NotificationEvent } from "../../src/domain/notify/event.js";
import { opportunityLimits, type Opportunity } from "../../src/domain/opportunities/opportunity.js";
import type { OpportunityView } from "../../src/domain/opportunities/opportunity.service.js";
import { defaultSetup, type TenantSetup } from "../../src/domain/setup/tenant-setup.js";
import type { Actor } from "../../src/domain/shared/actor.js";
import type { FieldProblem } from "../../src/domain/shared/result.js";

/**
 * Samples of the opportunity cards for test/cards.test.ts: the card as its owner, another rep, a manager and
 * an admin see it, open and closed; the largest opportunity the domain allows; every form with and without
 * problems; lists, pipeline and inbox empty and full. Fixed data only.
 */
export interface CardSample {
  readonly card: CardName;
  readonly variant: string;
  readonly data: object;
  readonly verbs: string[];
  readonly shows: string[];
}

const tenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const ann: UserStamp = { id: "6f1c2a7e-0b7d-4c55-9f3e-0d8a1b2c3d41", name: "Ann Jensen" };
const bo: UserStamp = { id: "a3d9e8f1-47c2-4b0e-8e6a-5c7d9f0e1b22", name: "Bo Lindqvist" };
const actor = (who: UserStamp, role: Actor["role"]): Actor => ({
  tenantId,
  userId: who.id,
  name: who.name,
  role,
});
const annRep = actor(ann, "rep");
const boRep = actor(bo, "rep");
const mia = actor({ id: "0b6a9c1d-2e3f-4a5b-8c7d-9e0f1a2b3c4d", name: "Mia Holm" }, "manager");
const eve = actor({ id: "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a", name: "Eve Admin" }, "admin");
const pia: UserStamp = { id: "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d", name: "Pia Fabrikam" };
const nils: UserStamp = { id: "1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b", name: "Nils Northwind" };
/** Partner organisations as an opportunity names them (its origin, its distribution). */
const fabrikam = { partner: "P-1001", name: "Fabrikam" };
const northwind = { partner: "P-1002", name: "Northwind Traders" };
const contoso = { partner: "P-1003", name: "Contoso Partners" };
const piaPartner: Actor = { ...actor(pia, "partner"), partner: fabrikam.partner };
const nilsPartner: Actor = { ...actor(nils, "partner"), partner: northwind.partner };
const miaStamp: UserStamp = { id: mia.userId, name: mia.name };

const setup: TenantSetup = { ...defaultSetup(tenantId), defaultCurrency: "DKK" };
const cycle = defaultCycle();

const timeline: TimelineEntry[] = [
  { kind: "note", text: "Met Maja at the Copenhagen retail fair.", by: ann, at: "2025-03-03T08:20:00.000Z" },
  {
    kind: "call",
    text: "Intro call: new web shop before Black Friday.",
    by: ann,
    at: "2025-03-04T13:05:00.000Z",
  },
  {
    kind: "email",
    text: 'Sent the "Q2" proposal & price list (DKK).',
    by: bo,
    at: "2025-03-06T09:45:00.000Z",
  },
  { kind: "meeting", text: "Workshop with marketing — 8 people.", by: bo, at: "2025-03-10T12:00:00.000Z" },
  { kind: "task", text: "Prepare a fixed-price quote.", by: ann, at: "2025-03-12T15:30:00.000Z" },
  { kind: "note", text: "Budget confirmed: 450.000 DKK.", by: ann, at: "2025-03-14T09:30:00.000Z" },
];

const lines = [
  { product: "Web shop platform licence", quantity: 1, unitPrice: 240000 },
  { product: "Implementation, hours", quantity: 120, unitPrice: 1150.5 },
  { product: "Hosting and support, months", quantity: 12, unitPrice: 2500 },
];
const linesSum = 240000 + 120 * 1150.5 + 12 * 2500;

const develop: Opportunity = {
  ref: "O-1042",
  tenantId,
  title: "Web shop and hosting for Nordisk Møbel",
  party: { kind: "account", ref: "A-1001", name: "Nordisk Møbel A/S" },
  owner: ann,
  type: "New business",
  source: "Referral",
  currency: "DKK",
  estimatedValue: 450000,
  chancePct: 40,
  cycleCode: "standard",
  stageId: "develop",
  status: "open",
  lines: [],
  expectedCloseDate: "2025-04-30",
  leadRef: "L-1001",
  timeline: timeline.slice(0, 2),
  history: [
    { action: "create", to: "qualify", by: ann, at: "2025-03-03T08:15:00.000Z" },
    { action: "next", from: "qualify", to: "develop", by: ann, at: "2025-03-05T10:00:00.000Z" },
  ],
  revision: 3,
  createdBy: ann,
  createdAt: "2025-03-03T08:15:00.000Z",
  updatedBy: ann,
  updatedAt: "2025-03-05T10:00:00.000Z",
};

const quote = {
  number: "Q-1007",
  createdAt: "2025-03-20T09:00:00.000Z",
  createdBy: ann,
  lines,
  total: linesSum,
};

const negotiate: Opportunity = {
  ...develop,
  stageId: "negotiate",
  chancePct: 80,
  lines,
  estimatedValue: linesSum,
  quote,
  timeline,
  history: [
    ...develop.history,
    { action: "update", from: "develop", to: "develop", by: bo, at: "2025-03-12T10:00:00.000Z" },
    { action: "skip", from: "develop", to: "propose", by: ann, at: "2025-03-15T10:00:00.000Z" },
    { action: "goto", from: "propose", to: "develop", by: ann, at: "2025-03-16T10:00:00.000Z" },
    { action: "next", from: "develop", to: "propose", by: ann, at: "2025-03-17T10:00:00.000Z" },
    { action: "next", from: "propose", to: "negotiate", by: ann, at: "2025-03-21T10:00:00.000Z" },
  ],
  revision: 12,
};

const twelveLines = Array.from({ length: 12 }, (_, i) => ({
  product: `Item ${i + 1}`,
  quantity: i + 1,
  unitPrice: 99.95,
}));
const won: Opportunity = {
  ...negotiate,
  status: "won",
  chancePct: 100,
  closeCode: "WON-PRICE",
  closedOn: "2025-03-28",
  lines: twelveLines,
  order: {
    number: "SO-1003",
    createdAt: "2025-03-27T09:00:00.000Z",
    createdBy: ann,
    quoteNumber: "Q-1007",
    total: linesSum,
  },
  history: [
    ...negotiate.history,
    { action: "close", from: "negotiate", to: "won", by: ann, at: "2025-03-28T10:00:00.000Z" },
  ],
};

const lost: Opportunity = {
  ...develop,
  ref: "O-1043",
  party: { kind: "contact", ref: "C-1004", name: "Lars Eriksson" },
  status: "lost",
  chancePct: 0,
  closeCode: "LOST-COMPETITOR",
  closedOn: "2025-03-18",
  history: [
    ...develop.history,
    { action: "close", from: "develop", to: "lost", by: ann, at: "2025-03-18T10:00:00.000Z" },
  ],
};

/** Created by a partner user of Fabrikam, with the facts a partner describes it with; waiting for approval. */
const { leadRef: _lead, ...withoutLead } = develop;
const partnerCreated: Opportunity = {
  ...withoutLead,
  ref: "O-1050",
  title: "Store fit-out for Fjord Fisk",
  owner: pia,
  stageId: "qualify",
  chancePct: 10,
  timeline: [],
  region: "nordics",
  industry: "retail",
  customerSituation: "Three stores, paper stock lists, a web shop that does not know the stock.",
  customerNeed: "One stock for stores and web shop before the spring season.",
  proposedSolution: "Our retail template with store tablets; two weeks of training.",
  origin: fabrikam,
  approval: "pending",
  history: [{ action: "create", to: "qualify", by: pia, at: "2025-03-03T08:15:00.000Z" }],
  createdBy: pia,
  updatedBy: pia,
};

const partnerApproved: Opportunity = {
  ...partnerCreated,
  stageId: "develop",
  approval: "approved",
  history: [
    ...partnerCreated.history,
    { action: "approve", by: miaStamp, at: "2025-03-04T08:00:00.000Z" },
    { action: "next", from: "qualify", to: "develop", by: pia, at: "2025-03-05T08:00:00.000Z" },
  ],
  revision: 4,
};

const dealRequested: Opportunity = {
  ...partnerApproved,
  deal: { status: "requested", requestedBy: pia, requestedAt: "2025-03-06T09:00:00.000Z" },
  history: [
    ...partnerApproved.history,
    { action: "register", by: pia, at: "2025-03-06T09:00:00.000Z", note: "Fabrikam" },
  ],
  revision: 5,
};

const dealRejected: Opportunity = {
  ...dealRequested,
  deal: {
    ...dealRequested.deal,
    status: "rejected",
    requestedBy: pia,
    requestedAt: "2025-03-06T09:00:00.000Z",
    decidedBy: miaStamp,
    decidedAt: "2025-03-07T10:00:00.000Z",
    reason: "The customer is already registered by another partner.",
  },
  history: [
    ...dealRequested.history,
    {
      action: "reject",
      by: miaStamp,
      at: "2025-03-07T10:00:00.000Z",
      note: "deal: The customer is already registered by another partner.",
    },
  ],
  revision: 6,
};

const declineReason = "No consultants free before June.";
/** Distributed automatically to Fabrikam, then to Northwind and Contoso: one accepted each, one declined. */
const distributed: Opportunity = {
  ...negotiate,
  ref: "O-1060",
  distribution: {
    collaboration: true,
    explanation: "Fabrikam: region, industry; 3 of 5 free; preferred",
    partners: [
      { ...fabrikam, status: "accepted", at: "2025-03-22T09:00:00.000Z", by: pia },
      { ...northwind, status: "accepted", at: "2025-03-22T10:00:00.000Z", by: nils },
      {
        ...contoso,
        status: "declined",
        at: "2025-03-22T11:00:00.000Z",
        by: { id: "c0c0c0c0-0000-4000-8000-000000000001", name: "Carl Contoso" },
        reason: declineReason,
      },
    ],
  },
  history: [
    ...negotiate.history,
    { action: "distribute", by: miaStamp, at: "2025-03-21T12:00:00.000Z", note: "Fabrikam" },
    {
      action: "distribute",
      by: miaStamp,
      at: "2025-03-21T12:30:00.000Z",
      note: "Northwind Traders, Contoso Partners",
    },
    { action: "accept", by: pia, at: "2025-03-22T09:00:00.000Z", note: "Fabrikam" },
    { action: "accept", by: nils, at: "2025-03-22T10:00:00.000Z", note: "Northwind Traders" },
    {
      action: "decline",
      by: { id: "c0c0c0c0-0000-4000-8000-000000000001", name: "Carl Contoso" },
      at: "2025-03-22T11:00:00.000Z",
      note: `Contoso Partners: ${declineReason}`,
    },
  ],
};

/** Distributed to Fabrikam alone, which accepted it: Fabrikam manages it. */
const managedAlone: Opportunity = {
  ...negotiate,
  ref: "O-1061",
  distribution: {
    collaboration: false,
    partners: [{ ...fabrikam, status: "accepted", at: "2025-03-22T09:00:00.000Z", by: pia }],
  },
};

/** Distributed to Fabrikam, not answered yet. */
const delivered: Opportunity = {
  ...develop,
  ref: "O-1062",
  distribution: {
    collaboration: false,
    partners: [{ ...fabrikam, status: "delivered", at: "2025-03-22T09:00:00.000Z", by: miaStamp }],
  },
};

/** An opportunity whose stage an admin deleted without a replacement. */
const { stageId: _deleted, ...withoutStage } = develop;
const stageless: Opportunity = {
  ...withoutStage,
  ref: "O-1044",
  history: [
    ...develop.history,
    {
      action: "replace",
      from: "develop",
      by: { id: eve.userId, name: eve.name },
      at: "2025-03-19T10:00:00.000Z",
    },
  ],
};

/** The largest the domain allows: the longest title, 50 lines with the longest products, 20 long stages. */
const longStage = (i: number) =>
  `${i + 1}. ${"Sikkerhedsgennemgang og prøvekørsel på løsningen ".repeat(2)}`.slice(0, stageLimits.name);
const largestCycle: SalesCycle = {
  code: "enterprise",
  name: "Enterprise renewals",
  defaultStageId: "stage-1",
  stages: Array.from({ length: stageLimits.stages }, (_, i) => ({
    id: `stage-${i + 1}`,
    name: longStage(i),
    completedPct: 5 * (i + 1),
    chancePct: 4 * (i + 1),
    allowSkip: true,
    quoteRequired: false,
    activities: [],
  })),
};
const longText = (n: number) =>
  "Æblemost og økologisk kaffe til hele kontoret, leveret hver uge ".repeat(10).slice(0, n);
const largest: Opportunity = {
  ...negotiate,
  ref: "O-999999999",
  title: longText(opportunityLimits.title),
  party: { kind: "account", ref: "A-999999999", name: longText(160) },
  cycleCode: "enterprise",
  stageId: "stage-10",
  lines: Array.from({ length: opportunityLimits.lines }, (_, i) => ({
    product: longText(opportunityLimits.product),
    quantity: opportunityLimits.maxQuantity - i,
    unitPrice: 999_999.99,
  })),
  estimatedValue: opportunityLimits.maxMoney,
  timeline: timeline.map((e) => ({ ...e, text: longText(opportunityLimits.text) })),
};
const largestSetup: TenantSetup = { ...setup, cycles: [largestCycle, cycle] };

const viewOf = (o: Opportunity, s: TenantSetup = setup): OpportunityView => ({
  opportunity: o,
  cycle: s.cycles.find((c) => c.code === o.cycleCode),
  setup: s,
});

const tenOpportunities: Opportunity[] = [
  "Nordisk Møbel A/S",
  "Göta Logistik AB",
  "Fjord Fisk AS",
  "Saimaa Paper Oy",
  "Nordljus Energi AB",
  "Bergen Bygg AS",
  "Aarhus Biotek ApS",
  "Malmö Media AB",
  "Oslo Opplevelser AS",
  "Roskilde Rør ApS",
].map((name, i) => ({
  ...develop,
  ref: `O-${1001 + i}`,
  title: `${name}: ${["CRM rollout", "Fleet tracking", "Web shop", "Data platform", "Support renewal"][i % 5]}`,
  party: { kind: i % 2 === 0 ? "account" : "contact", ref: `A-${1001 + i}`, name },
  owner: i % 2 === 0 ? ann : bo,
  currency: ["DKK", "SEK", "NOK", "EUR"][i % 4] ?? "EUR",
  estimatedValue: 10000 * (i + 1) + 0.5,
  status: i === 7 ? "won" : i === 8 ? "lost" : "open",
  stageId: ["qualify", "develop", "propose", "negotiate"][i % 4] ?? "qualify",
}));

const cursor = Buffer.from(JSON.stringify({ after: "O-1010", at: "2025-03-14T09:30:00.000Z" })).toString(
  "base64url",
);

export function opportunityCardSamples(ctx: ViewContext): CardSample[] {
  const { t } = ctx;
  const sample = (card: CardName, variant: string, data: object, verbs: string[], shows: string[]) => ({
    card,
    variant,
    data,
    verbs,
    shows,
  });
  const problems: FieldProblem[] = [
    { field: "title", problem: "required" },
    { field: "value", problem: "ambiguous_number", params: { value: "12,5" } },
    { field: "chance", problem: "percent", params: { value: "140" } },
    { field: "close", problem: "date", params: { value: "2025-02-30" } },
    { field: "type", problem: "choice", params: { choices: setup.lists.types.join(", ") } },
  ];
  const created = t.t("opp.created", { ref: develop.ref });
  const stale = t.t("opp.stale", { ref: negotiate.ref });
  const refused = t.t("opp.not_yours", { ref: develop.ref, owner: ann.name });
  return [
    sample(
      "opportunity",
      "open in Develop, seen by its owner, just created",
      opportunityView(ctx, annRep, viewOf(develop), { text: created, style: "good" }),
      // Nothing to skip to (Negotiate needs a quote) and nothing to go back to but the previous stage.
      ["opp.next", "opp.previous", "opp.update.form", "opp.line.form", "opp.close.form", "opp.note"],
      [
        created,
        develop.title,
        "Nordisk Møbel A/S",
        "✓\u00a0Qualify",
        "●\u00a0Develop",
        t.t("opp.card.noLines"),
      ],
    ),
    sample(
      "opportunity",
      "open, seen by another rep (no buttons), refusal notice",
      opportunityView(ctx, boRep, viewOf(develop), { text: refused, style: "attention" }),
      [],
      [refused, develop.title, t.t("opp.card.currentValue")],
    ),
    sample(
      "opportunity",
      "in the last stage with a quote, seen by a manager, stale notice",
      opportunityView(ctx, mia, viewOf(negotiate), { text: stale, style: "warning" }),
      [
        "opp.distribute.form",
        "opp.previous",
        "opp.goto.form",
        "opp.update.form",
        "opp.line.form",
        "opp.order",
        "opp.close.form",
        "opp.note",
        "opp.assign.form",
      ],
      [stale, "Q-1007", ...timeline.slice(-5).map((e) => e.text), t.t("opp.card.linesTotal")],
    ),
    sample(
      "opportunity",
      "won with quote and order and 12 lines, seen by an admin",
      opportunityView(ctx, eve, viewOf(won)),
      ["opp.reopen", "opp.delete.form"],
      [
        t.t("opp.stage.won"),
        "SO-1003",
        "WON-PRICE — Best price",
        t.t("opp.card.moreLines", { count: 12 - linesShown }),
      ],
    ),
    sample(
      "opportunity",
      "won, asking its owner to confirm the delete",
      opportunityView(ctx, annRep, viewOf(won), undefined, { confirmDelete: true }),
      ["opp.delete", "opp.show"],
      [t.t("opp.deleteAsk", { ref: won.ref }), t.t("opp.button.deleteConfirm", { ref: won.ref })],
    ),
    sample(
      "opportunity",
      "lost, seen by its owner (no reopen)",
      opportunityView(ctx, annRep, viewOf(lost)),
      ["opp.delete.form"],
      [t.t("opp.stage.lost"), "LOST-COMPETITOR — Went with a competitor", t.t("opp.status.lost")],
    ),
    sample(
      "opportunity",
      "without a stage (its stage was deleted)",
      opportunityView(ctx, annRep, viewOf(stageless)),
      // With no stage, "next" leads into the first stage and "go to" may pick any.
      ["opp.next", "opp.goto.form", "opp.update.form", "opp.line.form", "opp.close.form", "opp.note"],
      [t.t("opp.stage.none"), t.t("opp.history.replace")],
    ),
    sample(
      "opportunity",
      "the largest: longest title, 50 long lines, 20 long stages",
      opportunityView(ctx, eve, viewOf(largest, largestSetup)),
      [
        "opp.distribute.form",
        "opp.next",
        "opp.previous",
        "opp.skip.form",
        "opp.goto.form",
        "opp.update.form",
        "opp.quote",
        "opp.order",
        "opp.close.form",
        "opp.note",
        "opp.assign.form",
      ],
      [largest.title, longStage(19)],
    ),

    sample(
      "opportunity",
      "created by a partner, pending approval, seen by a manager",
      opportunityView(ctx, mia, viewOf(partnerCreated)),
      // Nothing but the decision and notes while it waits: no stage moves, no distribution yet.
      ["opp.approve", "opp.reject", "opp.note"],
      [
        t.t("opp.card.approval.pending", { partner: "Fabrikam" }),
        t.t("opp.button.approve"),
        t.t("opp.field.reason"),
        "nordics",
        partnerCreated.customerNeed ?? "",
        partnerCreated.proposedSolution ?? "",
      ],
    ),
    sample(
      "opportunity",
      "created by a partner, pending approval, seen by the creating partner",
      opportunityView(ctx, piaPartner, viewOf(partnerCreated)),
      ["opp.note"],
      [t.t("opp.card.approval.pending", { partner: "Fabrikam" }), partnerCreated.customerSituation ?? ""],
    ),
    sample(
      "opportunity",
      "created by a partner and approved, seen by the creating partner: register the deal",
      opportunityView(ctx, piaPartner, viewOf(partnerApproved)),
      [
        "opp.register",
        "opp.next",
        "opp.previous",
        "opp.update.form",
        "opp.line.form",
        "opp.close.form",
        "opp.note",
      ],
      [t.t("opp.card.approval.approved", { partner: "Fabrikam" }), t.t("opp.button.register")],
    ),
    sample(
      "opportunity",
      "a deal registration requested, seen by a manager",
      opportunityView(ctx, mia, viewOf(dealRequested)),
      [
        "opp.approve",
        "opp.reject",
        "opp.distribute.form",
        "opp.next",
        "opp.previous",
        "opp.update.form",
        "opp.line.form",
        "opp.close.form",
        "opp.note",
        "opp.assign.form",
      ],
      [
        t.t("opp.card.deal"),
        t.t("opp.card.deal.status.requested"),
        t.t("opp.card.deal.requested", {
          name: pia.name,
          at: formatDateTime(dealRequested.deal?.requestedAt ?? "", ctx),
        }),
        `${t.t("opp.history.register")}: Fabrikam`,
      ],
    ),
    sample(
      "opportunity",
      "a deal registration rejected with a reason, seen by the creating partner, who may register again",
      opportunityView(ctx, piaPartner, viewOf(dealRejected)),
      [
        "opp.register",
        "opp.next",
        "opp.previous",
        "opp.update.form",
        "opp.line.form",
        "opp.close.form",
        "opp.note",
      ],
      [
        t.t("opp.card.deal.status.rejected"),
        t.t("opp.card.deal.rejected", {
          name: mia.name,
          at: formatDateTime(dealRejected.deal?.decidedAt ?? "", ctx),
        }),
        t.t("opp.card.reason", { reason: dealRejected.deal?.reason ?? "" }),
        `${t.t("opp.history.deal_reject")}: ${dealRejected.deal?.reason ?? ""}`,
      ],
    ),
    sample(
      "opportunity",
      "with three partners, automatically chosen, one declined, seen by a manager",
      opportunityView(ctx, mia, viewOf(distributed)),
      [
        "opp.distribute.form",
        "opp.previous",
        "opp.goto.form",
        "opp.update.form",
        "opp.line.form",
        "opp.order",
        "opp.close.form",
        "opp.note",
        "opp.assign.form",
      ],
      [
        t.t("opp.card.partners"),
        "Northwind Traders",
        t.t("opp.card.partner.accepted"),
        t.t("opp.card.partner.declined"),
        t.t("opp.card.reason", { reason: declineReason }),
        t.t("opp.card.collaboration"),
        t.t("opp.card.explanation", { explanation: distributed.distribution?.explanation ?? "" }),
        `${t.t("opp.history.decline")}: Contoso Partners: ${declineReason}`,
      ],
    ),
    sample(
      "opportunity",
      "with collaborating partners, seen by one of them: notes only",
      opportunityView(ctx, nilsPartner, viewOf(distributed)),
      ["opp.note"],
      [t.t("opp.card.collaboration"), "Fabrikam", t.t("opp.card.partner.accepted")],
    ),
    sample(
      "opportunity",
      "managed by one partner alone, with a quote: no quote, order, assign or distribute",
      opportunityView(ctx, piaPartner, viewOf(managedAlone)),
      ["opp.previous", "opp.goto.form", "opp.update.form", "opp.line.form", "opp.close.form", "opp.note"],
      ["Fabrikam", t.t("opp.card.partner.accepted")],
    ),
    sample(
      "opportunity",
      "distributed to a partner that has not answered yet, seen by that partner",
      opportunityView(ctx, piaPartner, viewOf(delivered)),
      ["opp.accept", "opp.decline"],
      [t.t("opp.card.partner.delivered"), delivered.title, t.t("opp.button.accept"), t.t("opp.decline.hint")],
    ),

    sample(
      "opportunity-list",
      "0 items",
      opportunityListView(ctx, setup, { scope: "mine" }, [], undefined),
      [],
      [t.t("opp.list.title.mine"), t.t("opp.list.empty")],
    ),
    sample(
      "opportunity-list",
      "10 items, filters and a cursor",
      opportunityListView(
        ctx,
        setup,
        {
          scope: "all",
          party: { ref: "C-1001", name: "Maja Sørensen" },
          stage: { id: "develop", name: "Develop" },
        },
        tenOpportunities,
        cursor,
      ),
      [...tenOpportunities.map(() => "opp.show"), "opp.list"],
      [...tenOpportunities.map((o) => o.ref), t.t("opp.list.filter.contact", { party: "Maja Sørensen" })],
    ),
    sample(
      "opportunity-list",
      "asking which opportunity a command is for",
      opportunityListView(ctx, setup, { scope: "mine" }, tenOpportunities.slice(0, 2), undefined, {
        text: t.t("opp.list.pick", { command: "opp next" }),
        style: "emphasis",
      }),
      ["opp.show", "opp.show"],
      [t.t("opp.list.pick", { command: "opp next" })],
    ),

    sample(
      "pipeline",
      "empty",
      pipelineView(
        ctx,
        cycle.stages.map((s) => ({ stageId: s.id, stageName: s.name, count: 0, totals: [] })),
      ),
      [],
      [t.t("opp.pipeline.empty"), "Negotiate"],
    ),
    sample(
      "pipeline",
      "three currencies, a stageless row",
      pipelineView(ctx, [
        {
          stageId: "qualify",
          stageName: "Qualify",
          count: 12,
          totals: [
            { currency: "DKK", total: 1250000, weighted: 25000 },
            { currency: "EUR", total: 80000.5, weighted: 1600.01 },
            { currency: "SEK", total: 300000, weighted: 6000 },
          ],
        },
        {
          stageId: "develop",
          stageName: "Develop",
          count: 3,
          totals: [{ currency: "DKK", total: 450000, weighted: 72000 }],
        },
        { stageId: "propose", stageName: "Propose", count: 0, totals: [] },
        {
          stageId: undefined,
          stageName: "",
          count: 1,
          totals: [{ currency: "NOK", total: 5000, weighted: 0 }],
        },
      ]),
      [],
      [t.t("opp.stage.none"), t.t("opp.pipeline.count", { count: 16 })],
    ),

    sample("inbox", "empty", inboxView(ctx, []), [], [t.t("opp.inbox.empty")]),
    sample(
      "inbox",
      "a due activity and a passed close date",
      inboxView(ctx, [
        {
          ref: "O-1042",
          title: develop.title,
          reason: "activity_due",
          detail: "Confirm budget and decision maker",
          due: "2025-03-06",
        },
        {
          ref: "O-1042",
          title: develop.title,
          reason: "close_date_passed",
          detail: "2025-03-10",
          due: "2025-03-10",
        },
      ]),
      ["opp.show", "opp.show"],
      [develop.title, "Confirm budget and decision maker"],
    ),
    sample(
      "inbox",
      "a manager's: an approval and a deal registration waiting",
      inboxView(ctx, [
        {
          ref: "O-1043",
          title: "Franchise stores",
          reason: "approval_pending",
          detail: "Fabrikam",
          due: "2025-03-06",
        },
        { ref: "O-1044", title: "Outlet", reason: "deal_pending", detail: "Fabrikam", due: "2025-03-07" },
      ]),
      ["opp.show", "opp.show"],
      ["Franchise stores", "Outlet"],
    ),

    sample(
      "partner-dashboard",
      "nothing yet",
      partnerDashboardView(ctx, setup, {
        partner: { ref: fabrikam.partner, name: fabrikam.name },
        delivered: [],
        managed: [],
        created: [],
      }),
      [],
      [t.t("partner.dashboard.title", { partner: "Fabrikam" }), t.t("partner.dashboard.none")],
    ),
    sample(
      "partner-dashboard",
      "awaiting an answer, managed with a collaborating partner, created in every state",
      partnerDashboardView(ctx, setup, {
        partner: { ref: fabrikam.partner, name: fabrikam.name },
        delivered: [delivered],
        managed: [managedAlone, distributed],
        created: [partnerCreated, partnerApproved, dealRequested, dealRejected],
      }),
      Array.from({ length: 7 }, () => "opp.show"),
      [
        t.t("partner.dashboard.delivered"),
        t.t("partner.dashboard.answer", { ref: delivered.ref }),
        t.t("partner.dashboard.managed"),
        t.t("partner.dashboard.together", { partners: "Northwind Traders" }),
        t.t("partner.dashboard.created"),
        t.t("partner.dashboard.approval.pending"),
        t.t("partner.dashboard.deal.none", { ref: partnerApproved.ref }),
        t.t("partner.dashboard.deal.requested"),
        `${t.t("partner.dashboard.deal.rejected")} · ${t.t("opp.card.reason", {
          reason: dealRejected.deal?.reason ?? "",
        })}`,
      ],
    ),
    sample(
      "partner-dashboard",
      "full pages of the largest opportunities, and more beyond them",
      partnerDashboardView(ctx, largestSetup, {
        partner: { ref: "P-999999999", name: longText(100) },
        delivered: Array.from({ length: 10 }, (_, i) => ({ ...largest, ref: `O-${900000001 + i}` })),
        managed: Array.from({ length: 10 }, (_, i) => ({ ...largest, ref: `O-${900000011 + i}` })),
        created: Array.from({ length: 10 }, (_, i) => ({
          ...largest,
          ref: `O-${900000021 + i}`,
          origin: fabrikam,
          approval: "approved" as const,
          deal: dealRejected.deal,
        })),
        more: { delivered: true, managed: true, created: true },
      }),
      Array.from({ length: 30 }, () => "opp.show"),
      [longText(100), t.t("partner.dashboard.more.managed", { count: 10 })],
    ),

    sample(
      "opportunity-form",
      "empty",
      opportunityFormView(ctx, setup),
      ["opp.create"],
      [t.t("opp.form.intro"), "New business", "Referral"],
    ),
    sample(
      "opportunity-form",
      "with problems, two cycles",
      opportunityFormView(
        ctx,
        largestSetup,
        { title: "", account: "Nordisk", value: "12,5", chance: "140", close: "2025-02-30", type: "Upsell" },
        problems,
      ),
      ["opp.create"],
      [t.t("opp.form.errors"), ...problems.map((p) => opportunityProblemText(ctx, p)), "Enterprise renewals"],
    ),
    sample(
      "opportunity-form",
      "a refusal from the service",
      opportunityFormView(ctx, setup, { title: "Fleet" }, [], t.t("opp.party_required")),
      ["opp.create"],
      [t.t("opp.party_required")],
    ),

    sample(
      "opportunity-update",
      "current values",
      updateFormView(ctx, develop),
      ["opp.update", "opp.show"],
      [t.t("opp.update.title", { ref: develop.ref }), "450000", "2025-04-30"],
    ),
    sample(
      "opportunity-update",
      "value from lines, nothing given",
      updateFormView(ctx, negotiate, {}, [{ field: "input", problem: "nothing_to_change" }]),
      ["opp.update", "opp.show"],
      [t.t("opp.problem.nothing_to_change"), t.t("opp.update.fromLines", { value: "" }).slice(0, 20)],
    ),
    sample(
      "opportunity-line",
      "empty",
      lineFormView(ctx, develop),
      ["opp.line", "opp.show"],
      [t.t("opp.line.title", { ref: develop.ref }), "DKK"],
    ),
    sample(
      "opportunity-line",
      "with problems",
      lineFormView(ctx, develop, { product: "Van", qty: "0", price: "12.500" }, [
        { field: "qty", problem: "positive" },
        { field: "price", problem: "ambiguous_number", params: { value: "12.500" } },
      ]),
      ["opp.line", "opp.show"],
      [opportunityProblemText(ctx, { field: "qty", problem: "positive" })],
    ),
    sample(
      "opportunity-close",
      "won or lost not chosen yet",
      closeFormView(ctx, develop, setup, undefined),
      ["opp.close.form", "opp.close.form", "opp.show"],
      [t.t("opp.close.won"), t.t("opp.close.lost")],
    ),
    sample(
      "opportunity-close",
      "won: won codes only",
      closeFormView(ctx, develop, setup, "won"),
      ["opp.close.form", "opp.close.form", "opp.close", "opp.show"],
      ["WON-PRICE — Best price", t.t("opp.close.submit.won")],
    ),
    sample(
      "opportunity-close",
      "lost, with a date problem",
      closeFormView(ctx, develop, setup, "lost", { code: "LOST-PRICE", date: "2025-13-01" }, [
        { field: "date", problem: "date", params: { value: "2025-13-01" } },
      ]),
      ["opp.close.form", "opp.close.form", "opp.close", "opp.show"],
      ["LOST-NOBUDGET — No budget", t.t("opp.close.submit.lost")],
    ),
    sample(
      "opportunity-stage",
      "skip from Qualify",
      stageFormView(ctx, viewOf({ ...develop, stageId: "qualify" }), "skip"),
      ["opp.skip", "opp.show"],
      [t.t("opp.skip.title", { ref: develop.ref }), "Propose"],
    ),
    sample(
      "opportunity-stage",
      "go back from Negotiate",
      stageFormView(ctx, viewOf(negotiate), "goto"),
      ["opp.goto", "opp.show"],
      ["Qualify", "Develop", t.t("opp.goto.intro", { stage: "Negotiate" })],
    ),
    sample(
      "opportunity-purge",
      "empty",
      purgeFormView(ctx),
      ["opp.purge"],
      [t.t("opp.purge.intro"), t.t("opp.purge.both")],
    ),
    sample(
      "opportunity-purge",
      "after a purge, with a problem",
      purgeFormView(
        ctx,
        { before: "yesterday" },
        { text: t.t("opp.purged", { deleted: 3 }), style: "good" },
        [{ field: "before", problem: "date", params: { value: "yesterday" } }],
      ),
      ["opp.purge"],
      [t.t("opp.purged", { deleted: 3 })],
    ),

    sample(
      "notification",
      "a thread's root: the current state and the latest event",
      notificationView(ctx, moved, eventText(t, moved), viewOf(develop), true),
      ["opp.show"],
      [
        `${develop.ref} · ${develop.title}`,
        "✓\u00a0Qualify",
        "●\u00a0Develop",
        "Nordisk Møbel A/S",
        "Ann Jensen",
      ],
    ),
    sample(
      "notification",
      "a reply in the thread: the event with its figures",
      notificationView(ctx, moved, eventText(t, moved), undefined, false),
      [],
      [eventText(t, moved)],
    ),
    sample(
      "notification",
      "the root of the largest opportunity, reassigned",
      notificationView(ctx, reassigned, eventText(t, reassigned), viewOf(largest, largestSetup), true),
      ["opp.show"],
      [largest.title, longStage(19), "Bo Lindqvist"],
    ),
    sample(
      "opportunity-assign",
      "three people to choose from",
      assignFormView(ctx, develop, people.slice(0, 3)),
      ["opp.assign", "opp.show"],
      [t.t("assign.form.title", { ref: develop.ref }), "Bo Lindqvist (bo@contoso.com)", "Gitte Gæst"],
    ),
    sample(
      "opportunity-assign",
      "the most people with the longest names, with a notice",
      assignFormView(ctx, largest, people, stale),
      ["opp.assign", "opp.show"],
      [stale, people[people.length - 1]?.name ?? "?"],
    ),
  ];
}

const moved: NotificationEvent = {
  id: "O-1042#3:stage_changed",
  kind: "stage_changed",
  at: "2025-03-05T10:00:00.000Z",
  by: ann,
  subject: { kind: "opportunity", ref: develop.ref, title: develop.title },
  facts: { fromStage: "Qualify", toStage: "Develop", value: 450000, currency: "DKK", probabilityPct: 40 },
  direct: [],
};

const reassigned: NotificationEvent = {
  id: "O-9999#7:assigned",
  kind: "assigned",
  at: "2025-03-05T10:00:00.000Z",
  by: { id: "0b6a9c1d-2e3f-4a5b-8c7d-9e0f1a2b3c4d", name: "Mia Holm" },
  subject: { kind: "opportunity", ref: "O-9999", title: "x" },
  facts: { assignee: bo, previousOwner: ann },
  direct: [bo, ann],
};

/** The assign form lists at most this many people (as the role form does). */
const people: DirectoryUser[] = [
  { name: "Bo Lindqvist", email: "bo@contoso.com", userId: bo.id },
  { name: "Mia Holm", userId: "0b6a9c1d-2e3f-4a5b-8c7d-9e0f1a2b3c4d" },
  { name: "Gitte Gæst", userId: "11111111-2222-4333-8444-555555555555" },
  ...Array.from({ length: 97 }, (_, i) => ({
    name: `${"Maximiliane Sørensen-Åkerlund ".repeat(3).trim()} ${i + 1}`,
    email: `maximiliane.sorensen-akerlund.${i + 1}@subsidiary.contoso-nordic.example.com`,
    userId: `00000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`,
  })),
].map((p) => ({
  tenantId,
  teamsId: `29:${p.userId}`,
  external: false,
  lastSeenAt: "2025-03-05T10:00:00.000Z",
  ...p,
}));

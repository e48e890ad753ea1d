import type { Lead, LeadStatus } from "../../src/domain/leads/lead.js";
import type { TimelineEntry, UserStamp } from "../../src/domain/shared/timeline.js";
import type { FieldProblem } from "../../src/domain/shared/result.js";

/** Fixed sample data for the lead cards: shared by the card tests and the README screenshots. */

export const ann: UserStamp = { id: "6f1c2a7e-0b7d-4c55-9f3e-0d8a1b2c3d41", name: "Ann Jensen" };
export const bo: UserStamp = { id: "a3d9e8f1-47c2-4b0e-8e6a-5c7d9f0e1b22", name: "Bo Lindqvist" };
export const kari: UserStamp = { id: "c8e2b4a6-19f3-4d7e-a2c5-3b6d8e0f4a13", name: "Kari Nordmann" };
export const tenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";

export const timeline: TimelineEntry[] = [
  { kind: "note", text: "Met Maja at the Copenhagen retail fair.", by: ann, at: "2025-03-03T08:20:00.000Z" },
  {
    kind: "call",
    text: "Intro call: they want a new web shop before Black Friday.",
    by: ann,
    at: "2025-03-04T13:05:00.000Z",
  },
  {
    kind: "email",
    text: 'Sent the "Q2" proposal & price list (DKK).',
    by: bo,
    at: "2025-03-06T09:45:00.000Z",
  },
  {
    kind: "meeting",
    text: "Workshop with their marketing team — 8 people, 2 hours.",
    by: bo,
    at: "2025-03-10T12:00:00.000Z",
  },
  {
    kind: "task",
    text: "Prepare a fixed-price quote for hosting + support.",
    by: kari,
    at: "2025-03-12T15:30:00.000Z",
  },
  {
    kind: "note",
    text: "Budget confirmed: 450.000 DKK. Decision by 1 April.",
    by: ann,
    at: "2025-03-14T09:30:00.000Z",
  },
];

export const fullLead: Lead = {
  ref: "L-1001",
  tenantId,
  status: "qualified",
  topic: "Web shop and hosting for Nordisk Møbel",
  firstName: "Maja",
  lastName: "Sørensen",
  company: "Nordisk Møbel A/S",
  jobTitle: "Head of Digital",
  email: "maja.sorensen@nordiskmobel.example",
  businessPhone: "+45 33 12 34 56",
  mobilePhone: "+45 20 98 76 54",
  source: "referral",
  industry: "Retail",
  contactMethod: "teams",
  currency: "DKK",
  productInterests: ["Web shop", "Hosting", "Support agreement"],
  owner: ann,
  timeline,
  stakeholders: [
    { contactRef: "C-1002", name: "Lars Holm", role: "decision_maker" },
    { contactRef: "C-1003", name: "Eva Dahl", role: "technical_buyer" },
  ],
  accountRef: "A-1001",
  qualification: {
    accountRef: "A-1001",
    contactRef: "C-1001",
    opportunityRef: "O-1001",
    currency: "DKK",
    at: "2025-03-14T09:30:00.000Z",
    by: ann,
  },
  revision: 7,
  createdBy: ann,
  createdAt: "2025-03-03T08:15:00.000Z",
  updatedBy: ann,
  updatedAt: "2025-03-14T09:30:00.000Z",
};

export const ownerActions = { mayChange: true, mayNote: true, defaultCurrency: "EUR", chooseRecords: false };

export const minimalLead: Lead = {
  ref: "L-1002",
  tenantId,
  status: "open",
  topic: "Fleet tracking pilot",
  lastName: "Berg",
  productInterests: [],
  stakeholders: [],
  revision: 1,
  owner: bo,
  timeline: [],
  createdBy: bo,
  createdAt: "2025-03-14T10:00:00.000Z",
  updatedBy: bo,
  updatedAt: "2025-03-14T10:00:00.000Z",
};

export const listPeople = [
  ["Maja", "Sørensen", "Nordisk Møbel A/S"],
  [undefined, "Berg", undefined],
  ["Lars", "Eriksson", "Göta Logistik AB"],
  ["Ingrid", "Hansen", "Fjord Fisk AS"],
  [undefined, "Virtanen", "Saimaa Paper Oy"],
  ["Peter", "Madsen", undefined],
  ["Sofia", "Lindström", "Nordljus Energi AB"],
  ["Ole", "Johansen", "Bergen Bygg AS"],
  ["Emma", "Nielsen", "Aarhus Biotek ApS"],
  ["Jonas", "Karlsson", "Malmö Media AB"],
] as const;
export const listStatuses: readonly LeadStatus[] = ["open", "qualified", "disqualified"];

export const tenLeads: Lead[] = listPeople.map(([firstName, lastName, company], i) => ({
  ...minimalLead,
  ref: `L-${1001 + i}`,
  status: listStatuses[i % listStatuses.length] ?? "open",
  topic: `${company ?? lastName}: ${["CRM rollout", "Fleet tracking", "Web shop", "Data platform", "Support renewal"][i % 5]}`,
  ...(firstName ? { firstName } : {}),
  lastName,
  ...(company ? { company } : {}),
  owner: [ann, bo, kari][i % 3] ?? ann,
}));

/** Looks like the store's continuation token: opaque, URL-safe. */
export const cursor = Buffer.from(
  JSON.stringify({ after: "L-1010", at: "2025-03-14T09:30:00.000Z" }),
).toString("base64url");

export const formValues = {
  topic: "",
  first: "Ann",
  last: "Vestergaard-".repeat(9),
  company: "Contoso Danmark ApS",
  title: "CFO",
  email: "ann(at)contoso.dk",
  phone: "+45 70 10 20 30",
  mobile: "+45 21 22 23 24",
  source: "website",
  industry: "Finance",
  contactmethod: "email",
  currency: "dkk",
};
export const formProblems: FieldProblem[] = [
  { field: "email", problem: "email" },
  { field: "topic", problem: "required" },
  { field: "last", problem: "too_long", params: { max: 100 } },
];

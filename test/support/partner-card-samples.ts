import {
  partnerFormView,
  partnerListView,
  partnerProblemText,
} from "../../src/features/partners/partner.views.js";
import type { ViewContext } from "../../src/kit/rendering/view-context.js";
import type { ConversationAddress } from "../../src/domain/directory/directory.js";
import { partnerLimits, type Partner } from "../../src/domain/partners/partner.js";
import type { FieldProblem } from "../../src/domain/shared/result.js";
import type { CardSample } from "./cycle-card-samples.js";

/**
 * Samples of the partner cards for test/cards.test.ts: the form empty and with every kind of problem, and
 * the list as a manager, a rep and a partner user see it, including a full page of the largest partners the
 * domain allows. Fixed data only.
 */

const eve = { id: "00000000-0000-4000-8000-00000000e001", name: "Eve Admin" };
const at = "2026-11-23T09:30:00.000Z";
const inbox: ConversationAddress = {
  serviceUrl: "https://smba.example.net/emea/",
  conversationId: "19:fabrikam@thread.tacv2",
  kind: "channel",
  botId: "28:pipeline-bot",
  teamId: "19:fabrikam-team@thread.tacv2",
  channelId: "19:fabrikam@thread.tacv2",
  name: "Fabrikam deals",
};

export const fabrikam: Partner = {
  ref: "P-1001",
  tenantId: "tenant-a",
  name: "Fabrikam",
  members: [
    { id: "00000000-0000-4000-8000-00000000f001", name: "Frida Fabrikam" },
    { id: "00000000-0000-4000-8000-00000000f002", name: "Finn Østergård" },
  ],
  regions: ["nordics", "germany"],
  industries: ["retail"],
  products: ["erp", "crm"],
  capacity: 5,
  preferred: true,
  inbox,
  revision: 3,
  createdBy: eve,
  createdAt: at,
  updatedBy: eve,
  updatedAt: at,
};

const { inbox: _inbox, ...withoutInbox } = fabrikam;
const northwind: Partner = {
  ...withoutInbox,
  ref: "P-1002",
  name: "Northwind Traders",
  members: [],
  regions: [],
  industries: [],
  products: [],
  capacity: 0,
  preferred: false,
};

const value = (word: string, i: number) => `${i + 1} ${word.repeat(8)}`.slice(0, partnerLimits.value);

/** The largest partner the domain allows: longest name, every list full of the longest values, 200 members. */
const largest = (n: number): Partner => ({
  ...fabrikam,
  ref: `P-${1100 + n}`,
  name: `${n} ${"Sørensen-Åkerlund Nordic Distribution ".repeat(4)}`.slice(0, partnerLimits.name),
  regions: Array.from({ length: partnerLimits.listValues }, (_, i) => value("Øresund ", i)),
  industries: Array.from({ length: partnerLimits.listValues }, (_, i) => value("Manufacturing ", i)),
  products: Array.from({ length: partnerLimits.listValues }, (_, i) => value("Enterprise ", i)),
  members: Array.from({ length: partnerLimits.members }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    name: `Maximiliane Sørensen-Åkerlund ${i + 1}`,
  })),
  capacity: partnerLimits.maxCapacity,
  inbox: { ...inbox, name: "Ø".repeat(256) },
});

const fullPage = Array.from({ length: 25 }, (_, n) => largest(n));
const cursor = "eyJvZmZzZXQiOjI1fQ==".repeat(20);

export function partnerCardSamples(ctx: ViewContext): CardSample[] {
  const { t } = ctx;
  const problems: FieldProblem[] = [
    { field: "name", problem: "partner_name", params: { value: "auto" } },
    { field: "regions", problem: "too_many", params: { max: partnerLimits.listValues } },
    { field: "industries", problem: "too_long", params: { max: partnerLimits.value } },
    { field: "products", problem: "list_too_long", params: { max: 1240 } },
    { field: "capacity", problem: "range", params: { min: 0, max: partnerLimits.maxCapacity, value: "-3" } },
    { field: "preferred", problem: "yes_no" },
  ];
  return [
    {
      card: "partner-form",
      variant: "empty",
      data: partnerFormView(ctx),
      verbs: ["partner.create"],
      shows: [t.t("partner.form.title"), t.t("partner.form.intro"), t.t("partner.form.submit")],
    },
    {
      card: "partner-form",
      variant: "every input with a problem",
      data: partnerFormView(
        ctx,
        {
          name: "auto",
          regions: "a,b",
          industries: "x".repeat(61),
          products: "p",
          capacity: "-3",
          preferred: "maybe",
        },
        problems,
      ),
      verbs: ["partner.create"],
      shows: [t.t("partner.form.errors"), ...problems.map((p) => partnerProblemText(t, p))],
    },
    {
      card: "partner-form",
      variant: "a duplicate name",
      data: partnerFormView(ctx, { name: "Fabrikam", capacity: 5, preferred: true }, [
        { field: "name", problem: "exists", params: { name: "Fabrikam" } },
      ]),
      verbs: ["partner.create"],
      shows: [t.t("partner.exists", { name: "Fabrikam" })],
    },
    {
      card: "partner-list",
      variant: "no partners, seen by a manager",
      data: partnerListView(ctx, [], { canManage: true }),
      verbs: ["partner.form"],
      shows: [t.t("partner.list.empty_manager")],
    },
    {
      card: "partner-list",
      variant: "two partners, seen by a rep",
      data: partnerListView(ctx, [fabrikam, northwind], { canManage: false }),
      verbs: [],
      shows: [
        "Fabrikam deals",
        "Frida Fabrikam, Finn Østergård",
        t.t("partner.list.preferred"),
        "Northwind Traders",
      ],
    },
    {
      card: "partner-list",
      variant: "a full page of the largest partners and a cursor, seen by a manager",
      data: partnerListView(ctx, fullPage, { canManage: true, cursor }),
      verbs: ["partner.add", "partner.form", "partner.list"],
      shows: [t.t("partner.add.title"), t.t("partner.list.more"), fullPage[24]?.name ?? ""],
    },
    {
      card: "partner-list",
      variant: "their own organisation, seen by a partner user",
      data: partnerListView(ctx, [fabrikam], { canManage: false, own: true }),
      verbs: [],
      shows: [t.t("partner.list.title_own"), "Fabrikam deals"],
    },
    {
      card: "partner-list",
      variant: "one partner just staffed, Add a member open",
      data: partnerListView(ctx, [northwind], {
        canManage: true,
        single: true,
        notice: t.t("partner.add.open"),
        add: { partner: "northwind traders", person: "@Gus" },
      }),
      verbs: ["partner.add", "partner.form"],
      shows: [
        t.t("partner.show.title", { ref: "P-1002", name: "Northwind Traders" }),
        t.t("partner.add.open"),
        "@Gus",
      ],
    },
  ];
}

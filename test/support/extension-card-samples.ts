import { defaultCycle } from "../../src/domain/cycles/cycle.js";
import { newOpportunity } from "../../src/domain/opportunities/opportunity.js";
import type { Account, Contact } from "../../src/domain/parties/party.js";
import { compactView } from "../../src/features/extension/extension.views.js";
import { leadFormView, leadPrefill, noteFormView } from "../../src/features/extension/message-form.views.js";
import type { ViewContext } from "../../src/kit/rendering/view-context.js";
import type { CardSample } from "./cycle-card-samples.js";
import { ann, fullLead, minimalLead, tenantId } from "./lead-card-samples.js";

/**
 * Samples of the message extension's compact record card (cards/record-compact.json, Adaptive Cards 1.3 so
 * that it may also answer a pasted link) for test/cards.test.ts: each kind of record, the longest texts the
 * domain allows and the fewest facts. Fixed data only.
 */

const at = "2026-11-23T09:30:00.000Z";
const cycle = defaultCycle();
const opportunity = newOpportunity(
  {
    title: "Nordic rollout of the warehouse system for every site in Denmark, Norway and Sweden",
    party: { kind: "account", ref: "A-1001", name: "Contoso Danmark A/S" },
    currency: "DKK",
    estimatedValue: 1_250_000,
  },
  "O-1042",
  cycle,
  { tenantId, userId: ann.id, name: ann.name, role: "rep" },
  new Date(at),
);
const account: Account = {
  ref: "A-1001",
  tenantId,
  name: "Contoso Danmark A/S",
  domain: "contoso.dk",
  isCustomer: true,
  createdBy: ann,
  createdAt: at,
};
const contact: Contact = {
  ref: "C-1001",
  tenantId,
  kind: "person",
  firstName: "Maja",
  lastName: "Sørensen",
  email: "maja@contoso.dk",
  isCustomer: false,
  createdBy: ann,
  createdAt: at,
};
const message = {
  text: "Nordic rollout for all our warehouses\nPlease call me on +45 33 12 34 56 or mail maja@contoso.dk.\nMaja",
  from: { name: "Maja Sørensen" },
  createdAt: at,
  link: "https://teams.microsoft.com/l/message/19:abc@thread.v2/1700000000000",
};
const link = (ref: string) => `https://pipeline.contoso.com/r/${ref}`;

export function extensionCardSamples(ctx: ViewContext): CardSample[] {
  const sample = (variant: string, view: ReturnType<typeof compactView>): CardSample => ({
    card: "record-compact",
    variant,
    data: view.card,
    verbs: [],
    shows: [view.card.title, view.card.openLabel],
  });
  return [
    sample("lead", compactView(ctx, { kind: "lead", record: fullLead }, link(fullLead.ref))),
    sample(
      "lead, fewest facts",
      compactView(ctx, { kind: "lead", record: minimalLead }, link(minimalLead.ref)),
    ),
    sample(
      "opportunity",
      compactView(ctx, { kind: "opportunity", record: opportunity }, link("O-1042"), [cycle]),
    ),
    sample("account", compactView(ctx, { kind: "account", record: account }, link("A-1001"))),
    sample("contact", compactView(ctx, { kind: "contact", record: contact }, link("C-1001"))),
    {
      card: "record-lead-form",
      variant: "prefilled from a message",
      data: leadFormView(ctx, leadPrefill(message)),
      verbs: [],
      shows: ["Nordic rollout", "maja@contoso.dk", "Contoso"],
    },
    {
      card: "record-lead-form",
      variant: "every problem next to its field",
      data: leadFormView(ctx, { topic: "", email: "maja@", phone: "call me" }, [
        { field: "topic", problem: "required" },
        { field: "last", problem: "required" },
        { field: "email", problem: "email" },
        { field: "phone", problem: "phone" },
        { field: "note", problem: "too_long", params: { max: 2000 } },
      ]),
      verbs: [],
      shows: [ctx.t.t("ext.lead.errors")],
    },
    {
      card: "record-note-form",
      variant: "recent records to choose from",
      data: noteFormView(ctx, { note: message.text }, [
        { title: "L-1001 · Website redesign", value: "L-1001" },
        { title: "O-1042 · Nordic rollout", value: "O-1042" },
      ]),
      verbs: [],
      shows: ["O-1042 · Nordic rollout"],
    },
    {
      card: "record-note-form",
      variant: "no recent records, a record refused",
      data: noteFormView(ctx, { record: "O-9", note: "x" }, [], [{ field: "record", problem: "required" }]),
      verbs: [],
      shows: [ctx.t.t("ext.note.none"), ctx.t.t("ext.note.pick")],
    },
  ];
}

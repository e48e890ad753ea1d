import { contactName } from "../../domain/parties/party.js";
import type { Party } from "../../domain/parties/party.service.js";
import type { MessageKey } from "../../i18n/index.js";
import { formatDateTime, type ViewContext } from "../../kit/rendering/view-context.js";

/** An account or a contact, with the button to mark it (not) a customer. */
export function partyView(ctx: ViewContext, party: Party, notice: string, canMark: boolean) {
  const { t } = ctx;
  const facts: { title: string; value: string }[] = [];
  const add = (key: MessageKey, value: string | undefined) => {
    if (value) facts.push({ title: t.t(key), value });
  };
  let ref: string;
  let title: string;
  let isCustomer: boolean;
  let created: { at: string; by: string };
  if (party.kind === "account") {
    const a = party.account;
    ({ ref, isCustomer } = a);
    title = a.name;
    add("lead.field.domain", a.domain);
    add("lead.field.industry", a.industry);
    created = { at: a.createdAt, by: a.createdBy.name };
  } else {
    const c = party.contact;
    ({ ref, isCustomer } = c);
    title = contactName(c);
    add("lead.field.company", c.kind === "person" ? c.companyName : undefined);
    add("lead.field.title", c.jobTitle);
    add("lead.field.email", c.email);
    add("lead.field.phone", c.businessPhone);
    add("lead.field.mobile", c.mobilePhone);
    add("lead.field.account", c.accountRef);
    created = { at: c.createdAt, by: c.createdBy.name };
  }
  add("lead.field.created", `${formatDateTime(created.at, ctx)} · ${created.by}`);
  const kind =
    party.kind === "account" ? "party.kind.account" : (`party.kind.${party.contact.kind}` as const);
  return {
    notice,
    ref,
    title,
    kindText: t.t(kind),
    customerText: t.t(isCustomer ? "party.customer" : "party.not_customer"),
    customerColor: isCustomer ? "Good" : "Default",
    isCustomer,
    canMark,
    facts,
    labels: { markCustomer: t.t("party.mark_customer"), unmarkCustomer: t.t("party.unmark_customer") },
  };
}

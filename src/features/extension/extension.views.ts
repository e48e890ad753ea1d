import type { SalesCycle } from "../../domain/cycles/cycle.js";
import { contactName } from "../../domain/parties/party.js";
import type { FoundRecord } from "../../domain/search/record-search.port.js";
import { numberFormat } from "../../kit/rendering/format.js";
import type { ViewContext } from "../../kit/rendering/view-context.js";

/** One record as a compact card (cards/record-compact.json, Adaptive Cards 1.3) and its search preview. */
export interface CompactView {
  readonly card: {
    readonly ref: string;
    readonly kindText: string;
    readonly title: string;
    readonly facts: readonly { readonly title: string; readonly value: string }[];
    readonly openLabel: string;
    readonly link: string;
  };
  readonly preview: { readonly title: string; readonly subtitle: string; readonly text: string };
}

export function compactView(
  ctx: ViewContext,
  found: FoundRecord,
  link: string,
  cycles: readonly SalesCycle[] = [],
): CompactView {
  const { t } = ctx;
  const facts: { title: string; value: string }[] = [];
  const add = (key: Parameters<typeof t.t>[0], value: string | undefined) => {
    if (value) facts.push({ title: t.t(key), value });
  };
  let title: string;
  let state = "";
  if (found.kind === "lead") {
    const lead = found.record;
    title = lead.topic;
    state = t.t(`lead.status.${lead.status}`);
    add("ext.card.status", state);
    add(
      "ext.card.company",
      [[lead.firstName, lead.lastName].filter(Boolean).join(" "), lead.company].filter(Boolean).join(", "),
    );
    add("ext.card.owner", lead.owner.name);
  } else if (found.kind === "opportunity") {
    const o = found.record;
    title = o.title;
    const cycle = cycles.find((c) => c.code === o.cycleCode);
    state =
      o.status === "open"
        ? (cycle?.stages.find((s) => s.id === o.stageId)?.name ?? t.t("opp.stage.none"))
        : t.t(`opp.stage.${o.status}`);
    add("ext.card.stage", state);
    add("ext.card.value", money(ctx, o.estimatedValue, o.currency));
    add("ext.card.company", o.party.name);
    add("ext.card.owner", o.owner.name);
  } else if (found.kind === "account") {
    const a = found.record;
    title = a.name;
    state = a.domain ?? "";
    add("ext.card.company", a.domain);
    add("ext.card.customer", t.t(a.isCustomer ? "ext.card.yes" : "ext.card.no"));
  } else {
    const c = found.record;
    title = contactName(c) || c.ref;
    state = c.email ?? "";
    add("ext.card.company", c.companyName);
    add("ext.card.email", c.email);
    add("ext.card.customer", t.t(c.isCustomer ? "ext.card.yes" : "ext.card.no"));
  }
  const ref = found.record.ref;
  const kindText = t.t(`ext.kind.${found.kind}`);
  return {
    card: { ref, kindText, title, facts, openLabel: t.t("ext.card.open"), link },
    preview: {
      title: `${ref} · ${title}`,
      subtitle: [kindText, state].filter(Boolean).join(" · "),
      text: facts
        .filter((f) => f.value !== state)
        .map((f) => f.value)
        .join(" · "),
    },
  };
}

function money(ctx: ViewContext, amount: number, currency: string): string {
  try {
    return numberFormat(ctx.locale ?? "en-GB", { style: "currency", currency }).format(amount);
  } catch {
    // An odd stored currency code or client locale must not break the card.
    return `${amount} ${currency}`;
  }
}

import * as z from "zod";
import type { SettingCommand } from "./commands.js";
import { missing, parsed, usage, staff } from "../../kit/parsing/text-command.js";
import { listEntries, listNames, settingEdits, type ListName } from "../../domain/setup/tenant-setup.js";
import { digestLimits } from "../../domain/digest/digest.js";
import { isStaff } from "../../domain/shared/actor.js";
import { failureText } from "../../kit/replies/failure-text.js";
import type { Feature, FeatureContext, Handlers, View } from "../../kit/feature.js";

const listChoices = listNames.join(", ");
const asList = (word: string | undefined): ListName | undefined =>
  listNames.find((l) => l === word?.toLowerCase());

const handlers: Handlers<SettingCommand> = {
  "list.show": async (command, ctx) => {
    const { actor, services, view } = ctx;
    const { t } = view;
    if (!isStaff(actor)) return { message: t.t("reply.forbidden", { action: "list show" }) };
    const setup = await services.setup.load(actor.tenantId);
    const lists = command.list ? [command.list] : listNames;
    const lines = lists.map(
      (list) => `${t.t(`list.name.${list}`)}: ${listEntries(setup, list).join(", ") || "—"}`,
    );
    const settings = command.list
      ? []
      : [
          t.t("setting.show.qualify", {
            value: t.t(setup.qualifyCreatesAll ? "setting.qualify.all" : "setting.qualify.choose"),
          }),
          t.t("setting.show.currency", { value: setup.defaultCurrency }),
          t.t("setting.show.timezone", { value: setup.timeZone ?? "UTC" }),
          t.t("setting.show.stale", { value: setup.staleDays ?? digestLimits.staleDays.default }),
        ];
    return { message: [...lines, ...settings].join("\n") };
  },
  "list.edit": async (command, ctx) => {
    const { actor, services, view } = ctx;
    const { t } = view;
    const { list, change, value } = command;
    const result = await services.setup.edit(actor, (setup) =>
      change === "add"
        ? settingEdits.addToList(setup, actor, list, value)
        : settingEdits.removeFromList(setup, actor, list, value),
    );
    return answer(ctx, result, () =>
      t.t(change === "add" ? "list.added" : "list.removed", {
        value: value.trim(),
        list: t.t(`list.name.${list}`),
      }),
    );
  },
  "setting.qualify": async (command, ctx) => {
    const { actor, services, view } = ctx;
    const { t } = view;
    const result = await services.setup.edit(actor, (s) =>
      settingEdits.setQualifyCreatesAll(s, actor, command.createsAll),
    );
    return answer(ctx, result, () =>
      t.t(command.createsAll ? "setting.qualify.set_all" : "setting.qualify.set_choose"),
    );
  },
  "setting.currency": async (command, ctx) => {
    const { actor, services, view } = ctx;
    const { t } = view;
    const result = await services.setup.edit(actor, (s) =>
      settingEdits.setDefaultCurrency(s, actor, command.currency),
    );
    return answer(ctx, result, (setup) => t.t("setting.currency.set", { value: setup.defaultCurrency }));
  },
  "setting.timezone": async (command, ctx) => {
    const { actor, services, view } = ctx;
    const result = await services.setup.edit(actor, (s) => settingEdits.setTimeZone(s, actor, command.zone));
    return answer(ctx, result, (setup) =>
      view.t.t("setting.timezone.set", { value: setup.timeZone ?? "UTC" }),
    );
  },
  "setting.stale": async (command, ctx) => {
    const { actor, services, view } = ctx;
    const result = await services.setup.edit(actor, (s) => settingEdits.setStaleDays(s, actor, command.days));
    return answer(ctx, result, () => view.t.t("setting.stale.set", { value: command.days }));
  },
};

/** Pick lists (opportunity types, sources, payment terms) and tenant settings; admins change them. */
export const settingsFeature: Feature<SettingCommand> = {
  textCommands: [
    {
      name: "list show",
      usage: "list show [types|sources|terms]",
      roles: staff,
      parse(args) {
        const [word, ...rest] = args;
        if (rest.length > 0)
          return usage("list show", { code: "reply.extra_argument", params: { token: rest.join(" ") } });
        if (word === undefined) return parsed({ kind: "list.show" });
        const list = asList(word);
        return list
          ? parsed({ kind: "list.show", list })
          : usage("list show", { code: "reply.bad_choice", params: { value: word, choices: listChoices } });
      },
    },
    ...(["add", "remove"] as const).map((verb) => ({
      name: `list ${verb}` as const,
      usage: `list ${verb} types|sources|terms ‹value›`,
      roles: ["admin"] as const,
      parse(args: readonly string[]) {
        const [word, ...value] = args;
        if (word === undefined || value.length === 0) return missing(`list ${verb}`);
        const list = asList(word);
        if (!list)
          return usage(`list ${verb}`, {
            code: "reply.bad_choice",
            params: { value: word, choices: listChoices },
          });
        return parsed({ kind: "list.edit", list, change: verb, value: value.join(" ") });
      },
    })),
    {
      name: "setting",
      usage:
        "setting qualify all|choose | setting currency ‹ISO code› | setting timezone ‹IANA zone› | setting stale ‹days›",
      roles: ["admin"],
      parse(args) {
        const [name, value, ...rest] = args;
        if (name === undefined || value === undefined) return missing("setting");
        if (rest.length > 0)
          return usage("setting", { code: "reply.extra_argument", params: { token: rest.join(" ") } });
        const setting = name.toLowerCase();
        if (setting === "qualify") {
          const choice = value.toLowerCase();
          if (choice !== "all" && choice !== "choose") {
            return usage("setting", { code: "reply.bad_choice", params: { value, choices: "all, choose" } });
          }
          return parsed({ kind: "setting.qualify", createsAll: choice === "all" });
        }
        if (setting === "currency") return parsed({ kind: "setting.currency", currency: value });
        if (setting === "timezone") return parsed({ kind: "setting.timezone", zone: value });
        if (setting === "stale") {
          const days = /^\d{1,4}$/.test(value) ? Number(value) : NaN;
          // A bad number is answered by the rule itself (with its bounds), so it is passed on as NaN.
          return parsed({ kind: "setting.stale", days });
        }
        return usage("setting", {
          code: "reply.bad_choice",
          params: { value: name, choices: "qualify, currency, timezone, stale" },
        });
      },
    },
  ],

  actions: {
    "list.show": () => z.object({}).transform((): SettingCommand => ({ kind: "list.show" })),
  },

  handlers,
};

function answer<T>(
  ctx: FeatureContext,
  result: { ok: true; value: T } | { ok: false; error: Parameters<typeof failureText>[1] },
  success: (value: T) => string,
): View {
  return { message: result.ok ? success(result.value) : failureText(ctx.view.t, result.error) };
}

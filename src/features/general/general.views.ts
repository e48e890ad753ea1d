import type { Role } from "../../domain/shared/actor.js";
import type { CommandInfo } from "../../kit/parsing/text-command.js";
import type { ViewContext } from "../../kit/rendering/view-context.js";
import type { Translator } from "../../i18n/index.js";
import type { SmallTalk } from "./small-talk.js";

const roleText = (t: Translator, role: Role) => t.t("help.role", { role: t.t(`role.${role}`) });

export function welcomeView(ctx: ViewContext, scope: "personal" | "team", role: Role) {
  const { t } = ctx;
  return {
    title: t.t("welcome.title"),
    text: t.t(scope === "personal" ? "welcome.personal" : "welcome.team"),
    roleText: roleText(t, role),
    labels: { newLead: t.t("welcome.newLead"), help: t.t("welcome.help") },
  };
}

export function helpView(ctx: ViewContext, commands: readonly CommandInfo[], role: Role, inChannel: boolean) {
  const { t } = ctx;
  return {
    title: t.t("help.title"),
    intro: inChannel ? t.t("help.channel", { example: "lead list" }) : t.t("help.personal"),
    roleText: roleText(t, role),
    commands: commands.map((c) => ({ usage: c.usage, description: t.t(`command.${c.name}`) })),
    canCreateLead: commands.some((c) => c.name === "lead new"),
    labels: { newLead: t.t("welcome.newLead") },
  };
}

/** A short answer to a greeting or a thank-you, with the Help button. */
export function smallTalkView(ctx: ViewContext, talk: SmallTalk, name: string) {
  const { t } = ctx;
  // The given name only: "Ann", not "Ann Berg".
  const first = name.trim().split(/\s+/)[0] ?? "";
  return { text: t.t(`talk.${talk}`, { name: first }), labels: { help: t.t("talk.help") } };
}

import { z } from "zod";
import { commandCatalog } from "../catalog.js";
import type { Command } from "../commands.js";
import { noArguments } from "../../kit/parsing/text-command.js";
import { helpView } from "../leads/lead.views.js";
import type { Feature } from "../../kit/feature.js";

/** `help`: the commands this user may use, as a card. */
export const generalFeature: Feature = {
  textCommands: [{ name: "help", parse: noArguments("help", { kind: "help" }) }],
  actions: { help: z.object({}).transform((): Command => ({ kind: "help" })) },
  kinds: ["help"],
  async run(_command, { actor, turn, view }) {
    const commands = commandCatalog.filter((c) => c.roles.includes(actor.role));
    const inChannel = turn.conversation.kind !== "personal";
    return {
      card: {
        name: "help",
        data: helpView(view, commands, actor.role, inChannel),
        summary: view.t.t("help.title"),
      },
    };
  },
};

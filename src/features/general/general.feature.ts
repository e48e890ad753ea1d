import * as z from "zod";
import type { Feature } from "../../kit/feature.js";
import { everyone, noArguments } from "../../kit/parsing/text-command.js";
import type { GeneralCommand } from "./commands.js";
import { helpView, smallTalkView } from "./general.views.js";

/** `help`: the commands this user may use, as a card. Small talk: a short answer with the Help button. */
export const generalFeature: Feature<GeneralCommand> = {
  textCommands: [
    { name: "help", usage: "help", roles: everyone, parse: noArguments("help", { kind: "help" }) },
  ],
  actions: { help: () => z.object({}).transform((): GeneralCommand => ({ kind: "help" })) },
  handlers: {
    help: async (_command, { actor, turn, view, commands }) => {
      const mine = commands.filter((c) => c.roles.includes(actor.role));
      const inChannel = turn.conversation.kind !== "personal";
      return {
        card: {
          name: "help",
          data: helpView(view, mine, actor.role, inChannel),
          summary: view.t.t("help.title"),
        },
      };
    },
    talk: async (command, { turn, view }) => {
      const data = smallTalkView(view, command.talk, turn.user.name);
      return { card: { name: "small-talk", data, summary: data.text } };
    },
  },
};

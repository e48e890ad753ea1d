import { z } from "zod";
import { splitKeyValues } from "../commands/arguments.js";
import type { Command } from "../commands/command.js";
import { leadCommandKeys, parseLeadInput } from "../commands/lead.input.js";
import { oneArgument, parsed, usage, extra } from "../commands/text-command.js";
import { leadFormView, leadListView, leadView, problemText } from "../cards/views.js";
import { leadStatuses } from "../domain/leads/lead.js";
import { failureText } from "../app/failure-text.js";
import type { Feature } from "./feature.js";

const ref = z.string().trim().min(1).max(20);
const listChoices = [...leadStatuses, "all"] as const;

/** Leads: create (inline or form), show, list. */
export const leadsFeature: Feature = {
  textCommands: [
    {
      name: "lead new",
      parse(args) {
        if (args.length === 0) return parsed({ kind: "lead.form" });
        const split = splitKeyValues(args, leadCommandKeys);
        if (!split.ok) return { ok: false, error: split.error };
        return parsed({
          kind: "lead.create",
          input: { ...split.args.values, topic: split.args.words.join(" ") },
        });
      },
    },
    { name: "lead show", parse: oneArgument("lead show", (r) => ({ kind: "lead.show", ref: r })) },
    {
      name: "lead list",
      parse(args) {
        const [word, ...rest] = args;
        if (rest.length > 0) return extra("lead list", rest);
        const status = listChoices.find((c) => c === (word ?? "open").toLowerCase());
        if (!status) {
          return usage("lead list", {
            code: "reply.bad_choice",
            params: { value: word ?? "", choices: listChoices.join(", ") },
          });
        }
        return parsed({ kind: "lead.list", status });
      },
    },
  ],

  actions: {
    "lead.form": z.object({}).transform((): Command => ({ kind: "lead.form" })),
    "lead.create": z
      .record(z.string().max(40), z.unknown())
      .refine((data) => Object.keys(data).length <= 40)
      .transform((input): Command => ({ kind: "lead.create", input })),
    "lead.show": z.object({ ref }).transform(({ ref }): Command => ({ kind: "lead.show", ref })),
    "lead.list": z
      .object({ status: z.enum(listChoices).default("open"), cursor: z.string().max(2000).optional() })
      .transform(({ status, cursor }): Command => ({
        kind: "lead.list",
        status,
        ...(cursor ? { cursor } : {}),
      })),
  },

  kinds: ["lead.form", "lead.create", "lead.show", "lead.list"],

  async run(command, { actor, view, services }) {
    const { t } = view;
    switch (command.kind) {
      case "lead.form":
        return { card: { name: "lead-form", data: leadFormView(view), summary: t.t("lead.form.title") } };
      case "lead.create": {
        const input = parseLeadInput(command.input);
        const result = input.ok ? await services.leads.create(actor, input.draft) : undefined;
        if (result?.ok) {
          const notice = t.t("lead.created", { ref: result.value.value.ref });
          return {
            message: notice,
            messageInCard: true,
            card: { name: "lead", data: leadView(view, result.value.value, notice), summary: notice },
          };
        }
        if (result && result.error.code !== "invalid") return { message: failureText(t, result.error) };
        const problems = !input.ok ? input.problems : (result?.error.fields ?? []);
        return {
          message: t.t("reply.invalid", { problems: problems.map((p) => problemText(t, p)).join(" ") }),
          card: {
            name: "lead-form",
            data: leadFormView(view, command.input, problems),
            summary: t.t("lead.form.title"),
          },
        };
      }
      case "lead.show": {
        const result = await services.leads.show(actor, command.ref);
        if (!result.ok) return { message: failureText(t, result.error) };
        const lead = result.value.value;
        return { card: { name: "lead", data: leadView(view, lead), summary: `${lead.ref} ${lead.topic}` } };
      }
      case "lead.list": {
        const result = await services.leads.list(actor, command.status, command.cursor);
        if (!result.ok) return { message: failureText(t, result.error) };
        return {
          card: {
            name: "lead-list",
            data: leadListView(
              view,
              command.status,
              result.value.items.map((i) => i.value),
              result.value.cursor,
            ),
            summary: t.t(`lead.list.title.${command.status}`),
          },
        };
      }
      default:
        throw new Error(`leads feature cannot run ${command.kind}`);
    }
  },
};

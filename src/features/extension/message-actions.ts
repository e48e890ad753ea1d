import type { ExtensionAnswer, SourceMessage } from "../../kit/extension.js";
import type { ExtensionContext } from "./extension.feature.js";

/** The message actions (none declared yet): every command is unknown. */
export async function messageActionForm(
  ctx: ExtensionContext,
  commandId: string,
  _message: SourceMessage | undefined,
): Promise<ExtensionAnswer> {
  return { kind: "taskMessage", text: ctx.view.t.t("ext.unknown_command", { command: commandId }) };
}

export async function messageActionSubmit(
  ctx: ExtensionContext,
  commandId: string,
  _data: unknown,
  _message: SourceMessage | undefined,
): Promise<ExtensionAnswer> {
  return { kind: "taskMessage", text: ctx.view.t.t("ext.unknown_command", { command: commandId }) };
}

export async function messageActionChoices(
  _ctx: ExtensionContext,
  _dataset: string,
  _text: string,
  _skip: number,
  _count: number,
): Promise<ExtensionAnswer> {
  return { kind: "choices", choices: [] };
}

/** The manifest's message actions (composeExtensions[0].commands of type action, context message). */
export const messageActionIds = ["createLead", "addToRecord"] as const;

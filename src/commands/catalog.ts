/**
 * The commands the bot understands, in the order `help` shows them. The help card, the manifest's
 * `commandLists` (checked by a test) and the README's command reference all follow this list.
 */
export type Role = "admin" | "manager" | "rep" | "partner";

export interface CommandInfo {
  /** The words that select the command, lower case, e.g. "lead new". */
  readonly name: string;
  /** What to type, as shown in help and in replies to bad input. */
  readonly usage: string;
  /** One line for the help card and the Teams command menu (at most 128 characters). */
  readonly description: string;
  /** Roles that may use it; `help` shows a user only these. */
  readonly roles: readonly Role[];
}

const everyone: readonly Role[] = ["admin", "manager", "rep", "partner"];
const staff: readonly Role[] = ["admin", "manager", "rep"];

export const commandCatalog: readonly CommandInfo[] = [
  { name: "help", usage: "help", description: "Show the commands you can use", roles: everyone },
  {
    name: "lead new",
    usage: "lead new [<topic>] [key=value ...]",
    description: "Create a lead; without arguments it opens the lead form",
    roles: staff,
  },
  {
    name: "lead list",
    usage: "lead list [open|qualified|disqualified|all]",
    description: "List leads (open by default)",
    roles: staff,
  },
  { name: "lead show", usage: "lead show <L-ref>", description: "Show one lead", roles: staff },
];
